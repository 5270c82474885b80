"""File ▸ Move to server…: the server's address, then the move with its progress and a Cancel that undoes it.

The window closes the case before the move starts (the move holds the case's lock itself) and opens it again
afterwards: on the server when it moved, as it was when it did not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CaseFileError
from casefile.domain.printable import printable
from casefile.gui.worker import Task, TaskRunner

EXPLANATION = (
    "The case's records move into an <b>empty</b> PostgreSQL database, where several people can work on it at "
    "once. The originals stay in this folder; for a team, keep it on a drive everyone reaches.<br><br>"
    "Every original is re-hashed first, and the copy is checked row for row before anything changes. If the "
    "move fails or you cancel it, the case stays exactly as it is. Afterwards the old database is kept beside "
    "the originals as <i>case.db.moved-DATE</i>.")
PLACEHOLDER = "postgresql://user@server:5432/database"


class MoveDialog(QDialog):
    """Asks for the database URL (and a password, kept in memory only) and runs the move on the task runner."""

    def __init__(self, case_dir: Path, runner: TaskRunner, close_case: Callable[[], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Move case to a server")
        self.setMinimumWidth(560)
        self.case_dir = case_dir
        self.runner = runner
        self._close_case = close_case
        self.task: Task | None = None
        self.result_value: Any = None  # the MoveResult once moved
        self.closed_case = False  # the window must open the case again

        intro = QLabel(EXPLANATION)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.url = QLineEdit()
        self.url.setPlaceholderText(PLACEHOLDER)
        self.url.setAccessibleName("Database URL")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("only if ~/.pgpass has none; never saved")
        self.password.setAccessibleName("Password")
        form = QFormLayout()
        form.addRow("&Database URL:", self.url)
        form.addRow("&Password:", self.password)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.move_button = QPushButton("&Move")
        self.move_button.setDefault(True)
        self.buttons.addButton(self.move_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.move_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)

        layout = QVBoxLayout(self)
        self._column = layout
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def start(self) -> None:
        from casefile.context import open_case
        from casefile.services.move_to_server import check_url, move_to_server

        url = self.url.text().strip()
        if not url:
            self._say(f"Type the database's address, e.g. {PLACEHOLDER}.", error=True)
            return
        try:  # a mistyped address is said before the case is closed
            check_url(url)
        except CaseFileError as exc:
            self._say(str(exc), error=True)
            return
        if not self.closed_case:
            if not self._close_case():
                return
            self.closed_case = True
        password = self.password.text() or None
        self._busy(True)
        self._say("Starting…")
        folder = self.case_dir

        def job(task: Task) -> Any:
            with open_case(folder) as case:  # the lock is this job's for the whole move
                return move_to_server(case, url, password=password, cancelled=task.is_cancelled,
                                      progress=lambda p: task.report(p.done, p.total, p.line()))

        self.task = self.runner.run("Moving the case to the server", job, self._moved, self._failed)
        self.task.progress.connect(self._progress)

    def cancel(self) -> None:
        if self.result_value is not None:
            self.accept()
            return
        if self.task is not None and self.task.running:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self._say("Stopping… the case stays as it was.")
            return
        self.reject()

    def _progress(self, done: int, total: int, message: str) -> None:
        if message.startswith("Checking all"):
            self.bar.setRange(0, 0)  # reading everything back: no count to show, only that it works
        else:
            self.bar.setRange(0, max(total, 1))
            self.bar.setValue(min(done, max(total, 1)))
        self.status.setText(printable(message))

    def _moved(self, result: Any) -> None:
        """Say what was done; the case opens again, on the server, when the dialog is closed."""
        self.result_value = result
        self.task = None
        self._busy(False)
        self.url.setEnabled(False)
        self.password.setEnabled(False)
        self.move_button.setVisible(False)
        self.cancel_button.setText("&Close")
        self.cancel_button.setDefault(True)
        self.status.setStyleSheet("")
        self.status.setText("\n".join(printable(line[:1].upper() + line[1:]) for line in result.lines()))
        self._fit()  # room for the report, the explanation above it unclipped

    def _failed(self, message: str) -> None:
        self.task = None
        self._busy(False)
        self.move_button.setText("&Try again")
        self._say(message, error=True)
        self._fit()

    def _fit(self) -> None:
        """Grow to the height the wrapped texts need at the current width (no clipping, no gap)."""
        self._column.activate()
        needed = self._column.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _busy(self, busy: bool) -> None:
        self.url.setEnabled(not busy)
        self.password.setEnabled(not busy)
        self.move_button.setEnabled(not busy)
        self.cancel_button.setEnabled(True)
        self.bar.setVisible(busy)
        if busy:
            self.bar.setRange(0, 0)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(printable(text))
        self.status.setStyleSheet("font-weight: bold;" if error else "")

    def reject(self) -> None:
        if self.task is not None and self.task.running:  # Esc or the close box while moving: cancel first
            self.cancel()
            return
        super().reject()


def move_case(window: Any) -> None:
    """The window's action: close the case, move it, open it again (on the server, or as it was)."""
    from PySide6.QtWidgets import QMessageBox

    from casefile.services.move_to_server import on_server

    gctx = window.gctx
    if gctx is None:
        return
    path = gctx.case.path
    if on_server(path):
        QMessageBox.information(window, "Move to server", "This case is already on a server.")
        return
    dialog = MoveDialog(path, window.runner, window.close_case, window)
    dialog.exec()
    if dialog.closed_case:
        window.open_case(path)
