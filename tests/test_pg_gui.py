"""The window with team cases: create one from the welcome page, open one that needs a password."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QLineEdit

from casefile.context import create_case
from casefile.gui import settings
from casefile.gui.window.main_window import MainWindow
from casefile.gui.window.welcome import NewCaseDialog, case_title
from casefile.gui.worker import SyncRunner
from tests.backends import password_role, throwaway_database

SECRET = "Desk-pass-2024"


@pytest.fixture
def window(qtbot):  # noqa: ANN001, ANN201
    settings.clear_recent()
    w = MainWindow(SyncRunner())
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close_case()


def _visible(kind: type):  # noqa: ANN202
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())


def test_new_team_case_from_the_welcome_page(window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    seen: dict[str, object] = {}
    with throwaway_database() as url:
        def fill() -> None:
            dialog = _visible(NewCaseDialog)
            try:
                steps(dialog)
            finally:
                if dialog.isVisible():  # a failed step must not leave the modal dialog waiting forever
                    dialog.reject()

        def steps(dialog: NewCaseDialog) -> None:
            ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
            dialog.folder_edit.clear()
            qtbot.keyClicks(dialog.folder_edit, str(tmp_path))
            qtbot.keyClicks(dialog.title_edit, "Okafor desk")
            assert not dialog.url_edit.isVisible()
            qtbot.mouseClick(dialog.team_check, Qt.MouseButton.LeftButton)
            assert dialog.team_check.isChecked() and dialog.url_edit.isVisible()
            seen["empty"] = (ok.isEnabled(), dialog.target_label.text())
            qtbot.keyClicks(dialog.url_edit, url.replace("@", ":hunter2@", 1))
            seen["with_password"] = (ok.isEnabled(), dialog.target_label.text())
            dialog.url_edit.clear()
            qtbot.keyClicks(dialog.url_edit, url)
            seen["good"] = (ok.isEnabled(), dialog.target_label.text())
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

        QTimer.singleShot(50, fill)
        qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
        assert seen["empty"][0] is False and "postgresql://USER@HOST" in seen["empty"][1]
        assert seen["with_password"][0] is False and "password" in seen["with_password"][1]
        assert seen["good"][0] is True and "records in the database above" in seen["good"][1]
        created = tmp_path / "Okafor desk.casefile"
        assert sorted(p.name for p in created.iterdir()) == ["casefile-server.json", "evidence"]
        assert window.gctx is not None and window.gctx.case.backend == "postgresql"
        assert window.gctx.case.case.info().title == "Okafor desk"
        window.close_case()
        assert case_title(created) == "Okafor desk"  # the recent list names it without asking the server
        assert "hunter2" not in (created / "casefile-server.json").read_text(encoding="utf-8")


def test_opening_a_team_case_asks_for_the_password(window, qtbot, tmp_path: Path,  # noqa: ANN001
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    with password_role(SECRET) as url:
        with create_case(tmp_path / "Desk", "Desk", database=url, password=lambda _u, _r: SECRET) as case:
            path = case.path
        asked: list[str] = []

        def type_password() -> None:
            dialog = _visible(QInputDialog)
            try:
                asked.append(dialog.labelText())
                field = dialog.findChild(QLineEdit)
                assert field.echoMode() == QLineEdit.EchoMode.Password
                qtbot.keyClicks(field, SECRET)
                qtbot.keyClick(field, Qt.Key.Key_Return)
            finally:
                if dialog.isVisible():
                    dialog.reject()

        QTimer.singleShot(50, type_password)
        assert window.open_case(path)
        assert len(asked) == 1 and url in asked[0] and "~/.pgpass" in asked[0]
        assert window.gctx.case.case.info().title == "Desk"
        window.close_case()
        home = Path(settings.data_dir()).parent
        assert not [p for p in home.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
