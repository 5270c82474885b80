"""Mapping a dropped chronology spreadsheet's columns to event fields, then importing its rows as events."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile.gui.context import GuiContext
from casefile.gui.tables import ID_ROLE, SORT_ROLE, Index, RecordTableModel

FIELDS = ("date", "title", "description", "parties", "source", "status", "tags")
LABELS = {"date": "Date", "title": "Event / title", "description": "Description", "parties": "Parties",
          "source": "Source", "status": "Status", "tags": "Tags"}
PREVIEW_ROWS = 20


class SheetPreviewModel(RecordTableModel):
    """The first rows of the sheet as read; the id role is the row's number in the sheet."""

    def __init__(self, headers: list[str], rows: list[list[str]]) -> None:
        super().__init__()
        self.HEADERS, self.rows = tuple(headers), rows  # this sheet's own titles

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return super().headerData(section, orientation, role) or f"Column {section + 1}"
        return str(section + 2)  # the sheet's row number (its header is row 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        value = row[index.column()] if index.column() < len(row) else ""
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return value
        if role == ID_ROLE:
            return index.row() + 2
        if role == Qt.ItemDataRole.ToolTipRole and len(value) > 40:
            return value
        return None


class ChronologyDialog(QDialog):
    def __init__(self, gctx: GuiContext, path: Path, source_evidence_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx, self.path, self.source_evidence_id = gctx, Path(path), source_evidence_id
        self.table_data: Any = None
        self.created: list[int] = []
        self.errors: list[str] = []
        self.setWindowTitle(f"Import chronology — {self.path.name}")
        self.resize(860, 560)
        self.status = QLabel("Reading the sheet…")
        self.status.setWordWrap(True)
        self.preview = QTableView()
        self.preview.setWordWrap(False)
        self.preview.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        for field in FIELDS:
            combo = QComboBox()
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.combos[field] = combo
            form.addRow(LABELS[field], combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import events", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_rows)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("First rows of the sheet:"))
        lay.addWidget(self.preview, 1)
        lay.addWidget(QLabel("Which column holds each field of an event?"))
        lay.addLayout(form)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)
        gctx.runner.run(f"Reading {self.path.name}", lambda _t: self._read(), self._loaded,
                        lambda msg: self.status.setText(f"This sheet cannot be read: {msg}"))

    def _read(self) -> tuple[Any, dict[str, int]]:
        return self.gctx.case.chronology.read_sheet(self.path)

    def _loaded(self, result: tuple[Any, dict[str, int]]) -> None:
        self.table_data, self.guessed = result
        headers = list(self.table_data.headers)
        model = SheetPreviewModel(headers, self.table_data.rows[:PREVIEW_ROWS])
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        self.preview.setModel(proxy)
        self.preview.resizeColumnsToContents()
        for c in range(len(headers)):
            self.preview.setColumnWidth(c, min(self.preview.columnWidth(c), 240))
        for field, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("(not in this sheet)", -1)
            for i, h in enumerate(headers):
                combo.addItem(h or f"Column {i + 1}", i)
            combo.setCurrentIndex(self.guessed.get(field, -1) + 1)
            combo.blockSignals(False)
        self._mapping_changed()

    def mapping(self) -> dict[str, int]:
        """The guessed mapping (time, qualifier, end…) overridden by the user's choices."""
        out = {k: v for k, v in getattr(self, "guessed", {}).items() if k not in self.combos}
        for field, combo in self.combos.items():
            col = combo.currentData()
            if col is not None and col >= 0:
                out[field] = col
        return out

    def _mapping_changed(self) -> None:
        if self.table_data is None:
            return
        mapping = self.mapping()
        ready = "date" in mapping and ("title" in mapping or "description" in mapping)
        self.import_button.setEnabled(ready and not self.gctx.case.read_only)
        if not ready:
            self.status.setText("Choose at least the date and the event (or description) columns.")
            return
        rows = self.gctx.case.chronology.map_rows(self.table_data, mapping)
        bad = [r for r in rows if r.error]
        text = f"{len(rows) - len(bad)} of {len(rows)} rows will become events."
        if bad:
            text += " Not imported: " + "; ".join(r.error for r in bad[:3]) + ("…" if len(bad) > 3 else "")
        self.status.setText(text)

    def import_rows(self) -> None:
        table, mapping, source = self.table_data, self.mapping(), self.source_evidence_id
        service = self.gctx.case.chronology
        self.import_button.setEnabled(False)
        self.status.setText("Importing…")
        self.gctx.runner.run("Importing chronology",
                             lambda _t: service.import_table(table, mapping, source),
                             self._imported, self._failed)

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.import_button.setEnabled(True)

    def _imported(self, result: tuple[list[int], list[str]]) -> None:
        self.created, self.errors = result
        msg = f"Imported {len(self.created)} events from {self.path.name}"
        if self.errors:
            msg += f"; {len(self.errors)} rows skipped"
        self.gctx.bus.message.emit(msg)
        self.gctx.bus.changed.emit("events")
        self.gctx.bus.changed.emit("parties")
        self.accept()
