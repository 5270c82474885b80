"""where sources disagree: happenings, event signatures, "not the same" pairs and verdicts

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 20:20:00

- `happening` / `happening_event`: events from different exhibits that tell one happening.
- `event_act`: each event's signature (kind of act, doer, parties, days, amounts, outlet) for incremental
  matching by (act, day) without re-reading text.
- `event_act_key`: the index of signatures by (act + party or object, first day).
- `happening_apart`: pairs the user said are not the same happening.
- `disagreement_verdict`: the user's verdict on a disagreement and who asserts each telling.
New tables only: no batch rebuild of existing tables is needed on SQLite; constraints are named.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"),
                                   ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        "happening",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_happening")),
    )
    op.create_table(
        "happening_event",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("happening_id", sa.Integer(), nullable=False),
        sa.Column("linked_by", sa.String(length=10), nullable=False),
        _fk("happening_event", "event_id", "event", "CASCADE"),
        _fk("happening_event", "happening_id", "happening", "CASCADE"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_happening_event")),
    )
    op.create_index(op.f("ix_happening_event_happening_id"), "happening_event", ["happening_id"])
    op.create_table(
        "event_act",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("act", sa.String(length=20), nullable=False),
        sa.Column("obj", sa.String(length=30), nullable=False),
        sa.Column("agent", sa.String(length=300), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("day_lo", sa.Integer(), nullable=False),
        sa.Column("day_hi", sa.Integer(), nullable=False),
        sa.Column("exact", sa.Boolean(), nullable=False),
        sa.Column("date_text", sa.String(length=200), nullable=False),
        sa.Column("amounts", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("copy_key", sa.String(length=64), nullable=False),
        _fk("event_act", "event_id", "event", "CASCADE"),
        _fk("event_act", "evidence_id", "evidence", "SET NULL"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_event_act")),
    )
    op.create_index("ix_event_act_act_day", "event_act", ["act", "day_lo"])
    op.create_index(op.f("ix_event_act_evidence_id"), "event_act", ["evidence_id"])
    op.create_table(
        "event_act_key",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("day_lo", sa.Integer(), nullable=False),
        _fk("event_act_key", "event_id", "event", "CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "key", name=op.f("pk_event_act_key")),
    )
    op.create_index("ix_event_act_key_key_day", "event_act_key", ["key", "day_lo"])
    op.create_table(
        "happening_apart",
        sa.Column("event_a", sa.Integer(), nullable=False),
        sa.Column("event_b", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        _fk("happening_apart", "event_a", "event", "CASCADE"),
        _fk("happening_apart", "event_b", "event", "CASCADE"),
        sa.PrimaryKeyConstraint("event_a", "event_b", name=op.f("pk_happening_apart")),
    )
    op.create_index(op.f("ix_happening_apart_event_b"), "happening_apart", ["event_b"])
    op.create_table(
        "disagreement_verdict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("event_a", sa.Integer(), nullable=False),
        sa.Column("event_b", sa.Integer(), nullable=False),
        sa.Column("value_a", sa.String(length=300), nullable=False),
        sa.Column("value_b", sa.String(length=300), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("asserted_a", sa.String(length=300), nullable=False),
        sa.Column("asserted_b", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        _fk("disagreement_verdict", "event_a", "event", "CASCADE"),
        _fk("disagreement_verdict", "event_b", "event", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disagreement_verdict")),
        sa.UniqueConstraint("event_a", "event_b", "kind", name="uq_disagreement_verdict_pair_kind"),
    )
    op.create_index(op.f("ix_disagreement_verdict_event_a"), "disagreement_verdict", ["event_a"])
    op.create_index(op.f("ix_disagreement_verdict_event_b"), "disagreement_verdict", ["event_b"])


def downgrade() -> None:
    op.drop_table("disagreement_verdict")
    op.drop_table("happening_apart")
    op.drop_table("event_act_key")
    op.drop_table("event_act")
    op.drop_table("happening_event")
    op.drop_table("happening")
