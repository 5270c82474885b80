"""A one-line label that elides what does not fit and shows the whole text as its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyleOption, QWidget


class ElidedLabel(QLabel):
    """`text()` stays the full text; only the painting is cut to the width (with … where it was cut).

    Headers over narrow panes use it so a long item name never wraps a pane's header over several lines.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None,
                 mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight, *, whole_or_nothing: bool = False) -> None:
        super().__init__(text, parent)
        self._mode = mode
        self._whole_or_nothing = whole_or_nothing  # for hints: half a sentence reads worse than none
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._sync_tooltip()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._sync_tooltip()

    def _sync_tooltip(self) -> None:
        self.setToolTip(self.text() if self.is_elided() else "")

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self._sync_tooltip()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        rect = self.contentsRect().adjusted(self.margin(), 0, -self.margin(), 0)
        if self._whole_or_nothing and self.fontMetrics().horizontalAdvance(self.text()) > rect.width():
            return
        shown = self.fontMetrics().elidedText(self.text(), self._mode, rect.width())
        painter = QPainter(self)
        opt = QStyleOption()
        opt.initFrom(self)
        self.style().drawItemText(painter, rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
                                  opt.palette, self.isEnabled(), shown, self.foregroundRole())
        painter.end()


def muted_colour(palette: QPalette, background: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """Text colour for hints: between the text and its background, yet still readable (about 5:1)."""
    fg, bg = palette.color(QPalette.ColorRole.Text), palette.color(background)
    mix = 0.62
    return QColor(round(fg.red() * mix + bg.red() * (1 - mix)), round(fg.green() * mix + bg.green() * (1 - mix)),
                  round(fg.blue() * mix + bg.blue() * (1 - mix)))


def mute(label: QLabel) -> QLabel:
    """Show a hint or status in the muted colour (readable, unlike a disabled label's grey)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, muted_colour(palette))
    label.setPalette(palette)
    return label
