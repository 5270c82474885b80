"""An imported item's rows: its exhibit, embedded posts, attachments, cues, transcript links, chronology rows.

Runs inside the import's savepoint for one file; nothing here reads a file or waits (that happened before).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefile.db.models import Cue, Evidence, Thumbnail
from casefile.domain.enums import EvidenceKind
from casefile.extract.types import Extraction
from casefile.importers.base import ImportedItem
from casefile.services.import_pipeline import Extractor, run_extractor
from casefile.storage.store import StoredBlob

if TYPE_CHECKING:
    from casefile.importers.spreadsheet import Table

CLIP_KINDS = (EvidenceKind.AUDIO.value, EvidenceKind.VIDEO.value)


@dataclass
class Attached:
    """An attachment stored and read before the transaction opens (nothing slow runs with the lock held)."""

    blob: StoredBlob
    name: str
    item: ImportedItem
    extraction: Extraction
    attached: list[Attached] = field(default_factory=list)


def store_item(s: Session, reading: Extractor | None, item: ImportedItem, blob: StoredBlob | None, name: str,
               source_path: str, extraction: Extraction, attached: list[Attached] | None = None,
               parent: Evidence | None = None, embedded: dict[str, Any] | None = None) -> Evidence:
    """The exhibit's row and what belongs to it; its suggestions come later, from the suggestion pass."""
    next_exhibit = (s.scalar(select(func.max(Evidence.exhibit))) or 0) + 1
    # a date read in a picture (OCR) is what it shows (a post's stamp, a letter's date), not when it was taken
    published = item.published or (None if item.kind is EvidenceKind.IMAGE else extraction.published)
    meta = dict(item.metadata)
    if item.page_starts:
        meta["page_starts"] = item.page_starts
    if item.warnings:
        meta["warnings"] = list(item.warnings)
    if embedded is not None:
        meta["embedded"] = embedded  # where the post sits in its parent, for the suggestion pass
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
        relation="embedded" if parent is not None and embedded is not None else "",
    )
    s.add(ev)
    s.flush()
    if item.thumbnail_png:
        s.add(Thumbnail(evidence_id=ev.id, png=item.thumbnail_png))
    for cue in item.cues:
        s.add(Cue(evidence_id=ev.id, start_ms=cue.start_ms, end_ms=cue.end_ms, text=cue.text,
                  char_start=cue.char_start, char_end=cue.char_end))
    _link_transcripts(s, ev, item, name)

    # embedded posts: from the importer (HTML embeds) or, in plain text, from the posts the reading found;
    # a post is a leaf, it never gets children of its own
    if item.children:
        child_items, read_own = list(item.children), True
    elif item.kind is not EvidenceKind.SOCIAL_POST and parent is None:
        child_items, read_own = [_post_item(p) for p in extraction.posts], False
    else:
        child_items, read_own = [], False
    for child in child_items:
        own = run_extractor(reading, child) if read_own else Extraction()
        span = list(child.span_in_parent) if child.span_in_parent else None
        store_item(s, reading, child, None, _child_name(child, name), source_path,
                         Extraction(published=own.published), parent=ev,
                         embedded={"span": span, "read_own": read_own})
    for att in attached or []:
        if s.scalar(select(Evidence.id).where(Evidence.sha256 == att.blob.sha256)) is not None:
            continue
        row = store_item(s, reading, att.item, att.blob, att.name, f"{source_path} (attachment)", att.extraction,
                               att.attached, parent=ev)
        row.relation = "attachment"
    return ev

def add_chronology(s: Session, ev: Evidence, table: Table, item: ImportedItem) -> None:
    """A chronology kept in a spreadsheet: its rows become events, in the same transaction."""
    from casefile.importers.spreadsheet import guess_mapping, rows_to_chronology
    from casefile.services.chronology_service import add_rows

    created, errors = add_rows(s, rows_to_chronology(table, guess_mapping(table.headers)), ev)
    ev.meta = {**(ev.meta or {}), "events_created": len(created), "row_errors": errors[:50]}
    if errors:
        item.warnings.append(f"{len(errors)} rows not imported (e.g. {errors[0]})")

def _link_transcripts(s: Session, ev: Evidence, item: ImportedItem, name: str) -> None:
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



def _stem(name: str) -> str:
    base = Path(name).name
    return base.split(".", 1)[0].casefold() if not base.startswith(".") else base.casefold()


__all__ = ["CLIP_KINDS", "Attached", "add_chronology", "store_item"]
