"""The Timeline's review flow and column fitting, kept apart from the tab's assembly and loading.

`ReviewMixin` is mixed into `TimelineTab`: verdicts that move to the next row, verdicts over everything the
filter matches, dismissing an exhibit's suggestions, the detail pane, and the columns' widths.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from casefile.domain.enums import Status
from casefile.domain.errors import CaseFileError
from casefile.domain.records import Citation
from casefile.gui.commands import DeleteEventsCommand, EventStatusCommand, push
from casefile.gui.timeline.model import (
    CONFIDENCE,
    DATE,
    ID_ROLE,
    PARTIES,
    SOURCES,
    STATUS,
    STATUS_ROLE,
    TAGS,
    TITLE,
)
from casefile.gui.timeline.review_commands import DismissExhibitCommand, FilterStatusCommand

if TYPE_CHECKING:
    from casefile.gui.timeline.tab import TimelineTab

    _Base = TimelineTab
else:
    _Base = object


class ReviewMixin(_Base):
    def _fit_columns(self) -> None:
        """Date as wide as the widest date loaded (ranges are never cut); Title gets the room: when the table
        is narrow, Tags, Sources, Confidence and then Parties step aside before Title drops under a quarter of
        the table. Columns the user hid (header menu) stay hidden."""
        fm = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        hidden = self.columns.user_hidden
        date = min(max(fm.horizontalAdvance("14 Mar 2024 09:30"), self.model.widest_date(fm)) + 34,
                   fm.horizontalAdvance("between 28 Sep 2024 09:30 and 28 Sep 2024 10:30") + 34)
        status = "Suggested · forecast" if self.model.any_forecast() else "Suggested"
        widths = {DATE: date, STATUS: fm.horizontalAdvance(status) + 40, PARTIES: 170, TAGS: 120,
                  SOURCES: fm.horizontalAdvance("Sources") + 24,
                  CONFIDENCE: fm.horizontalAdvance("Confidence") + 22}
        widths = {c: w for c, w in widths.items() if not hidden(c)}
        avail = self.table.viewport().width()
        title_min = max(fm.horizontalAdvance("M") * 18, avail // 4)
        for col in (TAGS, SOURCES, CONFIDENCE, PARTIES):  # step aside, least useful first
            if col in widths and avail - sum(widths.values()) < title_min:
                del widths[col]
        for col in (TAGS, CONFIDENCE, SOURCES, PARTIES):
            if not hidden(col):
                header.setSectionHidden(col, col not in widths)
        badge = CONFIDENCE not in widths  # no Confidence column: the status shows it ("Suggested · 62%")
        if badge and STATUS in widths:
            widths[STATUS] = fm.horizontalAdvance(f"{status} · 100%") + 40
        if badge != self.model.confidence_in_status:
            self.model.confidence_in_status = badge
            if self.model.total:
                self.model.dataChanged.emit(self.model.index(0, STATUS), self.model.index(self.model.total - 1, STATUS))
        widths[TITLE] = max(title_min, avail - sum(widths.values()))
        for col, width in widths.items():
            self.table.setColumnWidth(col, width)

    def _describe_event(self, event_id: int) -> str:
        """The visual timeline's tooltip: title, date, parties, status and confidence."""
        try:
            rec = self.gctx.case.events.get(event_id)
        except CaseFileError:
            return ""
        status = rec.status.label + (" · forecast" if rec.forecast else "")
        if rec.confidence is not None:
            status += f" · {round(rec.confidence * 100)}% confidence"
        parties = "; ".join(rec.party_names) or "no party linked"
        return f"{rec.title}\n{rec.date.display()}\n{parties}\n{status}"

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

