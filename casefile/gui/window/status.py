"""The status bar's permanent part: what runs in the background, and the case's counts (counted on a worker)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from casefile.gui.context import GuiContext
from casefile.gui.worker import Task, TaskRunner

COUNTING = "Counting"  # the status bar's background count; not shown as activity


class CaseStatus(QObject):
    """Background activity and the case's counts, recounted shortly after anything may have changed them."""

    def __init__(self, bar: QStatusBar, runner: TaskRunner, current: Callable[[], GuiContext | None]) -> None:
        super().__init__(bar)
        self.runner = runner
        self.current = current  # the window's open case, if any
        self.counts_label = QLabel()
        self.counts_label.setAccessibleName("Case counts")
        self.activity_label = QLabel()
        self.activity_label.setAccessibleName("Background activity")
        self.activity_bar = QProgressBar()
        self.activity_bar.setRange(0, 0)
        self.activity_bar.setMaximumWidth(120)
        self.activity_bar.setMaximumHeight(14)
        self.activity_bar.setTextVisible(False)
        self.activity_bar.hide()
        bar.addPermanentWidget(self.activity_label)
        bar.addPermanentWidget(self.activity_bar)
        bar.addPermanentWidget(self.counts_label)
        runner.started.connect(self._task_started)
        runner.idle.connect(self._update_activity)
        runner.idle.connect(self._after_background_work)
        self.stale = False  # a task other than the count itself ran since the status bar was counted
        self.counted_at: tuple[int, ...] | None = None  # CaseService.change_marker() when last counted
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(120)
        self.timer.timeout.connect(self.update_counts)

    def recount_soon(self, *_: object) -> None:
        self.timer.start()

    def _task_started(self, task: Task) -> None:
        if task.label == COUNTING:
            return  # a fraction of a second, and not something the user started
        self.stale = True
        task.done.connect(self._update_activity)
        self._update_activity()

    def _update_activity(self) -> None:
        active = [t for t in self.runner.active if t.running and t.label != COUNTING]
        if active:
            more = f" (+{len(active) - 1} more)" if len(active) > 1 else ""
            self.activity_label.setText(active[0].label + "…" + more)
        else:
            self.activity_label.setText("")
        self.activity_bar.setVisible(bool(active))

    def _after_background_work(self) -> None:
        """Imports and other background writes change the counts; the count's own task finishing does not."""
        if self.stale:
            self.timer.start()

    def update_counts(self) -> None:
        """Count on a worker: six counts over 100,000 events take tens of milliseconds, too long for the GUI
        thread after every keystroke's background load."""
        gctx = self.current()
        if gctx is None:
            self.counts_label.setText("")
            return
        self.stale = False
        last = self.counted_at

        def job(_task: object) -> tuple[tuple[int, ...], Any]:
            # the Timeline's loads and other reads change nothing: skip the six counts when no row moved
            marker = gctx.case.case.change_marker()
            return marker, (None if marker == last else gctx.case.case.counts())

        def done(result: tuple[tuple[int, ...], Any]) -> None:
            self._show_counts(gctx, *result)

        self.runner.run(COUNTING, job, done)

    def _show_counts(self, gctx: GuiContext, marker: tuple[int, ...], c: Any) -> None:
        if gctx is not self.current():
            return  # the case was closed or another opened meanwhile
        self.counted_at = marker
        if c is None:
            return
        suggested = f" ({c.suggested_events} suggested)" if c.suggested_events else ""
        self.counts_label.setText(
            f"{c.parties} part{'ies' if c.parties != 1 else 'y'} · {c.events} event{'s' if c.events != 1 else ''}"
            f"{suggested} · {c.evidence} exhibit{'s' if c.evidence != 1 else ''}")
