"""A long exhibit's text is laid out a piece at a time: its start at once, the rest as the reader scrolls, and a
citation far into it is shown and marked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.evidence.preview import text_view
from casefile.gui.evidence.tab import EvidenceTab
from casefile.gui.worker import SyncRunner

LINE = "2021-03-04\tHalvorsen board meets\tThe board of Halvorsen Media Group met on the settlement.\n"


def test_a_long_text_shows_its_start_then_more_as_one_scrolls(qtbot, case, tmp_path) -> None:  # noqa: ANN001
    sheet = tmp_path / "chronology.txt"
    sheet.write_text(LINE * 12_000 + "The last line names Okafor.\n", encoding="utf-8")  # ~1 MB
    case.intake.import_paths([sheet])
    rec = case.evidence.list()[0]
    full = case.evidence.text(rec.id)
    assert len(full) > 5 * text_view.CHUNK
    gctx = GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())
    tab = EvidenceTab(gctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 760)
    tab.show()
    tab.show_item(rec.id)
    preview = tab.preview.text
    qtbot.waitUntil(lambda: preview.shown > 0)
    assert preview.shown < 2 * text_view.CHUNK  # only the start is laid out
    assert preview.browser.document().characterCount() - 1 == preview.shown
    first = preview.shown
    qtbot.keyClick(preview.browser.verticalScrollBar(), Qt.Key.Key_End)  # the scroll bar to the end shown
    qtbot.waitUntil(lambda: preview.shown > first)
    end = full.index("Okafor")
    tab.open_citation(rec.id, end, end + len("Okafor"))  # a passage near the end: laid out and selected
    assert preview.shown >= end + len("Okafor")
    assert preview.browser.textCursor().selectedText() == "Okafor"
