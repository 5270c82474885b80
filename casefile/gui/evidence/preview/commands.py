"""The undoable edit of an exhibit's fields, started from the preview (new events and parties use the commands
of `casefile.gui.commands`, as the Timeline and Parties tabs do)."""

from __future__ import annotations

from casefile.gui.commands import CaseCommand
from casefile.gui.context import GuiContext
from casefile.services.evidence_service import EvidenceEdit


class EditExhibitCommand(CaseCommand):
    """Save an exhibit's edited fields; undo writes back the values `update()` returned."""

    kinds = ("evidence",)

    def __init__(self, gctx: GuiContext, evidence_id: int, edit: EvidenceEdit, version: int = 0) -> None:
        super().__init__(gctx, f"Edit Ex. {edit.exhibit}")
        self.evidence_id, self.edit = evidence_id, edit
        # of the copy the dialog shows: someone else's later edit is refused (StaleEditError); redo does not check
        self.version: int | None = version or None
        self.before: EvidenceEdit | None = None

    def _do(self) -> None:
        self.before = self.gctx.case.evidence.update(self.evidence_id, self.edit, self.version)
        self.version = None

    def _undo(self) -> None:
        assert self.before is not None
        self.gctx.case.evidence.update(self.evidence_id, self.before)
