"""Team cases on PostgreSQL: the case folder, its settings file, the schema, no lock, read-only, passwords."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from casefile.context import create_case, is_case_dir, open_case, resolve_case_dir
from casefile.db import migrate
from casefile.db.server import SETTINGS_NAME, ServerSettingsError, parse_database_url, read_settings
from casefile.domain.errors import CaseExistsError, CaseNotFoundError, CaseStorageError, ReadOnlyCaseError
from casefile.storage.lock import CaseLock
from tests.backends import throwaway_database


@pytest.fixture
def pg_url() -> str:
    with throwaway_database() as url:
        yield url


def test_server_case_folder_holds_settings_and_originals_but_no_database(tmp_path: Path, pg_url: str) -> None:
    with create_case(tmp_path / "Desk", "Okafor v. Halvorsen", database=pg_url) as case:
        assert case.backend == "postgresql"
        assert case.ctx.backend == "postgresql"
        assert case.lock is None
        case.notes.create("Call the ledger's editor")
        path = case.path
    assert path.name == "Desk.casefile"
    assert sorted(p.name for p in path.iterdir()) == ["casefile-server.json", "evidence"]
    assert not list(path.rglob("*.db*"))
    data = json.loads((path / SETTINGS_NAME).read_text(encoding="utf-8"))
    assert data == {"format": 1, "database": pg_url, "title": "Okafor v. Halvorsen"}
    assert is_case_dir(path) and resolve_case_dir(tmp_path / "Desk") == path
    with open_case(path) as again:
        assert again.case.info().title == "Okafor v. Halvorsen"
        assert [n.text for n in again.notes.list()] == ["Call the ledger's editor"]
        with again.ctx.reads() as s:
            assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrate.head_revision()


def test_several_people_open_a_server_case_at_once(tmp_path: Path, pg_url: str) -> None:
    with create_case(tmp_path / "Desk", "Desk", database=pg_url) as first, open_case(first.path) as second:
        assert not first.read_only and not second.read_only
        assert first.lock is None and second.lock is None
        lock = CaseLock(first.path)  # nobody holds the case lock: a local tool could still take it
        lock.acquire()
        lock.release()
        first.notes.create("From the first desk")
        second.notes.create("From the second desk")
        assert sorted(n.text for n in first.notes.list()) == ["From the first desk", "From the second desk"]
        with first.ctx.reads() as s, s.begin():  # named in pg_stat_activity, and no statement hangs forever
            assert s.execute(text("SHOW application_name")).scalar() == "casefile"
            assert s.execute(text("SHOW statement_timeout")).scalar() == "2min"
            assert s.execute(text("SHOW transaction_read_only")).scalar() == "off"


def test_read_only_open_maps_to_read_only_transactions(tmp_path: Path, pg_url: str) -> None:
    with create_case(tmp_path / "Desk", "Desk", database=pg_url) as case:
        path = case.path
    with open_case(path, read_only=True) as ro:
        assert ro.case.info().title == "Desk"
        with pytest.raises(ReadOnlyCaseError):
            ro.case.update("Changed", "")
        # even SQL that bypasses the services cannot write
        with pytest.raises(CaseStorageError) as err, ro.ctx.writes() as s, s.begin():
            s.execute(text("UPDATE case_meta SET title = 'changed'"))
        assert err.value.kind == "read-only"
    with open_case(path) as rw:
        assert rw.case.info().title == "Desk"


def test_a_database_holding_another_case_is_refused(tmp_path: Path, pg_url: str) -> None:
    with create_case(tmp_path / "First", "First case", database=pg_url):
        pass
    with pytest.raises(CaseExistsError, match="already holds the case 'First case'"):
        create_case(tmp_path / "Second", "Second", database=pg_url)
    assert not (tmp_path / "Second.casefile").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".Second")]


def test_a_database_with_other_tables_is_refused(tmp_path: Path, pg_url: str) -> None:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE payroll (id int)")
    with pytest.raises(CaseExistsError, match="other tables"):
        create_case(tmp_path / "Desk", "Desk", database=pg_url)


def test_url_with_a_password_is_refused_and_never_written(tmp_path: Path, pg_url: str) -> None:
    with_password = pg_url.replace("://", "://", 1).replace("@", ":s3cret-pw@", 1)
    with pytest.raises(ServerSettingsError, match="password"):
        create_case(tmp_path / "Desk", "Desk", database=with_password)
    assert not (tmp_path / "Desk.casefile").exists()
    assert "s3cret-pw" not in "".join(p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file())


@pytest.mark.parametrize("url", ["sqlite:///case.db", "mysql://u@h/db", "postgresql://h/db", "postgresql://u@/db",
                                 "not a url", "postgresql://u@h/db?sslmode=require&evil=1"])
def test_bad_urls_are_refused_with_the_expected_form(url: str) -> None:
    with pytest.raises(ServerSettingsError):
        parse_database_url(url)


def test_good_url_forms() -> None:
    assert parse_database_url("postgresql://anna@db.example:5433/cases").drivername == "postgresql+psycopg"
    assert parse_database_url("postgresql+psycopg://anna@db.example/cases").port is None


def test_settings_file_with_a_password_is_read_without_it(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_NAME).write_text(json.dumps({"format": 1, "database": "postgresql://a:pw@h:1/d"}))
    assert read_settings(tmp_path).url == "postgresql://a@h:1/d"


def test_server_errors_are_one_sentence(tmp_path: Path, pg_url: str) -> None:
    from tests.backends import database_url

    missing = database_url(pg_url, "cf_no_such_database_here")
    with pytest.raises(CaseStorageError) as err:
        create_case(tmp_path / "Desk", "Desk", database=missing)
    assert err.value.kind == "missing" and "does not exist" in str(err.value)
    unreachable = "postgresql://nobody@127.0.0.1:1/cases"
    with pytest.raises(CaseStorageError) as err:
        create_case(tmp_path / "Desk2", "Desk", database=unreachable)
    assert err.value.kind == "unreachable"
    assert not list(tmp_path.glob("Desk*"))


def test_a_database_without_a_case_is_not_opened(tmp_path: Path, pg_url: str) -> None:
    folder = tmp_path / "Empty.casefile"
    folder.mkdir()
    (folder / SETTINGS_NAME).write_text(json.dumps({"format": 1, "database": pg_url}))
    with pytest.raises(CaseNotFoundError, match="holds no CaseFile case"):
        open_case(folder)
