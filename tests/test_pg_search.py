"""Search on a team case: PostgreSQL's full-text search ranks and marks hits as FTS5 does on a local case."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.context import Case
from casefile.domain.dates import EventDate
from casefile.domain.enums import TargetType
from casefile.domain.records import EventDraft, EventFilter
from casefile.services.text_query import pg_tsquery

FILLER = ("The committee met again on Thursday to go through the budget, the staffing plan and the schedule for "
          "the coming quarter, and adjourned without a vote. ") * 6


def _fill(case: Case) -> None:
    """Events whose titles and descriptions hold 'subpoena' in ways a ranking must tell apart."""
    def event(day: str, title: str, description: str = "") -> None:
        case.events.create(EventDraft(EventDate.on(day), title, description=description))

    event("2024-01-05", "Subpoena served on the ledger")                                 # short title hit
    event("2024-01-06", "Board meeting", f"{FILLER} A subpoena was mentioned once. {FILLER}")  # one word, long body
    event("2024-01-07", "Staff call", "Subpoena, subpoena: the subpoena of the archive.")   # body, three times
    event("2024-01-08", "Unrelated filing", "Nothing to see here.")
    case.notes.create("Ask counsel whether the subpoenaed recordings are complete")        # prefix hit
    case.notes.create("Lunch with Ruth Abernathy")


def test_ranking_and_snippets_match_the_local_case(bcase: Case, tmp_path: Path) -> None:
    _fill(bcase)
    hits = bcase.search.search("subpoena")
    titles = [h.title for h in hits]
    # a title hit first (title weighs four times the body); more hits in less text before one in a long text
    assert titles == ["Subpoena served on the ledger", "Staff call",
                      "Ask counsel whether the subpoenaed recordings are complete", "Board meeting"]
    assert "Unrelated filing" not in titles and "Lunch with Ruth Abernathy" not in titles
    assert {h.type for h in hits} == {TargetType.EVENT, TargetType.NOTE}  # 'subpoenaed' matches the prefix
    ranks = [h.rank for h in hits]
    assert ranks == sorted(ranks)  # lower is better on both backends
    board = next(h for h in hits if h.title == "Board meeting")
    assert "[subpoena]" in board.snippet
    assert board.snippet.startswith("…") and board.snippet.endswith("…")  # cut out of a longer text
    assert len(board.snippet.split()) <= 16
    title_hit = next(h for h in hits if h.title == "Subpoena served on the ledger")
    assert title_hit.snippet == "[Subpoena] served on the ledger"


def test_phrases_prefixes_and_hostile_input(bcase: Case) -> None:
    _fill(bcase)
    assert [h.title for h in bcase.search.search('"served on the ledger"')] == ["Subpoena served on the ledger"]
    assert bcase.search.search('"ledger the on served"') == []
    assert {h.title for h in bcase.search.search("abern")} == {"Lunch with Ruth Abernathy"}
    for hostile in ("AND OR NOT (", "subpoena & !", "':* | <->", "\\", "%", "?"):
        assert isinstance(bcase.search.search(hostile), list)
    assert [h.title for h in bcase.search.search("subpoena & !")][0] == "Subpoena served on the ledger"


def test_timeline_text_filter_uses_the_index(bcase: Case) -> None:
    _fill(bcase)
    assert bcase.events.count(EventFilter(text="subpoen")) == 3
    rows = bcase.events.rows(EventFilter(text='"the archive"'))
    assert [r.title for r in rows] == ["Staff call"]
    assert bcase.events.count(EventFilter(text="abernathy")) == 0  # notes are not events


def test_index_follows_edits_aliases_and_deletes(bcase: Case) -> None:
    from casefile.domain.enums import PartyKind
    from casefile.domain.records import PartyDraft

    pid = bcase.parties.create(PartyDraft("Halvorsen Media Group", PartyKind.ORGANIZATION, aliases=("HMG Oslo",)))
    assert [h.id for h in bcase.search.search("oslo")] == [pid]
    note = bcase.notes.create("Draft about the tribunal")
    bcase.notes.set_text(note, "Draft about the appeal")
    assert bcase.search.search("tribunal") == []
    assert [h.id for h in bcase.search.search("appeal")] == [note]
    bcase.notes.delete(note)
    assert bcase.search.search("appeal") == []


@pytest.mark.parametrize(("typed", "expected"), [
    ("baldoni voice", "'baldoni':* & 'voice':*"),
    ('"doctored recording" okafor', "('doctored' <-> 'recording') & 'okafor':*"),
    ("O'Neil", "'o':* & 'neil':*"),
    ("!!", None),
])
def test_tsquery_reads_input_like_the_fts5_query(typed: str, expected: str | None) -> None:
    assert pg_tsquery(typed) == expected
