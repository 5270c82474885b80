"""`casefile self-test`: one line per part, exit 0 only when every essential part works; Help ▸ Check installation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casefile import cli, selftest

ROOT = Path(__file__).resolve().parent.parent
# the PDF check prints with Qt: the test process's application must be the QApplication the GUI tests share
pytestmark = pytest.mark.usefixtures("qapp")
QUICK_PARTS = ("Database", "Evidence store", "Reading an article", "OCR", "PDF writer")


def test_quick_self_test_checks_the_fast_parts(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["self-test", "--quick"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == list(QUICK_PARTS)
    assert all(": works" in line for line in lines), lines


def test_a_missing_essential_part_says_what_to_install_and_fails(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def no_tesseract(_ws: selftest.Workspace) -> str:
        raise selftest.Missing("sudo apt-get install tesseract-ocr tesseract-ocr-eng")

    def broken(_ws: selftest.Workspace) -> str:
        raise ValueError("bad magic number\nsecond line")

    monkeypatch.setattr(selftest, "CHECKS", (
        selftest.Check("Database", selftest.check_database),
        selftest.Check("OCR", no_tesseract),
        selftest.Check("Optional part", broken, essential=False),
    ))
    assert cli.main(["self-test"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Database: works")
    assert out[1] == "OCR: missing — sudo apt-get install tesseract-ocr tesseract-ocr-eng"
    assert out[2] == "Optional part: missing — ValueError: bad magic number; reinstall CaseFile"


def test_only_essential_parts_decide_the_exit_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "CHECKS", (
        selftest.Check("Database", selftest.check_database),
        selftest.Check("French", lambda _ws: (_ for _ in ()).throw(selftest.Missing("pip install x")),
                       essential=False),
    ))
    results = selftest.run_checks()
    assert [r.ok for r in results] == [True, False]
    assert selftest.all_essential_work(results)
    assert cli.main(["self-test"]) == 0


def test_a_check_after_a_failed_database_says_it_needs_it() -> None:
    with selftest._workspace() as ws:
        result = selftest.run_one(selftest.Check("PDF writer", selftest.check_pdf), ws)
    assert not result.ok
    assert result.line() == "PDF writer: missing — needs the database (see above)"


def test_the_probe_command_runs_this_program() -> None:
    assert selftest.probe_command("web")[-3:] == ["self-test", "--probe", "web"]
    assert selftest.probe_command("web")[0] == sys.executable


@pytest.mark.slow
def test_the_full_self_test_passes_here(tmp_path: Path) -> None:
    """Every part, the models, the media player and the web engine included, as `casefile self-test` runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "casefile", "self-test"], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=300)
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    assert [line.split(":")[0] for line in lines] == [c.part for c in selftest.CHECKS]
    assert all(": works" in line for line in lines), lines
    assert "10 of 10 parts work" in done.stderr


def test_help_menu_offers_check_installation(window) -> None:  # noqa: ANN001
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert "&Check installation…" in [a.text() for a in help_menu.actions()]


def test_check_installation_dialog_lists_each_part(qtbot) -> None:  # noqa: ANN001
    from casefile.gui.dialogs.check_installation import CheckInstallationDialog
    from casefile.gui.worker import TaskRunner

    runner = TaskRunner()
    dialog = CheckInstallationDialog(runner, quick=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.finished_checks, timeout=60000)
    rows = [text for text, _ok in dialog.model.rows]
    assert [r.split(":")[0] for r in rows] == list(QUICK_PARTS)
    assert all(ok for _text, ok in dialog.model.rows), rows
    assert dialog.summary.text() == "5 of 5 parts work."
    assert dialog.copy_button.isEnabled()
