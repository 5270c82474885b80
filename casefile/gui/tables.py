"""How every record table in the app behaves: whole rows, multi-select, read-only, one line per row."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def record_table(model: QAbstractItemModel, row_height: int, *, name: str = "", accessible: str = "",
                 parent: QWidget | None = None) -> QTableView:
    """A QTableView over `model` (a sort/filter proxy), set up the way the Timeline, Parties and Evidence tabs
    share: row selection, extended selection, no in-place editing, alternating rows, elided single lines."""
    table = QTableView(parent)
    if name:
        table.setObjectName(name)
    if accessible:
        table.setAccessibleName(accessible)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(row_height)
    return table
