"""The case's side panes: Notes and Search share the right dock area as tabs, so the reader keeps its room."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from casefile.gui.context import GuiContext
from casefile.gui.notes.dock import NotesDock
from casefile.gui.search.panel import SearchPanel

RIGHT = Qt.DockWidgetArea.RightDockWidgetArea


def add_notes_dock(window: QMainWindow, gctx: GuiContext, view_menu: QMenu,
                   set_icon: Callable[[Any, str], None]) -> tuple[NotesDock, QAction]:
    """The Notes pane on the right and its View ▸ Notes pane toggle (F9)."""
    dock = NotesDock(gctx)
    if not dock.objectName():
        dock.setObjectName("notes_dock")
    dock.setAccessibleName("Notes")
    window.addDockWidget(RIGHT, dock)
    toggle = dock.toggleViewAction()
    toggle.setText("&Notes pane")
    toggle.setShortcut(QKeySequence("F9"))
    set_icon(toggle, "notes")
    view_menu.addAction(toggle)
    return dock, toggle


def add_search_dock(window: QMainWindow, gctx: GuiContext, notes: QDockWidget,
                    on_closed: Callable[[], None]) -> tuple[SearchPanel, QDockWidget]:
    """The Search pane, hidden, tabbed with the Notes pane."""
    panel = SearchPanel(gctx)
    search = QDockWidget("Search")
    search.setObjectName("search_dock")
    search.setAccessibleName("Search")
    search.setWidget(panel)
    search.setMinimumWidth(260)
    window.addDockWidget(RIGHT, search)
    window.tabifyDockWidget(notes, search)
    search.hide()
    panel.closed.connect(on_closed)
    return panel, search


def remove_docks(window: QMainWindow, *docks: QDockWidget | None) -> None:
    for dock in docks:
        if dock is not None:
            window.removeDockWidget(dock)
            dock.deleteLater()


def raise_search(window: QMainWindow, notes: QDockWidget | None, search: QDockWidget) -> None:
    """Bring the Search pane forward, tabbed with Notes again if an older layout or the user split them."""
    if (notes is not None and not notes.isFloating() and not search.isFloating()
            and search not in window.tabifiedDockWidgets(notes)):
        # a layout saved by an older version (Search on the left) or split by the user: one pane again
        if window.dockWidgetArea(notes) != window.dockWidgetArea(search):
            window.addDockWidget(window.dockWidgetArea(notes), search)
        window.tabifyDockWidget(notes, search)
    search.show()
    search.raise_()
