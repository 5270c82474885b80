"""The FTS5 search index over evidence, events, parties and notes, kept in step by triggers.

Each indexed row gets rowid = id * 4 + kind code, so triggers can replace or delete it directly.
"""

from __future__ import annotations

KIND_CODES = {"evidence": 0, "event": 1, "party": 2, "note": 3}

CREATE_TABLE = (
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "kind UNINDEXED, ref_id UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)

_PARTY_BODY = (
    "coalesce((SELECT group_concat(alias, ' ') FROM party_alias WHERE party_id = {p}.id), '')"
    " || ' ' || coalesce({p}.description, '')"
)

_SOURCES = {
    # kind: (table, title expression, body expression) with {p} standing for NEW/OLD
    "evidence": (
        "evidence",
        "coalesce({p}.title, '') || ' ' || coalesce({p}.filename, '')",
        "coalesce({p}.author, '') || ' ' || coalesce({p}.text, '')",
    ),
    "event": ("event", "{p}.title", "coalesce({p}.description, '')"),
    "party": ("party", "{p}.name", _PARTY_BODY),
    "note": ("note", "''", "{p}.text"),
}


def _insert(kind: str, p: str) -> str:
    table, title, body = _SOURCES[kind]
    code = KIND_CODES[kind]
    return (
        f"INSERT INTO search_index(rowid, kind, ref_id, title, body) VALUES "
        f"({p}.id * 4 + {code}, '{kind}', {p}.id, {title.format(p=p)}, {body.format(p=p)});"
    )


def _delete(kind: str, p: str) -> str:
    return f"DELETE FROM search_index WHERE rowid = {p}.id * 4 + {KIND_CODES[kind]};"


def create_statements() -> list[str]:
    """DDL for the index and its triggers (used by the initial migration)."""
    stmts = [CREATE_TABLE]
    for kind, (table, _t, _b) in _SOURCES.items():
        stmts.append(f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN {_insert(kind, 'NEW')} END")
        stmts.append(
            f"CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN "
            f"{_delete(kind, 'OLD')} {_insert(kind, 'NEW')} END"
        )
        stmts.append(f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN {_delete(kind, 'OLD')} END")
    # aliases are part of a party's searchable body
    refresh = (
        "UPDATE party SET name = name WHERE id = {p}.party_id;"
    )
    stmts.append(f"CREATE TRIGGER party_alias_ai AFTER INSERT ON party_alias BEGIN {refresh.format(p='NEW')} END")
    stmts.append(f"CREATE TRIGGER party_alias_ad AFTER DELETE ON party_alias BEGIN {refresh.format(p='OLD')} END")
    return stmts


def drop_statements() -> list[str]:
    stmts = ["DROP TABLE IF EXISTS search_index"]
    for table in ("evidence", "event", "party", "note"):
        for suffix in ("ai", "au", "ad"):
            stmts.append(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
    stmts += ["DROP TRIGGER IF EXISTS party_alias_ai", "DROP TRIGGER IF EXISTS party_alias_ad"]
    return stmts
