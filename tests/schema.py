"""Taking a local case's schema back to an older revision, as an older CaseFile left it (migration tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from casefile.db import migrate
from casefile.db.engine import make_engine


def downgrade_case(path: Path, revision: str) -> None:
    """Run the migrations of the case at `path` down to `revision`."""
    engine = make_engine(path / "case.db")
    try:
        with engine.begin() as conn:
            cfg = migrate._config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
    finally:
        engine.dispose()
