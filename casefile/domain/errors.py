"""Errors a user can cause; their message is shown as is by the CLI and the GUI."""

from __future__ import annotations


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


class NotFoundError(CaseFileError):
    """An item (event, party, evidence, note) that does not exist (any more)."""


class ValidationError(CaseFileError):
    pass


class ImportFailedError(CaseFileError):
    """A file could not be imported (or read); the message says why."""


class ReadOnlyCaseError(CaseFileError):
    pass


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
