"""Every note in the case in one table, with what each is attached to; clicking one opens its item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from casefile.domain.enums import TargetType
from casefile.domain.errors import CaseFileError
from casefile.gui.context import GuiContext
from casefile.gui.tables import ID_ROLE, SORT_ROLE, Index, RecordTableModel

COL_TARGET, COL_TEXT, COL_UPDATED = range(3)
HEADERS = ("Attached to", "Note", "Updated")
TARGET_ROLE = Qt.ItemDataRole.UserRole + 3


@dataclass
class NoteRow:
    id: int
    target_type: TargetType
    target_id: int | None
    target_label: str
    text: str
    updated_at: datetime


def target_label(gctx: GuiContext, target: TargetType, target_id: int | None) -> str:
    """`Event: title`, `Party: name`, `Ex. 4: title` or `Case` (for headers and the list)."""
    case = gctx.case
    try:
        if target is TargetType.EVENT and target_id is not None:
            return f"Event: {case.events.get(target_id).title}"
        if target is TargetType.PARTY and target_id is not None:
            return f"Party: {case.parties.get(target_id).name}"
        if target is TargetType.EVIDENCE and target_id is not None:
            rec = case.evidence.get(target_id)
            return f"Ex. {rec.exhibit} — {rec.title or rec.filename}"
    except CaseFileError:
        return f"{target.label} (deleted)"
    return "Case"


def load_note_rows(gctx: GuiContext) -> list[NoteRow]:
    """Worker job: every note with a label for its target (each target looked up once)."""
    labels: dict[tuple[TargetType, int | None], str] = {}
    rows: list[NoteRow] = []
    for n in gctx.case.notes.list():
        key = (n.target_type, n.target_id)
        if key not in labels:
            labels[key] = target_label(gctx, *key)
        rows.append(NoteRow(n.id, n.target_type, n.target_id, labels[key], n.text, n.updated_at))
    return rows


def first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#>*- ").strip()
        if line:
            return line[:200]
    return "(empty)"


class AllNotesModel(RecordTableModel):
    HEADERS = HEADERS

    def __init__(self, gctx: GuiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.rows: list[NoteRow] = []

    def reload(self) -> None:
        self.gctx.runner.run("Listing notes", lambda _t: load_note_rows(self.gctx), self._set_rows)

    def _set_rows(self, rows: list[NoteRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def update_text(self, note_id: int, text: str) -> None:
        """Keep the list current while a note is typed, without re-reading the case."""
        for i, r in enumerate(self.rows):
            if r.id == note_id:
                r.text, r.updated_at = text, datetime.utcnow()
                self.dataChanged.emit(self.index(i, COL_TEXT), self.index(i, COL_UPDATED))
                return

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def record(self, row: int) -> NoteRow:
        return self.rows[row]

    def cell(self, r: NoteRow, col: int, role: int) -> Any:
        if role == TARGET_ROLE:
            return (r.target_type.value, r.target_id if r.target_id is not None else -1)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TARGET:
                return r.target_label
            if col == COL_TEXT:
                return first_line(r.text)
            return r.updated_at.strftime("%d %b %Y %H:%M")
        if role == SORT_ROLE:
            if col == COL_TARGET:
                return r.target_label.casefold()
            if col == COL_TEXT:
                return r.text.casefold()
            return r.updated_at.isoformat()
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_TEXT:
                return r.text[:1000]
            if col == COL_TARGET:
                return r.target_label
        return None


class AllNotesView(QWidget):
    # note id, target type value, target id (-1 for the case)
    activated = Signal(int, str, int)

    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.model = AllNotesModel(gctx, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterRole(SORT_ROLE)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter notes…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_UPDATED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(60)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_UPDATED, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(COL_TARGET, 120)
        self.table.clicked.connect(self.open_row)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(6)
        lay.addWidget(self.filter_edit)
        lay.addWidget(self.table, 1)

    def reload(self) -> None:
        self.model.reload()

    def open_row(self, index: QModelIndex) -> None:
        target = index.data(TARGET_ROLE)
        if target is not None:
            self.activated.emit(index.data(ID_ROLE), *target)
            self.gctx.bus.open_item.emit(*target)
