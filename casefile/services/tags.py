"""Tags shared by events, parties and evidence; created on first use."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.db.models import Tag

LEGAL_ISSUES = frozenset(
    {"defamation", "harassment", "lawsuit", "retaliation", "breach of contract", "settlement", "fraud"}
)


def tags_by_name(session: Session, names: Iterable[str]) -> list[Tag]:
    wanted = {n.strip(): None for n in names if n and n.strip()}
    if not wanted:
        return []
    found = {t.name: t for t in session.scalars(select(Tag).where(Tag.name.in_(list(wanted))))}
    out: list[Tag] = []
    for name in wanted:
        tag = found.get(name)
        if tag is None:
            tag = Tag(name=name, is_issue=name.casefold() in LEGAL_ISSUES)
            session.add(tag)
            found[name] = tag
        out.append(tag)
    return out
