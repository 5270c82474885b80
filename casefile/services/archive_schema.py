"""The database inside an archive is foreign input: its schema must be exactly one CaseFile writes.

Checked before its pages are (an expression index can make an integrity check cost minutes and gigabytes) and
before any original is unpacked (a database that does not list them makes the rest pointless). The manifest is
foreign input too: its nesting is measured before the JSON parser (recursive) sees it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from casefile.db.engine import sqlite_uri
from casefile.domain.printable import printable
from casefile.services.archive_errors import ArchiveError, short_reason

MAX_MANIFEST_DEPTH = 32  # CaseFile writes 3 levels; 200,000 ended in a RecursionError
_ESCAPE = re.compile(r"\\.", re.DOTALL)
_STRING = re.compile(r'"[^"]*"')  # once escapes are gone, a string ends at the next quote
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def load_manifest(raw: bytes) -> Any:
    """The manifest's JSON, refused with one sentence when it nests deeper than `MAX_MANIFEST_DEPTH` (json's
    parser recurses once per level). The brackets outside strings are counted first, in linear time."""
    text = raw.decode("utf-8")
    depth = 0
    for c in _NOT_BRACKET.sub("", _STRING.sub("", _ESCAPE.sub("", text))):
        depth += 1 if c in "[{" else -1
        if depth > MAX_MANIFEST_DEPTH:
            raise ArchiveError(f"The archive's manifest nests more than {MAX_MANIFEST_DEPTH} levels deep "
                               "(CaseFile writes three); refused.")
        if depth < 0:
            break  # not JSON: the parser says so
    try:
        return json.loads(text)
    except RecursionError:  # a backstop: the count above already refused what nests this deep
        raise ArchiveError("The archive's manifest nests too deeply; refused.") from None


def check_database(db: Path, listed: set[str]) -> None:
    """The archive's database is foreign input: before any original is unpacked, its schema must be exactly the
    one CaseFile writes at its revision (no foreign table, index, trigger or view: those would run inside the
    app, and an expression index can make a check cost minutes), its pages sound, its originals the manifest's.
    """
    try:
        conn = sqlite3.connect(sqlite_uri(db, "mode=ro"), uri=True)
        try:
            schema = schema_of(conn)
            names = {name for _t, name, _tbl, _sql in schema}
            revision = None
            if ("table", "alembic_version", "alembic_version", _alembic_sql(schema)) in schema:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchall()
                revision = row[0][0] if len(row) == 1 else None
            if not isinstance(revision, str):
                raise ArchiveError("The archive's database is not a CaseFile database; refused.")
            reference = reference_schema(revision)
            if reference is None:
                raise ArchiveError("The archive's database was made by a newer version of CaseFile (or is not "
                                   "CaseFile's); update CaseFile to open it.")
            foreign = sorted(names - {name for _t, name, _tbl, _sql in reference})
            if foreign:
                raise ArchiveError(f"The archive's database holds {printable(foreign[0])!r}, which CaseFile did "
                                   "not write; refused.")
            if schema != reference:
                raise ArchiveError("The archive's database has a schema CaseFile did not write; refused.")
            ok = conn.execute("PRAGMA integrity_check(5)").fetchall()
            if ok != [("ok",)]:
                raise ArchiveError("The archive's database is damaged (integrity check failed).")
            in_db = {r[0] for r in conn.execute("SELECT sha256 FROM evidence WHERE sha256 IS NOT NULL")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ArchiveError(f"The archive's database cannot be read ({short_reason(exc)}).") from None
    if in_db != listed:
        raise ArchiveError("The archive's database and manifest list different originals; refused.")


Schema = frozenset[tuple[str, str, str, str]]


def schema_of(conn: sqlite3.Connection) -> Schema:
    """Every object of a database (type, name, table, SQL), statistics tables aside (ANALYZE may add them)."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    return frozenset((t, n, tbl, sql or "") for t, n, tbl, sql in rows if not n.startswith("sqlite_stat"))


def _alembic_sql(schema: Schema) -> str:
    return next((sql for t, n, _tbl, sql in schema if t == "table" and n == "alembic_version"), "")


_REFERENCE: dict[str, Schema | None] = {}


def reference_schema(revision: str) -> Schema | None:
    """The schema of a fresh database migrated to `revision`, or None for a revision this version does not know."""
    if revision in _REFERENCE:
        return _REFERENCE[revision]
    from alembic import command
    from alembic.script import ScriptDirectory

    from casefile.db.engine import make_engine
    from casefile.db.migrate import _config, _known

    cfg = _config()
    if not _known(ScriptDirectory.from_config(cfg), revision):
        return None
    with tempfile.TemporaryDirectory(prefix="casefile-ref-") as work:
        engine = make_engine(Path(work) / "ref.db", create=True)
        try:
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        finally:
            engine.dispose()
        ref = sqlite3.connect(Path(work) / "ref.db")
        try:
            _REFERENCE[revision] = schema_of(ref)
        finally:
            ref.close()
    return _REFERENCE[revision]
