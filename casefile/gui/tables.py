"""How every record table in the app behaves: whole rows, multi-select, read-only, one line per row, and a
header menu to show or hide columns (kept per case); the header part every table model shares, how records
under review look (events, parties), and the toolbar, actions and splitters of the tabs that show them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QMenu,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolBar,
    QWidget,
)

from casefile.domain.enums import Status
from casefile.gui import settings
from casefile.gui.icons import icon

Index = QModelIndex | QPersistentModelIndex
Keys = Sequence[str | QKeySequence.StandardKey | Qt.Key]  # an action's shortcuts, as QKeySequence takes them
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # every table model: the raw value to sort (and filter) by
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # every table model: the row's record id
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3  # tables under review: the row's Status value (a plain str)
R = TypeVar("R")  # a table's record type
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter  # numbers
DISPUTED_COLOUR = QColor("#c0392b")
SUGGESTED_TINT = QColor("#d08a00")  # amber, as the visual timeline's suggestions


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


def _palette() -> QPalette:
    app = QApplication.instance()
    return app.palette() if isinstance(app, QApplication) else QPalette()


def suggestion_background() -> QColor:
    """A faint amber wash over the base colour: suggestions stand out while their text keeps the palette's
    full text colour (≥ 4.5:1 in light and dark palettes, measured in the tests)."""
    base = _palette().color(QPalette.ColorRole.Base)
    a = 0.22 if base.lightness() < 128 else 0.13
    return QColor(round(base.red() * (1 - a) + SUGGESTED_TINT.red() * a),
                  round(base.green() * (1 - a) + SUGGESTED_TINT.green() * a),
                  round(base.blue() * (1 - a) + SUGGESTED_TINT.blue() * a))


def disputed_colour() -> QColor:
    """Red that keeps ≥ 4.5:1 against the base colour: darker on light palettes, lighter on dark ones."""
    return DISPUTED_COLOUR if _palette().color(QPalette.ColorRole.Base).lightness() >= 128 else QColor("#ff8a80")


def confidence_text(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def confidence_tip(value: float | None) -> str:
    if value is None:
        return "Added or confirmed by hand: no confidence score"
    return f"The reader's confidence in this suggestion: {confidence_text(value)}"


def status_icon(status: Status) -> QIcon:
    return icon(f"status.{status.value}")


@dataclass(frozen=True)
class Columns(Generic[R]):
    """What a table's cells show and sort by: `text[column](record)` is the cell's text; a column in `sort`
    sorts by its raw key (a number, a date, a status's rank), any other by its casefolded text."""

    text: Mapping[int, Callable[[R], str]]
    sort: Mapping[int, Callable[[R], Any]]

    def display(self, record: R, column: int) -> str:
        text = self.text.get(column)
        return text(record) if text is not None else ""

    def sort_value(self, record: R, column: int) -> Any:
        key = self.sort.get(column)
        return key(record) if key is not None else self.display(record, column).casefold()


class Reviewed(Protocol):
    """A record under review, as its table row knows it."""

    @property
    def id(self) -> int: ...  # noqa: A003
    @property
    def status(self) -> Status: ...
    @property
    def confidence(self) -> float | None: ...


def review_sort_keys(status: int, confidence: int) -> dict[int, Callable[[Reviewed], Any]]:
    """How a reviewed table's `status` and `confidence` columns sort: statuses in the order the enum lists
    them; scores by value, with records added or confirmed by hand (no score) after every score."""
    order = list(Status)
    return {status: lambda r: order.index(r.status),
            confidence: lambda r: 2.0 if r.confidence is None else r.confidence}


class ReviewedTableModel(RecordTableModel):
    """A table of records under review (events, parties): each cell's text and sort key from `COLUMNS`,
    what else a cell shows from `cell`; suggestions in italics on an amber wash, dismissed ones struck
    through, disputed ones in red in `DISPUTED_COLUMNS`, and the `NUMBER_COLUMNS` right-aligned."""

    COLUMNS: Columns[Any] = Columns({}, {})
    DISPUTED_COLUMNS: frozenset[int] = frozenset()
    NUMBER_COLUMNS: frozenset[int] = frozenset()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The sort key, id and status first (sorting asks for them thousands of times), then what the model's
        `cell` says, then the accessible text and the look every table under review shares."""
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        record: Reviewed | None = self.record(index.row())
        column = index.column()
        if record is None:
            return self.placeholder(index.row(), column, role)
        if role == SORT_ROLE:
            return self.COLUMNS.sort_value(record, column)
        if role == ID_ROLE:
            return record.id
        if role == STATUS_ROLE:
            return record.status.value  # Qt hands str subclasses back as plain str; wrap with Status()
        answer = self.cell(record, column, role)
        if answer is not None:
            return answer
        if role == Qt.ItemDataRole.AccessibleTextRole:
            name = self.HEADERS[column] or self.HEADER_TIPS.get(column, "")
            return f"{name}: {self.COLUMNS.display(record, column)}"
        return self.look(record.status, column, role)

    def placeholder(self, row: int, column: int, role: int) -> Any:
        """What a row shows while its record is not loaded (`record` gave None)."""
        return None

    def look(self, status: Status, column: int, role: int) -> Any:
        """The font, background, text colour or alignment of a cell in `column` of a row with `status` (None
        for other roles, and where the cell looks as any other)."""
        if role == Qt.ItemDataRole.FontRole and status in (Status.SUGGESTED, Status.DISMISSED):
            return self._italic if status is Status.SUGGESTED else self._struck
        if role == Qt.ItemDataRole.BackgroundRole and status is Status.SUGGESTED:
            return suggestion_background()
        if role == Qt.ItemDataRole.ForegroundRole and status is Status.DISPUTED and column in self.DISPUTED_COLUMNS:
            return disputed_colour()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMBER_COLUMNS:
            return int(RIGHT)
        return None


@contextmanager
def filter_change(proxy: QSortFilterProxyModel) -> Iterator[None]:
    """Change what `proxy` filters by inside the block; its rows are filtered again after it (through
    `beginFilterChange` on Qt >= 6.9, where `invalidateFilter` is deprecated)."""
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        try:
            yield
        finally:
            proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:  # pragma: no cover - older Qt
        try:
            yield
        finally:
            proxy.invalidateFilter()


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


class RecordTable(QTableView):
    """The table `record_table` makes: a QTableView that keeps its header's column chooser."""

    chooser: ColumnChooser


def record_table(model: QAbstractItemModel, row_height: int, *, name: str = "", accessible: str = "",
                 parent: QWidget | None = None, case_path: Path | None = None,
                 keep_columns: tuple[int, ...] = ()) -> RecordTable:
    """A QTableView over `model` (a sort/filter proxy), set up the way the Timeline, Parties and Evidence tabs
    share: row selection, extended selection, no in-place editing, alternating rows, elided single lines, and
    a header menu to hide columns (`keep_columns` always stay), kept per case under `name` when `case_path`
    is given. The chooser is `column_chooser(table)`."""
    table = RecordTable(parent)
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
    table.chooser = ColumnChooser(table, name or accessible or type(model).__name__, case_path, keep_columns)
    return table


def column_chooser(table: QTableView) -> ColumnChooser:
    assert isinstance(table, RecordTable), "only a table made by record_table has a column chooser"
    return table.chooser


def table_action(owner: QWidget, table: QTableView, meaning: str, text: str, keys: Keys,
                 slot: Callable[[], object], tip: str, on_table: bool = True) -> QAction:
    """An action of a record tab: its icon by `meaning`, its keys named in its tooltip, and its shortcuts
    live while the table has focus (`on_table`) or anywhere in `owner`."""
    action = QAction(icon(meaning), text, owner)
    sequences = [QKeySequence(k) for k in keys]
    action.setShortcuts(sequences)
    shown = " / ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in sequences)
    action.setToolTip(f"{tip} ({shown})" if keys else tip)
    action.triggered.connect(slot)
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut if on_table
                              else Qt.ShortcutContext.WidgetWithChildrenShortcut)
    (table if on_table else owner).addAction(action)
    return action


def record_toolbar(title: str, parent: QWidget, actions: Sequence[QAction | None],
                   after_space: Sequence[QAction | QWidget] = ()) -> QToolBar:
    """A record tab's toolbar: `actions` with their words (None, a separator), then room, then `after_space`
    at the right end (a count, a filter switch)."""
    toolbar = QToolBar(title, parent)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action in actions:
        if action is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(action)
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    for item in after_space:
        if isinstance(item, QAction):
            toolbar.addAction(item)
        else:
            toolbar.addWidget(item)
    return toolbar


def splitter(orientation: Qt.Orientation, name: str, parent: QWidget,
             panes: Sequence[tuple[QWidget, int, int]]) -> QSplitter:
    """A splitter of `panes`, each (widget, stretch factor, first size); no pane ever collapses."""
    split = QSplitter(orientation, parent)
    split.setObjectName(name)
    for i, (widget, stretch, _size) in enumerate(panes):
        split.addWidget(widget)
        split.setStretchFactor(i, stretch)
    split.setSizes([size for _w, _s, size in panes])
    split.setChildrenCollapsible(False)
    return split
