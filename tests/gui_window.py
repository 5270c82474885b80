"""The main window on a case, shown, active and on the Timeline, with the real thread pool (GUI tests of work
that must leave the GUI thread)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from casefile.gui import settings
from casefile.gui.window.main_window import MainWindow
from casefile.gui.worker import TaskRunner


def active_window(qtbot: Any, path: Path, width: int = 1500) -> Iterator[MainWindow]:
    """Yield the window on the case at `path` (closed after); for a fixture to `yield from`."""
    settings.clear_recent()
    w = MainWindow(TaskRunner())
    qtbot.addWidget(w)
    w.resize(width, 900)
    w.show()
    assert w.open_case(path)
    w.tab_widget.setCurrentIndex(0)
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    yield w
    w.close_case()
