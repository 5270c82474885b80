"""Reading files ahead of the database, and committing imported files in short batches.

Reading is pure (a path in, an item out), so a big batch hands it to worker processes and the database work
overlaps it on the other core. A worker that crashes on a hostile file takes only that file down: it is
retried once in a fresh worker, then reported. Commits group files that are already stored and read, each
in its own savepoint, so a failing file never takes its neighbours with it; the transaction is closed before
anything slow (hashing, copying, reading) happens, so another writer never waits more than ~0.1 s.

Pass 1 reads only what storing needs (the header's title, byline and date, posts quoted in the text); the
events and parties are suggested afterwards by `suggestion_service` (pass 2).
"""

from __future__ import annotations

import mimetypes
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from casefile.domain.dates import CaseDate
from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.extract.types import Extraction
from casefile.importers.base import ImportedItem, Limits
from casefile.importers.registry import ImporterRegistry, default_registry

Extractor = Callable[..., Extraction]
NO_SUGGESTIONS = (EvidenceKind.OTHER, EvidenceKind.SPREADSHEET, EvidenceKind.LINK)
PARALLEL_MIN_FILES = 24  # below this, starting worker processes costs more than it saves
COMMIT_WINDOW_S = 0.1  # short enough that an edit made in the app meanwhile never waits long


@dataclass
class Prepared:
    """What reading one stored original gave: the item, its suggestions, or why it could not be read."""

    item: ImportedItem
    extraction: Extraction
    failure: str = ""


def guess_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _is_media_name(name: str) -> bool:
    return guess_type(name).startswith(("audio/", "video/"))


def read_extract(text: str, *, published: CaseDate | None = None, author: str = "",
                 kind: EvidenceKind = EvidenceKind.ARTICLE) -> Extraction:
    """Pass 1's reading: title, byline, date and quoted posts, without the (slow) events and parties."""
    from casefile.extract.header import read_header
    from casefile.extract.pipeline import _NO_HEADLINE
    from casefile.extract.posts import find_posts
    from casefile.extract.sentences import split_paragraphs

    posts = [] if kind is EvidenceKind.SOCIAL_POST else [m.post for m in find_posts(text)]
    if kind is EvidenceKind.IMAGE:  # text read off a picture has no byline: a date in it is not the picture's
        return Extraction(posts=posts)
    header = read_header(text, split_paragraphs(text), want_title=kind not in _NO_HEADLINE)
    return Extraction(posts=posts, published=header.published, title=header.title, author=header.author)


def run_extractor(extractor: Extractor | None, item: ImportedItem) -> Extraction:
    if extractor is None or not item.text.strip() or item.kind in NO_SUGGESTIONS:
        return Extraction()
    try:
        return extractor(item.text, published=item.published, author=item.author, kind=item.kind)
    except Exception as exc:  # extraction is a suggestion; a bug there must not lose the import
        item.warnings.append(f"no suggestions: extraction failed ({type(exc).__name__})")
        return Extraction()


def prepare(registry: ImporterRegistry, extractor: Extractor | None, limits: Limits, path: Path, name: str,
            size: int) -> Prepared:
    """Read and extract one stored original; a file that cannot be read is kept as `other` with the reason."""
    try:
        if size > limits.max_parse_bytes and not _is_media_name(name):
            raise ImportFailedError(f"larger than {limits.max_parse_bytes // (1024 * 1024)} MB; kept but not read")
        _importer, item = registry.read(path, name, limits)
    except ImportFailedError as exc:
        item = ImportedItem(kind=EvidenceKind.OTHER, media_type=guess_type(name), title=name)
        return Prepared(item, Extraction(), str(exc))
    return Prepared(item, run_extractor(extractor, item))


def watch_parent(parent_pid: int) -> None:
    """Worker start-up: exit as soon as the importing process is gone (killed), never linger as an orphan."""
    import threading

    def watch() -> None:
        while True:
            if os.getppid() != parent_pid:
                os._exit(0)
            time.sleep(0.5)

    threading.Thread(target=watch, name="casefile-parent-watch", daemon=True).start()


def _prepare_in_worker(path: str, name: str, limits: Limits, size: int) -> Prepared:
    return prepare(default_registry(), read_extract, limits, Path(path), name, size)


class Pending:
    """A file being read: `done()` says whether `result()` would return at once (so no wait is needed)."""

    def __init__(self, result: Callable[[], Prepared], done: Callable[[], bool]) -> None:
        self._result, self._done = result, done
        self._value: Prepared | None = None

    def done(self) -> bool:
        return self._value is not None or self._done()

    def result(self) -> Prepared:
        if self._value is None:
            self._value = self._result()
        return self._value

    __call__ = result  # a Pending is also the zero-argument callable older callers expect


class Reader:
    """Prepares files ahead of their turn: in worker processes for big batches, else lazily in-process."""

    def __init__(self, registry: ImporterRegistry, extractor: Extractor | None, limits: Limits, *,
                 parallel: bool, worker: Callable[[str, str, Limits, int], Prepared] | None = None) -> None:
        self.registry, self.extractor, self.limits = registry, extractor, limits
        self.worker = worker or _prepare_in_worker  # a module-level function (it is pickled by name)
        self.workers = max(1, min(2, os.cpu_count() or 1))
        self.parallel = parallel
        self._pool: ProcessPoolExecutor | None = None
        # how many files may be read ahead of the one being written
        self.depth = 2 * self.workers if parallel else 0

    def _get_pool(self) -> ProcessPoolExecutor | None:
        """The worker pool, started and checked on first use; None (read in-process) if workers cannot run."""
        if self._pool is None and self.parallel:
            # spawn: workers never inherit the app's threads, locks or open database
            pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=watch_parent, initargs=(os.getpid(),))
            try:
                pool.submit(os.getpid).result(timeout=60)
            except Exception:  # e.g. a host program whose main module cannot be re-imported by a worker
                pool.shutdown(wait=False, cancel_futures=True)
                self.parallel = False
                return None
            self._pool = pool
        return self._pool

    def _in_process(self, path: Path, name: str, size: int) -> Prepared:
        return prepare(self.registry, self.extractor, self.limits, path, name, size)

    def submit(self, path: Path, name: str, size: int) -> Pending:
        for _attempt in range(2):
            pool = self._get_pool()
            if pool is None:
                break
            try:
                future = pool.submit(self.worker, str(path), name, self.limits, size)
            except BrokenProcessPool:  # a worker died since the last file: start afresh
                self._restart()
                continue
            return Pending(partial(self._result, future, path, name, size), future.done)
        return Pending(lambda: self._in_process(path, name, size), lambda: False)

    def _result(self, future: Future[Prepared], path: Path, name: str, size: int) -> Prepared:
        try:
            return future.result()
        except BrokenProcessPool:
            pass
        # the pool died (maybe on another file): this file gets one more try, alone, in a fresh worker
        self._restart()
        pool = self._get_pool()
        if pool is None:
            return self._in_process(path, name, size)
        try:
            return pool.submit(self.worker, str(path), name, self.limits, size).result()
        except BrokenProcessPool:
            self._restart()
            item = ImportedItem(kind=EvidenceKind.OTHER, media_type=guess_type(name), title=name)
            return Prepared(item, Extraction(), "reading this file crashed the reader; kept but not read")

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class CommitBatch:
    """One write transaction shared by the files of a short window, each file in its own savepoint.

    The caller commits (closes) it before any slow step; `on_commit` hears which files' rows are now durable.
    """

    def __init__(self, writes: sessionmaker[Session], window_s: float = COMMIT_WINDOW_S) -> None:
        self.writes, self.window_s = writes, window_s
        self._session: Session | None = None
        self._tx: SessionTransaction | None = None
        self._opened = 0.0
        # what the caller wrote in the open transaction (outcome, originals it stored): durable after commit
        self.members: list[tuple[Any, list[Any]]] = []

    @contextmanager
    def file(self) -> Iterator[Session]:
        """A savepoint for one file: its rows are kept, or rolled back alone if it raises."""
        if self._session is None:
            self._session = self.writes()
            self._tx = self._session.begin()
            self._opened = time.monotonic()
        with self._session.begin_nested():
            yield self._session
        if time.monotonic() - self._opened >= self.window_s:
            self.commit()

    @property
    def is_open(self) -> bool:
        return self._session is not None

    def commit(self) -> None:
        if self._session is not None and self._tx is not None:
            try:
                if self._tx.is_active:
                    self._tx.commit()
                self.members.clear()
            finally:
                self._session.close()
                self._session, self._tx = None, None

    def close(self) -> None:
        """Roll back whatever was not committed (after a failure) and release the connection."""
        if self._session is not None:
            self._session.close()
            self._session, self._tx = None, None
