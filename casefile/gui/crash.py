"""Nothing vanishes: a rotating log in the user's log folder, and hooks that log every unexpected error and show it.

`sys.excepthook` (errors in slots and event handlers), `threading.excepthook` (worker threads) and Qt's message
handler all write to the log; an error also opens a dialog saying what happened and where the log is, with the
details to copy into a report. The log itself is set up by `casefile.log` (shared with the CLI).
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casefile.log import LOG_NAME as LOG_NAME  # the file name the tests look for
from casefile.log import log_path, setup_logging

log = logging.getLogger("casefile")


def log_file() -> Path:
    """The log file the dialog points at (`casefile.log.log_path`)."""
    return log_path()


class ErrorDialog(QDialog):
    """What happened, where the log is, and the details to copy (non-modal: the app goes on)."""

    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("CaseFile — unexpected error")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.details = details
        lay = QVBoxLayout(self)
        head = QLabel(f"<b>Something went wrong inside CaseFile.</b><br>{_escape(summary)}")
        head.setWordWrap(True)
        where = QLabel(f"Your case is safe: every finished edit is already saved. The details are in the log:<br>"
                       f"<code>{_escape(str(log_file()))}</code>")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setMinimumHeight(140)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.close)
        lay.addWidget(head)
        lay.addWidget(where)
        lay.addWidget(self.text, 1)
        lay.addWidget(buttons)
        self.resize(560, 360)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(f"{self.details}\nLog: {log_file()}")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Relay(QObject):
    """Carries errors from any thread to the GUI thread, where the dialog may be shown."""

    error = Signal(str, str)


_relay: _Relay | None = None
_open_dialogs: list[ErrorDialog] = []
_showing = threading.local()


def _show(summary: str, details: str) -> None:
    if getattr(_showing, "active", False):  # an error while showing an error: the log has it
        return
    _showing.active = True
    try:
        dialog = ErrorDialog(summary, details, QApplication.activeWindow())
        _open_dialogs.append(dialog)
        dialog.destroyed.connect(lambda *_: _open_dialogs.remove(dialog) if dialog in _open_dialogs else None)
        dialog.show()
    except Exception:  # never let the hook itself raise
        log.exception("could not show the error dialog")
    finally:
        _showing.active = False


def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, where: str = "") -> None:
    """Log an unexpected error and show it (from any thread)."""
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("unexpected error%s\n%s", f" in {where}" if where else "", details.rstrip())
    summary = f"{exc_type.__name__}: {exc}"
    if _relay is not None:
        _relay.error.emit(summary, details)  # queued to the GUI thread when raised elsewhere


def _qt_message(mode: QtMsgType, context: object, message: str) -> None:
    if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        log.error("Qt: %s", message)
    elif mode == QtMsgType.QtWarningMsg:
        log.warning("Qt: %s", message)
    else:
        log.debug("Qt: %s", message)


def install_exception_hooks() -> Callable[[], None]:
    """Route unexpected errors to the log and a dialog; return a function that puts the old hooks back."""
    global _relay
    known = list(log.handlers)
    handler = setup_logging()
    old_sys, old_thread = sys.excepthook, threading.excepthook
    _relay = _Relay()
    _relay.error.connect(_show, Qt.ConnectionType.QueuedConnection)

    def sys_hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            old_sys(exc_type, exc, tb)
            return
        report(exc_type, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "a thread"
        report(args.exc_type, args.exc_value, args.exc_traceback, name)

    sys.excepthook = sys_hook
    threading.excepthook = thread_hook
    old_qt = qInstallMessageHandler(_qt_message)

    def uninstall() -> None:
        global _relay
        sys.excepthook, threading.excepthook = old_sys, old_thread
        qInstallMessageHandler(old_qt)
        _relay = None
        if handler is not None and handler not in known:
            log.removeHandler(handler)
            handler.close()

    return uninstall
