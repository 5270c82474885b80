"""Asking for a team case's database password when libpq has none (no ~/.pgpass entry, no PGPASSWORD).

The answer goes to the connection and nowhere else: never into settings, the case folder or the log.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from casefile.context import PasswordPrompt
from casefile.domain.printable import printable


def password_prompt(parent: QWidget | None) -> PasswordPrompt:
    """A prompt for `open_case`/`create_case`: a password field over `parent`; Cancel gives the server's refusal."""

    def ask(url: str, reason: str) -> str | None:
        text = (f"{printable(reason)}\n\n" if reason else "") + (
            f"Password for the team case's database\n{printable(url)}\n\n"
            "(To be asked no more, put it in ~/.pgpass; CaseFile never saves it.)")
        password, ok = QInputDialog.getText(parent, "Database password", text, QLineEdit.EchoMode.Password)
        return password if ok and password else None

    return ask
