"""The timeline graphic, laid out and painted with QtGui only, so the app's visual timeline and the summary
PDF's timeline page draw the same picture.

`fit_range` frames the case, not its stray dates: forecasts (until confirmed) and far outliers stay outside
and an arrow at the edge says how many lie beyond. `layout` places each event in its lane (one per party when
asked), draws qualified and spanning dates as bars, and gives titles to as many events as fit without
overlapping; when too many events share the view they collapse into counted clusters. `paint` draws a layout.
Time is a float day number (`date.toordinal()` plus the time of day as a fraction).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from casefile.domain.enums import Status
from casefile.reports.timeline_data import (  # noqa: F401 - re-exported for the view
    TOP_LANES,
    Mark,
    MarkIndex,
    TimelinePage,
    fit_range,
    index_marks,
    marks_from_positions,
)

STATUS_COLOURS = {
    Status.SUGGESTED.value: "#b87800",
    Status.CONFIRMED.value: "#2e8b47",
    Status.DISPUTED.value: "#c0392b",
    Status.DISMISSED.value: "#8a8a8a",
}
PARTY_COLOURS = ("#1f77b4", "#d9730d", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")
OTHER_COLOUR = "#8a8a8a"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MIN_DAY, MAX_DAY = 1.0, float(date(9999, 12, 31).toordinal())
MAX_TITLED = 400  # above this many events in view, clusters replace single marks
BUCKET_PX = 34.0
ARROW_W = 74.0  # room kept at each edge for the "n earlier / n later" arrows
LABEL_MAX_PX = 190.0


def day_label(day: float, unit: str) -> str:
    d = date.fromordinal(int(min(max(day, MIN_DAY), MAX_DAY)))
    if unit == "year":
        return str(d.year)
    if unit == "month":
        return f"{MONTHS[d.month - 1]} {d.year}" if d.month == 1 else MONTHS[d.month - 1]
    if unit == "day":
        return f"{d.day} {MONTHS[d.month - 1]}" + (f" {d.year}" if d.month == 1 and d.day == 1 else "")
    minutes = round((day - math.floor(day)) * 24 * 60)
    return f"{d.day} {MONTHS[d.month - 1]}" if minutes in (0, 1440) else f"{minutes // 60:02d}:{minutes % 60:02d}"


def full_day(day: float) -> str:
    d = date.fromordinal(int(min(max(day, MIN_DAY), MAX_DAY)))
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def ticks(t0: float, t1: float, width: float, min_px: int = 80) -> tuple[str, list[float]]:
    """Calendar-aligned tick positions for the visible range, spaced at least `min_px` apart."""
    need = (t1 - t0) / max(width, 1) * min_px
    if need > 200:
        step = next((y for y in (1, 2, 5, 10, 20, 50, 100, 200, 500) if y * 365.25 >= need), 1000)
        y = max(date.fromordinal(int(max(t0, MIN_DAY))).year // step * step, 1)
        out = []
        while y <= 9999 and (t := float(date(y, 1, 1).toordinal())) <= t1:
            out.append(t)
            y += step
        return "year", out
    if need > 20:
        step = next((s for s in (1, 2, 3, 6) if s * 30.44 >= need), 6)
        d0 = date.fromordinal(int(max(t0, MIN_DAY)))
        m = (d0.year * 12 + d0.month - 1) // step * step
        out = []
        while m // 12 <= 9999 and (t := float(date(m // 12, m % 12 + 1, 1).toordinal())) <= t1:
            out.append(t)
            m += step
        return "month", out
    if need > 0.5:
        fstep = float(next((s for s in (1, 2, 7, 14) if s >= need), 14))
    else:
        fstep = next((h for h in (1, 2, 3, 6, 12) if h / 24 >= need), 12) / 24
    t = math.floor(t0 / fstep) * fstep
    out = []
    while t <= t1:
        out.append(t)
        t += fstep
    return ("day" if fstep >= 1 else "hour"), out


@dataclass
class Placed:
    """A drawn event (or cluster): its shape, where its title went, what it holds."""

    shape: QRectF
    ids: list[int]
    colour: str
    hollow: bool = False
    dashed: bool = False
    bar: bool = False
    label: str = ""
    label_rect: QRectF | None = None
    count: int = 1
    span: tuple[float, float] | None = None  # a cluster's first and last day

    def holds(self, selected: frozenset[int], selected_days: Sequence[float]) -> bool:
        """Whether a selected event is in here (a cluster checks its days: its ids may number 100,000)."""
        if self.span is not None:
            return any(self.span[0] <= d <= self.span[1] for d in selected_days)
        return not selected.isdisjoint(self.ids)


@dataclass
class Lane:
    key: object
    name: str
    top: float
    height: float


@dataclass
class Layout:
    t0: float
    t1: float
    plot: QRectF  # where time runs (inside the arrows' margins)
    axis_y: float
    lanes: list[Lane] = field(default_factory=list)
    placed: list[Placed] = field(default_factory=list)
    before: int = 0  # events left of the range
    after: int = 0  # events right of it
    after_forecasts: int = 0  # of which pending forecasts
    after_last: float | None = None  # the latest day beyond
    tick_unit: str = "year"
    tick_days: list[float] = field(default_factory=list)

    def x_of(self, t: float) -> float:
        return self.plot.left() + (t - self.t0) / max(self.t1 - self.t0, 1e-9) * self.plot.width()

    def time_at(self, x: float) -> float:
        return self.t0 + (x - self.plot.left()) / max(self.plot.width(), 1) * (self.t1 - self.t0)

    def hit(self, pos: QPointF) -> Placed | None:
        """The event or cluster under `pos` (its shape, padded a little, or its title)."""
        for p in reversed(self.placed):
            if p.shape.adjusted(-3, -3, 3, 3).contains(pos) or (p.label_rect and p.label_rect.contains(pos)):
                return p
        return None

    def arrow_at(self, pos: QPointF) -> str | None:
        if self.before and pos.x() < self.plot.left() and pos.y() < self.axis_y:
            return "before"
        if self.after and pos.x() > self.plot.right() and pos.y() < self.axis_y:
            return "after"
        return None


def layout(marks: Sequence[Mark], t0: float, t1: float, rect: QRectF, font: QFont, *,
           lanes_by_party: bool = False, party_names: dict[int, str] | None = None, colour_by: str = "status",
           top_margin: float = 20.0, index: MarkIndex | None = None) -> Layout:
    """Place `marks` (sorted by day) in `rect` for the range t0..t1; titles where they fit."""
    fm = QFontMetricsF(font)
    line_h = fm.height() + 2
    axis_h = line_h + 8
    plot = QRectF(rect.left() + ARROW_W, rect.top() + top_margin, max(rect.width() - 2 * ARROW_W, 10),
                  max(rect.height() - top_margin - axis_h, 10))
    out = Layout(t0, t1, plot, plot.bottom())
    out.tick_unit, out.tick_days = ticks(t0, t1, plot.width())
    ix = index or index_marks(marks)
    lo_i = bisect_left(ix.days, t0 - ix.longest_bar)
    hi_i = bisect_right(ix.days, t1)
    out.before = lo_i + (bisect_left(ix.days, t0, lo_i) - lo_i if not ix.longest_bar else
                         sum(1 for h in ix.his[lo_i:hi_i] if h < t0))
    out.after = len(marks) - hi_i
    out.after_forecasts = ix.pending[len(marks)] - ix.pending[hi_i]
    out.after_last = ix.days[-1] if out.after else None
    names = party_names or {}
    crowded = hi_i - lo_i > MAX_TITLED
    shown = [] if crowded else [m for m in marks[lo_i:hi_i] if m.hi >= t0 and m.lo <= t1]
    parties = (ix.top if crowded else _lane_keys(shown)) if lanes_by_party else []
    keys: list[object] = [*parties, "other"] if parties else ["all"]
    lane_h = plot.height() / len(keys)
    for i, k in enumerate(keys):
        name = names.get(k, "") if isinstance(k, int) else ("Other / none" if k == "other" else "")
        out.lanes.append(Lane(k, name, plot.top() + i * lane_h, lane_h))
    lane_of = {k: i for i, k in enumerate(keys)}
    colour_of: Callable[[Mark], str]
    colour_keys = parties or (ix.top if crowded else _lane_keys(shown))
    pcol: dict[object, str] = {k: PARTY_COLOURS[i % len(PARTY_COLOURS)] for i, k in enumerate(colour_keys)}
    if colour_by == "party":
        colour_of = lambda m: pcol.get(m.party, OTHER_COLOUR)  # noqa: E731
    else:
        colour_of = lambda m: STATUS_COLOURS.get(m.status, OTHER_COLOUR)  # noqa: E731
    if crowded:
        for lane in out.lanes:
            out.placed += _clusters(out, lane, lane.key, ix, colour_by, pcol, fm)
        return out
    by_lane: dict[int, list[Mark]] = {}
    for m in shown:
        li = lane_of.get(m.party, lane_of.get("other", 0)) if parties else 0
        by_lane.setdefault(li, []).append(m)
    for li, lane_marks in by_lane.items():
        out.placed += _titled(out, out.lanes[li], lane_marks, colour_of, fm, line_h)
    return out


def _lane_keys(marks: Sequence[Mark], n: int = TOP_LANES) -> list[int]:
    """The busiest parties among `marks` (most events first, then by id: the same rule as `index_marks`)."""
    count: dict[int, int] = {}
    for m in marks:
        if m.party is not None:
            count[m.party] = count.get(m.party, 0) + 1
    return sorted(count, key=lambda k: (-count[k], k))[:n]


def _titled(out: Layout, lane: Lane, marks: list[Mark], colour_of: Callable[[Mark], str],
            fm: QFontMetricsF, line_h: float) -> list[Placed]:
    """Each event a dot or a bar on the lane's line; titles below in rows, greedily, never overlapping."""
    header = line_h if lane.name else 0.0
    y = lane.top + header + 8
    rows = max(1, int((lane.top + lane.height - y - 8) // line_h))
    row_end = [-1e9] * rows
    placed: list[Placed] = []
    for m in sorted(marks, key=lambda m: (m.lo, m.id)):
        x0 = out.x_of(max(m.lo, out.t0 - 1))
        x1 = out.x_of(min(m.hi, out.t1 + 1))
        if m.bar and x1 - x0 >= 4:
            shape = QRectF(x0, y - 4, max(x1 - x0, 6), 8)
        else:
            x = out.x_of(m.day)
            shape = QRectF(x - 5, y - 5, 10, 10)
        p = Placed(shape, [m.id], colour_of(m), hollow=m.status == Status.SUGGESTED.value,
                   dashed=m.forecast, bar=shape.width() > 10)
        title = ("Forecast: " if m.forecast else "") + (m.title or "(untitled)")
        text = fm.elidedText(title, Qt.TextElideMode.ElideRight, LABEL_MAX_PX)
        w = fm.horizontalAdvance(text)
        lx = min(shape.left(), out.plot.right() - w)
        lx = max(lx, out.plot.left())
        for r in range(rows):
            if row_end[r] + 8 <= lx:
                row_end[r] = lx + w
                p.label = text
                p.label_rect = QRectF(lx, y + 8 + r * line_h, w, line_h)
                break
        placed.append(p)
    return placed


def _clusters(out: Layout, lane: Lane, key: object, ix: MarkIndex, colour_by: str, pcol: dict[object, str],
              fm: QFontMetricsF) -> list[Placed]:
    """Too many to title: events sharing a `BUCKET_PX` stretch become one counted pill, found by bisection
    on the lane's sorted days (100,000 events cost what 100 do)."""
    y = lane.top + (fm.height() + 2 if lane.name else 0) + 12
    days, ids = ix.lane(key)
    per_px = (out.t1 - out.t0) / max(out.plot.width(), 1)
    bucket = BUCKET_PX * per_px
    placed = []
    lo = bisect_left(days, out.t0)
    end = bisect_right(days, out.t1)
    while lo < end:
        k = math.floor((days[lo] - out.t0) / bucket)
        hi = min(bisect_left(days, out.t0 + (k + 1) * bucket, lo), end)
        hi = max(hi, lo + 1)
        n = hi - lo
        x = out.x_of((days[lo] + days[hi - 1]) / 2)
        label = _short(n)
        half = max(7.0, (fm.horizontalAdvance(label) + 8) / 2) if n > 1 else 5.0
        r = 5.0 if n == 1 else 9.0
        if colour_by == "party":
            colour = pcol.get(key if key != "all" else None, OTHER_COLOUR)
        else:
            counts = ix.status_counts(key, days[lo], days[hi - 1])
            colour = STATUS_COLOURS.get(max(counts, key=counts.__getitem__), OTHER_COLOUR) if counts \
                else OTHER_COLOUR
        placed.append(Placed(QRectF(x - half, y - r, 2 * half, 2 * r), ids[lo:hi], colour, count=n,
                             span=(days[lo], days[hi - 1])))
        lo = hi
    return placed


def _short(n: int) -> str:
    if n < 1000:
        return str(n)
    return f"{n / 1000:.1f}k".replace(".0k", "k") if n < 10000 else f"{n // 1000}k"


@dataclass(frozen=True)
class Colours:
    """What the graphic is painted with: the palette's for the app, black on white for print."""

    base: str = "#ffffff"
    text: str = "#1a1a1a"
    muted: str = "#6b6b6b"
    highlight: str = "#2a6fdb"


def paint(p: QPainter, lay: Layout, font: QFont, colours: Colours = Colours(),  # noqa: B008
          selected: frozenset[int] = frozenset(), scale: float = 1.0,
          selected_days: Sequence[float] = ()) -> None:
    """Draw `lay`: lanes, grid and axis, bars and dots, titles, beyond-arrows. `scale` multiplies pen widths
    (for high-resolution devices such as a 600 dpi PDF)."""
    text, muted = QColor(colours.text), QColor(colours.muted)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setFont(font)
    fm = p.fontMetrics()
    plot = lay.plot
    grid = QColor(muted)
    grid.setAlpha(50)
    for i, lane in enumerate(lay.lanes):
        if i:
            p.setPen(QPen(grid, scale))
            p.drawLine(QPointF(plot.left() - ARROW_W, lane.top), QPointF(plot.right() + ARROW_W, lane.top))
        if lane.name:
            p.setPen(muted)
            p.drawText(QPointF(plot.left(), lane.top + fm.ascent() + 1), lane.name)
    for t in lay.tick_days:
        x = lay.x_of(t)
        if not plot.left() - 1 <= x <= plot.right() + 1:
            continue
        p.setPen(QPen(grid, scale))
        p.drawLine(QPointF(x, plot.top()), QPointF(x, lay.axis_y))
        p.setPen(QPen(muted, scale))
        p.drawLine(QPointF(x, lay.axis_y), QPointF(x, lay.axis_y + 4 * scale))
        p.setPen(text)
        p.drawText(QPointF(x + 3 * scale, lay.axis_y + 4 * scale + fm.ascent()), day_label(t, lay.tick_unit))
    p.setPen(QPen(muted, scale))
    p.drawLine(QPointF(plot.left(), lay.axis_y), QPointF(plot.right(), lay.axis_y))
    for item in lay.placed:  # leaders first, so titles and marks sit on top of them
        if item.label and item.label_rect is not None:
            lead = QColor(item.colour)
            lead.setAlpha(140)
            p.setPen(QPen(lead, scale))
            r = item.shape.height() / 2
            x = max(item.shape.left() + min(r, item.shape.width() / 2), item.label_rect.left())
            p.drawLine(QPointF(x, item.shape.bottom()), QPointF(x, item.label_rect.top() + 2))
    for item in lay.placed:
        _paint_item(p, item, QColor(colours.highlight), bool(selected) and item.holds(selected, selected_days),
                    scale)
    base = QColor(colours.base)
    for item in lay.placed:
        if item.label and item.label_rect is not None:
            p.fillRect(item.label_rect.adjusted(-1, 1, 1, -1), base)
            p.setPen(text)
            p.drawText(item.label_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, item.label)
    _paint_arrows(p, lay, text, muted, scale)
    p.restore()


def _paint_item(p: QPainter, item: Placed, highlight: QColor, selected: bool, scale: float) -> None:
    colour = QColor(item.colour)
    radius = item.shape.height() / 2
    if selected:
        p.setPen(QPen(highlight, 3 * scale))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(item.shape.adjusted(-3, -3, 3, 3), radius + 3, radius + 3)
    pen = QPen(colour.darker(125), 1.6 * scale)
    if item.dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    p.setPen(pen)
    fill = QColor(colour)
    if item.hollow:
        fill.setAlpha(70)
    p.setBrush(fill)
    p.drawRoundedRect(item.shape, radius, radius)
    if item.count > 1:
        p.setPen(QColor("white"))
        p.drawText(item.shape, Qt.AlignmentFlag.AlignCenter, _short(item.count))


def _paint_arrows(p: QPainter, lay: Layout, text: QColor, muted: QColor, scale: float) -> None:
    fm = p.fontMetrics()
    mid = lay.plot.top() + lay.plot.height() / 2
    p.setPen(QPen(muted, 1.5 * scale))
    if lay.before:
        x = lay.plot.left() - ARROW_W + 6
        _arrow(p, x + 10, mid, -1, scale)
        p.setPen(text)
        p.drawText(QRectF(x, mid + 8, ARROW_W - 8, fm.height() * 2), Qt.AlignmentFlag.AlignLeft,
                   f"{lay.before:,} earlier")
    if lay.after:
        x = lay.plot.right() + 4
        p.setPen(QPen(muted, 1.5 * scale))
        _arrow(p, x + ARROW_W - 14, mid, 1, scale)
        note = f"{lay.after:,} later"
        if lay.after_forecasts:
            note += f"\n{lay.after_forecasts:,} forecast" + ("s" if lay.after_forecasts > 1 else "")
        if lay.after_last is not None:
            note += f"\nto {date.fromordinal(int(min(max(lay.after_last, MIN_DAY), MAX_DAY))).year}"
        p.setPen(text)
        p.drawText(QRectF(x, mid + 8, ARROW_W - 6, fm.height() * 3.2), Qt.AlignmentFlag.AlignRight, note)


def _arrow(p: QPainter, x: float, y: float, direction: int, scale: float) -> None:
    s = 7 * scale
    p.drawLine(QPointF(x - 10 * direction * scale, y), QPointF(x + s * direction, y))
    p.drawLine(QPointF(x + s * direction, y), QPointF(x, y - s * 0.8))
    p.drawLine(QPointF(x + s * direction, y), QPointF(x, y + s * 0.8))


# the summary's timeline page ------------------------------------------------------------------------------
MM_PER_UNIT = 0.25  # the page is laid out in units of a quarter millimetre


def paint_timeline_page(p: QPainter, page: TimelinePage, left: float, top: float, width: float, height: float,
                        px_per_mm: float, family: str) -> None:
    """Paint the timeline page in the body rectangle (device pixels): a heading, the graphic with a lane per
    party (the busiest six), titled events and arrows to what lies beyond, and a legend."""
    p.save()
    scale = px_per_mm * MM_PER_UNIT
    p.translate(left, top)
    p.scale(scale, scale)
    w, h = width / scale, height / scale
    heading = QFont(family)
    heading.setPixelSize(22)
    heading.setBold(True)
    p.setFont(heading)
    p.setPen(QColor("#1a1a1a"))
    p.drawText(QPointF(0, 24), "Timeline")
    small = QFont(family)
    small.setPixelSize(11)
    marks = list(page.marks)
    t0, t1 = fit_range(marks)
    lay = layout(marks, t0, t1, QRectF(0, 44, w, h * 0.62), small, lanes_by_party=True,
                 party_names=page.party_names, top_margin=8)
    shown = sum(len(x.ids) for x in lay.placed)
    p.setFont(small)
    p.setPen(QColor("#555555"))
    note = f"{shown:,} of {len(marks):,} events between {full_day(t0)} and {full_day(t1)}"
    if lay.before or lay.after:
        note += "; the arrows count outliers and forecasts left outside"
    p.drawText(QPointF(0, 40), note)
    paint(p, lay, small, Colours())
    y = lay.axis_y + 40
    x = 0.0
    fm = QFontMetricsF(small)
    for label, colour, hollow in (("Confirmed", STATUS_COLOURS["confirmed"], False),
                                  ("Disputed", STATUS_COLOURS["disputed"], False),
                                  ("Suggested (not yet reviewed)", STATUS_COLOURS["suggested"], True)):
        fill = QColor(colour)
        if hollow:
            fill.setAlpha(70)
        p.setPen(QPen(QColor(colour).darker(125), 1.6))
        p.setBrush(fill)
        p.drawEllipse(QRectF(x, y - 9, 10, 10))
        p.setPen(QColor("#1a1a1a"))
        p.drawText(QPointF(x + 14, y), label)
        x += 14 + fm.horizontalAdvance(label) + 22
    p.drawText(QPointF(0, y + 20), "Bars: dates given as a range, “around” or only a month or year. "
                              "Dashed: forecasts.")
    p.restore()
