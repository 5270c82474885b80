"""Help ▸ Show log: the viewer shows the log's newest lines and reloads them on a click."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt

from casefile.gui.dialogs.log_view import LogViewDialog, read_tail
from casefile.log import setup_logging


def test_the_viewer_shows_what_was_logged_and_reloads(qtbot, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("CASEFILE_LOG_DIR", str(tmp_path / "logs"))
    handler = setup_logging()
    assert handler is not None
    try:
        logging.getLogger("casefile.test").info("opening case %s", "Okafor v. Halvorsen")
        handler.flush()
        dialog = LogViewDialog(path=tmp_path / "logs" / "casefile.log")
        qtbot.addWidget(dialog)
        dialog.show()
        assert "opening case Okafor v. Halvorsen" in dialog.text.toPlainText()
        logging.getLogger("casefile.test").warning("import: stopped (the disk is full)")
        handler.flush()
        qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
        assert dialog.text.toPlainText().rstrip().endswith("import: stopped (the disk is full)")
    finally:
        logging.getLogger("casefile").removeHandler(handler)
        handler.close()


def test_a_missing_log_is_said_and_a_long_one_starts_on_a_whole_line(tmp_path: Path) -> None:
    assert read_tail(tmp_path / "none.log") == "Nothing has been logged yet."
    log = tmp_path / "big.log"
    log.write_text("".join(f"line {i}\n" for i in range(5000)), encoding="utf-8")
    tail = read_tail(log, limit=1000)
    assert tail.startswith("line ") and tail.endswith("line 4999\n")


def test_help_menu_opens_the_log(window, qtbot, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """Help ▸ Show log, chosen from the menu bar with the keyboard, opens the viewer on the app's log."""
    from PySide6.QtWidgets import QApplication

    monkeypatch.setenv("CASEFILE_LOG_DIR", str(tmp_path / "logs"))
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert [a.text() for a in help_menu.actions()] == ["Show &log", "&Check installation…"]
    window.menuBar().setActiveAction(help_menu.menuAction())
    qtbot.waitUntil(help_menu.isVisible)
    qtbot.keyClick(help_menu, Qt.Key.Key_L)  # the item's mnemonic
    qtbot.waitUntil(lambda: any(isinstance(w, LogViewDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LogViewDialog))
    dialog.close()
