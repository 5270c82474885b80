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
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Integer, LargeBinary, String, Table, func, null, select, text
from sqlalchemy.sql.elements import ColumnElement

from casefile.db.base import Base
from casefile.domain.errors import CaseFileError

BATCH = 1000
NUL = "\x00"
NUL_STANDIN = "\ufffd"  # PostgreSQL text cannot hold NUL; one character for one, so cited spans stay aligned

ProgressFn = Callable[[int, int, str], None]  # (rows copied, rows in all, table being copied)


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


def _copy_table(src: Connection, dst: Connection, table: Table, to_pg: bool, batch: int,
                tick: Callable[[int], None], cancelled: Callable[[], bool] | None) -> tuple[int, str, int]:
    json_cols = [c.name for c in table.columns if isinstance(c.type, JSON)]
    text_cols = [c.name for c in table.columns if isinstance(c.type, String) and not isinstance(c.type, JSON)]
    self_refs = _self_refs(table)
    pk = [c.name for c in table.primary_key.columns]
    digest = hashlib.sha256()
    rows = replaced = 0
    deferred: list[dict[str, Any]] = []  # rows whose parent comes later in id order: linked after the insert
    seen: set[Any] = set()
    result = src.execution_options(yield_per=batch).execute(_select(table))
    for part in result.partitions():
        if cancelled is not None and cancelled():
            raise CopyCancelled("Stopped; nothing was copied.")
        params = []
        for row in part:
            values = {c.name: row._mapping[c] for c in table.columns}
            nulls = {name: bool(row._mapping[f"__null_{name}"]) for name in json_cols}
            if to_pg:
                replaced += _strip_nul(values, text_cols, json_cols)
            _feed(digest, table, values, nulls)
            param = dict(values)
            for name in json_cols:
                param[name] = null() if nulls[name] else (JSON.NULL if values[name] is None else values[name])
            for col, ref in self_refs:
                target = param[col]
                if target is not None and target not in seen and ref == pk[0]:
                    deferred.append({**{k: values[k] for k in pk}, col: target})
                    param[col] = None
            if self_refs:
                seen.add(values[pk[0]])
            params.append(param)
        if params:
            dst.execute(table.insert(), params)
        rows += len(params)
        tick(rows)
    for fix in deferred:
        where = [table.c[k] == fix[k] for k in pk]
        keep = {c.name: select(c).where(*where).scalar_subquery() for c in table.columns if c.onupdate is not None}
        dst.execute(table.update().where(*where).values({**{k: v for k, v in fix.items() if k not in pk}, **keep}))
    return rows, digest.hexdigest(), replaced


def _strip_nul(values: dict[str, Any], text_cols: list[str], json_cols: list[str]) -> int:
    count = 0
    for name in text_cols:
        v = values[name]
        if isinstance(v, str) and NUL in v:
            values[name] = v.replace(NUL, NUL_STANDIN)
            count += 1
    for name in json_cols:
        v = values[name]
        if v is not None and NUL in json.dumps(v, ensure_ascii=False):
            values[name] = _json_without_nul(v)
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
    json_cols = [c.name for c in table.columns if isinstance(c.type, JSON)]
    digest = hashlib.sha256()
    rows = 0
    result = conn.execution_options(yield_per=batch).execute(_select(table))
    for part in result.partitions():
        for row in part:
            values = {c.name: row._mapping[c] for c in table.columns}
            _feed(digest, table, values, {n: bool(row._mapping[f"__null_{n}"]) for n in json_cols})
            rows += 1
    return rows, digest.hexdigest()


def _feed(digest: Any, table: Table, values: dict[str, Any], nulls: dict[str, bool]) -> None:
    """Add one row to a table's checksum in a form both backends read back alike."""
    parts = []
    for c in table.columns:
        v = values[c.name]
        if c.name in nulls:
            parts.append("NULL" if nulls[c.name] else json.dumps(v, sort_keys=True, ensure_ascii=False))
        elif isinstance(c.type, LargeBinary) and v is not None:
            parts.append("b:" + hashlib.sha256(bytes(v)).hexdigest())
        elif isinstance(v, (datetime, date)):
            parts.append("t:" + v.isoformat())
        elif isinstance(v, float):
            parts.append("f:" + v.hex())
        elif isinstance(v, bool):
            parts.append("i:" + str(int(v)))
        else:
            parts.append(repr(v))
    digest.update(json.dumps(parts, ensure_ascii=False).encode("utf-8"))
    digest.update(b"\n")


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
