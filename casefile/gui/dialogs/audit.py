"""The audit log as a table: what changed, when, before and after; filterable, exportable to CSV or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CaseFileError
from casefile.domain.records import AuditEntry
from casefile.gui.tables import SORT_ROLE, Index, RecordTableModel
from casefile.services.audit_service import AuditService, compact, to_csv, to_json
from casefile.services.export_service import ExportService

BATCH = 500
ALL = "All"


class AuditModel(RecordTableModel):
    """Entries newest first; rows are handed to the view in batches (`fetchMore`) so a long log opens fast."""

    COL_WHEN, COL_WHO, COL_ACTION, COL_ITEM, COL_SUMMARY, COL_BEFORE, COL_AFTER = range(7)
    HEADERS = ("When", "Who", "Action", "Item", "What", "Before", "After")

    def __init__(self, entries: list[AuditEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all = list(reversed(entries))
        self._shown = min(BATCH, len(self._all))

    def entries(self) -> list[AuditEntry]:
        return list(self._all)

    def entry(self, row: int) -> AuditEntry:
        return self._all[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._shown

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802
        return not parent.isValid() and self._shown < len(self._all)

    def fetchMore(self, parent: Index) -> None:  # noqa: N802
        if parent.isValid():
            return
        more = min(BATCH, len(self._all) - self._shown)
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def fetch_all(self) -> None:
        while self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def record(self, row: int) -> AuditEntry:
        return self._all[row]

    def cell(self, e: AuditEntry, col: int, role: int) -> Any:
        if role == SORT_ROLE:
            return (e.at.isoformat(), e.actor.casefold(), e.action, e.entity_type, e.summary,
                    compact(e.before), compact(e.after))[col] if col else e.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == self.COL_WHEN:
                return e.at.strftime("%Y-%m-%d %H:%M:%S")
            if col == self.COL_WHO:
                return e.actor or "—"
            if col == self.COL_ACTION:
                return e.action
            if col == self.COL_ITEM:
                return e.entity_type if e.entity_id is None else f"{e.entity_type} #{e.entity_id}"
            if col == self.COL_SUMMARY:
                return e.summary
            value = compact(e.before if col == self.COL_BEFORE else e.after)
            return value if role == Qt.ItemDataRole.ToolTipRole or len(value) < 200 else value[:200] + "…"
        return None


class AuditFilter(QSortFilterProxyModel):
    """Text anywhere in the entry, plus an action and an item kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.action = ""
        self.entity = ""
        self.setSortRole(SORT_ROLE)

    def set_filter(self, text: str, action: str, entity: str) -> None:
        self.text, self.action, self.entity = text.casefold().strip(), action, entity
        self.invalidate()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, AuditModel)
        return self.matches(model.entry(row))

    def active(self) -> bool:
        return bool(self.text or self.action or self.entity)

    def matches(self, e: AuditEntry) -> bool:
        if self.action and e.action != self.action:
            return False
        if self.entity and e.entity_type != self.entity:
            return False
        if self.text:
            hay = " ".join([e.summary, e.actor, e.action, e.entity_type, compact(e.before),
                            compact(e.after)]).casefold()
            return self.text in hay
        return True

    def visible_entries(self) -> list[AuditEntry]:
        """What the user sees (filtered and sorted), for export; all rows, not only those fetched so far."""
        model = self.sourceModel()
        assert isinstance(model, AuditModel)
        model.fetch_all()
        return [model.entry(self.mapToSource(self.index(r, 0)).row()) for r in range(self.rowCount())]


class AuditDialog(QDialog):
    def __init__(self, service: AuditService, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle(f"Audit log — {title}" if title else "Audit log")
        self.resize(1000, 600)
        self.search = QLineEdit(placeholderText="Filter: any word in who, what, before or after")
        self.search.setClearButtonEnabled(True)
        self.action_box = QComboBox()
        self.entity_box = QComboBox()
        self.count_label = QLabel()
        self.model = AuditModel(service.entries(), self)
        self.proxy = AuditFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(AuditModel.COL_WHEN, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().hide()
        for col, width in ((AuditModel.COL_WHEN, 150), (AuditModel.COL_WHO, 110),
                           (AuditModel.COL_ACTION, 80), (AuditModel.COL_ITEM, 110),
                           (AuditModel.COL_SUMMARY, 300), (AuditModel.COL_BEFORE, 160)):
            self.view.setColumnWidth(col, width)
        self.action_box.addItems([ALL, *service.actions()])
        self.entity_box.addItems([ALL, *service.entity_types()])
        self.csv_button = QPushButton("Export CSV…")
        self.json_button = QPushButton("Export JSON…")
        close = QPushButton("Close")

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(QLabel("Action:"))
        top.addWidget(self.action_box)
        top.addWidget(QLabel("Item:"))
        top.addWidget(self.entity_box)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.csv_button)
        bottom.addWidget(self.json_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.search.textChanged.connect(self._refilter)
        self.action_box.currentTextChanged.connect(self._refilter)
        self.entity_box.currentTextChanged.connect(self._refilter)
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.json_button.clicked.connect(lambda: self.export("json"))
        close.clicked.connect(self.accept)
        self._refilter()

    def _refilter(self) -> None:
        action = self.action_box.currentText()
        entity = self.entity_box.currentText()
        self.proxy.set_filter(self.search.text(), "" if action == ALL else action, "" if entity == ALL else entity)
        entries = self.model.entries()
        if self.proxy.active():
            matching = sum(1 for e in entries if self.proxy.matches(e))
            self.count_label.setText(f"{matching} of {len(entries)} entries match")
        else:
            self.count_label.setText(f"{len(entries)} entries")

    def export(self, fmt: str, target: Path | None = None) -> Path | None:
        """Write the entries shown (filter applied) as CSV or JSON; asks where unless `target` is given."""
        if target is None:
            name, _ = QFileDialog.getSaveFileName(self, "Export audit log", f"audit log.{fmt}",
                                                  "CSV (*.csv)" if fmt == "csv" else "JSON (*.json)")
            if not name:
                return None
            target = Path(name)
        entries = self.proxy.visible_entries()
        data = to_csv(entries) if fmt == "csv" else to_json(entries)
        try:
            ExportService.save_text(target, data)  # whole or not at all
        except CaseFileError as exc:
            QMessageBox.warning(self, "Export audit log", str(exc))
            return None
        return target
