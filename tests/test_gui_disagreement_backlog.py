"""Opening a case made before sources were compared: the Timeline's load only reads; the events are signed by a
job on the background lane (never the window's thread) that waits for long jobs and for the person's input, says
how far it got in the filter's tooltip, can be cancelled, and the flags appear when it ends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from sqlalchemy import delete, event, func, select

from casefile.context import Case
from casefile.db.models import EventAct, EventActKey, Happening, HappeningEvent
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.timeline.backlog import BACKLOG_LABEL, cancel_backlog
from casefile.gui.timeline.disagreement_pane import FILTER_TIP
from casefile.gui.worker import Lane, TaskRunner
from tests.conflict_backlog_fixtures import OLD_EVENTS, add_old_events
from tests.conflict_fixtures import write_dispute
from tests.gui_helpers import make_tab


@pytest.fixture
def old_gctx(qapp, case: Case, tmp_path: Path) -> Iterator[GuiContext]:  # noqa: ANN001
    """The dispute and 300 older events with no signature at all (as a case from before this version), in a
    window context with the real thread pools."""
    add_old_events(case)
    case.suggestions.use_model = False
    case.imports.import_paths(write_dispute(tmp_path / "src"))
    with case.ctx.writes() as s, s.begin():
        for model in (EventActKey, EventAct, HappeningEvent, Happening):
            s.execute(delete(model))
    runner = TaskRunner()
    yield GuiContext(case, runner, QUndoStack(), CaseBus())
    cancel_backlog(runner)
    runner.wait()


def _signed(case: Case) -> int:
    with case.ctx.reads() as s:
        return s.scalar(select(func.count()).select_from(EventAct)) or 0


def test_opening_an_old_case_signs_on_the_background_lane_then_flags(qtbot, old_gctx: GuiContext) -> None:  # noqa: ANN001
    case = old_gctx.case
    writers: list[threading.Thread] = []

    def watch(_conn, _cursor, statement: str, *_args: object) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("INSERT INTO EVENT_ACT "):
            writers.append(threading.current_thread())

    event.listen(case.ctx.engine, "before_cursor_execute", watch)
    messages: list[str] = []
    old_gctx.bus.message.connect(messages.append)
    try:
        tab = make_tab(qtbot, old_gctx)
        ctl = tab.disagreements
        tips: list[str] = []
        ctl.action.changed.connect(lambda: tips.append(ctl.action.toolTip()))
        qtbot.waitUntil(lambda: bool(ctl.state.found), timeout=20000)
    finally:
        event.remove(case.ctx.engine, "before_cursor_execute", watch)
    assert ctl.action.text() == "Sources disagree (2)"
    assert writers and threading.main_thread() not in writers  # every signature written off the window's thread
    assert _signed(case) == case.case.counts().events >= OLD_EVENTS
    qtbot.waitUntil(lambda: ctl.action.toolTip() == FILTER_TIP)
    assert any("Comparing sources: " in t and " events checked" in t for t in tips)
    assert any(m.startswith("Sources compared: ") for m in messages)


def test_the_backlog_waits_for_a_long_job_and_for_input_and_stops_when_cancelled(qtbot, old_gctx: GuiContext) -> None:  # noqa: ANN001
    release = threading.Event()
    long_job = old_gctx.runner.run("Importing 3 files", lambda _t: release.wait(30), lane=Lane.BACKGROUND)
    try:
        tab = make_tab(qtbot, old_gctx)
        backlog = tab.disagreements.backlog
        qtbot.waitUntil(lambda: backlog.running)
        assert not backlog.may_continue()  # an import runs: its writes come first
        backlog.quiet_s = 3600  # the person keeps typing (this test cannot wait out the second after a key)
        qtbot.keyClick(tab.table, Qt.Key.Key_Down)
        release.set()
        qtbot.waitUntil(lambda: not long_job.running)
        qtbot.waitUntil(lambda: not backlog._others)
        assert backlog.running and not backlog.may_continue()  # the import is over, but a key was pressed
        assert _signed(old_gctx.case) == 0
        cancel_backlog(old_gctx.runner)  # what closing the case does
        qtbot.waitUntil(lambda: backlog.last is not None)  # its report delivered
        assert not backlog.running
        assert backlog.last is not None and backlog.last.cancelled and backlog.last.signed == 0
        assert not any(t.label == BACKLOG_LABEL for t in old_gctx.runner.active)
    finally:
        release.set()
    backlog.quiet_s = 0
    backlog.start()  # opened again: it goes on
    qtbot.waitUntil(lambda: bool(tab.disagreements.state.found), timeout=20000)
    assert backlog.last is not None and not backlog.last.cancelled
    assert _signed(old_gctx.case) == old_gctx.case.case.counts().events


def test_the_timelines_load_only_reads(old_gctx: GuiContext) -> None:
    from casefile.gui.timeline.disagreement_pane import load_state

    state = load_state(old_gctx.case)
    assert state.found == () and _signed(old_gctx.case) == 0  # nothing signed: the backlog job's work
