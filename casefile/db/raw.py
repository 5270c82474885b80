"""A DB-API cursor on a session's own connection, for the hot paths that insert row by row without the ORM.

The same SQL text (`?` placeholders, `IN (list)` through `in_list`) runs on SQLite and on PostgreSQL, inside the
session's transaction. On SQLite the text goes to `sqlite3` as written; on PostgreSQL the placeholders become
psycopg's and a list travels as an array. The driver's errors come out as SQLAlchemy's (or a `CaseStorageError`),
as they would through the ORM.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from casefile.db.base import utcnow

_PLACEHOLDER = re.compile(r"\?")


class RawCursor:
    def __init__(self, s: Session) -> None:
        s.flush()  # pending ORM rows first: the SQL below may refer to them
        conn = s.connection()
        self.postgresql = conn.dialect.name == "postgresql"
        self._cur: Any = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def in_list(self) -> str:
        """`IN` a list given as one parameter (`list_param`): json_each on SQLite, ANY(array) on PostgreSQL."""
        return "= ANY(?)" if self.postgresql else "IN (SELECT value FROM json_each(?))"

    def list_param(self, values: Sequence[Any]) -> Any:
        return list(values) if self.postgresql else json.dumps(list(values))

    def now(self) -> str | datetime:
        """Now, as SQLAlchemy stores a DateTime: ISO text in SQLite, a timestamp on PostgreSQL."""
        now = utcnow()
        return now if self.postgresql else now.strftime("%Y-%m-%d %H:%M:%S.%f")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> RawCursor:
        self._run(self._cur.execute, sql, params)
        return self

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> RawCursor:
        self._run(self._cur.executemany, sql, rows)
        return self

    def insert(self, sql: str, params: Sequence[Any]) -> int:
        """Run an `INSERT` of one row into a table with an `id` key; its new id."""
        if self.postgresql:
            self._run(self._cur.execute, sql + " RETURNING id", params)
            return int(self._cur.fetchone()[0])
        self._run(self._cur.execute, sql, params)
        return int(self._cur.lastrowid or 0)

    def fetchall(self) -> list[Any]:
        return list(self._cur.fetchall())

    def fetchone(self) -> Any:
        return self._cur.fetchone()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cur.fetchall() if self.postgresql else self._cur)

    def _run(self, call: Any, sql: str, params: Any) -> None:
        if not self.postgresql:
            call(sql, params)  # sqlite3's own errors: the callers (and the engine's SQLite hook) know them
            return
        text = _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))
        try:
            call(text, params)
        except Exception as exc:
            raise _translated(exc, text, params) from exc


def _translated(exc: Exception, sql: str, params: Any) -> Exception:
    import psycopg

    from casefile.db.engine import describe_server_error

    if not isinstance(exc, psycopg.Error):
        return exc
    if isinstance(exc, psycopg.IntegrityError):
        return sa_exc.IntegrityError(sql, params, exc)
    described = describe_server_error(exc, "the team case's database")
    if described is not None:
        return described
    return sa_exc.DatabaseError(sql, params, exc)
