"""Small buttons of the panes' toolbars: an icon (or a short text) and the tooltip that names it."""

from __future__ import annotations

from PySide6.QtWidgets import QToolButton

from casefile.gui.icons import icon


def tool_button(tip: str, meaning: str | None = None, text: str = "") -> QToolButton:
    """A tool button showing the icon for `meaning` (see `icons.ICONS`) or `text`, with `tip` as its tooltip.

    Set through setters: PySide6 accepts any Qt property as a keyword, but its stubs list only a class's own.
    """
    button = QToolButton()
    if meaning is not None:
        button.setIcon(icon(meaning))
    if text:
        button.setText(text)
    button.setToolTip(tip)
    return button
