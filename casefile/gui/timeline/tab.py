"""The Timeline tab: a visual timeline above a lazily paged table of events, with review at hand.

Keys on the table (each verdict moves to the next row): Enter confirms suggestions (edits a confirmed
event), C confirms, D dismisses, X marks disputed, E or F2 edits; Delete dismisses suggestions and deletes
other events (undoable), Ctrl+N adds. Ctrl+A then a verdict acts on everything the filter matches.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.enums import Status
from casefile.domain.errors import CaseFileError
from casefile.domain.records import EventDraft, EventFilter, PartyRecord
from casefile.gui.commands import (
    CreateEventCommand,
    EditEventCommand,
    push,
)
from casefile.gui.context import GuiContext
from casefile.gui.icons import icon
from casefile.gui.tables import column_chooser, record_table, record_toolbar, splitter, table_action
from casefile.gui.timeline.disagreement_pane import attach_disagreements
from casefile.gui.timeline.event_detail import EventDetail
from casefile.gui.timeline.event_dialog import EventDialog
from casefile.gui.timeline.filter_bar import FilterBar
from casefile.gui.timeline.model import (
    DATE,
    HEADERS,
    ID_ROLE,
    SMALL,
    STATUS_ROLE,
    TITLE,
    EventProxy,
    EventTableModel,
)
from casefile.gui.timeline.presentation import describe_event, fit_columns
from casefile.gui.timeline.review import ReviewController
from casefile.gui.timeline.view import PreparedPositions, StripPanel, prepare_positions
from casefile.gui.viewport_hint import ViewportHint

EMPTY_HINT = "No events yet — drop articles, posts or clips anywhere on this window, or press Ctrl+N to add one"
FILTERED_HINT = "No events match the filter. <a href='clear'>Clear the filter</a> to see them all."


class TimelineTab(QWidget):
    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.review: ReviewController = ReviewController(self)
        self.setObjectName("timelineTab")
        self.setAccessibleName("Timeline")
        self.dialog: EventDialog | None = None
        self._positions_generation = 0
        self._review_generation = 0

        self._choices_generation = 0
        self._after_load: tuple[list[int], int] = ([], -1)  # selection to restore when rows land
        # the strip's positions (about a second at 100k events, in Python) load once the table's first page has
        # landed: run at the same time they held the GIL against it and slowed every filter keystroke 3×
        self._positions_after_rows: bool | None = None  # None: nothing waiting; else whether to fit
        self.model = EventTableModel(gctx.case.events, self, runner=gctx.runner)
        self.proxy = EventProxy(self.model, self)
        self.proxy.refused.connect(self._sort_refused)
        self.filter_bar = FilterBar(self)
        self.filter_bar.changed.connect(self._filter_changed)

        self.table: QTableView = record_table(self.proxy, self.fontMetrics().height() + 10, name="timelineTable",
                                              accessible="Events", parent=self, case_path=gctx.case.path,
                                              keep_columns=(DATE, TITLE))
        self.columns = column_chooser(self.table)
        self.columns.changed.connect(self._fit_columns)
        self.table.horizontalHeader().setSortIndicator(DATE, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(48)
        for col in range(len(HEADERS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.table.doubleClicked.connect(lambda _i: self.edit_action.trigger())  # does nothing when read-only
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.hint = ViewportHint(self.table)
        self.hint.setObjectName("timelineHint")
        self.hint.linkActivated.connect(lambda _l: self.filter_bar.reset())
        self.table.viewport().installEventFilter(self)

        self.strip_panel = StripPanel(self.selected_ids, self)
        self.strip = self.strip_panel.strip
        self.strip.event_clicked.connect(self.show_item)
        self.strip.describe = lambda event_id: describe_event(gctx, event_id)
        self.colour_action, self.fit_action = self.strip_panel.colour_action, self.strip_panel.fit_action

        self._build_actions()
        gctx.edit_action(self.new_action, self.edit_action, self.confirm_action, self.dismiss_action,
                         self.dispute_action, self.delete_action, self.enter_action,
                         self.bulk_action)  # off when read-only
        self.detail = EventDetail([self.confirm_action, self.dismiss_action, self.dispute_action,
                                   self.edit_action], self)
        self.detail.citation_opened.connect(self.review.open_citation)
        self.detail.dismiss_exhibit.connect(self.review.dismiss_exhibit)
        self.detail_splitter = splitter(Qt.Orientation.Horizontal, "timelineDetailSplitter", self,
                                        [(self.table, 3, 900), (self.detail, 1, 280)])
        self.splitter = splitter(Qt.Orientation.Vertical, "timelineSplitter", self,
                                 [(self.strip_panel, 1, 220), (self.detail_splitter, 3, 420)])

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.filter_bar)
        lay.addWidget(self.splitter, 1)

        self.model.reloaded.connect(self._rows_loaded)
        gctx.bus.changed.connect(self._case_changed)
        self.reload()
        self.disagreements = attach_disagreements(self)  # flags, "Sources disagree (n)", the side-by-side pane

    # actions --------------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        action = partial(table_action, self, self.table)
        self.new_action = action("add", "New event", [QKeySequence.StandardKey.New], self.new_event,
                                 "Add an event by hand", on_table=False)
        self.edit_action = action("edit", "Edit", ["E", "F2"], self.edit_selected,
                                  "Edit the selected event")
        self.confirm_action = action("confirm", "Confirm", ["C"], self.review.confirm_selected,
                                     "Confirm the selected events and move on")
        self.dismiss_action = action("dismiss", "Dismiss", ["D"], self.review.dismiss_selected,
                                     "Dismiss the selected events and move on")
        self.dispute_action = action("dispute", "Disputed", ["X"], self.review.dispute_selected,
                                     "Mark the selected events as disputed and move on")
        self.bulk_menu = QMenu("All shown", self)
        self.bulk_menu.setObjectName("bulkMenu")
        self.bulk_confirm = self.bulk_menu.addAction(icon("confirm"), "Confirm every event shown",
                                                     lambda: self.review.verdict_on_filter(Status.CONFIRMED))
        self.bulk_dismiss = self.bulk_menu.addAction(icon("dismiss"), "Dismiss every suggestion shown",
                                                     lambda: self.review.verdict_on_filter(Status.DISMISSED))
        self.bulk_dispute = self.bulk_menu.addAction(icon("dispute"), "Mark every event shown as disputed",
                                                     lambda: self.review.verdict_on_filter(Status.DISPUTED))
        self.bulk_action = self.bulk_menu.menuAction()
        self.bulk_action.setIcon(icon("review"))
        self.bulk_action.setToolTip("A verdict on everything the filter matches, loaded or not (one undo step)")
        self.delete_action = action("delete", "Delete", [QKeySequence.StandardKey.Delete],
                                    self.review.delete_selected,
                                    "Delete the selected events (suggestions are dismissed); undoable")
        self.enter_action = QAction("Confirm or edit", self)
        self.enter_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        self.enter_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.enter_action.triggered.connect(self.review.enter)
        self.table.addAction(self.enter_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.count_label = QLabel()
        self.count_label.setObjectName("timelineCount")
        self.toolbar: QToolBar = record_toolbar("Timeline", self, [
            self.new_action, self.edit_action, None, self.confirm_action, self.dismiss_action, self.dispute_action,
            self.bulk_action, self.delete_action], [self.filter_bar.review, self.count_label])
        for a in (self.edit_action, self.delete_action):  # icons only: the verdicts keep their words
            w = self.toolbar.widgetForAction(a)
            if isinstance(w, QToolButton):
                w.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        button = self.toolbar.widgetForAction(self.bulk_action)
        if isinstance(button, QToolButton):
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setObjectName("bulkButton")
        review_button = self.toolbar.widgetForAction(self.filter_bar.review)
        if review_button is not None:
            review_button.setObjectName("toReviewButton")

    # loading --------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the case: filter choices, table (keeping its place and selection) and the strip."""
        self._load_choices(parties=True)
        self._refresh_rows()

    def reload_events(self) -> None:
        """After an event edit: tags, table and strip (the party list is unchanged)."""
        self._load_choices(parties=False)
        self._refresh_rows()

    def _refresh_rows(self) -> None:
        self._after_load = (self.selected_ids(), self.table.currentIndex().row())
        self.model.filter = self.filter_bar.current()
        self._positions_after_rows = bool(self._positions_after_rows)
        self.model.refresh()

    def _load_choices(self, parties: bool) -> None:
        """The party and tag filter choices, read on a worker (a light id-and-name query)."""
        self._choices_generation += 1
        gen, case = self._choices_generation, self.gctx.case
        shown = [Status.SUGGESTED, Status.CONFIRMED, Status.DISPUTED]

        def job(_task: object) -> tuple[list | None, list[str]]:
            return (case.parties.names(shown) if parties else None), case.events.tag_names()

        def done(result: tuple[list | None, list[str]]) -> None:
            if gen != self._choices_generation:
                return
            names, tags = result
            if names is not None:
                self.filter_bar.set_parties(names)
                self.strip.party_names = {pid: name for pid, name, _kind in names}
            self.filter_bar.set_tags(tags)

        self.gctx.runner.run("Loading filter choices", job, done, self.gctx.bus.message.emit)

    def _filter_changed(self, flt: EventFilter) -> None:
        self._after_load = (self.selected_ids(), -1)
        self._positions_after_rows = True
        self.model.set_filter(flt)

    def _rows_loaded(self) -> None:
        ids, row = self._after_load
        self._after_load = ([], -1)
        self._reselect(ids, row)
        self._update_hint()
        self._fit_columns()
        self._count_review()
        if self._positions_after_rows is not None:
            fit, self._positions_after_rows = self._positions_after_rows, None
            self._load_positions(fit=fit)

    def _count_review(self) -> None:
        """The "To review (n)" count under the rest of the filter, on a worker (one indexed count)."""
        self._review_generation += 1
        gen, flt, events = self._review_generation, self.model.filter, self.gctx.case.events

        def done(n: int) -> None:
            if gen == self._review_generation:
                self.filter_bar.set_review_count(n)

        self.gctx.runner.run("Counting suggestions", lambda _t: events.to_review_count(flt), done,
                             self.gctx.bus.message.emit)

    def _sort_refused(self, column: int) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(DATE, Qt.SortOrder.DescendingOrder if self.model.descending
                                else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        self.gctx.bus.message.emit(f"Sorting by {HEADERS[column]} works up to {SMALL:,} events; "
                                   f"filter the timeline first ({self.model.total:,} shown).")

    def _load_positions(self, fit: bool = False) -> None:
        self._positions_generation += 1
        gen, flt, events = self._positions_generation, self.model.filter, self.gctx.case.events

        def done(prepared: PreparedPositions) -> None:
            if gen == self._positions_generation:
                self.strip.set_prepared(prepared, fit=fit)
                self.strip.set_selected(self.selected_ids())

        self.gctx.runner.run("Drawing the timeline", lambda _task: prepare_positions(events.positions(flt)),
                             done, self.gctx.bus.message.emit)

    def _case_changed(self, kind: str) -> None:
        if kind == "events":
            self.reload_events()
        elif kind in ("parties", "case"):
            self.reload()

    def _update_hint(self) -> None:
        total = self.model.total
        self.count_label.setText("" if not total else f"{total:,} event{'s' if total != 1 else ''}")
        if total:
            self.hint.hide()
            self.strip.empty_text = "No events to show"
            return
        anything = self.gctx.case.events.count(EventFilter(statuses=tuple(Status))) > 0
        filtered = not self.filter_bar.is_default() or anything
        self.hint.setTextFormat(Qt.TextFormat.RichText if filtered else Qt.TextFormat.PlainText)
        self.hint.setText(FILTERED_HINT if filtered else EMPTY_HINT)
        self.strip.empty_text = "No events match the filter" if filtered else "The timeline fills as events are added"
        self.hint.place()
        self.hint.show()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(obj, event)

    def _fit_columns(self) -> None:
        fit_columns(self.table, self.model, self.columns)

    # selection ------------------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        ids = (i.data(ID_ROLE) for i in sorted(rows, key=lambda i: i.row()))
        return [int(v) for v in ids if v is not None]  # rows still loading have no id yet

    def _selected_statuses(self) -> list[Status]:
        values = (i.data(STATUS_ROLE) for i in self.table.selectionModel().selectedRows())
        return [Status(v) for v in values if v is not None]

    def _reselect(self, ids: list[int], fallback_row: int) -> None:
        sm = self.table.selectionModel()
        sel = QItemSelection()
        first = None
        for eid in ids:
            src_row = self.model.loaded_row(eid)
            if src_row is None and len(ids) <= 3:  # it may have moved to a page not loaded (one query)
                src_row = self.model.row_of(eid)
            if src_row is None:
                continue
            idx = self.proxy.mapFromSource(self.model.index(src_row, 0))
            sel.select(idx, idx)
            first = first or idx
        if first is None and fallback_row >= 0 and self.proxy.rowCount():
            first = self.proxy.index(min(fallback_row, self.proxy.rowCount() - 1), 0)
            sel.select(first, first)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        sm.select(sel, flags)
        if first is not None:
            sm.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        self._selection_changed()

    def _selection_changed(self, *_args: object) -> None:
        ids = self.selected_ids()
        statuses = self._selected_statuses()
        has = bool(ids)
        self.edit_action.setEnabled(len(ids) == 1)
        self.confirm_action.setEnabled(any(s is not Status.CONFIRMED for s in statuses))
        self.dismiss_action.setEnabled(any(s is not Status.DISMISSED for s in statuses))
        self.dispute_action.setEnabled(any(s is not Status.DISPUTED for s in statuses))
        self.delete_action.setEnabled(has)
        self.strip.set_selected(ids)
        self.review.show_detail(ids)
        self.gctx.bus.selected.emit("event", ids[0] if len(ids) == 1 else -1)

    def show_item(self, event_id: int) -> None:
        """Select `event_id` (loading pages as needed; clearing a filter that hides it)."""
        row = self.model.row_of(event_id)
        if row is None and not self.filter_bar.is_default():
            self.filter_bar.reset()
            row = self.model.row_of(event_id)
        if row is None:
            self.filter_bar.set_statuses(tuple(Status))  # it may be dismissed
            self.filter_bar.flush()
            row = self.model.row_of(event_id)
        if row is None:
            self.gctx.bus.message.emit("That event no longer exists.")
            return
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.table.setFocus()

    # editing --------------------------------------------------------------------------------------
    def new_event(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self._open_dialog(ids[0])

    def _open_dialog(self, event_id: int | None) -> None:
        case = self.gctx.case
        try:
            record = case.events.get(event_id) if event_id is not None else None
        except CaseFileError as exc:
            self.gctx.bus.message.emit(str(exc))
            return
        def parties() -> list[PartyRecord]:  # run by a worker: the dialog opens at once
            shown = case.parties.list([Status.SUGGESTED, Status.CONFIRMED, Status.DISPUTED])
            if record is not None:  # keep linked parties listed even when dismissed
                known = {p.id for p in shown}
                shown += [case.parties.get(pid) for pid in record.party_ids if pid not in known]
            return shown

        def save(draft: EventDraft) -> str:
            cmd = (EditEventCommand(self.gctx, event_id, draft) if event_id is not None
                   else CreateEventCommand(self.gctx, draft))
            if not push(self.gctx, cmd):
                return cmd.error
            new_id = event_id if event_id is not None else getattr(cmd, "event_id", None)
            if new_id is not None:
                self.show_item(new_id)
            return ""

        self.dialog = EventDialog(parties, record, save=save, show_citation=self.review.open_citation,
                                  exhibits=self.gctx.case.evidence.choices, parent=self, runner=self.gctx.runner)
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()
        self.dialog.activateWindow()

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self.table.setFocus()
