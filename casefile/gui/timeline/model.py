"""The Timeline table model: a window of `EventRow` pages fetched from SQL around what is shown, never the
whole case."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication

from casefile.domain.enums import Status
from casefile.domain.records import EventFilter, EventRow
from casefile.gui.icons import icon
from casefile.gui.tables import (  # the roles are named here too, for the Timeline's callers
    ID_ROLE,  # noqa: F401
    RIGHT,
    SORT_ROLE,
    STATUS_ROLE,  # noqa: F401
    Columns,
    Index,
    ReviewedTableModel,
    confidence_text,
    confidence_tip,
    review_sort_keys,
    status_icon,
)
from casefile.gui.worker import TaskRunner
from casefile.services.event_service import EventService

PAGE = 200
SMALL = 1000  # up to this many rows are all loaded (and sortable by any column)
CACHE_PAGES = 16  # 3,200 rows: several screens above and below, whatever the case's size

DATE, TITLE, PARTIES, SOURCES, STATUS, CONFIDENCE, TAGS = range(7)
HEADERS = ("Date", "Title", "Parties", "Sources", "Status", "Confidence", "Tags")
SQL_SORTED = {DATE: "date", CONFIDENCE: "confidence"}  # columns sorted in SQL at any size

DISAGREE_ROLE = Qt.ItemDataRole.UserRole + 4  # True when sources tell this event's happening differently


def muted_colour() -> QColor:
    """The placeholder text of rows not fetched yet: the palette's disabled text."""
    app = QApplication.instance()
    pal = app.palette() if isinstance(app, QApplication) else QPalette()
    return pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)


_COLUMNS = Columns[EventRow](text={
    DATE: lambda r: r.date.display(),
    TITLE: lambda r: r.title,
    PARTIES: lambda r: r.parties,
    SOURCES: lambda r: str(r.source_count) if r.source_count else "—",
    STATUS: lambda r: f"{r.status.label} · forecast" if r.forecast else r.status.label,
    CONFIDENCE: lambda r: confidence_text(r.confidence),
    TAGS: lambda r: r.tags,
}, sort={  # other columns sort by their casefolded text
    DATE: lambda r: r.date.sort_key(),
    SOURCES: lambda r: r.source_count,
    **review_sort_keys(STATUS, CONFIDENCE),
})
_display = _COLUMNS.display


class EventTableModel(ReviewedTableModel):
    """Every matching event as a row (`rowCount` is the SQL count), its data fetched `PAGE` rows at a time
    around what the view shows and kept in a small cache; rows not fetched yet show a placeholder.

    Jumping anywhere or refreshing after an edit costs one count and a page or two, never every row above.
    With a `runner`, the count and first page of a new filter and the pages scrolled to load on a worker;
    results for an older filter are dropped."""

    HEADERS = HEADERS
    COLUMNS = _COLUMNS
    HEADER_ALIGN = {SOURCES: RIGHT, CONFIDENCE: RIGHT}
    NUMBER_COLUMNS = frozenset(HEADER_ALIGN)
    DISPUTED_COLUMNS = frozenset((STATUS, DATE))

    reloaded = Signal()  # a (re)load's count and first pages have landed

    def __init__(self, events: EventService, parent: Any = None, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.runner = runner
        self.filter = EventFilter()
        self.descending = False
        self.order = "date"  # or "confidence"
        self.confidence_in_status = False  # set when the Confidence column is hidden: "Suggested · 62%"
        self.total = 0
        self._pages: OrderedDict[int, list[EventRow]] = OrderedDict()  # least recently used first
        self._row_of: dict[int, int] = {}
        self._generation = 0
        self._pending: tuple[int, bool, list[int]] | None = None  # (generation, reset, pages) in flight
        self._wanted: set[int] = set()
        self._in_flight: set[int] = set()
        self._fetch_timer = QTimer(self, singleShot=True, interval=0)
        self._fetch_timer.timeout.connect(self._fetch_wanted)
        self.flagged: frozenset[int] = frozenset()  # events in an open disagreement (gui.disagreement_pane)
        self.corroborated: dict[int, int] = {}  # event id -> independent sources telling it alike

    # loading --------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Count the matches and load the first page again (after a filter change): the view starts over."""
        self._load(reset=True, pages=[0])

    def refresh(self) -> None:
        """Count again and re-read the pages in use (after an edit), so the view keeps its place."""
        recent = list(self._pages)[-3:] or [0]
        self._load(reset=False, pages=sorted(recent))

    def set_filter(self, flt: EventFilter) -> None:
        self.filter = flt
        self.reload()

    def set_descending(self, descending: bool) -> None:
        self.set_order(self.order, descending)

    def set_order(self, order: str, descending: bool) -> None:
        """Sort in SQL by date or by confidence (weakest suggestions first when ascending)."""
        if (order, descending) != (self.order, self.descending):
            self.order, self.descending = order, descending
            self.reload()

    @property
    def busy(self) -> bool:
        """A count and first page are on their way."""
        return self._pending is not None

    def _load(self, reset: bool, pages: list[int]) -> None:
        self._generation += 1
        gen, flt, desc, events, order = self._generation, self.filter, self.descending, self.events, self.order
        self._pending = (gen, reset, pages)
        self._wanted.clear()
        self._in_flight.clear()

        def job(_task: object) -> tuple[int, dict[int, list[EventRow]]]:
            total = events.count(flt)
            want = range((total + PAGE - 1) // PAGE) if total <= SMALL else pages  # small: every row
            got = {p: events.rows(flt, p * PAGE, PAGE, desc, order) for p in want if p * PAGE < total}
            return total, got

        if self.runner is None:
            self._loaded(gen, job(None))
        else:
            self.runner.run("Loading events", job, lambda result: self._loaded(gen, result))

    def settle(self) -> None:
        """Finish a load in flight now, on this thread (before looking rows up by position)."""
        if self._pending is not None:
            runner, self.runner = self.runner, None
            try:
                self._load(self._pending[1], self._pending[2])
            finally:
                self.runner = runner

    def _loaded(self, gen: int, result: tuple[int, dict[int, list[EventRow]]]) -> None:
        if self._pending is None or gen != self._pending[0] or gen != self._generation:
            return  # the filter changed meanwhile
        reset = self._pending[1]
        self._pending = None
        total, pages = result
        if reset:
            self.beginResetModel()
            self.total = total
            self._pages = OrderedDict(pages)
            self._reindex()
            self.endResetModel()
        else:
            old = self.total
            if total > old:
                self.beginInsertRows(QModelIndex(), old, total - 1)
                self.total = total
                self.endInsertRows()
            elif total < old:
                self.beginRemoveRows(QModelIndex(), total, old - 1)
                self.total = total
                self.endRemoveRows()
            self._pages = OrderedDict(pages)
            self._reindex()
            if total:
                self.dataChanged.emit(self.index(0, 0), self.index(total - 1, len(HEADERS) - 1))
        self.reloaded.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        """True only while a load is in flight (every row is already in `rowCount`)."""
        return not parent.isValid() and self.busy

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        pass  # the load in flight delivers the rows

    def _want(self, page: int) -> None:
        if page not in self._wanted and page not in self._in_flight:
            self._wanted.add(page)
            self._fetch_timer.start()

    def _fetch_wanted(self) -> None:
        if self.busy:
            return  # the load in flight brings fresh pages; the view asks again after it
        wanted, self._wanted = sorted(self._wanted), set()
        gen, flt, desc, events, order = self._generation, self.filter, self.descending, self.events, self.order
        for page in wanted:
            if page in self._pages or page * PAGE >= self.total:
                continue
            self._in_flight.add(page)

            def job(_task: object, page: int = page) -> list[EventRow]:
                return events.rows(flt, page * PAGE, PAGE, desc, order)

            def done(rows: list[EventRow], page: int = page) -> None:
                self._page_loaded(gen, page, rows)

            if self.runner is None:
                done(job(None))
            else:
                self.runner.run("Loading events", job, done)

    def _page_loaded(self, gen: int, page: int, rows: list[EventRow]) -> None:
        self._in_flight.discard(page)
        if gen != self._generation:
            return
        self._store(page, rows)
        if rows:
            first = page * PAGE
            last = min(first + len(rows), self.total) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))

    def _store(self, page: int, rows: list[EventRow]) -> None:
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > CACHE_PAGES:
            self._pages.popitem(last=False)
        self._reindex()

    def _page_now(self, page: int) -> list[EventRow] | None:
        """Page `page`, fetched on this thread if it is not cached (one query)."""
        self.settle()
        if page * PAGE >= self.total:
            return None
        if page not in self._pages:
            self._store(page, self.events.rows(self.filter, page * PAGE, PAGE, self.descending, self.order))
            first = page * PAGE
            self.dataChanged.emit(self.index(first, 0), self.index(min(first + PAGE, self.total) - 1,
                                                                   len(HEADERS) - 1))
        return self._pages.get(page)

    def ensure_row(self, row: int) -> None:
        """Load the page holding `row` (to show an item far down the list): one query, not every row above."""
        if 0 <= row < self.total:
            self._page_now(row // PAGE)

    def row_of(self, event_id: int) -> int | None:
        """The row showing `event_id`, loading its page; None when the filter hides it."""
        self.settle()
        if event_id in self._row_of:
            return self._row_of[event_id]
        pos = self.events.position_of(event_id, self.filter, self.descending, self.order)
        if pos is None:
            return None
        self.ensure_row(pos)
        return self._row_of.get(event_id)

    def loaded_row(self, event_id: int) -> int | None:
        """The row of `event_id` if its page is cached (no query)."""
        return self._row_of.get(event_id)

    def widest_date(self, fm: QFontMetrics) -> int:
        """The widest date among the cached rows, in pixels (so ranges are never cut)."""
        texts = {r.date.display() for rows in self._pages.values() for r in rows}
        return max((fm.horizontalAdvance(t) for t in texts), default=0)

    def any_forecast(self) -> bool:
        return any(r.forecast for rows in self._pages.values() for r in rows)

    def _reindex(self) -> None:
        self._row_of = {r.id: p * PAGE + i for p, rows in self._pages.items() for i, r in enumerate(rows)}

    @property
    def loaded(self) -> int:
        """How many rows are cached (a few pages, however long the list)."""
        return sum(len(rows) for rows in self._pages.values())

    def _cached(self, row: int) -> EventRow | None:
        rows = self._pages.get(row // PAGE)
        if rows is None:
            return None
        i = row % PAGE
        return rows[i] if i < len(rows) else None

    def event_row(self, row: int) -> EventRow:
        r = self._cached(row)
        if r is None:
            rows = self._page_now(row // PAGE) or []
            r = rows[row % PAGE]
        return r

    # Qt model -------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.total

    def record(self, row: int) -> EventRow | None:
        """The row's event if its page is loaded (no query)."""
        return self._cached(row)

    def placeholder(self, row: int, column: int, role: int) -> Any:
        """A row not fetched yet: ask for its page and show a placeholder meanwhile."""
        self._want(row // PAGE)
        if role == Qt.ItemDataRole.DisplayRole and column == TITLE:
            return "…"
        if role == Qt.ItemDataRole.ForegroundRole:
            return muted_colour()
        return None

    def cell(self, r: EventRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if col == STATUS and self.confidence_in_status and r.confidence is not None \
                    and r.status is Status.SUGGESTED:
                return f"{_display(r, col)} · {confidence_text(r.confidence)}"
            return _display(r, col)
        if role == Qt.ItemDataRole.DecorationRole and col == STATUS:
            return status_icon(r.status)
        if role == DISAGREE_ROLE:
            return r.id in self.flagged
        if role == Qt.ItemDataRole.DecorationRole and col == TITLE and r.id in self.flagged:
            return icon("disagree")
        if role == Qt.ItemDataRole.ToolTipRole and col == TITLE and (r.id in self.flagged or r.id in self.corroborated):
            told = f"Told by {self.corroborated[r.id]} sources. " if r.id in self.corroborated else ""
            return told + ("Sources disagree about this happening: select it to compare them." if r.id in self.flagged
                           else r.title)
        if role == Qt.ItemDataRole.DecorationRole and col == DATE and r.forecast:
            return icon("forecast")
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(r, col)
        return None


def _tooltip(r: EventRow, col: int) -> str:
    if col == STATUS:
        if r.status is Status.SUGGESTED:
            return ("Suggested from the evidence, awaiting your verdict — C or Enter confirms, D dismisses, "
                    "X marks disputed, E edits; each moves to the next row")
        if r.status is Status.DISPUTED:
            return "Disputed: the parties disagree about this event"
        return r.status.label
    if col == SOURCES:
        return "No sources cited yet" if not r.source_count else f"{r.source_count} cited passage(s)"
    if col == CONFIDENCE:
        return confidence_tip(r.confidence)
    if col == DATE:
        note = " — a forecast: the passage predicts it" if r.forecast else ""
        return f"{r.date.display()} ({r.date.start.precision.value} precision){note}"
    return _display(r, col)


class EventProxy(QSortFilterProxyModel):
    """Date and confidence sorting happen in SQL (the source reloads in the new order); other columns sort in
    the proxy when every row is loaded (up to `SMALL` rows), else the table keeps its order and `refused` says
    so."""

    refused = Signal(int)  # the column that cannot be sorted at this size

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
        src = self.source()
        if column not in SQL_SORTED and column >= 0:
            src.settle()
            if src.total > SMALL:
                self.refused.emit(column)
                return
        if column in SQL_SORTED:
            super().sort(-1)
            src.set_order(SQL_SORTED[column], order == Qt.SortOrder.DescendingOrder)
        else:
            super().sort(column, order)
