"""Where sources disagree: events told by several exhibits are grouped as one happening after each import (the
new events only, through the signature index), and the tellings of each happening are compared.

Matching and comparing are `extract.happenings`'s; this module reads and writes the case. Verdicts, manual
links and their undo live in `conflict_verdicts`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import Integer, String, and_, column, delete, func, insert, or_, select, update, values
from sqlalchemy.orm import Session

from casefile.db.models import (
    AuditLog,
    DisagreementVerdict,
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
from casefile.domain.conflicts import Disagreement, DisagreementKind, TellingSide, Verdict
from casefile.domain.dates import CaseDate
from casefile.extract.amounts import Amount, amounts_disagree
from casefile.extract.happenings import (
    Difference,
    Telling,
    act_key,
    differences,
    same_happening,
    telling,
    window,
    written_date,
)
from casefile.services.base import CaseContext, Service
from casefile.services.convert import event_date

if TYPE_CHECKING:
    from casefile.services.conflict_verdicts import ConflictVerdicts

_CHUNK = 500
_MAX_SPAN = 366  # days: a year-only date or an "on or before" bound spans at most this
_LIVE = ("suggested", "confirmed", "disputed")


@dataclass(frozen=True)
class _EventInfo:
    id: int
    title: str
    date: str
    date_display: str
    status: str
    exhibit: int | None
    quote: str
    outlet: str
    published: str
    citations: tuple[tuple[int | None, str], ...] = ()


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


def _telling_of(row: Any) -> Telling:
    """A stored signature (an `EventAct` or a row of its columns in that order) as a `Telling`."""
    return Telling(row.event_id, row.evidence_id or 0, row.source, row.copy_key, row.act, row.obj, row.agent,
                   tuple(frozenset(p) for p in row.participants or []), row.day_lo, row.day_hi, row.exact,
                   row.date_text,
                   tuple(Amount(str(u), float(v), str(w), bool(x)) for u, v, w, x in row.amounts or []))


class ConflictService(Service):
    def __init__(self, ctx: CaseContext) -> None:
        super().__init__(ctx)
        self._cache: tuple[tuple[object, ...], tuple[Disagreement, ...], dict[int, int]] | None = None

    @property
    def verdicts(self) -> ConflictVerdicts:
        """Verdicts, manual links and their undo."""
        from casefile.services.conflict_verdicts import ConflictVerdicts

        return ConflictVerdicts(self.ctx)

    # matching ---------------------------------------------------------------------------------------------
    def refresh(self) -> int:
        """Sign and match every event not signed yet (the new ones); returns how many were signed."""
        if self.ctx.read_only:
            return 0
        signed = 0
        while True:
            with self._write() as s:
                ids = list(s.scalars(select(Event.id).outerjoin(EventAct, EventAct.event_id == Event.id)
                                     .where(EventAct.event_id.is_(None)).order_by(Event.id).limit(_CHUNK)))
                if not ids:
                    return signed
                match_all(s, sign_events(s, ids))
                signed += len(ids)

    def resign(self, event_ids: Sequence[int]) -> None:
        """Sign edited events again (their date, title or parties changed); their links stay."""
        with self._write() as s:
            s.execute(delete(EventActKey).where(EventActKey.event_id.in_(list(event_ids))))
            s.execute(delete(EventAct).where(EventAct.event_id.in_(list(event_ids))))
            linked = set(s.scalars(select(HappeningEvent.event_id).where(HappeningEvent.event_id.in_(list(event_ids)))))
            match_all(s, [t for t in sign_events(s, list(event_ids)) if t.event_id not in linked])

    # reading ----------------------------------------------------------------------------------------------
    def disagreements(self) -> list[Disagreement]:
        """Every disagreement between tellings of one happening, open and resolved, in timeline order.

        Kept until the case changes (a new audit entry, event or link), so the Timeline's reloads after each
        edit elsewhere do not compare every happening again."""
        return list(self._analysed()[0])

    def _analysed(self) -> tuple[tuple[Disagreement, ...], dict[int, int]]:
        with self._read() as s:
            stamp = (s.scalar(select(func.max(AuditLog.id))), s.scalar(select(func.max(Event.id))),
                     s.scalar(select(func.count()).select_from(HappeningEvent)))
            cached = self._cache
            if cached is not None and cached[0] == stamp:
                return cached[1], cached[2]
            found, told = _analysis(s)
        self._cache = (stamp, tuple(found), told)
        return tuple(found), told

    def flagged_event_ids(self) -> set[int]:
        """Events with an open disagreement: the rows the Timeline flags."""
        return {i for d in self.disagreements() if d.open for i in d.event_ids}

    def open_count(self) -> int:
        return sum(1 for d in self.disagreements() if d.open)

    def corroboration(self) -> dict[int, int]:
        """For each event of a happening told by two or more independent sources, how many sources tell it."""
        return dict(self._analysed()[1])

    def happening_of(self, event_id: int) -> list[int]:
        """The events telling the same happening as this one (itself included), or [] when none is linked."""
        with self._read() as s:
            hid = s.scalar(select(HappeningEvent.happening_id).where(HappeningEvent.event_id == event_id))
            if hid is None:
                return []
            return list(s.scalars(select(HappeningEvent.event_id).where(HappeningEvent.happening_id == hid)
                                  .order_by(HappeningEvent.event_id)))


def independent_sources(tellings: Sequence[Telling]) -> int:
    """Outlets or authors telling a happening, copies of one wire story counted once."""
    parent: dict[int, int] = {i: i for i in range(len(tellings))}

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, a in enumerate(tellings):
        for j in range(i):
            b = tellings[j]
            if a.source == b.source or a.copy_key == b.copy_key:
                parent[root(i)] = root(j)
    return len({root(i) for i in range(len(tellings))})


# signing ----------------------------------------------------------------------------------------------------
def sign_events(s: Session, ids: list[int]) -> list[Telling]:
    """Write the signature (and index keys) of each event; returns those that report a known act."""
    rows, keys, out = _signatures(s, ids)
    if rows:
        s.execute(insert(EventAct), rows)
    if keys:
        s.execute(insert(EventActKey), keys)
    return out


def _signatures(s: Session, ids: list[int]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Telling]]:
    """Each event's signature row, its index keys, and the tellings of those that report a known act."""
    events = s.execute(select(Event.id, Event.version, Event.title, Event.date_start, Event.date_qualifier,
                              Event.date_end).where(Event.id.in_(ids))).all()
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
    rows: list[dict[str, Any]] = []
    keys: list[dict[str, Any]] = []
    out: list[Telling] = []
    for eid, version, title, start, qualifier, end in events:
        evid, quote = first_source.get(eid, (0, ""))
        source, published = exhibits.get(evid, ("", None))
        when = event_date(start, qualifier, end)
        parties = list(names[eid].values()) if eid in names else []
        t = telling(eid, evid, source, title or "", quote or title or "", when, parties, "")
        row: dict[str, Any] = {"event_id": eid, "version": version, "evidence_id": evid or None, "act": "",
                               "obj": "", "agent": "", "participants": [], "day_lo": 0, "day_hi": 0,
                               "exact": False, "date_text": "", "amounts": [], "source": source[:300],
                               "copy_key": ""}
        if t is not None:
            copy_key = hashlib.sha1(t.copy_key.encode()).hexdigest()
            date_text = written_date(quote, when, published) if quote else when.start.display()
            t = Telling(t.event_id, t.exhibit_id, t.source, copy_key, t.act, t.obj, t.agent, t.participants,
                        t.day_lo, t.day_hi, t.exact, date_text, t.amounts)
            row.update(act=t.act, obj=t.obj, agent=t.agent[:300], participants=[sorted(p) for p in t.participants],
                       day_lo=t.day_lo, day_hi=t.day_hi, exact=t.exact, date_text=t.date_text[:200],
                       amounts=_amounts_json(t.amounts), copy_key=copy_key)
            keys += [{"event_id": eid, "key": k[:200], "day_lo": t.day_lo} for k in index_keys(t)]
            out.append(t)
        rows.append(row)
    return rows, keys, out


def index_keys(t: Telling) -> set[str]:
    """The keys under which a telling is found: its act with each party, and with what it acted on."""
    base = act_key(t.act)
    out = {f"{base}|{p}" for p in t.keys}
    if t.obj:
        out.add(f"{base}|obj:{t.obj}")
    if t.exact:
        out.add(f"{base}|*")  # by its day alone, for tellings that name no one ("the company laid off …")
    return out


def _parse(iso: str | None) -> CaseDate | None:
    try:
        return CaseDate.parse(iso) if iso else None
    except ValueError:
        return None


def match_all(s: Session, tellings: Sequence[Telling]) -> None:
    """Link each new telling to the one happening of earlier tellings it matches best — never merging two, never
    into one that already holds a telling from its exhibit or an event the user set apart from it.

    A handful of queries for the whole batch: the index rows under the batch's keys and days, those events'
    signatures, statuses, happenings and "not the same" pairs; the rest is in memory."""
    tellings = [t for t in tellings if index_keys(t)]
    if not tellings:
        return
    all_keys = {k for t in tellings for k in index_keys(t)}
    # each key with the days its tellings may reach, joined to the index in SQL: only rows that can match come back
    reach: dict[str, tuple[int, int]] = {}
    for t in tellings:
        first, last = t.day_lo - window(t.act) - _MAX_SPAN, t.day_hi + window(t.act)
        for k in index_keys(t):
            if not k.endswith("|*"):
                lo, hi = reach.get(k, (first, last))
                reach[k] = (min(lo, first), max(hi, last))
    under: dict[str, list[tuple[int, int]]] = defaultdict(list)  # key -> (day_lo, event id)
    spans = sorted((k, lo, hi) for k, (lo, hi) in reach.items())
    for i in range(0, len(spans), 300):
        wanted_rows = values(column("key", String(200)), column("lo", Integer), column("hi", Integer),
                             name="wanted").data(spans[i:i + 300]).cte("wanted")  # WITH …(VALUES): SQLite too
        for key, day, eid in s.execute(
                select(EventActKey.key, EventActKey.day_lo, EventActKey.event_id).join(wanted_rows, and_(
                    EventActKey.key == wanted_rows.c.key, EventActKey.day_lo >= wanted_rows.c.lo,
                    EventActKey.day_lo <= wanted_rows.c.hi))):
            under[key].append((day, eid))
    days = sorted({t.day_lo for t in tellings if t.exact})  # "the same act that very day": only those days
    for i in range(0, len(days), _CHUNK):
        for key, day, eid in s.execute(select(EventActKey.key, EventActKey.day_lo, EventActKey.event_id).where(
                EventActKey.key.in_(sorted(k for k in all_keys if k.endswith("|*"))),
                EventActKey.day_lo.in_(days[i:i + _CHUNK]))):
            under[key].append((day, eid))
    wanted: dict[int, set[int]] = {}
    for t in tellings:
        first, last = t.day_lo - window(t.act) - _MAX_SPAN, t.day_hi + window(t.act)
        wanted[t.event_id] = {eid for k in index_keys(t) for day, eid in under.get(k, ())
                              if (day == t.day_lo if k.endswith("|*") else first <= day <= last)
                              and eid != t.event_id}
    ids = sorted(set().union(*wanted.values()) | {t.event_id for t in tellings})
    known = _signatures_of(s, ids)
    known.update({t.event_id: t for t in tellings})
    group_of: dict[int, int] = {}
    apart: dict[int, set[int]] = defaultdict(set)
    for i in range(0, len(ids), _CHUNK):
        part = ids[i:i + _CHUNK]
        group_of.update(s.execute(select(HappeningEvent.event_id, HappeningEvent.happening_id)
                                  .where(HappeningEvent.event_id.in_(part))).all())
        for a, b in s.execute(select(HappeningApart.event_a, HappeningApart.event_b).where(
                or_(HappeningApart.event_a.in_(part), HappeningApart.event_b.in_(part)))):
            apart[a].add(b)
            apart[b].add(a)
    members: dict[int, set[int]] = defaultdict(set)
    hids = sorted(set(group_of.values()))
    for i in range(0, len(hids), _CHUNK):
        for eid, hid in s.execute(select(HappeningEvent.event_id, HappeningEvent.happening_id)
                                  .where(HappeningEvent.happening_id.in_(hids[i:i + _CHUNK]))):
            members[hid].add(eid)
            group_of[eid] = hid
    exhibit_of: dict[int, int | None] = {eid: t.exhibit_id for eid, t in known.items()}
    missing = sorted(e for m in members.values() for e in m if e not in exhibit_of)
    for i in range(0, len(missing), _CHUNK):
        exhibit_of.update((eid, evid) for eid, evid in s.execute(
            select(EventAct.event_id, EventAct.evidence_id).where(EventAct.event_id.in_(missing[i:i + _CHUNK]))))
    new_members: list[dict[str, Any]] = []
    next_temp = -1
    for t in tellings:
        if t.event_id in group_of:
            continue
        matched = [known[e] for e in wanted[t.event_id] if e in known and e not in apart[t.event_id]
                   and same_happening(t, known[e])]
        votes: dict[int | None, list[Telling]] = defaultdict(list)
        for c in matched:
            home = group_of.get(c.event_id)
            if home is not None and any(exhibit_of.get(m) == t.exhibit_id or m in apart[t.event_id]
                                        for m in members[home]):
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
    real: dict[int, int] = {}
    for temp in sorted({m["happening_id"] for m in new_members if m["happening_id"] < 0}):
        h = Happening()
        s.add(h)
        s.flush()
        real[temp] = h.id
    s.execute(insert(HappeningEvent), [{"event_id": m["event_id"], "linked_by": "auto",
                                        "happening_id": real.get(m["happening_id"], m["happening_id"])}
                                       for m in new_members])


def _signatures_of(s: Session, ids: list[int]) -> dict[int, Telling]:
    """Stored signatures of live events that report an act."""
    out: dict[int, Telling] = {}
    cols = (EventAct.event_id, EventAct.evidence_id, EventAct.source, EventAct.copy_key, EventAct.act, EventAct.obj,
            EventAct.agent, EventAct.participants, EventAct.day_lo, EventAct.day_hi, EventAct.exact,
            EventAct.date_text, EventAct.amounts)
    for i in range(0, len(ids), _CHUNK):
        for row in s.execute(select(*cols).join(Event, Event.id == EventAct.event_id).where(
                EventAct.event_id.in_(ids[i:i + _CHUNK]), EventAct.act != "", Event.status.in_(_LIVE))):
            out[row[0]] = _telling_of(row)
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
def _happenings(s: Session) -> dict[int, list[int]]:
    """Happenings told by two or more live events: id -> event ids."""
    out: dict[int, list[int]] = defaultdict(list)
    for hid, eid in s.execute(select(HappeningEvent.happening_id, HappeningEvent.event_id)
                              .join(Event, Event.id == HappeningEvent.event_id)
                              .where(Event.status.in_(_LIVE)).order_by(HappeningEvent.event_id)):
        out[hid].append(eid)
    return {h: m for h, m in out.items() if len(m) > 1}


def _tellings(s: Session, ids: Sequence[int]) -> dict[int, Telling]:
    stale = [eid for eid, ver, signed in s.execute(
        select(Event.id, Event.version, EventAct.version).join(EventAct, EventAct.event_id == Event.id)
        .where(Event.id.in_(list(ids)))) if ver != signed]
    rows = {r.event_id: r for r in s.scalars(select(EventAct).where(EventAct.event_id.in_(list(ids))))}
    out = {eid: _telling_of(r) for eid, r in rows.items() if r.act}
    if stale:  # edited since it was signed: compare what it says now (the stored signature waits for `resign`)
        fresh = _fresh_tellings(s, stale)
        out.update(fresh)
    return out


def _fresh_tellings(s: Session, ids: list[int]) -> dict[int, Telling]:
    return {t.event_id: t for t in _signatures(s, ids)[2]}


def _analysis(s: Session) -> tuple[list[Disagreement], dict[int, int]]:
    """Every disagreement, and how many independent sources tell each happening told by two or more."""
    happenings = _happenings(s)
    if not happenings:
        return [], {}
    all_ids = sorted({e for m in happenings.values() for e in m})
    tellings: dict[int, Telling] = {}
    for i in range(0, len(all_ids), _CHUNK):
        tellings.update(_tellings(s, all_ids[i:i + _CHUNK]))
    verdicts = {(v.event_a, v.event_b, v.kind): v for v in s.scalars(select(DisagreementVerdict))}
    found: list[tuple[int, DisagreementKind, Telling, Telling, str, str]] = []
    corroborated: dict[int, int] = {}
    for hid, members in happenings.items():
        told = [tellings[e] for e in members if e in tellings]
        count = independent_sources(told)
        if count >= 2:
            corroborated.update({eid: count for eid in members})
        for kind in DisagreementKind:
            for a, b, va, vb in _apart(told, kind):
                found.append((hid, kind, a, b, va, vb))
    wanted = sorted({t.event_id for f in found for t in f[2:4]})
    info: dict[int, _EventInfo] = {}
    for i in range(0, len(wanted), _CHUNK):
        info.update(_event_info(s, wanted[i:i + _CHUNK]))
    out: list[Disagreement] = []
    for hid, kind, a, b, va, vb in found:
        if a.event_id > b.event_id:
            a, b, va, vb = b, a, vb, va
        v = verdicts.get((a.event_id, b.event_id, kind.value))
        out.append(Disagreement(hid, kind, _side(info[a.event_id], va), _side(info[b.event_id], vb),
                                Verdict(v.verdict) if v else None, v.asserted_a if v else "",
                                v.asserted_b if v else ""))
    out.sort(key=lambda d: (min(d.a.date, d.b.date), d.happening_id, d.kind.value))
    return out, corroborated


def _apart(told: list[Telling], kind: DisagreementKind) -> list[tuple[Telling, Telling, str, str]]:
    """The disagreements of one kind among a happening's tellings; amounts compared unit by unit."""
    if kind is not DisagreementKind.AMOUNT:
        def differ(a: Telling, b: Telling) -> Difference | None:
            return next((d for d in differences(a, b) if d.kind == kind.value), None)

        return _clusters_apart(told, differ)
    out: list[tuple[Telling, Telling, str, str]] = []
    for unit in sorted({a.unit for t in told for a in t.amounts}):
        def differ_in(a: Telling, b: Telling, unit: str = unit) -> Difference | None:
            if a.copy_key == b.copy_key:
                return None
            pair = amounts_disagree([x for x in a.amounts if x.unit == unit], [y for y in b.amounts if y.unit == unit])
            return Difference("amount", pair[0].written, pair[1].written) if pair else None

        out += _clusters_apart([t for t in told if any(a.unit == unit for a in t.amounts)], differ_in)
    return out


def _clusters_apart(told: list[Telling], differ: Callable[[Telling, Telling], Difference | None]
                    ) -> list[tuple[Telling, Telling, str, str]]:
    """Tellings that agree gathered (most-agreed-with first); one disagreement per pair of gatherings, between
    their surest tellings."""
    ranked = sorted(told, key=lambda t: (-sum(1 for o in told if differ(t, o) is None), not t.exact, t.event_id))
    clusters: list[list[Telling]] = []
    for t in ranked:
        home = next((c for c in clusters if all(differ(t, o) is None for o in c)), None)
        if home is None:
            clusters.append([t])
        else:
            home.append(t)
    out: list[tuple[Telling, Telling, str, str]] = []
    for i, first in enumerate(clusters):
        for second in clusters[i + 1:]:
            pair = next(((x, y, d) for x in first for y in second if (d := differ(x, y)) is not None), None)
            if pair is not None:
                out.append((pair[0], pair[1], pair[2].value_a, pair[2].value_b))
    return out


def _side(e: _EventInfo, value: str) -> TellingSide:
    return TellingSide(e.id, e.title, e.date, e.date_display, e.status, e.exhibit, e.quote, e.outlet, e.published,
                       value, e.citations)


def _event_info(s: Session, ids: list[int]) -> dict[int, _EventInfo]:
    """Each event's title, date, status and citations, with its first exhibit's outlet (three queries)."""
    if not ids:
        return {}
    first: dict[int, tuple[int, str]] = {}
    cites: dict[int, list[tuple[int | None, str]]] = defaultdict(list)
    for eid, evid, exhibit, quote in s.execute(
            select(EventSource.event_id, EventSource.evidence_id, Evidence.exhibit, EventSource.quote)
            .join(Evidence, Evidence.id == EventSource.evidence_id)
            .where(EventSource.event_id.in_(ids)).order_by(EventSource.id)):
        first.setdefault(eid, (evid, quote or ""))
        cites[eid].append((exhibit, quote or ""))
    exhibits = {row[0]: row for row in s.execute(
        select(Evidence.id, Evidence.exhibit, Evidence.meta, Evidence.url, Evidence.author, Evidence.published)
        .where(Evidence.id.in_(sorted({v[0] for v in first.values()}))))}
    out: dict[int, _EventInfo] = {}
    for eid, title, start, qualifier, end, status in s.execute(
            select(Event.id, Event.title, Event.date_start, Event.date_qualifier, Event.date_end, Event.status)
            .where(Event.id.in_(ids))):
        evid, quote = first.get(eid, (0, ""))
        ev = exhibits.get(evid)
        outlet = outlet_of(str((ev[2] or {}).get("site") or ""), ev[3] or "", ev[4] or "", ev[1]) if ev else ""
        when = event_date(start, qualifier, end)
        out[eid] = _EventInfo(eid, title, start, when.start.display(), status, ev[1] if ev else None, quote,
                              outlet, (ev[5] or "") if ev else "", tuple(cites[eid]))
    return out


__all__ = ["ConflictService", "independent_sources", "join", "outlet_of", "sign_events"]
