"""The Notes pane's small parts: a worker's listing, a write waiting in the queue, a list item, the undoable delete."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QListWidgetItem, QToolButton

from casefile.domain.enums import TargetType
from casefile.domain.records import NoteRecord
from casefile.gui.context import GuiContext
from casefile.gui.icons import icon
from casefile.gui.notes.all_notes import first_line


@dataclass(frozen=True)
class Listing:
    """A worker's answer for one item: its name, its notes (or why they could not be read)."""

    generation: int
    keep: int | None
    target: TargetType
    target_id: int | None
    name: str
    notes: list[NoteRecord]
    error: str = ""


@dataclass
class Write:
    """A note's text waiting to be written: `note_id` None creates the note (on `target`) when it lands."""

    draft: object  # identifies the editor session that typed it (a new note has no id yet)
    note_id: int | None
    target: TargetType
    target_id: int | None
    text: str



def note_item(note: NoteRecord) -> QListWidgetItem:
    item = QListWidgetItem(first_line(note.text))
    item.setData(Qt.ItemDataRole.UserRole, note.id)
    item.setToolTip(first_line(note.text))
    return item


class DeleteNoteCommand(QUndoCommand):
    def __init__(self, gctx: GuiContext, note_id: int) -> None:
        super().__init__("Delete note")
        self.gctx, self.note_id = gctx, note_id
        self.record: NoteRecord | None = None

    def redo(self) -> None:
        self.record = self.gctx.case.notes.delete(self.note_id)
        self.gctx.bus.changed.emit("notes")

    def undo(self) -> None:
        if self.record is not None:
            self.gctx.case.notes.restore(self.record)
            self.gctx.bus.changed.emit("notes")


def tool_button(tip: str, *, meaning: str = "", text: str = "") -> QToolButton:
    button = QToolButton()
    if meaning:
        button.setIcon(icon(meaning))
    if text:
        button.setText(text)
    button.setToolTip(tip)
    return button
