"""The window at work: counts that follow the case, one owner per shortcut, docks that leave the tabs room."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from casefile.context import create_case
from casefile.gui import settings
from casefile.gui.drop import DropPayload
from casefile.gui.main_window import MainWindow
from casefile.gui.worker import SyncRunner


@pytest.fixture
def window(qtbot, tmp_path):  # noqa: ANN001, ANN201
    settings.clear_recent()
    w = MainWindow(SyncRunner())
    qtbot.addWidget(w)
    w.show()
    with create_case(tmp_path / "Okafor", "Okafor") as c:
        path = c.path
    assert w.open_case(path)
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    yield w
    w.close_case()


def _articles(folder: Path, n: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"article{i}.txt"
        p.write_text(f"Article {i}\n\nOn 3 February 2024 Halvorsen Media Group published item {i}.\n", "utf-8")
        out.append(p)
    return out


def test_counts_follow_an_import(window, qtbot, tmp_path) -> None:  # noqa: ANN001
    assert "0 exhibits" in window.counts_label.text()
    window.handle_drop(DropPayload(paths=_articles(tmp_path / "in", 2)))
    qtbot.waitUntil(lambda: "2 exhibits" in window.counts_label.text(), timeout=5000)


def test_ctrl_n_adds_an_event_on_the_timeline_without_an_ambiguous_shortcut(window, qtbot) -> None:  # noqa: ANN001
    tab = window.tabs[0]
    window.tab_widget.setCurrentWidget(tab)
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus)
    new_keys = [a for a in window.findChildren(type(tab.new_action))
                if a.isEnabled() and QKeySequence(QKeySequence.StandardKey.New) in a.shortcuts()
                and a.shortcutContext() == Qt.ShortcutContext.WindowShortcut]
    assert new_keys == [], [a.text() for a in new_keys]  # the window leaves Ctrl+N to the tabs
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible())
    tab.dialog.reject()


def test_docks_tabify_and_leave_the_tabs_room_on_a_small_window(window, qtbot) -> None:  # noqa: ANN001
    window.resize(1024, 700)
    window.notes_dock.show()
    window.find()
    qtbot.waitUntil(lambda: window.search_dock.isVisible())
    qtbot.wait(50)
    assert window.tab_widget.width() >= 560, window.tab_widget.width()
