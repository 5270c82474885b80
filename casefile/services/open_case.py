"""What archiving and moving to a server need from an open case, as a typed protocol (not the composition root),
and whether opening a local case will upgrade it first.

`casefile.context.Case` satisfies it; services never import `casefile.context`.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Protocol

from casefile.db import migrate
from casefile.domain.records import CaseInfo
from casefile.services.base import CaseContext


class _CaseFacts(Protocol):
    def info(self) -> CaseInfo: ...


class _DatabaseCheck(Protocol):
    def check_database(self) -> str: ...


class OpenCase(Protocol):
    """An open case: its context (engine, sessions, store), folder, and the checks a move runs first."""

    @property
    def ctx(self) -> CaseContext: ...
    @property
    def path(self) -> Path: ...
    @property
    def read_only(self) -> bool: ...
    @property
    def case(self) -> _CaseFacts: ...
    @property
    def evidence(self) -> _DatabaseCheck: ...


def upgrade_pending(path: Path) -> bool:
    """Whether opening the local case in `path` for writing will back it up and upgrade its schema: its revision,
    read from the file read-only (no lock, no migration), is not this version's. False for a team case."""
    try:
        uri = (Path(path) / "case.db").resolve().as_uri() + "?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=0.2)) as db:
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except (sqlite3.Error, OSError, ValueError):
        return False
    return row is not None and row[0] != migrate.head_revision()


__all__ = ["OpenCase", "upgrade_pending"]
