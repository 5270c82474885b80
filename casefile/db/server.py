"""A team case's link to its PostgreSQL database: the settings file in the case folder and its URL.

A server case is a folder holding `evidence/` and `casefile-server.json` (no `case.db`). The file names the
database with a URL that never carries a password: libpq finds one in `~/.pgpass`, `PGPASSFILE` or `PGPASSWORD`
itself, or the app asks the user and keeps the answer in memory only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from casefile.domain.errors import CaseFileError
from casefile.domain.printable import printable
from casefile.domain.urls import mask_url_password
from casefile.storage.atomic import fsync_dir

SETTINGS_NAME = "casefile-server.json"
FORMAT_VERSION = 1
DRIVER = "postgresql+psycopg"
URL_FORM = "postgresql://USER@HOST[:PORT]/DATABASE"

# (URL shown to the user, why it is asked: "" the first time, else the server's refusal) -> password or None
PasswordPrompt = Callable[[str, str], "str | None"]


class ServerSettingsError(CaseFileError):
    """The settings file or a database URL is unusable; the message says why and what to type."""


@dataclass(frozen=True)
class ServerSettings:
    """What `casefile-server.json` holds: the database URL (no password) and the case title, as a hint."""

    url: str
    title: str = ""

    @property
    def sqlalchemy_url(self) -> URL:
        return parse_database_url(self.url)


def parse_database_url(text: str) -> URL:
    """`postgresql://USER@HOST[:PORT]/DB` as the psycopg URL SQLAlchemy connects with; refuses a password.

    A password in the URL would end up in the settings file, shell history and logs: the message says where
    it belongs instead.
    """
    url = _parse(text)
    if url.password is not None:
        raise ServerSettingsError(
            "Leave the password out of the database URL (it would be saved in the case folder): put it in "
            "~/.pgpass, or CaseFile asks for it when it connects.")
    return url


def strip_password(text: str) -> tuple[str, str | None]:
    """(the URL without its password, the password or None): for callers that may use one once, in memory."""
    url = _parse(text)
    return display_url(url), url.password


def display_url(url: URL) -> str:
    """The URL as the user writes it and the settings file keeps it: `postgresql://user@host:port/db`."""
    clean = URL.create("postgresql", username=url.username, host=url.host, port=url.port, database=url.database,
                       query=url.query)  # every part but the password (`URL.set` cannot unset one)
    return clean.render_as_string(hide_password=False)


def _parse(text: str) -> URL:
    raw = (text or "").strip()
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError):
        shown = printable(mask_url_password(raw))  # a password typed into a mistyped URL is never echoed
        raise ServerSettingsError(f"'{shown}' is not a database URL; write it as {URL_FORM}.") from None
    if url.get_backend_name() != "postgresql":
        raise ServerSettingsError(f"Only PostgreSQL servers hold team cases; write the URL as {URL_FORM}.")
    if url.get_driver_name() not in ("psycopg", "postgresql") and "+" in url.drivername:
        raise ServerSettingsError(f"CaseFile connects with psycopg; write the URL as {URL_FORM} (no driver name).")
    if not url.host or not url.database or not url.username:
        raise ServerSettingsError(f"The database URL needs a user, a server and a database: {URL_FORM}.")
    unknown = set(url.query) - {"sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "options"}
    if unknown:
        raise ServerSettingsError(
            f"The database URL has settings CaseFile does not pass on ({printable(', '.join(sorted(unknown)))}).")
    return url.set(drivername=DRIVER)


def settings_path(case_dir: Path) -> Path:
    return case_dir / SETTINGS_NAME


def has_settings(case_dir: Path) -> bool:
    try:
        return settings_path(case_dir).is_file()
    except OSError:
        return False


def read_settings(case_dir: Path) -> ServerSettings:
    """The case folder's server settings; a password found in the file is ignored (and never used)."""
    path = settings_path(case_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ServerSettingsError(f"The server settings of '{printable(str(case_dir))}' cannot be read "
                                  f"({printable(exc.strerror or str(exc))}).") from None
    except ValueError:
        raise ServerSettingsError(f"The server settings file {SETTINGS_NAME} in '{printable(str(case_dir))}' is "
                                  "damaged (not JSON); write it again with the database URL.") from None
    if not isinstance(data, dict) or not isinstance(data.get("database"), str):
        raise ServerSettingsError(f"{SETTINGS_NAME} in '{printable(str(case_dir))}' names no database.")
    version = data.get("format", FORMAT_VERSION)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ServerSettingsError(f"{SETTINGS_NAME} was written by a newer CaseFile; update CaseFile to open it.")
    url, _password = strip_password(data["database"])
    title = data.get("title")
    title = title if isinstance(title, str) else ""
    return ServerSettings(url=url, title=title)


def write_settings(case_dir: Path, settings: ServerSettings) -> Path:
    """Write the settings file whole (temporary name, sync, rename); the URL is written without a password."""
    url, _password = strip_password(settings.url)
    body = json.dumps({"format": FORMAT_VERSION, "database": url, "title": settings.title}, ensure_ascii=False,
                      indent=2) + "\n"
    path = settings_path(case_dir)
    tmp = path.with_name(f".{SETTINGS_NAME}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(body)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(case_dir)
    return path
