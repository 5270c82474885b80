"""Where sources disagree: events grouped as one happening, each event's signature, pairs the user said are not
one happening, and the user's verdicts on disagreements (migration 0006)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casefile.db.base import Base, utcnow


class Happening(Base):
    """One thing that happened, told by one or more events (from different exhibits)."""

    __tablename__ = "happening"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HappeningEvent(Base):
    """An event telling a happening; `linked_by` is "auto" (matched after an import) or "user"."""

    __tablename__ = "happening_event"
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    happening_id: Mapped[int] = mapped_column(ForeignKey("happening.id", ondelete="CASCADE"), index=True)
    linked_by: Mapped[str] = mapped_column(String(10), default="auto")


class EventAct(Base):
    """An event's signature (extract.happenings.Telling) as of `version`; `act` "" when it reports none known.

    Kept so that matching a new event reads the signatures of earlier ones by (act, day), never their text."""

    __tablename__ = "event_act"
    __table_args__ = (Index("ix_event_act_act_day", "act", "day_lo"),)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id", ondelete="SET NULL"), index=True)
    act: Mapped[str] = mapped_column(String(20), default="")
    obj: Mapped[str] = mapped_column(String(30), default="")
    agent: Mapped[str] = mapped_column(String(300), default="")
    participants: Mapped[list[str]] = mapped_column(JSON, default=list)
    day_lo: Mapped[int] = mapped_column(Integer, default=0)
    day_hi: Mapped[int] = mapped_column(Integer, default=0)
    exact: Mapped[bool] = mapped_column(Boolean, default=False)
    date_text: Mapped[str] = mapped_column(String(200), default="")
    amounts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(300), default="")
    copy_key: Mapped[str] = mapped_column(String(64), default="")


class EventActKey(Base):
    """The index of signatures: one row per (act, participant or object) of an event, with its first day, so a new
    event finds the earlier events it may tell without scanning every one of its act."""

    __tablename__ = "event_act_key"
    __table_args__ = (Index("ix_event_act_key_key_day", "key", "day_lo"),)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    day_lo: Mapped[int] = mapped_column(Integer, default=0)


class HappeningApart(Base):
    """The user said these two events are not the same happening: never matched again (lower id first)."""

    __tablename__ = "happening_apart"
    event_a: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    event_b: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True, index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class DisagreementVerdict(Base):
    """The user's verdict on one disagreement between two tellings (lower event id as `event_a`).

    `verdict`: "a_right" / "b_right" (the other is disputed), "both_disputed"; `asserted_a` / `asserted_b` say who
    asserts each telling (its outlet or author)."""

    __tablename__ = "disagreement_verdict"
    __table_args__ = (UniqueConstraint("event_a", "event_b", "kind", name="uq_disagreement_verdict_pair_kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    event_a: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    event_b: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    value_a: Mapped[str] = mapped_column(String(300), default="")
    value_b: Mapped[str] = mapped_column(String(300), default="")
    verdict: Mapped[str] = mapped_column(String(20))
    asserted_a: Mapped[str] = mapped_column(String(300), default="")
    asserted_b: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), default="")


__all__ = ["DisagreementVerdict", "EventAct", "EventActKey", "Happening", "HappeningApart", "HappeningEvent"]
