"""Schema upgrades: an older case is backed up, then upgraded; a newer one is refused with a clear message."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command

from casefile import cli
from casefile.context import create_case, open_case
from casefile.db import migrate
from casefile.domain.errors import SchemaTooNewError
from tests.schema import downgrade_case

FIRST = "0001"


def _revision(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def _old_case(tmp_path: Path, article_file: Path) -> tuple[Path, str]:
    """A case with content whose schema is taken back to the first revision, as an older CaseFile left it."""
    with create_case(tmp_path / "Old", "Okafor v. Halvorsen") as case:
        case.imports.import_file(article_file)
        exported = case.export.to_json()
        path = case.path
    downgrade_case(path, FIRST)
    assert _revision(path / "case.db") == FIRST
    return path, exported


def test_older_case_is_backed_up_then_upgraded(tmp_path: Path, article_file: Path) -> None:
    assert migrate.head_revision() != FIRST  # four revisions ship: there is always an older schema to upgrade
    path, exported = _old_case(tmp_path, article_file)
    with open_case(path) as case:
        assert case.backup is not None and case.backup.is_file()
        assert _revision(path / "case.db") == migrate.head_revision()
        assert case.export.to_json() == exported
        assert case.evidence.verify() == []
    assert _revision(case.backup) == FIRST  # the backup is the case as it was, readable on its own
    with sqlite3.connect(case.backup) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM evidence").fetchone()[0] == 1
    with open_case(path) as again:  # already current: no second backup
        assert again.backup is None


def test_older_case_cannot_be_opened_read_only_until_upgraded(tmp_path: Path, article_file: Path) -> None:
    assert migrate.head_revision() != FIRST  # four revisions ship: there is always an older schema to upgrade
    path, _ = _old_case(tmp_path, article_file)
    with pytest.raises(SchemaTooNewError, match="needs an upgrade"):
        open_case(path, read_only=True)
    assert _revision(path / "case.db") == FIRST


def test_failed_upgrade_leaves_the_case_as_it_was(tmp_path: Path, article_file: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A migration that breaks half-way rolls back entirely; the backup was written before it started."""
    with create_case(tmp_path / "Case", "Case") as case:
        case.imports.import_file(article_file)
        path = case.path
    head = migrate.head_revision()
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9000_broken.py").write_text(
        f'''revision = "9000"
down_revision = "{head}"
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("UPDATE case_meta SET title = 'changed by a broken migration'")
    raise RuntimeError("migration bug")
''', encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS", scripts)
    with pytest.raises(RuntimeError, match="migration bug"):
        open_case(path)
    monkeypatch.undo()
    assert _revision(path / "case.db") == head
    with sqlite3.connect(path / "case.db") as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "half_done" not in tables
        assert conn.execute("SELECT title FROM case_meta").fetchone()[0] == "Case"
    assert list(path.glob("case.db.backup-*")), "no backup was written before upgrading"
    with open_case(path) as reopened:  # the lock was released; the case still works with this version
        assert reopened.evidence.count() == 1


def test_newer_case_is_refused_clearly_and_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with create_case(tmp_path / "Future", "From the future") as case:
        path = case.path
    with sqlite3.connect(path / "case.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_a_newer_casefile'")
    before = (path / "case.db").read_bytes()
    for read_only in (False, True):
        with pytest.raises(SchemaTooNewError, match="newer version of CaseFile"):
            open_case(path, read_only=read_only)
    assert (path / "case.db").read_bytes() == before
    assert not list(path.glob("case.db.backup-*"))
    assert cli.main(["verify", str(path)]) == 2
    err = capsys.readouterr().err
    assert "newer version of CaseFile" in err and "Traceback" not in err
    # the lock was released: another process (or this one, after an update) could still open it
    from casefile.storage.lock import CaseLock

    lock = CaseLock(path)
    lock.acquire()
    lock.release()


def _schema_differences(engine) -> list:  # noqa: ANN001 - Engine
    """What `alembic revision --autogenerate` would write: the models against the migrated database."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from casefile.db.base import Base

    def include(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
        # the search index (FTS5 on SQLite, a tsvector table on PostgreSQL) lives outside the models, as do the
        # PostgreSQL filter indexes of migration 0005 (event.search_doc and its GIN index, the pg_trgm indexes)
        if type_ == "table" and (name or "").startswith("search_index"):
            return False
        if type_ == "column" and name == "search_doc":
            return False
        return not (type_ == "index" and name in ("ix_event_search_doc", "ix_event_title_trgm",
                                                   "ix_event_description_trgm"))

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include})
        return compare_metadata(ctx, Base.metadata)


def test_migrations_build_exactly_the_models(bcase) -> None:  # noqa: ANN001 - a Case on each backend
    """On SQLite and on PostgreSQL the migrated schema is the models' schema: no table, column, type or index
    differs (a model changed without a migration, or a migration that only one dialect runs, fails here)."""
    assert _schema_differences(bcase.ctx.engine) == []


def test_server_upgrade_writes_no_file_backup(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A team case's database is upgraded in place (one transaction); its backup is pg_dump, not a file."""
    import logging

    from casefile.context import create_case
    from tests.backends import throwaway_database

    with throwaway_database() as url:
        with create_case(tmp_path / "Desk", "Desk", database=url) as case:
            case.notes.create("kept across the upgrade")
            path = case.path
            with case.ctx.engine.begin() as conn:
                cfg = migrate._config()
                cfg.attributes["connection"] = conn
                command.downgrade(cfg, "0003")
        with caplog.at_level(logging.INFO, logger="casefile.db.migrate"), open_case(path) as again:
            assert again.backup is None
            assert migrate.current_revision(again.ctx.engine) == migrate.head_revision()
            assert [n.text for n in again.notes.list()] == ["kept across the upgrade"]
        assert "pg_dump" in caplog.text
        assert sorted(p.name for p in path.iterdir()) == ["casefile-server.json", "evidence"]
