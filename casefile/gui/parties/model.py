"""The Parties table model: every party with its kind, role, aliases, counts and review status.

Parties number in the hundreds, not the hundred thousands, so the model holds the whole list (one query
with grouped counts) and the proxy sorts and filters it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt

from casefile.domain.enums import Status
from casefile.domain.records import PartyRecord
from casefile.gui.icons import icon
from casefile.gui.tables import (
    SORT_ROLE,
    Columns,
    Index,
    ReviewedTableModel,
    confidence_text,
    confidence_tip,
    filter_change,
    review_sort_keys,
    status_icon,
)

KIND, NAME, ROLE, ALIASES, EVENTS, MENTIONS, STATUS, CONFIDENCE = range(8)
HEADERS = ("", "Name", "Role", "Aliases", "Events", "Mentions", "Status", "Confidence")

FILTER_ROLE = Qt.ItemDataRole.UserRole + 4  # name and aliases, for the search box

_KIND_LABELS = {"person": "Person", "organization": "Organization", "media_outlet": "Media outlet",
                "social_account": "Social account"}


_COLUMNS = Columns[PartyRecord](text={
    KIND: lambda p: _KIND_LABELS.get(p.kind.value, p.kind.label),
    NAME: lambda p: p.name,
    ROLE: lambda p: p.role.label,
    ALIASES: lambda p: ", ".join(p.aliases),
    EVENTS: lambda p: str(p.event_count),
    MENTIONS: lambda p: str(p.mention_count),
    STATUS: lambda p: p.status.label,
    CONFIDENCE: lambda p: confidence_text(p.confidence),
}, sort={  # other columns sort by their casefolded text
    EVENTS: lambda p: p.event_count,
    MENTIONS: lambda p: p.mention_count,
    **review_sort_keys(STATUS, CONFIDENCE),
})
_display = _COLUMNS.display


class PartyTableModel(ReviewedTableModel):
    HEADERS = HEADERS
    HEADER_TIPS = {KIND: "Kind"}
    COLUMNS = _COLUMNS
    NUMBER_COLUMNS = frozenset((EVENTS, MENTIONS, CONFIDENCE))
    DISPUTED_COLUMNS = frozenset((STATUS,))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PartyRecord] = []
        self._index: dict[int, int] = {}
        self._haystacks: dict[int, str] = {}
        self._sort_key: tuple[int, Qt.SortOrder] = (NAME, Qt.SortOrder.AscendingOrder)

    def set_parties(self, parties: list[PartyRecord]) -> None:
        self.beginResetModel()
        self._rows = list(parties)
        self._haystacks.clear()
        self._sort_rows()
        self._index = {p.id: i for i, p in enumerate(self._rows)}
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with one key per row: the proxy's own sort calls `data()` through Qt twice per
        comparison (400 ms for 2,000 parties)."""
        self._sort_key = (column, order)
        self.layoutAboutToBeChanged.emit()
        moved_from = self.persistentIndexList()  # only the indexes someone holds (selection, proxy), not
        kept = [(self._rows[i.row()].id, i.column()) for i in moved_from]  # every cell: 16k at 2,000 parties
        self._sort_rows()
        self._index = {p.id: i for i, p in enumerate(self._rows)}
        self.changePersistentIndexList(moved_from, [self.index(self._index[pid], c) for pid, c in kept])
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        column, order = self._sort_key
        if column < 0:
            return
        self._rows.sort(key=lambda p: (_COLUMNS.sort_value(p, column), p.name.casefold(), p.id),
                        reverse=order == Qt.SortOrder.DescendingOrder)

    def party(self, row: int) -> PartyRecord:
        return self._rows[row]

    def haystack(self, row: int) -> str:
        """The party's name, aliases, role and kind, case-folded (what the search box matches), worked out once."""
        p = self._rows[row]
        text = self._haystacks.get(p.id)
        if text is None:
            text = self._haystacks[p.id] = " ".join((p.name, *p.aliases, p.role.value, p.kind.value)).casefold()
        return text

    def row_of(self, party_id: int) -> int | None:
        return self._index.get(party_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def record(self, row: int) -> PartyRecord:
        return self._rows[row]

    def cell(self, p: PartyRecord, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if col == KIND else _display(p, col)  # the kind shows as an icon
        if role == FILTER_ROLE:
            return " ".join((p.name, *p.aliases, p.role.value, p.kind.value))
        if role == Qt.ItemDataRole.DecorationRole:
            if col == KIND:
                return icon(f"party.{p.kind.value}")
            if col == STATUS:
                return status_icon(p.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == STATUS and p.status is Status.SUGGESTED:
                return "Found in the evidence — press C or Enter to confirm, D to dismiss"
            if col == CONFIDENCE:
                return confidence_tip(p.confidence)
            return _display(p, col) or None
        return None


class PartyProxy(QSortFilterProxyModel):
    """Filters by name/alias text and, with `min_confidence`, hides suggestions scored below it."""

    def __init__(self, source: PartyTableModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.min_confidence: float | None = None
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(NAME)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)

    def set_min_confidence(self, value: float | None) -> None:
        with filter_change(self):
            self.min_confidence = value

    needle = ""

    def set_text(self, text: str) -> None:
        """Keep the parties whose name or an alias holds `text` (any case), tested on the records directly
        (not through data() per row: a keystroke at 2,000 parties took 1.2 s under load)."""
        needle = text.casefold()
        if needle == self.needle:
            return
        with filter_change(self):
            self.needle = needle

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        source = self.sourceModel()
        if not isinstance(source, PartyTableModel) or row >= source.rowCount():
            return super().filterAcceptsRow(row, parent)
        party = source.party(row)
        if self.min_confidence is not None and party.confidence is not None \
                and party.confidence < self.min_confidence:
            return False
        if self.needle:
            return self.needle in source.haystack(row)
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source sorts itself (fast); the proxy only filters, keeping the source's order."""
        source = self.sourceModel()
        super().sort(-1)
        if isinstance(source, PartyTableModel):
            source.sort(column, order)
