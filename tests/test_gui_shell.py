"""The window as a user meets it: welcome page, new case, tabs, undo/redo, per-case state, icons."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from casefile.context import create_case, open_case
from casefile.domain.enums import EvidenceKind, PartyKind, Status
from casefile.gui import icons, settings
from casefile.gui.window.main_window import MainWindow
from casefile.gui.window.welcome import NewCaseDialog
from casefile.gui.worker import SyncRunner


@pytest.fixture
def window(qtbot):
    settings.clear_recent()
    w = MainWindow(SyncRunner())
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close_case()


def _case_dir(tmp_path: Path, name: str) -> Path:
    with create_case(tmp_path / name, name) as c:
        return c.path


def test_every_icon_in_the_table_builds(qapp):
    assert {f"evidence.{k.value}" for k in EvidenceKind} <= set(icons.ICONS)
    assert {f"party.{k.value}" for k in PartyKind} <= set(icons.ICONS)
    assert {f"status.{s.value}" for s in Status} <= set(icons.ICONS)
    for meaning in icons.icon_names():
        assert not icons.icon(meaning).pixmap(24, 24).isNull(), meaning
    with pytest.raises(KeyError):
        icons.icon("no.such.meaning")


def test_window_opens_a_case_with_tabs_title_and_counts(window, qtbot, tmp_path, article_file):
    path = _case_dir(tmp_path, "Okafor")
    with open_case(path) as c:
        c.imports.import_paths([article_file])
    assert window.stack.currentWidget() is window.welcome
    assert window.open_case(path)
    assert window.stack.currentWidget() is window.workspace
    assert "Okafor" in window.windowTitle()
    assert [window.tab_widget.tabText(i) for i in range(3)] == ["Timeline", "Parties", "Evidence"]
    assert "1 exhibit" in window.counts_label.text()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    close = window.actions_by_name["close"].shortcut()[0]  # File ▸ Close case (Ctrl+W or Ctrl+F4 by platform)
    qtbot.keyClick(window, close.key(), close.keyboardModifiers())
    assert window.stack.currentWidget() is window.welcome
    assert window.windowTitle() == "CaseFile"


def test_read_only_case_says_so_and_disables_import(window, tmp_path):
    path = _case_dir(tmp_path, "Locked")
    assert window.read_only_banner.isHidden()
    assert window.open_case(path, read_only=True)
    assert "read-only" in window.windowTitle()
    assert not window.actions_by_name["import"].isEnabled()
    assert window.actions_by_name["find"].isEnabled()
    assert window.read_only_banner.isVisible()
    assert window.read_only_banner.text().startswith("Read-only:")


def test_read_only_window_disables_every_edit(window, qtbot, tmp_path):
    from casefile.domain.dates import EventDate
    from casefile.domain.records import EventDraft

    path = _case_dir(tmp_path, "Shared")
    with open_case(path) as c:
        eid = c.events.create(EventDraft(EventDate.on("2024-03-12"), "Suit filed", status=Status.SUGGESTED))
    holder = open_case(path)  # another window has it open for writing
    try:
        from PySide6.QtWidgets import QMessageBox

        QTimer.singleShot(0, lambda: _answer(QMessageBox.StandardButton.Yes))
        assert window.open_case(path)
        assert window.gctx.case.read_only
        assert "open in another window" in window.read_only_banner.text()
        timeline, parties = window.tabs[0], window.tabs[1]
        for action in (timeline.new_action, timeline.edit_action, timeline.confirm_action, timeline.delete_action,
                       parties.new_action, parties.merge_action, parties.delete_action):
            assert not action.isEnabled(), action.text()
        # selecting a suggestion (which enables the review actions in a writable window) leaves them off
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.waitUntil(lambda: timeline.proxy.rowCount() == 1)
        idx = timeline.proxy.index(0, 1)
        qtbot.mouseClick(timeline.table.viewport(), Qt.MouseButton.LeftButton, pos=timeline.table.visualRect(idx).center())
        assert timeline.selected_ids() == [eid]
        assert not timeline.confirm_action.isEnabled()
        qtbot.keyClick(timeline.table, Qt.Key.Key_C)
        qtbot.keyClick(timeline.table, Qt.Key.Key_Delete)
        qtbot.keyClick(timeline, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert timeline.dialog is None  # New event never opens a form that could not be saved
        qtbot.mouseDClick(timeline.table.viewport(), Qt.MouseButton.LeftButton,
                          pos=timeline.table.visualRect(idx).center())
        assert timeline.dialog is None  # nor does a double-click
        assert window.gctx.case.events.get(eid).status is Status.SUGGESTED
        # the notes editor says why it does not take typing
        notes = window.notes_dock
        assert notes.editor.isReadOnly()
        assert "read-only" in notes.editor.placeholderText()
        assert "open in another window" in notes.saved_label.text()
        qtbot.keyClicks(notes.editor, "lost words")
        assert window.gctx.case.notes.list() == []
        # the party panel shows a party without offering to change it
        panel = parties.panel
        assert panel.name.isReadOnly() and not panel.kind.isEnabled() and panel.buttons.isHidden()
    finally:
        window.close_case()
        holder.close()


def _answer(button) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMessageBox

    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    box.button(button).click()


def test_locked_case_offers_read_only(window, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    path = _case_dir(tmp_path, "Busy")
    holder = open_case(path)  # another "process" has it open for writing
    try:
        asked: list[str] = []

        def answer_yes() -> None:
            box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
            asked.append(box.text())
            box.button(QMessageBox.StandardButton.Yes).click()

        QTimer.singleShot(0, answer_yes)
        assert window.open_case(path)
        assert len(asked) == 1 and "read-only" in asked[0]
        assert window.gctx.case.read_only
    finally:
        window.close_case()
        holder.close()


def test_new_case_from_the_welcome_page(window, qtbot, tmp_path):
    def fill() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, NewCaseDialog) and w.isVisible())
        dialog.folder_edit.clear()
        qtbot.keyClicks(dialog.folder_edit, str(tmp_path))
        qtbot.keyClicks(dialog.title_edit, "Okafor v. Halvorsen")
        qtbot.keyClicks(dialog.description_edit, "Defamation over a recording")
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, fill)
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    created = tmp_path / "Okafor v. Halvorsen.casefile"
    assert (created / "case.db").is_file()
    assert window.gctx is not None and window.gctx.case.case.info().title == "Okafor v. Halvorsen"
    assert window.gctx.case.case.info().description == "Defamation over a recording"
    assert settings.recent_cases()[0] == created.resolve()


def test_recent_cases_list_opens_and_greys_missing(window, qtbot, tmp_path):
    path = _case_dir(tmp_path, "Recent")
    settings.add_recent(tmp_path / "Gone.casefile")
    settings.add_recent(path)
    window.welcome.refresh()
    items = [window.welcome.recent.item(i) for i in range(window.welcome.recent.count())]
    assert "(missing)" in items[1].text()
    rect = window.welcome.recent.visualItemRect(items[0])
    qtbot.mouseClick(window.welcome.recent.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.gctx is not None and window.gctx.case.path == path
    window.close_case()
    window.welcome.recent.setCurrentRow(1)
    qtbot.mouseClick(window.welcome.remove_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "Gone.casefile").resolve() not in settings.recent_cases()


class _Rename(QUndoCommand):
    def __init__(self, case, title: str) -> None:
        super().__init__(f"Rename case to '{title}'")
        self.case, self.new, self.old = case, title, case.case.info().title

    def redo(self) -> None:
        self.case.case.update(self.new, "")

    def undo(self) -> None:
        self.case.case.update(self.old, "")


def test_undo_and_redo_through_the_shared_stack_show_the_command(window, qtbot, tmp_path):
    path = _case_dir(tmp_path, "Undo")
    window.open_case(path)
    case = window.gctx.case
    window.gctx.undo.push(_Rename(case, "Renamed"))
    assert case.case.info().title == "Renamed"
    assert "Rename case to 'Renamed'" in window.actions_by_name["undo"].text()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert case.case.info().title == "Undo"
    assert "Rename case" in window.actions_by_name["redo"].text()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert case.case.info().title == "Renamed"


def test_window_state_is_restored_per_case(window, tmp_path):
    a, b = _case_dir(tmp_path, "A"), _case_dir(tmp_path, "B")
    window.open_case(a)
    window.tab_widget.setCurrentIndex(2)
    window.notes_dock.hide()
    window.open_case(b)  # closing A saves its state
    assert window.tab_widget.currentIndex() == 0
    assert not window.notes_dock.isHidden()
    window.tab_widget.setCurrentIndex(1)
    window.open_case(a)
    assert window.tab_widget.currentIndex() == 2
    assert window.notes_dock.isHidden()
    window.open_case(b)
    assert window.tab_widget.currentIndex() == 1


def test_keyboard_switches_tabs(window, qtbot, tmp_path):
    window.open_case(_case_dir(tmp_path, "Keys"))
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tab_widget.currentIndex() == 2
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tab_widget.currentIndex() == 0


def test_the_status_bar_recounts_after_a_change_and_not_after_a_mere_read(window, tmp_path, monkeypatch):
    from casefile.domain.dates import EventDate
    from casefile.domain.records import EventDraft
    from casefile.services.case_service import CaseService

    assert window.open_case(_case_dir(tmp_path, "Counts"))
    assert "0 events" in window.counts_label.text()
    calls = []
    real = CaseService.counts

    def counted(self):  # noqa: ANN001, ANN202
        calls.append(1)
        return real(self)

    monkeypatch.setattr(CaseService, "counts", counted)
    window.runner.run("Loading events", lambda _t: window.gctx.case.events.count())  # a read, as every filter runs
    window.update_counts()  # what the idle runner's timer calls after it
    assert calls == []
    assert "0 events" in window.counts_label.text()
    window.gctx.case.events.create(EventDraft(EventDate.on("2024-05-02"), "Hearing set"))
    window.update_counts()
    assert calls == [1]
    assert "1 event" in window.counts_label.text()
