"""Comparing the sources of a case made before this version, in the window: after the case opens, the events not
signed yet are signed on the background lane (`ConflictService.sign_backlog`), step by step.

A step waits while the person types or clicks (a busy interpreter thread makes the window's thread wait about
5 ms for each read it makes: a Timeline row move stalled 200 ms) and while an import or another long job runs
(its writes come first). The Timeline's flags are reloaded every 20,000 events and at the end. Closing the
case cancels it (`cancel_backlog`); the next open takes up where it stopped. Events added later (by hand) are
signed by another run shortly after the edit.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from casefile.gui.context import GuiContext
from casefile.gui.worker import Lane, SyncRunner, Task, TaskRunner
from casefile.services.conflict_service import BacklogReport

BACKLOG_LABEL = "Comparing sources"
QUIET_S = 1.0  # no keyboard or mouse input for this long before a step runs
RELOAD_EVERY = 20_000  # events signed between two reloads of the flags (comparing every happening of a 100k-event
# case again takes seconds: a handful of times over a whole backlog, not every few seconds)
RESTART_MS = 2000  # after an edit, this long before the events it added are signed (a burst of edits: one run)
RETRY_MS = 30_000  # after a step failed (the case busy in another program for longer than its timeout)
MAX_RETRIES = 3

_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride,
                    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
                    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate})


def progress_text(done: int, total: int) -> str:
    return f"Comparing sources: {done:,} of {total:,} events checked"


def cancel_backlog(runner: TaskRunner) -> None:
    """Stop the backlog at its next step (the case is closing: the window waits for its jobs)."""
    for task in list(runner.active):
        if task.label == BACKLOG_LABEL:
            task.cancel()


class BacklogJob(QObject):
    """The backlog of one open case: started when it opens, again after edits add events, cancelled on close.

    `on_progress(done, total)` and `on_reload()` are called on the window's thread."""

    def __init__(self, gctx: GuiContext, on_progress: Callable[[int, int], None], on_reload: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.on_progress, self.on_reload = on_progress, on_reload
        self.task: Task | None = None
        self.last: BacklogReport | None = None  # the last run's report
        self.quiet_s = QUIET_S
        self._last_input = float("-inf")  # monotonic; read by the worker thread (a float: no lock needed)
        self._others: set[Task] = set()  # long jobs running beside it (imports, verify, export)
        self._reloaded_at = 0
        self._again = False  # events were added while it ran
        self._filtering = False
        self._failures = 0  # runs failed in a row
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(RESTART_MS)
        self.timer.timeout.connect(self.start)
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.setInterval(RETRY_MS)
        self.retry.timeout.connect(self.start)
        gctx.runner.started.connect(self._task_started)
        gctx.bus.changed.connect(self._case_changed)
        self.destroyed.connect(lambda *_: cancel_backlog(gctx.runner))

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    def start(self) -> None:
        if self.gctx.read_only or self.running:
            return
        runner, conflicts = self.gctx.runner, self.gctx.case.conflicts
        self._others = {t for t in runner.active if t.lane is Lane.BACKGROUND and t.running}
        for t in self._others:
            t.done.connect(self._task_done)
        may_continue = None if isinstance(runner, SyncRunner) else self.may_continue  # inline: no one to wait for
        if may_continue is not None:
            self._watch(True)
        self._reloaded_at = 0
        self._again = False
        self.task = runner.run(BACKLOG_LABEL, lambda task: conflicts.sign_backlog(
            task.report, task.is_cancelled, may_continue), self._finished, self._failed, lane=Lane.BACKGROUND)
        self.task.progress.connect(self._progressed)

    def cancel(self) -> None:
        self.timer.stop()
        self.retry.stop()
        if self.task is not None:
            self.task.cancel()

    def may_continue(self) -> bool:
        """Asked by the worker before each step: no input for `quiet_s` and no long job beside it."""
        return not self._others and time.monotonic() - self._last_input >= self.quiet_s

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT:
            self._last_input = time.monotonic()
        return False

    def _watch(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._filtering:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._filtering = on

    def _task_started(self, task: Task) -> None:
        if task.lane is Lane.BACKGROUND and task.label != BACKLOG_LABEL:
            self._others.add(task)
            task.done.connect(self._task_done)

    def _task_done(self) -> None:
        self._others = {t for t in self._others if t.running}

    def _progressed(self, done: int, total: int, _message: str) -> None:
        self.on_progress(done, total)
        if done - self._reloaded_at >= RELOAD_EVERY:
            self._reloaded_at = done
            self.on_reload()

    def _finished(self, report: BacklogReport) -> None:
        self._watch(False)
        self.last = report
        self._failures = 0
        self.on_progress(report.total, 0)  # done: the progress is cleared
        if report.signed:
            self.on_reload()
            if not report.cancelled:
                self.gctx.bus.message.emit(f"Sources compared: {report.signed:,} events checked")
        if self._again and not report.cancelled:
            self.timer.start()

    def _failed(self, message: str) -> None:
        self._watch(False)
        self.on_progress(0, 0)
        self._failures += 1
        if self._failures > MAX_RETRIES:  # not a busy moment: said once, tried again when the case next opens
            self.gctx.bus.message.emit(f"Comparing sources stopped: {message}")
            return
        self.gctx.bus.message.emit(f"Comparing sources paused ({message.rstrip('.')}); it goes on in half a minute.")
        self.retry.start()

    def _case_changed(self, kind: str) -> None:
        if kind not in ("events", "case"):
            return
        if self.running:
            self._again = True
        else:
            self.timer.start()


__all__ = ["BACKLOG_LABEL", "BacklogJob", "cancel_backlog", "progress_text"]
