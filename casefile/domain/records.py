"""Frozen records the services hand to the GUI and the CLI (never ORM objects)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, overload

from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import (
    EvidenceKind,
    ImportStatus,
    Origin,
    PartyKind,
    PartyRole,
    Status,
    TargetType,
    VerifyState,
)
from casefile.domain.printable import printable
from casefile.domain.sizes import counted


@dataclass(frozen=True)
class CaseInfo:
    path: Path
    title: str
    description: str
    created_at: datetime
    read_only: bool = False


@dataclass(frozen=True)
class Counts:
    parties: int
    events: int
    evidence: int
    notes: int
    suggested_events: int = 0
    suggested_parties: int = 0


@dataclass(frozen=True)
class Citation:
    """Where a claim rests: a passage of an exhibit, located by character span, page or media time."""

    evidence_id: int
    exhibit: int | None = None
    quote: str = ""
    char_start: int | None = None
    char_end: int | None = None
    page: int | None = None
    time_ms: int | None = None
    id: int | None = None

    def locator(self) -> str:
        """`Ex. 4, p. 2`, `Ex. 7 at 01:23` or `Ex. 3`."""
        ex = f"Ex. {self.exhibit}" if self.exhibit is not None else f"Evidence #{self.evidence_id}"
        if self.page is not None:
            return f"{ex}, p. {self.page}"
        if self.time_ms is not None:
            return f"{ex} at {format_timestamp(self.time_ms)}"
        return ex


def page_at(page_starts: list[int] | None, offset: int) -> int | None:
    """The 1-based page holding character `offset` of a text whose pages start at `page_starts` (PDFs)."""
    if not page_starts:
        return None
    page = 1
    for i, start in enumerate(page_starts):
        if start > offset:
            break
        page = i + 1
    return page


def format_timestamp(ms: int) -> str:
    s = ms // 1000
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m:02d}:{sec:02d}"


@dataclass(frozen=True)
class EventDraft:
    """What the user (or an importer) supplies to create or replace an event."""

    date: EventDate
    title: str
    description: str = ""
    status: Status = Status.CONFIRMED
    origin: Origin = Origin.MANUAL
    asserted_by: int | None = None
    party_ids: tuple[int, ...] = ()
    citations: tuple[Citation, ...] = ()
    tags: tuple[str, ...] = ()
    version: int = 0  # the row's version when read; an edit passes it back (0: a new event, or not known)


@dataclass(frozen=True)
class PartyDraft:
    name: str
    kind: PartyKind = PartyKind.PERSON
    role: PartyRole = PartyRole.OTHER
    aliases: tuple[str, ...] = ()
    description: str = ""
    status: Status = Status.CONFIRMED
    origin: Origin = Origin.MANUAL
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class PartyRecord(PartyDraft):
    """A party as the case holds it: its draft's fields, and what the case adds."""

    id: int
    event_count: int = 0
    confidence: float | None = None  # of a suggestion, 0..1; None when made by hand
    mention_count: int = 0
    # filled only by `delete`, so that undo brings back the party's notes and the events it asserted
    notes: tuple[NoteRecord, ...] = ()
    asserted_event_ids: tuple[int, ...] = ()
    version: int = 0  # the row's version when read; an edit passes it back (0: not known, no check)


@dataclass(frozen=True, kw_only=True)
class EventRecord(EventDraft):
    """An event as the case holds it: its draft's fields, and what the case adds."""

    id: int
    party_names: tuple[str, ...] = ()
    # notes attached to the event, filled only by `delete` so that undo can bring them back
    notes: tuple[NoteRecord, ...] = ()
    confidence: float | None = None  # of a suggestion, 0..1; None when made by hand
    forecast: bool = False  # the passage predicts rather than reports


@dataclass(frozen=True)
class EvidenceRecord:
    id: int
    exhibit: int
    filename: str
    kind: EvidenceKind
    sha256: str | None
    size: int
    media_type: str
    title: str = ""
    author: str = ""
    published: CaseDate | None = None
    url: str = ""
    imported_at: datetime | None = None
    parent_id: int | None = None
    relation: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    verify_state: VerifyState = VerifyState.UNVERIFIED
    tags: tuple[str, ...] = ()
    has_thumbnail: bool = False
    source_path: str = ""
    read_error: str = ""  # why the original could not be read; "" when it was
    version: int = 0  # the row's version when read; an edit passes it back (0: not known, no check)
    language: str | None = None  # ISO 639-1; None: not read yet, "": could not tell


@dataclass(frozen=True)
class MentionRecord:
    party_id: int
    evidence_id: int
    exhibit: int
    char_start: int
    char_end: int
    text: str


@dataclass(frozen=True)
class NoteRecord:
    id: int
    text: str
    target_type: TargetType
    target_id: int | None
    created_at: datetime
    updated_at: datetime
    version: int = 0  # the row's version when read; a save passes it back (0: not known, no check)


@dataclass(frozen=True)
class ImportOutcome:
    path: str
    status: ImportStatus
    reason: str = ""
    evidence_id: int | None = None
    exhibit: int | None = None
    kind: EvidenceKind | None = None
    suggestions: int | None = None  # events and parties the suggestion pass found; None: not run yet

    def line(self) -> str:
        """The one-line form the CLI prints: `PATH: imported (Ex. 3, article, 5 suggestions)`, `PATH: duplicate`,
        `PATH: failed: REASON`. Path and reason are made printable: a newline in a name never forges a line."""
        path, reason = printable(self.path), printable(self.reason)
        if self.status is ImportStatus.FAILED:
            return f"{path}: failed: {reason}"
        if self.status is ImportStatus.SKIPPED:
            return f"{path}: skipped: {reason}"
        parts = [f"Ex. {self.exhibit}", self.kind.value] if self.exhibit and self.kind else []
        if self.status is ImportStatus.IMPORTED and self.suggestions is not None:
            parts.append(counted(self.suggestions, "suggestion"))
        extra = f" ({', '.join(parts)})" if parts else ""
        note = f" — {reason}" if reason else ""
        return f"{path}: {self.status.value}{extra}{note}"


@dataclass(frozen=True)
class ImportReport:
    outcomes: tuple[ImportOutcome, ...]
    skipped_hidden: int = 0
    cancelled: bool = False
    stopped: str = ""  # why the database refused to go on (disk full, read-only, damaged); "" when it did not

    def with_suggestions(self, counts: dict[int, int]) -> ImportReport:
        """The report with each imported file's suggestion count (from the suggestion pass)."""
        return dataclasses.replace(self, outcomes=tuple(
            dataclasses.replace(o, suggestions=counts.get(o.evidence_id, 0))
            if o.status is ImportStatus.IMPORTED and o.evidence_id is not None else o for o in self.outcomes))

    def count(self, status: ImportStatus) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    @property
    def imported(self) -> int:
        return self.count(ImportStatus.IMPORTED)

    @property
    def duplicates(self) -> int:
        return self.count(ImportStatus.DUPLICATE)

    @property
    def failed(self) -> int:
        return self.count(ImportStatus.FAILED)

    def summary(self) -> str:
        parts = [f"{self.imported} imported", f"{self.duplicates} duplicate", f"{self.failed} failed"]
        if self.skipped_hidden:
            parts.append(f"{self.skipped_hidden} hidden or system files skipped")
        if self.cancelled:
            parts.append("cancelled")
        if self.stopped:
            parts.append(f"stopped: {self.stopped}")
        return ", ".join(parts)


@dataclass(frozen=True)
class SearchHit:
    type: TargetType
    id: int
    title: str
    snippet: str
    rank: float


@dataclass(frozen=True)
class SearchResult:
    """A search's hits, best first, and `notice`: a sentence when not all of the query was searched."""

    hits: tuple[SearchHit, ...]
    notice: str | None = None


@dataclass(frozen=True)
class VerifyProblem:
    evidence_id: int
    exhibit: int
    filename: str
    state: VerifyState
    detail: str = ""


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    action: str
    entity_type: str
    entity_id: int | None
    summary: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    actor: str = ""  # who: the database role on a server case, the login name on a local one


@dataclass(frozen=True)
class EventFilter:
    """Timeline filter; every field narrows the list, None/empty means 'any'."""

    text: str = ""
    party_id: int | None = None
    tag: str | None = None
    statuses: tuple[Status, ...] = (Status.SUGGESTED, Status.CONFIRMED, Status.DISPUTED)
    date_from: str | None = None  # ISO prefix, inclusive
    date_to: str | None = None  # ISO prefix, inclusive
    evidence_id: int | None = None
    min_confidence: float | None = None  # hide suggestions scored below this (hand-made events always show)
    to_review: bool = False  # only suggestions still awaiting a verdict
    event_ids: tuple[int, ...] | None = None  # only these events (the "Sources disagree" filter)


@dataclass(frozen=True)
class EventRow:
    """One line of the Timeline table, fetched in pages straight from SQL."""

    id: int
    date: EventDate
    title: str
    parties: str
    source_count: int
    status: Status
    origin: Origin
    tags: str = ""
    confidence: float | None = None
    forecast: bool = False
    version: int = 0


@overload
def draft_of(record: EventRecord) -> EventDraft: ...
@overload
def draft_of(record: PartyRecord) -> PartyDraft: ...
def draft_of(record: EventRecord | PartyRecord) -> EventDraft | PartyDraft:
    """The record as a draft (to edit it, or to undo an edit): the draft's fields, read from the record; the
    field list is written once, in the draft."""
    draft_type = EventDraft if isinstance(record, EventRecord) else PartyDraft
    return draft_type(**{f.name: getattr(record, f.name) for f in dataclasses.fields(draft_type)
                         if f.name != "version"})
