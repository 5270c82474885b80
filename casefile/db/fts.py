"""The search index over evidence, events, parties and notes, kept in step by triggers.

SQLite: the FTS5 table `search_index`. PostgreSQL: the table `search_index` with a weighted `tsvector`
column (title weight A, body weight B) under a GIN index, fed by the same title and body texts. On both, each
indexed row gets rowid = id * 4 + kind code, so triggers can replace or delete it directly.
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


# --- PostgreSQL ------------------------------------------------------------------------------------------------

# 'simple': lower-cased words, no stemming and no stop words, like FTS5's unicode61 tokenizer
PG_CONFIG = "simple"

_PG_TABLE = (
    "CREATE TABLE search_index ("
    "rowid BIGINT PRIMARY KEY, kind VARCHAR(20) NOT NULL, ref_id INTEGER NOT NULL, "
    "title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '', doc TSVECTOR NOT NULL)"
)

_PG_PARTY_BODY = (
    "coalesce((SELECT string_agg(alias, ' ' ORDER BY id) FROM party_alias WHERE party_id = {p}.id), '')"
    " || ' ' || coalesce({p}.description, '')"
)

_PG_SOURCES = dict(_SOURCES, party=("party", "{p}.name", _PG_PARTY_BODY))


def _pg_function(kind: str) -> str:
    table, title, body = _PG_SOURCES[kind]
    code = KIND_CODES[kind]
    return (
        f"CREATE FUNCTION search_index_{table}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "DECLARE t TEXT; b TEXT;\n"
        "BEGIN\n"
        f"  IF TG_OP <> 'INSERT' THEN DELETE FROM search_index WHERE rowid = OLD.id * 4 + {code}; END IF;\n"
        "  IF TG_OP = 'DELETE' THEN RETURN NULL; END IF;\n"
        f"  t := {title.format(p='NEW')}; b := {body.format(p='NEW')};\n"
        "  INSERT INTO search_index(rowid, kind, ref_id, title, body, doc) VALUES "
        f"(NEW.id * 4 + {code}, '{kind}', NEW.id, t, b, "
        f"setweight(to_tsvector('{PG_CONFIG}', t), 'A') || setweight(to_tsvector('{PG_CONFIG}', b), 'B'));\n"
        "  RETURN NULL;\n"
        "END $$"
    )


def pg_create_statements() -> list[str]:
    """DDL for the PostgreSQL index, its GIN index, and the triggers that keep it in step."""
    stmts = [_PG_TABLE, "CREATE INDEX ix_search_index_doc ON search_index USING gin (doc)"]
    for kind, (table, _t, _b) in _PG_SOURCES.items():
        stmts.append(_pg_function(kind))
        stmts.append(f"CREATE TRIGGER {table}_search AFTER INSERT OR UPDATE OR DELETE ON {table} "
                     f"FOR EACH ROW EXECUTE FUNCTION search_index_{table}()")
    # aliases are part of a party's searchable body (a party deleted with its aliases is already gone)
    stmts.append(
        "CREATE FUNCTION search_index_party_alias() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  UPDATE party SET name = name WHERE id = "
        "(CASE WHEN TG_OP = 'DELETE' THEN OLD.party_id ELSE NEW.party_id END);\n"
        "  RETURN NULL;\n"
        "END $$"
    )
    stmts.append("CREATE TRIGGER party_alias_search AFTER INSERT OR DELETE ON party_alias "
                 "FOR EACH ROW EXECUTE FUNCTION search_index_party_alias()")
    return stmts


def pg_drop_statements() -> list[str]:
    stmts = ["DROP TABLE IF EXISTS search_index"]
    for table in ("evidence", "event", "party", "note", "party_alias"):
        stmts.append(f"DROP TRIGGER IF EXISTS {table}_search ON {table}")
        stmts.append(f"DROP FUNCTION IF EXISTS search_index_{table}()")
    return stmts
