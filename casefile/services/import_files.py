"""Which files an import takes, how their names are kept, and what a refused database write means.

Folders are walked with Python's escaped names, so a name that is not UTF-8 can still be opened; only what is
stored or shown is escaped (`domain.printable`: `storable`, `printable`). A database that refuses writes (disk
full, read-only, damaged) stops the import as `ImportStopped`, with one sentence for the user.
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

from casefile.db.engine import CaseStorageError
from casefile.domain.enums import ImportStatus
from casefile.domain.records import ImportOutcome
from casefile.domain.urls import mask_url_password
from casefile.services.import_pipeline import CommitBatch

SYSTEM_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "__macosx", "$recycle.bin", ".spotlight-v100",
                          ".trashes", ".fseventsd", "ehthumbs.db"})

@dataclass
class _Walk:
    files: list[Path] = field(default_factory=list)
    skipped: list[ImportOutcome] = field(default_factory=list)
    hidden: int = 0


def _is_hidden(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or name.casefold() in SYSTEM_NAMES or name.startswith("~$"):
        return True
    try:
        return bool(getattr(path.lstat(), "st_file_attributes", 0) & 0x6)  # Windows hidden/system
    except OSError:
        return False


def walk(paths: Iterable[Path]) -> _Walk:
    """Expand folders recursively; skip hidden/system files (counted), links and special files (reported).

    Names that are not UTF-8 stay as Python's escaped str (so the file can still be opened); only what is
    shown or stored goes through `printable`."""
    out = _Walk()

    def visit(p: Path, top: bool) -> None:
        try:
            st = p.lstat()
        except OSError as exc:
            out.skipped.append(ImportOutcome(str(p), ImportStatus.FAILED, os_reason(exc)))
            return
        if not top and _is_hidden(p):
            out.hidden += 1
            return
        if stat.S_ISLNK(st.st_mode):
            out.skipped.append(ImportOutcome(str(p), ImportStatus.SKIPPED, "symbolic link (not followed)"))
            return
        if stat.S_ISDIR(st.st_mode):
            try:
                children = sorted(p.iterdir(), key=lambda c: c.name.casefold())
            except OSError as exc:
                out.skipped.append(ImportOutcome(str(p), ImportStatus.FAILED, os_reason(exc)))
                return
            for child in children:
                visit(child, False)
            return
        if not stat.S_ISREG(st.st_mode):
            reason = "not a regular file (device, pipe or socket)"
            out.skipped.append(ImportOutcome(str(p), ImportStatus.SKIPPED, reason))
            return
        out.files.append(p)

    for p in paths:
        visit(Path(p), True)
    return out


def os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}"


class ImportStopped(Exception):
    """The case database refused a write (disk full, read-only, damaged): the import cannot go on."""


_KIND_REASONS = {
    "full": "the disk is full",
    "read-only": "the case database cannot be written (read-only file or folder)",
    "damaged": "the case database is damaged",
    "busy": "the case database is busy (another program is writing to it)",
    "unreachable": "the server cannot be reached (it stopped, or the network is down)",
    "auth": "the server refused the login",
    "permission": "the server does not allow this user to write",
}
_LOST_CONNECTION = ("server closed the connection", "connection", "terminating", "could not connect",
                    "unable to open database file", "no such file")


def db_reason(exc: BaseException) -> str:
    """One sentence, in CaseFile's words, for a database that refuses a write: never the driver's text (which
    may run over several lines, quote SQL or carry a connection string)."""
    if isinstance(exc, CaseStorageError):  # already said by the engine's error hook: its kind names it
        return _KIND_REASONS.get(exc.kind) or _first_line(str(exc))
    cause = getattr(exc, "orig", None) or exc.__cause__ or exc  # the driver's error under SQLAlchemy's or ours
    if isinstance(cause, CaseStorageError):
        return db_reason(cause)
    text = str(cause or exc).lower()
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text:
        return _KIND_REASONS["read-only"]
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return _KIND_REASONS["damaged"]
    if "locked" in text or "busy" in text:
        return _KIND_REASONS["busy"]
    if "disk i/o" in text:
        return "the disk failed while writing (disk I/O error)"
    if any(phrase in text for phrase in _LOST_CONNECTION):
        return "the case database could no longer be reached (its server stopped, or its disk went away)"
    return f"the case database refused the write ({_first_line(str(cause or exc))})"


def _first_line(text: str) -> str:
    """The first line of a message, passwords masked, at most 160 characters."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "unknown error")
    return mask_url_password(first)[:160].rstrip(" .")


@contextmanager
def db_errors() -> Iterator[None]:
    """A database that refuses writes stops the import (ImportStopped); other errors are bugs and raise."""
    try:
        yield
    except (IntegrityError, sqlite3.IntegrityError):
        raise
    except (OperationalError, DatabaseError, sqlite3.DatabaseError, CaseStorageError) as exc:  # + raw cursor's
        raise ImportStopped(db_reason(exc)) from exc


def commit_batch(batch: CommitBatch) -> None:
    with db_errors():
        batch.commit()
