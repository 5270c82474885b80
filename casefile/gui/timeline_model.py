"""The Timeline table model: pages of `EventRow`s fetched lazily from SQL, never the whole case."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from casefile.domain.enums import Status
from casefile.domain.records import EventFilter, EventRow
from casefile.gui.icons import icon
from casefile.services.event_service import EventService

PAGE = 200

DATE, TITLE, PARTIES, SOURCES, STATUS, TAGS = range(6)
HEADERS = ("Date", "Title", "Parties", "Sources", "Status", "Tags")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # raw values: ISO date, casefolded text, ints
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the event id
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3  # the Status enum

DISPUTED_COLOUR = QColor("#c0392b")

Index = QModelIndex | QPersistentModelIndex


def muted_colour() -> QColor:
    app = QApplication.instance()
    pal = app.palette() if isinstance(app, QApplication) else QPalette()
    return pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)


def status_icon(status: Status) -> QIcon:
    return icon(f"status.{status.value}")


class EventTableModel(QAbstractTableModel):
    """Rows in SQL date order (ascending or descending), `PAGE` at a time through `fetchMore`."""

    def __init__(self, events: EventService, parent: Any = None) -> None:
        super().__init__(parent)
        self.events = events
        self.filter = EventFilter()
        self.descending = False
        self.total = 0
        self._rows: list[EventRow] = []
        self._row_of: dict[int, int] = {}
        self._italic = QFont()
        self._italic.setItalic(True)

    # loading --------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Count the matches and load the first page again (after a filter or data change)."""
        self.beginResetModel()
        self.total = self.events.count(self.filter)
        self._rows = self.events.rows(self.filter, 0, PAGE, self.descending) if self.total else []
        self._reindex()
        self.endResetModel()

    def refresh(self) -> None:
        """Reload as many rows as are loaded now, so the view keeps its place after an edit."""
        want = max(PAGE, len(self._rows))
        self.beginResetModel()
        self.total = self.events.count(self.filter)
        self._rows = self.events.rows(self.filter, 0, want, self.descending) if self.total else []
        self._reindex()
        self.endResetModel()

    def set_filter(self, flt: EventFilter) -> None:
        self.filter = flt
        self.reload()

    def set_descending(self, descending: bool) -> None:
        if descending != self.descending:
            self.descending = descending
            self.reload()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid():
            return
        self._fetch(PAGE)

    def _fetch(self, limit: int) -> None:
        start = len(self._rows)
        more = self.events.rows(self.filter, start, limit, self.descending)
        if not more:
            self.total = start  # the case shrank under us; stop asking
            return
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        for i, r in enumerate(more, start):
            self._row_of[r.id] = i
        self.endInsertRows()

    def ensure_row(self, row: int) -> None:
        """Load rows up to `row` in one query (to show an item far down the list)."""
        if row >= len(self._rows) and row < self.total:
            self._fetch(row - len(self._rows) + PAGE)

    def row_of(self, event_id: int) -> int | None:
        """The row showing `event_id`, loading pages as needed; None when the filter hides it."""
        if event_id in self._row_of:
            return self._row_of[event_id]
        pos = self.events.position_of(event_id, self.filter, self.descending)
        if pos is None:
            return None
        self.ensure_row(pos)
        return self._row_of.get(event_id)

    def loaded_row(self, event_id: int) -> int | None:
        """The row of `event_id` if it is loaded already (no query)."""
        return self._row_of.get(event_id)

    def _reindex(self) -> None:
        self._row_of = {r.id: i for i, r in enumerate(self._rows)}

    @property
    def loaded(self) -> int:
        return len(self._rows)

    def event_row(self, row: int) -> EventRow:
        return self._rows[row]

    # Qt model -------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == SOURCES:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(r, col)
        if role == SORT_ROLE:
            return _sort_value(r, col)
        if role == ID_ROLE:
            return r.id
        if role == STATUS_ROLE:
            return r.status.value  # Qt hands str subclasses back as plain str; wrap with Status()
        if role == Qt.ItemDataRole.DecorationRole and col == STATUS:
            return status_icon(r.status)
        if role == Qt.ItemDataRole.FontRole and r.status in (Status.SUGGESTED, Status.DISMISSED):
            return self._italic
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.status is Status.DISPUTED and col in (STATUS, DATE):
                return DISPUTED_COLOUR
            if r.status in (Status.SUGGESTED, Status.DISMISSED):
                return muted_colour()
        if role == Qt.ItemDataRole.TextAlignmentRole and col == SOURCES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(r, col)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[col]}: {_display(r, col)}"
        return None


def _display(r: EventRow, col: int) -> str:
    if col == DATE:
        return r.date.display()
    if col == TITLE:
        return r.title
    if col == PARTIES:
        return r.parties
    if col == SOURCES:
        return str(r.source_count) if r.source_count else "—"
    if col == STATUS:
        return r.status.label
    if col == TAGS:
        return r.tags
    return ""


def _sort_value(r: EventRow, col: int) -> Any:
    if col == DATE:
        return r.date.sort_key()
    if col == SOURCES:
        return r.source_count
    if col == STATUS:
        return list(Status).index(r.status)
    return _display(r, col).casefold()


def _tooltip(r: EventRow, col: int) -> str:
    if col == STATUS:
        if r.status is Status.SUGGESTED:
            return "Suggested from the evidence — press C or Enter to confirm, D to dismiss"
        if r.status is Status.DISPUTED:
            return "Disputed: the parties disagree about this event"
        return r.status.label
    if col == SOURCES:
        return "No sources cited yet" if not r.source_count else f"{r.source_count} cited passage(s)"
    if col == DATE:
        return f"{r.date.display()} ({r.date.start.precision.value} precision)"
    return _display(r, col)


class EventProxy(QSortFilterProxyModel):
    """Date sorting happens in SQL (the source reloads in the new order); other columns sort the rows
    loaded so far."""

    def __init__(self, source: EventTableModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def source(self) -> EventTableModel:
        model = self.sourceModel()
        assert isinstance(model, EventTableModel)
        return model

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column == DATE:
            super().sort(-1)
            self.source().set_descending(order == Qt.SortOrder.DescendingOrder)
        else:
            super().sort(column, order)
