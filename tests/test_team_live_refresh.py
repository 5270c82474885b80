"""The app follows other people's changes on a team case: a colleague's import appears while the window holds
the case open, an edit shows up with the user's selection kept, and a burst of notices is one refresh."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from casefile.context import open_case
from casefile.db.notify import Notice
from casefile.domain.dates import EventDate
from casefile.domain.records import EventDraft
from casefile.gui.team.live_refresh import COALESCE_MS, LiveRefresh
from tests.backends import new_case, server_url, throwaway_database
from tests.gui_helpers import click_row

ROOT = Path(__file__).resolve().parent.parent
SHOTS = Path("/tmp/pgteam") if Path("/tmp/pgteam").is_dir() else None


def test_a_burst_of_notices_is_one_refresh_of_the_kinds_it_names(qtbot, gctx) -> None:  # noqa: ANN001
    live = LiveRefresh(gctx, start=False)  # a local case: nothing to listen to; the notices are fed in
    assert not live.active
    changed: list[str] = []
    gctx.bus.changed.connect(changed.append)
    with qtbot.waitSignal(live.refreshed, timeout=COALESCE_MS * 5) as done:
        for i in range(500):  # a colleague's import of 500 files, one notice per committed batch
            live.heard.emit(Notice({"evidence": (i + 1,), "event": (i + 1,)}, "ana", "their-session"))
    assert done.args == [{"evidence", "events"}]
    assert sorted(changed) == ["events", "evidence"]  # one reload each, not 500
    with qtbot.assertNotEmitted(live.refreshed, wait=COALESCE_MS * 2):
        pass
    live.stop()


@pytest.fixture
def team_window(qtbot, tmp_path: Path) -> Iterator:  # noqa: ANN001
    """The app holding a team case open (the real thread pool), with one event in it."""
    from casefile.gui.window.main_window import MainWindow
    from casefile.gui.worker import TaskRunner

    server_url()
    with throwaway_database("pgteam_") as url:
        with new_case(tmp_path, "postgresql", database=url) as case:
            case.events.create(EventDraft(EventDate.on("2024-03-05"), "Council meets"))
            case.events.create(EventDraft(EventDate.on("2024-03-09"), "Contract signed"))
            path = case.path
        w = MainWindow(TaskRunner())
        qtbot.addWidget(w)
        w.resize(1300, 800)
        w.show()
        assert w.open_case(path)
        assert w.live is not None and w.live.active
        assert w.live.listener is not None and w.live.listener.wait_listening()
        yield w
        w.close_case()


def test_an_import_by_a_colleague_shows_up_while_the_app_holds_the_case(qtbot, team_window,  # noqa: ANN001
                                                                       tmp_path: Path) -> None:
    w = team_window
    evidence = w.tabs[[t.__class__.__name__ for t in w.tabs].index("EvidenceTab")]
    files = []
    for i in range(3):
        p = tmp_path / f"minutes-{i}.txt"
        p.write_text(f"date 2024-03-0{i + 1}\nMinutes {i} of the Harbour Road council.\n", encoding="utf-8")
        files.append(str(p))
    done = subprocess.run([sys.executable, "-m", "casefile", "import", str(w.gctx.case.path), "--quick", *files],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: evidence.model.total() == 3, timeout=10000)
    qtbot.waitUntil(lambda: w.counts_label.text().endswith("· 3 exhibits"), timeout=5000)
    assert "Updated with changes by" in w.statusBar().currentMessage()
    if SHOTS is not None:
        w.tab_widget.setCurrentWidget(evidence)
        qtbot.wait(300)
        w.grab().save(str(SHOTS / "live-import.png"))


def test_a_colleagues_edit_shows_up_and_the_selection_stays(qtbot, team_window) -> None:  # noqa: ANN001
    w = team_window
    timeline = w.tabs[0]
    qtbot.waitUntil(lambda: timeline.model.rowCount() == 2, timeout=5000)
    timeline.activateWindow()
    click_row(qtbot, timeline, 1)
    selected = timeline.selected_ids()
    assert len(selected) == 1
    other_id = next(i for i in (1, 2) if i not in selected)
    with open_case(w.gctx.case.path) as colleague:  # their app, on their machine
        rec = colleague.events.get(other_id)
        colleague.events.update(other_id, EventDraft(rec.date, rec.title + " (checked by ana)"), rec.version)
    qtbot.waitUntil(lambda: any("(checked by ana)" in (timeline.model.index(r, 1).data() or "")
                                for r in range(timeline.model.rowCount())), timeout=10000)
    assert timeline.selected_ids() == selected  # the user's place is kept
    qtbot.keyClick(timeline.table, Qt.Key.Key_C)  # and the keyboard still acts on it
