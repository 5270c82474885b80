"""An unexpected error in the app is logged to the rotating file and shown in a dialog, never lost."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from casefile.gui import crash


@pytest.fixture
def hooks(tmp_path, monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setenv("CASEFILE_LOG_DIR", str(tmp_path / "logs"))
    uninstall = crash.install_exception_hooks()
    yield tmp_path / "logs" / crash.LOG_NAME
    uninstall()
    for w in QApplication.topLevelWidgets():
        if isinstance(w, crash.ErrorDialog):
            w.close()


def _dialogs() -> list[crash.ErrorDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, crash.ErrorDialog) and w.isVisible()]


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_and_shown(qtbot, hooks) -> None:  # noqa: ANN001
    button = QPushButton("Summarise")
    qtbot.addWidget(button)
    button.show()

    def slot() -> None:
        raise ValueError("no exhibit 7 in this case")

    button.clicked.connect(slot)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(_dialogs()))
    dialog = _dialogs()[0]
    assert "ValueError: no exhibit 7 in this case" in dialog.details
    labels = " ".join(w.text() for w in dialog.findChildren(crash.QLabel))
    assert str(hooks) in labels
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert "no exhibit 7" in copied and str(hooks) in copied
    log = hooks.read_text(encoding="utf-8")
    assert "ERROR casefile [MainThread] unexpected error" in log and "ValueError: no exhibit 7 in this case" in log
    assert "in slot" in log  # the traceback names where it happened


def test_an_error_in_a_worker_thread_is_logged_and_shown(qtbot, hooks) -> None:  # noqa: ANN001
    def work() -> None:
        raise OSError("disk full while writing the thumbnail")

    t = threading.Thread(target=work, name="thumbnailer")
    t.start()
    t.join()
    qtbot.waitUntil(lambda: bool(_dialogs()))
    assert "disk full" in _dialogs()[0].details
    log = hooks.read_text(encoding="utf-8")
    assert "unexpected error in thumbnailer" in log and "OSError: disk full" in log


def test_qt_warnings_reach_the_log(qtbot, hooks) -> None:  # noqa: ANN001
    from PySide6.QtCore import qWarning

    qWarning("QPainter::begin: Paint device returned engine == 0")
    assert "WARNING casefile [MainThread] Qt: QPainter::begin" in hooks.read_text(encoding="utf-8")
