"""One sentence for an operating-system error (a full disk, read-only media, a refused permission)."""

from __future__ import annotations

import errno
from pathlib import Path

from casefile.domain.printable import printable


def os_sentence(exc: OSError, target: Path | str | None = None) -> str:
    """The error said for a person: what could not be written (`target`, else the error's own file name)."""
    where = target if target is not None else exc.filename
    what = f"'{printable(str(where))}'" if where else "the file"
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", -1):
        if not where:
            return "The disk is full; nothing more could be written."
        return f"The disk is full: {what} was not written; any earlier file of that name is unchanged."
    if exc.errno == errno.EROFS:
        return f"Cannot write {what}: the disk is read-only."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"Cannot write {what}: permission denied."
    reason = printable(exc.strerror or str(exc))
    return f"{reason} ({what})." if where else f"{reason}."


__all__ = ["os_sentence"]
