"""The Timeline tab: a visual timeline above a lazily paged table of events, with review at hand.

Keys on the table (each verdict moves to the next row): Enter confirms suggestions (edits a confirmed
event), C confirms, D dismisses, X marks disputed, E or F2 edits; Delete dismisses suggestions and deletes
other events (undoable), Ctrl+N adds. Ctrl+A then a verdict acts on everything the filter matches.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.enums import Status
from casefile.domain.errors import CaseFileError
from casefile.domain.records import Citation, EventDraft, EventFilter
from casefile.gui.commands import (
    CreateEventCommand,
    DeleteEventsCommand,
    EditEventCommand,
    EventStatusCommand,
    push,
)
from casefile.gui.context import GuiContext
from casefile.gui.event_detail import EventDetail
from casefile.gui.event_dialog import EventDialog
from casefile.gui.icons import icon
from casefile.gui.review_commands import DismissExhibitCommand, FilterStatusCommand
from casefile.gui.tables import column_chooser, record_table
from casefile.gui.timeline_filter import FilterBar
from casefile.gui.timeline_model import (
    CONFIDENCE,
    DATE,
    HEADERS,
    ID_ROLE,
    PARTIES,
    SMALL,
    SOURCES,
    STATUS,
    STATUS_ROLE,
    TAGS,
    TITLE,
    EventProxy,
    EventTableModel,
)
from casefile.gui.timeline_view import PreparedPositions, TimelineStrip, prepare_positions
from casefile.gui.viewport_hint import ViewportHint

EMPTY_HINT = "No events yet — drop articles, posts or clips anywhere on this window, or press Ctrl+N to add one"
FILTERED_HINT = "No events match the filter. <a href='clear'>Clear the filter</a> to see them all."


class TimelineTab(QWidget):
    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.setObjectName("timelineTab")
        self.setAccessibleName("Timeline")
        self.dialog: EventDialog | None = None
        self._positions_generation = 0
        self._review_generation = 0

        self._choices_generation = 0
        self._after_load: tuple[list[int], int] = ([], -1)  # selection to restore when rows land
        self.model = EventTableModel(gctx.case.events, self, runner=gctx.runner)
        self.proxy = EventProxy(self.model, self)
        self.proxy.refused.connect(self._sort_refused)
        self.filter_bar = FilterBar(self)
        self.filter_bar.changed.connect(self._filter_changed)

        self.table = record_table(self.proxy, self.fontMetrics().height() + 10, name="timelineTable",
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
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.hint = ViewportHint(self.table)
        self.hint.setObjectName("timelineHint")
        self.hint.linkActivated.connect(lambda _l: self.filter_bar.reset())
        self.table.viewport().installEventFilter(self)

        self.strip = TimelineStrip(self)
        self.strip.event_clicked.connect(self.show_item)

        self._build_actions()
        self.detail = EventDetail([self.confirm_action, self.dismiss_action, self.dispute_action,
                                   self.edit_action], self)
        self.detail.citation_opened.connect(self._open_citation)
        self.detail.dismiss_exhibit.connect(self.dismiss_exhibit)
        self.lower = QSplitter(Qt.Orientation.Horizontal, self)
        self.lower.setObjectName("timelineDetailSplitter")
        self.lower.addWidget(self.table)
        self.lower.addWidget(self.detail)
        self.lower.setStretchFactor(0, 3)
        self.lower.setStretchFactor(1, 1)
        self.lower.setSizes([820, 320])
        self.lower.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("timelineSplitter")
        self.splitter.addWidget(self.strip)
        self.splitter.addWidget(self.lower)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([160, 480])
        self.splitter.setChildrenCollapsible(False)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.filter_bar)
        lay.addWidget(self.splitter, 1)

        self.model.reloaded.connect(self._rows_loaded)
        gctx.bus.changed.connect(self._case_changed)
        self.reload()

    # actions --------------------------------------------------------------------------------------
    def _action(self, meaning: str, text: str, keys: list[QKeySequence | str], slot: object,
                tip: str, on_table: bool = True) -> QAction:
        a = QAction(icon(meaning), text, self)
        a.setShortcuts([QKeySequence(k) for k in keys])
        native = QKeySequence.SequenceFormat.NativeText
        shown = " / ".join(QKeySequence(k).toString(native) for k in keys)
        a.setToolTip(f"{tip} ({shown})" if keys else tip)
        a.triggered.connect(slot)  # type: ignore[arg-type]
        if on_table:
            a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(a)
        else:
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(a)
        return a

    def _build_actions(self) -> None:
        self.new_action = self._action("add", "New event", [QKeySequence.StandardKey.New], self.new_event,
                                       "Add an event by hand", on_table=False)
        self.edit_action = self._action("edit", "Edit", ["E", "F2"], self.edit_selected,
                                        "Edit the selected event")
        self.confirm_action = self._action("confirm", "Confirm", ["C"], self.confirm_selected,
                                           "Confirm the selected events and move on")
        self.dismiss_action = self._action("dismiss", "Dismiss", ["D"], self.dismiss_selected,
                                           "Dismiss the selected events and move on")
        self.dispute_action = self._action("dispute", "Disputed", ["X"], self.dispute_selected,
                                           "Mark the selected events as disputed and move on")
        self.bulk_menu = QMenu("All shown", self)
        self.bulk_menu.setObjectName("bulkMenu")
        self.bulk_confirm = self.bulk_menu.addAction(icon("confirm"), "Confirm every event shown",
                                                     lambda: self.verdict_on_filter(Status.CONFIRMED))
        self.bulk_dismiss = self.bulk_menu.addAction(icon("dismiss"), "Dismiss every suggestion shown",
                                                     lambda: self.verdict_on_filter(Status.DISMISSED))
        self.bulk_dispute = self.bulk_menu.addAction(icon("dispute"), "Mark every event shown as disputed",
                                                     lambda: self.verdict_on_filter(Status.DISPUTED))
        self.bulk_action = self.bulk_menu.menuAction()
        self.bulk_action.setIcon(icon("review"))
        self.bulk_action.setToolTip("A verdict on everything the filter matches, loaded or not (one undo step)")
        self.delete_action = self._action("delete", "Delete", [QKeySequence.StandardKey.Delete],
                                          self.delete_selected,
                                          "Delete the selected events (suggestions are dismissed); undoable")
        self.enter_action = QAction("Confirm or edit", self)
        self.enter_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        self.enter_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.enter_action.triggered.connect(self._enter)
        self.table.addAction(self.enter_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.colour_action = QAction(icon("parties"), "Colour by party", self, checkable=True)
        self.colour_action.setToolTip("Colour the visual timeline by party instead of by status")
        self.colour_action.toggled.connect(lambda on: self.strip.set_colour_by("party" if on else "status"))
        self.fit_action = QAction(icon("zoom.fit"), "Fit", self)
        self.fit_action.setToolTip("Show the whole timeline (Home on the timeline)")
        self.fit_action.triggered.connect(self.strip.fit_all)

        self.toolbar = QToolBar("Timeline", self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for a in (self.new_action, self.edit_action, None, self.confirm_action, self.dismiss_action,
                  self.dispute_action, self.bulk_action, self.delete_action, None, self.colour_action,
                  self.fit_action):
            if a is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(a)
        button = self.toolbar.widgetForAction(self.bulk_action)
        if button is not None:
            button.setPopupMode(button.ToolButtonPopupMode.InstantPopup)  # type: ignore[attr-defined]
            button.setObjectName("bulkButton")
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addAction(self.filter_bar.review)
        review_button = self.toolbar.widgetForAction(self.filter_bar.review)
        if review_button is not None:
            review_button.setObjectName("toReviewButton")
        self.count_label = QLabel()
        self.count_label.setObjectName("timelineCount")
        self.toolbar.addWidget(self.count_label)

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
        self.model.refresh()
        self._load_positions()

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
        self.model.set_filter(flt)
        self._load_positions(fit=True)

    def _rows_loaded(self) -> None:
        ids, row = self._after_load
        self._after_load = ([], -1)
        self._reselect(ids, row)
        self._update_hint()
        self._fit_columns()
        self._count_review()

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

    def _fit_columns(self) -> None:
        """Date as wide as the widest date loaded (ranges never cut), Sources, Status and Confidence as wide as
        their text; Title gets the room: Tags, then Parties give way before Title drops under a third of the
        table. Columns the user hid (header menu) stay hidden."""
        fm = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        hidden = self.columns.user_hidden
        date = min(max(fm.horizontalAdvance("14 Mar 2024 09:30"), self.model.widest_date(fm)) + 34,
                   fm.horizontalAdvance("between 28 Sep 2024 09:30 and 28 Sep 2024 10:30") + 34)
        sources = max(fm.horizontalAdvance("Sources"), fm.horizontalAdvance("999")) + 24
        status = fm.horizontalAdvance("Suggested · forecast") + 40
        confidence = fm.horizontalAdvance("Confidence") + 22
        fixed = {DATE: date, SOURCES: sources, STATUS: status, CONFIDENCE: confidence}
        avail = self.table.viewport().width()
        rest = avail - sum(w for c, w in fixed.items() if not hidden(c))
        title_min = max(fm.horizontalAdvance("M") * 16, rest // 3 if rest > 600 else 0)
        parties, tags = (0 if hidden(PARTIES) else 200), (0 if hidden(TAGS) else 120)
        if rest - parties - tags < title_min * 1.6:
            parties, tags = (0 if hidden(PARTIES) else 150), (0 if hidden(TAGS) else 90)
        show_tags = bool(tags) and rest - parties - tags >= title_min * 1.6
        if not show_tags:
            tags = 0
            if parties:
                parties = max(110, min(200, rest - title_min))
        header.setSectionHidden(TAGS, not show_tags)
        title = max(title_min, rest - parties - tags)
        widths = {**fixed, TITLE: title, PARTIES: parties, TAGS: tags}
        for col, width in widths.items():
            if width and not hidden(col):
                self.table.setColumnWidth(col, width)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(obj, event)

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
        self._show_detail(ids)
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

    # review ---------------------------------------------------------------------------------------
    def _all_selected(self) -> bool:
        """Every row is selected (Ctrl+A), including rows not fetched yet: act on the filter, not the ids."""
        n = self.proxy.rowCount()
        return n > 0 and len(self.table.selectionModel().selectedRows()) >= n

    def _set_status(self, status: Status) -> None:
        """Give the selection a verdict, then move to the row after it (the verdict may hide the row)."""
        if self._all_selected() and self.model.total > len(self.selected_ids()):
            self.verdict_on_filter(status)
            return
        ids = self.selected_ids()
        if not ids:
            return
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        nxt = rows[-1] + 1
        next_id = self.proxy.index(nxt, 0).data(ID_ROLE) if nxt < self.proxy.rowCount() else None
        push(self.gctx, EventStatusCommand(self.gctx, ids, status))
        target = [int(next_id)] if next_id is not None else []
        fallback = rows[0] if next_id is not None else rows[-1]
        self._after_load = (target, fallback)
        if not self.model.busy:  # refreshed synchronously: select now
            self._after_load = ([], -1)
            self._reselect(target, fallback)
        elif next_id is not None:
            self._reselect(target, fallback)  # move at once; the refresh lands on the same event
        self.table.setFocus()

    def confirm_selected(self) -> None:
        self._set_status(Status.CONFIRMED)

    def dismiss_selected(self) -> None:
        self._set_status(Status.DISMISSED)

    def dispute_selected(self) -> None:
        self._set_status(Status.DISPUTED)

    def verdict_on_filter(self, status: Status) -> None:
        """Confirm, dismiss (suggestions only) or dispute everything the filter matches, in one transaction."""
        flt = self.model.filter
        if status is Status.DISMISSED:
            flt = dataclasses.replace(flt, statuses=(Status.SUGGESTED,))
        n = self.gctx.case.events.count(flt)
        if not n:
            self.gctx.bus.message.emit("Nothing shown to change.")
            return
        what = f"{n:,} events shown" if status is not Status.DISMISSED else f"{n:,} suggestions shown"
        cmd = FilterStatusCommand(self.gctx, flt, status, what)
        if push(self.gctx, cmd):
            self.gctx.bus.message.emit(f"{cmd.text()} — Ctrl+Z undoes it.")

    def dismiss_exhibit(self, evidence_id: int, exhibit: int) -> None:
        cmd = DismissExhibitCommand(self.gctx, evidence_id, exhibit)
        if push(self.gctx, cmd):
            self.gctx.bus.message.emit(f"Dismissed {len(cmd.previous):,} suggestions from Ex. {exhibit}"
                                       " — Ctrl+Z undoes it.")

    def _open_citation(self, c: Citation) -> None:
        start = c.char_start if c.char_start is not None else -1
        end = c.char_end if c.char_end is not None else -1
        self.gctx.bus.open_citation.emit(c.evidence_id, start, end)

    def _show_detail(self, ids: list[int]) -> None:
        if len(ids) != 1:
            self.detail.show_none(len(self.table.selectionModel().selectedRows()))
            return
        try:
            self.detail.show_event(self.gctx.case.events.get(ids[0]))
        except CaseFileError:
            self.detail.show_none()

    def delete_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        rows = [i for i in rows if i.data(ID_ROLE) is not None]
        suggested = [int(i.data(ID_ROLE)) for i in rows if Status(i.data(STATUS_ROLE)) is Status.SUGGESTED]
        others = [int(i.data(ID_ROLE)) for i in rows if Status(i.data(STATUS_ROLE)) is not Status.SUGGESTED]
        if not rows:
            return
        undo = self.gctx.undo
        if suggested and others:
            undo.beginMacro(f"Dismiss {len(suggested)} and delete {len(others)} events")
        if suggested:
            push(self.gctx, EventStatusCommand(self.gctx, suggested, Status.DISMISSED))
        if others:
            push(self.gctx, DeleteEventsCommand(self.gctx, others))
        if suggested and others:
            undo.endMacro()

    def _enter(self) -> None:
        statuses = self._selected_statuses()
        if statuses and all(s is not Status.CONFIRMED for s in statuses):
            self.confirm_selected()
        else:
            self.edit_selected()

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
        parties = case.parties.list([Status.SUGGESTED, Status.CONFIRMED, Status.DISPUTED])
        if record is not None:  # keep linked parties listed even when dismissed
            known = {p.id for p in parties}
            parties += [case.parties.get(pid) for pid in record.party_ids if pid not in known]

        def save(draft: EventDraft) -> str:
            cmd = (EditEventCommand(self.gctx, event_id, draft) if event_id is not None
                   else CreateEventCommand(self.gctx, draft))
            if not push(self.gctx, cmd):
                return cmd.error
            new_id = event_id if event_id is not None else getattr(cmd, "event_id", None)
            if new_id is not None:
                self.show_item(new_id)
            return ""

        self.dialog = EventDialog(parties, record, save=save, show_citation=self._open_citation,
                                  exhibits=self.gctx.case.evidence.choices, parent=self)
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()
        self.dialog.activateWindow()

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self.table.setFocus()
