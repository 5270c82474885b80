"""Creating and upgrading a case database with the Alembic migrations shipped in the package."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from casefile.domain.errors import SchemaTooNewError

MIGRATIONS = Path(__file__).with_name("migrations")
TOO_NEW = "This case was saved by a newer version of CaseFile; update CaseFile to open it."


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, db_path: Path | None = None, *, creating: bool = True) -> Path | None:
    """Bring the schema to head. Backs up `case.db` first when an existing case is upgraded.

    Returns the backup's path, if one was written. A case from a newer CaseFile is refused; an existing case
    whose database holds no schema at all is damage, never a reason to build an empty case in its place.
    """
    cfg = _config()
    script = ScriptDirectory.from_config(cfg)
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    if current is None and not creating:
        from casefile.db.engine import DamagedCaseError, damaged_message

        raise DamagedCaseError(damaged_message(db_path or Path("case.db"), "it holds no CaseFile data"))
    if current is not None and not _known(script, current):
        raise SchemaTooNewError(TOO_NEW)
    backup: Path | None = None
    if current is not None and db_path is not None and db_path.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = db_path.with_name(f"case.db.backup-{current}-{stamp}")
        snapshot(engine, backup)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup


__all__ = ["current_revision", "head_revision", "snapshot", "upgrade"]


def snapshot(engine: Engine, dest: Path) -> None:
    """Write a consistent copy of the database to `dest` (VACUUM INTO), synced to disk.

    Runs on a raw connection: VACUUM cannot run inside the transaction SQLAlchemy would begin. Works on a
    read-only engine too, and while other connections write (it copies one snapshot).
    """
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("VACUUM INTO ?", (str(dest),))
        cur.close()
    finally:
        raw.close()
    with open(dest, "rb") as fh:
        os.fsync(fh.fileno())


def check_readable(engine: Engine, db_path: Path | None = None) -> None:
    """A read-only open cannot upgrade: the schema must already be this version's."""
    current = current_revision(engine)
    if current is None:
        from casefile.db.engine import DamagedCaseError, damaged_message

        raise DamagedCaseError(damaged_message(db_path or Path("case.db"), "it holds no CaseFile data"))
    if current != head_revision():
        script = ScriptDirectory.from_config(_config())
        if current is not None and not _known(script, current):
            raise SchemaTooNewError(TOO_NEW)
        raise SchemaTooNewError("This case needs an upgrade; open it once for writing to upgrade it.")


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises for revisions it has never heard of
        return False
