"""Where file dialogs open: the folder last used for that kind of choice, else the user's Documents.

Kept in QSettings (UI state), never the working directory the app happened to be started from.
"""

from __future__ import annotations

from pathlib import Path

from casefile.gui import settings


def start_folder(kind: str) -> Path:
    """The folder last chosen for `kind` ("import", "export", "pdf", "case") when it still exists."""
    value = settings.value(f"folders/{kind}")
    if isinstance(value, str) and value and Path(value).is_dir():
        return Path(value)
    return settings.documents_dir()


def remember_folder(kind: str, folder: Path) -> None:
    if folder.is_dir():
        settings.set_value(f"folders/{kind}", str(folder))
