"""Hearing other people's changes to a team case: PostgreSQL LISTEN on the channel the services NOTIFY.

Every write transaction on a server case announces what it changed (`services.base`: tables, ids, who, and the
open case that sent it) with `pg_notify`, which the server delivers only when the transaction commits. A
`ChangeListener` holds one psycopg connection of its own in a daemon thread, LISTENs, and hands each notice to a
callback (on that thread: the GUI turns it into a queued signal). A lost connection is retried with a growing
pause; when it comes back, notices sent meanwhile are gone, so the listener reports a `Notice.resync()` (reload
everything) first.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.engine import URL

CHANNEL = "casefile_changes"  # the same name as services.base.CHANNEL (core never imports services)
RETRY_S = (0.5, 1.0, 2.0, 5.0, 10.0)
POLL_S = 0.5  # how often the thread looks up from waiting to see whether it should stop

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """What changed: table kind ("event", "party", "evidence", "note") -> ids, or None for "reload it all"."""

    tables: dict[str, tuple[int, ...] | None] = field(default_factory=dict)
    actor: str = ""
    session: str = ""

    @staticmethod
    def resync() -> Notice:
        """Everything may have changed (the connection was lost and notices with it)."""
        return Notice({kind: None for kind in ("event", "party", "evidence", "note")})

    @staticmethod
    def parse(payload: str) -> Notice | None:
        """The notice in a NOTIFY payload, or None for one this version does not understand."""
        try:
            data = json.loads(payload)
            tables = {
                str(kind): None if ids is None else tuple(int(i) for i in ids)
                for kind, ids in dict(data.get("tables") or {}).items()
            }
            return Notice(tables, str(data.get("actor") or ""), str(data.get("session") or ""))
        except (ValueError, TypeError, AttributeError):
            return None


def conninfo(url: URL | Engine) -> str:
    """A libpq connection string for the case's database (the password, if the engine was given one, kept)."""
    if isinstance(url, Engine):
        url = url.url
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


class ChangeListener:
    """LISTENs for notices on a thread of its own; `on_notice` runs on that thread, never on the caller's.

    `ignore_session` drops the notices this open case sent itself (its views already show its own changes).
    `on_state(True/False)` says whether the listener is connected (the GUI may show "live updates paused").
    """

    def __init__(self, dsn: str, on_notice: Callable[[Notice], None], *, ignore_session: str = "",
                 on_state: Callable[[bool], None] | None = None,
                 connect: Callable[[str], object] | None = None) -> None:
        self.dsn = dsn
        self.on_notice = on_notice
        self.ignore_session = ignore_session
        self.on_state = on_state
        self._connect = connect or _connect
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread: threading.Thread | None = None
        self.connected = False

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="casefile-listen", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wait_listening(self, timeout: float = 10.0) -> bool:
        """Block until the LISTEN is in place (tests, and a window that must not miss the first change)."""
        return self._listening.wait(timeout)

    def _run(self) -> None:
        attempt, first = 0, True
        while not self._stop.is_set():
            try:
                conn = self._connect(self.dsn)
            except Exception as exc:  # the server is down or unreachable: try again later
                self._set_state(False)
                log.info("live updates: cannot connect (%s); retrying", exc)
                self._stop.wait(RETRY_S[min(attempt, len(RETRY_S) - 1)])
                attempt += 1
                continue
            try:
                with conn:  # type: ignore[attr-defined]
                    conn.execute(f"LISTEN {CHANNEL}")  # type: ignore[attr-defined]
                    self._set_state(True)
                    self._listening.set()
                    if not first:
                        self._deliver(Notice.resync())  # what was sent while we were away is lost
                    first, attempt = False, 0
                    while not self._stop.is_set():
                        for n in conn.notifies(timeout=POLL_S):  # type: ignore[attr-defined]
                            notice = Notice.parse(n.payload)
                            if notice is not None and (not self.ignore_session
                                                       or notice.session != self.ignore_session):
                                self._deliver(notice)
                            if self._stop.is_set():
                                break
            except Exception as exc:  # the connection dropped: reconnect
                self._set_state(False)
                log.info("live updates: connection lost (%s); reconnecting", exc)
                self._stop.wait(RETRY_S[min(attempt, len(RETRY_S) - 1)])
                attempt += 1
        self._set_state(False)

    def _deliver(self, notice: Notice) -> None:
        try:
            self.on_notice(notice)
        except Exception:  # a receiver's bug must not end live updates
            log.exception("live updates: a receiver failed")

    def _set_state(self, connected: bool) -> None:
        if connected != self.connected:
            self.connected = connected
            if self.on_state is not None:
                self.on_state(connected)


def _connect(dsn: str) -> object:
    import psycopg

    return psycopg.connect(dsn, autocommit=True, connect_timeout=10, application_name="casefile-listen")
