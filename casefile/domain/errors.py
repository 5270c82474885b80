"""Errors a user can cause; their message is shown as is by the CLI and the GUI."""

from __future__ import annotations

from collections.abc import Callable


class CaseFileError(Exception):
    """Base of every error whose message is meant for the user."""


class CaseNotFoundError(CaseFileError):
    pass


class CaseExistsError(CaseFileError):
    pass


class CaseLockedError(CaseFileError):
    """The case is open for writing in another window or process."""


class SchemaTooNewError(CaseFileError):
    pass


class ForeignDatabaseError(CaseFileError):
    """The case folder's database was written by another program (its own tables, its own migrations)."""


class NotFoundError(CaseFileError):
    """An item (event, party, evidence, note) that does not exist (any more)."""


class ValidationError(CaseFileError):
    pass


class ImportFailedError(CaseFileError):
    """A file could not be imported (or read); the message says why."""


class ReadOnlyCaseError(CaseFileError):
    pass


class SearchStoppedError(CaseFileError):
    """A search that did not finish: `reason` is "cancelled" (Ctrl+C, typing again) or "timeout"."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class CaseStorageError(CaseFileError):
    """The case database cannot be used: the disk is full, it is damaged, unreadable or read-only.

    Raised in place of the driver's error (through the engine's error hook), so every edge that shows a
    `CaseFileError` says it in one sentence instead of a traceback. `kind` is "full", "damaged", "read-only",
    "unreadable" or "busy".
    """

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class DamagedCaseError(CaseStorageError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "damaged")


class StaleEditError(CaseFileError):
    """Someone else changed the record since this copy of it was read; saving would overwrite their change.

    `current` is the record as it is now (an EventRecord, PartyRecord, NoteRecord or EvidenceRecord), and
    `change` the audit entry of the latest change (who, when, what), or None when the log has none.
    """

    def __init__(self, entity_type: str, entity_id: int, current: object, change: object = None) -> None:
        who = getattr(change, "actor", "") or "someone else"
        when = getattr(change, "at", None)
        at = f" at {when:%Y-%m-%d %H:%M}" if when is not None else ""
        super().__init__(f"This {entity_type} was changed by {who}{at} since you opened it; "
                         "your change was not saved.")
        self.entity_type = entity_type
        self.entity_id = entity_id
        self.current = current
        self.change = change


def caused_by(exc: BaseException, test: Callable[[BaseException], bool]) -> bool:
    """Whether `exc`, or anything behind it (a driver's error in SQLAlchemy's `orig`, `__cause__`, `__context__`),
    passes `test`: the database's own error is often wrapped twice by the time it reaches a caller."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if test(e):
            return True
        orig = getattr(e, "orig", None)
        todo += [orig if isinstance(orig, BaseException) else None, e.__cause__, e.__context__]
    return False
