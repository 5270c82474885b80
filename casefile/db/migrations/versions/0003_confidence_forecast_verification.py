"""suggestion confidence, forecasts, read errors and a verification table

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 19:30:00

- `event.confidence` / `party.confidence`: how sure extraction was of a suggestion (0..1); null for what a
  user made.
- `event.forecast`: the passage predicts rather than reports ("will ... by 2050"); kept out of the Timeline's
  range until the user confirms it.
- `evidence.read_error`: why a stored original could not be read ("" when it was read).
- `suggestion_run`: which exhibits the suggestion pass (extraction, with the NER model when installed) has
  read, and with what engine; an import with `--quick` leaves exhibits without a row until the pass runs.
- `verification`: the last `verify` result per exhibit, kept outside `evidence` so that recording it fires no
  search trigger and rewrites no search row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("event", sa.Column("confidence", sa.Float(), nullable=True))
    op.add_column("event", sa.Column("forecast", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("party", sa.Column("confidence", sa.Float(), nullable=True))
    op.add_column("evidence", sa.Column("read_error", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "verification",
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"], name=op.f("fk_verification_evidence_id_evidence"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("evidence_id", name=op.f("pk_verification")),
    )
    op.create_table(
        "suggestion_run",
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("engine", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("event_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("party_count", sa.Integer(), nullable=False, server_default="0"),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"], name=op.f("fk_suggestion_run_evidence_id_evidence"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("evidence_id", name=op.f("pk_suggestion_run")),
    )
    # exhibits imported before this revision had their suggestions made at import
    op.execute("INSERT INTO suggestion_run (evidence_id, at, engine, event_count, party_count) "
               "SELECT id, imported_at, 'rules', 0, 0 FROM evidence")
    op.execute(
        "INSERT INTO verification (evidence_id, state, checked_at, detail) "
        "SELECT id, verify_state, COALESCE(verified_at, CURRENT_TIMESTAMP), '' FROM evidence "
        "WHERE verify_state != 'unverified'"
    )


def downgrade() -> None:
    # SQLite (>= 3.35) drops these columns in place; batch mode would rebuild tables under the search triggers.
    op.drop_table("verification")
    op.drop_table("suggestion_run")
    op.drop_column("evidence", "read_error")
    op.drop_column("party", "confidence")
    op.drop_column("event", "forecast")
    op.drop_column("event", "confidence")
