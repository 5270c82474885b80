"""What every service shares: the case's sessions, its store, the audit trail of each change (with who made
it), the row versions that catch an edit made on a stale copy, and the change notices other windows hear."""

from __future__ import annotations

import dataclasses
import enum
import getpass
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, event, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from casefile.db.models import AuditLog, Event, EventSource, Evidence, Mention, Note, Party, PartyAlias
from casefile.db.notify import CHANNEL, ChangeListener, Notice, conninfo
from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.errors import NotFoundError, ReadOnlyCaseError, StaleEditError
from casefile.domain.records import AuditEntry
from casefile.storage.store import EvidenceStore

MAX_NOTICE_IDS = 200  # more ids than this in one table: the notice says "reload it all" (NOTIFY caps 8000 bytes)
__all__ = ["CHANNEL", "CaseContext", "ChangeListener", "Notice", "Service", "audit", "claim", "listen_for_changes"]
_INFO_KEY = "casefile_ctx"
_CHANGES_KEY = "casefile_changes"

# which part of the case a changed row belongs to, for the notice (a citation changes its event, ...)
_KIND_OF: dict[type, str] = {Event: "event", EventSource: "event", Party: "party", PartyAlias: "party",
                             Mention: "party", Evidence: "evidence", Note: "note"}
_ID_OF: dict[type, Callable[[Any], int | None]] = {EventSource: lambda r: r.event_id,
                                                   PartyAlias: lambda r: r.party_id, Mention: lambda r: r.party_id}


@dataclass
class CaseContext:
    """The open case's plumbing, built once by `casefile.context` and shared by its services."""

    path: Path
    engine: Engine
    reads: sessionmaker[Session]
    writes: sessionmaker[Session]
    store: EvidenceStore
    read_only: bool = False
    # who this process writes as and which notices are its own (other windows ignore nothing; this one does)
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    _actor: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # every write session knows its case: `audit` reads the actor, the commit hook sends the notice
        self.writes.configure(info={_INFO_KEY: self})
        if self.engine.dialect.name == "postgresql" and not event.contains(self.writes, "after_flush",
                                                                            _collect_flushed):
            event.listen(self.writes, "after_flush", _collect_flushed)
            event.listen(self.writes, "before_commit", _send_notice)
            event.listen(self.writes, "after_rollback", _forget_changes)

    def actor(self, session: Session | None = None) -> str:
        """The database role on a server case (what the server vouches for), the login name on a local one."""
        if self._actor is None:
            if self.backend == "postgresql":
                if session is not None:
                    self._actor = str(session.execute(text("SELECT current_user")).scalar() or "")
                else:
                    with self.engine.connect() as conn:
                        self._actor = str(conn.execute(text("SELECT current_user")).scalar() or "")
            else:
                self._actor = login_name()
        return self._actor

    @property
    def backend(self) -> str:
        """'sqlite' (a local case.db) or 'postgresql' (a team case): for SQL that only one of them speaks."""
        return self.engine.dialect.name

    @property
    def notifies(self) -> bool:
        """Whether committed changes are announced to other windows (PostgreSQL LISTEN/NOTIFY)."""
        return self.engine.dialect.name == "postgresql"


def login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no USER variable and no password entry (a bare container)
        return ""


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
    """Record a change in the audit log inside the caller's transaction, with who made it."""
    ctx = session.info.get(_INFO_KEY)
    actor = ctx.actor(session) if isinstance(ctx, CaseContext) else login_name()
    session.add(
        AuditLog(
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            summary=summary[:2000],
            before=to_jsonable(before) if before is not None else None,
            after=to_jsonable(after) if after is not None else None,
            actor=actor[:200],
        )
    )
    if entity_type in ("event", "party", "evidence", "note"):
        note_change(session, entity_type, None if entity_id is None else [entity_id])


Row = TypeVar("Row", Event, Party)
Draft = TypeVar("Draft")


def add_row(s: Session, row: Row, apply: Callable[[Session, Row, Draft], None], draft: Draft, summary: str) -> int:
    """Add an event or a party made from its draft, audited as created; its id. `row` may carry the id it had
    before (an undo of its deletion brings it back as it was)."""
    s.add(row)
    apply(s, row, draft)
    s.flush()
    audit(s, "create", row.__tablename__, row.id, summary, after=draft)
    return row.id


# row versions: an edit made on a stale copy ---------------------------------------------------------------------
def claim(
    s: Session, model: Any, row_id: int, expected: int | None, entity_type: str,
    current: Callable[[Session], object],
) -> int:
    """Raise the row's version for an edit, refusing it when the row moved on since `expected` was read.

    One `UPDATE ... SET version = version + 1 WHERE id = :id AND version = :expected`: on PostgreSQL it takes the
    row lock, so of two people saving at once the second waits, then finds the version changed and gets
    `StaleEditError` (with `current(s)`, the record as it is now, and the audit entry of the change) instead of
    silently overwriting. `expected` None or 0 (a caller that read no version: undo of an old step, the CLI)
    edits whatever is there. Returns the version the edit writes.
    """
    stmt = update(model).where(model.id == row_id)
    if expected:
        stmt = stmt.where(model.version == expected)
    result = s.execute(stmt.values(version=model.version + 1).execution_options(synchronize_session=False))
    if result.rowcount == 1:  # type: ignore[attr-defined]  # (no RETURNING: SQLite before 3.35 lacks it)
        obj = s.identity_map.get(s.identity_key(model, row_id))
        if obj is not None:
            s.expire(obj, ["version"])  # an object already in the session keeps no stale version
        return int(s.scalar(select(model.version).where(model.id == row_id)) or 0)
    if s.scalar(select(model.id).where(model.id == row_id)) is None:
        raise NotFoundError(f"{entity_type.capitalize()} {row_id} does not exist (it may have been deleted).")
    s.expire_all()  # the record as the database holds it now, not as this session first read it
    raise StaleEditError(entity_type, row_id, current(s), last_change(s, entity_type, row_id))


def bump_versions(s: Session, model: Any, ids: Iterable[int], chunk: int = 900) -> None:
    """Raise the version of many rows at once (a bulk verdict): every open copy of them is now stale."""
    batch = list(ids)
    for i in range(0, len(batch), chunk):
        s.execute(update(model).where(model.id.in_(batch[i:i + chunk])).values(version=model.version + 1)
                  .execution_options(synchronize_session=False))


def last_change(s: Session, entity_type: str, entity_id: int) -> AuditEntry | None:
    """The newest audit entry about one item: who changed it, when, and from what to what."""
    a = s.scalars(select(AuditLog).where(AuditLog.entity_type == entity_type, AuditLog.entity_id == entity_id)
                  .order_by(AuditLog.id.desc()).limit(1)).first()
    if a is None:
        return None
    return AuditEntry(a.id, a.at, a.action, a.entity_type, a.entity_id, a.summary, a.before, a.after, a.actor)


# exhibit numbers --------------------------------------------------------------------------------------------------
EXHIBIT_LOCK_KEY = 0x43415345  # "CASE": the advisory lock that serialises exhibit numbering on a server case


def lock_exhibit_numbers(s: Session) -> None:
    """Hold the case's exhibit numbering until this transaction ends, so two people importing at once never
    pick the same next number and the second sees the first's originals (as `max(exhibit) + 1`, gapless).

    PostgreSQL: a transaction-level advisory lock (released by commit or rollback, also when a client dies).
    SQLite: the write transaction (BEGIN IMMEDIATE) already excludes every other writer.
    """
    _advisory_lock(s, EXHIBIT_LOCK_KEY)


SUGGESTION_LOCK_KEY = 0x53554747  # "SUGG": one suggestion write at a time on a server case


def lock_suggestion_writes(s: Session) -> None:
    """Hold the case's suggestion writing until this transaction ends (one exhibit's worth, a few ms). Two
    passes at once (two people importing on a server case, each pass reading every waiting exhibit) then never
    both write one exhibit's suggestions (the second sees the first's `suggestion_run` row and skips it), nor
    both create the same new party. SQLite: BEGIN IMMEDIATE already excludes every other writer."""
    _advisory_lock(s, SUGGESTION_LOCK_KEY)


HAPPENING_LOCK_KEY = 0x48415050  # "HAPP": one writer of signatures and happening links at a time on a server case


def lock_happenings(s: Session) -> None:
    """Hold the case's signatures and happening links until this transaction ends. Two imports' suggestion passes
    at once on a server case would otherwise both sign the same unsigned events (a duplicate key, found by CI),
    or link one event into two happenings. SQLite: BEGIN IMMEDIATE already excludes every other writer."""
    _advisory_lock(s, HAPPENING_LOCK_KEY)


def _advisory_lock(s: Session, key: int) -> None:
    """A PostgreSQL transaction-level advisory lock (released by commit or rollback, also when a client dies);
    read committed, every statement after it sees what the previous holder committed."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


# change notices (PostgreSQL) ------------------------------------------------------------------------------------
def note_change(session: Session, kind: str, ids: Iterable[int] | None) -> None:
    """Remember that rows of `kind` changed in this transaction (None: too many or unknown, reload it all)."""
    changes: dict[str, set[int] | None] = session.info.setdefault(_CHANGES_KEY, {})
    if ids is None or changes.get(kind, set()) is None:
        changes[kind] = None
        return
    known = changes.setdefault(kind, set())
    assert known is not None
    known.update(ids)
    if len(known) > MAX_NOTICE_IDS:
        changes[kind] = None


def _collect_flushed(session: Session, _flush_context: object) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        kind = _KIND_OF.get(type(obj))
        if kind is None:
            continue
        get_id = _ID_OF.get(type(obj))
        row_id = get_id(obj) if get_id else getattr(obj, "id", None)
        note_change(session, kind, None if row_id is None else [row_id])


def notice_payload(changes: dict[str, set[int] | None], actor: str, session_id: str) -> str:
    """The NOTIFY payload: which tables and ids changed, who changed them, and which open case sent it."""
    tables = {k: None if v is None else sorted(v) for k, v in sorted(changes.items())}
    return json.dumps({"tables": tables, "actor": actor, "session": session_id}, separators=(",", ":"))


def listen_for_changes(ctx: CaseContext, on_notice: Callable[[Notice], None],
                       on_state: Callable[[bool], None] | None = None) -> ChangeListener | None:
    """Start hearing other people's committed changes to a team case (None on a local case: one writer, no
    server). `on_notice` runs on the listener's thread; this case's own notices are left out."""
    if not ctx.notifies:
        return None
    listener = ChangeListener(conninfo(ctx.engine), on_notice, ignore_session=ctx.session_id, on_state=on_state)
    listener.start()
    return listener


def _send_notice(session: Session) -> None:
    """Announce what this transaction changed; NOTIFY is transactional, so it is heard only if it commits."""
    changes = session.info.pop(_CHANGES_KEY, None)
    ctx = session.info.get(_INFO_KEY)
    if not changes or not isinstance(ctx, CaseContext):
        return
    session.execute(text("SELECT pg_notify(:channel, :payload)"),
                    {"channel": CHANNEL, "payload": notice_payload(changes, ctx.actor(session), ctx.session_id)})


def _forget_changes(session: Session) -> None:
    session.info.pop(_CHANGES_KEY, None)


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
