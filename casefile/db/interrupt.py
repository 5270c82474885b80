"""Statements that can be stopped: by the person who asked (Ctrl+C, typing again) and by a time limit.

SQLite: a progress handler on the session's connection, called every few thousand virtual-machine steps, asks
`cancelled()` and the clock; answering yes makes SQLite abandon the statement ("interrupted"). It runs on the
thread that runs the statement, so on the CLI's main thread a Ctrl+C handler gets its turn while SQLite works.
PostgreSQL: `SET LOCAL statement_timeout` for the transaction, and a watcher thread that asks `cancelled()`
every 50 ms and sends the server a cancel request (the server answers with SQLSTATE 57014).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from casefile.domain.errors import caused_by

PROGRESS_STEPS = 100  # SQLite VM steps between checks: a few rows (one FTS5 snippet is one step)
WATCH_INTERVAL_S = 0.05


class Interrupted(Exception):  # noqa: N818 - reads as what happened to the statement
    """The statement was stopped; `reason` is "cancelled" (asked to) or "timeout" (it ran too long)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@contextmanager
def interruptible(s: Session, timeout_s: float, cancelled: Callable[[], bool] | None = None) -> Iterator[None]:
    """Run what the block executes on `s` (inside its transaction) so that `cancelled()` or `timeout_s` stops it
    with `Interrupted` instead of letting it run on; the session's transaction is to be rolled back after."""
    conn = s.connection()
    driver: Any = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        with _server_guard(conn, driver, timeout_s, cancelled):
            yield
    else:
        with _sqlite_guard(driver, timeout_s, cancelled):
            yield


@contextmanager
def _sqlite_guard(driver: sqlite3.Connection, timeout_s: float,
                  cancelled: Callable[[], bool] | None) -> Iterator[None]:
    deadline = time.monotonic() + timeout_s
    why: list[str] = []

    def check() -> bool:
        if cancelled is not None and cancelled():
            why.append("cancelled")
            return True
        if time.monotonic() > deadline:
            why.append("timeout")
            return True
        return False

    driver.set_progress_handler(check, PROGRESS_STEPS)
    try:
        yield
    except (sa_exc.OperationalError, sqlite3.OperationalError) as exc:
        if why or _is_sqlite_interrupt(exc):
            # no reason recorded: an exception (a KeyboardInterrupt) inside the handler stopped the statement
            raise Interrupted(why[0] if why else "cancelled") from exc
        raise
    finally:
        driver.set_progress_handler(None, 0)
    if why:
        raise Interrupted(why[0])


def _is_sqlite_interrupt(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    return code == getattr(sqlite3, "SQLITE_INTERRUPT", 9) or "interrupted" in str(orig).lower()


@contextmanager
def _server_guard(conn: Any, driver: Any, timeout_s: float,
                  cancelled: Callable[[], bool] | None) -> Iterator[None]:
    conn.exec_driver_sql(f"SET LOCAL statement_timeout = {max(1, int(timeout_s * 1000))}")
    why: list[str] = []
    done = threading.Event()
    watcher: threading.Thread | None = None
    if cancelled is not None:
        def watch() -> None:
            while not done.wait(WATCH_INTERVAL_S):
                if cancelled():
                    why.append("cancelled")
                    try:
                        driver.cancel_safe(timeout=5.0)
                    except Exception:  # noqa: BLE001 - the server is gone: the statement fails by itself
                        pass
                    return

        watcher = threading.Thread(target=watch, name="casefile-cancel-watch", daemon=True)
        watcher.start()
    try:
        yield
    except Exception as exc:
        if _is_query_cancelled(exc):
            raise Interrupted(why[0] if why else "timeout") from exc
        raise
    finally:
        done.set()
        if watcher is not None:
            watcher.join()  # no cancel request may reach the connection once it is back in the pool
    if why:
        raise Interrupted(why[0])


def _is_query_cancelled(exc: BaseException) -> bool:
    """Whether SQLSTATE 57014 (a cancel request or the statement timeout) is behind `exc`."""
    return caused_by(exc, lambda e: getattr(e, "sqlstate", None) == "57014")
