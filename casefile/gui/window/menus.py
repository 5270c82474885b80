"""The menu bar and the main toolbar, laid out as data over the action registry's ids (`actions.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar

from casefile.context import is_case_dir
from casefile.gui import icons, settings
from casefile.gui.window.tabs import TABS

if TYPE_CHECKING:
    from casefile.gui.window.main_window import MainWindow

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
        "import", "import_folder", "paste", SEPARATOR,
        "print", Submenu("E&xport", "export", ("export_json", "export_csv", "audit")), "verify",
        Submenu("Case &archive", "archive", ("archive_export", "archive_open")), "move_to_server", SEPARATOR,
        "close", "quit",
    )),
    ("edit", "&Edit", ("undo", "redo", SEPARATOR, "find", SEPARATOR, "speech_model")),
    ("view", "&View", (*(f"tab_{tab.meaning}" for tab in TABS), SEPARATOR)),  # + the Notes pane's toggle
)

TOOLBAR = ("import", "paste", SEPARATOR, "undo", "redo", SEPARATOR, "find", "print", "verify")


def build_menus(window: MainWindow, actions: dict[str, QAction]) -> dict[str, QMenu]:
    """The menu bar's menus by id; the recent-cases submenu is `menus["recent"]`."""
    menus: dict[str, QMenu] = {}
    for menu_id, title, items in MENUS:
        menu = window.menuBar().addMenu(title)
        menus[menu_id] = menu
        for item in items:
            if item == SEPARATOR:
                menu.addSeparator()
            elif item == RECENT:
                recent = menu.addMenu(icons.icon("case.recent"), "&Recent cases")
                recent.aboutToShow.connect(lambda m=recent: fill_recent_menu(window, m))
                menus["recent"] = recent
            elif isinstance(item, Submenu):
                menu.addMenu(icons.icon(item.icon), item.title).addActions([actions[i] for i in item.items])
            else:
                menu.addAction(actions[item])
    return menus


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


def fill_recent_menu(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    paths = settings.recent_cases()
    for p in paths:
        action = menu.addAction(icons.icon("case" if is_case_dir(p) else "case.missing"), p.name)
        action.setToolTip(str(p))
        action.setEnabled(is_case_dir(p))
        action.triggered.connect(lambda _=False, path=p: window.open_case(path))
    if not paths:
        menu.addAction("No recent cases").setEnabled(False)
    else:
        menu.addSeparator()
        clear = menu.addAction("Clear list")
        clear.triggered.connect(lambda: clear_recent(window))


def clear_recent(window: MainWindow) -> None:
    settings.clear_recent()
    window.welcome.refresh()
