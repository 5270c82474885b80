"""Undoable verdicts over everything a filter matches (not only the rows a view has fetched)."""

from __future__ import annotations

from casefile.domain.enums import Status
from casefile.domain.records import EventFilter
from casefile.gui.commands import CaseCommand
from casefile.gui.context import GuiContext

_VERBS = {Status.CONFIRMED: "Confirm", Status.DISMISSED: "Dismiss", Status.DISPUTED: "Dispute"}


class FilterStatusCommand(CaseCommand):
    """One SQL update and one undo step for a bulk verdict; undo puts back each event's own status."""

    def __init__(self, gctx: GuiContext, flt: EventFilter, status: Status, what: str) -> None:
        super().__init__(gctx, f"{_VERBS.get(status, 'Mark')} {what}")
        self.flt, self.status = flt, status
        self.previous: dict[int, Status] = {}

    def _do(self) -> None:
        self.previous = self.gctx.case.events.set_status_where(self.flt, self.status)

    def _undo(self) -> None:
        self.gctx.case.events.restore_statuses(self.previous)


class DismissExhibitCommand(CaseCommand):
    """Dismiss every suggestion citing one exhibit (a misread file, a source the user rejects)."""

    def __init__(self, gctx: GuiContext, evidence_id: int, exhibit: int) -> None:
        super().__init__(gctx, f"Dismiss every suggestion from Ex. {exhibit}")
        self.evidence_id = evidence_id
        self.previous: dict[int, Status] = {}

    def _do(self) -> None:
        self.previous = self.gctx.case.events.dismiss_suggestions_from(self.evidence_id)

    def _undo(self) -> None:
        self.gctx.case.events.restore_statuses(self.previous)
