"""Importing a chronology spreadsheet's rows as events, linking parties by name, in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from casefile.db.models import Event, EventSource, Evidence, Party
from casefile.domain.enums import Origin, PartyKind, PartyRole, Status
from casefile.domain.records import EventDraft, PartyDraft
from casefile.services.base import Service, audit
from casefile.services.event_service import _apply as apply_event
from casefile.services.names import norm_name
from casefile.services.party_service import _apply as apply_party
from casefile.services.party_service import match_party

_STATUS = {s.value: s for s in Status}
_EXHIBIT_REF = ("ex.", "ex", "exhibit")


class ChronologyService(Service):
    def import_rows(self, rows: Sequence[Any], source_evidence_id: int | None = None) -> tuple[list[int], list[str]]:
        """Create one event per usable row (`ChronologyRow`s); returns the new event ids and per-row errors.

        Parties are matched to existing names or aliases, else created (origin "imported"). A row's source
        naming an exhibit (`Ex. 7`) cites it; otherwise the spreadsheet itself (`source_evidence_id`) is cited.
        """
        created: list[int] = []
        errors: list[str] = []
        with self._write() as s:
            sheet = s.get(Evidence, source_evidence_id) if source_evidence_id is not None else None
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
                        apply_party(s, party, PartyDraft(name, PartyKind.PERSON, PartyRole.OTHER,
                                                         status=Status.CONFIRMED, origin=Origin.IMPORTED))
                        s.add(party)
                        s.flush()
                        new_parties[norm_name(name)] = party
                        audit(s, "create", "party", party.id, f"Added party '{party.name}' from a chronology")
                    if party.id not in party_ids:
                        party_ids.append(party.id)
                status = _STATUS.get((row.status or "").strip().lower(), Status.CONFIRMED)
                draft = EventDraft(row.date, row.title, row.description, status, Origin.IMPORTED,
                                   party_ids=tuple(party_ids), tags=tuple(row.tags))
                event = Event()
                apply_event(s, event, draft)
                cited = _exhibit_named(s, row.source) or sheet
                if cited is not None:
                    quote = row.source if cited is not sheet else f"row {row.row}"
                    event.sources = [EventSource(evidence=cited, evidence_id=cited.id, quote=quote)]
                s.add(event)
                s.flush()
                created.append(event.id)
            audit(s, "import", "case", None, f"Imported {len(created)} events from a chronology",
                  after={"events": created, "errors": errors, "source": source_evidence_id})
        return created, errors


def _exhibit_named(s: Any, source: str) -> Evidence | None:
    text = (source or "").strip().lower()
    for prefix in _EXHIBIT_REF:
        if text.startswith(prefix):
            rest = text[len(prefix):].strip(" .#")
            if rest.isdigit():
                return s.scalars(select(Evidence).where(Evidence.exhibit == int(rest))).first()
    return None
