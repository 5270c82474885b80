"""the language each exhibit is written in

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 20:10:00

- `evidence.language`: an ISO 639-1 code, detected when the exhibit is read for suggestions or set by the user;
  NULL until then, "" when the text could not tell. Extraction, OCR and the export read it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("evidence", sa.Column("language", sa.String(length=12), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+), as 0004 does: batch mode would rebuild `evidence`, and dropping the old
    # table with foreign keys on deletes every citation, mention and child exhibit that points at it.
    op.drop_column("evidence", "language")
