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
