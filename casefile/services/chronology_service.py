"""Importing a chronology spreadsheet's rows as events, linking parties by name, in one transaction."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.db.models import Event, EventSource, Evidence, Party
from casefile.domain.enums import Origin, PartyKind, PartyRole, Status
from casefile.domain.records import EventDraft, PartyDraft
from casefile.importers.spreadsheet import ChronologyRow, Table, guess_mapping, read_table, rows_to_chronology
from casefile.services.base import Service, audit
from casefile.services.event_service import _apply as apply_event
from casefile.services.names import norm_name
from casefile.services.party_service import _apply as apply_party
from casefile.services.party_service import match_party

_STATUS = {s.value: s for s in Status}


class ChronologyService(Service):
    """A chronology sheet read, previewed under a column mapping, then added as events."""

    def read_sheet(self, path: Path) -> tuple[Table, dict[str, int]]:
        """The sheet's cells and the columns guessed for each event field (worker thread; no database)."""
        table = read_table(path, path.name)
        return table, guess_mapping(table.headers)

    def map_rows(self, table: Table, mapping: dict[str, int]) -> list[ChronologyRow]:
        """The rows as events under `mapping` (field -> column), each with the reason it cannot be one."""
        return rows_to_chronology(table, mapping)

    def import_table(self, table: Table, mapping: dict[str, int],
                     source_evidence_id: int | None = None) -> tuple[list[int], list[str]]:
        return self.import_rows(rows_to_chronology(table, mapping), source_evidence_id)

    def import_rows(self, rows: Sequence[Any], source_evidence_id: int | None = None) -> tuple[list[int], list[str]]:
        """Create one event per usable row (`ChronologyRow`s) in one transaction; returns new ids and row errors."""
        with self._write() as s:
            sheet = s.get(Evidence, source_evidence_id) if source_evidence_id is not None else None
            return add_rows(s, rows, sheet)


def add_rows(s: Session, rows: Sequence[Any], sheet: Evidence | None) -> tuple[list[int], list[str]]:
    """Add chronology rows as events inside the caller's transaction (the import of the sheet uses it too).

    Parties are matched to existing names or aliases, else created (origin "imported"). A row's source naming
    exhibits (`Ex. 7`, `Ex. 7, p. 2: "quote"; Ex. 9`) cites them; otherwise the spreadsheet itself is cited.
    """
    created: list[int] = []
    errors: list[str] = []
    new_parties: dict[str, Party] = {}
    for row in rows:
        if getattr(row, "error", ""):
            errors.append(row.error)
            continue
        if row.date is None or not (row.title or "").strip():
            errors.append(f"row {row.row}: no date or title")
            continue
        party_ids: list[int] = []
        for name in row.parties:
            party = new_parties.get(norm_name(name)) or match_party(s, [name])
            if party is None:
                party = Party()
                s.add(party)
                apply_party(s, party, PartyDraft(name, PartyKind.PERSON, PartyRole.OTHER,
                                                 status=Status.CONFIRMED, origin=Origin.IMPORTED))
                s.flush()
                new_parties[norm_name(name)] = party
                audit(s, "create", "party", party.id, f"Added party '{party.name}' from a chronology")
            if party.id not in party_ids:
                party_ids.append(party.id)
        status = _STATUS.get((row.status or "").strip().lower(), Status.CONFIRMED)
        draft = EventDraft(row.date, row.title, row.description, status, Origin.IMPORTED,
                           party_ids=tuple(party_ids), tags=tuple(row.tags))
        event = Event()
        s.add(event)
        apply_event(s, event, draft)
        cited = _sources_named(s, row.source)
        if cited:
            event.sources = cited
        elif sheet is not None:
            event.sources = [EventSource(evidence=sheet, evidence_id=sheet.id, quote=f"row {row.row}")]
        s.flush()
        created.append(event.id)
    audit(s, "import", "case", None, f"Imported {len(created)} events from a chronology",
          after={"events": created, "errors": errors, "source": sheet.id if sheet is not None else None})
    return created, errors


_REF = re.compile(
    r"""(?:ex\.?|exhibit)\s*\#?\s*(?P<ex>\d+)(?:,\s*p\.\s*(?P<page>\d+))?(?:\s+at\s+(?P<t>\d{1,2}(?::\d{2}){1,2}))?"""
    r"""(?:\s*:\s*"(?P<quote>(?:[^"]|"")*)")?""",
    re.IGNORECASE,
)


def _sources_named(s: Session, source: str) -> list[EventSource]:
    """Citations for the exhibits a source cell names, in the form `casefile export --format csv` writes."""
    out: list[EventSource] = []
    for m in _REF.finditer(source or ""):
        ev = s.scalars(select(Evidence).where(Evidence.exhibit == int(m["ex"]))).first()
        if ev is None:
            continue
        t = m["t"]
        ms = None
        if t:
            parts = [int(x) for x in t.split(":")]
            secs = parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) == 3 else 0)
            ms = secs * 1000
        out.append(EventSource(evidence=ev, evidence_id=ev.id, quote=(m["quote"] or "").replace('""', '"'),
                               page=int(m["page"]) if m["page"] else None, time_ms=ms))
    return out
