"""The Timeline's review: verdicts that move to the next row, verdicts over everything the filter matches,
dismissing an exhibit's suggestions, deleting, and the detail pane following the selection.

`ReviewController` belongs to the Timeline tab and works through its table, model and selection (`ReviewedView`).
"""

from __future__ import annotations

import dataclasses
from typing import Protocol

from PySide6.QtWidgets import QTableView

from casefile.domain.enums import Status
from casefile.domain.errors import CaseFileError
from casefile.domain.records import Citation
from casefile.gui.commands import DeleteEventsCommand, EventStatusCommand, push
from casefile.gui.context import GuiContext
from casefile.gui.tables import ID_ROLE, STATUS_ROLE
from casefile.gui.timeline.event_detail import EventDetail
from casefile.gui.timeline.model import EventProxy, EventTableModel
from casefile.gui.timeline.review_commands import DismissExhibitCommand, FilterStatusCommand


class ReviewedView(Protocol):
    """What the review needs of the Timeline tab."""

    _after_load: tuple[list[int], int]  # the selection to restore when the refreshed rows land
    gctx: GuiContext
    table: QTableView
    proxy: EventProxy
    model: EventTableModel
    detail: EventDetail

    def selected_ids(self) -> list[int]: ...
    def _selected_statuses(self) -> list[Status]: ...
    def _reselect(self, ids: list[int], fallback_row: int) -> None: ...
    def edit_selected(self) -> None: ...


class ReviewController:
    """Verdicts on the Timeline's selection or filter, each one undoable."""

    def __init__(self, tab: ReviewedView) -> None:
        self.tab = tab
        self.gctx = tab.gctx

    # review ---------------------------------------------------------------------------------------
    def _all_selected(self) -> bool:
        """Every row is selected (Ctrl+A), including rows not fetched yet: act on the filter, not the ids."""
        n = self.tab.proxy.rowCount()
        return n > 0 and len(self.tab.table.selectionModel().selectedRows()) >= n

    def _set_status(self, status: Status) -> None:
        """Give the selection a verdict, then move to the row after it (the verdict may hide the row)."""
        if self._all_selected() and self.tab.model.total > len(self.tab.selected_ids()):
            self.verdict_on_filter(status)
            return
        ids = self.tab.selected_ids()
        if not ids:
            return
        rows = sorted(i.row() for i in self.tab.table.selectionModel().selectedRows())
        nxt = rows[-1] + 1
        next_id = self.tab.proxy.index(nxt, 0).data(ID_ROLE) if nxt < self.tab.proxy.rowCount() else None
        push(self.gctx, EventStatusCommand(self.gctx, ids, status))
        target = [int(next_id)] if next_id is not None else []
        fallback = rows[0] if next_id is not None else rows[-1]
        self.tab._after_load = (target, fallback)
        if not self.tab.model.busy:  # refreshed synchronously: select now
            self.tab._after_load = ([], -1)
            self.tab._reselect(target, fallback)
        elif next_id is not None:
            self.tab._reselect(target, fallback)  # move at once; the refresh lands on the same event
        self.tab.table.setFocus()

    def confirm_selected(self) -> None:
        self._set_status(Status.CONFIRMED)

    def dismiss_selected(self) -> None:
        self._set_status(Status.DISMISSED)

    def dispute_selected(self) -> None:
        self._set_status(Status.DISPUTED)

    def verdict_on_filter(self, status: Status) -> None:
        """Confirm, dismiss (suggestions only) or dispute everything the filter matches, in one transaction."""
        flt = self.tab.model.filter
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

    def open_citation(self, c: Citation) -> None:
        start = c.char_start if c.char_start is not None else -1
        end = c.char_end if c.char_end is not None else -1
        self.gctx.bus.open_citation.emit(c.evidence_id, start, end)

    def show_detail(self, ids: list[int]) -> None:
        if len(ids) != 1:
            self.tab.detail.show_none(len(self.tab.table.selectionModel().selectedRows()))
            return
        try:
            self.tab.detail.show_event(self.gctx.case.events.get(ids[0]))
        except CaseFileError:
            self.tab.detail.show_none()

    def delete_selected(self) -> None:
        rows = self.tab.table.selectionModel().selectedRows()
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

    def enter(self) -> None:
        statuses = self.tab._selected_statuses()
        if statuses and all(s is not Status.CONFIRMED for s in statuses):
            self.confirm_selected()
        else:
            self.tab.edit_selected()

