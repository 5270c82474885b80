"""In the app, dropped files appear at once; suggestions follow as their own job and fill in the report."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from casefile.gui.importing.panel import OutcomeModel
from casefile.gui.window.main_window import MainWindow
from casefile.gui.worker import TaskRunner
from casefile.services.suggestion_service import model_state
from tests.conftest import ARTICLE


@pytest.fixture
def window(qtbot, case):  # noqa: ANN001, ANN201
    path = case.path
    case.close()
    w = MainWindow(TaskRunner())  # the real thread pool: neither pass may block the GUI thread
    qtbot.addWidget(w)
    w.show()
    assert w.open_case(path)
    yield w
    w.close_case()


def _drop_folder(window: MainWindow, folder) -> None:  # noqa: ANN001
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    target = window.tab_widget.currentWidget()
    pos = target.rect().center()
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    QApplication.sendEvent(target, QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime,
                                              Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def _folder(tmp_path, n: int):  # noqa: ANN001, ANN202
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(n):
        (folder / f"article-{i}.txt").write_text(ARTICLE.replace("$12 million", f"${i} million"), encoding="utf-8")
    return folder


def test_exhibits_appear_first_then_suggestions_fill_in_the_report(window, qtbot, tmp_path) -> None:  # noqa: ANN001
    folder = _folder(tmp_path, 3)
    labels: list[str] = []
    controller = window.import_controller

    def watch(task) -> None:  # noqa: ANN001
        if controller.suggesting:
            task.progress.connect(lambda *_: labels.append(window.import_panel.label.text()))

    controller.started.connect(watch)
    with qtbot.waitSignal(controller.finished, timeout=30000):
        _drop_folder(window, folder)
    assert window.gctx.case.evidence.count() == 3  # the files are in before any suggestion is made
    dialog = window.report_dialog
    col = OutcomeModel.SUGGESTIONS
    with qtbot.waitSignal(controller.suggested, timeout=60000) as blocker:
        pass
    result = blocker.args[0]
    assert result.done == 3 and window.gctx.case.suggestions.waiting() == 0
    assert any(t.startswith("Finding suggestions… ") and t.endswith(" of 3") for t in labels), labels
    counts = [int(dialog.model.index(r, col).data()) for r in range(dialog.model.rowCount())]
    assert len(counts) == 3 and all(c > 0 for c in counts)
    assert sum(counts) == result.suggestions
    note = dialog.suggestion_note.text()
    assert note.startswith(f"{result.suggestions} suggested events and parties")
    assert ("Suggestions are limited" in note) is (not model_state().available)
    qtbot.waitUntil(lambda: not window.import_panel.isVisible())
    assert window.gctx.case.events.count() > 0


def test_stopping_the_suggestion_pass_leaves_the_rest_waiting_for_later(window, qtbot, tmp_path) -> None:  # noqa: ANN001
    folder = _folder(tmp_path, 30)
    controller = window.import_controller
    clicked: list[bool] = []

    def stop_soon(task) -> None:  # noqa: ANN001
        if controller.suggesting:
            def click(done: int, *_: object) -> None:
                if done >= 1 and not clicked:
                    clicked.append(True)
                    qtbot.mouseClick(window.import_panel.cancel_button, Qt.MouseButton.LeftButton)
            task.progress.connect(click)

    controller.started.connect(stop_soon)
    with qtbot.waitSignal(controller.suggested, timeout=120000) as blocker:
        _drop_folder(window, folder)
    result = blocker.args[0]
    assert clicked and result.cancelled and result.done < 30
    waiting = window.gctx.case.suggestions.waiting()
    assert waiting == 30 - result.done
    assert f"{waiting} exhibits still waiting" in window.report_dialog.suggestion_note.text()
    # reopening the case continues the pass
    path = window.gctx.case.path
    window.close_case()
    assert window.open_case(path)
    qtbot.waitUntil(lambda: window.gctx.case.suggestions.waiting() == 0, timeout=120000)
    qtbot.waitUntil(lambda: not controller_of(window).busy, timeout=30000)


def controller_of(window: MainWindow):  # noqa: ANN201
    return window.import_controller
