"""A window saving an item someone else changed meanwhile: the user sees the other person's change (who, when,
what) and chooses; notes typed meanwhile are kept as a conflict copy. Driven with real keys and clicks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton

from casefile.context import Case
from casefile.db.engine import make_sessions
from casefile.domain.dates import EventDate
from casefile.domain.enums import TargetType
from casefile.domain.records import EventDraft
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.notes.dock import NotesDock
from casefile.gui.worker import SyncRunner
from casefile.services.base import CaseContext
from casefile.services.event_service import EventService
from casefile.services.note_service import NoteService
from tests.gui_helpers import click_row, make_tab

SHOTS = Path("/tmp/pgteam") if Path("/tmp/pgteam").is_dir() else None


@pytest.fixture
def gctx(case: Case, qapp) -> GuiContext:  # noqa: ANN001
    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


def _other_person(case: Case, name: str = "ana") -> CaseContext:
    """A second writer on the same database with its own sessions, as another person's app would be."""
    reads, writes = make_sessions(case.ctx.engine)
    return CaseContext(case.ctx.path, case.ctx.engine, reads, writes, case.ctx.store, _actor=name)


def _answer_conflict(qtbot, button: str, seen: list[str]) -> None:  # noqa: ANN001
    """Click `button` of the conflict box as soon as it is up (it is modal: the click comes from a timer)."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "conflictBox":
            QTimer.singleShot(20, click)
            return
        seen.append(box.text() + "\n" + box.informativeText())
        if SHOTS is not None:
            box.grab().save(str(SHOTS / f"conflict-{button}.png"))
        qtbot.mouseClick(box.findChild(QPushButton, button), Qt.MouseButton.LeftButton)
    QTimer.singleShot(20, click)


def _edit_title(qtbot, gctx: GuiContext, event_id: int, title: str):  # noqa: ANN001, ANN202
    tab = make_tab(qtbot, gctx)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=2000)
    click_row(qtbot, tab, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_E)
    dialog = tab.dialog
    assert dialog is not None
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, title)
    return tab, dialog


@pytest.mark.parametrize("choice", ["keepTheirs", "saveMine"])
def test_saving_an_event_someone_else_changed_shows_their_change_and_lets_the_user_choose(
        qtbot, gctx: GuiContext, case: Case, choice: str) -> None:  # noqa: ANN001
    eid = case.events.create(EventDraft(EventDate.on("2024-03-05"), "Suit filed"))
    tab, dialog = _edit_title(qtbot, gctx, eid, "Suit filed in Lagos (mine)")

    theirs = EventService(_other_person(case))  # ana saves while the dialog is open
    copy = theirs.get(eid)
    theirs.update(eid, EventDraft(copy.date, "Suit filed at the High Court (ana)"), copy.version)

    seen: list[str] = []
    _answer_conflict(qtbot, choice, seen)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert "ana changed this event" in seen[0]
    assert "Suit filed at the High Court (ana)" in seen[0] and "Suit filed in Lagos (mine)" in seen[0]
    now = case.events.get(eid)
    if choice == "keepTheirs":
        assert now.title == "Suit filed at the High Court (ana)"
        assert now.version == 2
        assert gctx.undo.count() == 0  # nothing of mine was saved, nothing to undo
    else:
        assert now.title == "Suit filed in Lagos (mine)"
        assert now.version == 3
        gctx.undo.undo()  # undo puts back ana's version, not the one I first opened
        assert case.events.get(eid).title == "Suit filed at the High Court (ana)"
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=2000)


def test_undo_never_overwrites_another_persons_later_change(qtbot, gctx: GuiContext, case: Case) -> None:  # noqa: ANN001
    eid = case.events.create(EventDraft(EventDate.on("2024-03-05"), "Suit filed"))
    _tab, dialog = _edit_title(qtbot, gctx, eid, "Suit filed (mine)")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert case.events.get(eid).title == "Suit filed (mine)"
    theirs = EventService(_other_person(case))
    copy = theirs.get(eid)
    theirs.update(eid, EventDraft(copy.date, "Suit filed (ana, later)"), copy.version)
    gctx.undo.undo()
    assert case.events.get(eid).title == "Suit filed (ana, later)"


def test_a_note_typed_while_someone_else_saved_it_is_kept_as_a_conflict_copy(qtbot, gctx: GuiContext,
                                                                            case: Case) -> None:  # noqa: ANN001
    nid = case.notes.create("Witness list: Ruth", TargetType.CASE)
    dock = NotesDock(gctx)
    qtbot.addWidget(dock)
    dock.resize(420, 520)
    dock.show()
    assert dock.editor.toPlainText() == "Witness list: Ruth"

    NoteService(_other_person(case)).set_text(nid, "Witness list: Ruth, Tomas", 1)  # ana saves first
    dock.editor.setFocus()
    qtbot.keyClick(dock.editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dock.editor, ", Ifeoma")
    qtbot.waitUntil(lambda: len(case.notes.list(TargetType.CASE)) == 2, timeout=2000)

    texts = [n.text for n in case.notes.list(TargetType.CASE)]
    assert texts[0] == "Witness list: Ruth, Tomas"  # ana's note is not overwritten
    assert texts[1].startswith("Conflict copy — your text") and texts[1].endswith("Witness list: Ruth, Ifeoma")
    assert "ana" in texts[1]
    assert dock.editor.toPlainText() == texts[1]  # the copy is shown, selected, and goes on being edited
    assert "ana changed this note" in dock.saved_label.text()
    assert dock.note_list.isVisible() and dock.note_list.count() == 2
    if SHOTS is not None:
        dock.grab().save(str(SHOTS / "notes-conflict.png"))
    qtbot.keyClicks(dock.editor, ", Kemi")
    qtbot.waitUntil(lambda: case.notes.list(TargetType.CASE)[1].text.endswith("Ifeoma, Kemi"), timeout=2000)
    assert case.notes.list(TargetType.CASE)[0].text == "Witness list: Ruth, Tomas"


def test_the_note_shown_follows_another_persons_save_when_nothing_is_typed(qtbot, gctx: GuiContext,
                                                                          case: Case) -> None:  # noqa: ANN001
    nid = case.notes.create("Call the clerk", TargetType.CASE)
    dock = NotesDock(gctx)
    qtbot.addWidget(dock)
    dock.show()
    NoteService(_other_person(case)).set_text(nid, "Call the clerk on Monday", 1)
    gctx.bus.changed.emit("notes")  # what the live refresh sends when ana's save is announced
    assert dock.editor.toPlainText() == "Call the clerk on Monday"
    dock.editor.setFocus()
    qtbot.keyClick(dock.editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dock.editor, " at 9")
    qtbot.waitUntil(lambda: case.notes.get(nid).text.endswith("at 9"), timeout=2000)
    assert len(case.notes.list(TargetType.CASE)) == 1  # the save went on top of ana's version: no conflict
