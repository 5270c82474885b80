"""What every view of an open case gets through its constructor."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QUndoStack

from casefile.context import Case
from casefile.gui.bus import CaseBus
from casefile.gui.worker import TaskRunner


@dataclass
class GuiContext:
    case: Case
    runner: TaskRunner
    undo: QUndoStack
    bus: CaseBus
