"""The one way to run background work: a function on a QThreadPool, its result delivered by signal.

Workers never touch widgets; they call services, which open their own sessions. Tests swap in
`SyncRunner` to run everything inline.

Pools by latency (as Picard keeps a general, a priority and a save pool): `Lane.INTERACTIVE` is for reads the
user is waiting to see (a page of rows, a preview, a party's links); `Lane.BACKGROUND` for long work (imports,
suggestions, transcription, verify, capture, export). Each lane has its own threads, so a page load never queues
behind an import.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, QTimer, Signal
from shiboken6 import isValid

from casefile.domain.errors import CaseFileError, CaseStorageError, caused_by

log = logging.getLogger("casefile.gui")

# A write that meets a busy case (another window or process holds the write lock past SQLite's busy timeout)
# is retried after these pauses; the user sees BUSY_MESSAGE meanwhile.
BUSY_BACKOFF_MS = (250, 500, 1000, 2000, 4000)
BUSY_MESSAGE = "Case busy — retrying…"


class Lane(Enum):
    """Which pool a job runs on: what the user waits to see, or long work behind a progress bar."""

    INTERACTIVE = "interactive"
    BACKGROUND = "background"


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` is SQLite's "database is locked/busy" (raw, or wrapped by SQLAlchemy or a service)."""
    return caused_by(exc, _busy)


def _busy(e: BaseException) -> bool:
    if isinstance(e, sqlite3.OperationalError) and any(w in str(e).lower() for w in ("locked", "busy")):
        return True
    return isinstance(e, CaseStorageError) and e.kind == "busy"  # a team case: another person's lock, a deadlock


def pause(msecs: int) -> None:
    """Wait on the GUI thread while still painting (feedback shows), without taking user input meanwhile."""
    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)


def run_and_wait(runner: TaskRunner, label: str, fn: Callable[[], Any]) -> Any:
    """Run `fn` on `runner`'s interactive pool while the GUI thread keeps painting (user input waits, so the
    window says it is busy rather than freezing); return its result or raise its exception here. A write that
    meets a busy case or a 100k-row verdict no longer holds the GUI thread. Inline on a `SyncRunner`."""
    if isinstance(runner, SyncRunner):
        return fn()
    box: dict[str, Any] = {}

    def job(_task: Task) -> None:
        try:
            box["result"] = fn()
        except BaseException as exc:  # handed back to the caller, who knows what it means
            box["error"] = exc

    loop = QEventLoop()
    task = runner.run(label, job, lambda _r: loop.quit(), lambda _m: loop.quit())
    if task.running:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    if "error" in box:
        raise box["error"]
    return box.get("result")


class Task(QObject):
    """Handle on a running job: progress, result and error arrive as signals on the GUI thread."""

    progress = Signal(int, int, str)  # done, total, message
    finished = Signal(object)  # result
    failed = Signal(str)  # a message for the user
    done = Signal()  # after finished or failed

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.lane = Lane.INTERACTIVE
        self._cancel = threading.Event()
        self.running = True

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, message: str = "") -> None:
        """Called from the worker thread; Qt queues the signal to the GUI thread."""
        self.progress.emit(done, total, message)


# fn(task) -> result. It may call task.report(...) and should poll task.is_cancelled().
Job = Callable[[Task], Any]


class _Runnable(QRunnable):
    def __init__(self, task: Task, job: Job) -> None:
        super().__init__()
        self.task, self.job = task, job
        self.setAutoDelete(True)

    def run(self) -> None:
        _execute(self.task, self.job)


def _execute(task: Task, job: Job) -> None:
    try:
        result = job(task)
    except CaseFileError as exc:
        task.running = False
        task.failed.emit(str(exc))
    except Exception as exc:  # a bug: show a message, keep the details in the log
        log.exception("background task %r failed", task.label)
        task.running = False
        task.failed.emit(f"Something went wrong: {type(exc).__name__}: {exc}")
    else:
        task.running = False
        task.finished.emit(result)
    task.done.emit()


GUI_SWITCH_INTERVAL_S = 0.001


class TaskRunner(QObject):
    """Runs jobs on two thread pools by latency; `active` lists the running tasks (for the status bar)."""

    started = Signal(object)  # Task
    idle = Signal()

    def __init__(self, parent: QObject | None = None, max_threads: int = 2, interactive_threads: int = 2) -> None:
        super().__init__(parent)
        # workers run Python beside the GUI thread, which gives the interpreter up around every Qt call it makes:
        # at the default 5 ms switch interval each of those waits up to 5 ms for a busy worker, and a paint or a
        # model reset of a few dozen calls stalls for hundreds of milliseconds
        sys.setswitchinterval(min(sys.getswitchinterval(), GUI_SWITCH_INTERVAL_S))
        self.pool = QThreadPool(self)  # long work
        self.pool.setMaxThreadCount(max_threads)
        self.interactive_pool = QThreadPool(self)  # reads the user is waiting for
        self.interactive_pool.setMaxThreadCount(interactive_threads)
        self.active: list[Task] = []

    def run(self, label: str, job: Job, on_result: Callable[[Any], None] | None = None,
            on_error: Callable[[str], None] | None = None, lane: Lane = Lane.INTERACTIVE) -> Task:
        """Run `job` on `lane`'s pool. Long work (imports, verify, transcription, capture) says BACKGROUND."""
        task = Task(label)
        task.lane = lane
        if on_result is not None:
            task.finished.connect(on_result)
        if on_error is not None:
            task.failed.connect(on_error)
        self.active.append(task)
        task.done.connect(lambda t=task: self._forget(t))
        self.started.emit(task)
        self._start(task, job)
        return task

    def _start(self, task: Task, job: Job) -> None:
        pool = self.pool if task.lane is Lane.BACKGROUND else self.interactive_pool
        pool.start(_Runnable(task, job))

    def _forget(self, task: Task) -> None:
        if not isValid(self):  # a task ended after its window (and this runner) was gone
            return
        if task in self.active:
            self.active.remove(task)
        if not self.active:
            self.idle.emit()

    def wait(self, msecs: int = 30000) -> bool:
        return self.interactive_pool.waitForDone(msecs) and self.pool.waitForDone(msecs)


class SyncRunner(TaskRunner):
    """Runs each job inline on the calling thread (for tests)."""

    def _start(self, task: Task, job: Job) -> None:
        _execute(task, job)
