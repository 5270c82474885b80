"""The window at work: counts that follow the case, one owner per shortcut, docks that leave the tabs room."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QUndoCommand

from casefile.context import create_case
from casefile.gui import settings
from casefile.gui.importing.drop import DropPayload
from casefile.gui.window.main_window import MainWindow
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
    qtbot.waitUntil(lambda: window.search_dock.isVisible() and window.width() == 1024)
    qtbot.waitUntil(lambda: window.tab_widget.width() >= 560)  # the docks settle; fails after 5 s if they do not


def test_toolbar_labels_stay_short_and_verify_fits_at_1200(window, qtbot) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QToolButton

    window.resize(1200, 780)
    qtbot.waitUntil(lambda: window.width() == 1200 and window.toolbar.width() > 0)
    window.gctx.undo.push(QUndoCommand("Edit event 'Okafor leaves the production after the dinner in Oslo'"))
    undo = window.actions_by_name["undo"]
    qtbot.waitUntil(lambda: undo.isEnabled())
    assert "Okafor leaves" in undo.toolTip()
    button = window.toolbar.widgetForAction(undo)
    assert button.text() == "Undo"
    verify = window.toolbar.widgetForAction(window.actions_by_name["verify"])
    assert verify is not None and verify.isVisible()
    assert window.toolbar.rect().contains(verify.geometry())
    extension = [b for b in window.toolbar.findChildren(QToolButton) if b.objectName() == "qt_toolbar_ext_button"]
    assert not any(b.isVisible() for b in extension)


def test_search_and_notes_share_one_pane_and_the_reader_keeps_room(window, qtbot) -> None:  # noqa: ANN001
    window.resize(1200, 780)
    window.tab_widget.setCurrentIndex(2)
    window.notes_dock.show()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.search_dock.isVisible()
                    and window.search_dock in window.tabifiedDockWidgets(window.notes_dock))
    preview = window.tabs[2].preview
    assert preview.width() >= 400, preview.width()


def test_new_case_folder_label_has_its_mnemonic(qtbot) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QLabel

    from casefile.gui.window.welcome import NewCaseDialog

    dialog = NewCaseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.title_edit.setFocus()
    label = next(w for w in dialog.findChildren(QLabel) if w.text() == "&Folder:")
    assert label.buddy() is dialog.folder_edit  # shown as "Folder:" with F underlined, not a literal "&"
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert dialog.folder_edit.hasFocus()


def test_welcome_lists_case_titles_with_their_folders(qtbot, tmp_path) -> None:  # noqa: ANN001
    from casefile.gui.window.welcome import WelcomeView

    settings.clear_recent()
    with create_case(tmp_path / "okafor-2024", "Okafor v. Halvorsen Media Group") as c:
        path = c.path
    settings.add_recent(path)
    view = WelcomeView()
    qtbot.addWidget(view)
    # the titles are read in a worker (the welcome page never opens a database on the GUI thread)
    qtbot.waitUntil(lambda: view.recent.item(0).text().splitlines()[0] != "okafor-2024")
    text = view.recent.item(0).text()
    assert text.splitlines()[0] == "Okafor v. Halvorsen Media Group"
    assert str(path) in text


def test_data_folder_is_not_nested_twice() -> None:
    folder = settings.data_dir()
    assert folder.name == "CaseFile" and folder.parent.name != "CaseFile"


def test_find_rejoins_a_search_pane_left_elsewhere_by_an_older_layout(window, qtbot) -> None:  # noqa: ANN001
    window.notes_dock.show()
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.search_dock)  # as 0.x saved it
    assert window.search_dock not in window.tabifiedDockWidgets(window.notes_dock)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.search_dock.isVisible())
    assert window.search_dock in window.tabifiedDockWidgets(window.notes_dock)
    assert window.dockWidgetArea(window.search_dock) == Qt.DockWidgetArea.RightDockWidgetArea
