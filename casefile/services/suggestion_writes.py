"""How the suggestion pass writes what it found: events planned on their exhibits, parties merged by name and
alias, tags, citations (the SQL side of pass 2, inside the pass's one transaction per exhibit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.db.models import Mention, Party, PartyAlias
from casefile.db.raw import RawCursor
from casefile.domain.enums import DateQualifier, Origin, PartyKind, Status
from casefile.domain.records import page_at
from casefile.extract.types import EventSuggestion, PartySuggestion
from casefile.services.base import audit
from casefile.services.names import alias_key, norm_name
from casefile.services.tags import LEGAL_ISSUES


@dataclass(frozen=True)
class Doc:
    id: int
    exhibit: int
    filename: str
    kind: str
    text: str
    published: str | None
    author: str
    sha256: str | None
    meta: dict[str, Any]
    language: str | None = None  # set by the user or an earlier read; None: detect from the text

    def reads_own(self) -> bool:
        """An embedded post read on its own (an HTML embed); posts found in the parent's text are not."""
        return bool((self.meta.get("embedded") or {}).get("read_own", False))

    def span(self) -> tuple[int, int] | None:
        span = (self.meta.get("embedded") or {}).get("span")
        return (int(span[0]), int(span[1])) if span else None



def plan_events(top: Doc, events: list[EventSuggestion],
                 children: list[tuple[Doc, tuple[int, int] | None, list[EventSuggestion]]]
                 ) -> list[tuple[EventSuggestion, Doc, int, int]]:
    """Each event with the exhibit it cites: a post's passage cites the post; a post's own events follow."""
    planned: list[tuple[EventSuggestion, Doc, int, int]] = []
    covered: set[int] = set()
    for sug in events:
        target, begin, end = top, sug.char_start, sug.char_end
        for child, span, _own in children:
            if span and span[0] <= sug.char_start and sug.char_end <= span[1]:
                covered.add(child.id)  # the parent's text already yields this post's event
                rel = (sug.char_start - span[0], sug.char_end - span[0])
                if child.text[rel[0]:rel[1]] == sug.quote:
                    target, begin, end = child, rel[0], rel[1]
                break
        planned.append((sug, target, begin, end))
    for child, _span, own_events in children:
        if child.id not in covered:
            planned += [(sug, child, sug.char_start, sug.char_end) for sug in own_events]
    return planned


def parties_of_children(s: Session, ids: list[int]) -> dict[str, int]:
    """Names of parties mentioned in embedded posts, so the posts' events link them too."""
    if not ids:
        return {}
    out: dict[str, int] = {}
    stmt = (select(Party.id, Party.name_norm, PartyAlias.norm).join(Mention, Mention.party_id == Party.id)
            .outerjoin(PartyAlias, PartyAlias.party_id == Party.id).where(Mention.evidence_id.in_(ids)))
    for pid, name_norm, alias_norm in s.execute(stmt):
        out.setdefault(name_norm, pid)
        if alias_norm:
            out.setdefault(alias_norm, pid)
    return out


def merge_parties(s: Session, ev: Doc, suggestions: list[PartySuggestion]) -> dict[str, int]:
    """Match suggestions to existing parties by name or alias, create the rest as suggested.

    This runs for every exhibit, so it speaks SQL to the session's own connection (same transaction) instead
    of building ORM objects. Returns party ids by normalised name and alias, for linking the events.
    """
    if not suggestions:
        return {}
    cur = RawCursor(s)
    wanted = sorted({norm_name(n) for sug in suggestions for n in (sug.name, *sug.aliases)} - {""})
    wanted_list = cur.list_param(wanted)
    known: dict[str, int] = {}
    for alias_norm, pid in cur.execute(
            f"SELECT norm, party_id FROM party_alias WHERE norm {cur.in_list()} ORDER BY party_id", (wanted_list,)):
        known.setdefault(alias_norm, pid)
    info: dict[int, tuple[str, str, str]] = {}  # id -> (name, kind, status)
    for pid, name, name_norm, kind, status in cur.execute(
            f"SELECT id, name, name_norm, kind, status FROM party WHERE name_norm {cur.in_list()} "
            f"OR id {cur.in_list()} ORDER BY id",
            (wanted_list, cur.list_param(sorted(set(known.values()))))).fetchall():
        info[pid] = (name, kind, status)
        if name_norm in wanted:
            known[name_norm] = pid  # a name beats another party's alias
    have: dict[int, set[str]] = {}
    for pid, alias in cur.execute(f"SELECT party_id, alias FROM party_alias WHERE party_id {cur.in_list()}",
                                  (cur.list_param(list(info)),)):
        have.setdefault(pid, set()).add(alias_key(alias))
    now = cur.now()
    by_name: dict[str, int] = {}
    new_aliases: list[tuple[int, str, str]] = []
    mentions: list[tuple[int, int, int, int, str]] = []
    for sug in suggestions:
        names = [sug.name, *sug.aliases]
        norms = [norm_name(n) for n in names]
        pid = next((known[n] for n in norms if n in known), None)
        if pid is None:
            pid = cur.insert(
                "INSERT INTO party (name, name_norm, kind, role, description, status, origin, confidence, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (sug.name[:300], norm_name(sug.name), sug.kind.value, sug.role.value, sug.description,
                 Status.SUGGESTED.value, Origin.EXTRACTED.value, sug.confidence, now, now))
            info[pid] = (sug.name[:300], sug.kind.value, Status.SUGGESTED.value)
            audit(s, "suggest", "party", pid, f"Suggested party '{sug.name}' from Ex. {ev.exhibit}")
        name, kind, status = info[pid]
        keys = have.setdefault(pid, set()) | {alias_key(name)}
        for alias, n in zip(names, norms, strict=True):
            k = alias_key(alias)
            if k and n and k not in keys:
                new_aliases.append((pid, alias[:300], n))
                keys.add(k)
        have[pid] = keys
        if kind == PartyKind.PERSON.value and sug.kind is not PartyKind.PERSON and status == Status.SUGGESTED.value:
            cur.execute("UPDATE party SET kind = ? WHERE id = ?", (sug.kind.value, pid))
            info[pid] = (name, sug.kind.value, status)
        for n in norms:
            known.setdefault(n, pid)
            by_name.setdefault(n, pid)
        mentions += [(pid, ev.id, m.char_start, m.char_end, m.text[:300]) for m in sug.mentions]
    if new_aliases:
        cur.executemany("INSERT INTO party_alias (party_id, alias, norm) VALUES (?, ?, ?)", new_aliases)
    if mentions:
        cur.executemany("INSERT INTO mention (party_id, evidence_id, char_start, char_end, text) "
                        "VALUES (?, ?, ?, ?, ?)", mentions)
    return by_name


def add_events(s: Session, planned: list[tuple[EventSuggestion, Doc, int, int]], parties: dict[str, int],
                top: Doc) -> None:
    """Insert the unit's suggested events with their links, in SQL on the session's connection."""
    if not planned:
        return
    cur = RawCursor(s)
    tag_ids = _tag_ids(cur, {t for sug, *_ in planned for t in sug.tags})
    page_starts = list(top.meta.get("page_starts") or [])
    now = cur.now()
    links: list[tuple[int, int]] = []
    tags: list[tuple[int, int]] = []
    sources: list[tuple[int, int, str, int, int, int | None]] = []
    for sug, target, begin, end in planned:
        d = sug.date
        ranged = d.qualifier in (DateQualifier.BETWEEN, DateQualifier.SPAN)
        event_id = cur.insert(
            "INSERT INTO event (date_start, date_precision, date_qualifier, date_end, title, description, "
            "status, origin, confidence, forecast, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (d.start.iso(), d.start.precision.value, d.qualifier.value, d.end.iso() if d.end and ranged else None,
             (sug.title or sug.quote[:80])[:500], sug.description, Status.SUGGESTED.value,
             Origin.EXTRACTED.value, sug.confidence, sug.forecast, now, now))
        linked = {parties[n] for n in map(norm_name, sug.party_names) if n in parties}
        links += [(event_id, pid) for pid in sorted(linked)]
        tags += [(event_id, tag_ids[t]) for t in dict.fromkeys(sug.tags)]
        page = page_at(page_starts, begin) if target.sha256 else None
        sources.append((event_id, target.id, sug.quote, begin, end, page))
    if links:
        cur.executemany("INSERT INTO event_party (event_id, party_id) VALUES (?, ?)", links)
    if tags:
        cur.executemany("INSERT INTO event_tag (event_id, tag_id) VALUES (?, ?)", tags)
    cur.executemany("INSERT INTO event_source (event_id, evidence_id, quote, char_start, char_end, page) "
                    "VALUES (?, ?, ?, ?, ?, ?)", sources)


def _tag_ids(cur: RawCursor, names: set[str]) -> dict[str, int]:
    wanted = sorted({n.strip() for n in names if n and n.strip()})
    if not wanted:
        return {}
    found = dict(cur.execute(f"SELECT name, id FROM tag WHERE name {cur.in_list()}",
                             (cur.list_param(wanted),)).fetchall())
    for name in wanted:
        if name not in found:
            found[name] = cur.insert("INSERT INTO tag (name, is_issue, color) VALUES (?, ?, '')",
                                     (name, name.casefold() in LEGAL_ISSUES))
    return {n.strip(): found[n.strip()] for n in names if n and n.strip()}


__all__ = ["Doc", "add_events", "merge_parties", "parties_of_children", "plan_events"]
