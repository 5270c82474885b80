"""Typing again in the search panel cancels the query still running, inside the database: its thread is free at
once, and neither its answer nor its error reaches the panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from casefile.context import Case
from casefile.gui.window.main_window import MainWindow
from casefile.gui.worker import TaskRunner
from tests.test_search_bounds import LETTERS, _dense


@pytest.fixture
def slow_window(qtbot, case: Case):  # noqa: ANN001, ANN201
    _dense(case, 200)  # a search for LETTERS takes several seconds here
    path: Path = case.path
    case.close()
    w = MainWindow(TaskRunner())
    qtbot.addWidget(w)
    w.show()
    assert w.open_case(path)
    yield w
    w.close_case()


def test_typing_again_cancels_the_running_search(slow_window: MainWindow, qtbot) -> None:  # noqa: ANN001
    slow_window.find()
    panel = slow_window.search_panel
    qtbot.keyClicks(panel.query, LETTERS)
    qtbot.waitUntil(lambda: panel._running is not None, timeout=3000)  # the slow search has started
    old = panel._running
    assert old is not None and old.running
    shown: list[int] = []
    panel.results_ready.connect(shown.append)
    with qtbot.waitSignal(old.done, timeout=3000):  # stopped inside the database, well before its seconds
        qtbot.keyClick(panel.query, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(panel.query, "scan 7")
    assert old.is_cancelled()
    qtbot.waitUntil(lambda: shown != [], timeout=5000)
    assert panel.status.text() == f"{shown[-1]} matches" and shown[-1] > 0
    assert all("Scan" in h.title for h in panel.hits)
    assert "stopped" not in panel.status.text() and "wrong" not in panel.status.text()


def test_a_shortened_query_says_so_in_the_panel(window: MainWindow, qtbot) -> None:  # noqa: ANN001
    window.find()
    panel = window.search_panel
    with qtbot.waitSignal(panel.results_ready, timeout=5000):
        qtbot.keyClicks(panel.query, " ".join(f"w{i}" for i in range(20)))
    assert panel.status.text() == ("Nothing matches 'w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 "
                                   "w…'. Searched for the first 16 distinct words of 20.")  # not echoed whole


def test_a_database_error_is_a_sentence_in_the_panel(window: MainWindow, qtbot) -> None:  # noqa: ANN001
    import sqlite3

    conn = sqlite3.connect(window.gctx.case.path / "case.db")  # the index gone behind the app's back
    conn.execute("DROP TABLE search_index")
    conn.commit()
    conn.close()
    window.find()
    panel = window.search_panel
    qtbot.keyClicks(panel.query, "okafor")
    qtbot.waitUntil(lambda: panel.status.text().startswith("The search"), timeout=5000)
    assert panel.status.text() == "The search could not be run on this case's database; try other words."
