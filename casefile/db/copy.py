"""Copying a whole case database from one engine to another (SQLite or PostgreSQL, either way), losslessly.

Used to move a case to a server and to write a server case's database into an archive. Every table of the
models is copied in dependency order with its ids, exhibit numbers, timestamps, JSON and blobs as they are;
PostgreSQL sequences are set past the copied ids; then every table is read back from the target and its row
count and checksum compared with the source's, inside the caller's transaction, so a copy that does not match
is never committed. Rows stream in batches: memory stays flat whatever the size of the case.

The caller owns both transactions (`copy_tables` takes connections): a move runs the migrations, the copy and
its check in one target transaction, so a failure or Ctrl+C at any point leaves the target empty.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Integer, LargeBinary, String, Table, func, null, select, text
from sqlalchemy.sql.elements import ColumnElement

from casefile.db.base import Base
from casefile.domain.errors import CaseFileError

BATCH = 1000
NUL = "\x00"
NUL_STANDIN = "\ufffd"  # PostgreSQL text cannot hold NUL; one character for one, so cited spans stay aligned

ProgressFn = Callable[[int, int, str], None]  # (rows copied, rows in all, table being copied or "" when checking)


class CopyError(CaseFileError):
    """The copy could not be made or does not match its source; nothing of it was kept."""


class CopyCancelled(CaseFileError):
    """The user stopped the copy; nothing of it was kept."""


@dataclass(frozen=True)
class TableCopy:
    name: str
    rows: int
    checksum: str


@dataclass
class CopyReport:
    tables: list[TableCopy] = field(default_factory=list)
    nul_replaced: int = 0  # text values that held NUL characters PostgreSQL cannot store

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def by_name(self) -> dict[str, TableCopy]:
        return {t.name: t for t in self.tables}


def case_tables() -> list[Table]:
    """Every table of the case, parents before children (the search index is the target's triggers' job)."""
    return list(Base.metadata.sorted_tables)


@contextmanager
def consistent_reader(engine: Engine) -> Iterator[Connection]:
    """A read-only connection that sees one snapshot of the whole case while others go on writing."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with conn.begin():
            yield conn


def count_rows(conn: Connection) -> dict[str, int]:
    return {t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0) for t in case_tables()}


def copy_tables(src: Connection, dst: Connection, *, batch: int = BATCH, progress: ProgressFn | None = None,
                cancelled: Callable[[], bool] | None = None) -> CopyReport:
    """Copy every case table from `src` to `dst` (whose tables must exist and be empty), reset sequences and
    check the result. Raises CopyError on any difference and CopyCancelled when `cancelled()` turns true; the
    caller then rolls `dst` back."""
    to_pg = dst.dialect.name == "postgresql"
    totals = count_rows(src)
    total = sum(totals.values())
    done = 0
    report = CopyReport()
    sums: dict[str, tuple[int, str]] = {}
    for table in case_tables():
        if cancelled is not None and cancelled():
            raise CopyCancelled("Stopped; nothing was copied.")
        if dst.scalar(select(func.count()).select_from(table)):
            raise CopyError(f"The target's table {table.name} is not empty; nothing was copied.")
        def tick(n: int, t: str = table.name, d: int = done) -> None:
            if progress is not None:
                progress(d + n, total, t)

        rows, digest, replaced = _copy_table(src, dst, table, to_pg, batch, tick, cancelled)
        done += rows
        report.nul_replaced += replaced
        sums[table.name] = (rows, digest)
    if to_pg:
        reset_sequences(dst)
    if progress is not None:
        progress(done, total, "")  # "" : every row is in; reading the copy back to check it
    for table in case_tables():
        if cancelled is not None and cancelled():
            raise CopyCancelled("Stopped; nothing was copied.")
        rows, digest = sums[table.name]
        back_rows, back_digest = _checksum(dst, table, batch)
        if back_rows != rows or back_rows != totals[table.name]:
            raise CopyError(f"The copy of table {table.name} has {back_rows} rows, the case {rows}; nothing was "
                            "kept.")
        if back_digest != digest:
            raise CopyError(f"The copy of table {table.name} differs from the case (checksum); nothing was kept.")
        report.tables.append(TableCopy(table.name, rows, digest))
    return report


def table_checksums(conn: Connection, batch: int = BATCH) -> dict[str, tuple[int, str]]:
    """(rows, checksum) of every case table, comparable across SQLite and PostgreSQL."""
    return {t.name: _checksum(conn, t, batch) for t in case_tables()}


def reset_sequences(conn: Connection) -> None:
    """Set each PostgreSQL id sequence past the copied ids, so the next row gets a fresh one."""
    for table in case_tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        seq = conn.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": pk[0].name})
        if seq is None:
            continue
        top = conn.scalar(select(func.max(pk[0])))
        conn.execute(text("SELECT setval(CAST(:s AS regclass), :v, :called)"),
                     {"s": seq, "v": top if top is not None else 1, "called": top is not None})


# one table ---------------------------------------------------------------------------------------------


def _select(table: Table) -> Any:
    """Every column, plus an IS NULL flag per JSON column (SQL NULL and JSON null read back alike)."""
    cols: list[ColumnElement[Any]] = list(table.columns)
    flags = [c.is_(None).label(f"__null_{c.name}") for c in table.columns if isinstance(c.type, JSON)]
    return select(*cols, *flags).order_by(*table.primary_key.columns)


def _self_refs(table: Table) -> list[tuple[str, str]]:
    """(column, referred column) of foreign keys into the table itself, e.g. an exhibit's parent."""
    return [(fk.parent.name, fk.column.name) for fk in table.foreign_keys if fk.column.table is table]


@dataclass(frozen=True)
class _Shape:
    """Where a table's JSON, blob and text columns sit in its rows (rows are read as tuples: fast)."""

    names: list[str]
    json: list[int]
    blob: list[int]
    text: list[int]

    @classmethod
    def of(cls, table: Table) -> _Shape:
        cols = list(table.columns)
        return cls([c.name for c in cols],
                   [i for i, c in enumerate(cols) if isinstance(c.type, JSON)],
                   [i for i, c in enumerate(cols) if isinstance(c.type, LargeBinary)],
                   [i for i, c in enumerate(cols) if isinstance(c.type, String) and not isinstance(c.type, JSON)])

    def canon(self, values: list[Any], flags: tuple[Any, ...]) -> bytes:
        """One row as both backends read it back alike: a SQL NULL and a JSON null differ, JSON keys sorted,
        blobs by their hash; everything else (str, int, float, bool, naive datetime) by its exact repr."""
        if self.json or self.blob:
            values = list(values)
            for i, flag in zip(self.json, flags, strict=True):
                values[i] = None if flag else ("json", json.dumps(values[i], sort_keys=True, ensure_ascii=False))
            for i in self.blob:
                if values[i] is not None:
                    values[i] = ("blob", hashlib.sha256(bytes(values[i])).hexdigest())
        return repr(tuple(values)).encode("utf-8", "surrogateescape") + b"\n"


def _copy_table(src: Connection, dst: Connection, table: Table, to_pg: bool, batch: int,
                tick: Callable[[int], None], cancelled: Callable[[], bool] | None) -> tuple[int, str, int]:
    shape = _Shape.of(table)
    n = len(shape.names)
    self_refs = [(shape.names.index(col), shape.names.index(ref)) for col, ref in _self_refs(table)]
    pk = [shape.names.index(c.name) for c in table.primary_key.columns]
    digest = hashlib.sha256()
    rows = replaced = 0
    deferred: list[tuple[Any, int, Any]] = []  # (id, column, parent) of rows whose parent comes later
    seen: set[Any] = set()
    result = src.execution_options(yield_per=batch).execute(_select(table))
    for part in result.partitions():
        if cancelled is not None and cancelled():
            raise CopyCancelled("Stopped; nothing was copied.")
        params: list[dict[str, Any]] = []  # for INSERT (SQLite)
        lines: list[list[Any]] = []  # for COPY (PostgreSQL)
        for row in part:
            values = list(row[:n])
            flags = tuple(row[n:])
            if to_pg:
                replaced += _strip_nul(values, shape)
            digest.update(shape.canon(values, flags))
            for col, ref in self_refs:
                parent = values[col]
                if parent is not None and parent not in seen:
                    deferred.append((values[ref], col, parent))
                    values[col] = None
                seen.add(values[ref])
            if to_pg:
                lines.append(_for_copy(values, flags, shape))
            else:
                for i, flag in zip(shape.json, flags, strict=True):
                    values[i] = null() if flag else (JSON.NULL if values[i] is None else values[i])
                params.append(dict(zip(shape.names, values, strict=True)))
        if lines:
            _copy_in(dst, table, shape, lines)
        if params:
            dst.execute(table.insert(), params)
        rows += len(part)
        tick(rows)
    for key, col, parent in deferred:  # only self references to a single-column key get here
        where = table.c[shape.names[pk[0]]] == key
        keep = {c.name: select(c).where(where).scalar_subquery() for c in table.columns if c.onupdate is not None}
        dst.execute(table.update().where(where).values({shape.names[col]: parent, **keep}))
    return rows, digest.hexdigest(), replaced


def _for_copy(values: list[Any], flags: tuple[Any, ...], shape: _Shape) -> list[Any]:
    """A row for PostgreSQL's COPY: JSON values wrapped (a JSON null stays JSON, a SQL NULL stays NULL)."""
    from psycopg.types.json import Json

    for i, flag in zip(shape.json, flags, strict=True):
        values[i] = None if flag else Json(values[i])
    return values


def _copy_in(dst: Connection, table: Table, shape: _Shape, rows: list[list[Any]]) -> None:
    """A batch into PostgreSQL through COPY, on the transaction's own connection (row triggers still fire, so
    the search index fills as for any insert); far fewer round trips than one INSERT per row."""
    cols = ", ".join(f'"{name}"' for name in shape.names)
    raw = dst.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({cols}) FROM STDIN') as copy:
        for values in rows:
            copy.write_row(values)


def _strip_nul(values: list[Any], shape: _Shape) -> int:
    count = 0
    for i in shape.text:
        v = values[i]
        if isinstance(v, str) and NUL in v:
            values[i] = v.replace(NUL, NUL_STANDIN)
            count += 1
    for i in shape.json:
        v = values[i]
        cleaned = _json_without_nul(v)
        if cleaned != v:  # (json.dumps would hide a NUL as an escape)
            values[i] = cleaned
            count += 1
    return count


def _json_without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace(NUL, NUL_STANDIN)
    if isinstance(value, dict):
        return {_json_without_nul(k): _json_without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_without_nul(v) for v in value]
    return value


def _checksum(conn: Connection, table: Table, batch: int) -> tuple[int, str]:
    shape = _Shape.of(table)
    n = len(shape.names)
    digest = hashlib.sha256()
    rows = 0
    result = conn.execution_options(yield_per=batch).execute(_select(table))
    for part in result.partitions():
        for row in part:
            digest.update(shape.canon(list(row[:n]), tuple(row[n:])))
        rows += len(part)
    return rows, digest.hexdigest()


__all__ = ["CopyCancelled", "CopyError", "CopyReport", "TableCopy", "case_tables", "consistent_reader",
           "copy_tables", "count_rows", "reset_sequences", "table_checksums"]


def create_schema(conn: Connection) -> None:
    """Build the case schema with the migrations inside the caller's transaction (both dialects roll DDL back,
    so a failed copy leaves no table behind)."""
    from alembic import command

    from casefile.db.migrate import _config

    cfg = _config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")
