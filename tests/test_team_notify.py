"""Change notices on a server case: every committed write is announced (NOTIFY is transactional: a refused or
rolled-back one is not), with tables, ids, who and the sender; a listener on its own connection hears them,
ignores its own case's, and comes back after losing its connection. PostgreSQL only (SQLite has no server)."""

from __future__ import annotations

import queue
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from casefile.context import Case, open_case
from casefile.db.notify import ChangeListener, Notice, conninfo
from casefile.domain.dates import EventDate
from casefile.domain.enums import Status
from casefile.domain.errors import StaleEditError
from casefile.domain.records import EventDraft, EventFilter
from tests.backends import new_case, server_url, throwaway_database

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Case]:
    server_url()  # skips without a test server
    with throwaway_database("pgteam_") as url, new_case(tmp_path, "postgresql", database=url) as case:
        yield case


@pytest.fixture
def heard(team: Case) -> Iterator[queue.Queue[Notice]]:
    """Notices heard by a listener that ignores `team`'s own (as the window showing it would)."""
    got: queue.Queue[Notice] = queue.Queue()
    listener = ChangeListener(conninfo(team.ctx.engine), got.put, ignore_session=team.ctx.session_id)
    listener.start()
    assert listener.wait_listening()
    yield got
    listener.stop()


def _next(got: queue.Queue[Notice], timeout: float = 5.0) -> Notice:
    return got.get(timeout=timeout)


def _nothing(got: queue.Queue[Notice], wait: float = 0.8) -> None:
    with pytest.raises(queue.Empty):
        got.get(timeout=wait)


def test_another_persons_change_is_heard_with_who_and_which_rows(team: Case, heard: queue.Queue[Notice]) -> None:
    team.events.create(EventDraft(EventDate.on("2024-03-05"), "Mine: not announced to myself"))
    _nothing(heard)
    with open_case(team.path) as other:  # a second person's app on the same case
        eid = other.events.create(EventDraft(EventDate.on("2024-03-06"), "Council meets"))
        notice = _next(heard)
        assert notice.tables == {"event": (eid,)}
        assert notice.session == other.ctx.session_id
        with team.ctx.engine.connect() as conn:
            assert notice.actor == conn.execute(text("SELECT current_user")).scalar()


def test_a_write_that_does_not_commit_is_not_announced(team: Case, heard: queue.Queue[Notice]) -> None:
    with open_case(team.path) as other:
        eid = other.events.create(EventDraft(EventDate.on("2024-03-06"), "Council meets"))
        _next(heard)
        with pytest.raises(StaleEditError):
            other.events.update(eid, EventDraft(EventDate.on("2024-03-06"), "Stale"), expected_version=7)
        _nothing(heard)


def test_a_bulk_verdict_is_one_notice_saying_reload(team: Case, heard: queue.Queue[Notice]) -> None:
    with open_case(team.path) as other:
        for i in range(250):
            other.events.create(EventDraft(EventDate.on("2024-03-06"), f"Suggested {i}", status=Status.SUGGESTED))
        for _ in range(250):
            _next(heard)
        other.events.set_status_where(EventFilter(statuses=(Status.SUGGESTED,)), Status.CONFIRMED)
        assert _next(heard).tables == {"event": None}  # 250 ids: "reload the events", in one notice
        _nothing(heard)


def test_an_import_by_another_process_is_heard(team: Case, heard: queue.Queue[Notice], tmp_path: Path) -> None:
    src = tmp_path / "minutes.txt"
    src.write_text("date 2024-03-07\nMinutes of the Harbour Road council meeting.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "casefile", "import", str(team.path), "--quick", str(src)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    notice = _next(heard)
    assert "evidence" in notice.tables
    assert notice.tables["evidence"] == (team.evidence.list()[0].id,)


def test_the_listener_comes_back_after_losing_its_connection(team: Case, heard: queue.Queue[Notice]) -> None:
    with team.ctx.engine.connect() as conn:
        ended = conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE application_name = 'casefile-listen' AND datname = current_database()"))
        assert ended.scalar() is True
    assert _next(heard, timeout=10) == Notice.resync()  # notices sent while away are lost: reload everything
    deadline = time.monotonic() + 10
    with open_case(team.path) as other:
        eid = other.events.create(EventDraft(EventDate.on("2024-03-06"), "After the reconnect"))
        while time.monotonic() < deadline:
            if _next(heard).tables == {"event": (eid,)}:
                return
    pytest.fail("no notice after the reconnect")


def test_a_garbled_payload_is_ignored() -> None:
    assert Notice.parse("not json") is None
    assert Notice.parse('{"tables": {"event": [1, 2]}, "actor": "ana", "session": "s1"}') == Notice(
        {"event": (1, 2)}, "ana", "s1")
