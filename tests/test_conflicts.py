"""Where sources disagree: happenings matched across exhibits, disagreements and agreements, corroboration,
verdicts with undo and audit, "not the same happening" remembered, and `casefile conflicts --json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile import cli
from casefile.context import Case
from casefile.domain.conflicts import DisagreementKind, Verdict
from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import DateQualifier
from casefile.extract.amounts import amounts_disagree, amounts_in
from casefile.extract.happenings import Telling, act_of, day_bounds, differences, name_keys, same_happening
from tests.conflict_fixtures import write_dispute


@pytest.fixture
def told(case: Case, tmp_path: Path) -> Case:
    """The case with the three exhibits imported through the real import and suggestion pass."""
    case.suggestions.use_model = False
    case.imports.import_paths(write_dispute(tmp_path / "src"))
    return case


def _telling(eid: int, exhibit: int, act: str, day: CaseDate, *, qualifier: DateQualifier = DateQualifier.ON,
             agent: str = "", parties: tuple[str, ...] = ("Tom Reyes", "Halcyon Records"), amounts: str = "",
             copy: str = "") -> Telling:
    lo, hi, exact = day_bounds(EventDate(day, qualifier))
    return Telling(eid, exhibit, f"outlet {exhibit}", copy or f"text {eid}", act, "", agent,
                   tuple(name_keys(p) for p in parties),
                   lo, hi, exact, day.display(), tuple(amounts_in(amounts)))


def test_amounts_written_differently_are_one_amount() -> None:
    same = ["$40 million", "$40M", "40 million dollars", "US$40 million"]
    for a in same:
        for b in same:
            assert amounts_disagree(amounts_in(a), amounts_in(b)) is None, (a, b)
    assert amounts_disagree(amounts_in("$40 million"), amounts_in("$14 million")) is not None
    assert amounts_disagree(amounts_in("a nine-hour session"), amounts_in("a six-hour session")) is not None
    assert amounts_in("six weeks after she left") == []  # an interval between events measures nothing
    assert amounts_in("according to two people familiar with the talks") == []  # the story's sources
    assert amounts_in("a 10-year-old witness") == []
    assert [a.written for a in amounts_in("seeking 40 million in damages")] == ["40 million"]


def test_names_match_through_aliases() -> None:
    assert name_keys("Tom Reyes") & name_keys("Mr Reyes") & name_keys("Reyes") == {"reyes"}
    assert not name_keys("Halcyon Records") & name_keys("Tom Reyes")


def test_dates_and_bounds() -> None:
    day = _telling(1, 1, "sue", CaseDate(2025, 3, 3))
    other_day = _telling(2, 2, "sue", CaseDate(2025, 3, 5))
    month = _telling(3, 3, "sue", CaseDate(2025, 3, precision=CaseDate.parse("2025-03").precision))
    april = _telling(4, 4, "sue", CaseDate(2025, 4, 2))
    bound = _telling(5, 5, "sue", CaseDate(2025, 5, 7), qualifier=DateQualifier.BEFORE)
    kinds = lambda a, b: {d.kind for d in differences(a, b)}  # noqa: E731
    assert kinds(day, other_day) == {"date"}
    assert kinds(day, month) == set()  # March includes March 3
    assert kinds(month, april) == {"date"}  # ... but not April 2
    assert kinds(day, bound) == set()  # "on or before 7 May" includes March 3
    copy = _telling(6, 6, "sue", CaseDate(2025, 3, 9), copy="text 1")
    assert kinds(day, copy) == set()  # two copies of one wire story never disagree


def test_different_happenings_sharing_parties_are_not_matched() -> None:
    letter = _telling(1, 1, "send", CaseDate(2025, 5, 20))
    suit = _telling(2, 2, "sue", CaseDate(2025, 6, 2))
    assert not same_happening(letter, suit)
    theirs = _telling(3, 3, "sue", CaseDate(2025, 6, 20), agent="Halcyon Records")
    mine = _telling(4, 4, "sue", CaseDate(2025, 6, 2), agent="Tom Reyes")
    assert not same_happening(theirs, mine)  # Y suing X is another suit than X suing Y
    assert act_of("Brightline laid off 210 workers").kind == "layoff"  # type: ignore[union-attr]
    assert act_of("Oyelaran stepped down as chief executive").kind == "resign"  # type: ignore[union-attr]


def test_disagreements_found_and_agreements_left_alone(told: Case) -> None:
    found = told.conflicts.disagreements()
    assert sorted(d.kind.value for d in found) == ["actor", "date"]
    date = next(d for d in found if d.kind is DisagreementKind.DATE)
    assert {date.a.value, date.b.value} == {"June 2, 2025", "4 June 2025"}
    assert {date.a.outlet, date.b.outlet} <= {"Northgate Herald", "Riverbend Times", "Eastport Gazette"}
    actor = next(d for d in found if d.kind is DisagreementKind.ACTOR)
    assert {actor.a.value, actor.b.value} == {"Halcyon Records", "Reyes"}
    # the cease-and-desist letter shares both parties and came two weeks before the suit: not one happening
    letter = next(e for e in told.events.list() if "letter" in e.title)
    assert told.conflicts.happening_of(letter.id) == []
    assert told.conflicts.flagged_event_ids() == {i for d in found for i in d.event_ids}


def test_corroboration_counts_outlets_not_copies(told: Case) -> None:
    counts = told.conflicts.corroboration()
    suit = next(e for e in told.events.list() if "filed a lawsuit" in e.title)
    assert counts[suit.id] == 2  # the Herald, and one wire story carried by two outlets


def test_one_is_right_then_undo(told: Case) -> None:
    d = next(x for x in told.conflicts.disagreements() if x.kind is DisagreementKind.DATE)
    undo = told.conflicts.verdicts.give(d, Verdict.A_RIGHT)
    a, b = told.events.get(d.a.event_id), told.events.get(d.b.event_id)
    assert (a.status.value, b.status.value) == ("confirmed", "disputed")
    assert b.asserted_by is not None and told.parties.get(b.asserted_by).name == d.b.outlet
    after = next(x for x in told.conflicts.disagreements() if x.kind is DisagreementKind.DATE)
    assert after.verdict is Verdict.A_RIGHT and not after.open
    assert any(e["action"] == "verdict" and "is right" in e["summary"] for e in told.export.audit_log())
    told.conflicts.verdicts.undo(undo)
    a, b = told.events.get(d.a.event_id), told.events.get(d.b.event_id)
    assert (a.status.value, b.status.value, b.asserted_by) == ("suggested", "suggested", None)
    assert next(x for x in told.conflicts.disagreements() if x.kind is DisagreementKind.DATE).open


def test_not_the_same_happening_is_remembered(told: Case, tmp_path: Path) -> None:
    d = next(x for x in told.conflicts.disagreements() if x.kind is DisagreementKind.ACTOR)
    undo = told.conflicts.verdicts.give(d, Verdict.NOT_SAME)
    assert all(x.kind is not DisagreementKind.ACTOR or d.b.event_id not in x.event_ids
               for x in told.conflicts.disagreements())
    told.conflicts.resign([d.b.event_id])  # signed again (as after an edit): the pair stays apart
    assert d.b.event_id not in told.conflicts.happening_of(d.a.event_id)
    told.conflicts.verdicts.undo(undo)
    assert d.b.event_id in told.conflicts.happening_of(d.a.event_id)


def test_manual_link_and_unlink_undo(told: Case) -> None:
    letter = next(e for e in told.events.list() if "letter" in e.title)
    suit = next(e for e in told.events.list() if "filed a lawsuit" in e.title)
    undo = told.conflicts.verdicts.link([letter.id, suit.id])
    assert letter.id in told.conflicts.happening_of(suit.id)
    told.conflicts.verdicts.undo_link(undo)
    assert told.conflicts.happening_of(letter.id) == []
    assert len(told.conflicts.happening_of(suit.id)) == 3  # the suit's own happening is whole again


def test_new_events_only_are_signed(told: Case, tmp_path: Path) -> None:
    assert told.conflicts.refresh() == 0  # the import's pass signed everything
    extra = tmp_path / "late.md"
    extra.write_text("---\ndate: 2025-07-09\nsite: Late Post\n---\n\nTom Reyes sued Halcyon Records on June 2, "
                     "2025.\n", encoding="utf-8")
    told.imports.import_paths([extra])
    suit = next(e for e in told.events.list() if "filed a lawsuit" in e.title)
    assert len(told.conflicts.happening_of(suit.id)) == 4


def test_cli_conflicts_json(told: Case, capsys: pytest.CaptureFixture[str]) -> None:
    path = told.path
    told.close()
    assert cli.main(["conflicts", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert sorted(o["kind"] for o in out) == ["actor", "date"]
    for o in out:
        assert len(o["values"]) == 2 and len(o["sides"]) == 2 and o["verdict"] is None
        for side in o["sides"]:
            assert set(side) >= {"id", "title", "date", "citations"}
            assert side["citations"] and all(isinstance(c["exhibit"], int) and c["quote"] for c in side["citations"])
    assert cli.main(["conflicts", str(path)]) == 0
    assert "date:" in capsys.readouterr().out


def test_summary_section_lists_open_and_resolved(told: Case) -> None:
    from casefile.reports.options import SummaryOptions
    from casefile.reports.summary_data import build_summary
    from casefile.reports.summary_html import build_html, contents_html

    d = next(x for x in told.conflicts.disagreements() if x.kind is DisagreementKind.DATE)
    told.conflicts.verdicts.give(d, Verdict.BOTH_DISPUTED)
    data = build_summary(told, SummaryOptions())
    assert [e.kind for e in data.disagreements] == ["Who did it", "Date"]  # open first, then resolved
    html = dict(build_html(data).parts)["disagreements"]
    assert "Where sources disagree" in html and "“Halcyon Records”" in html and "“Reyes”" in html
    assert "OPEN" in html and "Both disputed: “June 2, 2025” asserted by Northgate Herald" in html
    assert "Ex. 1" in html and "Halcyon Records released the unfinished album on July 1, 2025." in html
    assert "Where sources disagree" in contents_html(data, None)


def test_on_each_backend(bcase: Case, tmp_path: Path) -> None:
    """The same matching, verdict and undo on SQLite and on a server case (PostgreSQL)."""
    bcase.suggestions.use_model = False
    bcase.imports.import_paths(write_dispute(tmp_path / "src"))
    found = bcase.conflicts.disagreements()
    assert sorted(d.kind.value for d in found) == ["actor", "date"]
    d = next(x for x in found if x.kind is DisagreementKind.ACTOR)
    undo = bcase.conflicts.verdicts.give(d, Verdict.BOTH_DISPUTED)
    assert {bcase.events.get(i).status.value for i in d.event_ids} == {"disputed"}
    bcase.conflicts.verdicts.undo(undo)
    assert {bcase.events.get(i).status.value for i in d.event_ids} == {"suggested"}
    assert bcase.conflicts.verdicts.not_same(*d.event_ids).apart


def test_each_dissent_is_told_against_the_most_told_value() -> None:
    from casefile.services.conflict_service import _apart

    told = [_telling(1, 1, "sue", CaseDate(2025, 3, 3)), _telling(2, 2, "sue", CaseDate(2025, 3, 3)),
            _telling(3, 3, "sue", CaseDate(2025, 3, 5)), _telling(4, 4, "sue", CaseDate(2025, 3, 7))]
    pairs = _apart(told, DisagreementKind.DATE)
    assert sorted((a.event_id in (1, 2), b.event_id) for a, b, _va, _vb in pairs) == [(True, 3), (True, 4)]
