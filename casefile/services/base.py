"""What every service shares: the case's sessions, its store, and the audit trail of each change."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from casefile.db.models import AuditLog
from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.errors import ReadOnlyCaseError
from casefile.storage.store import EvidenceStore


@dataclass
class CaseContext:
    """The open case's plumbing, built once by `casefile.context` and shared by its services."""

    path: Path
    engine: Engine
    reads: sessionmaker[Session]
    writes: sessionmaker[Session]
    store: EvidenceStore
    read_only: bool = False

    @property
    def backend(self) -> str:
        """'sqlite' (a local case.db) or 'postgresql' (a team case): for SQL that only one of them speaks."""
        return self.engine.dialect.name


class Service:
    def __init__(self, ctx: CaseContext) -> None:
        self.ctx = ctx

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self.ctx.reads() as session, session.begin():
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One transaction for one user action; refused on a read-only case."""
        if self.ctx.read_only:
            raise ReadOnlyCaseError("This case is open read-only; changes are not saved.")
        with self.ctx.writes() as session, session.begin():
            yield session


def audit(
    session: Session,
    action: str,
    entity_type: str,
    entity_id: int | None,
    summary: str,
    before: Any = None,
    after: Any = None,
) -> None:
    """Record a change in the audit log inside the caller's transaction."""
    session.add(
        AuditLog(
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            summary=summary[:2000],
            before=to_jsonable(before) if before is not None else None,
            after=to_jsonable(after) if after is not None else None,
        )
    )


def to_jsonable(value: Any) -> Any:
    """Records, dates and enums as plain JSON values (for the audit log and exports)."""
    if isinstance(value, (CaseDate,)):
        return value.iso()
    if isinstance(value, EventDate):
        return {
            "start": value.start.iso(),
            "qualifier": value.qualifier.value,
            "end": value.end.iso() if value.end else None,
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value
