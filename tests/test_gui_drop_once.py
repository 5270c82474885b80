"""A drag over the window asks what it carries once, however many enter and move events it sends; the links are
read only at the drop (real drag events on the window's widgets)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

ACTIONS = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
BUTTON, NO_MOD = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


class CountingMime(QMimeData):
    """The real QMimeData, counting each question asked of it (the calls still reach Qt's own methods)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: Counter[str] = Counter()

    def formats(self) -> list[str]:
        self.calls["formats"] += 1
        return super().formats()

    def hasFormat(self, mimetype: str) -> bool:  # noqa: N802 - Qt override
        self.calls["hasFormat"] += 1
        return super().hasFormat(mimetype)

    def hasUrls(self) -> bool:  # noqa: N802 - Qt override
        self.calls["hasUrls"] += 1
        return super().hasUrls()

    def urls(self) -> list[QUrl]:
        self.calls["urls"] += 1
        return super().urls()

    def questions(self) -> int:
        return self.calls["formats"] + self.calls["hasFormat"] + self.calls["hasUrls"]


def _enter(widget: QWidget, mime: QMimeData) -> QDragEnterEvent:
    event = QDragEnterEvent(widget.rect().center(), ACTIONS, mime, BUTTON, NO_MOD)
    QApplication.sendEvent(widget, event)
    return event


def _moves(widget: QWidget, mime: QMimeData, n: int) -> list[QDragMoveEvent]:
    out = []
    c = widget.rect().center()
    for i in range(n):
        event = QDragMoveEvent(QPoint(c.x() + i % 7, c.y() + i % 5), ACTIONS, mime, BUTTON, NO_MOD)
        QApplication.sendEvent(widget, event)
        out.append(event)
    return out


def test_a_drag_asks_what_it_carries_once_and_reads_links_only_at_the_drop(window, qtbot, article_file):
    mime = CountingMime()
    mime.setUrls([QUrl.fromLocalFile(str(article_file))])
    mime.calls.clear()
    first = window.tab_widget.currentWidget()
    second = window.statusBar()

    assert _enter(first, mime).isAccepted()
    assert all(e.isAccepted() for e in _moves(first, mime, 40))
    # the cursor crosses into another widget: leave the first, enter the second in the same dispatch
    QApplication.sendEvent(first, QDragLeaveEvent())
    assert _enter(second, mime).isAccepted()
    assert all(e.isAccepted() and e.dropAction() == Qt.DropAction.CopyAction for e in _moves(second, mime, 40))
    assert window.drop_overlay.isVisible()
    assert mime.questions() == 1, mime.calls
    assert mime.calls["urls"] == 0  # no link is parsed while hovering

    with qtbot.waitSignal(window.import_controller.finished, timeout=30000) as blocker:
        drop = QDropEvent(QPointF(second.rect().center()), ACTIONS, mime, BUTTON, NO_MOD)
        QApplication.sendEvent(second, drop)
        assert drop.isAccepted()
        assert not window.drop_overlay.isVisible()
    assert blocker.args[0].imported == 1
    assert mime.calls["urls"] >= 1  # read at the drop, by the payload


def test_each_drag_is_looked_at_afresh_and_leaving_the_window_ends_it(window, qtbot):
    target = window.tab_widget.currentWidget()
    picture = CountingMime()
    picture.setData("application/x-qt-image", b"\x00")
    enter = _enter(target, picture)
    assert not enter.isAccepted() and not any(e.isAccepted() for e in _moves(target, picture, 10))
    assert picture.questions() == 1
    QApplication.sendEvent(target, QDragLeaveEvent())
    qtbot.waitUntil(lambda: window.drop._drag is None)

    link = CountingMime()
    link.setUrls([QUrl("https://news.example.org/okafor-ruling")])
    link.calls.clear()
    assert _enter(target, link).isAccepted()
    assert all(e.isAccepted() for e in _moves(target, link, 10))
    assert link.questions() == 1
    assert window.drop_overlay.isVisible()
    QApplication.sendEvent(target, QDragLeaveEvent())  # and no widget sees it enter: it left the window
    qtbot.waitUntil(lambda: not window.drop_overlay.isVisible())
    assert window.gctx.case.evidence.count() == 0


def test_text_dragged_over_an_editor_stays_the_editors(window, qtbot):
    field = window.tabs[2].filter_edit
    mime = CountingMime()
    mime.setText("Halvorsen")
    _enter(field, mime)  # the line edit takes text itself (and asks its own questions): no import offered
    assert not window.drop_overlay.isVisible()
    asked = mime.questions()
    assert _enter(window.statusBar(), mime).isAccepted()  # elsewhere it imports
    assert all(e.isAccepted() for e in _moves(window.statusBar(), mime, 20))
    assert window.drop_overlay.isVisible()
    assert mime.questions() == asked  # the filter asked once, on entering the field
