"""What a report reads from a case, as a typed protocol: the summary is built from these calls only.

`casefile.context.Case` satisfies it (its services do); reports never import services or the composition root.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Protocol

from casefile.domain.enums import EvidenceKind, PartyKind, Status, TargetType
from casefile.domain.records import (
    CaseInfo,
    Counts,
    EventFilter,
    EventRecord,
    EvidenceRecord,
    NoteRecord,
    PartyRecord,
)

# (id, day, status, first party id, bar start, bar end, forecast, title): an event as the timeline draws it
Position = tuple[int, float, str, "int | None", "float | None", "float | None", bool, str]


class CaseFacts(Protocol):
    def info(self) -> CaseInfo: ...
    def counts(self) -> Counts: ...


class EventSource(Protocol):
    def get(self, event_id: int) -> EventRecord: ...
    def list(self, flt: EventFilter | None = None) -> builtins.list[EventRecord]: ...
    def count(self, flt: EventFilter | None = None) -> int: ...
    def positions(self, flt: EventFilter | None = None) -> builtins.list[Position]: ...


class EvidenceSource(Protocol):
    def list(self, kinds: Iterable[EvidenceKind] | None = None) -> builtins.list[EvidenceRecord]: ...
    def thumbnail(self, evidence_id: int) -> bytes | None: ...


class NoteSource(Protocol):
    def list(self, target: TargetType | None = None, target_id: int | None = None) -> builtins.list[NoteRecord]: ...


class PartySource(Protocol):
    def list(self, statuses: Iterable[Status] | None = None) -> builtins.list[PartyRecord]: ...
    def names(self, statuses: Iterable[Status] | None = None) -> builtins.list[tuple[int, str, PartyKind]]: ...


class SummarySource(Protocol):
    """A case as the printed summary reads it."""

    @property
    def case(self) -> CaseFacts: ...
    @property
    def events(self) -> EventSource: ...
    @property
    def evidence(self) -> EvidenceSource: ...
    @property
    def notes(self) -> NoteSource: ...
    @property
    def parties(self) -> PartySource: ...


__all__ = ["CaseFacts", "EventSource", "EvidenceSource", "NoteSource", "PartySource", "Position", "SummarySource"]
