"""The "Print summary…" dialog: options from the widgets, PDF saved on the worker, cancel, Open PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import QFileDialog

from casefile.domain.enums import Status
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.dialogs.print_summary import PrintSummaryDialog
from casefile.gui.worker import SyncRunner, TaskRunner
from tests.report_case import build_dispute, first_page_with, flat, pages_text

LEFT_OUT = re.compile(r"not yet reviewed (was|were|is|are) left out")  # the cover's and legend's note


@pytest.fixture
def dialog(qtbot, case, tmp_path, monkeypatch):
    build_dispute(case, tmp_path / "files", extra_events=60)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)

    def make(runner, save_as: Path | None = None):
        if save_as is not None:  # the user picks this file in the save dialog
            monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(save_as), "PDF files (*.pdf)"))
        gctx = GuiContext(case, runner, QUndoStack(), CaseBus())
        dlg = PrintSummaryDialog(gctx)
        dlg.opened = opened
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        return dlg

    return make


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))


def test_options_follow_the_widgets(dialog, qtbot):
    dlg = dialog(SyncRunner())
    assert "notes" in dlg.options().sections and dlg.options().thumbnails
    assert Status.SUGGESTED not in dlg.statuses and not dlg.include_suggested.isChecked()
    for box in (dlg.sections["notes"], dlg.thumbnails, dlg.use_from):
        click(qtbot, box)
    opts = dlg.options()
    assert "notes" not in opts.sections and opts.statuses == (Status.CONFIRMED, Status.DISPUTED)
    assert not opts.thumbnails and opts.date_from and opts.date_to is None
    click(qtbot, dlg.include_suggested)
    click(qtbot, dlg.statuses[Status.DISPUTED])
    assert dlg.options().statuses == (Status.CONFIRMED, Status.SUGGESTED)


def test_save_pdf_then_offer_to_open_it(dialog, qtbot, tmp_path):
    out = tmp_path / "out.pdf"
    dlg = dialog(SyncRunner(), save_as=out)
    click(qtbot, dlg.sections["exhibits"])
    qtbot.mouseClick(dlg.pdf_button, Qt.MouseButton.LeftButton)
    assert out.is_file()
    assert not dlg.open_button.isHidden() and "out.pdf" in dlg.status.text()
    pages = pages_text(out)
    with pytest.raises(AssertionError):
        first_page_with(pages, "Exhibit index")
    assert first_page_with(pages, "Chronology") == 4
    qtbot.mouseClick(dlg.open_button, Qt.MouseButton.LeftButton)
    assert dlg.opened == [str(out)]


def test_renders_on_a_worker_thread_without_blocking(dialog, qtbot, tmp_path):
    out = tmp_path / "threaded.pdf"
    dlg = dialog(TaskRunner(), save_as=out)
    qtbot.mouseClick(dlg.pdf_button, Qt.MouseButton.LeftButton)
    assert dlg.task is not None  # returned at once: the work is on the pool
    assert not dlg.pdf_button.isEnabled() and not dlg.cancel_button.isHidden()
    qtbot.waitUntil(lambda: dlg.task is None, timeout=60_000)
    assert out.is_file() and "Page 1 of" in flat(pages_text(out)[0])
    assert dlg.pdf_button.isEnabled() and not dlg.open_button.isHidden()


def test_cancel_stops_the_job_and_writes_nothing(dialog, qtbot, tmp_path):
    out = tmp_path / "cancelled.pdf"
    dlg = dialog(TaskRunner(), save_as=out)
    qtbot.mouseClick(dlg.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dlg.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.task is None, timeout=60_000)
    assert not out.exists()
    assert "cancelled" in dlg.status.text()
    assert list(Path(tmp_path).glob("*cancelled*")) == []  # no temporary file left behind either


def test_suggestions_are_printed_only_when_asked_for(dialog, qtbot, tmp_path):
    out = tmp_path / "reviewed.pdf"
    dlg = dialog(SyncRunner(), save_as=out)
    assert dlg.include_suggested.text() == "Include suggestions (not yet reviewed): 1"
    qtbot.mouseClick(dlg.pdf_button, Qt.MouseButton.LeftButton)
    text = flat(" ".join(pages_text(out)))
    assert "Statement by Ngô" not in text
    assert "1 suggestion not yet reviewed was left out." in text
    out2 = tmp_path / "all.pdf"
    dlg2 = dialog(SyncRunner(), save_as=out2)
    click(qtbot, dlg2.include_suggested)
    assert dlg2.include_suggested.isChecked()
    qtbot.mouseClick(dlg2.pdf_button, Qt.MouseButton.LeftButton)
    text2 = flat(" ".join(pages_text(out2)))
    assert "Statement by Ngô" in text2
    assert not LEFT_OUT.search(text2)
