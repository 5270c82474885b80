"""The menu bar and the main toolbar, laid out as data over the action registry's ids (`actions.py`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar

from casefile.context import is_case_dir
from casefile.gui import icons, settings
from casefile.gui.window.tabs import TABS

SEPARATOR = "-"
RECENT = "recent cases"  # filled from settings each time it opens


@dataclass(frozen=True)
class Submenu:
    title: str
    icon: str
    items: tuple[str, ...]


MenuItem = str | Submenu

# (menu id, title, items): action ids, SEPARATOR, RECENT or a Submenu
MENUS: tuple[tuple[str, str, tuple[MenuItem, ...]], ...] = (
    ("file", "&File", (
        "new", "open", RECENT, "demo", SEPARATOR,
        "import", "import_folder", "paste", SEPARATOR, "capture", "capture_sign_in", "capture_forget", SEPARATOR,
        "print", Submenu("E&xport", "export", ("export_json", "export_csv", "audit")), "verify",
        Submenu("Case &archive", "archive", ("archive_export", "archive_open")), "move_to_server", SEPARATOR,
        "close", "quit",
    )),
    ("edit", "&Edit", ("undo", "redo", SEPARATOR, "find", SEPARATOR, "speech_model", "language_models")),
    ("view", "&View", (*(f"tab_{tab.meaning}" for tab in TABS), SEPARATOR)),  # + the Notes pane's toggle
    ("help", "&Help", ("show_log", "check_installation")),
)

TOOLBAR = ("import", "paste", SEPARATOR, "undo", "redo", SEPARATOR, "find", "print", "verify")


class RecentCases:
    """The File ▸ Recent cases submenu: filled from settings each time it opens."""

    def __init__(self, menu: QMenu, open_case: Callable[[Path], object], cleared: Callable[[], None]) -> None:
        self.menu, self.open_case, self.cleared = menu, open_case, cleared
        menu.aboutToShow.connect(self.fill)

    def fill(self) -> None:
        menu = self.menu
        menu.clear()
        paths = settings.recent_cases()
        for p in paths:
            action = menu.addAction(icons.icon("case" if is_case_dir(p) else "case.missing"), p.name)
            action.setToolTip(str(p))
            action.setEnabled(is_case_dir(p))
            action.triggered.connect(lambda _=False, path=p: self.open_case(path))
        if not paths:
            menu.addAction("No recent cases").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear list").triggered.connect(self.clear)

    def clear(self) -> None:
        settings.clear_recent()
        self.cleared()


def build_menus(bar: QMenuBar, actions: dict[str, QAction], open_case: Callable[[Path], object],
                recent_cleared: Callable[[], None]) -> tuple[dict[str, QMenu], RecentCases]:
    """The menu bar's menus by id, and the recent-cases submenu."""
    menus: dict[str, QMenu] = {}
    recent: RecentCases | None = None
    for menu_id, title, items in MENUS:
        menu = bar.addMenu(title)
        menus[menu_id] = menu
        for item in items:
            if item == SEPARATOR:
                menu.addSeparator()
            elif item == RECENT:
                recent = RecentCases(menu.addMenu(icons.icon("case.recent"), "&Recent cases"), open_case,
                                     recent_cleared)
            elif isinstance(item, Submenu):
                menu.addMenu(icons.icon(item.icon), item.title).addActions([actions[i] for i in item.items])
            else:
                menu.addAction(actions[item])
    assert recent is not None, "MENUS lists the recent cases"
    return menus, recent


def build_toolbar(actions: dict[str, QAction]) -> QToolBar:
    toolbar = QToolBar("Main toolbar")
    toolbar.setObjectName("main_toolbar")
    toolbar.setAccessibleName("Main toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for item in TOOLBAR:
        if item == SEPARATOR:
            toolbar.addSeparator()
        else:
            toolbar.addAction(actions[item])
    return toolbar
