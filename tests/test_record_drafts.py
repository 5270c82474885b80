"""A record is its draft plus what the case adds: a stored event or party read back gives the draft it was saved
from, and every part of a citation's passage (quote, span, page, moment) survives the round trip."""

from __future__ import annotations

import dataclasses

from casefile.context import Case
from casefile.db.models import Evidence
from casefile.domain.dates import EventDate
from casefile.domain.enums import Origin, PartyKind, PartyRole, Status
from casefile.domain.records import Citation, EventDraft, PartyDraft, draft_of


def _exhibit(case: Case) -> tuple[int, int]:
    with case.ctx.writes() as s, s.begin():
        ev = Evidence(exhibit=5, filename="hearing.mp4", kind="video", text="", size=10)
        s.add(ev)
        s.flush()
        return ev.id, ev.exhibit


def test_an_event_read_back_gives_the_draft_it_was_saved_from(case: Case) -> None:
    pid = case.parties.create(PartyDraft("Marguerite Okafor", PartyKind.PERSON, PartyRole.PLAINTIFF))
    ev_id, exhibit = _exhibit(case)
    draft = EventDraft(EventDate.on("2024-03-12"), "Hearing adjourned", "The judge adjourned to May.",
                       Status.SUGGESTED, Origin.EXTRACTED, asserted_by=pid, party_ids=(pid,),
                       citations=(Citation(ev_id, quote="adjourned", char_start=4, char_end=13, page=2,
                                           time_ms=83_000),), tags=("hearing",))
    eid = case.events.create(draft)
    record = case.events.get(eid)
    assert isinstance(record, EventDraft) and record.id == eid and record.party_names == ("Marguerite Okafor",)
    [cite] = record.citations
    assert dataclasses.replace(cite, id=None) == dataclasses.replace(draft.citations[0], exhibit=exhibit)
    assert cite.locator() == f"Ex. {exhibit}, p. 2"
    assert draft_of(record) == dataclasses.replace(draft, citations=record.citations)
    assert draft_of(record).version == 0 and type(draft_of(record)) is EventDraft


def test_a_party_read_back_gives_the_draft_it_was_saved_from(case: Case) -> None:
    draft = PartyDraft("Halvorsen Media Group", PartyKind.ORGANIZATION, PartyRole.DEFENDANT, ("HMG",),
                       "A publisher.", Status.CONFIRMED, Origin.MANUAL, ("media",))
    record = case.parties.get(case.parties.create(draft))
    assert isinstance(record, PartyDraft) and record.event_count == 0
    assert draft_of(record) == draft and type(draft_of(record)) is PartyDraft
