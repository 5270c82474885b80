"""How every record table in the app behaves: whole rows, multi-select, read-only, one line per row, and a
header menu to show or hide columns (kept per case); and the header part every table model shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableView, QWidget

from casefile.gui import settings

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # every table model: the raw value to sort (and filter) by
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # every table model: the row's record id


class RecordTableModel(QAbstractTableModel):
    """A table model's column titles from `HEADERS` (with header tooltips and alignment per column) and as many
    columns as titles; subclasses give rows and data (through `record` and `cell`, or `data` itself)."""

    HEADERS: Sequence[str] = ()
    HEADER_TIPS: Mapping[int, str] = {}
    HEADER_ALIGN: Mapping[int, Qt.AlignmentFlag] = {}

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS.get(section)
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.HEADER_ALIGN:
            return int(self.HEADER_ALIGN[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The row's record id under `ID_ROLE`; every other role from `cell`."""
        if not index.isValid():
            return None
        record = self.record(index.row())
        if role == ID_ROLE:
            return record.id
        return self.cell(record, index.column(), role)

    def record(self, row: int) -> Any:
        """The record shown in `row` (a model that answers `data` itself need not say)."""
        raise NotImplementedError

    def cell(self, record: Any, column: int, role: int) -> Any:
        """What `record` shows in `column` for `role` (other than its id)."""
        return None


class ColumnChooser(QObject):
    """The header's context menu: a checkable entry per column. What the user hides stays hidden (per case
    when `case_path` is known, else for the session); tabs that make room by hiding columns on narrow windows
    ask `user_hidden` first and never show a column the user chose to hide."""

    changed = Signal()

    def __init__(self, table: QTableView, key: str, case_path: Path | None, keep: tuple[int, ...] = ()) -> None:
        super().__init__(table)
        self.table, self.key, self.case_path, self.keep = table, key, case_path, set(keep)
        self.menu: QMenu | None = None
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.popup)
        names = settings.hidden_columns(case_path, key) if case_path is not None else set()
        self._hidden = {c for c in range(self._count()) if self._name(c) in names and c not in self.keep}
        for c in self._hidden:
            table.setColumnHidden(c, True)

    def _count(self) -> int:
        model = self.table.model()
        return model.columnCount() if model is not None else 0

    def _name(self, col: int) -> str:
        model = self.table.model()
        text = model.headerData(col, Qt.Orientation.Horizontal) if model is not None else ""
        if not text and model is not None:
            text = model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        return str(text or f"Column {col + 1}")

    def user_hidden(self, col: int) -> bool:
        return col in self._hidden

    def set_hidden(self, col: int, hidden: bool) -> None:
        if col in self.keep and hidden:
            return
        if hidden:
            self._hidden.add(col)
        else:
            self._hidden.discard(col)
        self.table.setColumnHidden(col, hidden)
        if self.case_path is not None:
            settings.set_hidden_columns(self.case_path, self.key, {self._name(c) for c in self._hidden})
        self.changed.emit()

    def popup(self, pos: QPoint) -> QMenu:
        """Show the menu at `pos` (header coordinates) without blocking; returns it."""
        menu = QMenu(self.table)
        menu.setObjectName("columnMenu")
        menu.setToolTipsVisible(True)
        for col in range(self._count()):
            action = menu.addAction(self._name(col))
            action.setCheckable(True)
            action.setChecked(col not in self._hidden)
            action.setEnabled(col not in self.keep)
            action.toggled.connect(lambda on, c=col: self.set_hidden(c, not on))
        menu.addSeparator()
        reset = menu.addAction("Show all columns")
        reset.triggered.connect(self.show_all)
        menu.aboutToHide.connect(menu.deleteLater)
        self.menu = menu
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))
        return menu

    def show_all(self) -> None:
        for col in sorted(self._hidden):
            self.set_hidden(col, False)


def record_table(model: QAbstractItemModel, row_height: int, *, name: str = "", accessible: str = "",
                 parent: QWidget | None = None, case_path: Path | None = None,
                 keep_columns: tuple[int, ...] = ()) -> QTableView:
    """A QTableView over `model` (a sort/filter proxy), set up the way the Timeline, Parties and Evidence tabs
    share: row selection, extended selection, no in-place editing, alternating rows, elided single lines, and
    a header menu to hide columns (`keep_columns` always stay), kept per case under `name` when `case_path`
    is given. The chooser is `column_chooser(table)`."""
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
    chooser = ColumnChooser(table, name or accessible or type(model).__name__, case_path, keep_columns)
    table._column_chooser = chooser  # type: ignore[attr-defined]
    return table


def column_chooser(table: QTableView) -> ColumnChooser:
    chooser = getattr(table, "_column_chooser", None)
    assert isinstance(chooser, ColumnChooser)
    return chooser
