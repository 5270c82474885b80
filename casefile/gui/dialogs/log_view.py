"""Help ▸ Show log: the log file's last lines in a read-only viewer, with its path to copy and a Reload.

The log holds no password and no document text (`casefile.log`), so a user can paste it into a report.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.log import log_path

TAIL_BYTES = 256 * 1024  # the end of the file: the newest lines are what a report needs


def read_tail(path: Path, limit: int = TAIL_BYTES) -> str:
    """The last `limit` bytes of the log as text (from a whole line), or a sentence when there is none yet."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - limit))
            data = fh.read()
    except FileNotFoundError:
        return "Nothing has been logged yet."
    except OSError as exc:
        return f"The log could not be read: {exc.strerror or exc}."
    text = data.decode("utf-8", errors="replace")
    if size > limit and "\n" in text:
        text = text.split("\n", 1)[1]
    return text


class LogViewDialog(QDialog):
    """The log file, newest lines at the bottom (scrolled there), its path selectable."""

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.path = path or log_path()
        self.setWindowTitle("CaseFile — log")
        self.setAccessibleName("Log")
        lay = QVBoxLayout(self)
        where = QLabel(f"The log is kept in <code>{self.path}</code>. It holds no passwords and no text of your "
                       "documents: you can attach it to a report.")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(where)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Log lines")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        lay.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.reload_button = QPushButton("Reload")
        self.copy_button = QPushButton("Copy all")
        buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.reload_button.clicked.connect(self.reload)
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        lay.addWidget(buttons)
        self.resize(900, 560)
        self.reload()

    def reload(self) -> None:
        self.text.setPlainText(read_tail(self.path))
        self.text.moveCursor(QTextCursor.MoveOperation.End)


def show_log(parent: QWidget | None = None) -> LogViewDialog:
    """The action's slot: open the viewer (non-modal)."""
    dialog = LogViewDialog(parent)
    dialog.show()
    return dialog


__all__ = ["LogViewDialog", "read_tail", "show_log"]
