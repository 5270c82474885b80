"""Opening a case off the GUI thread: an older case is backed up and upgraded in a worker while the window shows
"Opening…" and keeps answering; a failed open says why and leaves the window as it was; the newer request wins."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from casefile.context import create_case
from casefile.db import migrate
from casefile.gui import settings
from casefile.gui.window.main_window import MainWindow
from casefile.gui.worker import TaskRunner
from tests.schema import downgrade_case


def _revision(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def _old_case(tmp_path: Path, name: str) -> Path:
    """A case with a note, its schema taken back to the first revision as an older CaseFile left it."""
    with create_case(tmp_path / name, f"{name} v. Halvorsen") as case:
        case.notes.create("Ask for the unedited audio.")
        path = case.path
    downgrade_case(path, "0001")
    assert _revision(path / "case.db") == "0001"
    return path


@pytest.fixture
def window(qtbot):
    settings.clear_recent()
    w = MainWindow(TaskRunner())  # the real pool: the open must run off the GUI thread
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close_case()


def _click_recent(qtbot, window: MainWindow, path: Path) -> None:  # noqa: ANN001
    """A user's click on `path` in the welcome page's recent list."""
    settings.add_recent(path)
    window.welcome.refresh()
    lst = window.welcome.recent
    item = next(lst.item(i) for i in range(lst.count()) if lst.item(i).text().endswith(str(path)))
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(item).center())


def _no_modal_warnings(monkeypatch) -> list[str]:  # noqa: ANN001
    """Warnings recorded instead of shown: an unexpected one fails the test instead of hanging it."""
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *_a: said.append(text))
    return said


def _answer_warning(seen: list[str]) -> None:
    box = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()), None)
    if box is None:
        QTimer.singleShot(10, lambda: _answer_warning(seen))
        return
    seen.append(box.text())
    box.button(QMessageBox.StandardButton.Ok).click()


def test_an_older_case_opens_in_a_worker_while_the_window_keeps_answering(window, qtbot, tmp_path,
                                                                         monkeypatch):
    path = _old_case(tmp_path, "Okafor")
    gate = threading.Event()  # the upgrade waits until the GUI thread has shown it keeps turning
    real_upgrade = migrate.upgrade

    def upgrade_after_gate(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        assert threading.current_thread() is not threading.main_thread()
        assert gate.wait(10)
        return real_upgrade(*args, **kwargs)

    monkeypatch.setattr(migrate, "upgrade", upgrade_after_gate)
    warned = _no_modal_warnings(monkeypatch)
    seen: list[tuple[bool, str]] = []  # per heartbeat: opening page shown, its text

    def beat() -> None:
        if window.gctx is None:
            seen.append((window.stack.currentWidget() is window.opening,
                         f"{window.opening.heading.text()} {window.opening.step.text()}"))
        if len(seen) >= 5:
            gate.set()

    heartbeat = QTimer(window)
    heartbeat.timeout.connect(beat)
    heartbeat.start(5)
    _click_recent(qtbot, window, path)
    qtbot.waitUntil(lambda: window.gctx is not None or bool(warned), timeout=20000)
    heartbeat.stop()
    assert warned == []
    assert gate.is_set()  # the GUI thread's timer fired while the upgrade was held
    assert len(seen) >= 5 and all(opening for opening, _ in seen)
    assert "Opening Okafor" in seen[-1][1] and "upgrading the case database" in seen[-1][1]
    assert window.stack.currentWidget() is window.workspace
    assert "Okafor v. Halvorsen" in window.windowTitle()
    assert _revision(path / "case.db") == migrate.head_revision()
    assert window.gctx.case.backup is not None and window.gctx.case.backup.is_file()
    assert window.gctx.case.case.counts().notes == 1


def test_a_failed_open_says_why_and_leaves_the_window_usable(window, qtbot, tmp_path):
    with create_case(tmp_path / "Good", "Good v. Halvorsen") as case:
        good = case.path
    bad = tmp_path / "Damaged.casefile"
    (bad / "evidence").mkdir(parents=True)
    (bad / "case.db").write_bytes(b"this is not a database " * 100)
    messages: list[str] = []
    QTimer.singleShot(0, lambda: _answer_warning(messages))
    _click_recent(qtbot, window, bad)
    qtbot.waitUntil(lambda: bool(messages) and not window.opener.busy, timeout=20000)
    assert messages[0].startswith("The case database of 'Damaged.casefile' is damaged"), messages[0]
    assert "Traceback" not in messages[0] and "sqlite" not in messages[0].lower()
    assert window.stack.currentWidget() is window.welcome
    assert window.gctx is None
    _click_recent(qtbot, window, good)  # the window still answers: the next case opens
    qtbot.waitUntil(lambda: window.gctx is not None, timeout=20000)
    assert window.gctx.case.path == good


def test_the_newer_request_wins_and_the_older_case_is_closed(window, qtbot, tmp_path, monkeypatch):
    first = _old_case(tmp_path, "First")
    second = _old_case(tmp_path, "Second")
    gate = threading.Event()
    real_upgrade = migrate.upgrade

    def upgrade_after_gate(engine, db_path=None, **kwargs):  # noqa: ANN001, ANN003, ANN202
        if db_path is not None and db_path.parent == first:
            assert gate.wait(10)  # the first open is still upgrading when the second is asked for
        return real_upgrade(engine, db_path, **kwargs)

    monkeypatch.setattr(migrate, "upgrade", upgrade_after_gate)
    warned = _no_modal_warnings(monkeypatch)
    window.request_open(first)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.opening)
    window.request_open(second)
    gate.set()
    qtbot.waitUntil(lambda: (window.gctx is not None and not window.opener.busy) or bool(warned), timeout=20000)
    assert warned == []
    assert window.gctx.case.path == second
    qtbot.waitUntil(lambda: not window.runner.active, timeout=20000)
    # the first case, opened meanwhile by the abandoned request, was closed again: its lock is free
    from casefile.context import open_case

    with open_case(first) as again:
        assert again.case.info().title == "First v. Halvorsen"


def test_a_team_case_asks_for_its_password_on_the_gui_thread_while_a_worker_opens_it(window, qtbot, tmp_path,
                                                                                    monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    from tests.backends import password_role

    secret = "Desk-pass-2024"
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    with password_role(secret) as url:
        with create_case(tmp_path / "Desk", "Desk", database=url, password=lambda _u, _r: secret) as case:
            path = case.path
        asked: list[tuple[bool, bool]] = []  # (opening page shown, an open in flight) when the prompt came

        def type_password() -> None:
            dialog = next((w for w in QApplication.topLevelWidgets()
                           if isinstance(w, QInputDialog) and w.isVisible()), None)
            if dialog is None:
                QTimer.singleShot(10, type_password)
                return
            asked.append((window.stack.currentWidget() is window.opening, window.opener.busy))
            field = dialog.findChild(QLineEdit)
            qtbot.keyClicks(field, secret)
            qtbot.keyClick(field, Qt.Key.Key_Return)

        QTimer.singleShot(0, type_password)
        _click_recent(qtbot, window, path)
        qtbot.waitUntil(lambda: window.gctx is not None, timeout=20000)
        assert asked == [(True, True)]
        assert window.gctx.case.case.info().title == "Desk"
        window.close_case()
