"""A centred hint drawn over an empty table ("No events yet — drop articles…"), kept the viewport's size."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QLabel

from casefile.gui.elided import muted_colour


class ViewportHint(QLabel):
    """Lives on `view`'s viewport and follows its size; readable muted colour, not a disabled grey."""

    def __init__(self, view: QAbstractScrollArea, text: str = "") -> None:
        super().__init__(text, view.viewport())
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(f"color: {muted_colour(self.palette(), self.backgroundRole()).name()}; "
                           "font-size: 12pt; padding: 24px;")
        view.viewport().installEventFilter(self)
        self.place()

    def place(self) -> None:
        vp = self.parentWidget()
        if vp is not None:
            self.setGeometry(0, 0, vp.width(), max(vp.height(), 120))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.place()
        return False
