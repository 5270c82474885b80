"""Where sources disagree: events told by several exhibits are grouped as one happening after each import (the
new events only, through the signature index), and the tellings of each happening are compared.

Matching and comparing are `extract.happenings`'s; signatures and links are stored by `happening_match`;
verdicts, manual links and their undo live in `conflict_verdicts`.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from casefile.db.models import (
    AuditLog,
    DisagreementVerdict,
    Event,
    EventAct,
    EventActKey,
    EventSource,
    Evidence,
    HappeningEvent,
)
from casefile.domain.conflicts import Disagreement, DisagreementKind, TellingSide, Verdict
from casefile.extract.amounts import amounts_disagree
from casefile.extract.happenings import (
    Difference,
    Telling,
    differences,
)
from casefile.services.base import CaseContext, Service, lock_happenings
from casefile.services.convert import event_date
from casefile.services.happening_match import (
    CHUNK,
    LIVE,
    compute_signatures,
    match_all,
    outlet_of,
    sign_events,
    signatures,
    signing_inputs,
    telling_of,
    write_signatures,
)

if TYPE_CHECKING:
    from casefile.services.conflict_verdicts import ConflictVerdicts



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


NEW_BATCH = 500  # a suggestion pass's new events signed and matched per transaction
BACKLOG_BATCH = 100  # events of a case from before this version signed per step (tens of milliseconds each)
BACKLOG_YIELD_S = 0.01  # after each step: another writer (an import) and the window's thread get their turn
BACKLOG_WAIT_S = 0.1  # how often a paused backlog asks again whether it may continue


@dataclass(frozen=True)
class BacklogReport:
    """What one run of `sign_backlog` did: events signed, of how many waiting when it began, and whether it was
    stopped before the end (run it again to go on: it takes up where it stopped)."""

    signed: int
    total: int
    cancelled: bool


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
    def last_event_id(self) -> int:
        """The newest event's id: a suggestion pass notes it when it begins, and signs only the events after it."""
        with self._read() as s:
            return s.scalar(select(func.max(Event.id))) or 0

    def sign_new(self, after: int) -> int:
        """Sign and match the unsigned events past `after`: those a suggestion pass (or one running beside it)
        has just written, never a case's backlog from before this version. Returns how many were signed."""
        if self.ctx.read_only:
            return 0
        signed, cursor = 0, after
        while True:
            with self._read() as s:
                ids = list(s.scalars(_unsigned().where(Event.id > cursor).order_by(Event.id).limit(NEW_BATCH)))
            if not ids:
                return signed
            signed += self._sign(ids)
            cursor = ids[-1]

    def backlog(self) -> int:
        """How many events are not signed yet (a case from before this version, an event added by hand)."""
        if self.ctx.read_only:
            return 0
        with self._read() as s:
            return s.scalar(select(func.count()).select_from(_unsigned().subquery())) or 0

    def sign_backlog(self, progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None,
                     may_continue: Callable[[], bool] | None = None) -> BacklogReport:
        """Sign and match every event not signed yet, oldest first, in small steps: each computed outside any
        transaction and written in a short one, with a pause after it, and none while `may_continue()` says no
        (the person is typing or clicking, an import runs). Stops when `cancelled()`; safe to run again.

        A case made before this version has every event to sign (minutes at 100,000 events): in one go, an
        import beside it was refused as busy and the window's thread waited on the interpreter."""
        total = self.backlog()
        signed, cursor = 0, 0
        while total:
            while may_continue is not None and not may_continue():
                if cancelled is not None and cancelled():
                    return BacklogReport(signed, total, True)
                time.sleep(BACKLOG_WAIT_S)
            if cancelled is not None and cancelled():
                return BacklogReport(signed, total, True)
            with self._read() as s:
                ids = list(s.scalars(_unsigned().where(Event.id > cursor).order_by(Event.id).limit(BACKLOG_BATCH)))
            if not ids:
                break
            signed += self._sign(ids)
            cursor = ids[-1]
            if progress is not None:
                progress(min(signed, total), total)
            if may_continue is not None:  # someone shares the case (the window): their turn
                time.sleep(BACKLOG_YIELD_S)
        return BacklogReport(signed, total, False)

    def refresh(self) -> int:
        """Sign and match every event not signed yet, to the end (the CLI, tests); returns how many."""
        if self.ctx.read_only:
            return 0
        return self.sign_backlog().signed

    def _sign(self, ids: list[int]) -> int:
        """Sign events: read, then compute with no transaction open, then write and match in a short one (under
        the happenings' lock) the events nobody signed meanwhile (another pass, the backlog)."""
        with self._read() as s:
            inputs = signing_inputs(s, ids)
        rows, keys, tellings = compute_signatures(inputs)
        with self._write() as s:
            lock_happenings(s)
            still = set(s.scalars(_unsigned().where(Event.id.in_(ids))))
            if not still:
                return 0
            write_signatures(s, [r for r in rows if r["event_id"] in still],
                             [k for k in keys if k["event_id"] in still])
            match_all(s, [t for t in tellings if t.event_id in still])
            return len(still)

    def resign(self, event_ids: Sequence[int]) -> None:
        """Sign edited events again (their date, title or parties changed); their links stay."""
        with self._write() as s:
            lock_happenings(s)
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
def _unsigned() -> Select[int]:
    """The ids of events with no signature yet."""
    return select(Event.id).outerjoin(EventAct, EventAct.event_id == Event.id).where(EventAct.event_id.is_(None))


def _happenings(s: Session) -> dict[int, list[int]]:
    """Happenings told by two or more live events: id -> event ids."""
    out: dict[int, list[int]] = defaultdict(list)
    for hid, eid in s.execute(select(HappeningEvent.happening_id, HappeningEvent.event_id)
                              .join(Event, Event.id == HappeningEvent.event_id)
                              .where(Event.status.in_(LIVE)).order_by(HappeningEvent.event_id)):
        out[hid].append(eid)
    return {h: m for h, m in out.items() if len(m) > 1}


def _tellings(s: Session, ids: Sequence[int]) -> dict[int, Telling]:
    stale = [eid for eid, ver, signed in s.execute(
        select(Event.id, Event.version, EventAct.version).join(EventAct, EventAct.event_id == Event.id)
        .where(Event.id.in_(list(ids)))) if ver != signed]
    rows = {r.event_id: r for r in s.scalars(select(EventAct).where(EventAct.event_id.in_(list(ids))))}
    out = {eid: telling_of(r) for eid, r in rows.items() if r.act}
    if stale:  # edited since it was signed: compare what it says now (the stored signature waits for `resign`)
        fresh = _fresh_tellings(s, stale)
        out.update(fresh)
    return out


def _fresh_tellings(s: Session, ids: list[int]) -> dict[int, Telling]:
    return {t.event_id: t for t in signatures(s, ids)[2]}


def _analysis(s: Session) -> tuple[list[Disagreement], dict[int, int]]:
    """Every disagreement, and how many independent sources tell each happening told by two or more."""
    happenings = _happenings(s)
    if not happenings:
        return [], {}
    all_ids = sorted({e for m in happenings.values() for e in m})
    tellings: dict[int, Telling] = {}
    for i in range(0, len(all_ids), CHUNK):
        tellings.update(_tellings(s, all_ids[i:i + CHUNK]))
    verdicts = {(v.event_a, v.event_b, v.kind): v for v in s.scalars(select(DisagreementVerdict))}
    found: list[tuple[int, DisagreementKind, Telling, Telling, str, str]] = []
    corroborated: dict[int, int] = {}
    for hid, members in happenings.items():
        told = [tellings[e] for e in members if e in tellings]
        count = independent_sources(told)
        if count >= 2:
            corroborated.update({eid: count for eid in members})
        memo: dict[tuple[int, int], list[Difference]] = {}  # each pair compared once for every kind
        for kind in DisagreementKind:
            for a, b, va, vb in _apart(told, kind, memo):
                found.append((hid, kind, a, b, va, vb))
    wanted = sorted({t.event_id for f in found for t in f[2:4]})
    info: dict[int, _EventInfo] = {}
    for i in range(0, len(wanted), CHUNK):
        info.update(_event_info(s, wanted[i:i + CHUNK]))
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


def _apart(told: list[Telling], kind: DisagreementKind, memo: dict[tuple[int, int], list[Difference]] | None = None
           ) -> list[tuple[Telling, Telling, str, str]]:
    """The disagreements of one kind among a happening's tellings; amounts compared unit by unit. `memo` keeps
    each pair's differences for the other kinds (a happening told 100 times compares 10,000 pairs per kind)."""
    if kind is not DisagreementKind.AMOUNT:
        want = kind.value
        memo = {} if memo is None else memo

        def differ(a: Telling, b: Telling) -> Difference | None:
            found = memo.get((a.event_id, b.event_id))
            if found is None:
                found = memo[(a.event_id, b.event_id)] = differences(a, b)
            return next((d for d in found if d.kind == want), None)

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
    """Tellings that agree gathered (most-agreed-with first); one disagreement between the first gathering and
    each other one, between their surest tellings."""
    ranked = sorted(told, key=lambda t: (-sum(1 for o in told if differ(t, o) is None), not t.exact, t.event_id))
    clusters: list[list[Telling]] = []
    for t in ranked:
        home = next((c for c in clusters if all(differ(t, o) is None for o in c)), None)
        if home is None:
            clusters.append([t])
        else:
            home.append(t)
    out: list[tuple[Telling, Telling, str, str]] = []
    if not clusters:
        return out
    first = clusters[0]  # each dissenting telling against the most-told one (not dissents against each other)
    for second in clusters[1:]:
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


__all__ = ["BacklogReport", "ConflictService", "independent_sources"]
