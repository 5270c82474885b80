"""Creating and upgrading a case database with the Alembic migrations shipped in the package."""

from __future__ import annotations

import logging
import os
import threading
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from casefile.domain.errors import ForeignDatabaseError, SchemaTooNewError
from casefile.domain.printable import printable

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
TOO_NEW = "This case was saved by a newer version of CaseFile; update CaseFile to open it."
# tables every CaseFile schema has had since the first: a database with none of them is another program's
CASEFILE_TABLES = frozenset({"evidence", "event", "party", "note"})
# Alembic's `context` and `op` are process-wide proxies: two upgrades at once (the window opens cases in workers)
# would tear each other's down, so one runs at a time
_ALEMBIC = threading.Lock()


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
        return _revision_on(conn)


def _revision_on(conn: Connection) -> str | None:
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

        _refuse_foreign(engine, db_path)
        raise DamagedCaseError(damaged_message(db_path or Path("case.db"), "it holds no CaseFile data"))
    if current is not None and not _known(script, current):
        _refuse_foreign(engine, db_path)
        raise SchemaTooNewError(TOO_NEW)
    log.info("migrating the case database from %s to %s (%s)", current or "nothing", head, engine.dialect.name)
    if engine.dialect.name == "postgresql":
        _upgrade_server(engine, cfg)
        return None
    backup: Path | None = None
    if current is not None and db_path is not None and db_path.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = db_path.with_name(f"case.db.backup-{current}-{stamp}")
        snapshot(engine, backup)
        log.info("backup before migrating: %s", backup.name)
    with _ALEMBIC, engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("case database migrated to %s", head)
    return backup


# any constant: every CaseFile upgrading a team case's database takes this lock first
_MIGRATION_LOCK = 0x43617365  # "Case"


def _upgrade_server(engine: Engine, cfg: Config) -> None:
    """Upgrade a team case's database in one transaction (PostgreSQL's DDL is transactional).

    No file copy is made: the server's backup is `pg_dump`. Several people may open the case at the same moment,
    so the upgrade holds an advisory lock and looks at the revision again once it has it.
    """
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        current = _revision_on(conn)
        if current == head_revision():
            return
        if current is not None:
            log.info("Upgrading the team case's database from schema %s to %s; no copy is made here: a pg_dump of "
                     "the database (beside the originals folder) is its backup.", current, head_revision())
        cfg.attributes["connection"] = conn
        with _ALEMBIC:
            command.upgrade(cfg, "head")


__all__ = ["current_revision", "head_revision", "snapshot", "upgrade"]


def snapshot(engine: Engine, dest: Path) -> None:
    """Write a consistent copy of a SQLite case database to `dest` (VACUUM INTO), synced to disk.

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

        _refuse_foreign(engine, db_path)
        raise DamagedCaseError(damaged_message(db_path or Path("case.db"), "it holds no CaseFile data"))
    if current != head_revision():
        script = ScriptDirectory.from_config(_config())
        if current is not None and not _known(script, current):
            _refuse_foreign(engine, db_path)
            raise SchemaTooNewError(TOO_NEW)
        raise SchemaTooNewError("This case needs an upgrade; open it once for writing to upgrade it.")


def _refuse_foreign(engine: Engine, db_path: Path | None) -> None:
    """`ForeignDatabaseError` when the database has tables but none of CaseFile's: another program's (an
    Alembic revision CaseFile does not know is then theirs, not a newer CaseFile's)."""
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names()) - {"alembic_version"}
    if not tables or tables & CASEFILE_TABLES:
        return
    if db_path is not None:
        raise ForeignDatabaseError(f"'{printable(str(db_path.parent))}' is not a CaseFile case: its database "
                                   "belongs to another program.")
    raise ForeignDatabaseError("The database named in this case folder is not a CaseFile case: it belongs to "
                               "another program.")


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises for revisions it has never heard of
        return False
