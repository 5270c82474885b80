"""SQL expressions that SQLite and PostgreSQL spell differently, written once for the services.

Each is a SQLAlchemy construct compiled per dialect: the SQLite text stays exactly what the services ran before
team cases existed; PostgreSQL gets its own equivalent.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, String, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement
from sqlalchemy.types import Boolean

from casefile.db.fts import KIND_CODES, PG_CONFIG


class group_concat(FunctionElement[str]):  # noqa: N801 - reads as the SQL function it stands for
    """`group_concat(x, sep)` on SQLite, `string_agg(x, sep)` on PostgreSQL."""

    type = String()
    inherit_cache = True
    name = "group_concat"


@compiles(group_concat)
@compiles(group_concat, "postgresql")
def _group_concat(element: group_concat, compiler: Any, **kw: Any) -> str:
    name = "string_agg" if compiler.dialect.name == "postgresql" else "group_concat"
    return f"{name}({compiler.process(element.clauses, **kw)})"


class day_number(FunctionElement[float]):  # noqa: N801
    """An ISO date text column (`2025`, `2025-01`, `2025-01-27`, `2025-01-27T14:30`) as a proleptic day number
    (`date.toordinal()`) with the time as a fraction; NULL stays NULL."""

    type = Float()
    inherit_cache = True
    name = "day_number"


@compiles(day_number)
def _day_number_sqlite(element: day_number, compiler: Any, **kw: Any) -> str:
    c = compiler.process(element.clauses, **kw)
    return (f"((CASE WHEN {c} IS NULL THEN NULL WHEN length({c}) > 10 THEN julianday(replace({c},"
            f" 'T', ' ')) ELSE julianday(substr({c} || '-01-01', 1, 10)) END) - 1721424.5)")


@compiles(day_number, "postgresql")
def _day_number_pg(element: day_number, compiler: Any, **kw: Any) -> str:
    c = compiler.process(element.clauses, **kw)
    return (f"(CASE WHEN {c} IS NULL THEN NULL WHEN length({c}) > 10 THEN "
            f"extract(epoch FROM (CAST(replace({c}, 'T', ' ') AS timestamp) - TIMESTAMP '0001-01-01')) / 86400.0 + 1 "
            f"ELSE CAST(CAST(substr({c} || '-01-01', 1, 10) AS date) - DATE '0001-01-01' AS float8) + 1 END)")


class event_text_match(ColumnElement[bool]):  # noqa: N801
    """The event's title or description matches what the user typed (prefix words, "phrases"), through the
    search index: FTS5 on SQLite, the tsvector index on PostgreSQL. Takes the query in both engines' syntax
    (`services.text_query`), as only compiling tells which one runs."""

    type = Boolean()
    inherit_cache = False

    def __init__(self, fts: str, tsquery: str) -> None:
        self.fts = fts
        self.tsquery = tsquery


@compiles(event_text_match)
def _event_text_sqlite(element: event_text_match, compiler: Any, **kw: Any) -> str:
    codes = len(KIND_CODES)
    q = bindparam("event_fts_q", f"{{title body}}: ({element.fts})", type_=String())
    # Match on the FTS rowid (event id * 4 + code), not the UNINDEXED kind/ref_id columns: those are read from
    # the content table for every hit (139 ms vs 7 ms for 16k hits at 100k events). The unary + keeps SQLite
    # from answering `id IN (...)` with one table lookup per hit and a sort: it walks the (date_start, id,
    # status) index in order and stops at the page's LIMIT.
    return (f"+event.id IN (SELECT rowid / {codes} FROM search_index WHERE search_index MATCH "
            f"{compiler.process(q, **kw)} AND rowid % {codes} = {KIND_CODES['event']})")


@compiles(event_text_match, "postgresql")
def _event_text_pg(element: event_text_match, compiler: Any, **kw: Any) -> str:
    # the event's own stored tsvector (migration 0005) under its GIN index: the same words as its search_index
    # row, without the semi-join through the mixed index (count of 16k hits at 100k events: 127 ms -> 37 ms)
    q = bindparam("event_fts_q", element.tsquery, type_=String())
    return f"event.search_doc @@ to_tsquery('{PG_CONFIG}', {compiler.process(q, **kw)})"


class text_like(ColumnElement[bool]):  # noqa: N801
    """`column LIKE pattern ESCAPE '\\'` as SQLite reads it (case-insensitive): LIKE there, ILIKE on PostgreSQL
    (where the pg_trgm GIN indexes of migration 0005 serve it). Callers escape `%` and `_` with `like_escaped`."""

    type = Boolean()
    inherit_cache = False

    def __init__(self, column: Any, pattern: str) -> None:  # a column or a mapped attribute
        self.column = column
        self.pattern = bindparam(None, pattern, type_=String(), unique=True)


@compiles(text_like)
@compiles(text_like, "postgresql")
def _text_like(element: text_like, compiler: Any, **kw: Any) -> str:
    like = "ILIKE" if compiler.dialect.name == "postgresql" else "LIKE"
    return f"{compiler.process(element.column, **kw)} {like} {compiler.process(element.pattern, **kw)} ESCAPE '\\'"
