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
from casefile.db.models import Evidence, Mention, Party, PartyAlias, SuggestionRun
from casefile.db.raw import RawCursor
from casefile.domain.dates import CaseDate
from casefile.domain.enums import DateQualifier, EvidenceKind, Origin, PartyKind, Status
from casefile.domain.errors import ImportFailedError, ReadOnlyCaseError
from casefile.domain.records import page_at
from casefile.extract.language import detect, languages_line
from casefile.extract.ner import INSTALL_HINT
from casefile.extract.types import EventSuggestion, Extraction, PartySuggestion
from casefile.services.base import CaseContext, Service, audit, lock_suggestion_writes, note_change
from casefile.services.import_pipeline import NO_SUGGESTIONS, PARALLEL_MIN_FILES, Extractor, _watch_parent
from casefile.services.names import alias_key, norm_name
from casefile.services.tags import LEGAL_ISSUES

RULES = "rules"
MODEL_HINT = f"install spaCy's English model ({INSTALL_HINT}) for better names"


@dataclass(frozen=True)
class ModelState:
    """Whether the NER model is there; when not, `message` says how to add it."""

    available: bool
    message: str
    engine: str  # recorded in suggestion_run: "rules" or "rules+<model>"


@dataclass(frozen=True)
class SuggestProgress:
    done: int  # exhibits finished
    total: int  # exhibits waiting when the pass started
    current: str  # the exhibit being read


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
class _Doc:
    id: int
    exhibit: int
    filename: str
    kind: str
    text: str
    published: str | None
    author: str
    sha256: str | None
    meta: dict[str, Any]
    language: str | None = None  # set by the user or an earlier read; None: detect from the text

    def reads_own(self) -> bool:
        """An embedded post read on its own (an HTML embed); posts found in the parent's text are not."""
        return bool((self.meta.get("embedded") or {}).get("read_own", False))

    def span(self) -> tuple[int, int] | None:
        span = (self.meta.get("embedded") or {}).get("span")
        return (int(span[0]), int(span[1])) if span else None


@dataclass(frozen=True)
class _Unit:
    """An exhibit and the posts embedded in it: read and written together, as the import used to."""

    top: _Doc
    children: tuple[_Doc, ...]


def _extract_doc(extractor: Extractor, doc: _Doc, model: Any) -> Extraction:
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
    _watch_parent(parent_pid)
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

    def run(self, progress: Callable[[SuggestProgress], None] | None = None,
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
        try:
            for unit, extractions in self._extracted(ids, state):
                if cancelled is not None and cancelled():
                    was_cancelled = True
                    break
                if progress:
                    progress(SuggestProgress(done, total, unit.top.filename))
                counts[unit.top.id] = self._write_unit(unit, extractions, state.engine)
                seen.update(e.language for e in extractions if e.language)
                done += 1
        except (IntegrityError, sqlite3.IntegrityError):
            raise
        except (OperationalError, DatabaseError, sqlite3.DatabaseError, CaseStorageError) as exc:  # disk full, ...
            from casefile.services.import_files import db_reason

            raise ImportFailedError(f"The suggestion pass stopped after {done} of {total} exhibits: "
                                    f"{db_reason(exc)}. The rest wait for the next run.") from exc
        if progress:
            progress(SuggestProgress(done, total, ""))
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
            children: list[tuple[_Doc, tuple[int, int] | None, list[EventSuggestion]]] = []
            own_parties: dict[str, int] = {}  # a post's author has no mention in its words, but links its events
            for child, own in zip(unit.children, child_exts, strict=True):
                merged = _merge_parties(s, child, own.parties)
                party_counts[child.id] = len(merged)
                own_parties.update(merged)
                children.append((child, child.span(), own.events))
            parties = _merge_parties(s, unit.top, top_ext.parties)
            party_counts[unit.top.id] = len(set(parties.values()))
            planned = _plan_events(unit.top, top_ext.events, children)
            if planned:
                parties.update(_parties_of_children(s, [c.id for c in unit.children]))
                parties = {**own_parties, **parties}
            _add_events(s, planned, parties, unit.top)
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


def _doc(ev: Evidence) -> _Doc:
    return _Doc(ev.id, ev.exhibit, ev.filename, ev.kind, ev.text or "", ev.published, ev.author or "", ev.sha256,
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


def _plan_events(top: _Doc, events: list[EventSuggestion],
                 children: list[tuple[_Doc, tuple[int, int] | None, list[EventSuggestion]]]
                 ) -> list[tuple[EventSuggestion, _Doc, int, int]]:
    """Each event with the exhibit it cites: a post's passage cites the post; a post's own events follow."""
    planned: list[tuple[EventSuggestion, _Doc, int, int]] = []
    covered: set[int] = set()
    for sug in events:
        target, begin, end = top, sug.char_start, sug.char_end
        for child, span, _own in children:
            if span and span[0] <= sug.char_start and sug.char_end <= span[1]:
                covered.add(child.id)  # the parent's text already yields this post's event
                rel = (sug.char_start - span[0], sug.char_end - span[0])
                if child.text[rel[0]:rel[1]] == sug.quote:
                    target, begin, end = child, rel[0], rel[1]
                break
        planned.append((sug, target, begin, end))
    for child, _span, own_events in children:
        if child.id not in covered:
            planned += [(sug, child, sug.char_start, sug.char_end) for sug in own_events]
    return planned


def _parties_of_children(s: Session, ids: list[int]) -> dict[str, int]:
    """Names of parties mentioned in embedded posts, so the posts' events link them too."""
    if not ids:
        return {}
    out: dict[str, int] = {}
    stmt = (select(Party.id, Party.name_norm, PartyAlias.norm).join(Mention, Mention.party_id == Party.id)
            .outerjoin(PartyAlias, PartyAlias.party_id == Party.id).where(Mention.evidence_id.in_(ids)))
    for pid, name_norm, alias_norm in s.execute(stmt):
        out.setdefault(name_norm, pid)
        if alias_norm:
            out.setdefault(alias_norm, pid)
    return out


def _merge_parties(s: Session, ev: _Doc, suggestions: list[PartySuggestion]) -> dict[str, int]:
    """Match suggestions to existing parties by name or alias, create the rest as suggested.

    This runs for every exhibit, so it speaks SQL to the session's own connection (same transaction) instead
    of building ORM objects. Returns party ids by normalised name and alias, for linking the events.
    """
    if not suggestions:
        return {}
    cur = RawCursor(s)
    wanted = sorted({norm_name(n) for sug in suggestions for n in (sug.name, *sug.aliases)} - {""})
    wanted_list = cur.list_param(wanted)
    known: dict[str, int] = {}
    for alias_norm, pid in cur.execute(
            f"SELECT norm, party_id FROM party_alias WHERE norm {cur.in_list()} ORDER BY party_id", (wanted_list,)):
        known.setdefault(alias_norm, pid)
    info: dict[int, tuple[str, str, str]] = {}  # id -> (name, kind, status)
    for pid, name, name_norm, kind, status in cur.execute(
            f"SELECT id, name, name_norm, kind, status FROM party WHERE name_norm {cur.in_list()} "
            f"OR id {cur.in_list()} ORDER BY id",
            (wanted_list, cur.list_param(sorted(set(known.values()))))).fetchall():
        info[pid] = (name, kind, status)
        if name_norm in wanted:
            known[name_norm] = pid  # a name beats another party's alias
    have: dict[int, set[str]] = {}
    for pid, alias in cur.execute(f"SELECT party_id, alias FROM party_alias WHERE party_id {cur.in_list()}",
                                  (cur.list_param(list(info)),)):
        have.setdefault(pid, set()).add(alias_key(alias))
    now = cur.now()
    by_name: dict[str, int] = {}
    new_aliases: list[tuple[int, str, str]] = []
    mentions: list[tuple[int, int, int, int, str]] = []
    for sug in suggestions:
        names = [sug.name, *sug.aliases]
        norms = [norm_name(n) for n in names]
        pid = next((known[n] for n in norms if n in known), None)
        if pid is None:
            pid = cur.insert(
                "INSERT INTO party (name, name_norm, kind, role, description, status, origin, confidence, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (sug.name[:300], norm_name(sug.name), sug.kind.value, sug.role.value, sug.description,
                 Status.SUGGESTED.value, Origin.EXTRACTED.value, sug.confidence, now, now))
            info[pid] = (sug.name[:300], sug.kind.value, Status.SUGGESTED.value)
            audit(s, "suggest", "party", pid, f"Suggested party '{sug.name}' from Ex. {ev.exhibit}")
        name, kind, status = info[pid]
        keys = have.setdefault(pid, set()) | {alias_key(name)}
        for alias, n in zip(names, norms, strict=True):
            k = alias_key(alias)
            if k and n and k not in keys:
                new_aliases.append((pid, alias[:300], n))
                keys.add(k)
        have[pid] = keys
        if kind == PartyKind.PERSON.value and sug.kind is not PartyKind.PERSON and status == Status.SUGGESTED.value:
            cur.execute("UPDATE party SET kind = ? WHERE id = ?", (sug.kind.value, pid))
            info[pid] = (name, sug.kind.value, status)
        for n in norms:
            known.setdefault(n, pid)
            by_name.setdefault(n, pid)
        mentions += [(pid, ev.id, m.char_start, m.char_end, m.text[:300]) for m in sug.mentions]
    if new_aliases:
        cur.executemany("INSERT INTO party_alias (party_id, alias, norm) VALUES (?, ?, ?)", new_aliases)
    if mentions:
        cur.executemany("INSERT INTO mention (party_id, evidence_id, char_start, char_end, text) "
                        "VALUES (?, ?, ?, ?, ?)", mentions)
    return by_name


def _add_events(s: Session, planned: list[tuple[EventSuggestion, _Doc, int, int]], parties: dict[str, int],
                top: _Doc) -> None:
    """Insert the unit's suggested events with their links, in SQL on the session's connection."""
    if not planned:
        return
    cur = RawCursor(s)
    tag_ids = _tag_ids(cur, {t for sug, *_ in planned for t in sug.tags})
    page_starts = list(top.meta.get("page_starts") or [])
    now = cur.now()
    links: list[tuple[int, int]] = []
    tags: list[tuple[int, int]] = []
    sources: list[tuple[int, int, str, int, int, int | None]] = []
    for sug, target, begin, end in planned:
        d = sug.date
        ranged = d.qualifier in (DateQualifier.BETWEEN, DateQualifier.SPAN)
        event_id = cur.insert(
            "INSERT INTO event (date_start, date_precision, date_qualifier, date_end, title, description, "
            "status, origin, confidence, forecast, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (d.start.iso(), d.start.precision.value, d.qualifier.value, d.end.iso() if d.end and ranged else None,
             (sug.title or sug.quote[:80])[:500], sug.description, Status.SUGGESTED.value,
             Origin.EXTRACTED.value, sug.confidence, sug.forecast, now, now))
        linked = {parties[n] for n in map(norm_name, sug.party_names) if n in parties}
        links += [(event_id, pid) for pid in sorted(linked)]
        tags += [(event_id, tag_ids[t]) for t in dict.fromkeys(sug.tags)]
        page = page_at(page_starts, begin) if target.sha256 else None
        sources.append((event_id, target.id, sug.quote, begin, end, page))
    if links:
        cur.executemany("INSERT INTO event_party (event_id, party_id) VALUES (?, ?)", links)
    if tags:
        cur.executemany("INSERT INTO event_tag (event_id, tag_id) VALUES (?, ?)", tags)
    cur.executemany("INSERT INTO event_source (event_id, evidence_id, quote, char_start, char_end, page) "
                    "VALUES (?, ?, ?, ?, ?, ?)", sources)


def _tag_ids(cur: RawCursor, names: set[str]) -> dict[str, int]:
    wanted = sorted({n.strip() for n in names if n and n.strip()})
    if not wanted:
        return {}
    found = dict(cur.execute(f"SELECT name, id FROM tag WHERE name {cur.in_list()}",
                             (cur.list_param(wanted),)).fetchall())
    for name in wanted:
        if name not in found:
            found[name] = cur.insert("INSERT INTO tag (name, is_issue, color) VALUES (?, ?, '')",
                                     (name, name.casefold() in LEGAL_ISSUES))
    return {n.strip(): found[n.strip()] for n in names if n and n.strip()}


__all__ = ["ModelState", "SuggestProgress", "SuggestReport", "SuggestionService", "default_extract", "model_state"]
