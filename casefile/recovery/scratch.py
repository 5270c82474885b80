"""The salvaged rows put into a fresh, healthy SQLite file, table by table, so they can be copied like any case.

The scratch tables have the old tables' column names (from their `CREATE TABLE` when it survived, else from the
models) but no types or constraints: a value comes back exactly as it was stored, and the new case's
constraints decide what is kept. A record shorter than its table (a column added later) takes the column's
default, as SQLite itself would read it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, LargeBinary, String

from casefile.recovery.pages import Salvage, SchemaEntry, Shapes


@dataclass(frozen=True)
class Column:
    name: str
    default: str | None  # the SQL of its DEFAULT, or None
    rowid: bool  # an INTEGER PRIMARY KEY: stored as NULL in the record, its value is the rowid
    types: tuple[type, ...] = (int, float, str, bytes)  # what a stored value of it may be (besides NULL)
    parse: str = ""  # "datetime" or "json": text that must parse as such


def model_columns() -> dict[str, list[Column]]:
    """Each table of the current schema and its columns, as the models declare them."""
    import casefile.db.models  # noqa: F401 - the tables register themselves on the metadata
    from casefile.db.base import Base

    out: dict[str, list[Column]] = {}
    for table in Base.metadata.sorted_tables:
        pks = list(table.primary_key.columns)
        out[table.name] = [Column(c.name, None, len(pks) == 1 and c is pks[0] and isinstance(c.type, Integer),
                                  _stored_types(c.type), _parse(c.type)) for c in table.columns]
    return out


def _parse(kind: object) -> str:
    return "datetime" if isinstance(kind, DateTime) else "json" if isinstance(kind, JSON) else ""


def _stored_types(kind: object) -> tuple[type, ...]:
    if isinstance(kind, Integer | Boolean):
        return (int,)
    if isinstance(kind, Float):
        return (float, int)
    if isinstance(kind, LargeBinary):
        return (bytes,)
    if isinstance(kind, String | DateTime | JSON):  # Text is a String; dates and JSON are stored as text
        return (str,)
    return (int, float, str, bytes)


def old_columns(sql: str) -> list[Column] | None:
    """The columns a surviving `CREATE TABLE` statement declares, or None when it does not parse."""
    if not sql.upper().startswith("CREATE TABLE"):
        return None
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute(sql)
        name = probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        info = probe.execute(f'PRAGMA table_info("{name}")').fetchall()
    except sqlite3.Error:
        return None
    finally:
        probe.close()
    pks = [row for row in info if row[5]]
    return [Column(row[1], row[4], len(pks) == 1 and row[5] == 1 and str(row[2]).upper() == "INTEGER")
            for row in info]


def _stored_columns(name: str, sql_of: dict[str, str], current: dict[str, str], columns: list[Column]) -> list[Column]:
    """A table's columns in the order its rows store them: the damaged file's own `CREATE TABLE`, else this
    version's (`current`), else the models'."""
    return old_columns(sql_of.get(name, "")) or old_columns(current.get(name, "")) or columns


def build(salvage: Salvage, path: Path, current: dict[str, str]) -> sqlite3.Connection:
    """A healthy database at `path` holding every salvaged row of the tables the models know."""
    known = model_columns()
    sql_of = {e.name: e.sql for e in salvage.schema if e.type == "table"}
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    with conn:
        for name, columns in known.items():
            cols = _stored_columns(name, sql_of, current, columns)
            defs = ", ".join(repr_name(c.name) + (f" DEFAULT {c.default}" if c.default is not None else "")
                             for c in cols)
            try:
                conn.execute(f'CREATE TABLE "{name}" ({defs})')
            except sqlite3.Error:  # a default that does not parse outside its table: without defaults
                conn.execute(f'CREATE TABLE "{name}" ({", ".join(repr_name(c.name) for c in cols)})')
            rows = salvage.tables.get(name)
            if rows is None:
                continue
            for rowid, values in sorted(rows.rows.items()):
                values = list(values[:len(cols)])
                for i, col in enumerate(cols[:len(values)]):
                    if col.rowid and values[i] is None:
                        values[i] = rowid
                names = ", ".join(["rowid", *(repr_name(c.name) for c in cols[:len(values)])])
                marks = ", ".join("?" * (len(values) + 1))
                conn.execute(f'INSERT INTO "{name}" ({names}) VALUES ({marks})', [rowid, *values])
    return conn


def repr_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def shapes(schema: list[SchemaEntry], current: dict[str, str]) -> Shapes:
    """Table name -> what each column may hold, in the order the damaged file stores them (its surviving
    `CREATE TABLE`, else the models'), for giving stray pages to the one table they fit."""
    sql_of = {e.name: e.sql for e in schema if e.type == "table"}
    out: Shapes = {}
    for name, columns in model_columns().items():
        by_name = {c.name: c.types for c in columns}
        stored = _stored_columns(name, sql_of, current, columns)
        out[name] = [(type(None), *by_name.get(c.name, (int, float, str, bytes))) for c in stored]
    return out



def drop_malformed(conn: sqlite3.Connection) -> dict[str, set[int]]:
    """Rows whose values the models cannot read (a number in a text column, a date or JSON that does not parse:
    a bit flipped inside a row that still decodes) are dropped before they reach the new case, where they would
    break the first screen that shows them. Table -> the rowids dropped."""
    dropped: dict[str, set[int]] = {}
    for name, columns in model_columns().items():
        table = repr_name(name)
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        bad: set[int] = set()
        for col in (c for c in columns if c.name in have):
            column = repr_name(col.name)
            kinds = ", ".join(f"'{_STORAGE[t]}'" for t in col.types)
            bad |= {r for (r,) in conn.execute(f"SELECT rowid FROM {table} WHERE typeof({column}) "
                                               f"NOT IN ({kinds}, 'null')")}
            check = _value_checks().get((name, col.name)) or _PARSERS.get(col.parse)
            if check is None:
                continue
            for rowid, value in conn.execute(f"SELECT rowid, {column} FROM {table} WHERE typeof({column}) = 'text'"):
                try:
                    ok = check(value) is not False
                except Exception:  # whatever the parser raises: the value is not one CaseFile wrote
                    ok = False
                if not ok:
                    bad.add(rowid)
        if bad:
            conn.executemany(f"DELETE FROM {table} WHERE rowid = ?", [(r,) for r in bad])
            dropped[name] = bad
    conn.commit()
    return dropped


_STORAGE = {int: "integer", float: "real", str: "text", bytes: "blob"}


@lru_cache(maxsize=1)
def _value_checks() -> dict[tuple[str, str], Callable[[str], object]]:
    """Text columns the records read as more than text: an enum's value, a date, a digest, a JSON object."""
    from casefile.domain import enums
    from casefile.domain.dates import CaseDate
    from casefile.storage.store import _is_sha

    def member(kind: type[enums.StrEnum]) -> Callable[[str], bool]:
        values = {m.value for m in kind}
        return values.__contains__

    status, origin = member(enums.Status), member(enums.Origin)
    return {
        ("evidence", "sha256"): _is_sha, ("evidence", "kind"): member(enums.EvidenceKind),
        ("evidence", "published"): CaseDate.parse, ("evidence", "metadata"): lambda v: isinstance(json.loads(v), dict),
        ("event", "date_start"): CaseDate.parse, ("event", "date_end"): CaseDate.parse,
        ("event", "date_qualifier"): member(enums.DateQualifier), ("event", "status"): status,
        ("event", "origin"): origin, ("party", "status"): status, ("party", "origin"): origin,
        ("party", "kind"): member(enums.PartyKind), ("party", "role"): member(enums.PartyRole),
    }
_PARSERS: dict[str, Callable[[str], object]] = {"datetime": datetime.fromisoformat, "json": json.loads}
