"""The archive's error, shared by packing, unpacking and the schema check (so neither imports the other)."""

from __future__ import annotations

from casefile.domain.errors import CaseFileError
from casefile.domain.urls import mask_url_password


class ArchiveError(CaseFileError):
    """An archive could not be written or is not a valid, intact CaseFile archive."""


def short_reason(exc: BaseException) -> str:
    """The first line of a library's error, for a sentence of CaseFile's own (at most 200 characters)."""
    text = str(exc).strip().splitlines()
    return mask_url_password(text[0] if text else type(exc).__name__)[:200]


__all__ = ["ArchiveError", "short_reason"]
