"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 08:53:27.883964

Runs on SQLite (a case.db) and on PostgreSQL (a team case): the search index is FTS5 on the first and a
`tsvector` table under a GIN index on the second (see `casefile.db.fts`); a file's size is a BIGINT on PostgreSQL
(SQLite's INTEGER already holds 64 bits); ISO date columns compare byte by byte (collation "C") there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from casefile.db import fts

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _iso() -> sa.String:
    """ISO date text: compared byte by byte (collation "C") on PostgreSQL, whatever the database's locale, so
    `2024-02-15 <= '2024-02' || U+FFFF` and the date order hold as in SQLite."""
    return sa.String(length=20, collation="C") if _postgresql() else sa.String(length=20)


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    pg = _postgresql()
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity_type", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "case_meta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("app_version", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_meta")),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exhibit", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=1000), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("size", sa.BigInteger() if pg else sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.Column("author", sa.String(length=500), nullable=False),
        sa.Column("published", _iso(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("metadata", sa.JSON(), nullable=False),
        sa.Column("source_path", sa.String(length=4000), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("relation", sa.String(length=30), nullable=False),
        sa.Column("verify_state", sa.String(length=20), nullable=False),
        sa.Column("verified_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["evidence.id"], name=op.f("fk_evidence_parent_id_evidence"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
        sa.UniqueConstraint("exhibit", name=op.f("uq_evidence_exhibit")),
        sa.UniqueConstraint("sha256", name=op.f("uq_evidence_sha256")),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_published"), ["published"], unique=False)

    op.create_table(
        "party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_norm", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party")),
    )
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_name_norm"), ["name_norm"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_status"), ["status"], unique=False)

    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("is_issue", sa.Boolean(), nullable=False),
        sa.Column("color", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag")),
        sa.UniqueConstraint("name", name=op.f("uq_tag_name")),
    )
    op.create_table(
        "cue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("start_ms", sa.Integer(), nullable=False),
        sa.Column("end_ms", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name=op.f("fk_cue_evidence_id_evidence"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cue")),
    )
    with op.batch_alter_table("cue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cue_evidence_id"), ["evidence_id"], unique=False)

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date_start", _iso(), nullable=False),
        sa.Column("date_precision", sa.String(length=10), nullable=False),
        sa.Column("date_qualifier", sa.String(length=10), nullable=False),
        sa.Column("date_end", _iso(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("asserted_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["asserted_by_id"], ["party.id"], name=op.f("fk_event_asserted_by_id_party"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_asserted_by_id"), ["asserted_by_id"], unique=False)
        batch_op.create_index("ix_event_sort", ["date_start", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_status"), ["status"], unique=False)

    op.create_table(
        "evidence_tag",
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_evidence_tag_evidence_id_evidence"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tag.id"], name=op.f("fk_evidence_tag_tag_id_tag"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("evidence_id", "tag_id", name=op.f("pk_evidence_tag")),
    )
    with op.batch_alter_table("evidence_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_tag_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name=op.f("fk_mention_evidence_id_evidence"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_mention_party_id_party"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mention")),
    )
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mention_evidence_id"), ["evidence_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mention_party_id"), ["party_id"], unique=False)

    op.create_table(
        "party_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("norm", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_party_alias_party_id_party"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_alias")),
        sa.UniqueConstraint("party_id", "alias", name="uq_party_alias_party_alias"),
    )
    with op.batch_alter_table("party_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_alias_norm"), ["norm"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_alias_party_id"), ["party_id"], unique=False)

    op.create_table(
        "party_tag",
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_party_tag_party_id_party"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tag.id"], name=op.f("fk_party_tag_tag_id_tag"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("party_id", "tag_id", name=op.f("pk_party_tag")),
    )
    with op.batch_alter_table("party_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_tag_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "thumbnail",
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("png", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_thumbnail_evidence_id_evidence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("evidence_id", name=op.f("pk_thumbnail")),
    )
    op.create_table(
        "event_party",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_party_event_id_event"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_event_party_party_id_party"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "party_id", name=op.f("pk_event_party")),
    )
    with op.batch_alter_table("event_party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_party_party_id"), ["party_id"], unique=False)

    op.create_table(
        "event_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=True),
        sa.Column("char_end", sa.Integer(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("time_ms", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_source_event_id_event"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_event_source_evidence_id_evidence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_source")),
    )
    with op.batch_alter_table("event_source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_source_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_source_evidence_id"), ["evidence_id"], unique=False)

    op.create_table(
        "event_tag",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_tag_event_id_event"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tag.id"], name=op.f("fk_event_tag_tag_id_tag"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "tag_id", name=op.f("pk_event_tag")),
    )
    with op.batch_alter_table("event_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_tag_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            # PostgreSQL adds no booleans: it counts the targets set with num_nonnulls
            "num_nonnulls(event_id, party_id, evidence_id) <= 1" if pg else
            "(event_id IS NOT NULL) + (party_id IS NOT NULL) + (evidence_id IS NOT NULL) <= 1",
            name=op.f("ck_note_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_note_event_id_event"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name=op.f("fk_note_evidence_id_evidence"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_note_party_id_party"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_evidence_id"), ["evidence_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_party_id"), ["party_id"], unique=False)

    for statement in fts.pg_create_statements() if pg else fts.create_statements():
        op.execute(statement)


def downgrade() -> None:
    for statement in fts.pg_drop_statements() if _postgresql() else fts.drop_statements():
        op.execute(statement)
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_party_id"))
        batch_op.drop_index(batch_op.f("ix_note_evidence_id"))
        batch_op.drop_index(batch_op.f("ix_note_event_id"))

    op.drop_table("note")
    with op.batch_alter_table("event_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_tag_tag_id"))

    op.drop_table("event_tag")
    with op.batch_alter_table("event_source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_source_evidence_id"))
        batch_op.drop_index(batch_op.f("ix_event_source_event_id"))

    op.drop_table("event_source")
    with op.batch_alter_table("event_party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_party_party_id"))

    op.drop_table("event_party")
    op.drop_table("thumbnail")
    with op.batch_alter_table("party_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_tag_tag_id"))

    op.drop_table("party_tag")
    with op.batch_alter_table("party_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_alias_party_id"))
        batch_op.drop_index(batch_op.f("ix_party_alias_norm"))

    op.drop_table("party_alias")
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mention_party_id"))
        batch_op.drop_index(batch_op.f("ix_mention_evidence_id"))

    op.drop_table("mention")
    with op.batch_alter_table("evidence_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_tag_tag_id"))

    op.drop_table("evidence_tag")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_status"))
        batch_op.drop_index("ix_event_sort")
        batch_op.drop_index(batch_op.f("ix_event_asserted_by_id"))

    op.drop_table("event")
    with op.batch_alter_table("cue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cue_evidence_id"))

    op.drop_table("cue")
    op.drop_table("tag")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_status"))
        batch_op.drop_index(batch_op.f("ix_party_name_norm"))
        batch_op.drop_index(batch_op.f("ix_party_name"))

    op.drop_table("party")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_published"))
        batch_op.drop_index(batch_op.f("ix_evidence_parent_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_kind"))

    op.drop_table("evidence")
    op.drop_table("case_meta")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
