"""Moving a SQLite case to a PostgreSQL server, whole or not at all.

Order of work, each step undone by a failure or Ctrl+C before the point of no return:
1. the caller opens the case for writing (its lock keeps every other writer out for the whole move; an older
   schema is upgraded first, after its usual backup); every page of `case.db` is read;
2. re-hash every original against its recorded SHA-256: a missing or altered one stops the move, named;
3. refuse a server database that holds anything at all;
4. in ONE server transaction: build the schema with the migrations, copy every table, set the sequences,
   compare row counts and checksums;
5. commit; then the server settings file is written (whole, or not at all) and `case.db` renamed
   `case.db.moved-<date>`. A move killed after its commit left the database holding an exact copy of the case
   (and perhaps the settings file beside `case.db`, which still wins): running it again finds that copy
   identical, row for row, and only finishes the switch.
A failure after the commit (the folder cannot be written, a second Ctrl+C) drops what was committed on the
server, removes the settings file and puts `case.db` back, so the SQLite case stays exactly as it was and the
database is empty again.

`case.db` is kept aside rather than deleted: the person moving may have no backup but this one, and the moved
case is only trusted once they have worked in it. It no longer opens as the case (its name is not `case.db`),
so nobody edits a stale copy by mistake; it may be deleted once the server case is checked.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select, text

from casefile.db import server
from casefile.db.copy import (
    CopyCancelled,
    CopyError,
    CopyReport,
    TableCopy,
    consistent_reader,
    copy_tables,
    create_schema,
    table_checksums,
)
from casefile.db.engine import make_server_engine
from casefile.db.models import Evidence
from casefile.db.server import ServerSettings
from casefile.domain.enums import VerifyState
from casefile.domain.errors import CaseFileError
from casefile.domain.printable import printable
from casefile.domain.progress import Progress, ProgressFn, Stage
from casefile.services.open_case import OpenCase
from casefile.storage.atomic import fsync_dir

MOVED_PREFIX = "case.db.moved-"
DB_FILE = "case.db"  # a local case's database, as casefile.context names it
log = logging.getLogger("casefile.move")


class MoveError(CaseFileError):
    """The case could not be moved; it is exactly as it was and the server database holds nothing of it."""


class MoveCancelled(MoveError):
    pass


@dataclass(frozen=True)
class MoveResult:
    case_dir: Path
    database: str  # the URL, without a password
    originals: int
    report: CopyReport
    kept: Path  # the SQLite database, renamed aside

    def lines(self) -> list[str]:
        out = [f"moved {self.case_dir} to {self.database}",
               f"{self.originals} originals re-hashed, {self.report.rows} rows in {len(self.report.tables)} "
               "tables copied and checked (row counts and checksums)",
               f"the SQLite database is kept as {self.kept.name}; delete it once you have checked the server case"]
        if self.report.nul_replaced:
            out.append(f"{self.report.nul_replaced} texts held NUL characters, which PostgreSQL cannot store; "
                       "each was replaced by U+FFFD (one for one, so cited passages still line up)")
        return out




def move_to_server(case: OpenCase, url: str, *, progress: ProgressFn | None = None,
                   cancelled: Callable[[], bool] | None = None, password: str | None = None) -> MoveResult:
    """Move `case` (a `casefile.context.Case` open for writing: its lock keeps every other writer out for the
    whole move) into the empty PostgreSQL database at `url`; see the module's notes. The caller closes `case`
    afterwards; its engine is already disposed when the move succeeded."""
    folder = case.path
    if case.ctx.backend != "sqlite":
        raise MoveError(f"'{printable(str(folder))}' is already a case on a server.")
    if case.read_only:
        raise MoveError("A case open read-only cannot be moved; close it elsewhere and try again.")
    sa_url = server.parse_database_url(url)
    shown = server.display_url(sa_url)
    stop = cancelled or (lambda: False)
    case.evidence.check_database()
    target = make_server_engine(sa_url, password=password)
    try:
        with target.connect():  # a wrong password or an unreachable server is said before any re-hashing
            pass
        originals = _check_originals(case, progress, stop)
        title = case.case.info().title
        report = _finished_copy(case.ctx.engine, target)  # a move killed after its commit
        if report is None:
            check_empty(target, shown)
            report = _copy(case.ctx.engine, target, progress, stop)
        kept = _switch(case, folder / DB_FILE, ServerSettings(shown, title), target)
        _record(target, folder, kept, originals, report)
    finally:
        target.dispose()
    return MoveResult(folder, shown, originals, report, kept)


def check_url(url: str) -> str:
    """The URL as it will be saved (no password), or a `CaseFileError` saying what to type: before anything is
    closed or read."""
    return server.display_url(server.parse_database_url(url))


def on_server(folder: Path) -> bool:
    """Whether the case folder is already a server case (its settings file, and no case.db that would win)."""
    return server.has_settings(folder) and not (folder / DB_FILE).exists()


def _check_originals(case: OpenCase, progress: ProgressFn | None, stop: Callable[[], bool]) -> int:
    with case.ctx.reads() as s:
        items = s.execute(select(Evidence.exhibit, Evidence.filename, Evidence.sha256, Evidence.size)
                          .where(Evidence.sha256.is_not(None)).order_by(Evidence.exhibit)).all()
    for i, (exhibit, filename, sha, size) in enumerate(items):
        if stop():
            raise MoveCancelled("Stopped while checking the originals; nothing was moved.")
        if progress is not None:
            progress(Progress(Stage.ORIGINALS, i + 1, len(items), filename))
        state, detail = case.ctx.store.check(sha or "", size)  # the query keeps only rows with a hash
        if state is not VerifyState.OK:
            raise MoveError(f"Ex. {exhibit} ({printable(filename)}): {detail}; nothing was moved. Import the "
                            "genuine file again (or run 'casefile verify') before moving the case.")
    if progress is not None:
        progress(Progress(Stage.ORIGINALS, len(items), len(items)))
    return len(items)


def check_empty(engine: Engine, shown: str) -> None:
    """A move writes only into a database that holds nothing: no table, view, sequence, function or type."""
    with engine.connect() as conn:
        found = conn.execute(text(
            "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
            "AND n.nspname NOT LIKE 'pg_temp_%' AND (c.relname = 'alembic_version' OR NOT EXISTS "
            "(SELECT 1 FROM pg_class a WHERE a.relname = 'alembic_version' AND a.relnamespace = n.oid)) "
            "UNION ALL SELECT n.nspname || '.' || p.proname || '()' FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') "
            "LIMIT 1")).scalar()
    if found == "public.alembic_version":
        raise MoveError(f"The database {printable(shown)} already holds a CaseFile case that is not an exact copy "
                        "of this one (another case, or a move that did not finish before more changes were made "
                        "here); a case moves only into a new, empty database. Nothing was moved.")
    if found is not None:
        raise MoveError(f"The database {printable(shown)} is not empty (it holds {printable(found)}); a "
                        "case moves only into a new, empty database. Nothing was moved.")


def _finished_copy(source: Engine, target: Engine) -> CopyReport | None:
    """The copy a move of this very case committed before it was killed (the folder was not switched yet), or
    None. Only an exact copy counts: the schema at this version and every table's rows and checksum equal."""
    from casefile.db.migrate import current_revision, head_revision

    with target.connect() as conn:
        if conn.scalar(text("SELECT to_regclass('alembic_version')")) is None:
            return None
    if current_revision(target) != head_revision():
        return None
    with consistent_reader(source) as src, consistent_reader(target) as dst:
        mine, theirs = table_checksums(src), table_checksums(dst)
    if mine != theirs:
        return None
    return CopyReport([TableCopy(name, rows, digest) for name, (rows, digest) in mine.items()])


def _copy(source: Engine, target: Engine, progress: ProgressFn | None, stop: Callable[[], bool]) -> CopyReport:
    """Schema, rows and their check in one server transaction, committed only when all of it matched."""

    def on_rows(done: int, total: int, table: str) -> None:
        if progress is not None:
            progress(Progress(Stage.COPY if table else Stage.CHECK, done, total, table))

    with consistent_reader(source) as src, target.connect() as dst, dst.begin():
        create_schema(dst)
        try:
            report = copy_tables(src, dst, progress=on_rows, cancelled=stop)
        except CopyCancelled:
            raise MoveCancelled("Stopped; nothing was moved.") from None
        except CopyError as exc:
            raise MoveError(f"{exc} The case was not moved.") from None
        if stop():
            raise MoveCancelled("Stopped; nothing was moved.")
    return report


def _switch(case: OpenCase, db: Path, settings: ServerSettings, target: Engine) -> Path:
    """Point of no return: the folder becomes a server case. Undone (server emptied, `case.db` back) on failure."""
    kept = db.with_name(MOVED_PREFIX + datetime.now().strftime("%Y%m%d-%H%M%S"))
    renamed: list[tuple[Path, Path]] = []
    written: Path | None = None
    try:
        raw = case.ctx.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every committed page in case.db itself
            cur.close()
        finally:
            raw.close()
        case.ctx.engine.dispose()
        written = server.write_settings(db.parent, settings)
        for suffix in ("", "-wal"):
            src = db.with_name(db.name + suffix)
            if src.exists():
                dest = kept.with_name(kept.name + suffix)
                os.replace(src, dest)
                renamed.append((dest, src))
        fsync_dir(db.parent)
    except BaseException:
        for dest, src in reversed(renamed):
            os.replace(dest, src)
        if written is not None:
            written.unlink(missing_ok=True)
        drop_schema(target)
        raise
    return kept


def _record(target: Engine, folder: Path, kept: Path, originals: int, report: CopyReport) -> None:
    """The move in the case's own audit log (chain of custody): from where, what was checked. The case has moved
    whatever happens here, so a failure to record it is logged, not raised."""
    from sqlalchemy.orm import Session

    from casefile.services.base import audit

    try:
        with Session(target) as s, s.begin():
            audit(s, "move", "case", None, f"Moved from the SQLite database in '{folder}' to this server",
                  after={"kept_as": kept.name, "originals_rehashed": originals, "rows": report.rows,
                         "tables": {t.name: {"rows": t.rows, "sha256": t.checksum} for t in report.tables}})
    except Exception:  # noqa: BLE001 - see the docstring
        log.exception("the move of %s was not recorded in its audit log", folder)


def drop_schema(engine: Engine) -> None:
    """Empty a database this move filled (it was empty before): the migrations' downgrade, then Alembic's table."""
    from alembic import command

    from casefile.db.migrate import _config

    with engine.begin() as conn:
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))



__all__ = ["MOVED_PREFIX", "MoveCancelled", "MoveError", "MoveResult", "check_empty", "check_url",
           "drop_schema", "move_to_server", "on_server"]
