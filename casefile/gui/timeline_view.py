"""The visual timeline: events on a time axis, grouped into counted clusters, zoomed and panned.

It paints buckets, not items: positions arrive as one sorted list (from `events.positions`) and each
paint counts the events in a handful of pixel buckets with `bisect`, so 100,000 events cost the same as 100.
Time is a float day number (`date.toordinal()` plus the time of day as a fraction).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPalette, QPen, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from casefile.domain.enums import Status

STATUS_COLOURS = {
    Status.SUGGESTED.value: QColor("#d08a00"),
    Status.CONFIRMED.value: QColor("#2e9d4f"),
    Status.DISPUTED.value: QColor("#c0392b"),
    Status.DISMISSED.value: QColor("#8a8a8a"),
}
PARTY_COLOURS = [QColor(c) for c in ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                                     "#e377c2", "#17becf")]
OTHER_COLOUR = QColor("#8a8a8a")
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
BUCKET_PX = 34  # events closer than this share a cluster marker
AXIS_H = 26
MIN_SPAN = 1 / 24 / 4  # a quarter of an hour across the whole width
_MIN_DAY, _MAX_DAY = 1.0, float(date(9999, 12, 31).toordinal())

Position = tuple[int, float, str, int | None]  # id, day, status, first party id


@dataclass(frozen=True)
class PreparedPositions:
    """Positions sorted by day and grouped by status and by party: 50 ms at 100k events, so workers build it."""

    days: list[float]
    ids: list[int]
    day_of: dict[int, float]
    by_status: dict[str, list[float]]
    by_party: dict[object, list[float]]
    top_parties: list[int]


def prepare_positions(positions: list[Position]) -> PreparedPositions:
    positions = sorted(positions, key=lambda p: p[1])
    by_status: dict[str, list[float]] = {}
    parties: dict[object, list[float]] = {}
    for _id, day, status, party in positions:
        by_status.setdefault(status, []).append(day)
        parties.setdefault(party, []).append(day)
    top = [k for k, _n in Counter({k: len(v) for k, v in parties.items() if k is not None}).most_common(8)]
    by_party: dict[object, list[float]] = {k: parties[k] for k in top}
    rest = sorted(d for k, v in parties.items() if k not in by_party for d in v)
    if rest:
        by_party["other"] = rest
    return PreparedPositions([p[1] for p in positions], [p[0] for p in positions],
                             {p[0]: p[1] for p in positions}, by_status, by_party, top)  # type: ignore[arg-type]


def day_label(day: float, unit: str) -> str:
    d = date.fromordinal(int(min(max(day, _MIN_DAY), _MAX_DAY)))
    if unit == "year":
        return str(d.year)
    if unit == "month":
        return f"{_MONTHS[d.month - 1]} {d.year}" if d.month == 1 else _MONTHS[d.month - 1]
    if unit == "day":
        return f"{d.day} {_MONTHS[d.month - 1]}" + (f" {d.year}" if d.month == 1 and d.day == 1 else "")
    minutes = round((day - math.floor(day)) * 24 * 60)
    return f"{d.day} {_MONTHS[d.month - 1]}" if minutes in (0, 1440) else f"{minutes // 60:02d}:{minutes % 60:02d}"


def ticks(t0: float, t1: float, width: int, min_px: int = 80) -> tuple[str, list[float]]:
    """Calendar-aligned tick positions for the visible range, spaced at least `min_px` apart."""
    per_px = (t1 - t0) / max(width, 1)
    need = per_px * min_px
    for years in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if years * 365.25 >= need or years == 1000:
            year_step = years
            break
    if need > 200:
        y0 = date.fromordinal(int(max(t0, _MIN_DAY))).year
        y0 -= y0 % year_step
        out = []
        y = max(y0, 1)
        while y <= 9999:
            t = float(date(y, 1, 1).toordinal())
            if t > t1:
                break
            out.append(t)
            y += year_step
        return "year", out
    if need > 20:
        step = next(s for s in (1, 2, 3, 6) if s * 30.44 >= need or s == 6)
        d0 = date.fromordinal(int(max(t0, _MIN_DAY)))
        m = (d0.year * 12 + d0.month - 1) // step * step
        out = []
        while True:
            y, mo = divmod(m, 12)
            if y > 9999:
                break
            t = float(date(y, mo + 1, 1).toordinal())
            if t > t1:
                break
            out.append(t)
            m += step
        return "month", out
    if need > 0.5:
        step = next(s for s in (1, 2, 7, 14) if s >= need or s == 14)
        t = math.floor(t0 / step) * step
    else:
        hours = next(h for h in (1, 2, 3, 6, 12) if h / 24 >= need or h == 12)
        step = hours / 24
        t = math.floor(t0 / step) * step
    out = []
    while t <= t1:
        out.append(t)
        t += step
    return ("day" if step >= 1 else "hour"), out


class TimelineStrip(QWidget):
    """Paints the events; emits `event_clicked(id)` when the user picks a single event."""

    event_clicked = Signal(int)
    range_changed = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Visual timeline")
        self.setAccessibleDescription("Events on a time axis. Wheel or +/- to zoom, drag or arrows to pan, "
                                      "Home to fit all; click an event to select it.")
        self.colour_by = "status"  # or "party"
        self.party_names: dict[int, str] = {}
        self._days: list[float] = []
        self._ids: list[int] = []
        self._day_of: dict[int, float] = {}
        self._by_status: dict[str, list[float]] = {}
        self._by_party: dict[object, list[float]] = {}
        self._party_colour: dict[object, QColor] = {}
        self._selected: list[float] = []
        self._markers: list[tuple[QRectF, int, int]] = []
        self._t0, self._t1 = float(date.today().toordinal() - 365), float(date.today().toordinal() + 1)
        self._press: QPointF | None = None
        self._press_range = (self._t0, self._t1)
        self._dragged = False
        self.empty_text = "No events to show"

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(800, 140)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, 80)

    # data -----------------------------------------------------------------------------------------
    def set_positions(self, positions: list[Position], *, fit: bool = False) -> None:
        self.set_prepared(prepare_positions(positions), fit=fit)

    def set_prepared(self, prepared: PreparedPositions, *, fit: bool = False) -> None:
        """Show positions sorted and grouped by `prepare_positions` (which a worker thread can run)."""
        self._days, self._ids, self._day_of = prepared.days, prepared.ids, prepared.day_of
        self._by_status, self._by_party = prepared.by_status, prepared.by_party
        self._party_colour = {k: PARTY_COLOURS[i] for i, k in enumerate(prepared.top_parties)}
        self._selected = sorted(self._day_of[i] for i in self._selected_ids() if i in self._day_of)
        if fit or not self._in_view_any():
            self.fit_all()
        else:
            self.update()

    def _selected_ids(self) -> list[int]:
        return getattr(self, "_sel_ids", [])

    def _in_view_any(self) -> bool:
        if not self._days:
            return True
        return bisect_right(self._days, self._t1) - bisect_left(self._days, self._t0) > 0

    def set_selected(self, ids: list[int]) -> None:
        """Highlight `ids`; pan so a single selected event is on screen."""
        self._sel_ids = list(ids)
        self._selected = sorted(self._day_of[i] for i in ids if i in self._day_of)
        if len(self._selected) == 1 and not self._t0 <= self._selected[0] <= self._t1:
            half = (self._t1 - self._t0) / 2
            self.set_range(self._selected[0] - half, self._selected[0] + half)
        self.update()

    def set_colour_by(self, mode: str) -> None:
        self.colour_by = mode
        self.update()

    @property
    def count(self) -> int:
        return len(self._days)

    # range ----------------------------------------------------------------------------------------
    def visible_range(self) -> tuple[float, float]:
        return self._t0, self._t1

    def set_range(self, t0: float, t1: float) -> None:
        if t1 - t0 < MIN_SPAN:
            mid = (t0 + t1) / 2
            t0, t1 = mid - MIN_SPAN / 2, mid + MIN_SPAN / 2
        span = min(t1 - t0, _MAX_DAY - _MIN_DAY)
        t0 = min(max(t0, _MIN_DAY - span / 2), _MAX_DAY - span / 2)
        self._t0, self._t1 = t0, t0 + span
        self.range_changed.emit(self._t0, self._t1)
        self.update()

    def fit_all(self) -> None:
        if not self._days:
            self.update()
            return
        lo, hi = self._days[0], self._days[-1]
        pad = max((hi - lo) * 0.05, 15.0)
        self.set_range(lo - pad, hi + pad)

    def zoom(self, factor: float, at_x: float | None = None) -> None:
        """Zoom by `factor` (>1 zooms in) keeping the time under `at_x` where it is."""
        x = self.width() / 2 if at_x is None else at_x
        t = self.time_at(x)
        span = (self._t1 - self._t0) / factor
        frac = x / max(self.width(), 1)
        self.set_range(t - span * frac, t - span * frac + span)

    def pan(self, dx_px: float) -> None:
        dt = dx_px * (self._t1 - self._t0) / max(self.width(), 1)
        self.set_range(self._t0 - dt, self._t1 - dt)

    def time_at(self, x: float) -> float:
        return self._t0 + (self._t1 - self._t0) * x / max(self.width(), 1)

    def x_of(self, t: float) -> float:
        return (t - self._t0) / max(self._t1 - self._t0, 1e-9) * self.width()

    # painting -------------------------------------------------------------------------------------
    def paintEvent(self, _event: object) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        text = pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        axis_y = self.height() - AXIS_H
        self._paint_axis(p, axis_y, text, muted)
        if not self._days:
            p.setPen(muted)
            p.drawText(QRectF(0, 0, self.width(), axis_y), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            p.end()
            return
        self._paint_markers(p, axis_y / 2 + 6, text)
        self._paint_legend(p, text)
        p.end()

    def _paint_axis(self, p: QPainter, y: float, text: QColor, muted: QColor) -> None:
        p.setPen(QPen(muted, 1))
        p.drawLine(QPointF(0, y), QPointF(self.width(), y))
        unit, ts = ticks(self._t0, self._t1, self.width())
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.9, 7))
        p.setFont(font)
        grid = QColor(muted)
        grid.setAlpha(60)
        for t in ts:
            x = self.x_of(t)
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(x, 0), QPointF(x, y))
            p.setPen(QPen(muted, 1))
            p.drawLine(QPointF(x, y), QPointF(x, y + 5))
            p.setPen(text)
            p.drawText(QRectF(x + 3, y + 4, 120, AXIS_H - 4),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, day_label(t, unit))

    def _groups(self) -> dict[object, list[float]]:
        return self._by_status if self.colour_by == "status" else self._by_party

    def _colour(self, key: object) -> QColor:
        if self.colour_by == "status":
            return STATUS_COLOURS.get(str(key), OTHER_COLOUR)
        return self._party_colour.get(key, OTHER_COLOUR)

    def _paint_markers(self, p: QPainter, cy: float, text: QColor) -> None:
        self._markers = []
        bucket = BUCKET_PX * (self._t1 - self._t0) / max(self.width(), 1)
        k0, k1 = math.floor(self._t0 / bucket) - 1, math.floor(self._t1 / bucket) + 1
        groups = self._groups()
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.8, 6.5))
        font.setBold(True)
        p.setFont(font)
        k = k0
        while k <= k1:
            lo = bisect_left(self._days, k * bucket)
            if lo >= len(self._days):
                break
            # skip empty stretches in one step
            k = max(k, math.floor(self._days[lo] / bucket))
            if k > k1:
                break
            hi = bisect_left(self._days, (k + 1) * bucket, lo)
            n = hi - lo
            first, last = self._days[lo], self._days[hi - 1]
            x = self.x_of((first + last) / 2)
            key = max(groups, key=lambda g: bisect_left(groups[g], (k + 1) * bucket) - bisect_left(groups[g],
                                                                                                     k * bucket))
            colour = self._colour(key)
            r = 5.0 if n == 1 else min(7.0 + 2.2 * math.log10(n) * 2, 11.0)
            label = _short(n) if n > 1 else ""
            half_w = max(r, (p.fontMetrics().horizontalAdvance(label) + 8) / 2) if label else r
            rect = QRectF(x - half_w, cy - r, 2 * half_w, 2 * r)  # a pill wide enough for its count
            selected = bisect_left(self._selected, first) < bisect_right(self._selected, last)
            if selected:
                p.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 3))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(rect.adjusted(-3, -3, 3, 3), r + 3, r + 3)
            hollow = self.colour_by == "status" and key == Status.SUGGESTED.value and n == 1
            p.setPen(QPen(colour.darker(130), 1.5))
            p.setBrush(Qt.BrushStyle.NoBrush if hollow else colour)
            p.drawRoundedRect(rect, r, r)
            if label:
                p.setPen(QColor("white"))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            self._markers.append((rect.adjusted(-2, -2, 2, 2), lo, hi))
            k += 1

    def _paint_legend(self, p: QPainter, text: QColor) -> None:
        groups = self._groups()
        if self.colour_by == "status":
            items = [(Status(k).label, STATUS_COLOURS[k]) for k in STATUS_COLOURS if k in groups]
        else:
            items = [(self.party_names.get(k, "Other") if isinstance(k, int) else "Other / none",
                      self._party_colour.get(k, OTHER_COLOUR)) for k in groups]
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.85, 6.5))
        p.setFont(font)
        fm = p.fontMetrics()
        x = 6.0
        for label, colour in items:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawEllipse(QRectF(x, 7, 8, 8))
            p.setPen(text)
            p.drawText(QPointF(x + 11, 6 + fm.ascent()), label)
            x += 11 + fm.horizontalAdvance(label) + 12

    # interaction ----------------------------------------------------------------------------------
    def marker_at(self, pos: QPointF) -> tuple[int, int] | None:
        for rect, lo, hi in self._markers:
            if rect.contains(pos):
                return lo, hi
        return None

    def marker_center(self, event_id: int) -> QPointF | None:
        """Where the marker holding `event_id` was last painted (for tests and accessibility)."""
        for rect, lo, hi in self._markers:
            if event_id in self._ids[lo:hi]:
                return rect.center()
        return None

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120 or event.angleDelta().x() / 120
        if steps:
            self.zoom(1.25**steps, event.position().x())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press, self._press_range, self._dragged = event.position(), (self._t0, self._t1), False
            self.setFocus()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is not None:
            dx = event.position().x() - self._press.x()
            if abs(dx) > 4 or self._dragged:
                self._dragged = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                span = self._press_range[1] - self._press_range[0]
                t0 = self._press_range[0] - dx * span / max(self.width(), 1)
                self.set_range(t0, t0 + span)
            return
        hit = self.marker_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.OpenHandCursor)
        if hit:
            QToolTip.showText(event.globalPosition().toPoint(), self._describe(*hit), self)
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        dragged, self._press = self._dragged, None
        self.unsetCursor()
        if dragged:
            return
        hit = self.marker_at(event.position())
        if hit is None:
            return
        lo, hi = hit
        first, last = self._days[lo], self._days[hi - 1]
        if hi - lo > 1 and last - first > MIN_SPAN:
            pad = (last - first) * 0.15
            self.set_range(first - pad, last + pad)  # open the cluster
        else:
            self.event_clicked.emit(self._ids[lo])

    def keyPressEvent(self, event: object) -> None:  # noqa: N802
        key = event.key()  # type: ignore[attr-defined]
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.5)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / 1.5)
        elif key == Qt.Key.Key_Left:
            self.pan(self.width() / 5)
        elif key == Qt.Key.Key_Right:
            self.pan(-self.width() / 5)
        elif key == Qt.Key.Key_Home:
            self.fit_all()
        else:
            super().keyPressEvent(event)  # type: ignore[arg-type]

    def _describe(self, lo: int, hi: int) -> str:
        first, last = self._days[lo], self._days[hi - 1]
        if hi - lo == 1:
            return f"{_full(first)} — click to select"
        action = "click to zoom in" if last - first > MIN_SPAN else "click to select the first"
        return f"{hi - lo:,} events, {_full(first)} – {_full(last)} — {action}"


def _full(day: float) -> str:
    d = date.fromordinal(int(min(max(day, _MIN_DAY), _MAX_DAY)))
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _short(n: int) -> str:
    if n < 1000:
        return str(n)
    if n < 10000:
        return f"{n / 1000:.1f}k".replace(".0k", "k")
    return f"{n // 1000}k"
