"""The Parties tab: the people, organizations, outlets and accounts of the case, reviewed and merged.

Keys on the table: Enter or C confirms, D dismisses, Delete dismisses suggestions and deletes other
parties (undoable), Ctrl+M merges two selected parties, Ctrl+N adds a party.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.enums import Status
from casefile.domain.records import PartyDraft, PartyRecord
from casefile.gui.commands import (
    CreatePartyCommand,
    DeletePartiesCommand,
    EditPartyCommand,
    MergePartiesCommand,
    PartyStatusCommand,
    push,
)
from casefile.gui.context import GuiContext
from casefile.gui.icons import icon
from casefile.gui.parties.model import (
    ALIASES,
    CONFIDENCE,
    EVENTS,
    KIND,
    MENTIONS,
    NAME,
    ROLE,
    STATUS,
    PartyProxy,
    PartyTableModel,
)
from casefile.gui.parties.panel import PartyPanel
from casefile.gui.tables import (
    ID_ROLE,
    STATUS_ROLE,
    column_chooser,
    record_table,
    record_toolbar,
    splitter,
    table_action,
)
from casefile.gui.timeline.filter_bar import CONFIDENCE_FLOORS
from casefile.gui.viewport_hint import ViewportHint


class MergeDialog(QDialog):
    """Asks which of two parties to keep; the other's name becomes an alias."""

    def __init__(self, a: PartyRecord, b: PartyRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge parties")
        self.parties = (a, b)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Which party do you keep? The other one's name and aliases become aliases of it,\n"
                             "and its events, mentions and notes move over. You can undo this."))
        self.group = QButtonGroup(self)
        # keep the busier party by default
        keep_first = (a.event_count + a.mention_count) >= (b.event_count + b.mention_count)
        self.radios: list[QRadioButton] = []
        for i, p in enumerate((a, b)):
            r = QRadioButton(f"Keep “{p.name}” — {p.event_count} events, {p.mention_count} mentions")
            r.setIcon(icon(f"party.{p.kind.value}"))
            r.setChecked((i == 0) == keep_first)
            self.group.addButton(r, i)
            self.radios.append(r)
            lay.addWidget(r)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    def keep_and_other(self) -> tuple[PartyRecord, PartyRecord]:
        a, b = self.parties
        return (a, b) if self.group.checkedId() == 0 else (b, a)


class PartiesTab(QWidget):
    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.setObjectName("partiesTab")
        self.setAccessibleName("Parties")
        self.merge_dialog: MergeDialog | None = None
        self._stale = True

        self.model = PartyTableModel(self)
        self.proxy = PartyProxy(self.model, self)
        self.search = QLineEdit(placeholderText="Find a party by name or alias…", clearButtonEnabled=True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName("Find a party")
        self.search.textChanged.connect(self.proxy.set_text)

        self.confidence = QComboBox()
        self.confidence.setObjectName("partyConfidenceFloor")
        self.confidence.setAccessibleName("Hide parties suggested with low confidence")
        self.confidence.setToolTip("Hide the weakest suggestions (parties added by hand always show)")
        for floor in CONFIDENCE_FLOORS:
            self.confidence.addItem("Any confidence" if floor is None else f"Confidence ≥ {round(floor * 100)}%",
                                    floor)
        self.confidence.currentIndexChanged.connect(
            lambda _i: self.proxy.set_min_confidence(self.confidence.currentData()))

        self.table: QTableView = record_table(self.proxy, self.fontMetrics().height() + 10, name="partiesTable",
                                              accessible="Parties", parent=self, case_path=gctx.case.path,
                                              keep_columns=(NAME,))
        self.columns = column_chooser(self.table)
        self.columns.changed.connect(self._fit_columns)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(36)
        for col in (KIND, ROLE, ALIASES, EVENTS, MENTIONS, STATUS, CONFIDENCE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self._fit_columns()
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.hint = ViewportHint(self.table, "No parties yet — they are suggested as evidence is imported, or press "
                                             "Ctrl+N to add one.")
        self.table.viewport().installEventFilter(self)

        self.panel = PartyPanel(gctx, self._save, self)
        self.table.doubleClicked.connect(lambda _i: self.panel.name.setFocus())
        self._build_actions()
        gctx.edit_action(self.new_action, self.confirm_action, self.dismiss_action, self.merge_action,
                         self.delete_action)  # off when read-only
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.confidence)
        ll.addLayout(top)
        ll.addWidget(self.table, 1)
        self.splitter = splitter(Qt.Orientation.Horizontal, "partiesSplitter", self,
                                 [(left, 3, 760), (self.panel, 2, 420)])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.splitter, 1)

        gctx.bus.changed.connect(self._case_changed)
        self.reload()

    def _build_actions(self) -> None:
        action = partial(table_action, self, self.table)
        self.new_action = action("add", "New party", [QKeySequence.StandardKey.New], self.new_party,
                                 "Add a party by hand", on_table=False)
        self.confirm_action = action("confirm", "Confirm", ["C", Qt.Key.Key_Return, Qt.Key.Key_Enter],
                                     self.confirm_selected, "Confirm the selected parties")
        self.dismiss_action = action("dismiss", "Dismiss", ["D"], self.dismiss_selected,
                                     "Dismiss the selected parties")
        self.merge_action = action("merge", "Merge…", ["Ctrl+M"], self.merge_selected,
                                   "Merge the two selected parties into one", on_table=False)
        self.delete_action = action("delete", "Delete", [QKeySequence.StandardKey.Delete],
                                    self.delete_selected,
                                    "Delete the selected parties (suggestions are dismissed); undoable")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addAction(self.merge_action)
        self.count_label = QLabel()
        self.toolbar = record_toolbar("Parties", self, [self.new_action, None, self.confirm_action,
                                                        self.dismiss_action, self.merge_action, self.delete_action],
                                      [self.count_label])

    # loading --------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self._stale:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        """Re-read the parties now when the tab is on screen, else when it is next shown (opening a case
        with the Timeline in front costs nothing here)."""
        if not self.isVisible():
            self._stale = True
            return
        self._load()

    def _load(self) -> None:
        """List the parties in a worker (100+ ms at 2,000 parties); the newest request wins."""
        self._stale = False
        self._generation = getattr(self, "_generation", 0) + 1
        gen, parties_service = self._generation, self.gctx.case.parties
        self.gctx.runner.run("Listing parties", lambda _t: parties_service.list(),
                             lambda parties: self._listed(gen, parties), self.gctx.bus.message.emit)

    def _listed(self, generation: int, parties: list[PartyRecord]) -> None:
        if generation != self._generation:
            return  # a newer list is on its way
        ids = self.selected_ids()
        row = self.table.currentIndex().row()
        self.model.set_parties(parties)
        suggested = sum(1 for p in parties if p.status is Status.SUGGESTED)
        self.count_label.setText(f"{len(parties)} parties" + (f", {suggested} to review" if suggested else ""))
        self.hint.setVisible(not parties)
        self.hint.place()
        self._reselect(ids, row)

    def _fit_columns(self) -> None:
        """Name stretches and keeps room for a name: Aliases gives way first, then Confidence, Role and
        Mentions step aside when narrow; the counts and status stay as wide as their text. Columns the user
        hid (header menu) stay hidden."""
        fm = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        hidden = self.columns.user_hidden
        widths = {KIND: 36, ROLE: fm.horizontalAdvance("Defendant") + 20,
                  EVENTS: fm.horizontalAdvance("Events") + 22, MENTIONS: fm.horizontalAdvance("Mentions") + 22,
                  STATUS: fm.horizontalAdvance("Suggested") + 44, CONFIDENCE: fm.horizontalAdvance("Confidence") + 22}
        widths = {c: w for c, w in widths.items() if not hidden(c)}
        name_min = fm.horizontalAdvance("M") * 14
        avail = self.table.viewport().width()
        optional = [c for c in (CONFIDENCE, MENTIONS, ROLE) if not hidden(c)]
        for col in optional:  # step aside until Name has its minimum
            header.setSectionHidden(col, False)
        for col in optional:
            if avail - sum(widths.values()) >= name_min:
                break
            header.setSectionHidden(col, True)
            del widths[col]
        aliases = max(0, min(200, avail - sum(widths.values()) - name_min))
        if not hidden(ALIASES):
            header.setSectionHidden(ALIASES, aliases < 80)
            if aliases >= 80:
                widths[ALIASES] = aliases
        for col, width in widths.items():
            self.table.setColumnWidth(col, width)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(obj, event)

    def _case_changed(self, kind: str) -> None:
        if kind in ("parties", "events", "evidence", "case"):
            if self.panel.is_dirty() and kind != "parties":
                return  # keep the user's unsaved edits; counts refresh on the next party change
            self.reload()

    def selected_ids(self) -> list[int]:
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [int(i.data(ID_ROLE)) for i in rows]

    def _reselect(self, ids: list[int], fallback_row: int) -> None:
        sel = QItemSelection()
        first = None
        for pid in ids:
            r = self.model.row_of(pid)
            if r is None:
                continue
            idx = self.proxy.mapFromSource(self.model.index(r, 0))
            if idx.isValid():
                sel.select(idx, idx)
                first = first or idx
        if first is None and fallback_row >= 0 and self.proxy.rowCount():
            first = self.proxy.index(min(fallback_row, self.proxy.rowCount() - 1), 0)
            sel.select(first, first)
        sm = self.table.selectionModel()
        sm.select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if first is not None:
            sm.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        self._selection_changed()

    def _selection_changed(self, *_args: object) -> None:
        rows = self.table.selectionModel().selectedRows()
        statuses = [Status(i.data(STATUS_ROLE)) for i in rows]
        self.confirm_action.setEnabled(any(s is not Status.CONFIRMED for s in statuses))
        self.dismiss_action.setEnabled(any(s is not Status.DISMISSED for s in statuses))
        self.merge_action.setEnabled(len(rows) == 2)
        self.delete_action.setEnabled(bool(rows))
        ids = self.selected_ids()
        rec = self.model.party(self.proxy.mapToSource(rows[0]).row()) if len(rows) == 1 else None
        if rec is None or self.panel.record != rec:
            self.panel.show_party(rec)
        self.gctx.bus.selected.emit("party", ids[0] if len(ids) == 1 else -1)

    def show_item(self, party_id: int) -> None:
        r = self.model.row_of(party_id)
        if r is None or self._stale:
            self._load()
            r = self.model.row_of(party_id)
        if r is None:
            self.gctx.bus.message.emit("That party no longer exists (it may have been merged).")
            return
        idx = self.proxy.mapFromSource(self.model.index(r, 0))
        if not idx.isValid():  # hidden by the search
            self.search.clear()
            idx = self.proxy.mapFromSource(self.model.index(r, 0))
        self.table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(idx)
        self.table.setFocus()

    # actions --------------------------------------------------------------------------------------
    def _save(self, party_id: int, draft: PartyDraft) -> str:
        shown = self.panel.record  # the copy being edited: its version guards another person's change
        cmd = EditPartyCommand(self.gctx, party_id, draft, shown.version if shown and shown.id == party_id else 0)
        return "" if push(self.gctx, cmd) else cmd.error

    def new_party(self) -> None:
        name, n = "New party", 2
        existing = {self.model.party(i).name for i in range(self.model.rowCount())}
        while name in existing:
            name, n = f"New party {n}", n + 1
        cmd = CreatePartyCommand(self.gctx, PartyDraft(name))
        if push(self.gctx, cmd) and cmd.party_id is not None:
            self.show_item(cmd.party_id)
            self.panel.name.setFocus()
            self.panel.name.selectAll()

    def _set_status(self, status: Status) -> None:
        ids = self.selected_ids()
        if ids:
            push(self.gctx, PartyStatusCommand(self.gctx, ids, status))

    def confirm_selected(self) -> None:
        self._set_status(Status.CONFIRMED)

    def dismiss_selected(self) -> None:
        self._set_status(Status.DISMISSED)

    def delete_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        suggested = [int(i.data(ID_ROLE)) for i in rows if Status(i.data(STATUS_ROLE)) is Status.SUGGESTED]
        others = [int(i.data(ID_ROLE)) for i in rows if Status(i.data(STATUS_ROLE)) is not Status.SUGGESTED]
        both = bool(suggested and others)
        if both:
            self.gctx.undo.beginMacro("Dismiss and delete parties")
        if suggested:
            push(self.gctx, PartyStatusCommand(self.gctx, suggested, Status.DISMISSED))
        if others:
            push(self.gctx, DeletePartiesCommand(self.gctx, others))
        if both:
            self.gctx.undo.endMacro()

    def merge_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if len(rows) != 2:
            self.gctx.bus.message.emit("Select exactly two parties to merge.")
            return
        a, b = (self.model.party(self.proxy.mapToSource(i).row()) for i in rows)
        self.merge_dialog = MergeDialog(a, b, self)
        self.merge_dialog.accepted.connect(self._merge_accepted)
        self.merge_dialog.finished.connect(self._merge_finished)
        self.merge_dialog.open()

    def _merge_finished(self) -> None:
        if self.merge_dialog is not None:
            self.merge_dialog.deleteLater()
            self.merge_dialog = None

    def _merge_accepted(self) -> None:
        assert self.merge_dialog is not None
        keep, other = self.merge_dialog.keep_and_other()
        if push(self.gctx, MergePartiesCommand(self.gctx, keep.id, other.id, (keep.name, other.name))):
            self.show_item(keep.id)
