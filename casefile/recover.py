"""Salvaging a damaged case: what can still be read goes into a new case, and every original is re-attached.

A server case has nothing here to salvage: its database is the server's (restored from a `pg_dump`), and its
originals are checked by `verify`; `recover` says so instead of building anything.

The damaged case is only read (never repaired in place: it is the evidence of what happened). A copy of its
`case.db` is read page by page (`recovery.pages`: the schema first, then each table's b-tree, then table pages
no b-tree reaches), so a file cut short, a zeroed page or a wrong page count in its header loses only the rows on
the pages that are gone. The salvaged rows go into a healthy scratch database and from there into a new case,
whose triggers rebuild the search index. Every original found in the old `evidence/` is hashed into the new
case; one whose exhibit row was lost is read again with the importers, under its old id, number and name when
the audit log still knows them (`services.reread`). Rows whose parent was lost are dropped and counted.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casefile.db.server import has_settings
from casefile.domain.errors import CaseFileError, CaseNotFoundError
from casefile.domain.printable import printable
from casefile.recovery import pages, scratch
from casefile.services.reread import known_from_pages, known_imports, merge, reattach, search_label
from casefile.storage.store import EvidenceStore

BATCH = 500
SERVER_CASE = (
    "recover salvages a damaged SQLite case.db; this is a case on a PostgreSQL server, whose database the server "
    "keeps and checks itself. Restore the server's last backup (pg_restore of a pg_dump) if it was lost; "
    "'casefile verify' re-hashes the originals in this folder, and 'casefile archive' writes a local copy of "
    "the whole case.")


@dataclass(frozen=True)
class TableRecovery:
    """What became of one table."""

    table: str
    kept: int  # rows in the recovered case
    read: int  # rows read from the damaged file (those found on stray pages included)
    lost_pages: int  # of its pages that could not be read
    lost_rows: int  # rows known to be lost: between two surviving pages, refused, or whose parent was lost
    rebuilt: int = 0  # rows made again from elsewhere (exhibits read again from their originals)


@dataclass(frozen=True)
class RecoverReport:
    """What `recover` kept, table by table, for the CLI to print and the app to show."""

    path: Path
    title: str = ""
    title_kept: bool = False  # the case's own title survived (else it is named after its folder)
    tables: tuple[TableRecovery, ...] = ()
    originals: int = 0
    reattached: int = 0  # originals whose exhibit row was lost, made exhibits again
    reread: int = 0  # of those, read again with their text
    altered: tuple[str, ...] = ()  # originals whose bytes no longer match their name
    missing: int = 0  # salvaged exhibits whose original was not found
    database_unreadable: bool = False  # nothing of case.db could be read: only the originals were saved
    stray_pages: int = 0  # table pages no b-tree reached and no table could claim
    suggest_waiting: int = 0  # exhibits the suggestion pass has not read (or whose suggested events were lost)

    @property
    def rows(self) -> dict[str, int]:
        return {t.table: t.kept for t in self.tables}

    @property
    def lost_rows(self) -> int:
        return sum(t.lost_rows for t in self.tables)

    @property
    def lost_pages(self) -> int:
        return sum(t.lost_pages for t in self.tables)

    @property
    def unreadable_tables(self) -> list[str]:
        return [t.table for t in self.tables if t.lost_pages and not t.read]

    @property
    def complete(self) -> bool:
        """Nothing is known to be lost."""
        return not (self.lost_rows or self.lost_pages or self.altered or self.database_unreadable
                    or self.stray_pages or self.missing)

    def lines(self) -> list[str]:
        out = [f"recovered into {self.path}"]
        if self.database_unreadable:
            out.append("the old case.db could not be read at all: events, parties and notes are lost")
        if not self.title_kept:
            out.append(f"the case's title was lost; the new case is called '{printable(self.title)}'")
        shown = [t for t in self.tables if t.kept or t.read or t.lost_pages or t.lost_rows]
        if shown:
            out.append(f"{'table':<16}{'kept':>7}{'read':>7}{'re-read':>9}{'lost rows':>11}{'lost pages':>12}")
            out += [f"{t.table:<16}{t.kept:>7}{t.read:>7}{t.rebuilt:>9}{t.lost_rows:>11}{t.lost_pages:>12}"
                    for t in shown]
        out.append(f"{sum(self.rows.values())} rows kept; {self.lost_rows} rows and {self.lost_pages} pages known "
                   "to be lost")
        for table in self.unreadable_tables:
            out.append(f"table {table}: could not be read at all")
        if self.stray_pages:
            out.append(f"{self.stray_pages} pages of rows belonging to no table that could be told were left out")
        out.append(f"{self.originals} originals copied, {self.reattached} of them re-attached as exhibits "
                   f"({self.reread} read again with their text)")
        for sha in self.altered:
            out.append(f"evidence/{sha[:2]}/{sha}: no longer matches its SHA-256; kept out of the new case")
        if self.missing:
            out.append(f"{self.missing} exhibits have no original in the old case (verify lists them)")
        if self.suggest_waiting:
            out.append(f"{self.suggest_waiting} exhibits wait for the suggestion pass (never read, or their suggested "
                       f"events were lost): run 'casefile suggest {printable(str(self.path))}'")
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
    new = create_case(new_dir, old.stem)  # the old case's title replaces this one below, when it survived
    try:
        with tempfile.TemporaryDirectory(prefix="casefile-recover-") as tmp:
            salvaged, conn = _salvage(old_db, Path(tmp), _schema_of(new))
            try:
                if conn is not None:
                    _mend_digests(conn, salvaged, old_store)
                malformed = scratch.drop_malformed(conn) if conn is not None else {}
                title = _title(conn)
                copied = _copy_rows(conn, new)
            finally:
                if conn is not None:
                    conn.close()
        originals, altered = _copy_originals(old_store, new)
        with _raw(new) as dst:
            known = merge(known_imports(dst), known_from_pages(salvaged))
        reattached, reread = reattach(new, known)
        dropped = _drop_orphans(new, title)
        _resuggest_lost(new)
        waiting = new.suggestions.waiting()
        kept = _rowids(new)
        missing = _missing(new)
        path = new.path
    finally:
        new.close()
    tables = tuple(_table_report(name, salvaged, copied.get(name),
                                 dropped.get(name, 0) + len(malformed.get(name, set()) - rowids), rowids,
                                 reattached if name == "evidence" else 0) for name, rowids in kept.items())
    return RecoverReport(path, title or old.stem, bool(title), tables, originals, reattached, reread,
                         tuple(altered), missing, database_unreadable=salvaged is None or not salvaged.schema
                         and not any(t.rows for t in salvaged.tables.values()),
                         stray_pages=salvaged.orphan_pages if salvaged else 0, suggest_waiting=waiting)


def _table_report(name: str, salvaged: pages.Salvage | None, copied: tuple[int, int] | None, dropped: int,
                  kept: set[int], rebuilt: int) -> TableRecovery:
    rows = salvaged.tables.get(name) if salvaged else None
    refused = copied[1] if copied else 0
    if rows is None:
        return TableRecovery(name, len(kept), 0, 0, refused + dropped, rebuilt)
    lost = rows.lost_rows(kept) + rows.lost_cells + refused + dropped
    return TableRecovery(name, len(kept), len(rows.rows), rows.lost_pages, lost, rebuilt)


# reading the damaged file ------------------------------------------------------------------------------------------
def _schema_of(new: Any) -> dict[str, str]:
    """Table name -> its `CREATE TABLE` in a case of this version: the column order to expect in stray pages
    when the damaged file's own schema is lost (migrations add columns at the end, not in the models' order)."""
    with _raw(new) as dst:
        return {name: sql for name, sql in dst.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")}


def _salvage(db: Path, tmp: Path, current: dict[str, str]) -> tuple[pages.Salvage | None, sqlite3.Connection | None]:
    """Read a copy of `db` (with its write-ahead log folded in when SQLite still can) page by page."""
    if not db.is_file() or db.stat().st_size == 0:
        return None, None
    copy = tmp / "damaged.db"
    shutil.copyfile(db, copy)
    wal = db.with_name(db.name + "-wal")
    if wal.is_file() and wal.stat().st_size:
        shutil.copyfile(wal, tmp / "damaged.db-wal")
        _fold_wal(copy)
    try:
        salvaged = pages.salvage(copy, lambda schema: scratch.shapes(schema, current), indexes_of=("evidence",),
                                 also={"search_index_content": search_label})
    except (pages.NotADatabase, OSError, ValueError):
        return None, None
    return salvaged, scratch.build(salvaged, tmp / "salvaged.db", current)


def _fold_wal(copy: Path) -> None:
    """Committed pages still in the write-ahead log are written into the copy (best effort: the log or the file
    may be what is damaged). The header's page count is set from the file's size first, or SQLite refuses it."""
    with copy.open("r+b") as fh:
        head = fh.read(100)
        if head[:16] == pages.HEADER:
            size = struct.unpack(">H", head[16:18])[0]
            size = 65536 if size == 1 else size
            count = (copy.stat().st_size + size - 1) // size
            fh.seek(28)
            fh.write(struct.pack(">I", count))
    try:
        conn = sqlite3.connect(copy)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        pass


def _mend_digests(conn: sqlite3.Connection, salvaged: pages.Salvage | None, store: EvidenceStore) -> None:
    """An exhibit row whose SHA-256 names no stored original (a flipped byte) takes the digest its unique index
    still pairs with its rowid, when that one names a stored original: the index is a second witness."""
    if salvaged is None:
        return
    stored = store.stored()
    by_rowid = {key[1]: key[0] for keys in salvaged.indexes.values() for key in keys
                if len(key) == 2 and isinstance(key[1], int) and key[0] in stored}
    for rowid, sha in conn.execute("SELECT rowid, sha256 FROM evidence WHERE sha256 IS NOT NULL").fetchall():
        if sha not in stored and rowid in by_rowid:
            conn.execute("UPDATE evidence SET sha256 = ? WHERE rowid = ?", (by_rowid[rowid], rowid))
    conn.commit()


def _title(conn: sqlite3.Connection | None) -> str:
    """The case's own title: from its row, else from the last edit of it the audit log kept."""
    if conn is None:
        return ""
    row = conn.execute("SELECT title FROM case_meta ORDER BY rowid LIMIT 1").fetchone()
    if row and isinstance(row[0], str) and row[0].strip():
        return row[0]
    for (after,) in conn.execute("SELECT after FROM audit_log WHERE entity_type = 'case' AND action = 'update' "
                                 "ORDER BY rowid DESC"):
        try:
            data = json.loads(after) if isinstance(after, str) else None
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("title"), str) and data["title"].strip():
            return str(data["title"])
    return ""


# writing the new case ---------------------------------------------------------------------------------------------
class _raw:
    """The new case's own SQLite connection, for copying rows under SQLAlchemy's feet."""

    def __init__(self, new: Any) -> None:
        self.raw = new.ctx.engine.raw_connection()

    def __enter__(self) -> sqlite3.Connection:
        conn: sqlite3.Connection = self.raw.driver_connection
        return conn

    def __exit__(self, *exc: object) -> None:
        self.raw.close()


def _copy_rows(conn: sqlite3.Connection | None, new: Any) -> dict[str, tuple[int, int]]:
    """Every salvaged row into the new case, foreign keys not yet checked. Table -> (copied, refused)."""
    from casefile.db.base import Base

    out: dict[str, tuple[int, int]] = {}
    if conn is None:
        return out
    with _raw(new) as dst:
        dst.execute("PRAGMA foreign_keys = OFF")
        try:
            dst.execute("BEGIN IMMEDIATE")
            if conn.execute("SELECT count(*) FROM case_meta").fetchone()[0]:
                dst.execute("DELETE FROM case_meta")
            for table in Base.metadata.sorted_tables:
                have = {r[1] for r in conn.execute(f'PRAGMA table_info("{table.name}")')}
                cols = [c.name for c in table.columns if c.name in have]
                if cols:
                    out[table.name] = _copy_table(conn, dst, table.name, cols)
            dst.execute("COMMIT")
        except BaseException:
            dst.execute("ROLLBACK")
            raise
        finally:
            dst.execute("PRAGMA foreign_keys = ON")
    return out


def _copy_table(src: sqlite3.Connection, dst: sqlite3.Connection, table: str, cols: list[str]) -> tuple[int, int]:
    """Rows in rowid order; one the new case refuses (a broken value, a duplicate key) is skipped and counted."""
    col_sql = ", ".join(f'"{c}"' for c in cols)
    insert = f'INSERT OR IGNORE INTO "{table}" ({col_sql}) VALUES ({", ".join("?" * len(cols))})'
    copied = refused = 0
    cursor = src.execute(f'SELECT {col_sql} FROM "{table}" ORDER BY rowid')
    while rows := cursor.fetchmany(BATCH):
        for row in rows:
            try:
                done = dst.execute(insert, row).rowcount
            except sqlite3.Error:
                done = 0
            copied += done
            refused += 1 - done
    return copied, refused


def _copy_originals(old_store: EvidenceStore, new: Any) -> tuple[int, list[str]]:
    originals, altered = 0, []
    for sha in sorted(old_store.stored()):
        state, _detail = old_store.check(sha)
        if state.value != "ok":
            altered.append(sha)
            continue
        new.ctx.store.put_file(old_store.path_for(sha))
        originals += 1
    return originals, altered


def _drop_orphans(new: Any, title: str) -> dict[str, int]:
    """Rows whose parent was lost would break the case: they go, counted per table. The case gets its title."""
    dropped: dict[str, int] = {}
    with _raw(new) as dst:
        dst.execute("BEGIN IMMEDIATE")
        for _ in range(10):  # a dropped parent can orphan its own children
            bad = dst.execute("PRAGMA foreign_key_check").fetchall()
            if not bad:
                break
            for table, rowid, _parent, _fk in bad:
                if rowid is not None:
                    gone = dst.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,)).rowcount
                    dropped[table] = dropped.get(table, 0) + gone
        if dst.execute("SELECT count(*) FROM case_meta").fetchone()[0] == 0:
            dst.execute("INSERT INTO case_meta (title, description, app_version, created_at) VALUES "
                        "(?, '', '', CURRENT_TIMESTAMP)", (new.path.stem,))
        if title:  # its own row, or the last edit of it the audit log kept
            dst.execute("UPDATE case_meta SET title = ?", (printable(title),))
        dst.execute("COMMIT")
    return dropped


def _resuggest_lost(new: Any) -> None:
    """The suggestion pass reads again the exhibits whose suggested events were all lost (their `suggestion_run`
    rows go), and never meets half a unit: embedded posts of an exhibit without a run lose theirs too."""
    with _raw(new) as dst:
        dst.execute("BEGIN IMMEDIATE")
        dst.execute("DELETE FROM suggestion_run WHERE evidence_id IN (SELECT id FROM evidence WHERE relation = "
                    "'embedded' AND parent_id NOT IN (SELECT evidence_id FROM suggestion_run))")
        units: dict[int, list[int]] = {}
        for doc, parent, relation in dst.execute("SELECT id, parent_id, relation FROM evidence"):
            top = parent if relation == "embedded" and parent is not None else doc
            units.setdefault(top, []).append(doc)
        runs = dict(dst.execute("SELECT evidence_id, event_count FROM suggestion_run").fetchall())
        cited = {e for (e,) in dst.execute("SELECT DISTINCT evidence_id FROM event_source")}
        for top, docs in units.items():
            if top in runs and sum(runs.get(d, 0) for d in docs) > 0 and not cited.intersection(docs):
                dst.executemany("DELETE FROM suggestion_run WHERE evidence_id = ?", [(d,) for d in docs])
        dst.execute("COMMIT")


def _rowids(new: Any) -> dict[str, set[int]]:
    """Each table's rowids in the new case: what it kept, and which lost rows came back another way."""
    from casefile.db.base import Base

    with _raw(new) as dst:
        return {t.name: {r for (r,) in dst.execute(f'SELECT rowid FROM "{t.name}"')}
                for t in Base.metadata.sorted_tables}


def _missing(new: Any) -> int:
    from sqlalchemy import select

    from casefile.db.models import Evidence

    with new.ctx.reads() as s:
        shas = list(s.scalars(select(Evidence.sha256).where(Evidence.sha256.is_not(None))))
    return sum(1 for sha in shas if not new.ctx.store.has(sha))


__all__ = ["RecoverReport", "TableRecovery", "recover_case"]
