"""Undoable actions started from a preview: new event, new party, edited exhibit fields."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from casefile.domain.records import EventDraft, PartyDraft
from casefile.gui.context import GuiContext
from casefile.services.evidence_service import EvidenceEdit


class CreateEventCommand(QUndoCommand):
    """Creates the event on construction (so errors reach the caller); undo deletes, redo re-creates it."""

    def __init__(self, gctx: GuiContext, draft: EventDraft) -> None:
        super().__init__(f"New event '{draft.title}'")
        self.gctx, self.draft = gctx, draft
        self.event_id = gctx.case.events.create(draft)
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
        else:
            self.gctx.case.events.create(self.draft, event_id=self.event_id)
        self.gctx.bus.changed.emit("events")

    def undo(self) -> None:
        self.gctx.case.events.delete([self.event_id])
        self.gctx.bus.changed.emit("events")


class CreatePartyCommand(QUndoCommand):
    def __init__(self, gctx: GuiContext, draft: PartyDraft) -> None:
        super().__init__(f"New party '{draft.name}'")
        self.gctx, self.draft = gctx, draft
        self.party_id = gctx.case.parties.create(draft)
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
        else:
            self.gctx.case.parties.create(self.draft, party_id=self.party_id)
        self.gctx.bus.changed.emit("parties")

    def undo(self) -> None:
        self.gctx.case.parties.delete(self.party_id)
        self.gctx.bus.changed.emit("parties")


class EditExhibitCommand(QUndoCommand):
    """Applies the edit on construction; undo writes back the values `update()` returned."""

    def __init__(self, gctx: GuiContext, evidence_id: int, edit: EvidenceEdit, version: int = 0) -> None:
        super().__init__(f"Edit Ex. {edit.exhibit}")
        self.gctx, self.evidence_id, self.edit = gctx, evidence_id, edit
        # `version`: of the copy the dialog shows; someone else's later edit is refused (StaleEditError)
        self.before = gctx.case.evidence.update(evidence_id, edit, version or None)
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
        else:
            self.before = self.gctx.case.evidence.update(self.evidence_id, self.edit)
        self.gctx.bus.changed.emit("evidence")

    def undo(self) -> None:
        self.gctx.case.evidence.update(self.evidence_id, self.before)
        self.gctx.bus.changed.emit("evidence")
