"""Pass 2 of an import: suggest events and parties for every exhibit the suggestion pass has not read yet.

Extraction (the rules, and the NER model when it is installed) is ~10x slower than storing and reading, so the
import stores and reads first and the exhibits appear at once; this pass follows with its own progress. Each
exhibit's suggestions and its `suggestion_run` row are written in one short transaction after the text was
read outside it, so an edit made meanwhile never waits long, and a killed pass continues where it stopped.
This is the one place that turns an `Extraction` into suggested events and parties.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from casefile.db.engine import CaseStorageError
from casefile.db.models import Evidence, SuggestionRun
from casefile.domain.dates import CaseDate
from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError, ReadOnlyCaseError
from casefile.domain.progress import Progress, ProgressFn, Stage
from casefile.extract.ner import INSTALL_HINT
from casefile.extract.types import EventSuggestion, Extraction
from casefile.languages import detect, languages_line
from casefile.services.base import CaseContext, Service, lock_suggestion_writes, note_change
from casefile.services.conflict_service import ConflictService
from casefile.services.import_pipeline import NO_SUGGESTIONS, PARALLEL_MIN_FILES, Extractor, watch_parent
from casefile.services.suggestion_writes import Doc, add_events, merge_parties, parties_of_children, plan_events

RULES = "rules"
MODEL_HINT = f"install spaCy's English model ({INSTALL_HINT}) for better names"


@dataclass(frozen=True)
class ModelState:
    """Whether the NER model is there; when not, `message` says how to add it."""

    available: bool
    message: str
    engine: str  # recorded in suggestion_run: "rules" or "rules+<model>"


@dataclass(frozen=True)
class SuggestReport:
    """What the pass did: suggestions per top-level exhibit id (events plus parties it named)."""

    counts: dict[int, int] = field(default_factory=dict)
    done: int = 0
    total: int = 0
    cancelled: bool = False
    model: ModelState = ModelState(False, "", RULES)
    languages: dict[str, bool] = field(default_factory=dict)  # code read -> whether a model read its names

    @property
    def suggestions(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        if not self.total:
            return "no exhibits were waiting for suggestions"
        head = f"{self.suggestions} suggestions from {self.done} of {self.total} exhibits"
        if self.cancelled:
            head += f"; cancelled, {self.total - self.done} still waiting (run it again to continue)"
        if not self.model.available and self.model.message:
            head += f"; suggestions are limited: {self.model.message}"
        line = languages_line(self.languages)
        return f"{head}. {line}" if line else head


def _read_with_model(code: str, state: ModelState) -> bool:
    """Whether names in `code` were read by a model in this pass (English: the pass's own model)."""
    if code in ("", "en"):
        return state.available
    if not state.available:
        return False  # rules only (no model asked for): no language had one
    from casefile.extract import ner

    return ner.model_for(code)[0] is not None


def model_state() -> ModelState:
    """The NER model's state (asking loads it once per process: only a real load proves the files usable)."""
    from casefile.extract import ner

    info = ner.model_info()
    if not info.available:
        return ModelState(False, info.message or f"no name-recognition model; {MODEL_HINT}", RULES)
    return ModelState(True, "", f"{RULES}+{info.name}-{info.version}")


def load_model() -> Any:
    """The NER model, or None (rules only)."""
    from casefile.extract import ner

    return ner.load_ner()


def default_extract(text: str, *, model: Any = None, **kwargs: Any) -> Extraction:
    """The real extraction, with the model when there is one."""
    from casefile.extract.pipeline import extract

    return extract(text, **kwargs, ner=model)


# what one exhibit needs for extraction, as plain values (it crosses to worker processes) -------------------
@dataclass(frozen=True)
class _Unit:
    """An exhibit and the posts embedded in it: read and written together, as the import used to."""

    top: Doc
    children: tuple[Doc, ...]


def _extract_doc(extractor: Extractor, doc: Doc, model: Any) -> Extraction:
    kind = EvidenceKind(doc.kind)
    if not doc.text.strip() or kind in NO_SUGGESTIONS:
        return Extraction()
    published = CaseDate.parse(doc.published) if doc.published else None
    kwargs: dict[str, Any] = {"published": published, "author": doc.author, "kind": kind}
    if doc.language is not None:
        kwargs["language"] = doc.language
    if model is not None:
        kwargs["model"] = model
    try:
        return extractor(doc.text, **kwargs)
    except Exception:  # a suggestion is optional; a bug in extraction must not stop the pass
        return Extraction()


def _extract_unit(extractor: Extractor, unit: _Unit, model: Any) -> list[Extraction]:
    """The top exhibit's extraction, then each embedded post's own (empty for posts found in the text).

    A screenshot of a post says what its post says: the picture's OCR text adds only the app's chrome (names,
    counts, stamps) read as prose, and would cite a wrapped line in place of the post's own sentence."""
    screenshot = any(c.meta.get("from_screenshot") and c.reads_own() for c in unit.children)
    out = [Extraction() if screenshot else _extract_doc(extractor, unit.top, model)]
    out += [_extract_doc(extractor, c, model) if c.reads_own() else Extraction() for c in unit.children]
    return out


_WORKER_MODEL: Any = None


def _init_worker(parent_pid: int, with_model: bool) -> None:
    """Worker start-up: the model is loaded once per worker, never per exhibit."""
    global _WORKER_MODEL
    watch_parent(parent_pid)
    _WORKER_MODEL = load_model() if with_model else None


def _extract_in_worker(unit: _Unit) -> list[Extraction]:
    return _extract_unit(default_extract, unit, _WORKER_MODEL)


class SuggestionService(Service):
    def __init__(self, ctx: CaseContext, extractor: Extractor | None, *, parallel: bool = False) -> None:
        super().__init__(ctx)
        self.extractor = extractor
        self.use_model = True  # tests and `--rules` runs switch the model off
        self._parallel = parallel
        self._model: Any = None
        self._model_loaded = False

    # public ---------------------------------------------------------------------------------------
    def waiting(self) -> int:
        """How many exhibits the pass has not read yet."""
        with self._read() as s:
            return len(_waiting_ids(s))

    def model(self) -> ModelState:
        if not self.use_model or self.extractor is not default_extract:
            return ModelState(False, "", RULES)
        return model_state()

    def run(self, progress: ProgressFn | None = None,
            cancelled: Callable[[], bool] | None = None) -> SuggestReport:
        """Suggest for every waiting exhibit, one short transaction each; safe to stop and run again."""
        if self.ctx.read_only:
            raise ReadOnlyCaseError("This case is open read-only; no suggestions can be added.")
        with self._read() as s:
            ids = _waiting_ids(s)
            has_text = s.scalar(select(Evidence.id).where(Evidence.id.not_in(select(SuggestionRun.evidence_id)),
                                                          func.length(Evidence.text) > 0).limit(1)) is not None
        # the model costs seconds and ~150 MB to load: only when some waiting exhibit has text to read
        state = self.model() if has_text else ModelState(False, "", RULES)
        total = len(ids)
        counts: dict[int, int] = {}
        seen: set[str] = set()
        done = 0
        was_cancelled = False
        conflicts = ConflictService(self.ctx)
        before = conflicts.last_event_id()  # this pass signs the events after it, never a backlog (issue 22)
        try:
            for unit, extractions in self._extracted(ids, state):
                if cancelled is not None and cancelled():
                    was_cancelled = True
                    break
                if progress:
                    progress(Progress(Stage.SUGGEST, done, total, unit.top.filename))
                counts[unit.top.id] = self._write_unit(unit, extractions, state.engine)
                seen.update(e.language for e in extractions if e.language)
                done += 1
            conflicts.sign_new(before)  # the new events joined to the happenings they tell (issue 22)
        except (IntegrityError, sqlite3.IntegrityError):
            raise
        except (OperationalError, DatabaseError, sqlite3.DatabaseError, CaseStorageError) as exc:  # disk full, ...
            from casefile.services.import_files import db_reason

            raise ImportFailedError(f"The suggestion pass stopped after {done} of {total} exhibits: "
                                    f"{db_reason(exc)}. The rest wait for the next run.") from exc
        if progress:
            progress(Progress(Stage.SUGGEST, done, total))
        languages = {code: _read_with_model(code, state) for code in sorted(seen)}
        return SuggestReport(counts, done, total, was_cancelled, state, languages)

    # reading --------------------------------------------------------------------------------------
    def _load_unit(self, evidence_id: int) -> _Unit | None:
        with self._read() as s:
            top = s.get(Evidence, evidence_id)
            if top is None:
                return None
            kids = s.scalars(select(Evidence).where(Evidence.parent_id == evidence_id,
                                                    Evidence.relation == "embedded").order_by(Evidence.id)).all()
            return _Unit(_doc(top), tuple(_doc(k) for k in kids))

    def _model_here(self, state: ModelState) -> Any:
        if state.available and not self._model_loaded:
            self._model, self._model_loaded = load_model(), True
        return self._model if state.available else None

    def _extracted(self, ids: list[int], state: ModelState) -> Iterator[tuple[_Unit, list[Extraction]]]:
        """Each unit with its extractions: read ahead in worker processes for big batches, else here."""
        extractor = self.extractor
        if extractor is None:  # no extraction at all: exhibits are marked read, with nothing suggested
            for eid in ids:
                unit = self._load_unit(eid)
                if unit is not None:
                    yield unit, [Extraction()] * (1 + len(unit.children))
            return
        pool = self._pool(state) if len(ids) >= PARALLEL_MIN_FILES and extractor is default_extract else None
        if pool is None:
            model = self._model_here(state)
            for eid in ids:
                unit = self._load_unit(eid)
                if unit is not None:
                    yield unit, _extract_unit(extractor, unit, model)
            return
        ahead: list[tuple[_Unit, Future[list[Extraction]]]] = []
        try:
            it = iter(ids)
            while True:
                while len(ahead) < 4:
                    next_id = next(it, None)
                    if next_id is None:
                        break
                    unit = self._load_unit(next_id)
                    if unit is not None:
                        ahead.append((unit, pool.submit(_extract_in_worker, unit)))
                if not ahead:
                    return
                unit, future = ahead.pop(0)
                try:
                    result = future.result()
                except Exception:  # a worker died: this exhibit is read here instead
                    result = _extract_unit(extractor, unit, self._model_here(state))
                yield unit, result
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def _pool(self, state: ModelState) -> ProcessPoolExecutor | None:
        if not self._parallel:
            return None
        workers = max(1, min(2, os.cpu_count() or 1))
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(os.getpid(), state.available))
        try:
            pool.submit(os.getpid).result(timeout=60)
        except Exception:  # workers cannot start here (e.g. a frozen host program): read in-process
            pool.shutdown(wait=False, cancel_futures=True)
            return None
        return pool

    # writing --------------------------------------------------------------------------------------
    def _write_unit(self, unit: _Unit, extractions: list[Extraction], engine: str) -> int:
        """One transaction: the unit's parties and events, and a `suggestion_run` row for each exhibit."""
        top_ext, child_exts = extractions[0], extractions[1:]
        with self._write() as s:
            lock_suggestion_writes(s)
            if s.get(SuggestionRun, unit.top.id) is not None or s.get(Evidence, unit.top.id) is None:
                return 0  # done meanwhile (another window), or deleted: nothing to add
            party_counts: dict[int, int] = {}
            children: list[tuple[Doc, tuple[int, int] | None, list[EventSuggestion]]] = []
            own_parties: dict[str, int] = {}  # a post's author has no mention in its words, but links its events
            for child, own in zip(unit.children, child_exts, strict=True):
                merged = merge_parties(s, child, own.parties)
                party_counts[child.id] = len(merged)
                own_parties.update(merged)
                children.append((child, child.span(), own.events))
            parties = merge_parties(s, unit.top, top_ext.parties)
            party_counts[unit.top.id] = len(set(parties.values()))
            planned = plan_events(unit.top, top_ext.events, children)
            if planned:
                parties.update(parties_of_children(s, [c.id for c in unit.children]))
                parties = {**own_parties, **parties}
            add_events(s, planned, parties, unit.top)
            if planned:
                note_change(s, "event", None)  # inserted in SQL, unseen by the ORM: other windows reload events
            authors = [a for a in getattr(top_ext, "authors", None) or [] if a]
            if not unit.top.author and authors:
                ev = s.get(Evidence, unit.top.id)
                if ev is not None and not ev.author:
                    ev.author = ", ".join(dict.fromkeys(authors))[:500]
            _record_languages(s, unit, extractions)
            event_counts: dict[int, int] = {}
            for _sug, target, _b, _e in planned:
                event_counts[target.id] = event_counts.get(target.id, 0) + 1
            for doc in (unit.top, *unit.children):
                s.add(SuggestionRun(evidence_id=doc.id, engine=engine, event_count=event_counts.get(doc.id, 0),
                                    party_count=party_counts.get(doc.id, 0)))
        return sum(event_counts.values()) + sum(party_counts.values())


def _record_languages(s: Session, unit: _Unit, extractions: list[Extraction]) -> None:
    """Each exhibit read here keeps the language its text was read as, unless the user or an earlier read set it."""
    for doc, ext in zip((unit.top, *unit.children), extractions, strict=True):
        if doc.language is None and doc.text.strip():
            row = s.get(Evidence, doc.id)
            if row is not None and row.language is None:
                row.language = ext.language or detect(doc.text).code


def _doc(ev: Evidence) -> Doc:
    return Doc(ev.id, ev.exhibit, ev.filename, ev.kind, ev.text or "", ev.published, ev.author or "", ev.sha256,
               dict(ev.meta or {}), ev.language)


def _waiting_ids(s: Session) -> list[int]:
    """Exhibits without a run, in exhibit order; embedded posts go with their parent."""
    done = select(SuggestionRun.evidence_id)
    stmt = (select(Evidence.id).where(Evidence.id.not_in(done))
            .where((Evidence.parent_id.is_(None)) | (Evidence.relation != "embedded")).order_by(Evidence.exhibit))
    waiting = list(s.scalars(stmt))
    # an embedded post whose parent was read (e.g. added later) is read on its own
    orphans = select(Evidence.id).where(Evidence.id.not_in(done), Evidence.relation == "embedded",
                                        Evidence.parent_id.in_(done))
    return waiting + list(s.scalars(orphans))


__all__ = ["ModelState", "SuggestReport", "SuggestionService", "default_extract", "model_state"]
