"""Importing files, folders, dropped links and pasted text: store the original, read it, suggest.

Each file is one transaction: its exhibit, embedded items, attachments, suggested events and parties are
committed together or not at all. A file that cannot be read is still kept (kind "other") and reported.
"""

from __future__ import annotations

import json
import sqlite3
import stat
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefile.db.base import utcnow
from casefile.db.models import (
    Cue,
    Evidence,
    Mention,
    Party,
    PartyAlias,
    Thumbnail,
)
from casefile.domain.enums import DateQualifier, EvidenceKind, ImportStatus, Origin, PartyKind, Status
from casefile.domain.errors import ImportFailedError, ReadOnlyCaseError
from casefile.domain.records import ImportOutcome, ImportReport, page_at
from casefile.extract.types import EventSuggestion, Extraction, PartySuggestion
from casefile.importers.base import ImportedItem, Limits
from casefile.importers.registry import ImporterRegistry
from casefile.services.base import CaseContext, Service, audit
from casefile.services.import_pipeline import (
    PARALLEL_MIN_FILES,
    CommitBatch,
    Extractor,
    Prepared,
    Reader,
    guess_type,
    prepare,
    run_extractor,
)
from casefile.services.names import alias_key, norm_name
from casefile.services.tags import LEGAL_ISSUES
from casefile.storage.store import Cancelled, StoredBlob

SYSTEM_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "__macosx", "$recycle.bin", ".spotlight-v100",
                          ".trashes", ".fseventsd", "ehthumbs.db"})
CLIP_KINDS = (EvidenceKind.AUDIO.value, EvidenceKind.VIDEO.value)


@dataclass(frozen=True)
class ImportProgress:
    done: int  # files finished
    total: int  # files found
    current: str  # file being read
    bytes_done: int = 0
    bytes_total: int = 0


ProgressFn = Callable[[ImportProgress], None]
CancelFn = Callable[[], bool]


@dataclass
class _Walk:
    files: list[Path] = field(default_factory=list)
    skipped: list[ImportOutcome] = field(default_factory=list)
    hidden: int = 0


def _is_hidden(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or name.casefold() in SYSTEM_NAMES or name.startswith("~$"):
        return True
    try:
        return bool(getattr(path.lstat(), "st_file_attributes", 0) & 0x6)  # Windows hidden/system
    except OSError:
        return False


def walk(paths: Iterable[Path]) -> _Walk:
    """Expand folders recursively; skip hidden/system files (counted), links and special files (reported)."""
    out = _Walk()

    def visit(p: Path, top: bool) -> None:
        try:
            st = p.lstat()
        except OSError as exc:
            out.skipped.append(ImportOutcome(str(p), ImportStatus.FAILED, _os_reason(exc)))
            return
        if not top and _is_hidden(p):
            out.hidden += 1
            return
        if stat.S_ISLNK(st.st_mode):
            out.skipped.append(ImportOutcome(str(p), ImportStatus.SKIPPED, "symbolic link (not followed)"))
            return
        if stat.S_ISDIR(st.st_mode):
            try:
                children = sorted(p.iterdir(), key=lambda c: c.name.casefold())
            except OSError as exc:
                out.skipped.append(ImportOutcome(str(p), ImportStatus.FAILED, _os_reason(exc)))
                return
            for child in children:
                visit(child, False)
            return
        if not stat.S_ISREG(st.st_mode):
            reason = "not a regular file (device, pipe or socket)"
            out.skipped.append(ImportOutcome(str(p), ImportStatus.SKIPPED, reason))
            return
        out.files.append(p)

    for p in paths:
        visit(Path(p), True)
    return out


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}"


class ImportService(Service):
    def __init__(self, ctx: CaseContext, registry: ImporterRegistry, extractor: Extractor | None,
                 limits: Limits | None = None, *, parallel: bool = False) -> None:
        super().__init__(ctx)
        self.registry = registry
        self.extractor = extractor
        self.limits = limits or Limits()
        # the CLI turns a chronology sheet's rows into events on import; the app asks first (column mapping)
        self.auto_chronology = True
        # big batches read in worker processes, which use the default registry and extractor
        self._parallel_with = (registry, extractor) if parallel else None

    # public ---------------------------------------------------------------------------------------
    def import_paths(
        self, paths: Iterable[Path | str], progress: ProgressFn | None = None, cancelled: CancelFn | None = None
    ) -> ImportReport:
        """Import files and folders; one outcome per file, in order. Never raises for bad input."""
        self._check_writable()
        found = walk(Path(p) for p in paths)
        outcomes: list[ImportOutcome] = list(found.skipped)
        total = len(found.files)
        parallel = self._parallel_with == (self.registry, self.extractor) and total >= PARALLEL_MIN_FILES
        reader = Reader(self.registry, self.extractor, self.limits, parallel=parallel)
        batch = CommitBatch(self.ctx.writes)
        pending: deque[tuple[str, StoredBlob, Path, Callable[[], Prepared]]] = deque()
        was_cancelled = False
        try:
            for i, path in enumerate(found.files):
                if cancelled is not None and cancelled():
                    was_cancelled = True
                    break
                if progress:
                    progress(ImportProgress(i, total, path.name))

                def on_bytes(done: int, size: int, _i: int = i, _name: str = path.name) -> None:
                    if progress and size > 8 * 1024 * 1024:
                        progress(ImportProgress(_i, total, _name, done, size))

                try:
                    stored = self._store_original(path, on_bytes, cancelled)
                except Cancelled:
                    was_cancelled = True
                    break
                if isinstance(stored, ImportOutcome):
                    outcomes.append(stored)
                    continue
                pending.append((str(path), stored, path, reader.submit(stored.path, path.name, stored.size)))
                while len(pending) > reader.depth:
                    shown, blob, src, ready = pending.popleft()
                    outcomes.append(self._ingest(batch, blob, src.name, str(src.resolve()), shown, ready))
            while pending:  # files already stored and read are finished even after a cancel
                shown, blob, src, ready = pending.popleft()
                outcomes.append(self._ingest(batch, blob, src.name, str(src.resolve()), shown, ready))
        finally:
            batch.commit()
            reader.close()
        if progress:
            progress(ImportProgress(total if not was_cancelled else len(outcomes), total, ""))
        return ImportReport(tuple(outcomes), found.hidden, was_cancelled)

    def import_file(self, path: Path, *, on_bytes: Callable[[int, int], None] | None = None,
                    cancelled: CancelFn | None = None) -> ImportOutcome:
        """Store and read one file. Never raises for bad input: the outcome says what happened."""
        self._check_writable()
        stored = self._store_original(path, on_bytes, cancelled)
        if isinstance(stored, ImportOutcome):
            return stored
        return self._ingest_one(stored, path.name, str(path.resolve()), str(path))

    def import_bytes(self, data: bytes, name: str, source: str = "") -> ImportOutcome:
        """Import content that has no file of its own (a dropped link, pasted text)."""
        self._check_writable()
        if not data:
            return ImportOutcome(name, ImportStatus.FAILED, "nothing to import (empty)")
        try:
            blob = self.ctx.store.put_bytes(data)
        except ImportFailedError as exc:
            return ImportOutcome(name, ImportStatus.FAILED, str(exc))
        return self._ingest_one(blob, name, source, name)

    def import_url(self, url: str, title: str = "") -> ImportOutcome:
        """A link dropped from a browser: stored as an internet shortcut; nothing is fetched."""
        body = f"[InternetShortcut]\r\nURL={url.strip()}\r\n"
        if title:
            body += f"Title={title.strip()}\r\n"
        return self.import_bytes(body.encode("utf-8"), _link_name(url, title), source=url.strip())

    def import_text(self, text: str, name: str = "Pasted text.txt") -> ImportOutcome:
        return self.import_bytes(text.encode("utf-8"), name, source="pasted")

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
            return ImportOutcome(shown, ImportStatus.FAILED, _os_reason(exc))
        if size == 0:
            return ImportOutcome(shown, ImportStatus.FAILED, "the file is empty (0 bytes); nothing to keep")
        try:
            return self.ctx.store.put_file(path, on_bytes, cancelled)
        except ImportFailedError as exc:
            return ImportOutcome(shown, ImportStatus.FAILED, str(exc))

    def _ingest_one(self, blob: StoredBlob, name: str, source_path: str, shown: str) -> ImportOutcome:
        batch = CommitBatch(self.ctx.writes, window_s=0)
        try:
            return self._ingest(batch, blob, name, source_path, shown,
                                lambda: prepare(self.registry, self.extractor, self.limits, blob.path, name,
                                                blob.size))
        finally:
            batch.commit()

    def _ingest(self, batch: CommitBatch, blob: StoredBlob, name: str, source_path: str, shown: str,
                ready: Callable[[], Prepared]) -> ImportOutcome:
        """Write one stored, read file into the case (in its own savepoint of the batch)."""
        prepared = ready()
        item, failure = prepared.item, prepared.failure
        try:
            with batch.file() as s:
                existing = s.execute(select(Evidence.id, Evidence.exhibit, Evidence.kind).where(
                    Evidence.sha256 == blob.sha256)).first()
                if existing is not None:
                    return ImportOutcome(shown, ImportStatus.DUPLICATE, f"same content as Ex. {existing[1]}",
                                         existing[0], existing[1], EvidenceKind(existing[2]))
                ev = self._store_item(s, item, blob, name, source_path, prepared.extraction)
                exhibit, eid, kind = ev.exhibit, ev.id, ev.kind
                audit(s, "import", "evidence", eid, f"Imported '{name}' as Ex. {exhibit}",
                      after={"filename": name, "sha256": blob.sha256, "size": blob.size, "source": source_path,
                             "kind": kind, "failure": failure or None})
        except Exception:
            if blob.created:
                self._discard_if_unused(blob.sha256)
            raise
        if failure:
            return ImportOutcome(shown, ImportStatus.FAILED, f"{failure} (original kept as Ex. {exhibit})",
                                 eid, exhibit, EvidenceKind(kind))
        warn = "; ".join(item.warnings)
        return ImportOutcome(shown, ImportStatus.IMPORTED, warn, eid, exhibit, EvidenceKind(kind))

    def _discard_if_unused(self, sha: str) -> None:
        with self._read() as s:
            used = s.scalar(select(Evidence.id).where(Evidence.sha256 == sha))
        if used is None:
            self.ctx.store.discard(sha)

    def _extract(self, item: ImportedItem) -> Extraction:
        return run_extractor(self.extractor, item)

    def _store_item(self, s: Session, item: ImportedItem, blob: StoredBlob | None, name: str, source_path: str,
                    extraction: Extraction, parent: Evidence | None = None) -> Evidence:
        next_exhibit = (s.scalar(select(func.max(Evidence.exhibit))) or 0) + 1
        published = item.published or extraction.published
        meta = dict(item.metadata)
        if item.page_starts:
            meta["page_starts"] = item.page_starts
        if item.warnings:
            meta["warnings"] = list(item.warnings)
        ev = Evidence(
            exhibit=next_exhibit,
            filename=name,
            sha256=blob.sha256 if blob else None,
            size=blob.size if blob else len(item.text.encode("utf-8")),
            media_type=item.media_type,
            kind=item.kind.value,
            title=(item.title or extraction.title or "")[:1000],
            author=(item.author or extraction.author or "")[:500],
            published=published.iso() if published else None,
            url=(item.url or "")[:2000],
            text=item.text,
            meta=meta,
            source_path=source_path,
            parent=parent,
            relation="embedded" if parent is not None else "",
        )
        s.add(ev)
        s.flush()
        if item.thumbnail_png:
            s.add(Thumbnail(evidence_id=ev.id, png=item.thumbnail_png))
        for cue in item.cues:
            s.add(Cue(evidence_id=ev.id, start_ms=cue.start_ms, end_ms=cue.end_ms, text=cue.text,
                      char_start=cue.char_start, char_end=cue.char_end))
        self._link_transcripts(s, ev, item, name)

        # embedded posts: from the importer (HTML embeds) or, in plain text, from the posts extraction found;
        # a post is a leaf, it never gets children of its own
        children: list[tuple[Evidence, tuple[int, int] | None, str, list[EventSuggestion]]] = []
        if item.children:
            child_items = list(item.children)
        elif item.kind is not EvidenceKind.SOCIAL_POST and parent is None:
            child_items = [_post_item(p) for p in extraction.posts]
        else:
            child_items = []
        for child in child_items:
            sub = self._extract(child) if item.children else Extraction()
            own = Extraction(parties=sub.parties, published=sub.published)
            c_ev = self._store_item(s, child, None, _child_name(child, name), source_path, own, parent=ev)
            children.append((c_ev, child.span_in_parent, child.text, sub.events))
        for att in item.attachments[: self.limits.max_attachments]:
            self._store_attachment(s, ev, att.filename, att.data, source_path)

        parties = self._merge_parties(s, ev, extraction.parties)
        planned: list[tuple[EventSuggestion, Evidence, int, int]] = []
        covered: set[int] = set()
        for sug in extraction.events:
            target, begin, end = ev, sug.char_start, sug.char_end
            for c_ev, span, c_text, _own in children:
                if span and span[0] <= sug.char_start and sug.char_end <= span[1]:
                    covered.add(c_ev.id)  # the parent's text already yields this post's event
                    rel = (sug.char_start - span[0], sug.char_end - span[0])
                    if c_text[rel[0]:rel[1]] == sug.quote:
                        target, begin, end = c_ev, rel[0], rel[1]
                    break
            planned.append((sug, target, begin, end))
        for c_ev, _span, _text, own_events in children:
            if c_ev.id not in covered:
                planned += [(sug, c_ev, sug.char_start, sug.char_end) for sug in own_events]
        if planned:
            parties.update(self._parties_of_children(s, children))
        self._add_events(s, planned, parties, item)
        if item.kind is EvidenceKind.SPREADSHEET and item.metadata.get("chronology") and blob is not None \
                and self.auto_chronology:
            self._add_chronology(s, ev, blob, item, name)
        return ev

    def _add_chronology(self, s: Session, ev: Evidence, blob: StoredBlob, item: ImportedItem, name: str) -> None:
        """A chronology kept in a spreadsheet: its rows become events, in the same transaction."""
        from casefile.importers.spreadsheet import guess_mapping, read_table, rows_to_chronology
        from casefile.services.chronology_service import add_rows

        table = read_table(blob.path, name, self.limits)
        created, errors = add_rows(s, rows_to_chronology(table, guess_mapping(table.headers)), ev)
        ev.meta = {**(ev.meta or {}), "events_created": len(created), "row_errors": errors[:50]}
        if errors:
            item.warnings.append(f"{len(errors)} rows not imported (e.g. {errors[0]})")

    @staticmethod
    def _parties_of_children(s: Session, children: list) -> dict[str, int]:  # noqa: ANN001
        """Names of parties mentioned in embedded posts, so the posts' events link them too."""
        ids = [c[0].id for c in children]
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

    def _store_attachment(self, s: Session, parent: Evidence, filename: str, data: bytes, source: str) -> None:
        if not data:
            return
        blob = self.ctx.store.put_bytes(data)
        dup = s.scalar(select(Evidence).where(Evidence.sha256 == blob.sha256))
        if dup is not None:
            return
        safe = _safe_name(filename)
        try:
            _imp, item = self.registry.read(blob.path, safe, self.limits)
        except ImportFailedError as exc:
            item = ImportedItem(kind=EvidenceKind.OTHER, media_type=guess_type(safe), title=safe,
                                warnings=[str(exc)])
        att = self._store_item(s, item, blob, safe, f"{source} (attachment)", self._extract(item), parent=parent)
        att.relation = "attachment"

    def _link_transcripts(self, s: Session, ev: Evidence, item: ImportedItem, name: str) -> None:
        stem = _stem(name)
        if item.kind is EvidenceKind.TRANSCRIPT and item.link_stem:
            for clip in s.scalars(select(Evidence).where(Evidence.kind.in_(CLIP_KINDS), Evidence.parent_id.is_(None))):
                if _stem(clip.filename) == item.link_stem.casefold():
                    ev.parent_id = clip.id
                    ev.relation = "transcript"
                    break
        elif ev.kind in CLIP_KINDS:
            for tr in s.scalars(select(Evidence).where(Evidence.kind == EvidenceKind.TRANSCRIPT.value,
                                                       Evidence.parent_id.is_(None))):
                if (tr.meta or {}).get("link_stem", _stem(tr.filename)) == stem:
                    tr.parent_id = ev.id
                    tr.relation = "transcript"
        if item.kind is EvidenceKind.TRANSCRIPT and item.link_stem:
            ev.meta = {**(ev.meta or {}), "link_stem": item.link_stem.casefold()}

    def _merge_parties(self, s: Session, ev: Evidence, suggestions: list[PartySuggestion]) -> dict[str, int]:
        """Match suggestions to existing parties by name or alias, create the rest as suggested.

        This runs for every imported file, so it speaks SQL to the session's own connection (same
        transaction) instead of building ORM objects. Returns party ids by normalised name and alias, for
        linking this file's events.
        """
        if not suggestions:
            return {}
        cur = _cursor(s)
        wanted = sorted({norm_name(n) for sug in suggestions for n in (sug.name, *sug.aliases)} - {""})
        wanted_json = json.dumps(wanted)
        known: dict[str, int] = {}
        for alias_norm, pid in cur.execute(
                "SELECT norm, party_id FROM party_alias WHERE norm IN (SELECT value FROM json_each(?)) "
                "ORDER BY party_id", (wanted_json,)):
            known.setdefault(alias_norm, pid)
        info: dict[int, tuple[str, str, str]] = {}  # id -> (name, kind, status)
        for pid, name, name_norm, kind, status in cur.execute(
                "SELECT id, name, name_norm, kind, status FROM party WHERE name_norm IN "
                "(SELECT value FROM json_each(?)) OR id IN (SELECT value FROM json_each(?)) ORDER BY id",
                (wanted_json, json.dumps(sorted(set(known.values()))))).fetchall():
            info[pid] = (name, kind, status)
            if name_norm in wanted:
                known[name_norm] = pid  # a name beats another party's alias
        have: dict[int, set[str]] = {}
        for pid, alias in cur.execute("SELECT party_id, alias FROM party_alias WHERE party_id IN "
                                      "(SELECT value FROM json_each(?))", (json.dumps(list(info)),)):
            have.setdefault(pid, set()).add(alias_key(alias))
        now = _db_now()
        by_name: dict[str, int] = {}
        new_aliases: list[tuple[int, str, str]] = []
        mentions: list[tuple[int, int, int, int, str]] = []
        for sug in suggestions:
            names = [sug.name, *sug.aliases]
            norms = [norm_name(n) for n in names]
            pid = next((known[n] for n in norms if n in known), None)
            if pid is None:
                cur.execute(
                    "INSERT INTO party (name, name_norm, kind, role, description, status, origin, confidence, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (sug.name[:300], norm_name(sug.name), sug.kind.value, sug.role.value, sug.description,
                     Status.SUGGESTED.value, Origin.EXTRACTED.value, sug.confidence, now, now))
                pid = int(cur.lastrowid or 0)
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
            if kind == PartyKind.PERSON.value and sug.kind is not PartyKind.PERSON and \
                    status == Status.SUGGESTED.value:
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

    def _add_events(self, s: Session, planned: list[tuple[EventSuggestion, Evidence, int, int]],
                    parties: dict[str, int], item: ImportedItem) -> None:
        """Insert this file's suggested events with their links, in SQL on the session's connection."""
        if not planned:
            return
        s.flush()
        cur = _cursor(s)
        tag_ids = _tag_ids(cur, {t for sug, *_ in planned for t in sug.tags})
        now = _db_now()
        links: list[tuple[int, int]] = []
        tags: list[tuple[int, int]] = []
        sources: list[tuple[int, int, str, int, int, int | None]] = []
        for sug, target, begin, end in planned:
            d = sug.date
            ranged = d.qualifier in (DateQualifier.BETWEEN, DateQualifier.SPAN)
            cur.execute(
                "INSERT INTO event (date_start, date_precision, date_qualifier, date_end, title, description, "
                "status, origin, confidence, forecast, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (d.start.iso(), d.start.precision.value, d.qualifier.value, d.end.iso() if d.end and ranged else None,
                 (sug.title or sug.quote[:80])[:500], sug.description, Status.SUGGESTED.value,
                 Origin.EXTRACTED.value, sug.confidence, sug.forecast, now, now))
            event_id = int(cur.lastrowid or 0)
            linked = {parties[n] for n in map(norm_name, sug.party_names) if n in parties}
            links += [(event_id, pid) for pid in sorted(linked)]
            tags += [(event_id, tag_ids[t]) for t in dict.fromkeys(sug.tags)]
            page = page_at(item.page_starts, begin) if target.sha256 else None
            sources.append((event_id, target.id, sug.quote, begin, end, page))
        if links:
            cur.executemany("INSERT INTO event_party (event_id, party_id) VALUES (?, ?)", links)
        if tags:
            cur.executemany("INSERT INTO event_tag (event_id, tag_id) VALUES (?, ?)", tags)
        cur.executemany("INSERT INTO event_source (event_id, evidence_id, quote, char_start, char_end, page) "
                        "VALUES (?, ?, ?, ?, ?, ?)", sources)


def _cursor(s: Session) -> sqlite3.Cursor:
    """A cursor on the session's own connection, inside its transaction (pending ORM rows flushed first)."""
    s.flush()
    return s.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]


def _db_now() -> str:
    """Now, as SQLAlchemy stores a DateTime in SQLite."""
    return utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")


def _tag_ids(cur: sqlite3.Cursor, names: set[str]) -> dict[str, int]:
    wanted = sorted({n.strip() for n in names if n and n.strip()})
    if not wanted:
        return {}
    found = dict(cur.execute("SELECT name, id FROM tag WHERE name IN (SELECT value FROM json_each(?))",
                             (json.dumps(wanted),)).fetchall())
    for name in wanted:
        if name not in found:
            cur.execute("INSERT INTO tag (name, is_issue, color) VALUES (?, ?, '')",
                        (name, name.casefold() in LEGAL_ISSUES))
            found[name] = int(cur.lastrowid or 0)
    return {n.strip(): found[n.strip()] for n in names if n and n.strip()}


def _post_item(post) -> ImportedItem:  # noqa: ANN001 - PostFound
    who = post.author or post.handle or "post"
    return ImportedItem(
        kind=EvidenceKind.SOCIAL_POST,
        media_type="text/plain",
        title=f"{who}: {_headline(post.text)}",
        author=post.author,
        published=post.date,
        url=post.url,
        text=post.text,
        metadata={"handle": post.handle, "platform": post.platform},
        span_in_parent=(post.char_start, post.char_end),
    )


def _headline(text: str, limit: int = 90) -> str:
    """A post's first sentence, or its opening words cut at a word boundary."""
    flat = " ".join(text.split())
    for end in (". ", "! ", "? "):
        cut = flat.find(end)
        if 0 < cut < limit:
            return flat[: cut + 1]
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _child_name(child: ImportedItem, parent_name: str) -> str:
    handle = child.metadata.get("handle") or child.author or "post"
    return f"{handle} — embedded in {parent_name}"[:1000]


def _safe_name(name: str) -> str:
    """A bare file name for a name from inside a file (an attachment): never a path, never `.` or `..`."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "").strip()
    if len(base) > 2 and base[1] == ":":  # "C:evil.dll"
        base = base[2:]
    return base if base.strip(".") else "attachment"


def _stem(name: str) -> str:
    base = Path(name).name
    return base.split(".", 1)[0].casefold() if not base.startswith(".") else base.casefold()


def _link_name(url: str, title: str) -> str:
    label = title.strip() or url.strip().split("//", 1)[-1]
    safe = "".join(c if c.isalnum() or c in " -_." else "_" for c in label)[:80].strip() or "link"
    return f"{safe}.url"


__all__ = ["ImportProgress", "ImportService", "walk"]
