"""What every view of an open case gets through its constructor."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QAction, QActionGroup, QUndoStack

from casefile.context import Case
from casefile.gui.bus import CaseBus
from casefile.gui.worker import TaskRunner

READ_ONLY_IN_USE = ("Read-only: this case is open in another window or program. You can look, search and print, "
                    "but not change anything here.")
READ_ONLY_ASKED = "Read-only: the case was opened for reading only. You can look, search and print, but not edit."


@dataclass
class GuiContext:
    case: Case
    runner: TaskRunner
    undo: QUndoStack
    bus: CaseBus
    # why the case is read-only, said in the window's banner and wherever an edit is refused
    read_only_note: str = ""
    # every action that changes the case joins this group; a read-only window disables the group, and an action
    # in a disabled group cannot be enabled by its tab's own selection logic
    edit_actions: QActionGroup = field(init=False)

    def __post_init__(self) -> None:
        self.edit_actions = QActionGroup(self.bus)
        self.edit_actions.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
        self.edit_actions.setEnabled(not self.read_only)

    @property
    def read_only(self) -> bool:
        return self.case.read_only

    @property
    def read_only_reason(self) -> str:
        """A sentence for the user; empty when the case can be edited."""
        if not self.read_only:
            return ""
        return self.read_only_note or READ_ONLY_ASKED

    def edit_action(self, *actions: QAction) -> None:
        """Register actions that change the case (disabled, with the reason as tooltip, when read-only)."""
        for action in actions:
            self.edit_actions.addAction(action)
            if self.read_only:
                action.setToolTip(f"{action.toolTip()} — {self.read_only_reason}")
