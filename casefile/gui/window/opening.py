"""Opening a case off the GUI thread: the migration, its backup and the first reads run in a worker while the
window says "Opening <case>…" with a busy bar and keeps answering.

A team case's password prompt still appears on the GUI thread: the worker asks through `PasswordBridge` and
waits for the answer. One open is in flight at a time; a newer request wins, and a case the older one opened
meanwhile is closed as soon as it arrives (`CaseOpener`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.context import Case, open_case, resolve_case_dir
from casefile.domain.errors import CaseFileError, CaseLockedError
from casefile.domain.printable import printable
from casefile.gui.team.server_login import password_prompt
from casefile.gui.worker import Lane, Task, TaskRunner
from casefile.services.open_case import upgrade_pending

UPGRADING = "making a backup, then upgrading the case database to this version"


class OpeningView(QWidget):
    """The page shown while a case opens: what is opening, what it is doing, a busy bar, and Cancel."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Opening a case")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.heading.setFont(font)
        self.step = QLabel()
        self.step.setWordWrap(True)
        self.step.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: a migration says nothing of how far it is
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(360)
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop waiting; the case is closed again once its upgrade finishes")
        self.cancel.clicked.connect(self.cancel_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.step)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.bar, 2)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(3)

    def show_opening(self, name: str) -> None:
        self.heading.setText(f"Opening {printable(name)}…")
        self.step.setText("")

    def set_step(self, step: str) -> None:
        self.step.setText(f"({step})" if step else "")


class PasswordBridge(QObject):
    """A team case's password prompt for a worker: asked on the GUI thread, answered back to the worker."""

    asked = Signal(str, str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__()  # lives on the GUI thread, where it is made
        self._prompt = password_prompt(parent)
        self._answer: str | None = None
        self._answered = threading.Event()
        self._abandoned = threading.Event()
        self.asked.connect(self._ask, Qt.ConnectionType.QueuedConnection)

    def ask(self, url: str, reason: str) -> str | None:
        """The `PasswordPrompt` handed to `open_case`; on a worker it waits for the GUI thread's dialog."""
        if threading.current_thread() is threading.main_thread():  # run inline (SyncRunner)
            return self._prompt(url, reason)
        self._answered.clear()
        self.asked.emit(url, reason)
        while not self._answered.wait(0.05):
            if self._abandoned.is_set():
                return None
        return self._answer

    def abandon(self) -> None:
        self._abandoned.set()

    @property
    def abandoned(self) -> bool:
        return self._abandoned.is_set()

    def _ask(self, url: str, reason: str) -> None:
        self._answer = None if self._abandoned.is_set() else self._prompt(url, reason)
        self._answered.set()


@dataclass(frozen=True)
class Opened:
    """What the worker hands back: the open case and its title, or the sentence saying why it did not open."""

    case: Case | None = None
    title: str = ""
    error: str = ""
    locked: bool = False  # in use elsewhere: the user may open it read-only instead


def open_in_worker(task: Task, path: Path, read_only: bool, bridge: PasswordBridge) -> Opened:
    """Open `path` (migration, backup, first reads) off the GUI thread; a case nobody waits for is closed."""
    if not read_only and upgrade_pending(path):
        task.report(0, 0, UPGRADING)
    try:
        case = open_case(path, read_only=read_only, password=bridge.ask)
    except CaseLockedError as exc:
        return Opened(error=str(exc), locked=True)
    except CaseFileError as exc:
        return Opened(error=str(exc))
    try:
        title = case.case.info().title
    except BaseException:
        case.close()
        raise
    if bridge.abandoned:
        case.close()
        return Opened(error="abandoned")
    return Opened(case, title)


class Attaching(Protocol):
    """The window as the opener sees it."""

    def attach_case(self, case: Case, read_only_reason: str = "", title: str | None = None) -> None: ...
    def show_page(self, opening: bool) -> None: ...
    def is_open(self, path: Path) -> bool: ...


@dataclass(eq=False)
class _Request:
    path: Path
    read_only: bool
    reason: str
    bridge: PasswordBridge
    then: list[Callable[[], None]] = field(default_factory=list)


class CaseOpener(QObject):
    """Opens cases for the window one at a time; the newest request wins, the user may cancel."""

    settled = Signal()  # an open finished, failed or was given up (a read-only retry may follow)

    def __init__(self, window: QWidget, attach: Attaching, runner: TaskRunner, view: OpeningView,
                 in_use_reason: str) -> None:
        super().__init__(window)
        self.window, self.attach, self.runner, self.view = window, attach, runner, view
        self.in_use_reason = in_use_reason
        self.current: _Request | None = None
        view.cancel_requested.connect(self.cancel)

    @property
    def busy(self) -> bool:
        return self.current is not None

    def request(self, path: Path, read_only: bool = False, reason: str = "",
                then: Callable[[], None] | None = None) -> None:
        """Start opening `path`; `then` runs once it is shown. A request for the case already opening joins it."""
        self._start(resolve_case_dir(Path(path)), read_only, reason, [then] if then is not None else [])

    def _start(self, path: Path, read_only: bool, reason: str, thens: list[Callable[[], None]]) -> None:
        if self.attach.is_open(path):  # already shown: the newer request wins over one still opening
            self.cancel()
            for then in thens:
                then()
            return
        cur = self.current
        if cur is not None and cur.path.resolve() == path.resolve() and cur.read_only == read_only:
            cur.then.extend(thens)
            return
        if cur is not None:
            self._abandon(cur)
        req = _Request(path, read_only, reason, PasswordBridge(self.window), thens)
        self.current = req
        from casefile.gui.window.welcome import remembered_title

        name = remembered_title(path) or path.stem
        self.view.show_opening(name)
        self.attach.show_page(True)
        task = self.runner.run(f"Opening {name}", lambda t: open_in_worker(t, path, read_only, req.bridge),
                               lambda got: self._arrived(req, got), lambda msg: self._arrived(req, Opened(error=msg)),
                               lane=Lane.INTERACTIVE)
        task.progress.connect(lambda _d, _t, step: self.view.set_step(step) if req is self.current else None)

    def cancel(self) -> None:
        """Stop waiting for the case opening now (Cancel, the window closing); it is closed when it arrives."""
        if self.current is not None:
            self._abandon(self.current)
            self.current = None
            self.attach.show_page(False)
            self.settled.emit()

    def wait(self) -> None:
        """Until no open is in flight, the window painting meanwhile (scripts and tests that open and go on)."""
        while self.current is not None:
            loop = QEventLoop()
            self.settled.connect(loop.quit)
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            self.settled.disconnect(loop.quit)

    def _abandon(self, req: _Request) -> None:
        req.bridge.abandon()
        req.then.clear()

    def _arrived(self, req: _Request, got: Opened) -> None:
        if req is not self.current:  # a newer request won, or the user cancelled: nobody waits for this case
            if got.case is not None:
                got.case.close()
            return
        self.current = None
        if got.case is not None:
            self.attach.attach_case(got.case, req.reason, got.title)  # the window's "case opened" point
            for then in req.then:
                then()
        elif got.locked:
            answer = QMessageBox.question(
                self.window, "Case in use",
                f"{got.error}\n\nOpen it read-only instead? You can look but not change anything.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self._start(req.path, True, self.in_use_reason, req.then)
            else:
                self.attach.show_page(False)
        else:
            self.attach.show_page(False)
            QMessageBox.warning(self.window, "Open case", got.error)
        self.settled.emit()
