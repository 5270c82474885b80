"""Signing and matching: each event's signature stored with an index by act + party or object and first day, and
new events linked to the happening they tell in a few queries per batch (the rest in memory).

`extract.happenings` decides what a signature is and whether two tell one happening; this module reads and
writes them. Used by `conflict_service` (after each import's suggestion pass) and `conflict_verdicts` (links).
"""

from __future__ import annotations

import hashlib
import json
import logging
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, Integer, String, bindparam, cast, delete, func, insert, or_, select, text, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import InstrumentedAttribute, Session

from casefile.db.base import utcnow
from casefile.db.models import (
    Event,
    EventAct,
    EventActKey,
    EventSource,
    Evidence,
    Happening,
    HappeningApart,
    HappeningEvent,
    Party,
    PartyAlias,
    event_party,
)
from casefile.domain.dates import CaseDate
from casefile.extract.amounts import Amount
from casefile.extract.happenings import Telling, act_key, same_happening, telling, window, written_date
from casefile.services.convert import event_date

log = logging.getLogger(__name__)
CHUNK = 500
_MAX_SPAN = 366  # days: a year-only date or an "on or before" bound spans at most this
_WIDE = 31  # days: a date spanning more than this is indexed apart (a month spans at most this)
LIVE = ("suggested", "confirmed", "disputed")
_MAX_ID = 2**63


def outlet_of(site: str, url: str, author: str, exhibit: int) -> str:
    """Who asserts what an exhibit says: its outlet, else its web site, else its author, else the exhibit."""
    if site.strip():
        return site.strip()
    host = urlsplit(url).hostname or "" if url else ""
    if host:
        return host.removeprefix("www.")
    return author.strip() or f"Ex. {exhibit}"


def _amounts_json(amounts: Iterable[Amount]) -> list[list[Any]]:
    return [[a.unit, a.value, a.written, a.approx] for a in amounts]


def telling_of(row: Any) -> Telling:
    """A stored signature (an `EventAct` or a row of its columns in that order) as a `Telling`."""
    return Telling(row.event_id, row.evidence_id or 0, row.source, row.copy_key, row.act, row.obj, row.agent,
                   tuple(frozenset(p) for p in row.participants or []), row.day_lo, row.day_hi, row.exact,
                   row.date_text,
                   tuple(Amount(str(u), float(v), str(w), bool(x)) for u, v, w, x in row.amounts or []))


def sign_events(s: Session, ids: list[int]) -> list[Telling]:
    """Write the signature (and index keys) of each event; returns those that report a known act."""
    rows, keys, out = signatures(s, ids)
    write_signatures(s, rows, keys)
    return out


def write_signatures(s: Session, rows: list[dict[str, Any]], keys: list[dict[str, Any]]) -> None:
    if rows:
        s.execute(insert(EventAct), rows)
    if keys:
        s.execute(insert(EventActKey), keys)


@dataclass(frozen=True)
class SigningInput:
    """What signing one event reads from the case: read in a transaction, computed on outside it."""

    event_id: int
    version: int
    title: str
    start: str
    qualifier: str
    end: str | None
    evidence_id: int
    quote: str
    source: str
    published: CaseDate | None
    parties: tuple[tuple[str, ...], ...]  # each linked party's name and aliases


Signed = tuple[list[dict[str, Any]], list[dict[str, Any]], list[Telling]]


def signatures(s: Session, ids: list[int]) -> Signed:
    """Each event's signature row, its index keys, and the tellings of those that report a known act."""
    return compute_signatures(signing_inputs(s, ids))


def signing_inputs(s: Session, ids: list[int]) -> list[SigningInput]:
    """Five queries for a batch: the events, their first citations, those exhibits, parties and aliases."""
    events = s.execute(select(Event.id, Event.version, Event.title, Event.date_start, Event.date_qualifier,
                              Event.date_end).where(Event.id.in_(ids)).order_by(Event.id)).all()
    first_source: dict[int, tuple[int, str]] = {}
    for eid, evid, quote in s.execute(select(EventSource.event_id, EventSource.evidence_id, EventSource.quote)
                                      .where(EventSource.event_id.in_(ids)).order_by(EventSource.id)):
        first_source.setdefault(eid, (evid, quote or ""))
    evidence_ids = sorted({v[0] for v in first_source.values()})
    exhibits: dict[int, tuple[str, CaseDate | None]] = {}
    if evidence_ids:
        for evid, exhibit, published, author, url, meta in s.execute(
                select(Evidence.id, Evidence.exhibit, Evidence.published, Evidence.author, Evidence.url,
                       Evidence.meta).where(Evidence.id.in_(evidence_ids))):
            site = str((meta or {}).get("site") or "")
            exhibits[evid] = (outlet_of(site, url or "", author or "", exhibit), _parse(published))
    names: dict[int, dict[int, list[str]]] = defaultdict(dict)  # event -> party -> name and aliases
    party_of: dict[int, list[int]] = defaultdict(list)
    for eid, pid, name, kind in s.execute(select(event_party.c.event_id, Party.id, Party.name, Party.kind)
                                          .join(Party, Party.id == event_party.c.party_id)
                                          .where(event_party.c.event_id.in_(ids))):
        words = name.split()
        # an organisation is also named by its first word ("Skyward" of "Skyward Robotics"); a person never is
        names[eid][pid] = [name, words[0]] if kind != "person" and len(words) > 1 else [name]
        party_of[pid].append(eid)
    if party_of:
        for pid, alias in s.execute(select(PartyAlias.party_id, PartyAlias.alias)
                                    .where(PartyAlias.party_id.in_(list(party_of)))):
            for eid in party_of[pid]:
                names[eid][pid].append(alias)
    out: list[SigningInput] = []
    for eid, version, title, start, qualifier, end in events:
        evid, quote = first_source.get(eid, (0, ""))
        source, published = exhibits.get(evid, ("", None))
        parties = tuple(tuple(n) for n in names[eid].values()) if eid in names else ()
        out.append(SigningInput(eid, version, title or "", start, qualifier, end, evid, quote, source, published,
                                parties))
    return out


def compute_signatures(inputs: Sequence[SigningInput]) -> Signed:
    """The signature rows, index keys and tellings of read events: pure computing, no session (so a long
    backlog computes outside any transaction and writes in short ones)."""
    rows: list[dict[str, Any]] = []
    keys: list[dict[str, Any]] = []
    out: list[Telling] = []
    for e in inputs:
        eid, evid, quote, source = e.event_id, e.evidence_id, e.quote, e.source
        try:
            when = event_date(e.start, e.qualifier, e.end)
            t = telling(eid, evid, source, e.title, quote or e.title, when, [list(p) for p in e.parties], "")
        except Exception:  # comparing sources is optional: a bug here must not stop an import (it is logged)
            log.exception("could not sign event %s for comparing sources", eid)
            t = None
        row: dict[str, Any] = {"event_id": eid, "version": e.version, "evidence_id": evid or None, "act": "",
                               "obj": "", "agent": "", "participants": [], "day_lo": 0, "day_hi": 0,
                               "exact": False, "date_text": "", "amounts": [], "source": source[:300],
                               "copy_key": ""}
        if t is not None:
            copy_key = hashlib.sha1(t.copy_key.encode()).hexdigest()
            date_text = written_date(quote, when, e.published) if quote else when.start.display()
            t = Telling(t.event_id, t.exhibit_id, t.source, copy_key, t.act, t.obj, t.agent, t.participants,
                        t.day_lo, t.day_hi, t.exact, date_text, t.amounts)
            row.update(act=t.act, obj=t.obj, agent=t.agent[:300], participants=[sorted(p) for p in t.participants],
                       day_lo=t.day_lo, day_hi=t.day_hi, exact=t.exact, date_text=t.date_text[:200],
                       amounts=_amounts_json(t.amounts), copy_key=copy_key)
            keys += [{"event_id": eid, "key": k[:200], "day_lo": t.day_lo} for k in stored_keys(t)]
            out.append(t)
        rows.append(row)
    return rows, keys, out


def index_keys(t: Telling) -> set[str]:
    """The keys under which a telling is found: its act with each pair of its parties (two tellings naming two
    or more parties are one happening only when they share two), with its party when it names one ("#" marks a
    party of a telling naming several), with what it acted on, and with its day."""
    base = act_key(t.act)
    parties = [sorted(p) for p in t.participants]
    out: set[str] = set()
    if len(parties) >= 2:
        for i, first in enumerate(parties):
            for second in parties[i + 1:]:
                out.update(f"{base}|{min(a, b)}&{max(a, b)}" for a in first for b in second if a != b)
        out.update(f"{base}|{k}#" for p in parties for k in p)
    else:
        out.update(f"{base}|{k}" for p in parties for k in p)
    return out | _other_keys(t, base)


def lookup_keys(t: Telling) -> set[str]:
    """The keys to look a new telling's possible matches up under (see `index_keys`)."""
    base = act_key(t.act)
    parties = [sorted(p) for p in t.participants]
    out: set[str] = set()
    if len(parties) >= 2:  # another naming several shares a pair; one naming one party, that party
        out.update(k for k in index_keys(t) if "&" in k)
        out.update(f"{base}|{k}" for p in parties for k in p)
    else:
        out.update(f"{base}|{k}{mark}" for p in parties for k in p for mark in ("", "#"))
    return out | _other_keys(t, base)


def _other_keys(t: Telling, base: str) -> set[str]:
    out = set()
    if t.obj:
        out.add(f"{base}|obj:{t.obj}")
    if t.exact:
        out.add(f"{base}|*")  # by its day alone, for tellings that name no one ("the company laid off …")
    return out


def stored_keys(t: Telling) -> list[str]:
    """The index rows of a telling: a date spanning more than a month ("on or before", a year) is kept under its
    keys marked "~", so that looking up precise dates need not reach a year back for them."""
    wide = t.day_hi - t.day_lo > _WIDE
    return [f"{k}~" if wide and not k.endswith("|*") else k for k in sorted(index_keys(t))]


def _reach(t: Telling, key: str) -> tuple[int, int]:
    """The first days of index rows under `key` that may tell the same happening as `t`."""
    span = _MAX_SPAN if key.endswith("~") else _WIDE
    return t.day_lo - window(t.act) - span, t.day_hi + window(t.act)


def _parse(iso: str | None) -> CaseDate | None:
    try:
        return CaseDate.parse(iso) if iso else None
    except ValueError:
        return None


# the index rows under each (key, first day, last day) of a JSON list, in one statement whatever its length: a
# statement built with one bound value per span was compiled anew for each batch (9 of 20 s in a profile)
_SPANS_PER_QUERY = 5000
_IN_SPANS_SQLITE = text(
    "SELECT k.key, k.day_lo, k.event_id FROM json_each(:spans) AS w CROSS JOIN event_act_key AS k "  # w outermost
    "ON k.key = json_extract(w.value, '$[0]') "
    "AND k.day_lo BETWEEN json_extract(w.value, '$[1]') AND json_extract(w.value, '$[2]')")
_IN_SPANS_PG = text(
    "SELECT k.key, k.day_lo, k.event_id FROM jsonb_array_elements(CAST(:spans AS jsonb)) AS w(v) "
    "JOIN event_act_key AS k ON k.key = w.v ->> 0 "
    "AND k.day_lo BETWEEN CAST(w.v ->> 1 AS integer) AND CAST(w.v ->> 2 AS integer)")


def match_all(s: Session, tellings: Sequence[Telling]) -> None:
    """Link each new telling to the one happening of earlier tellings it matches best — never merging two, never
    into one that already holds a telling from its exhibit or an event the user set apart from it.

    A handful of queries for the whole batch: the index rows under the batch's keys and days, those events'
    signatures, statuses, happenings and "not the same" pairs; the rest is in memory."""
    keys_of = {t.event_id: lookup_keys(t) for t in tellings}
    tellings = [t for t in tellings if keys_of[t.event_id]]
    if not tellings:
        return
    # each key with the days its tellings may reach (overlaps merged), joined to the index in SQL: only rows that
    # can match come back, not a key's every row between the batch's first and last day
    ranges: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for t in tellings:
        for k in keys_of[t.event_id]:
            if not k.endswith("|*"):
                ranges[k].append(_reach(t, k))
                ranges[f"{k}~"].append(_reach(t, f"{k}~"))
    spans = [[k, lo, hi] for k in sorted(ranges) for lo, hi in _merged(ranges[k])]
    under: dict[str, list[tuple[int, int]]] = defaultdict(list)  # key -> (day_lo, event id)
    query = _IN_SPANS_PG if s.get_bind().dialect.name == "postgresql" else _IN_SPANS_SQLITE
    for i in range(0, len(spans), _SPANS_PER_QUERY):
        for key, day, eid in s.execute(query, {"spans": json.dumps(spans[i:i + _SPANS_PER_QUERY])}):
            under[key].append((day, eid))
    days = sorted({t.day_lo for t in tellings if t.exact})  # "the same act that very day": only those days
    day_keys = sorted({k for t in tellings for k in keys_of[t.event_id] if k.endswith("|*")})
    for i in range(0, len(days), CHUNK):
        for key, day, eid in s.execute(select(EventActKey.key, EventActKey.day_lo, EventActKey.event_id).where(
                EventActKey.key.in_(day_keys), EventActKey.day_lo.in_(days[i:i + CHUNK]))):
            under[key].append((day, eid))
    for rows in under.values():
        rows.sort()
    wanted: dict[int, set[int]] = {}
    for t in tellings:
        found: set[int] = set()
        for k in keys_of[t.event_id]:
            if k.endswith("|*"):
                found.update(_between(under.get(k, []), t.day_lo, t.day_lo))
                continue
            for stored in (k, f"{k}~"):
                found.update(_between(under.get(stored, []), *_reach(t, stored)))
        found.discard(t.event_id)
        wanted[t.event_id] = found
    ids = sorted(set().union(*wanted.values()) | {t.event_id for t in tellings})
    mine = {t.event_id: t for t in tellings}
    known = _signatures_of(s, [i for i in ids if i not in mine])  # the batch's own are at hand
    known.update(mine)
    group_of: dict[int, int] = dict(s.execute(select(HappeningEvent.event_id, HappeningEvent.happening_id)
                                              .where(in_ids(s, HappeningEvent.event_id, ids))).all())
    apart: dict[int, set[int]] = defaultdict(set)
    for a, b in s.execute(select(HappeningApart.event_a, HappeningApart.event_b).where(
            or_(in_ids(s, HappeningApart.event_a, ids), in_ids(s, HappeningApart.event_b, ids)))):
        apart[a].add(b)
        apart[b].add(a)
    members: dict[int, set[int]] = defaultdict(set)
    hids = sorted(set(group_of.values()))
    if hids:
        for eid, hid in s.execute(select(HappeningEvent.event_id, HappeningEvent.happening_id)
                                  .where(in_ids(s, HappeningEvent.happening_id, hids))):
            members[hid].add(eid)
            group_of[eid] = hid
    exhibit_of: dict[int, int | None] = {eid: t.exhibit_id for eid, t in known.items()}
    missing = sorted(e for m in members.values() for e in m if e not in exhibit_of)
    if missing:
        exhibit_of.update((eid, evid) for eid, evid in s.execute(
            select(EventAct.event_id, EventAct.evidence_id).where(in_ids(s, EventAct.event_id, missing))))
    new_members: list[dict[str, Any]] = []
    next_temp = -1
    for t in tellings:
        if t.event_id in group_of:
            continue
        matched = [known[e] for e in wanted[t.event_id] if e in known and e not in apart[t.event_id]
                   and same_happening(t, known[e])]
        votes: dict[int | None, list[Telling]] = defaultdict(list)
        closed: dict[int, bool] = {}  # a happening already told by this exhibit, or holding one set apart
        for c in matched:
            home = group_of.get(c.event_id)
            if home is not None:
                if home not in closed:
                    closed[home] = any(exhibit_of.get(m) == t.exhibit_id or m in apart[t.event_id]
                                       for m in members[home])
                if closed[home]:
                    continue
            votes[home].append(c)
        # a happening is joined only when the new telling matches at least half of its tellings: never a chain in
        # which each telling matches the one before and the ends are weeks or parties apart
        votes = {h: v for h, v in votes.items() if h is None or 2 * len(v) >= len(members[h])}
        if not votes:
            continue
        best = max(votes, key=lambda h: (len(votes[h]) if h is not None else 0.5,
                                         -min(_distance_days(t, c) for c in votes[h])))
        if best is None:  # none linked yet: a new happening with the nearest loose match
            partner = min(votes[None], key=lambda c: (_distance_days(t, c), c.event_id))
            best, next_temp = next_temp, next_temp - 1
            group_of[partner.event_id] = best
            members[best].add(partner.event_id)
            new_members.append({"event_id": partner.event_id, "happening_id": best})
        group_of[t.event_id] = best
        members[best].add(t.event_id)
        new_members.append({"event_id": t.event_id, "happening_id": best})
    if not new_members:
        return
    temps = sorted({m["happening_id"] for m in new_members if m["happening_id"] < 0})
    real: dict[int, int] = {}
    if temps:  # one statement for all the new happenings, their ids in the order asked
        now = utcnow()
        made = s.scalars(insert(Happening).returning(Happening.id, sort_by_parameter_order=True),
                         [{"created_at": now} for _ in temps]).all()
        real = dict(zip(temps, made, strict=True))
    s.execute(insert(HappeningEvent), [{"event_id": m["event_id"], "linked_by": "auto",
                                        "happening_id": real.get(m["happening_id"], m["happening_id"])}
                                       for m in new_members])


def _between(rows: list[tuple[int, int]], first: int, last: int) -> list[int]:
    """The event ids of (day, event id) rows, sorted, whose day is from `first` to `last`."""
    return [eid for _day, eid in rows[bisect_left(rows, (first, -1)):bisect_right(rows, (last, _MAX_ID))]]


def in_ids(s: Session, column: InstrumentedAttribute[int], ids: Sequence[int]) -> ColumnElement[bool]:
    """`column IN (ids)` with the ids in one bound JSON value: one cached statement however many there are (a
    list of bound values is rendered anew each time: 80,000 of them cost a tenth of a pass's matching)."""
    doc = bindparam(None, json.dumps(list(ids)), type_=String)
    if s.get_bind().dialect.name == "postgresql":
        elements = func.jsonb_array_elements_text(cast(doc, JSONB)).table_valued("value")
        return column.in_(select(cast(elements.c.value, Integer)))
    return column.in_(select(func.json_each(doc).table_valued("value").c.value))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Day ranges with those that overlap or touch joined."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _signatures_of(s: Session, ids: list[int]) -> dict[int, Telling]:
    """Stored signatures of live events that report an act."""
    out: dict[int, Telling] = {}
    cols = (EventAct.event_id, EventAct.evidence_id, EventAct.source, EventAct.copy_key, EventAct.act, EventAct.obj,
            EventAct.agent, EventAct.participants, EventAct.day_lo, EventAct.day_hi, EventAct.exact,
            EventAct.date_text, EventAct.amounts)
    for row in s.execute(select(*cols).join(Event, Event.id == EventAct.event_id).where(
            in_ids(s, EventAct.event_id, ids), EventAct.act != "", Event.status.in_(LIVE))):
        out[row[0]] = telling_of(row)
    return out


def _distance_days(a: Telling, b: Telling) -> int:
    return abs(a.day_lo - b.day_lo) + abs(a.day_hi - b.day_hi)


def join(s: Session, event_ids: Sequence[int], linked_by: str) -> int:
    """Put events in one happening (the oldest of theirs, the others merged into it); returns its id."""
    current = dict(s.execute(select(HappeningEvent.event_id, HappeningEvent.happening_id)
                             .where(HappeningEvent.event_id.in_(list(event_ids)))).all())
    groups = sorted(set(current.values()))
    if groups:
        target = groups[0]
        if len(groups) > 1:
            s.execute(update(HappeningEvent).where(HappeningEvent.happening_id.in_(groups[1:]))
                      .values(happening_id=target))
            s.execute(delete(Happening).where(Happening.id.in_(groups[1:])))
    else:
        h = Happening()
        s.add(h)
        s.flush()
        target = h.id
    new = [{"event_id": e, "happening_id": target, "linked_by": linked_by} for e in dict.fromkeys(event_ids)
           if e not in current]
    if new:
        s.execute(insert(HappeningEvent), new)
    return target


# comparing --------------------------------------------------------------------------------------------------


__all__ = ["CHUNK", "LIVE", "SigningInput", "compute_signatures", "index_keys", "join", "lookup_keys", "match_all",
           "outlet_of", "sign_events", "signatures", "signing_inputs", "stored_keys", "telling_of", "write_signatures"]
