"""The "Print summary…" dialog: options from the widgets, PDF saved on the worker, cancel, Open PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from casefile.domain.enums import Status
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.print_dialog import PrintSummaryDialog
from casefile.gui.worker import SyncRunner, TaskRunner
from tests.test_report_case import build_dispute
from tests.test_report_summary import first_page_with, flat, pages_text


@pytest.fixture
def dialog(qtbot, case, tmp_path):
    build_dispute(case, tmp_path / "files", extra_events=60)

    def make(runner):
        gctx = GuiContext(case, runner, QUndoStack(), CaseBus())
        dlg = PrintSummaryDialog(gctx)
        qtbot.addWidget(dlg)
        return dlg

    return make


def test_options_follow_the_widgets(dialog):
    dlg = dialog(SyncRunner())
    dlg.sections["notes"].setChecked(False)
    assert Status.SUGGESTED not in dlg.statuses and not dlg.include_suggested.isChecked()
    dlg.thumbnails.setChecked(False)
    dlg.use_from.setChecked(True)
    opts = dlg.options()
    assert "notes" not in opts.sections and opts.statuses == (Status.CONFIRMED, Status.DISPUTED)
    assert not opts.thumbnails and opts.date_from and opts.date_to is None
    dlg.include_suggested.setChecked(True)
    dlg.statuses[Status.DISPUTED].setChecked(False)
    assert dlg.options().statuses == (Status.CONFIRMED, Status.SUGGESTED)


def test_save_pdf_then_offer_to_open_it(dialog, tmp_path):
    dlg = dialog(SyncRunner())
    dlg.sections["exhibits"].setChecked(False)
    out = tmp_path / "out.pdf"
    dlg.save_pdf(out)
    assert out.is_file()
    assert not dlg.open_button.isHidden() and "out.pdf" in dlg.status.text()
    pages = pages_text(out)
    with pytest.raises(AssertionError):
        first_page_with(pages, "Exhibit index")
    assert first_page_with(pages, "Chronology") == 4


def test_renders_on_a_worker_thread_without_blocking(dialog, qtbot, tmp_path):
    runner = TaskRunner()
    dlg = dialog(runner)
    out = tmp_path / "threaded.pdf"
    dlg.save_pdf(out)
    assert dlg.task is not None  # returned at once: the work is on the pool
    assert not dlg.pdf_button.isEnabled() and not dlg.cancel_button.isHidden()
    qtbot.waitUntil(lambda: dlg.task is None, timeout=60_000)
    assert out.is_file() and "Page 1 of" in flat(pages_text(out)[0])
    assert dlg.pdf_button.isEnabled() and not dlg.open_button.isHidden()


def test_cancel_stops_the_job_and_writes_nothing(dialog, qtbot, tmp_path):
    runner = TaskRunner()
    dlg = dialog(runner)
    out = tmp_path / "cancelled.pdf"
    dlg.save_pdf(out)
    dlg.cancel_button.click()
    qtbot.waitUntil(lambda: dlg.task is None, timeout=60_000)
    assert not out.exists()
    assert "cancelled" in dlg.status.text()
    assert Path(tmp_path).glob(".cancelled.pdf*") and not list(Path(tmp_path).glob(".cancelled.pdf*"))


def test_suggestions_are_printed_only_when_asked_for(dialog, qtbot, tmp_path):
    dlg = dialog(SyncRunner())
    dlg.show()
    qtbot.waitExposed(dlg)
    assert dlg.include_suggested.text() == "Include suggestions (not yet reviewed): 1"
    out = tmp_path / "reviewed.pdf"
    dlg.save_pdf(out)
    text = flat(" ".join(pages_text(out)))
    assert "Statement by Ngô" not in text and "1 suggestion not yet reviewed was left out." in text
    qtbot.mouseClick(dlg.include_suggested, Qt.MouseButton.LeftButton)
    assert dlg.include_suggested.isChecked()
    out2 = tmp_path / "all.pdf"
    dlg.save_pdf(out2)
    text2 = flat(" ".join(pages_text(out2)))
    assert "Statement by Ngô" in text2 and "left out" not in text2
