"""The Timeline's text filter finds the same events on a local case and a team case (PostgreSQL reads its own
stored tsvector and trigram indexes, migration 0005), and follows an edit at once."""

from __future__ import annotations

from casefile.context import Case
from casefile.domain.dates import EventDate
from casefile.domain.records import EventDraft, EventFilter


def _titles(case: Case, text: str) -> list[str]:
    return [r.title for r in case.events.rows(EventFilter(text=text), 0, 100)]


def test_filter_words_prefixes_phrases_and_symbols(bcase: Case) -> None:
    ev = bcase.events
    ev.create(EventDraft(EventDate.on("2024-02-01"), "Okafor files suit", description="In the High Court."))
    ev.create(EventDraft(EventDate.on("2024-02-02"), "Hearing adjourned", description="Counsel for OKAFOR asked."))
    ev.create(EventDraft(EventDate.on("2024-02-03"), "Doctored recording aired", description="Cut with C++ tools"))
    ev.create(EventDraft(EventDate.on("2024-02-04"), "Board meets", description="Nothing about the suit."))
    assert _titles(bcase, "okafor") == ["Okafor files suit", "Hearing adjourned"]
    assert _titles(bcase, "oka") == ["Okafor files suit", "Hearing adjourned"]  # words match as prefixes
    assert _titles(bcase, "doctored rec") == ["Doctored recording aired"]
    assert _titles(bcase, '"files suit"') == ["Okafor files suit"]
    assert _titles(bcase, "suit") == ["Okafor files suit", "Board meets"]
    assert _titles(bcase, "++") == ["Doctored recording aired"]  # no word typed: a substring match
    assert bcase.events.count(EventFilter(text="okafor")) == 2
    first = bcase.events.rows(EventFilter(text="board"), 0, 1)[0]
    bcase.events.update(first.id, EventDraft(EventDate.on("2024-02-04"), "Board meets Okafor",
                                             description="Nothing about the suit."))
    assert _titles(bcase, "okafor") == ["Okafor files suit", "Hearing adjourned", "Board meets Okafor"]
