"""Engine and session factory for one case database, with the pragmas every connection needs."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from casefile.domain.errors import CaseFileError

BUSY_TIMEOUT_MS = 5000


def make_engine(db_path: Path, *, read_only: bool = False) -> Engine:
    """An engine on `db_path`: foreign keys on, WAL, busy timeout, and safe sync settings."""
    # the connection is made here, not from a URL SQLAlchemy parses: a folder named "Who leaked?" or "#3"
    # must open the case inside it, not a new database elsewhere
    if read_only:
        uri = f"file:{quote(db_path.as_posix())}?{_read_only_mode(db_path)}"  # every odd character encoded
        target, is_uri = uri, True
    else:
        target, is_uri = str(db_path), False

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(target, uri=is_uri, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)  # as for any file database

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
