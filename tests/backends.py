"""Running a test on both backends: a local SQLite case and a team case on PostgreSQL.

PostgreSQL comes from `CASEFILE_TEST_PG`, a URL of a server where the tests may create databases (the superuser
of a throwaway cluster: tools/pg_cluster.sh). Each test gets a database `cf_<random>` of its own, dropped after
it. Without `CASEFILE_TEST_PG` the PostgreSQL runs are skipped, saying so, unless `CASEFILE_REQUIRE_PG=1` (CI):
then they fail.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from casefile.context import Case, create_case

BACKENDS = ("sqlite", "postgresql")
PG_ENV = "CASEFILE_TEST_PG"
REQUIRE_ENV = "CASEFILE_REQUIRE_PG"


def server_url() -> str:
    """The test server's URL, or skip (fail when CI requires PostgreSQL)."""
    url = os.environ.get(PG_ENV, "").strip()
    if url:
        return url
    reason = f"PostgreSQL tests need {PG_ENV}=postgresql://USER@HOST:PORT/DB (a server where they may create databases)"
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{REQUIRE_ENV}=1 but {PG_ENV} is not set: {reason}")
    pytest.skip(reason)


def _admin(url: str):  # noqa: ANN202 - a psycopg connection
    import psycopg

    from casefile.db.server import display_url, parse_database_url

    return psycopg.connect(display_url(parse_database_url(url)), autocommit=True, connect_timeout=10)


def database_url(base: str, name: str) -> str:
    """`base` pointing at database `name` instead."""
    from casefile.db.server import display_url, parse_database_url

    return display_url(parse_database_url(base).set(database=name))


@contextmanager
def throwaway_database(prefix: str = "cf_") -> Iterator[str]:
    """A new empty database on the test server, dropped afterwards (its connections ended first); its URL."""
    base = server_url()
    name = f"{prefix}{secrets.token_hex(6)}"
    with _admin(base) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(base, name)
    finally:
        with _admin(base) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def new_case(tmp_path: Path, backend: str, title: str = "Okafor v. Halvorsen Media Group",
             database: str | None = None) -> Case:
    """A fresh case on `backend` in `tmp_path/Test.casefile`; a PostgreSQL case needs `database` (see the
    `pg_database` fixture)."""
    if backend == "sqlite":
        return create_case(tmp_path / "Test", title)
    assert backend == "postgresql" and database is not None, "a PostgreSQL case needs its throwaway database"
    return create_case(tmp_path / "Test", title, database=database)


@contextmanager
def password_role(password: str) -> Iterator[str]:
    """A login role with `password` owning a new empty database, on a server that checks passwords; its URL
    (without the password). Skips (fails under CI) when the test server lets the role in without one."""
    import psycopg

    base = server_url()
    role = f"cf_role_{secrets.token_hex(5)}"
    name = f"cf_{secrets.token_hex(6)}"
    with _admin(base) as conn:
        conn.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'")
        conn.execute(f'CREATE DATABASE "{name}" OWNER "{role}"')
    url = database_url(base, name).replace(_user_part(base), f"{role}@", 1)
    try:
        try:
            with psycopg.connect(url, connect_timeout=10, password="not-" + password):
                checks = False
        except psycopg.OperationalError:
            checks = True
        if not checks:
            reason = "the test server lets roles in without their password (trust); tools/pg_cluster.sh asks"
            if os.environ.get(REQUIRE_ENV) == "1":
                pytest.fail(reason)
            pytest.skip(reason)
        yield url
    finally:
        with _admin(base) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def _user_part(url: str) -> str:
    from casefile.db.server import parse_database_url

    return f"{parse_database_url(url).username}@"
