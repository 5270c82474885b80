"""Timeline pages deep in the list are the same rows on both backends (PostgreSQL picks a deep page's ids first,
so the parties and tags of skipped rows are never worked out)."""

from __future__ import annotations

from casefile.context import Case
from casefile.domain.dates import EventDate
from casefile.domain.enums import Status
from casefile.domain.records import EventDraft, EventFilter, PartyDraft


def test_deep_pages_match_the_whole_list_in_every_order(bcase: Case) -> None:
    okafor = bcase.parties.create(PartyDraft("Adaeze Okafor"))
    for i in range(40):
        bcase.events.create(EventDraft(
            EventDate.on(f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}"), f"Hearing {i}" if i % 3 else f"Filing {i}",
            status=Status.SUGGESTED if i % 4 == 0 else Status.CONFIRMED, party_ids=(okafor,) if i % 2 else (),
            tags=("court",) if i % 5 == 0 else ()))
    for flt in (EventFilter(), EventFilter(text="hearing"), EventFilter(party_id=okafor)):
        for descending in (False, True):
            for order in ("date", "confidence"):
                whole = bcase.events.rows(flt, 0, 1000, descending=descending, order=order)
                for offset in (5, 17, len(whole) - 3):
                    page = bcase.events.rows(flt, offset, 6, descending=descending, order=order)
                    assert page == whole[offset:offset + 6], (flt, descending, order, offset)
    assert any(r.parties == "Adaeze Okafor" for r in bcase.events.rows(None, 20, 10))
    assert any(r.tags == "court" for r in bcase.events.rows(None, 20, 20))
