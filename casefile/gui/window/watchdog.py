"""The stall watchdog: logs every GUI-thread stall longer than a threshold, with what the GUI thread was running.

Off by default; `CASEFILE_STALL_WATCHDOG=1` turns it on when the app starts (`install_from_env`). A heartbeat
QTimer on the GUI thread notes the time of every beat; a monitor thread wakes a few times per threshold and,
when the last beat is older than the threshold, takes the GUI thread's Python stack at that moment
(`sys._current_frames`). When the beats resume, the stall is logged (logger `casefile.stall`, WARNING) with its
length and that stack. A stall still going after `STUCK_S` is logged once while it lasts, so a hang leaves a trace.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer

log = logging.getLogger("casefile.stall")

ENV = "CASEFILE_STALL_WATCHDOG"
THRESHOLD_MS = 100
BEAT_MS = 10
STUCK_S = 5.0


@dataclass(frozen=True)
class Stall:
    """One stall: how long the GUI thread did not answer, and its Python stack when it passed the threshold."""

    ms: float
    stack: str


class StallWatchdog(QObject):
    """A heartbeat on the GUI thread and a monitor thread that reports stalls over `threshold_ms`."""

    def __init__(self, threshold_ms: float = THRESHOLD_MS, beat_ms: int = BEAT_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = threshold_ms / 1000
        self.beat_s = beat_ms / 1000
        self.stalls: list[Stall] = []
        self._gui_ident = threading.get_ident()
        self._last = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(beat_ms)
        self._timer.timeout.connect(self._beat)

    def start(self) -> None:
        """Start beating on this (the GUI) thread and watching from a daemon thread."""
        self._gui_ident = threading.get_ident()
        self._last = time.monotonic()
        self._stop.clear()
        self._timer.start()
        self._thread = threading.Thread(target=self._watch, name="casefile-stall-watchdog", daemon=True)
        self._thread.start()
        log.info("stall watchdog on: GUI-thread stalls over %.0f ms are logged", self.threshold * 1000)

    def stop(self) -> None:
        self._timer.stop()
        self._stop.set()
        if self._thread is not None:
            self._thread.join(1.0)
            self._thread = None

    def _beat(self) -> None:
        with self._lock:
            self._last = time.monotonic()

    def _stack(self) -> str:
        frame = sys._current_frames().get(self._gui_ident)
        return "".join(traceback.format_stack(frame)) if frame is not None else "(no Python frame)"

    def _watch(self) -> None:
        poll = max(self.threshold / 4, 0.005)
        seen_beat = 0.0  # the beat whose stall was already noticed
        stack = ""
        stuck_logged = False
        while not self._stop.wait(poll):
            now = time.monotonic()
            with self._lock:
                last = self._last
            late = now - last - self.beat_s
            if late > self.threshold and seen_beat != last:  # a stall has just passed the threshold
                seen_beat, stack, stuck_logged = last, self._stack(), False
            elif seen_beat and seen_beat != last:  # the beats came back: report the stall just ended
                ms = (last - seen_beat - self.beat_s) * 1000
                self._report(Stall(ms, stack))
                seen_beat, stack = 0.0, ""
            elif seen_beat and not stuck_logged and late > STUCK_S:
                stuck_logged = True
                log.warning("GUI thread not answering for %.1f s so far; it is running:\n%s", late, stack)

    def _report(self, stall: Stall) -> None:
        self.stalls.append(stall)
        log.warning("GUI thread stalled %.0f ms; it was running:\n%s", stall.ms, stall.stack)


def enabled() -> bool:
    return os.environ.get(ENV, "").strip().lower() in ("1", "true", "yes", "on")


def install_from_env(parent: QObject) -> StallWatchdog | None:
    """Start a watchdog owned by `parent` when the environment asks for one (see ENV)."""
    if not enabled():
        return None
    dog = StallWatchdog(parent=parent)
    dog.start()
    return dog
