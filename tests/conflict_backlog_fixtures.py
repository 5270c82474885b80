"""A case as one made before sources were compared holds it: 300 events none of them signed, one of which tells
the suit of `conflict_fixtures`' dispute from an older article by another outlet (not a test module)."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from casefile.context import Case
from casefile.db.models import Event, EventAct, EventSource, Evidence, SuggestionRun, event_party
from casefile.domain.enums import PartyKind, PartyRole
from casefile.domain.records import PartyDraft

OLD_EVENTS = 300
OLD_SUIT = "Tom Reyes sued Halcyon Records on June 2, 2025, over unpaid royalties."
_FILLER = ["Halcyon Records released a statement on its tour plans", "Board minutes of the label reviewed",
           "Tom Reyes played the Harbor Arena", "Royalty statement for the first quarter received",
           "Halcyon Records posted its quarterly results", "Studio session booked at Fenwick Sound"]


def add_old_events(case: Case, n: int = OLD_EVENTS) -> int:
    """`n` unsigned events cited from one older exhibit (already read by a suggestion pass); returns the id of
    the one that tells the suit."""
    reyes = case.parties.create(PartyDraft("Tom Reyes", PartyKind.PERSON, PartyRole.PLAINTIFF))
    label = case.parties.create(PartyDraft("Halcyon Records", PartyKind.ORGANIZATION, PartyRole.DEFENDANT))
    text = f"{OLD_SUIT}\n\n" + "\n".join(_FILLER)
    with case.ctx.writes() as s, s.begin():
        ex = Evidence(exhibit=1, filename="courier.md", kind="article", text=text, size=len(text),
                      media_type="text/markdown", title="Reyes takes his label to court", published="2025-06-05",
                      meta={"site": "Old Courier"})
        s.add(ex)
        s.flush()
        s.add(SuggestionRun(evidence_id=ex.id, engine="rules", event_count=n, party_count=2))
        before = s.scalar(select(func.max(Event.id))) or 0
        rows = [{"date_start": "2025-06-02", "date_precision": "day", "title": OLD_SUIT, "status": "confirmed",
                 "origin": "extracted"}]
        rows += [{"date_start": f"{2019 + i % 6}-{i % 12 + 1:02d}-{i % 27 + 1:02d}", "date_precision": "day",
                  "title": f"{_FILLER[i % len(_FILLER)]} ({i})", "status": "confirmed", "origin": "manual"}
                 for i in range(1, n)]
        s.execute(insert(Event), rows)  # ids from the database's own sequence (a server case's too)
        ids = list(s.scalars(select(Event.id).where(Event.id > before).order_by(Event.id)))
        titles = dict(s.execute(select(Event.id, Event.title).where(Event.id > before)).all())
        s.execute(insert(event_party), [{"event_id": e, "party_id": p} for e in ids for p in (reyes, label)])
        s.execute(insert(EventSource), [{"event_id": e, "evidence_id": ex.id, "quote": titles[e], "char_start": 0,
                                         "char_end": len(titles[e])} for e in ids])
        assert s.scalar(select(func.count()).select_from(EventAct)) == 0
    assert titles[ids[0]] == OLD_SUIT
    return ids[0]
