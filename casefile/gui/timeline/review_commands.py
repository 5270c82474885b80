"""Undoable verdicts over everything a filter matches (not only the rows a view has fetched)."""

from __future__ import annotations

from casefile.domain.enums import Status
from casefile.domain.records import EventFilter
from casefile.gui.commands import VerdictCommand
from casefile.gui.context import GuiContext


class FilterStatusCommand(VerdictCommand):
    """One SQL update and one undo step for a bulk verdict; undo puts back each event's own status."""

    def __init__(self, gctx: GuiContext, flt: EventFilter, status: Status, what: str) -> None:
        super().__init__(gctx, what, status)
        self.flt = flt

    def _verdict(self) -> dict[int, Status]:
        return self.gctx.case.events.set_status_where(self.flt, self.status)


class DismissExhibitCommand(VerdictCommand):
    """Dismiss every suggestion citing one exhibit (a misread file, a source the user rejects)."""

    def __init__(self, gctx: GuiContext, evidence_id: int, exhibit: int) -> None:
        super().__init__(gctx, f"every suggestion from Ex. {exhibit}", Status.DISMISSED)
        self.evidence_id = evidence_id

    def _verdict(self) -> dict[int, Status]:
        return self.gctx.case.events.dismiss_suggestions_from(self.evidence_id)
