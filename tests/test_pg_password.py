"""A team case's database password: from libpq (~/.pgpass, PGPASSFILE), else asked, and never written anywhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casefile.context import create_case, open_case
from casefile.domain.errors import CaseStorageError
from tests.backends import password_role

SECRET = "Tr0ub4dor-desk-7"


@pytest.fixture
def no_libpq_password(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """libpq finds no password: no PGPASSWORD, and a password file that does not exist."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


def _files_hold(root: Path, secret: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_the_password_is_asked_when_libpq_has_none_and_never_saved(tmp_path: Path, no_libpq_password: None) -> None:
    asked: list[tuple[str, str]] = []

    def prompt(url: str, reason: str) -> str | None:
        asked.append((url, reason))
        return SECRET

    with password_role(SECRET) as url:
        with create_case(tmp_path / "Desk", "Desk", database=url, password=prompt) as case:
            case.notes.create("written with the asked password")
            path = case.path
        assert asked and asked[0] == (url, "")
        asked.clear()
        with open_case(path, password=prompt) as again:
            assert [n.text for n in again.notes.list()] == ["written with the asked password"]
        assert len(asked) == 1
        assert _files_hold(tmp_path, SECRET) == []
        settings_home = Path(os.environ["CASEFILE_SETTINGS_DIR"])
        assert _files_hold(settings_home, SECRET) == []


def test_a_wrong_password_is_asked_again_then_refused_in_one_sentence(tmp_path: Path,
                                                                      no_libpq_password: None) -> None:
    reasons: list[str] = []

    def wrong(url: str, reason: str) -> str | None:
        reasons.append(reason)
        return "not-the-password"

    with password_role(SECRET) as url:
        with pytest.raises(CaseStorageError) as err:
            create_case(tmp_path / "Desk", "Desk", database=url, password=wrong)
        assert err.value.kind == "auth" and "~/.pgpass" in str(err.value)
        assert len(reasons) == 3 and reasons[0] == "" and "refused the login" in reasons[1]
        assert not list(tmp_path.glob("Desk*"))


def test_cancelling_the_prompt_gives_the_servers_sentence(tmp_path: Path, no_libpq_password: None) -> None:
    with password_role(SECRET) as url:
        with pytest.raises(CaseStorageError, match="set a password in ~/.pgpass or enter it"):
            create_case(tmp_path / "Desk", "Desk", database=url, password=lambda _u, _r: None)
        with pytest.raises(CaseStorageError, match="password"):  # no prompt at all: libpq's sentence
            create_case(tmp_path / "Desk", "Desk", database=url)


def test_pgpass_is_used_without_asking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    with password_role(SECRET) as url:
        from casefile.db.server import parse_database_url

        u = parse_database_url(url)
        pgpass = tmp_path / "pgpass"
        pgpass.write_text(f"{u.host}:{u.port}:{u.database}:{u.username}:{SECRET}\n")
        pgpass.chmod(0o600)
        monkeypatch.setenv("PGPASSFILE", str(pgpass))

        def never(url: str, reason: str) -> str | None:
            raise AssertionError("asked although ~/.pgpass has the password")

        with create_case(tmp_path / "Desk", "Desk", database=url, password=never) as case:
            assert case.case.info().title == "Desk"
