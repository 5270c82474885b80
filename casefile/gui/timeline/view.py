"""The visual timeline widget: the shared timeline graphic (`casefile.reports.timeline_graphic`) on screen,
zoomed and panned, with tooltips and clicks.

Positions arrive as one sorted list (from `events.positions`, prepared on a worker); each paint lays out
only what is in view (bisection), titling events while they fit and clustering them when they do not.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolBar, QToolTip, QWidget

from casefile.domain.enums import Status
from casefile.gui.icons import icon
from casefile.reports.timeline_graphic import (
    ARROW_W,
    MAX_DAY,
    MIN_DAY,
    STATUS_COLOURS,
    Colours,
    Layout,
    Mark,
    MarkIndex,
    Placed,
    fit_range,
    full_day,
    index_marks,
    layout,
    marks_from_positions,
    paint,
)

MIN_SPAN = 1 / 24 / 4  # a quarter of an hour across the whole width
LEGEND_H = 20.0


@dataclass(frozen=True)
class PreparedPositions:
    """Marks sorted by day with their index: built on a worker (100k events take a while)."""

    marks: list[Mark]
    index: MarkIndex
    by_id: dict[int, Mark]


def prepare_positions(positions: list[tuple]) -> PreparedPositions:
    marks = marks_from_positions(positions)
    return PreparedPositions(marks, index_marks(marks), {m.id: m for m in marks})


class TimelineStrip(QWidget):
    """Paints the events; emits `event_clicked(id)` when the user picks a single event. `describe(id)`
    (set by the tab) gives a tooltip's text: title, date and parties."""

    event_clicked = Signal(int)
    range_changed = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Visual timeline")
        self.setAccessibleDescription("Events on a time axis. Wheel or +/- to zoom, drag or arrows to pan, "
                                      "Home to fit the case; click an event to select it.")
        self.colour_by = "status"  # or "party"
        self.lanes_by_party = False
        self.party_names: dict[int, str] = {}
        self.describe: Callable[[int], str] | None = None
        self.prepared = PreparedPositions([], index_marks([]), {})
        self._legend: tuple[frozenset[str], bool] = (frozenset(), False)  # statuses shown, any forecast
        self._sel_ids: frozenset[int] = frozenset()
        self.flagged: frozenset[int] = frozenset()  # events whose sources disagree: a red badge on their mark
        self._layout: Layout | None = None
        today = float(date.today().toordinal())
        self._t0, self._t1 = today - 365, today + 1
        self._press: QPointF | None = None
        self._press_range = (self._t0, self._t1)
        self._dragged = False
        self.empty_text = "No events to show"

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(800, 200)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, 90)

    # data -----------------------------------------------------------------------------------------
    def set_positions(self, positions: list[tuple], *, fit: bool = False) -> None:
        self.set_prepared(prepare_positions(positions), fit=fit)

    def set_prepared(self, prepared: PreparedPositions, *, fit: bool = False) -> None:
        """Show positions prepared by `prepare_positions` (which a worker thread can run)."""
        self.prepared = prepared
        # what the legend names, worked out once here: scanning 100k marks on every paint cost ~60 ms a frame
        self._legend = (frozenset(m.status for m in prepared.marks), any(m.forecast for m in prepared.marks))
        if fit or not self._in_view_any():
            self.fit_all()
        else:
            self._relayout()

    def _in_view_any(self) -> bool:
        days = self.prepared.index.days
        return not days or bisect_right(days, self._t1) - bisect_left(days, self._t0) > 0

    def _selected_marks(self) -> list[Mark]:
        return [self.prepared.by_id[i] for i in self._sel_ids if i in self.prepared.by_id]

    def set_selected(self, ids: list[int]) -> None:
        """Highlight `ids`; pan so a single selected event is on screen."""
        self._sel_ids = frozenset(ids)
        marks = self._selected_marks()
        if len(marks) == 1 and not self._t0 <= marks[0].day <= self._t1:
            half = (self._t1 - self._t0) / 2
            self.set_range(marks[0].day - half, marks[0].day + half)
        self.update()

    def set_colour_by(self, mode: str) -> None:
        self.colour_by = mode
        self._relayout()

    def set_lanes_by_party(self, on: bool) -> None:
        self.lanes_by_party = on
        self._relayout()

    @property
    def count(self) -> int:
        return len(self.prepared.marks)

    # range ----------------------------------------------------------------------------------------
    def visible_range(self) -> tuple[float, float]:
        return self._t0, self._t1

    def set_range(self, t0: float, t1: float) -> None:
        if t1 - t0 < MIN_SPAN:
            mid = (t0 + t1) / 2
            t0, t1 = mid - MIN_SPAN / 2, mid + MIN_SPAN / 2
        span = min(t1 - t0, MAX_DAY - MIN_DAY)
        t0 = min(max(t0, MIN_DAY - span / 2), MAX_DAY - span / 2)
        self._t0, self._t1 = t0, t0 + span
        self.range_changed.emit(self._t0, self._t1)
        self._relayout()

    def fit_all(self) -> None:
        """Frame the case: forecasts and far outliers stay beyond the arrows (click one to include them)."""
        if self.prepared.marks:
            self.set_range(*fit_range(self.prepared.marks, self.prepared.index))
        else:
            self._relayout()

    def fit_everything(self) -> None:
        ix = self.prepared.index
        if ix.days:
            lo, hi = min(ix.los), max(ix.his)
            pad = max((hi - lo) * 0.04, 2.0)
            self.set_range(lo - pad, hi + pad)

    def zoom_to(self, ids: list[int]) -> None:
        """Zoom to the events `ids` (the table's selection)."""
        marks = [self.prepared.by_id[i] for i in ids if i in self.prepared.by_id]
        if marks:
            lo, hi = min(m.lo for m in marks), max(m.hi for m in marks)
            pad = max((hi - lo) * 0.15, 3.0)
            self.set_range(lo - pad, hi + pad)

    def zoom(self, factor: float, at_x: float | None = None) -> None:
        """Zoom by `factor` (>1 zooms in) keeping the time under `at_x` where it is."""
        plot = self._plot_rect()
        x = plot.center().x() if at_x is None else at_x
        t = self.time_at(x)
        span = (self._t1 - self._t0) / factor
        frac = (x - plot.left()) / max(plot.width(), 1)
        self.set_range(t - span * frac, t - span * frac + span)

    def pan(self, dx_px: float) -> None:
        dt = dx_px * (self._t1 - self._t0) / max(self._plot_rect().width(), 1)
        self.set_range(self._t0 - dt, self._t1 - dt)

    def time_at(self, x: float) -> float:
        plot = self._plot_rect()
        return self._t0 + (x - plot.left()) / max(plot.width(), 1) * (self._t1 - self._t0)

    def x_of(self, t: float) -> float:
        plot = self._plot_rect()
        return plot.left() + (t - self._t0) / max(self._t1 - self._t0, 1e-9) * plot.width()

    def _plot_rect(self) -> QRectF:
        if self._layout is not None:
            return self._layout.plot
        return QRectF(ARROW_W, 0, max(self.width() - 2 * ARROW_W, 10), self.height())

    # layout and painting --------------------------------------------------------------------------
    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.9, 7))
        return font

    def _relayout(self) -> None:
        self._layout = layout(self.prepared.marks, self._t0, self._t1, QRectF(self.rect()), self._font(),
                              lanes_by_party=self.lanes_by_party, party_names=self.party_names,
                              colour_by=self.colour_by, top_margin=LEGEND_H + 4, index=self.prepared.index)
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._relayout()

    def paintEvent(self, _event: object) -> None:  # noqa: N802
        if self._layout is None or self._layout.plot.width() + 200 < self.width() - 160:
            self._relayout()
        assert self._layout is not None
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        colours = Colours(base=pal.color(QPalette.ColorRole.Base).name(),
                          text=pal.color(QPalette.ColorRole.Text).name(),
                          muted=pal.color(QPalette.ColorRole.PlaceholderText).name(),
                          highlight=pal.color(QPalette.ColorRole.Highlight).name())
        paint(p, self._layout, self._font(), colours, self._sel_ids,
              selected_days=[m.day for m in self._selected_marks()])
        if not self.prepared.marks:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(QRectF(0, 0, self.width(), self._layout.axis_y), Qt.AlignmentFlag.AlignCenter,
                       self.empty_text)
        else:
            self._paint_legend(p)
            self._paint_flags(p)
        p.end()

    def _paint_flags(self, p: QPainter) -> None:
        """A small red "≠" badge above each mark holding an event whose sources disagree."""
        if not self.flagged or self._layout is None:
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        for item in self._layout.placed:
            if self.flagged.intersection(item.ids):
                c = item.shape.center()
                top = item.shape.top() - 9
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor("#c0392b"))
                p.drawEllipse(QRectF(c.x() - 6, top - 6, 12, 12))
                p.setPen(QColor("#ffffff"))
                p.drawText(QRectF(c.x() - 6, top - 6, 12, 12), Qt.AlignmentFlag.AlignCenter, "≠")

    def _paint_legend(self, p: QPainter) -> None:
        if self.colour_by != "status":
            return
        statuses, any_forecast = self._legend
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.85, 6.5))
        p.setFont(font)
        fm = p.fontMetrics()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = 6.0
        items = [(Status(k).label, c) for k, c in STATUS_COLOURS.items() if k in statuses]
        if any_forecast:
            items.append(("Forecast (dashed)", "#8a8a8a"))
        for label, colour in items:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(colour))
            p.drawEllipse(QRectF(x, 6, 9, 9))
            p.setPen(self.palette().color(QPalette.ColorRole.Text))
            p.drawText(QPointF(x + 12, 5 + fm.ascent()), label)
            x += 12 + fm.horizontalAdvance(label) + 14

    # interaction ----------------------------------------------------------------------------------
    def marker_at(self, pos: QPointF) -> Placed | None:
        return self._layout.hit(pos) if self._layout is not None else None

    def marker_center(self, event_id: int) -> QPointF | None:
        """Where the mark holding `event_id` was last laid out (for tests and accessibility)."""
        if self._layout is None:
            return None
        for item in self._layout.placed:
            if event_id in item.ids:
                return item.shape.center()
        return None

    def label_of(self, event_id: int) -> str:
        """The title drawn for `event_id` ("" when there was no room)."""
        for item in self._layout.placed if self._layout else []:
            if event_id in item.ids:
                return item.label
        return ""

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
                t0 = self._press_range[0] - dx * span / max(self._plot_rect().width(), 1)
                self.set_range(t0, t0 + span)
            return
        hit = self.marker_at(event.position())
        arrow = self._layout.arrow_at(event.position()) if self._layout else None
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit or arrow else Qt.CursorShape.OpenHandCursor)
        if hit:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_for(hit), self)
        elif arrow:
            QToolTip.showText(event.globalPosition().toPoint(), "Click to show every event, outliers and "
                              "forecasts included (Home fits the case again)", self)
        else:
            QToolTip.hideText()

    def tooltip_for(self, hit: Placed) -> str:
        if len(hit.ids) == 1:
            described = self.describe(hit.ids[0]) if self.describe else ""
            return f"{described}\nClick to select" if described else "Click to select"
        lo, hi = hit.span if hit.span else (self.prepared.by_id[hit.ids[0]].day, self.prepared.by_id[hit.ids[-1]].day)
        first, last = full_day(lo), full_day(hi)
        return f"{len(hit.ids):,} events, {first} – {last} — click to zoom in"

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        dragged, self._press = self._dragged, None
        self.unsetCursor()
        if dragged:
            return
        if self._layout is not None and self._layout.arrow_at(event.position()):
            self.fit_everything()
            return
        hit = self.marker_at(event.position())
        if hit is None:
            return
        if hit.span is not None and hit.span[1] - hit.span[0] > MIN_SPAN:
            pad = (hit.span[1] - hit.span[0]) * 0.15
            self.set_range(hit.span[0] - pad, hit.span[1] + pad)  # open the cluster
        elif len(hit.ids) > 1:
            self.event_clicked.emit(hit.ids[0])
        else:
            self.event_clicked.emit(hit.ids[0])

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
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
            super().keyPressEvent(event)


class StripPanel(QWidget):
    """The strip with its own small toolbar (icons only, so the Timeline's main toolbar keeps its room):
    colour by party, lanes by party, zoom to the selection, fit the case."""

    def __init__(self, selected: Callable[[], list[int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strip = TimelineStrip(self)
        self.colour_action = QAction(icon("parties"), "Colour by party", self, checkable=True)
        self.colour_action.setToolTip("Colour the events by party instead of by status")
        self.colour_action.toggled.connect(lambda on: self.strip.set_colour_by("party" if on else "status"))
        self.lanes_action = QAction(icon("timeline"), "Lanes by party", self, checkable=True)
        self.lanes_action.setToolTip("One lane per party (the busiest six; the rest share a lane)")
        self.lanes_action.toggled.connect(self.strip.set_lanes_by_party)
        self.zoom_action = QAction(icon("zoom.in"), "Zoom to the selection", self)
        self.zoom_action.setToolTip("Zoom to the events selected in the table")
        self.zoom_action.triggered.connect(lambda: self.strip.zoom_to(selected()))
        self.fit_action = QAction(icon("zoom.fit"), "Fit", self)
        self.fit_action.setToolTip("Frame the case (Home on the timeline); outliers and forecasts wait "
                                   "beyond the arrows — click an arrow to include them")
        self.fit_action.triggered.connect(self.strip.fit_all)
        self.toolbar = QToolBar("Visual timeline", self)
        self.toolbar.setObjectName("stripToolbar")
        self.toolbar.setOrientation(Qt.Orientation.Vertical)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for a in (self.colour_action, self.lanes_action, self.zoom_action, self.fit_action):
            self.toolbar.addAction(a)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.strip, 1)
