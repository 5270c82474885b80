"""Helpers the GUI tests share (not a test module): build a tab, select rows with real clicks, drop on the window."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMenu, QTableView

from casefile.db.models import Evidence
from casefile.gui.tables import column_chooser
from casefile.gui.timeline.model import TITLE
from casefile.gui.timeline.tab import TimelineTab
from casefile.gui.window.main_window import MainWindow


def make_tab(qtbot, gctx) -> TimelineTab:  # noqa: ANN001
    tab = TimelineTab(gctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()  # shortcuts only reach the active window
    qtbot.waitUntil(tab.isActiveWindow)
    return tab


def add_exhibit(case, text: str, exhibit: int = 1) -> int:  # noqa: ANN001
    with case.ctx.writes() as s, s.begin():
        ev = Evidence(exhibit=exhibit, filename=f"ex{exhibit}.txt", kind="article", text=text, size=len(text))
        s.add(ev)
        s.flush()
        return ev.id


def click_row(qtbot, tab: TimelineTab, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    idx = tab.proxy.index(row, TITLE)
    tab.table.scrollTo(idx)
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, modifier, tab.table.visualRect(idx).center())


def drop(window: MainWindow, mime: QMimeData, target=None) -> QDropEvent:  # noqa: ANN001
    if target is None:
        target = window.tab_widget.currentWidget()
    pos = target.rect().center()
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, event)
    return event


def open_header_menu(qtbot, table: QTableView, column: int) -> QMenu:  # noqa: ANN001
    """Right-click `table`'s header over `column`, as a user would; the column chooser's menu, shown."""
    header = table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(column) + 10, header.height() // 2)
    QApplication.sendEvent(header.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                                                                header.viewport().mapToGlobal(pos)))
    menu = column_chooser(table).menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    return menu


def resize_and_settle(qtbot, widget, table: QTableView, width: int, height: int) -> None:  # noqa: ANN001
    """Resize `widget` and wait until its table has been laid out at the new size (its columns fitted), rather
    than for a fixed number of milliseconds."""
    before = table.viewport().width()
    widget.resize(width, height)
    qtbot.waitUntil(lambda: widget.width() == width and table.viewport().width() != before)
