"""Salvaging a damaged case: what SQLite can still read goes into a new case, and every original is re-attached.

A server case has nothing here to salvage: its database is the server's (restored from a `pg_dump`), and its
originals are checked by `verify`; `recover` says so instead of building anything.

The damaged case is only read (never repaired in place: it is the evidence of what happened). Each table is
copied row by row in rowid order; a row SQLite cannot read is skipped and counted, and reading resumes past it.
Every original found in the old `evidence/` is hashed into the new case; one that no salvaged exhibit refers to
becomes a new exhibit, named as the audit log knew it when it can be read.
"""

from __future__ import annotations

import mimetypes
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casefile.db.engine import sqlite_uri
from casefile.db.server import has_settings
from casefile.domain.errors import CaseFileError, CaseNotFoundError
from casefile.domain.printable import printable
from casefile.storage.store import EvidenceStore, _is_sha

BATCH = 500
SERVER_CASE = (
    "recover salvages a damaged SQLite case.db; this is a case on a PostgreSQL server, whose database the server "
    "keeps and checks itself. Restore the server's last backup (pg_restore of a pg_dump) if it was lost; "
    "'casefile verify' re-hashes the originals in this folder, and 'casefile archive' writes a local copy of "
    "the whole case.")
MAX_SKIP = 1 << 40  # rowids are at most this sparse around a damaged page before a table is given up


@dataclass
class RecoverReport:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    lost_rows: int = 0
    unreadable_tables: list[str] = field(default_factory=list)
    originals: int = 0
    reattached: int = 0
    altered: list[str] = field(default_factory=list)  # originals whose bytes no longer match their name
    missing: int = 0  # salvaged exhibits whose original was not found
    database_unreadable: bool = False  # nothing of case.db could be read: only the originals were saved

    def lines(self) -> list[str]:
        out = [f"recovered into {self.path}"]
        if self.database_unreadable:
            out.append("the old case.db could not be read at all: events, parties and notes are lost")
        out.append(f"{sum(self.rows.values())} rows salvaged; {self.lost_rows} unreadable rows or stretches skipped")
        for table in self.unreadable_tables:
            out.append(f"table {table}: could not be read at all")
        out.append(f"{self.originals} originals copied, {self.reattached} of them re-attached as new exhibits")
        for sha in self.altered:
            out.append(f"evidence/{sha[:2]}/{sha}: no longer matches its SHA-256; kept out of the new case")
        if self.missing:
            out.append(f"{self.missing} exhibits have no original in the old case (verify lists them)")
        return out


def recover_case(case_dir: Path | str, new_dir: Path | str) -> RecoverReport:
    """Build a new case at `new_dir` from what can be read of the case at `case_dir`."""
    from casefile.context import DB_NAME, EVIDENCE_DIR, create_case

    old = Path(case_dir).expanduser()
    if has_settings(old):
        raise CaseFileError(SERVER_CASE)
    old_db = old / DB_NAME
    old_store = EvidenceStore(old / EVIDENCE_DIR)
    if not old_db.exists() and not old_store.root.is_dir():
        raise CaseNotFoundError(f"No case at '{printable(str(old))}' (neither case.db nor evidence/).")
    conn = _open_damaged(old_db)
    try:
        title = _title(conn) or old.stem
        new = create_case(new_dir, title)
        report = RecoverReport(new.path, database_unreadable=conn is None)
        _copy_rows(conn, new, report)
        names = _audit_names(conn)
        new_store = new.ctx.store
        try:
            for sha in sorted(old_store.stored()):
                src = old_store.path_for(sha)
                state, _detail = old_store.check(sha)
                if state.value != "ok":
                    report.altered.append(sha)
                    continue
                new_store.put_file(src)
                report.originals += 1
            report.reattached = _reattach(new, names)
            report.missing = _missing(new)
        finally:
            new.close()
    finally:
        if conn is not None:
            conn.close()
    return report


def _open_damaged(db: Path) -> sqlite3.Connection | None:
    """A read-only connection to whatever is left of `db`, or None when nothing of it can be read."""
    if not db.is_file() or db.stat().st_size == 0:
        return None
    for mode in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(sqlite_uri(db, mode), uri=True)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error:
            continue
    return None


def _title(conn: sqlite3.Connection | None) -> str:
    if conn is None:
        return ""
    try:
        row = conn.execute("SELECT title FROM case_meta ORDER BY id LIMIT 1").fetchone()
    except sqlite3.Error:
        return ""
    return str(row[0]) if row and row[0] else ""


def _copy_rows(conn: sqlite3.Connection | None, new: Any, report: RecoverReport) -> None:
    from casefile.db.base import Base

    if conn is None:
        return
    try:
        conn.execute("SELECT 1 FROM case_meta LIMIT 1").fetchall()
    except sqlite3.Error:
        report.database_unreadable = True
    raw = new.ctx.engine.raw_connection()
    try:
        dst = raw.driver_connection
        dst.execute("PRAGMA foreign_keys = OFF")
        dst.execute("BEGIN IMMEDIATE")
        dst.execute("DELETE FROM case_meta")
        for table in Base.metadata.sorted_tables:
            name = table.name
            if name == "alembic_version":
                continue
            cols = _common_columns(conn, name, [c.name for c in table.columns])
            if not cols:
                report.unreadable_tables.append(name)
                continue
            copied, lost = _copy_table(conn, dst, name, cols)
            report.rows[name] = copied
            report.lost_rows += lost
        # rows whose parent was lost would break the case: drop them (they are counted as lost)
        for _ in range(10):
            bad = dst.execute("PRAGMA foreign_key_check").fetchall()
            if not bad:
                break
            for table, rowid, _parent, _fk in bad:
                if rowid is not None:
                    dst.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
                    report.lost_rows += 1
        if dst.execute("SELECT count(*) FROM case_meta").fetchone()[0] == 0:
            dst.execute("INSERT INTO case_meta (title, description, app_version, created_at) VALUES "
                        "(?, '', '', CURRENT_TIMESTAMP)", (new.path.stem,))
        dst.execute("COMMIT")
        dst.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        try:
            raw.driver_connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        raise
    finally:
        raw.close()


def _common_columns(conn: sqlite3.Connection, table: str, wanted: list[str]) -> list[str]:
    try:
        have = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
    except sqlite3.Error:
        return []
    return [c for c in wanted if c in have]


def _copy_table(src: sqlite3.Connection, dst: sqlite3.Connection, table: str, cols: list[str]) -> tuple[int, int]:
    """Copy rows in rowid order; past an unreadable stretch, probe ever further ahead. Returns (copied, lost)."""
    col_sql = ", ".join(f'"{c}"' for c in cols)
    insert = f'INSERT OR IGNORE INTO "{table}" ({col_sql}) VALUES ({", ".join("?" * len(cols))})'
    copied = lost = 0
    last = -(1 << 62)
    skip = 1
    limit = BATCH
    while True:
        try:
            rows = src.execute(f'SELECT rowid, {col_sql} FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT ?',
                               (last, limit)).fetchall()
        except sqlite3.Error:
            rows = None
        if rows is None:
            if limit > 1:  # a damaged page inside this batch: go on row by row up to it
                limit = 1
                continue
            lost += 1
            last += skip
            skip *= 2
            if skip > MAX_SKIP:
                break
            continue
        if skip > 1:  # past the damage: whole batches again
            skip, limit = 1, BATCH
        if not rows:
            break
        for row in rows:
            try:
                dst.execute(insert, row[1:])
                copied += 1
            except sqlite3.Error:
                lost += 1
        last = rows[-1][0]
    return copied, lost


def _audit_names(conn: sqlite3.Connection | None) -> dict[str, str]:
    """sha256 -> the file name an import recorded, from whatever of the audit log can be read."""
    import json

    names: dict[str, str] = {}
    if conn is None:
        return names
    try:
        for (after,) in conn.execute("SELECT after FROM audit_log WHERE action = 'import'"):
            try:
                data = json.loads(after) if isinstance(after, str) else None
            except ValueError:
                continue
            if isinstance(data, dict) and _is_sha(str(data.get("sha256", ""))):
                names[data["sha256"]] = str(data.get("filename") or "")
    except sqlite3.Error:
        pass
    return names


def _reattach(new: Any, names: dict[str, str]) -> int:
    """Every stored original without an exhibit becomes one (its text can be read again by re-importing)."""
    from sqlalchemy import func, select

    from casefile.db.models import Evidence
    from casefile.services.base import audit

    with new.ctx.writes() as s, s.begin():
        known = set(s.scalars(select(Evidence.sha256).where(Evidence.sha256.is_not(None))))
        loose = sorted(new.ctx.store.stored() - known)
        exhibit = (s.scalar(select(func.max(Evidence.exhibit))) or 0)
        for sha in loose:
            exhibit += 1
            name = printable(names.get(sha, "")) or f"recovered-{sha[:12]}"
            media = mimetypes.guess_type(name)[0] or "application/octet-stream"
            size = os.stat(new.ctx.store.path_for(sha)).st_size
            ev = Evidence(exhibit=exhibit, filename=name, sha256=sha, size=size, media_type=media,
                          meta={"recovered": True}, read_error="recovered from a damaged case; import the file "
                          "again to read its text")
            s.add(ev)
            s.flush()
            audit(s, "recover", "evidence", ev.id, f"Re-attached '{name}' as Ex. {exhibit} from a damaged case",
                  after={"sha256": sha, "filename": name})
        return len(loose)


def _missing(new: Any) -> int:
    from sqlalchemy import select

    from casefile.db.models import Evidence

    with new.ctx.reads() as s:
        shas = list(s.scalars(select(Evidence.sha256).where(Evidence.sha256.is_not(None))))
    return sum(1 for sha in shas if not new.ctx.store.has(sha))


__all__ = ["RecoverReport", "recover_case"]
