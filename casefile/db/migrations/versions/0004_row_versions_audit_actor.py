"""row versions for stale-edit detection, and who made each audited change

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 22:30:00

- `version` on `event`, `party`, `note` and `evidence`: raised by every edit, so an edit made on a copy that
  someone else has changed since (a team case on a server, two windows) is detected instead of overwriting it.
- `audit_log.actor`: who made the change (the database role on a server case, the login name on a local one).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VERSIONED = ("event", "party", "note", "evidence")


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("audit_log", sa.Column("actor", sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("audit_log", "actor")
    for table in reversed(VERSIONED):
        op.drop_column(table, "version")
