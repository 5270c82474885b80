"""Engine and session factory for one case database: a SQLite file (with the pragmas every connection needs) or a
team case's PostgreSQL database (see `make_server_engine`)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from casefile.domain.errors import CaseFileError, CaseStorageError, DamagedCaseError
from casefile.domain.printable import printable

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"


def damaged_message(db_path: Path, what: str) -> str:
    case_dir = db_path.parent
    return (f"The case database of '{printable(case_dir.name)}' is damaged ({what}); its originals in evidence/ "
            f"are untouched. Run: casefile recover '{printable(str(case_dir))}' NEW_FOLDER")


def describe_sqlite_error(exc: BaseException, db_path: Path) -> CaseStorageError | None:
    """The one-sentence error for a driver error the user's disk or file caused, or None for a bug."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary == sqlite3.SQLITE_FULL or "database or disk is full" in text:
        return CaseStorageError("The disk is full: the last change could not be saved (nothing was lost; free "
                                "some space and try again).", "full")
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return DamagedCaseError(damaged_message(db_path, "SQLite cannot read it"))
    if primary == sqlite3.SQLITE_READONLY or "readonly" in text:
        return CaseStorageError(f"The case '{printable(db_path.parent.name)}' cannot be written here (read-only "
                                "media or permissions); open it read-only.", "read-only")
    if primary == sqlite3.SQLITE_CANTOPEN or "unable to open" in text:
        return CaseStorageError(f"The case database in '{printable(str(db_path.parent))}' cannot be opened (the "
                                "folder cannot be read or written, or case.db is gone).", "unreadable")
    if primary == sqlite3.SQLITE_IOERR or "disk i/o error" in text:
        if _nearly_full(db_path.parent):
            return CaseStorageError("The disk holding the case is full: SQLite cannot even open it (it needs a "
                                    "little room beside case.db); free some space and try again.", "full")
        return CaseStorageError(f"The case database in '{printable(str(db_path.parent))}' could not be read or "
                                "written (disk I/O error: the disk may be failing or removed, or a file beside "
                                "case.db was deleted while the case was open).", "unreadable")
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "database is locked" in text:
        return CaseStorageError("The case is busy in another program; try again in a moment.", "busy")
    return None


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 256 * 1024
    except OSError:
        return False


def check_header(db_path: Path) -> None:
    """Refuse an empty, truncated or overwritten `case.db` before SQLite is asked to open it."""
    try:
        with open(db_path, "rb") as fh:
            head = fh.read(100)
        size = db_path.stat().st_size
    except OSError as exc:
        raise CaseStorageError(f"The case database in '{printable(str(db_path.parent))}' cannot be read "
                               f"({printable(exc.strerror or str(exc))}).", "unreadable") from None
    if size == 0:
        raise DamagedCaseError(damaged_message(db_path, "case.db is empty"))
    if not head.startswith(SQLITE_HEADER) or len(head) < 100:
        raise DamagedCaseError(damaged_message(db_path, "case.db is not a database any more"))
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    if page < 512 or page & (page - 1):
        raise DamagedCaseError(damaged_message(db_path, "case.db is not a database any more"))
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return  # a writer may be checkpointing this very moment: its pages arrive in order, so sizes can lag
    pages_in_header = int.from_bytes(head[28:32], "big")
    header_valid = head[24:28] == head[92:96]
    if size % page or (header_valid and pages_in_header * page > size):
        raise DamagedCaseError(damaged_message(db_path, "case.db is truncated"))


def sqlite_uri(db_path: Path, query: str) -> str:
    """A `file:` URI naming `db_path` exactly: every odd character is encoded, and a name that is not UTF-8
    (bytes a shell passed through) is encoded byte for byte."""
    return f"file:{quote(os.fsencode(db_path.as_posix()))}?{query}"


def make_engine(db_path: Path, *, read_only: bool = False, create: bool = False) -> Engine:
    """An engine on `db_path`: foreign keys on, WAL, busy timeout, and safe sync settings.

    Only `create=True` (a new case) may make the file: opening an existing case never creates a database where
    one went missing.
    """
    # the connection is made here, not from a URL SQLAlchemy parses: a folder named "Who leaked?" or "#3"
    # must open the case inside it, not a new database elsewhere; every odd character is encoded
    if read_only:
        target = sqlite_uri(db_path, _read_only_mode(db_path))
    else:
        target = sqlite_uri(db_path, f"mode={'rwc' if create else 'rw'}")

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(target, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)  # as for any file database

    @event.listens_for(engine, "handle_error")
    def _on_error(context) -> None:  # noqa: ANN001 - ExceptionContext
        error = describe_sqlite_error(context.original_exception, db_path)
        if error is not None:
            raise error from context.original_exception

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI types
        # let SQLAlchemy manage transactions; pysqlite's implicit BEGIN would defer locking
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only:
            cur.execute("PRAGMA journal_mode = WAL")
            # FULL: every commit is on disk before it returns, so even a power cut loses no finished edit or
            # import (imports commit in 0.1 s batches, so this costs them one sync per batch)
            cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA temp_store = MEMORY")
        # 8 MB page cache per connection. Each thread holds its own connection, so at 32 MB the GUI (main thread
        # + workers) kept ~75 MB more resident on a 100k-event case; the OS file cache serves misses and the
        # measured queries (filter, search, deep pages) were no slower (benchmarks/README.md)
        cur.execute("PRAGMA cache_size = -8000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        # writers take the lock up front (IMMEDIATE) so two writers queue on the busy timeout instead of
        # failing when one upgrades a read snapshot the other has moved on from
        immediate = conn.get_execution_options().get("immediate", False) and not read_only
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_sessions(engine: Engine) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
    """(read sessions, write sessions): the second begins every transaction IMMEDIATE."""
    reads = sessionmaker(engine, expire_on_commit=False)
    writes = sessionmaker(engine.execution_options(immediate=True), expire_on_commit=False)
    return reads, writes


def _read_only_mode(db_path: Path) -> str:
    """`mode=ro`, or `immutable=1` where SQLite could not create the WAL index (-shm) a reader needs.

    A reader of a WAL database needs `case.db-shm`; in a folder it cannot write (a read-only share, a CD) it
    cannot create one. No -shm means no process has the case open, so the file cannot change under us and
    may be read as immutable, unless a -wal file still holds changes only a writer can bring in.
    """
    shm = db_path.with_name(db_path.name + "-shm")
    wal = db_path.with_name(db_path.name + "-wal")
    if shm.exists() or _writable(db_path.parent):
        return "mode=ro"
    if wal.exists() and wal.stat().st_size > 0:
        raise CaseFileError(
            "This case holds changes that were not yet merged into case.db and its folder cannot be written; "
            "open it once from a writable place to finish them."
        )
    return "immutable=1"


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


# --- PostgreSQL (team cases) ----------------------------------------------------------------------------------

APPLICATION_NAME = "casefile"
CONNECT_TIMEOUT_S = 10
# a statement that runs this long is stuck behind someone's lock or the server is overloaded: give the user a
# sentence instead of a frozen window (imports commit in small batches, far below this)
STATEMENT_TIMEOUT_MS = 120_000
LOCK_TIMEOUT_MS = 30_000
# a window that keeps a transaction open this long has lost its user: free the rows it holds for the others
IDLE_IN_TRANSACTION_TIMEOUT_MS = 600_000


def describe_server_error(exc: BaseException, where: str) -> CaseStorageError | None:
    """The one-sentence error for what the server, the network or the login caused, or None for a bug.

    `where` names the database as the user typed it (a URL without password). Connection failures carry no
    SQLSTATE in psycopg, so their text is read; errors inside a session are told by their SQLSTATE.
    """
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return None
    if not isinstance(exc, psycopg.Error):
        return None
    state = getattr(exc, "sqlstate", None) or ""
    text = str(exc).lower()
    if state in ("28P01", "28000") or "password authentication failed" in text or (
            "role" in text and "does not exist" in text):
        return CaseStorageError(f"The server refused the login for {where}: check the user name, and set a "
                                "password in ~/.pgpass or enter it.", "auth")
    if "no password supplied" in text or "fe_sendauth" in text:
        return CaseStorageError(f"The server asks for a password for {where}: set a password in ~/.pgpass or "
                                "enter it.", "auth")
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return CaseStorageError(f"The database of {where} does not exist on the server; ask its administrator "
                                "to create it (createdb -O USER DATABASE).", "missing")
    if state == "42501" or "permission denied" in text:
        return CaseStorageError(f"The server does not allow this user to change {where} (permission denied); "
                                "ask its administrator for rights on the database, or open it read-only.",
                                "permission")
    if state == "25006":
        return CaseStorageError("This case is open read-only; changes are not saved.", "read-only")
    if state in ("53100", "53200") or "no space left on device" in text or "could not extend file" in text:
        return CaseStorageError("The server's disk is full: the last change could not be saved (nothing was "
                                "lost; ask the server's administrator to free some space and try again).", "full")
    if state == "57014":  # a cancel request (Ctrl+C) or the statement timeout: not someone else's lock
        if "statement timeout" in text:
            return CaseStorageError("The server stopped a request that ran longer than "
                                    f"{STATEMENT_TIMEOUT_MS // 60_000} minutes; nothing was changed.", "timeout")
        return CaseStorageError("The request was cancelled; nothing was changed.", "cancelled")
    if state in ("40001", "40P01", "55P03"):
        return CaseStorageError("The case is busy (another person's change holds the same records); try again in "
                                "a moment.", "busy")
    if state.startswith("08") or state in ("57P01", "57P02", "57P03") or isinstance(exc, psycopg.OperationalError) \
            and not state:
        return CaseStorageError(f"The server of {where} cannot be reached (it is not running, or the network is "
                                "down); nothing was lost: try again when it is back.", "unreachable")
    return None


def make_server_engine(url: URL, *, read_only: bool = False, password: str | None = None) -> Engine:
    """An engine on a team case's PostgreSQL database (psycopg 3).

    Connections are checked before use (a server restart or a dropped VPN costs one reconnect, not an error),
    name themselves `casefile` in `pg_stat_activity`, and carry statement, lock and idle timeouts. A read-only
    case maps to read-only transactions. `password` (asked by the app) stays in this engine's memory; without
    one libpq reads `~/.pgpass`, `PGPASSFILE` or `PGPASSWORD` itself.
    """
    from casefile.db.server import display_url

    where = f"'{printable(display_url(url))}'"
    options = (f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={LOCK_TIMEOUT_MS} "
               f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_TIMEOUT_MS}")
    if read_only:
        options += " -c default_transaction_read_only=on"
    extra = url.query.get("options")
    if isinstance(extra, str) and extra:
        options = f"{extra} {options}"
    connect_args: dict[str, object] = {
        "application_name": APPLICATION_NAME,
        "connect_timeout": int(url.query.get("connect_timeout", CONNECT_TIMEOUT_S)),  # type: ignore[arg-type]
        "options": options,
    }
    if password:
        connect_args["password"] = password
    clean = url.difference_update_query(["options", "connect_timeout"])
    engine = create_engine(clean, connect_args=connect_args, pool_pre_ping=True, pool_size=5, max_overflow=10)

    @event.listens_for(engine, "handle_error")
    def _on_error(context) -> None:  # noqa: ANN001 - ExceptionContext
        if context.is_pre_ping:
            return  # the pool reconnects; a lasting failure is reported by the reconnect itself
        error = describe_server_error(context.original_exception, where)
        if error is not None:
            raise error from context.original_exception

    return engine


def backend_of(engine: Engine) -> str:
    """'sqlite' or 'postgresql': what a service asks before it uses SQL of one database only."""
    return engine.dialect.name
