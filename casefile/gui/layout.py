"""The one way a pane stacks its parts flush (a bar above a view, a heading above a splitter)."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget


def flush_column(owner: QWidget, *parts: QWidget | QLayout, grow: QWidget | QLayout | None = None) -> QVBoxLayout:
    """`owner`'s layout: `parts` top to bottom with no margin or spacing between them; `grow` takes the room."""
    lay = QVBoxLayout(owner)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(0)
    for part in parts:
        stretch = 1 if part is grow else 0
        if isinstance(part, QLayout):
            lay.addLayout(part, stretch)
        else:
            lay.addWidget(part, stretch)
    return lay
