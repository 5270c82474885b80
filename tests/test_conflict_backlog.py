"""A case made before sources were compared: a suggestion pass signs only the events it wrote, never the old
ones; the backlog is signed by `sign_backlog` (cancellable, resumable, paused while `may_continue` says no) and
then an old telling joins the happening the new ones tell; `casefile conflicts` signs it too."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casefile import cli
from casefile.context import Case
from casefile.db.models import Event, EventAct
from tests.conflict_backlog_fixtures import OLD_EVENTS, add_old_events
from tests.conflict_fixtures import write_dispute


def _signed_ids(case: Case) -> set[int]:
    with case.ctx.reads() as s:
        return set(s.scalars(select(EventAct.event_id)))


def _event_count(case: Case) -> int:
    with case.ctx.reads() as s:
        return s.scalar(select(func.count()).select_from(Event)) or 0


@pytest.fixture
def old_case(bcase: Case, tmp_path: Path) -> tuple[Case, int]:
    """A case from before with 300 unsigned events, then the dispute's three exhibits imported (with the pass)."""
    old_suit = add_old_events(bcase)
    bcase.suggestions.use_model = False
    bcase.imports.import_paths(write_dispute(tmp_path / "src"))
    return bcase, old_suit


def _herald_suit(case: Case) -> int:
    return next(e.id for e in case.events.list() if "filed a lawsuit" in e.title)


def test_a_pass_signs_only_the_events_it_wrote(old_case: tuple[Case, int]) -> None:
    case, old_suit = old_case
    old = set(range(old_suit, old_suit + OLD_EVENTS))
    signed = _signed_ids(case)
    assert signed and not signed & old  # none of the backlog
    assert len(signed) == _event_count(case) - OLD_EVENTS  # every new one
    assert case.conflicts.backlog() == OLD_EVENTS
    assert sorted(d.kind.value for d in case.conflicts.disagreements()) == ["actor", "date"]  # new vs new
    assert old_suit not in case.conflicts.happening_of(_herald_suit(case))


def test_the_backlog_signs_the_rest_and_an_old_telling_joins_the_happening(old_case: tuple[Case, int]) -> None:
    case, old_suit = old_case
    seen: list[tuple[int, int]] = []
    report = case.conflicts.sign_backlog(lambda done, total: seen.append((done, total)))
    assert (report.signed, report.total, report.cancelled) == (OLD_EVENTS, OLD_EVENTS, False)
    assert seen[-1] == (OLD_EVENTS, OLD_EVENTS) and len(seen) >= 3  # in small steps, each reported
    assert len(_signed_ids(case)) == _event_count(case)
    assert old_suit in case.conflicts.happening_of(_herald_suit(case))
    assert case.conflicts.sign_backlog().signed == 0


def test_the_backlog_stops_when_cancelled_and_goes_on_where_it_stopped(case: Case) -> None:
    add_old_events(case)
    steps: list[int] = []
    first = case.conflicts.sign_backlog(lambda done, _total: steps.append(done), lambda: bool(steps))
    assert first.cancelled and 0 < first.signed == len(_signed_ids(case)) < OLD_EVENTS
    rest = case.conflicts.sign_backlog()
    assert not rest.cancelled and rest.total == OLD_EVENTS - first.signed == rest.signed
    assert len(_signed_ids(case)) == OLD_EVENTS
    assert case.conflicts.sign_backlog() == type(rest)(0, 0, False)  # nothing left: idempotent


def test_the_backlog_waits_while_it_may_not_continue(case: Case) -> None:
    add_old_events(case)
    allowed = threading.Event()
    asked = threading.Event()
    calls = 0

    def may_continue() -> bool:
        nonlocal calls
        calls += 1
        if calls >= 3:
            asked.set()  # it asked again and again: it is waiting
        return allowed.is_set()

    out: list[object] = []
    worker = threading.Thread(target=lambda: out.append(case.conflicts.sign_backlog(may_continue=may_continue)))
    worker.start()
    try:
        assert asked.wait(10)
        assert _signed_ids(case) == set()  # nothing signed while it may not go on
    finally:
        allowed.set()
        worker.join(30)
    assert not worker.is_alive()
    assert len(_signed_ids(case)) == OLD_EVENTS


def test_cli_conflicts_signs_the_backlog_first(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                               ) -> None:
    from casefile.context import open_case

    old_suit = add_old_events(case)
    case.suggestions.use_model = False
    case.imports.import_paths(write_dispute(tmp_path / "src"))
    path = case.path
    case.close()
    assert cli.main(["conflicts", str(path), "--json"]) == 0
    capsys.readouterr()
    with open_case(path) as again:
        assert again.conflicts.backlog() == 0
        assert old_suit in again.conflicts.happening_of(_herald_suit(again))
