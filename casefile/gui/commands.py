"""Undoable edits of events and parties: each command calls a service and keeps its returned "before".

A command does its work in `redo()` (the first call happens on push). A busy case (another writer holding the
lock) is retried with a pause, saying so on the status bar. When the step still fails (a user error such as a
missing item, a case that stays busy, or a bug) the command records the message in `error`, marks itself
obsolete so the stack drops it (undo never keeps a command that did nothing), and posts the message on the
bus; a bug is also logged and shown through the error dialog. Nothing raises into Qt.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtGui import QUndoCommand

from casefile.domain.enums import Status
from casefile.domain.errors import CaseFileError, StaleEditError
from casefile.domain.records import EventDraft, EventRecord, MentionRecord, PartyDraft, PartyRecord
from casefile.gui import crash
from casefile.gui.context import GuiContext
from casefile.gui.worker import BUSY_BACKOFF_MS, BUSY_MESSAGE, is_busy, pause, run_and_wait
from casefile.services.event_service import draft_of as event_draft_of
from casefile.services.party_service import MergeResult
from casefile.services.party_service import draft_of as party_draft_of

_VERBS = {Status.CONFIRMED: "Confirm", Status.DISMISSED: "Dismiss", Status.DISPUTED: "Dispute"}


def _plural(n: int, word: str, words: str = "") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {words or word + 's'}"


class _Versioned(Protocol):
    @property
    def version(self) -> int: ...


class _Statuses(Protocol):
    def restore_statuses(self, previous: dict[int, Status]) -> None: ...


DraftT = TypeVar("DraftT")
RecordT = TypeVar("RecordT", bound=_Versioned)


class CaseCommand(QUndoCommand):
    """Shared plumbing: run a step, report user errors, tell the views what changed."""

    kinds: tuple[str, ...] = ("events",)

    def __init__(self, gctx: GuiContext, text: str) -> None:
        super().__init__(text)
        self.gctx = gctx
        self.error = ""
        self.done = False
        self.stale: StaleEditError | None = None  # someone else saved the item since this edit's copy was read

    def _step(self, fn: Callable[[], None]) -> bool:
        try:
            self._with_retries(fn)
        except StaleEditError as exc:
            self.stale = exc
            return self._failed(str(exc))
        except CaseFileError as exc:
            return self._failed(str(exc))
        except Exception as exc:
            if is_busy(exc):
                return self._failed("The case is busy: another window or program is writing to it. "
                                    "Nothing was changed; try again in a moment.")
            crash.report(type(exc), exc, exc.__traceback__, f"'{self.text()}'")
            return self._failed(f"'{self.text()}' failed: {type(exc).__name__}: {exc}")
        finally:
            for kind in self.kinds:
                self.gctx.bus.changed.emit(kind)
        return True

    def _own_steps_allowed(self, version: int, save: Callable[[int | None], Any]) -> Any:
        """Undo and redo check the version the previous step left; a newer version written by this same person
        (their later steps on the undo stack, such as a verdict) is not a conflict, another person's is."""
        try:
            return save(version)
        except StaleEditError as exc:
            if getattr(exc.change, "actor", None) != self.gctx.case.ctx.actor():
                raise
            return save(None)

    def _with_retries(self, fn: Callable[[], None]) -> None:
        for delay in (*BUSY_BACKOFF_MS, None):
            try:
                run_and_wait(self.gctx.runner, self.text(), fn)  # off the GUI thread, which keeps painting
                return
            except Exception as exc:
                if delay is None or not is_busy(exc):
                    raise
                self.gctx.bus.message.emit(BUSY_MESSAGE)
                pause(delay)

    def _failed(self, message: str) -> bool:
        self.error = message
        self.setObsolete(True)  # the stack drops it: on push, or on the undo() that follows a failed redo
        self.gctx.bus.message.emit(message)
        return False

    def redo(self) -> None:
        self.done = self._step(self._do)

    def undo(self) -> None:
        if self.done:
            self.done = not self._step(self._undo)

    def _do(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _undo(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def push(gctx: GuiContext, cmd: CaseCommand) -> bool:
    """Push `cmd` and say whether it succeeded (its `error` holds the message otherwise).

    A read-only window refuses before anything runs, so no command is ever pushed that cannot be done.
    """
    if gctx.read_only:
        cmd.error = gctx.read_only_reason
        gctx.bus.message.emit(cmd.error)
        return False
    gctx.undo.push(cmd)
    if cmd.stale is not None and isinstance(cmd, EditCommand):
        return _resolve_stale(gctx, cmd, cmd.stale)
    return not cmd.error


def _resolve_stale(gctx: GuiContext, cmd: EditCommand[Any, Any], stale: StaleEditError) -> bool:
    """Someone else saved the item first: show their change and let the user save theirs on top of it or keep
    the other's. Never an overwrite without the user seeing what it replaces."""
    from casefile.gui.team.conflict_dialog import ask_conflict

    if not ask_conflict(gctx, stale, cmd.draft):
        cmd.error = ""
        gctx.bus.message.emit("Kept the other person's change; yours was not saved.")
        return True
    retry = cmd.on_top_of(int(getattr(stale.current, "version", 0)))
    gctx.undo.push(retry)
    if retry.stale is not None:  # changed yet again meanwhile: ask again, with the newest change
        return _resolve_stale(gctx, retry, retry.stale)
    cmd.error = retry.error
    return not retry.error


class EditCommand(CaseCommand, Generic[DraftT, RecordT]):
    """Save an edited item; `version` (of the copy the editor read) guards against overwriting another
    person's change, and undo or redo each check that nobody changed the item since the step before."""

    def __init__(self, gctx: GuiContext, text: str, draft: DraftT, version: int) -> None:
        super().__init__(gctx, text)
        self.draft = draft
        self.before: RecordT | None = None
        self.version = version  # what the item must still be at for the next step

    def _save(self, draft: DraftT, version: int | None) -> RecordT:  # pragma: no cover - abstract
        """Write `draft` over the item if it is still at `version` (any, for None); the record before."""
        raise NotImplementedError

    def _draft_of(self, record: RecordT) -> DraftT:  # pragma: no cover - abstract
        raise NotImplementedError

    def on_top_of(self, version: int) -> EditCommand[DraftT, RecordT]:  # pragma: no cover - abstract
        """The same edit, saved over the version someone else wrote (the user chose to re-apply theirs)."""
        raise NotImplementedError

    def _do(self) -> None:
        if self.before is None:  # the first save: checked against the copy the editor read
            self.before = self._save(self.draft, self.version)
        else:  # redo after undo
            self.before = self._own_steps_allowed(self.version, lambda v: self._save(self.draft, v))
        self.version = self.before.version

    def _undo(self) -> None:
        assert self.before is not None
        draft = self._draft_of(self.before)
        self.version = self._own_steps_allowed(self.version, lambda v: self._save(draft, v)).version


class VerdictCommand(CaseCommand):
    """A verdict on many items in one step: `_verdict` gives them their new status and returns each one's
    status before, which undo puts back."""

    def __init__(self, gctx: GuiContext, what: str, status: Status) -> None:
        super().__init__(gctx, f"{_VERBS.get(status, 'Mark')} {what}")
        self.status = status
        self.previous: dict[int, Status] = {}

    def _verdict(self) -> dict[int, Status]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _statuses(self) -> _Statuses:
        return self.gctx.case.events

    def _do(self) -> None:
        self.previous = self._verdict()

    def _undo(self) -> None:
        self._statuses().restore_statuses(self.previous)


# events -------------------------------------------------------------------------------------------
class CreateEventCommand(CaseCommand):
    def __init__(self, gctx: GuiContext, draft: EventDraft) -> None:
        super().__init__(gctx, f"Add event '{draft.title.strip()}'")
        self.draft = draft
        self.event_id: int | None = None

    def _do(self) -> None:
        self.event_id = self.gctx.case.events.create(self.draft, event_id=self.event_id)

    def _undo(self) -> None:
        assert self.event_id is not None
        self.gctx.case.events.delete([self.event_id])


class EditEventCommand(EditCommand[EventDraft, EventRecord]):
    """Save an edited event; `draft.version` is the version of the copy the editor read."""

    def __init__(self, gctx: GuiContext, event_id: int, draft: EventDraft) -> None:
        super().__init__(gctx, f"Edit event '{draft.title.strip()}'", draft, draft.version)
        self.event_id = event_id

    def _save(self, draft: EventDraft, version: int | None) -> EventRecord:
        return self.gctx.case.events.update(self.event_id, draft, version)

    def _draft_of(self, record: EventRecord) -> EventDraft:
        return event_draft_of(record)

    def on_top_of(self, version: int) -> EditEventCommand:
        return EditEventCommand(self.gctx, self.event_id, dataclasses.replace(self.draft, version=version))


class DeleteEventsCommand(CaseCommand):
    def __init__(self, gctx: GuiContext, event_ids: Iterable[int]) -> None:
        self.event_ids = list(event_ids)
        super().__init__(gctx, f"Delete {_plural(len(self.event_ids), 'event')}")
        self.records: list[EventRecord] = []

    def _do(self) -> None:
        self.records = self.gctx.case.events.delete(self.event_ids)

    def _undo(self) -> None:
        self.gctx.case.events.restore(self.records)


class EventStatusCommand(VerdictCommand):
    """Confirm, dispute or dismiss events; undo puts back each event's own previous status."""

    def __init__(self, gctx: GuiContext, event_ids: Iterable[int], status: Status) -> None:
        self.event_ids = list(event_ids)
        super().__init__(gctx, _plural(len(self.event_ids), "event"), status)

    def _verdict(self) -> dict[int, Status]:
        return self.gctx.case.events.set_status(self.event_ids, self.status)


# parties ------------------------------------------------------------------------------------------
class PartyCommand(CaseCommand):
    kinds = ("parties", "events")  # names and links show in the Timeline too


class CreatePartyCommand(PartyCommand):
    def __init__(self, gctx: GuiContext, draft: PartyDraft) -> None:
        super().__init__(gctx, f"Add party '{draft.name.strip()}'")
        self.draft = draft
        self.party_id: int | None = None

    def _do(self) -> None:
        self.party_id = self.gctx.case.parties.create(self.draft, party_id=self.party_id)

    def _undo(self) -> None:
        assert self.party_id is not None
        self.gctx.case.parties.delete(self.party_id)


class EditPartyCommand(EditCommand[PartyDraft, PartyRecord]):
    """Save an edited party; `version` is the version of the copy the panel shows."""

    kinds = PartyCommand.kinds

    def __init__(self, gctx: GuiContext, party_id: int, draft: PartyDraft, version: int = 0) -> None:
        super().__init__(gctx, f"Edit party '{draft.name.strip()}'", draft, version)
        self.party_id = party_id

    def _save(self, draft: PartyDraft, version: int | None) -> PartyRecord:
        return self.gctx.case.parties.update(self.party_id, draft, version)

    def _draft_of(self, record: PartyRecord) -> PartyDraft:
        return party_draft_of(record)

    def on_top_of(self, version: int) -> EditPartyCommand:
        return EditPartyCommand(self.gctx, self.party_id, self.draft, version)


class DeletePartiesCommand(PartyCommand):
    def __init__(self, gctx: GuiContext, party_ids: Iterable[int]) -> None:
        self.party_ids = list(party_ids)
        super().__init__(gctx, f"Delete {_plural(len(self.party_ids), 'party', 'parties')}")
        self.deleted: list[tuple[PartyRecord, tuple[int, ...], tuple[MentionRecord, ...]]] = []

    def _do(self) -> None:
        self.deleted = []
        for pid in self.party_ids:
            self.deleted.append(self.gctx.case.parties.delete(pid))

    def _undo(self) -> None:
        for rec, event_ids, mentions in reversed(self.deleted):
            self.gctx.case.parties.restore(rec, event_ids, mentions)


class PartyStatusCommand(VerdictCommand):
    kinds = PartyCommand.kinds

    def __init__(self, gctx: GuiContext, party_ids: Iterable[int], status: Status) -> None:
        self.party_ids = list(party_ids)
        super().__init__(gctx, _plural(len(self.party_ids), "party", "parties"), status)

    def _verdict(self) -> dict[int, Status]:
        return self.gctx.case.parties.set_status(self.party_ids, self.status)

    def _statuses(self) -> _Statuses:
        return self.gctx.case.parties


class MergePartiesCommand(PartyCommand):
    """Fold `other` into `keep`; undo brings `other` back with its aliases, links, mentions and notes."""

    def __init__(self, gctx: GuiContext, keep_id: int, other_id: int, names: Sequence[str] = ()) -> None:
        label = f"Merge '{names[1]}' into '{names[0]}'" if len(names) == 2 else "Merge parties"
        super().__init__(gctx, label)
        self.keep_id, self.other_id = keep_id, other_id
        self.result: MergeResult | None = None

    def _do(self) -> None:
        self.result = self.gctx.case.parties.merge(self.keep_id, self.other_id)

    def _undo(self) -> None:
        assert self.result is not None
        self.gctx.case.parties.undo_merge(self.result)


class SetLanguageCommand(CaseCommand):
    """The language an exhibit is written in, as the user sets it in its details (undo restores the previous)."""

    kinds = ("evidence",)

    def __init__(self, gctx: GuiContext, evidence_id: int, language: str) -> None:
        super().__init__(gctx, "Set the exhibit's language")
        self.evidence_id, self.language = evidence_id, language
        self.before: str | None = None

    def _do(self) -> None:
        self.before = self.gctx.case.evidence.set_language(self.evidence_id, self.language)

    def _undo(self) -> None:
        self.gctx.case.evidence.set_language(self.evidence_id, self.before)

    def id(self) -> int:  # noqa: A003 - Qt's name: keystrokes through the list are one step to undo
        return 27_001

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, SetLanguageCommand) or other.evidence_id != self.evidence_id or not other.done:
            return False
        self.language = other.language
        return True
