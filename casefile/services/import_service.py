"""Importing files, folders, dropped links and pasted text: store the original, read it (pass 1).

Each file is one savepoint: its exhibit, embedded items and attachments are committed together or not at all,
in short batches whose transaction is closed before anything slow (hash, copy, read) runs. A file that cannot
be read is still kept (kind "other") and reported. Events and parties are suggested afterwards by the
suggestion pass (`suggestion_service`, pass 2); `import_workflow` runs the passes in order.
A database that refuses writes (disk full, read-only, damaged) stops the import: every file's fate is
reported, and originals whose rows did not commit are removed again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

from casefile.db.engine import CaseStorageError
from casefile.db.models import Evidence
from casefile.domain.enums import EvidenceKind, ImportStatus
from casefile.domain.errors import ImportFailedError, ReadOnlyCaseError
from casefile.domain.printable import printable, storable
from casefile.domain.progress import CancelFn, Progress, ProgressFn, Stage
from casefile.domain.records import ImportOutcome, ImportReport
from casefile.importers.base import ImportedItem, Limits
from casefile.importers.registry import ImporterRegistry
from casefile.ocr.pages import reporting_pages
from casefile.services.base import CaseContext, Service, audit, lock_exhibit_numbers
from casefile.services.import_files import ImportStopped, commit_batch, db_errors, os_reason, walk
from casefile.services.import_pipeline import (
    PARALLEL_MIN_FILES,
    CommitBatch,
    Extractor,
    Pending,
    Prepared,
    Reader,
    guess_type,
    prepare,
    read_extract,
    run_extractor,
)
from casefile.services.import_rows import Attached, add_chronology, store_item
from casefile.services.reread import fill_in
from casefile.services.suggestion_service import default_extract
from casefile.storage.store import Cancelled, StoredBlob

if TYPE_CHECKING:
    from casefile.importers.spreadsheet import Table

CLIP_KINDS = (EvidenceKind.AUDIO.value, EvidenceKind.VIDEO.value)
DISK_FULL = "the disk is full"  # the store's reason when a copy ran out of space (ENOSPC)




@dataclass
class _Extras:
    """What a file needs besides its own text, prepared outside the transaction."""

    attached: list[Attached] = field(default_factory=list)
    chronology: Table | None = None  # the spreadsheet's table, when its rows become events

    def created(self) -> list[StoredBlob]:
        out: list[StoredBlob] = []
        todo = list(self.attached)
        while todo:
            a = todo.pop()
            out += [a.blob] if a.blob.created else []
            todo += a.attached
        return out


class ImportService(Service):
    """Pass 1: store each original and read it; the later passes belong to `ImportWorkflow`."""

    def __init__(self, ctx: CaseContext, registry: ImporterRegistry, extractor: Extractor | None,
                 limits: Limits | None = None, *, parallel: bool = False) -> None:
        super().__init__(ctx)
        self.registry = registry
        self.limits = limits or Limits()
        self._extractor: Extractor | None = None
        self.reading: Extractor | None = None
        self.extractor = extractor
        # big batches read in worker processes, which use the default registry and pass 1's reading
        self._parallel_with = (registry, self.reading) if parallel else None

    @property
    def extractor(self) -> Extractor | None:
        """The extraction that suggests events and parties (pass 2); None suggests nothing."""
        return self._extractor

    @extractor.setter
    def extractor(self, value: Extractor | None) -> None:
        # the real extraction reads in two passes; any other (a test's stub) serves both, as one did before
        self._extractor = value
        self.reading = read_extract if value is default_extract else value

    # public ---------------------------------------------------------------------------------------
    def import_paths(self, paths: Iterable[Path | str], progress: ProgressFn | None = None,
                     cancelled: CancelFn | None = None, *, chronology: bool = True) -> ImportReport:
        """Import files and folders; one outcome per file, in order, even when it stops early. Never raises
        for bad input; a database that refuses writes stops the import and the report says why. `chronology`:
        a chronology sheet's rows become events at once (the app maps the columns first instead)."""
        self._check_writable()
        found = walk(Path(p) for p in paths)
        outcomes: list[ImportOutcome] = list(found.skipped)
        total = len(found.files)
        parallel = self._parallel_with == (self.registry, self.reading) and total >= PARALLEL_MIN_FILES
        reader = Reader(self.registry, self.reading, self.limits, parallel=parallel)
        batch = CommitBatch(self.ctx.writes)
        pending: deque[tuple[str, StoredBlob, Path, Pending]] = deque()
        was_cancelled, stopped, reached = False, "", 0

        def ingest_next() -> None:
            shown, blob, src, ready = pending.popleft()
            try:
                outcomes.append(self.ingest(batch, blob, storable(src.name), storable(str(src.resolve())),
                                             shown, ready, chronology))
            except ImportStopped as exc:
                if not any(o.path == shown for o, _ in batch.members):
                    outcomes.append(ImportOutcome(shown, ImportStatus.FAILED, f"not saved ({exc})"))
                raise

        reading: list[tuple[int, str]] = [(0, "")]  # the file whose pages a long scan reports ("page 12 of 300")

        def on_page(page: int, pages: int) -> None:
            if progress and pages > 1:
                index, name = reading[0]
                progress(Progress(Stage.STORE, index, total, f"{name} (page {page} of {pages})"))

        stack = ExitStack()
        stack.enter_context(reporting_pages(on_page))  # files read in this thread report their pages
        try:
            for i, path in enumerate(found.files):
                if cancelled is not None and cancelled():
                    was_cancelled = True
                    break
                commit_batch(batch)  # never hash, copy or read with the write lock held
                reading[0] = (i, printable(path.name))
                if progress:
                    progress(Progress(Stage.STORE, i, total, printable(path.name)))

                def on_bytes(done: int, size: int, _i: int = i, _name: str = printable(path.name)) -> None:
                    if progress and size > 8 * 1024 * 1024:
                        progress(Progress(Stage.STORE, _i, total, _name, 0.0, done, size))

                try:
                    stored = self._store_original(path, on_bytes, cancelled)
                except Cancelled:
                    was_cancelled = True
                    break
                reached = i + 1
                if isinstance(stored, ImportOutcome):
                    outcomes.append(stored)
                    if stored.reason == DISK_FULL:  # no point trying the next files: finish what is stored
                        stopped = DISK_FULL
                        break
                    continue
                pending.append((str(path), stored, path,
                                reader.submit(stored.path, storable(path.name), stored.size)))
                # what is already read is written now, together, in one short transaction
                while pending and (len(pending) > reader.depth or pending[0][3].done()):
                    ingest_next()
            while pending:  # files already stored and read are finished even after a cancel
                ingest_next()
            commit_batch(batch)
        except ImportStopped as exc:
            stopped = str(exc)
            outcomes = self._after_stop(batch, outcomes, pending, stopped)
        except BaseException:  # a bug or an interrupt: keep what was written, drop originals with no row
            try:
                commit_batch(batch)
            except ImportStopped as exc:
                self._after_stop(batch, outcomes, deque(), str(exc))
            while pending:
                self._discard_created(pending.popleft()[1])
            raise
        finally:
            stack.close()
            batch.close()
            reader.close()
        why = f"the import stopped: {stopped}" if stopped else "the import was cancelled"
        outcomes += [ImportOutcome(str(p), ImportStatus.FAILED if stopped else ImportStatus.SKIPPED,
                                   f"not imported ({why})") for p in found.files[reached:]]
        if progress:
            progress(Progress(Stage.STORE, total if not was_cancelled else reached, total))
        return ImportReport(tuple(outcomes), found.hidden, was_cancelled, stopped)

    def import_file(self, path: Path, *, on_bytes: Callable[[int, int], None] | None = None,
                    cancelled: CancelFn | None = None, source: str | None = None, name: str | None = None,
                    chronology: bool = True) -> ImportOutcome:
        """Store and read one file (kept as `name`, its provenance `source`: the file's own path unless given).
        Never raises for bad input: the outcome says what happened."""
        self._check_writable()
        stored = self._store_original(path, on_bytes, cancelled)
        if isinstance(stored, ImportOutcome):
            return stored
        return self._ingest_one(stored, storable(name or path.name),
                                storable(source if source is not None else str(path.resolve())), str(path), chronology)

    def import_bytes(self, data: bytes, name: str, source: str = "", *, chronology: bool = True) -> ImportOutcome:
        """Import content that has no file of its own (a dropped link, pasted text)."""
        self._check_writable()
        name = storable(name)
        if not data:
            return ImportOutcome(name, ImportStatus.FAILED, "nothing to import (empty)")
        try:
            blob = self.ctx.store.put_bytes(data)
        except ImportFailedError as exc:
            return ImportOutcome(name, ImportStatus.FAILED, str(exc))
        return self._ingest_one(blob, name, storable(source), name, chronology)

    # one file -------------------------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.ctx.read_only:
            raise ReadOnlyCaseError("This case is open read-only; nothing can be imported into it.")

    def _store_original(self, path: Path, on_bytes: Callable[[int, int], None] | None,
                        cancelled: CancelFn | None) -> StoredBlob | ImportOutcome:
        shown = str(path)
        try:
            size = path.stat().st_size
        except OSError as exc:
            return ImportOutcome(shown, ImportStatus.FAILED, os_reason(exc))
        if size == 0:
            return ImportOutcome(shown, ImportStatus.FAILED, "the file is empty (0 bytes); nothing to keep")
        try:
            return self.ctx.store.put_file(path, on_bytes, cancelled)
        except ImportFailedError as exc:
            return ImportOutcome(shown, ImportStatus.FAILED, str(exc))

    def _ingest_one(self, blob: StoredBlob, name: str, source_path: str, shown: str,
                    chronology: bool) -> ImportOutcome:
        batch = CommitBatch(self.ctx.writes, window_s=0)
        ready = Pending(lambda: prepare(self.registry, self.reading, self.limits, blob.path, name, blob.size),
                        lambda: False)
        try:
            outcome = self.ingest(batch, blob, name, source_path, shown, ready, chronology)
            commit_batch(batch)
        except ImportStopped as exc:
            self._after_stop(batch, [], deque(), str(exc))
            outcome = ImportOutcome(shown, ImportStatus.FAILED, f"not saved ({exc})")
        finally:
            batch.close()
        return outcome

    def _after_stop(self, batch: CommitBatch, outcomes: list[ImportOutcome],
                    pending: deque[tuple[str, StoredBlob, Path, Pending]], reason: str) -> list[ImportOutcome]:
        """The database refused a write: files of the unsaved batch fail and their new originals go away."""
        unsaved = {id(o): blobs for o, blobs in batch.members}
        fixed = [ImportOutcome(o.path, ImportStatus.FAILED, f"not saved ({reason})") if id(o) in unsaved else o
                 for o in outcomes]
        present = {id(o) for o in outcomes}
        fixed += [ImportOutcome(o.path, ImportStatus.FAILED, f"not saved ({reason})")
                  for o, _ in batch.members if id(o) not in present]
        batch.close()  # the unsaved rows are rolled back before their originals go
        for blobs in unsaved.values():
            for blob in blobs:
                self._discard_created(blob)
        while pending:
            shown, blob, _src, _ready = pending.popleft()
            self._discard_created(blob)
            fixed.append(ImportOutcome(shown, ImportStatus.FAILED, f"not imported (the import stopped: {reason})"))
        batch.members.clear()
        return fixed

    def ingest(self, batch: CommitBatch, blob: StoredBlob, name: str, source_path: str, shown: str,
                ready: Callable[[], Prepared], chronology: bool = True) -> ImportOutcome:
        """Write one stored file, read by `ready`, into the case in its own savepoint of `batch` (a failure rolls
        back this file alone). The step `import_paths` runs per file, for callers that batch files themselves."""
        created = [blob] if blob.created else []
        try:
            if not getattr(ready, "done", lambda: False)():
                commit_batch(batch)  # reading happens outside the transaction
            prepared = ready()
            item = prepared.item
            extras = self._extras(item, blob, name, chronology=chronology)
            created += extras.created()
            if extras.attached or extras.chronology is not None:
                commit_batch(batch)
            try:
                return self._write_item(batch, blob, name, source_path, shown, prepared, extras, created)
            except IntegrityError:
                # someone else's import of the same bytes committed first (the unique sha256 said so): the file
                # is in the case, under their exhibit number
                with db_errors(), batch.file() as s:
                    existing = s.execute(select(Evidence.id, Evidence.exhibit, Evidence.kind).where(
                        Evidence.sha256 == blob.sha256)).first()
                if existing is None:
                    raise
                created.clear()  # the stored original is theirs now too: never discard it
                outcome = ImportOutcome(shown, ImportStatus.DUPLICATE, f"already in the case (Ex. {existing[1]})",
                                        existing[0], existing[1], EvidenceKind(existing[2]))
                batch.members.append((outcome, []))
                return outcome
        except Exception:
            for b in created:
                self._discard_created(b)
            raise

    def _write_item(self, batch: CommitBatch, blob: StoredBlob, name: str, source_path: str, shown: str,
                    prepared: Prepared, extras: _Extras, created: list[StoredBlob]) -> ImportOutcome:
        item, failure = prepared.item, prepared.failure
        with db_errors(), batch.file() as s:
            lock_exhibit_numbers(s)  # another person's import of the same file committed first: seen below
            existing = s.execute(select(Evidence.id, Evidence.exhibit, Evidence.kind).where(
                Evidence.sha256 == blob.sha256)).first()
            if existing is not None:  # a recovered exhibit's original fills in what it lacks, else a duplicate
                outcome = fill_in(s, existing[0], prepared, name, source_path, shown) or ImportOutcome(
                    shown, ImportStatus.DUPLICATE, f"same content as Ex. {existing[1]}", existing[0], existing[1],
                    EvidenceKind(existing[2]))
                batch.members.append((outcome, []))
                return outcome
            ev = store_item(s, self.reading, item, blob, name, source_path, prepared.extraction, extras.attached)
            if failure:
                ev.read_error = failure[:2000]
            if extras.chronology is not None:
                add_chronology(s, ev, extras.chronology, item)
            exhibit, eid, kind = ev.exhibit, ev.id, ev.kind
            audit(s, "import", "evidence", eid, f"Imported '{name}' as Ex. {exhibit}",
                  after={"filename": name, "sha256": blob.sha256, "size": blob.size, "source": source_path,
                         "kind": kind, "failure": failure or None})
            if failure:
                outcome = ImportOutcome(shown, ImportStatus.FAILED,
                                        f"{failure} (original kept as Ex. {exhibit})", eid, exhibit,
                                        EvidenceKind(kind))
            else:
                outcome = ImportOutcome(shown, ImportStatus.IMPORTED, "; ".join(item.warnings), eid, exhibit,
                                        EvidenceKind(kind))
            batch.members.append((outcome, created))
        return outcome

    def _discard_created(self, blob: StoredBlob) -> None:
        """Remove an original this import stored if no committed exhibit refers to it. Never on a server case:
        another person may be importing the same bytes right now (their row not yet committed); an unused
        original there is listed by `verify` rather than risked."""
        if not blob.created or self.ctx.engine.dialect.name == "postgresql":
            return
        try:
            with self._read() as s:
                used = s.scalar(select(Evidence.id).where(Evidence.sha256 == blob.sha256))
        except (OperationalError, DatabaseError, CaseStorageError):
            used = None  # the database is unreadable: it was stored by this import, whose row did not commit
        if used is None:
            self.ctx.store.discard(blob.sha256)

    def _extras(self, item: ImportedItem, blob: StoredBlob, name: str, depth: int = 0, *,
                chronology: bool = False) -> _Extras:
        """Attachments stored and read, a chronology's table read: before the transaction, not inside it."""
        out = _Extras()
        if item.kind is EvidenceKind.SPREADSHEET and item.metadata.get("chronology") and chronology \
                and depth == 0:
            from casefile.importers.spreadsheet import read_table

            try:
                out.chronology = read_table(blob.path, name, self.limits)
            except ImportFailedError as exc:
                item.warnings.append(f"chronology rows not read: {exc}")
        for att in item.attachments[: self.limits.max_attachments] if depth < 3 else []:
            if not att.data:
                continue
            try:
                a_blob = self.ctx.store.put_bytes(att.data)
            except ImportFailedError as exc:
                item.warnings.append(f"attachment '{printable(att.filename)}' not kept: {exc}")
                continue
            safe = _safe_name(storable(att.filename))
            try:
                _imp, a_item = self.registry.read(a_blob.path, safe, self.limits)
            except ImportFailedError as exc:
                a_item = ImportedItem(kind=EvidenceKind.OTHER, media_type=guess_type(safe), title=safe,
                                      warnings=[str(exc)])
            sub = self._extras(a_item, a_blob, safe, depth + 1)
            out.attached.append(Attached(a_blob, safe, a_item, run_extractor(self.reading, a_item), sub.attached))
        return out

def _safe_name(name: str) -> str:
    """A bare file name for a name from inside a file (an attachment): never a path, never `.` or `..`."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "").strip()
    if len(base) > 2 and base[1] == ":":  # "C:evil.dll"
        base = base[2:]
    return base if base.strip(".") else "attachment"


__all__ = ["ImportService", "walk"]
