"""The timeline graphic's data, free of Qt: one mark per event, the range that frames a case, and what the
summary's timeline page draws (so `summary_data` can gather it on any thread)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from casefile.domain.enums import Status


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


def fit_range(marks: Sequence[Mark]) -> tuple[float, float]:
    """The range that frames the case: pending forecasts and outliers (beyond 3 interquartile ranges, at
    least half a year each, of the middle half) stay outside; a little padding either side."""
    core = [m for m in marks if not m.pending_forecast] or list(marks)
    if not core:
        today = float(date.today().toordinal())
        return today - 365, today + 1
    days = sorted(m.day for m in core)
    if len(days) >= 4:
        q1, q3 = days[len(days) // 4], days[(3 * len(days)) // 4]
        iqr = max(q3 - q1, 182.0)
        lo_lim, hi_lim = q1 - 3 * iqr, q3 + 3 * iqr
        core = [m for m in core if lo_lim <= m.day <= hi_lim] or core
    lo, hi = min(m.lo for m in core), max(m.hi for m in core)
    pad = max((hi - lo) * 0.04, 2.0)
    return lo - pad, hi + pad


@dataclass(frozen=True)
class TimelinePage:
    """What the summary's timeline page draws: the printed events' marks and the names of their parties."""

    marks: tuple[Mark, ...]
    party_names: dict[int, str]


def timeline_page(case, flt: object) -> TimelinePage | None:  # noqa: ANN001 - a Case and an EventFilter
    """The marks of the events `flt` prints, or None when there is nothing to draw."""
    marks = marks_from_positions(case.events.positions(flt))
    if not marks:
        return None
    return TimelinePage(tuple(marks), {pid: name for pid, name, _kind in case.parties.names()})


