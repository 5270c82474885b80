"""Exhibits rebuilt from their originals: after a recovery, and when a recovered exhibit's file is imported again.

An original whose exhibit row was lost is read again with the importers (text, title, author, date, pages,
thumbnail, cues) and gets back, when the salvaged audit log knows them, its old id (so the citations, notes and
mentions that survived find it again), its exhibit number and its file name. A re-import of a recovered
exhibit's file fills in what is still missing instead of calling it a duplicate.
"""

from __future__ import annotations

import json
import mimetypes
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefile.db.models import Cue, Evidence, Thumbnail
from casefile.domain.enums import EvidenceKind, ImportStatus
from casefile.domain.printable import printable
from casefile.domain.records import ImportOutcome
from casefile.recovery.pages import Salvage
from casefile.services.base import audit
from casefile.services.import_pipeline import Prepared, prepare, read_extract
from casefile.storage.store import _is_sha

BATCH = 50  # originals read before their rows are written together
NOT_READ = "recovered from a damaged case; its text could not be read again ({}): import the file again"
_EXHIBIT = re.compile(r" as Ex\. (\d+)\s*$")


@dataclass(frozen=True)
class Known:
    """What the salvaged audit log says of an imported original."""

    evidence_id: int | None
    exhibit: int | None
    filename: str
    source: str
    label: str = ""  # the search index's "title filename" of the exhibit, when only it survived


def search_label(rowid: int, values: list[object]) -> list[object] | None:
    """Of the search index's stored columns (id, kind, ref_id, title, body), an exhibit's title part only."""
    return [None, values[1], values[2], values[3]] if rowid % 4 == 0 and len(values) >= 4 else None


def known_from_pages(salvaged: Salvage | None) -> dict[str, Known]:
    """sha256 -> the old id and exhibit number the evidence table's unique indexes still hold (their pages often
    outlive the rows), with the search index's copy of its title and name."""
    if salvaged is None:
        return {}
    ids: dict[str, int] = {}
    numbers: dict[int, int] = {}
    for keys in salvaged.indexes.values():
        for key in keys:
            if len(key) != 2 or not isinstance(key[1], int):
                continue
            if isinstance(key[0], str) and _is_sha(key[0]):
                ids.setdefault(key[0], key[1])
            elif isinstance(key[0], int):
                numbers.setdefault(key[1], key[0])
    fts = salvaged.tables.get("search_index_content")
    labels = {}
    for rowid, values in (fts.rows.items() if fts else ()):
        if rowid % 4 == 0 and len(values) >= 4 and values[1] == "evidence" and isinstance(values[3], str):
            labels[rowid // 4] = values[3]
    return {sha: Known(rowid, numbers.get(rowid), "", "", labels.get(rowid, "")) for sha, rowid in ids.items()}


def merge(first: dict[str, Known], then: dict[str, Known]) -> dict[str, Known]:
    """What the audit log knows, completed by what the pages know."""
    out = dict(then)
    for sha, a in first.items():
        b = then.get(sha)
        out[sha] = a if b is None else Known(a.evidence_id or b.evidence_id, a.exhibit or b.exhibit,
                                              a.filename, a.source, b.label)
    return out


def known_imports(conn: sqlite3.Connection) -> dict[str, Known]:
    """sha256 -> the import that stored it, from whatever of the (new case's) audit log survived."""
    out: dict[str, Known] = {}
    try:
        rows = conn.execute("SELECT entity_id, summary, after FROM audit_log WHERE action = 'import' "
                            "AND entity_type = 'evidence' ORDER BY id").fetchall()
    except sqlite3.Error:
        return out
    for entity_id, summary, after in rows:
        try:
            data = json.loads(after) if isinstance(after, str) else None
        except ValueError:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("sha256"), str):
            continue
        match = _EXHIBIT.search(summary or "")
        out.setdefault(data["sha256"], Known(entity_id if isinstance(entity_id, int) else None,
                                             int(match.group(1)) if match else None,
                                             str(data.get("filename") or ""), str(data.get("source") or "")))
    return out


def reattach(case: Any, known: dict[str, Known]) -> tuple[int, int]:
    """Every stored original without an exhibit becomes one again, read by the importers.
    Returns (exhibits made, of which read with text)."""
    store, imports = case.ctx.store, case.intake
    with case.ctx.reads() as s:
        have = set(s.scalars(select(Evidence.sha256).where(Evidence.sha256.is_not(None))))
    loose = sorted(store.stored() - have)
    made = read = 0
    for start in range(0, len(loose), BATCH):
        batch = []
        for sha in loose[start:start + BATCH]:  # reading happens before the transaction opens
            info = known.get(sha, Known(None, None, "", ""))
            path = store.path_for(sha)
            name = printable(info.filename) or f"recovered-{sha[:12]}"
            prepared = prepare(imports.registry, read_extract, imports.limits, path, name, path.stat().st_size)
            title = prepared.item.title or prepared.extraction.title
            if not info.filename and title and info.label.startswith(title + " ") and not prepared.failure:
                name = info.label[len(title) + 1:].strip() or name  # the name the search index kept
            elif not info.filename:
                name += "" if prepared.failure else (mimetypes.guess_extension(prepared.item.media_type) or "")
            batch.append((sha, path, info, name, prepared))
        with case.ctx.writes() as s, s.begin():
            for sha, path, info, name, prepared in batch:
                ev = _write(s, sha, path.stat().st_size, info, name, prepared)
                made += 1
                read += 0 if ev.read_error else 1
    return made, read


def _write(s: Session, sha: str, size: int, info: Known, name: str, prepared: Prepared) -> Evidence:

    item, extraction = prepared.item, prepared.extraction
    ev_id = info.evidence_id if info.evidence_id and s.get(Evidence, info.evidence_id) is None else None
    taken = info.exhibit is not None and s.scalar(select(Evidence.id).where(Evidence.exhibit == info.exhibit))
    exhibit = info.exhibit if info.exhibit is not None and not taken else \
        (s.scalar(select(func.max(Evidence.exhibit))) or 0) + 1
    published = item.published or (None if item.kind is EvidenceKind.IMAGE else extraction.published)
    meta = {**_meta(prepared), "recovered": True}
    title = "" if prepared.failure else (item.title or extraction.title or "")[:1000]  # not the file's name
    ev = Evidence(id=ev_id, exhibit=exhibit, filename=name, sha256=sha, size=size, media_type=item.media_type,
                  kind=item.kind.value, title=title,
                  author=(item.author or extraction.author or "")[:500],
                  published=published.iso() if published else None, url=(item.url or "")[:2000], text=item.text,
                  meta=meta, source_path=info.source,
                  read_error=NOT_READ.format(prepared.failure)[:2000] if prepared.failure else "")
    s.add(ev)
    s.flush()
    _add_parts(s, ev, prepared)
    how = "re-read from its original" if not prepared.failure else "kept without its text"
    audit(s, "recover", "evidence", ev.id, f"Re-attached '{name}' as Ex. {exhibit} from a damaged case ({how})",
          after={"sha256": sha, "filename": name})
    return ev


def _meta(prepared: Prepared) -> dict[str, Any]:
    item = prepared.item
    meta = dict(item.metadata)
    if item.page_starts:
        meta["page_starts"] = item.page_starts
    if item.warnings:
        meta["warnings"] = list(item.warnings)
    return meta


def _add_parts(s: Session, ev: Evidence, prepared: Prepared) -> list[str]:
    """The thumbnail and the timed cues, when the exhibit has none yet."""
    item, added = prepared.item, []
    if item.thumbnail_png and s.get(Thumbnail, ev.id) is None:
        s.add(Thumbnail(evidence_id=ev.id, png=item.thumbnail_png))
        added.append("thumbnail")
    if item.cues and s.scalar(select(func.count()).select_from(Cue).where(Cue.evidence_id == ev.id)) == 0:
        s.add_all(Cue(evidence_id=ev.id, start_ms=c.start_ms, end_ms=c.end_ms, text=c.text, char_start=c.char_start,
                      char_end=c.char_end) for c in item.cues)
        added.append("cues")
    return added


def fill_in(s: Session, evidence_id: int, prepared: Prepared, name: str, source_path: str,
            shown: str) -> ImportOutcome | None:
    """A recovered exhibit's original imported again: what it still lacks is filled in from this reading.
    None (a plain duplicate) when the exhibit was not recovered, lacks nothing, or the file did not read."""

    if prepared.failure or not (s.scalar(select(Evidence.meta).where(Evidence.id == evidence_id)) or {}).get(
            "recovered"):
        return None  # an ordinary duplicate: its row (and text) is not even loaded
    ev = s.get(Evidence, evidence_id)
    if ev is None:
        return None
    item, extraction = prepared.item, prepared.extraction
    filled = []
    published = item.published or (None if item.kind is EvidenceKind.IMAGE else extraction.published)
    fresh = {"text": item.text, "title": (item.title or extraction.title or "")[:1000],
             "author": (item.author or extraction.author or "")[:500], "url": (item.url or "")[:2000],
             "published": published.iso() if published else None}
    for field_name, value in fresh.items():
        if value and not getattr(ev, field_name):
            setattr(ev, field_name, value)
            filled.append(field_name)
    if ev.filename.startswith("recovered-") and name and not name.startswith("recovered-"):
        ev.filename = name
        filled.append("name")
    if ev.kind == EvidenceKind.OTHER.value and item.kind is not EvidenceKind.OTHER:
        ev.kind, ev.media_type = item.kind.value, item.media_type
        filled.append("kind")
    filled += _add_parts(s, ev, prepared)
    if not filled:
        return None
    ev.meta = {**_meta(prepared), **(ev.meta or {}), "filled_in": filled}
    ev.read_error = ""
    ev.source_path = ev.source_path or source_path
    audit(s, "fill in", "evidence", ev.id, f"Filled in Ex. {ev.exhibit} ({', '.join(filled)}) from its original "
          "imported again", after={"sha256": ev.sha256, "filename": name, "filled": filled})
    return ImportOutcome(shown, ImportStatus.IMPORTED, f"filled in: {', '.join(filled)}", ev.id, ev.exhibit,
                         EvidenceKind(ev.kind))


__all__ = ["Known", "fill_in", "known_from_pages", "known_imports", "merge", "reattach", "search_label"]
