"""ORM rows to frozen records; called inside a session so no lazy load ever fires later."""

from __future__ import annotations

from functools import lru_cache

from casefile.db.models import Event, EventSource, Evidence, Note, Party
from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import (
    DateQualifier,
    EvidenceKind,
    Origin,
    PartyKind,
    PartyRole,
    Status,
    TargetType,
    VerifyState,
)
from casefile.domain.records import Citation, EventRecord, EvidenceRecord, NoteRecord, PartyRecord


@lru_cache(maxsize=8192)
def event_date(start: str, qualifier: str, end: str | None) -> EventDate:
    """An event's date from its stored columns, parsed once per distinct value (dates are immutable, and a
    100k-row Timeline shares a few thousand of them)."""
    return EventDate(CaseDate.parse(start), DateQualifier(qualifier), CaseDate.parse(end) if end else None)


def event_date_of(row: Event) -> EventDate:
    return event_date(row.date_start, row.date_qualifier, row.date_end)


# where a citation points inside its exhibit: the same names on `Citation` and on its `EventSource` row
PASSAGE = ("quote", "char_start", "char_end", "page", "time_ms")


def citation_of(src: EventSource, exhibit: int | None = None) -> Citation:
    return Citation(evidence_id=src.evidence_id, exhibit=exhibit if exhibit is not None else src.evidence.exhibit,
                    id=src.id, **{name: getattr(src, name) for name in PASSAGE})


def event_record(row: Event) -> EventRecord:
    parties = sorted(row.parties, key=lambda p: p.name.casefold())
    return EventRecord(
        id=row.id,
        date=event_date_of(row),
        title=row.title,
        description=row.description,
        status=Status(row.status),
        origin=Origin(row.origin),
        asserted_by=row.asserted_by_id,
        party_ids=tuple(p.id for p in parties),
        party_names=tuple(p.name for p in parties),
        citations=tuple(citation_of(s) for s in row.sources),
        tags=tuple(sorted(t.name for t in row.tags)),
        confidence=row.confidence,
        forecast=bool(row.forecast),
        version=row.version or 0,
    )


def party_record(row: Party, event_count: int = 0, mention_count: int = 0) -> PartyRecord:
    return PartyRecord(
        id=row.id,
        name=row.name,
        kind=PartyKind(row.kind),
        role=PartyRole(row.role),
        aliases=tuple(a.alias for a in row.aliases),
        description=row.description,
        status=Status(row.status),
        origin=Origin(row.origin),
        tags=tuple(sorted(t.name for t in row.tags)),
        event_count=event_count,
        mention_count=mention_count,
        confidence=row.confidence,
        version=row.version or 0,
    )


def evidence_record(row: Evidence, has_thumbnail: bool = False, verify_state: str | None = None) -> EvidenceRecord:
    """`verify_state` comes from the `verification` table (the last check), never from `evidence` itself."""
    return EvidenceRecord(
        id=row.id,
        exhibit=row.exhibit,
        filename=row.filename,
        kind=EvidenceKind(row.kind),
        sha256=row.sha256,
        size=row.size,
        media_type=row.media_type,
        title=row.title,
        author=row.author,
        published=CaseDate.parse(row.published) if row.published else None,
        url=row.url,
        imported_at=row.imported_at,
        parent_id=row.parent_id,
        relation=row.relation,
        metadata=dict(row.meta or {}),
        verify_state=VerifyState(verify_state) if verify_state else VerifyState.UNVERIFIED,
        tags=tuple(sorted(t.name for t in row.tags)),
        has_thumbnail=has_thumbnail,
        source_path=row.source_path,
        read_error=row.read_error or "",
        version=row.version or 0,
        language=row.language,
    )


def note_record(row: Note) -> NoteRecord:
    if row.event_id is not None:
        target, tid = TargetType.EVENT, row.event_id
    elif row.party_id is not None:
        target, tid = TargetType.PARTY, row.party_id
    elif row.evidence_id is not None:
        target, tid = TargetType.EVIDENCE, row.evidence_id
    else:
        target, tid = TargetType.CASE, None
    return NoteRecord(row.id, row.text, target, tid, row.created_at, row.updated_at, row.version or 0)
