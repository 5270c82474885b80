"""Another program's database in a case folder is named as such, not taken for a newer CaseFile's."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from casefile import cli
from casefile.context import open_case
from casefile.domain.errors import ForeignDatabaseError, SchemaTooNewError
from tests.backends import new_case

# what an Alembic-managed web app leaves: its own tables and its own revision
OTHER_PROGRAM = [
    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
    "INSERT INTO alembic_version VALUES ('3f2a9c1b7d10')",
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL)",
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id), total NUMERIC)",
]


def _replace_with_other_program(case_dir: Path, backend: str, database: str | None) -> None:
    if backend == "sqlite":
        db = case_dir / "case.db"
        for leftover in (db, db.with_name("case.db-wal"), db.with_name("case.db-shm")):
            leftover.unlink(missing_ok=True)
        conn = sqlite3.connect(db)
        for stmt in OTHER_PROGRAM:
            conn.execute(stmt)
        conn.commit()
        conn.close()
        return
    import psycopg

    assert database is not None
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
        for stmt in OTHER_PROGRAM:
            conn.execute(stmt)


def test_another_programs_database_is_named_as_such(tmp_path: Path, backend: str, pg_database: str | None,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    case = new_case(tmp_path, backend, database=pg_database)
    path = case.path
    case.close()
    _replace_with_other_program(path, backend, pg_database)
    for read_only in (False, True):
        with pytest.raises(ForeignDatabaseError, match="is not a CaseFile case") as caught:
            open_case(path, read_only=read_only)
        assert "another program" in str(caught.value) and "newer version" not in str(caught.value)
    code = cli.main(["search", str(path), "okafor"])
    _out, err = capsys.readouterr()
    assert code == 2 and "is not a CaseFile case" in err and "belongs to another program" in err
    assert "Traceback" not in err and "newer version" not in err


def test_a_newer_casefiles_database_is_still_called_newer(tmp_path: Path, backend: str,
                                                          pg_database: str | None) -> None:
    case = new_case(tmp_path, backend, database=pg_database)
    path = case.path
    with case.ctx.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    case.close()
    with pytest.raises(SchemaTooNewError, match="newer version of CaseFile"):
        open_case(path)
