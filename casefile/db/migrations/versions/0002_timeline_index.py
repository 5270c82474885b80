"""timeline index covering the default status filter

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 09:20:00

The Timeline pages `WHERE status IN (...) ORDER BY date_start, id LIMIT n OFFSET m`. With only
`ix_event_sort (date_start, id)` SQLite reads every skipped table row to test its status: 136 ms for the
last page of a 100k-event case. With `status` in the index the walk stays inside the index: 10 ms.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index("ix_event_sort_status", ["date_start", "id", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_sort_status")
