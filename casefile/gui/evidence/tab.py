"""The Evidence tab: every exhibit in a sortable, filterable table, and a preview of the selected one."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import CaseFileError
from casefile.domain.records import EvidenceRecord
from casefile.gui.buttons import tool_button
from casefile.gui.context import GuiContext
from casefile.gui.elided import mute
from casefile.gui.evidence.model import (
    COL_DATE,
    COL_EXHIBIT,
    COL_KIND,
    COL_PARENT,
    COL_SIZE,
    COL_SOURCE,
    COL_TITLE,
    COL_VERIFY,
    ID_ROLE,
    RECORD_ROLE,
    SORT_ROLE,
    THUMB_SIZE,
    EvidenceTableModel,
)
from casefile.gui.evidence.preview.dialogs import EditExhibitDialog
from casefile.gui.evidence.preview.pane import PreviewPane
from casefile.gui.icons import icon
from casefile.gui.layout import flush_column
from casefile.gui.tables import column_chooser, filter_change, record_table
from casefile.gui.worker import Lane

TABLE_SHARE = 0.44  # of the tab's width, the first time a case is shown
MIN_TITLE_WIDTH = 170
# hidden in this order when the title would be squeezed (the kind still shows as the row's icon and tooltip)
OPTIONAL_COLUMNS = (COL_SOURCE, COL_SIZE, COL_KIND)
EMPTY_HINT = "Drop articles, posts, screenshots, voice notes or clips anywhere on this window."


class EvidenceFilter(QSortFilterProxyModel):
    """Text filter over the shown columns plus a kind filter; sorts on the model's raw sort values."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind: EvidenceKind | None = None
        self.needle = ""
        self.setSortRole(SORT_ROLE)

    def set_kind(self, kind: EvidenceKind | None) -> None:
        with filter_change(self):
            self.kind = kind

    def set_text(self, text: str) -> None:
        """Keep the rows whose shown texts hold `text` (any case): one substring test per row against the
        model's cached haystack, not a data() call per cell (4 s a keystroke at 2,000 exhibits)."""
        self.needle = text.casefold()
        model = self.sourceModel()
        if isinstance(model, EvidenceTableModel):
            model.set_needle(text)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The header's sort goes to the model (one keyed sort); this proxy only filters."""
        model = self.sourceModel()
        if isinstance(model, EvidenceTableModel):
            model.sort(column, order)
        else:  # pragma: no cover - the tab always has its own model
            super().sort(column, order)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if self.kind is not None:
            rec = model.record(row) if isinstance(model, EvidenceTableModel) else None
            if rec is None or rec.kind is not self.kind:
                return False
        return True


class EvidenceTab(QWidget):
    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self._pending_select: int | None = None
        self._pending_span: tuple[int | None, int | None] | None = None  # (None, None): the exhibit, no span
        self.model = EvidenceTableModel(gctx, self)
        self.proxy = EvidenceFilter(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter exhibits…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_typed)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("All kinds", None)
        for k in EvidenceKind:
            self.kind_combo.addItem(icon(f"evidence.{k.value}"), k.label, k.value)
        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)
        self.count_label = QLabel("")
        self.edit_button = tool_button("Edit the selected exhibit's details", "edit")
        self.edit_button.clicked.connect(self.edit_selected)
        self.verify_button = tool_button("Verify the selected originals", "verify")
        self.verify_button.clicked.connect(self.verify_selected)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 6)
        bar.setSpacing(4)
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.kind_combo)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.verify_button)
        bar.addWidget(self.count_label)

        self.table = record_table(self.proxy, THUMB_SIZE + 6, name="evidenceTable", case_path=gctx.case.path,
                                  keep_columns=(COL_TITLE,))
        self.columns = column_chooser(self.table)
        self.columns.changed.connect(lambda: self._fit_columns(self.table.width()))
        self.table.setSortingEnabled(True)
        self.proxy.sort(-1)
        self.table.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(28)
        header.setHighlightSections(False)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        fm = self.table.fontMetrics()
        widths = {COL_EXHIBIT: THUMB_SIZE + fm.horizontalAdvance("999") + 20,
                  COL_KIND: max(fm.horizontalAdvance("Social post"), fm.horizontalAdvance("Not read") + 22) + 14,
                  COL_DATE: fm.horizontalAdvance("30 Sep 2024") + 14,
                  COL_SOURCE: 120, COL_PARENT: fm.horizontalAdvance("Ex. 99") + 14,
                  COL_SIZE: fm.horizontalAdvance("99.9 KB") + 14, COL_VERIFY: 30}
        for col, width in widths.items():
            header.resizeSection(col, width)
        # the nesting shows as ↳ under the parent (and in the title's tooltip): the In column is optional
        self.table.setColumnHidden(COL_PARENT, True)
        self.table.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.empty = QLabel(EMPTY_HINT)
        self.empty.setObjectName("emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setMargin(32)
        self.empty.setStyleSheet("font-size: 13pt;")
        mute(self.empty)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)

        left = QWidget()
        flush_column(left, bar, self.stack, grow=self.stack)
        self.preview = PreviewPane(gctx)
        self.preview.edit_requested.connect(self.edit_selected)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = QSettings().value("evidence/splitter")
        self._split_pending = state is None or not self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(lambda *_: QSettings().setValue("evidence/splitter",
                                                                          self.splitter.saveState()))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.splitter)

        self.model.loaded.connect(self._loaded)
        gctx.bus.changed.connect(self._case_changed)
        gctx.bus.open_citation.connect(self.open_citation)
        self._update_actions()
        self.reload()

    # layout ----------------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        if self._split_pending and self.splitter.width() > 0:  # first show: the table takes the larger share
            self._split_pending = False
            width = self.splitter.width() - self.splitter.handleWidth()
            table = round(width * TABLE_SHARE)
            self.splitter.setSizes([table, width - table])

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns(event.size().width())
        return super().eventFilter(watched, event)

    def _fit_columns(self, table_width: int) -> None:
        """Leave the title room to read: when the table is narrow, Source, Size and Kind step aside."""
        header = self.table.horizontalHeader()
        available = table_width - 2 * self.table.frameWidth() - self.table.verticalScrollBar().sizeHint().width()
        hidden = self.columns.user_hidden  # what the user hid in the header menu stays hidden
        for col in range(header.count()):
            self.table.setColumnHidden(col, hidden(col))
        for col in OPTIONAL_COLUMNS:
            if hidden(col):
                continue
            shown = sum(header.sectionSize(c) for c in range(header.count())
                        if c != COL_TITLE and not self.table.isColumnHidden(c))
            if available - shown >= MIN_TITLE_WIDTH:
                break
            self.table.setColumnHidden(col, True)

    def _filter_typed(self, text: str) -> None:
        """Filter, keeping the selected exhibit selected when it still matches (its preview stays as it is)."""
        current = self.current_id()
        self.proxy.set_text(text)
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            index = self.proxy.mapFromSource(self.model.index(row, COL_EXHIBIT))
            if index.isValid():
                flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                self.table.selectionModel().setCurrentIndex(index, flags)
                self.table.scrollTo(index)

    def _kind_chosen(self, _index: int) -> None:
        value = self.kind_combo.currentData()
        self.proxy.set_kind(EvidenceKind(value) if value else None)

    # loading ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.current_id()
        if current is not None and self._pending_select is None:
            self._pending_select = current
        self.model.reload()

    def _case_changed(self, kind: str) -> None:
        if kind in ("evidence", "case"):
            self.reload()

    def _loaded(self) -> None:
        total = self.model.total()
        self.stack.setCurrentWidget(self.table if total else self.empty)
        self.count_label.setText(f"{total} exhibit{'s' if total != 1 else ''}" if total else "")
        wanted, self._pending_select = self._pending_select, None
        if wanted is not None and not self._select(wanted) or wanted is None:
            self.preview.clear()
        if wanted is not None and self._pending_span is not None:
            self.preview.show_citation(*self._pending_span)
            self._pending_span = None
        self._update_actions()

    # selection -------------------------------------------------------------------------------------
    def current_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def selected_records(self) -> list[EvidenceRecord]:
        return [i.data(RECORD_ROLE) for i in self.table.selectionModel().selectedRows()]

    def show_item(self, evidence_id: int) -> None:
        """Select an exhibit (and show its preview); waits for the table if it is still loading."""
        if not self._select(evidence_id):
            self._pending_select = evidence_id

    def _select(self, evidence_id: int) -> bool:
        row = self.model.row_of(evidence_id)
        if row is None and self.model.has(evidence_id):  # hidden by the filter: clear it to show what was asked
            self.filter_edit.clear()
            row = self.model.row_of(evidence_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, COL_EXHIBIT))
        if not index.isValid():  # hidden by the filter: clear it so the user sees what was asked for
            self.filter_edit.clear()
            self.kind_combo.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(row, COL_EXHIBIT))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        rec = self.model.record(row)
        if self.preview.rec is None or self.preview.rec != rec:
            self.preview.show_evidence(rec)
        return True

    def _selection_changed(self) -> None:
        self._update_actions()
        recs = self.selected_records()
        if len(recs) != 1:
            return
        rec = recs[0]
        if self.preview.rec != rec:
            self.preview.show_evidence(rec)
        self.gctx.bus.selected.emit("evidence", rec.id)

    def open_citation(self, evidence_id: int, start: int, end: int) -> None:
        span: tuple[int | None, int | None] = (start, end) if start >= 0 and end >= 0 else (None, None)
        if self._select(evidence_id):
            self.preview.show_citation(*span)
        else:
            self._pending_select, self._pending_span = evidence_id, span

    def _update_actions(self) -> None:
        n = len(self.table.selectionModel().selectedRows())
        writable = not self.gctx.case.read_only
        self.edit_button.setEnabled(n == 1 and writable)
        self.verify_button.setEnabled(n >= 1 and writable)

    # actions ---------------------------------------------------------------------------------------
    def edit_selected(self) -> EditExhibitDialog | None:
        recs = self.selected_records()
        if len(recs) != 1 or self.gctx.case.read_only:
            return None
        try:
            rec = self.gctx.case.evidence.get(recs[0].id)
        except CaseFileError as exc:
            self.gctx.bus.message.emit(str(exc))
            return None
        dialog = EditExhibitDialog(self.gctx, rec, self)
        self.edit_dialog = dialog
        dialog.open()
        return dialog

    def verify_selected(self) -> None:
        ids = [r.id for r in self.selected_records() if r.sha256]
        if not ids:
            return

        def done(problems: list) -> None:
            self.gctx.bus.message.emit(
                f"Verified {len(ids)} original{'s' if len(ids) != 1 else ''}: "
                + (f"{len(problems)} problem{'s' if len(problems) != 1 else ''}" if problems else "all match"))
            self.gctx.bus.changed.emit("evidence")

        self.gctx.runner.run("Verifying originals", lambda task: self.gctx.case.evidence.verify(ids, task.report),
                             done, self.gctx.bus.message.emit, lane=Lane.BACKGROUND)

    def read_remaining_pages(self) -> None:
        """OCR the pages an import left (a long scan's), in the background, cancellable from the status bar."""
        recs = [r for r in self.selected_records() if r.metadata.get("unread_pages")]
        if len(recs) != 1 or self.gctx.case.read_only:
            return
        exhibit = recs[0].exhibit

        def done(report) -> None:  # noqa: ANN001 - OcrReport
            self.gctx.bus.message.emit(f"Ex. {exhibit}: {report.summary()}")
            self.gctx.bus.changed.emit("evidence")

        self.gctx.runner.run(f"Reading the pages left of Ex. {exhibit}", lambda task: self.gctx.case.ocr.run(
            exhibit, lambda p: task.report(p.done, p.total, p.current), task.is_cancelled), done,
            self.gctx.bus.message.emit)

    def _context_menu(self, pos) -> None:  # noqa: ANN001 - QPoint
        menu = QMenu(self)
        menu.addAction(icon("edit"), "Edit exhibit…", self.edit_selected).setEnabled(self.edit_button.isEnabled())
        menu.addAction(icon("verify"), "Verify original", self.verify_selected).setEnabled(
            self.verify_button.isEnabled())
        unread = [r for r in self.selected_records() if r.metadata.get("unread_pages")]
        menu.addAction(icon("evidence.document"), "Read remaining pages", self.read_remaining_pages).setEnabled(
            len(unread) == 1 and not self.gctx.case.read_only)
        menu.addAction(icon("open.external"), "Open original", self.preview.details.open_original)
        menu.addAction(icon("reveal"), "Show in folder", self.preview.details.show_in_folder)
        menu.exec(self.table.viewport().mapToGlobal(pos))

