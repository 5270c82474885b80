"""The case schema as SQLAlchemy 2 typed ORM models.

Dates of events are stored as ISO 8601 text cut to their precision (`2025`, `2025-01-27`, ...), which sorts
chronologically as text and is indexed. Full-text search lives in the FTS5 table `search_index`, kept in step
by triggers created in the migrations (see `fts.py`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.db.base import Base, utcnow

# ISO dates compare as text: byte by byte on PostgreSQL too (collation "C"), whatever the server's locale
ISO_DATE = String(20).with_variant(String(20, collation="C"), "postgresql")


class CaseMeta(Base):
    """The single row describing the case itself."""

    __tablename__ = "case_meta"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    app_version: Mapped[str] = mapped_column(String(40), default="")


def _link_table(left: str, right: str) -> Table:
    """A many-to-many link `<left>_<right>`: both ids the key, the right one indexed for the reverse lookup, a
    row gone with either side."""
    return Table(
        f"{left}_{right}",
        Base.metadata,
        Column(f"{left}_id", ForeignKey(f"{left}.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{right}_id", ForeignKey(f"{right}.id", ondelete="CASCADE"), primary_key=True, index=True),
    )


event_party = _link_table("event", "party")
event_tag = _link_table("event", "tag")
party_tag = _link_table("party", "tag")
evidence_tag = _link_table("evidence", "tag")


class Tag(Base):
    """A label; `is_issue` marks a claim of the case (e.g. "defamation")."""

    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    is_issue: Mapped[bool] = mapped_column(Boolean, default=False)
    color: Mapped[str] = mapped_column(String(20), default="")


class Party(Base):
    __tablename__ = "party"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    name_norm: Mapped[str] = mapped_column(String(300), index=True, default="")  # see services.names
    kind: Mapped[str] = mapped_column(String(30), default="person")
    role: Mapped[str] = mapped_column(String(30), default="other")
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="confirmed", index=True)
    origin: Mapped[str] = mapped_column(String(20), default="manual")
    confidence: Mapped[float | None] = mapped_column(Float)  # of a suggestion, 0..1; null when made by hand
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # raised by every edit

    aliases: Mapped[list[PartyAlias]] = relationship(
        back_populates="party", cascade="all, delete-orphan", order_by="PartyAlias.id"
    )
    mentions: Mapped[list[Mention]] = relationship(back_populates="party", cascade="all, delete-orphan")
    events: Mapped[list[Event]] = relationship(secondary=event_party, back_populates="parties")
    tags: Mapped[list[Tag]] = relationship(secondary=party_tag)


class PartyAlias(Base):
    __tablename__ = "party_alias"
    __table_args__ = (UniqueConstraint("party_id", "alias", name="uq_party_alias_party_alias"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    norm: Mapped[str] = mapped_column(String(300), index=True)  # for matching: see services.names
    party: Mapped[Party] = relationship(back_populates="aliases")


class Mention(Base):
    """Where a party's name appears in an exhibit's text."""

    __tablename__ = "mention"
    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), index=True)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(300))
    party: Mapped[Party] = relationship(back_populates="mentions")


class Event(Base):
    __tablename__ = "event"
    __table_args__ = (Index("ix_event_sort", "date_start", "id"),
                      Index("ix_event_sort_status", "date_start", "id", "status"))  # migration 0002
    id: Mapped[int] = mapped_column(primary_key=True)
    date_start: Mapped[str] = mapped_column(ISO_DATE)  # ISO cut to precision
    date_precision: Mapped[str] = mapped_column(String(10), default="day")
    date_qualifier: Mapped[str] = mapped_column(String(10), default="on")
    date_end: Mapped[str | None] = mapped_column(ISO_DATE)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="confirmed", index=True)
    origin: Mapped[str] = mapped_column(String(20), default="manual")
    asserted_by_id: Mapped[int | None] = mapped_column(ForeignKey("party.id", ondelete="SET NULL"), index=True)
    confidence: Mapped[float | None] = mapped_column(Float)  # of a suggestion, 0..1; null when made by hand
    forecast: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")  # predicts, not reports
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # raised by every edit

    parties: Mapped[list[Party]] = relationship(secondary=event_party, back_populates="events")
    sources: Mapped[list[EventSource]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventSource.id"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=event_tag)
    asserted_by: Mapped[Party | None] = relationship(foreign_keys=[asserted_by_id])


class EventSource(Base):
    """A link from an event to an exhibit, with the citation: quote and where it is."""

    __tablename__ = "event_source"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), index=True)
    quote: Mapped[str] = mapped_column(Text, default="")
    char_start: Mapped[int | None] = mapped_column(Integer)
    char_end: Mapped[int | None] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    time_ms: Mapped[int | None] = mapped_column(Integer)
    event: Mapped[Event] = relationship(back_populates="sources")
    evidence: Mapped[Evidence] = relationship()


class Evidence(Base):
    """One exhibit: an imported original (or an item embedded in one, such as a quoted post)."""

    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    exhibit: Mapped[int] = mapped_column(Integer, unique=True)
    filename: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True)  # null for embedded items
    size: Mapped[int] = mapped_column(Integer().with_variant(BigInteger(), "postgresql"), default=0)  # > 2 GB
    media_type: Mapped[str] = mapped_column(String(200), default="application/octet-stream")
    kind: Mapped[str] = mapped_column(String(30), default="other", index=True)
    title: Mapped[str] = mapped_column(String(1000), default="")
    author: Mapped[str] = mapped_column(String(500), default="")
    published: Mapped[str | None] = mapped_column(ISO_DATE, index=True)  # ISO cut to precision
    url: Mapped[str] = mapped_column(String(2000), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    source_path: Mapped[str] = mapped_column(String(4000), default="")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(30), default="")  # embedded, attachment, transcript
    verify_state: Mapped[str] = mapped_column(String(20), default="unverified")
    verified_at: Mapped[datetime | None] = mapped_column()
    read_error: Mapped[str] = mapped_column(Text, default="", server_default="")  # why reading failed
    language: Mapped[str | None] = mapped_column(String(12))  # ISO 639-1; None: not yet read, "": could not tell
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # raised by every edit

    tags: Mapped[list[Tag]] = relationship(secondary=evidence_tag)
    parent: Mapped[Evidence | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Evidence]] = relationship(back_populates="parent", cascade="all, delete-orphan")


class Verification(Base):
    """The last integrity check of an exhibit's original; apart from `evidence` so no search trigger fires."""

    __tablename__ = "verification"
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(20))
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")


class SuggestionRun(Base):
    """The suggestion pass has read this exhibit (with `engine`); exhibits without a row still wait for it."""

    __tablename__ = "suggestion_run"
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    engine: Mapped[str] = mapped_column(String(200), default="", server_default="")
    event_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    party_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Thumbnail(Base):
    """A small PNG preview of an exhibit, kept apart so listing evidence never loads image bytes."""

    __tablename__ = "thumbnail"
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True)
    png: Mapped[bytes] = mapped_column(LargeBinary)


class Cue(Base):
    """A timed line of a transcript; cites its clip at `start_ms`."""

    __tablename__ = "cue"
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), index=True)
    start_ms: Mapped[int] = mapped_column(Integer)
    end_ms: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    char_start: Mapped[int] = mapped_column(Integer, default=0)
    char_end: Mapped[int] = mapped_column(Integer, default=0)


class Note(Base):
    """Markdown text attached to the case (no target) or to exactly one event, party or exhibit."""

    __tablename__ = "note"
    __table_args__ = (
        CheckConstraint(
            "(event_id IS NOT NULL) + (party_id IS NOT NULL) + (evidence_id IS NOT NULL) <= 1",
            name="one_target",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # raised by every edit


class AuditLog(Base):
    """Every change to the case and every import: what, when, before and after."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(200), default="", server_default="")  # who made the change


# the happening tables live in their own module (migration 0006); importing it here registers them
from casefile.db.happening_models import (  # noqa: E402, F401
    DisagreementVerdict,
    EventAct,
    EventActKey,
    Happening,
    HappeningApart,
    HappeningEvent,
)
