"""The timeline graphic's data, free of Qt: one mark per event, the range that frames a case, and what the
summary's timeline page draws (so `summary_data` can gather it on any thread)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from casefile.domain.enums import Status
from casefile.domain.records import EventFilter
from casefile.domain.sources import SummarySource


@dataclass(frozen=True)
class Mark:
    """One event to draw; `bar` is the stretch a qualified or spanning date leaves open (None: a point)."""

    id: int
    day: float
    status: str
    party: int | None = None
    bar: tuple[float, float] | None = None
    forecast: bool = False
    title: str = ""

    @property
    def lo(self) -> float:
        return self.bar[0] if self.bar else self.day

    @property
    def hi(self) -> float:
        return self.bar[1] if self.bar else self.day

    @property
    def pending_forecast(self) -> bool:
        """A forecast nobody confirmed yet: kept out of the fitted range."""
        return self.forecast and self.status != Status.CONFIRMED.value


def marks_from_positions(positions: Sequence[tuple]) -> list[Mark]:
    """Marks from `EventService.positions()` rows, sorted by day."""
    out = [Mark(p[0], p[1], p[2], p[3], (p[4], p[5]) if p[4] is not None and p[5] is not None else None,
                bool(p[6]), p[7]) for p in positions]
    out.sort(key=lambda m: (m.day, m.id))
    return out


TOP_LANES = 6  # parties with a lane of their own; the rest share "Other / none"


@dataclass(frozen=True)
class MarkIndex:
    """The marks' days (sorted) with their ids, extents, running counts of pending forecasts, and per-status
    and per-party day lists: built once on a worker, so laying out 100,000 events is bisection, not a pass
    over every mark."""

    days: list[float]
    ids: list[int]
    los: list[float]
    his: list[float]
    pending: list[int]  # pending[i]: pending forecasts among marks[:i]
    longest_bar: float
    by_status: dict[str, list[float]]
    by_party: dict[int | None, tuple[list[float], list[int]]]
    by_party_status: dict[tuple[int | None, str], list[float]]
    core: tuple[list[float], list[float], list[float]]  # days, los, his of the marks that are not pending forecasts
    top: list[int]  # the busiest parties (most events first), which get lanes of their own
    other: tuple[list[float], list[int]]  # days and ids of every other event (the "Other / none" lane)

    def lane(self, key: object) -> tuple[list[float], list[int]]:
        """(days, ids) of a lane: "all", a party id, or "other" (every party outside `top`, and none)."""
        if key == "all":
            return self.days, self.ids
        if key == "other":
            return self.other
        return self.by_party.get(key if isinstance(key, int) else None, ([], []))

    def status_counts(self, key: object, lo: float, hi: float) -> dict[str, int]:
        if key in ("all", "other"):
            lists = self.by_status
            return {st: n for st, days in lists.items() if (n := bisect_right(days, hi) - bisect_left(days, lo))}
        out = {}
        for st in self.by_status:
            days = self.by_party_status.get((key if isinstance(key, int) else None, st), [])
            if n := bisect_right(days, hi) - bisect_left(days, lo):
                out[st] = n
        return out

def index_marks(marks: Sequence[Mark]) -> MarkIndex:
    """Index `marks` (sorted by day)."""
    pending, n = [0], 0
    by_status: dict[str, list[float]] = {}
    by_party: dict[int | None, tuple[list[float], list[int]]] = {}
    by_party_status: dict[tuple[int | None, str], list[float]] = {}
    los, his = [], []
    core: tuple[list[float], list[float], list[float]] = ([], [], [])
    for m in marks:
        n += m.forecast and m.status != Status.CONFIRMED.value
        pending.append(n)
        by_status.setdefault(m.status, []).append(m.day)
        days, ids = by_party.setdefault(m.party, ([], []))
        days.append(m.day)
        ids.append(m.id)
        by_party_status.setdefault((m.party, m.status), []).append(m.day)
        lo, hi = m.bar if m.bar else (m.day, m.day)
        los.append(lo)
        his.append(hi)
        if not (m.forecast and m.status != Status.CONFIRMED.value):
            core[0].append(m.day)
            core[1].append(lo)
            core[2].append(hi)
    top = sorted((k for k in by_party if k is not None), key=lambda k: (-len(by_party[k][0]), k))[:TOP_LANES]
    own = set(top)
    other: tuple[list[float], list[int]] = ([], [])
    for m in marks:  # already in day order
        if m.party not in own:
            other[0].append(m.day)
            other[1].append(m.id)
    return MarkIndex([m.day for m in marks], [m.id for m in marks], los, his, pending,
                     max((h - m.day for m, h in zip(marks, his, strict=True)), default=0.0), by_status, by_party,
                     by_party_status, core if core[0] else ([m.day for m in marks], los, his), top, other)


def fit_range(marks: Sequence[Mark], index: MarkIndex | None = None) -> tuple[float, float]:
    """The range that frames the case: pending forecasts and outliers (beyond 3 interquartile ranges, at
    least half a year each, of the middle half) stay outside; a little padding either side."""
    ix = index or index_marks(marks)
    if not ix.days:
        today = float(date.today().toordinal())
        return today - 365, today + 1
    days, los, his = ix.core
    if len(days) >= 4:
        q1, q3 = days[len(days) // 4], days[(3 * len(days)) // 4]
        iqr = max(q3 - q1, 182.0)
        lo_lim, hi_lim = q1 - 3 * iqr, q3 + 3 * iqr
    else:
        lo_lim, hi_lim = days[0], days[-1]
    a, b = bisect_left(days, lo_lim), bisect_right(days, hi_lim)
    if a >= b:
        a, b = 0, len(days)
    lo, hi = min(los[a:b]), max(his[a:b])
    pad = max((hi - lo) * 0.04, 2.0)
    return lo - pad, hi + pad


@dataclass(frozen=True)
class TimelinePage:
    """What the summary's timeline page draws: the printed events' marks and the names of their parties."""

    marks: tuple[Mark, ...]
    party_names: dict[int, str]


def timeline_page(case: SummarySource, flt: EventFilter) -> TimelinePage | None:
    """The marks of the events `flt` prints, or None when there is nothing to draw."""
    marks = marks_from_positions(case.events.positions(flt))
    if not marks:
        return None
    return TimelinePage(tuple(marks), {pid: name for pid, name, _kind in case.parties.names()})


