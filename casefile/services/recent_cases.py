"""What the welcome page shows of a recent case without opening it: its title, read from its database file
read-only (one row: no migration, no lock, no backup). Called off the GUI thread."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from casefile.domain.printable import printable


def peek_title(db_file: Path) -> str:
    """The case's title from `db_file` opened read-only, or '' when it cannot be read (a read-only folder, an
    older or damaged file, a case being written: the wait is capped at 0.2 s)."""
    try:
        uri = Path(db_file).resolve().as_uri() + "?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=0.2)) as db:
            row = db.execute("SELECT title FROM case_meta ORDER BY id LIMIT 1").fetchone()
    except sqlite3.Error:
        return ""
    return printable(str(row[0])).strip() if row and row[0] else ""
