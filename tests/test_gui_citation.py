"""Adding a source by hand in the event editor: pick the exhibit, the passage and where it is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from casefile.domain.dates import EventDate
from casefile.domain.records import EventDraft
from casefile.gui.timeline.citation_dialog import CitationDialog, parse_timestamp
from tests.gui_helpers import add_exhibit, click_row, make_tab


def test_parse_timestamp() -> None:
    assert parse_timestamp("01:23") == 83_000
    assert parse_timestamp("1:02:03") == 3_723_000
    assert parse_timestamp("  ") is None
    with pytest.raises(ValueError, match="mm:ss"):
        parse_timestamp("83 s")
    with pytest.raises(ValueError, match="00 to 59"):
        parse_timestamp("01:75")


def test_add_a_timed_source_to_an_event(qtbot, gctx) -> None:  # noqa: ANN001, F811
    case = gctx.case
    add_exhibit(case, "Ledger article.", 1)
    clip = add_exhibit(case, "Interview transcript.", 2)
    eid = case.events.create(EventDraft(EventDate.on("2024-03-20"), "Okafor calls the clip spliced"))
    tab = make_tab(qtbot, gctx)
    click_row(qtbot, tab, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    dlg = tab.dialog
    assert dlg is not None and not dlg.no_sources.isHidden()

    def answer() -> None:
        picker = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CitationDialog) and w.isVisible())
        picker.exhibit.setCurrentIndex(picker.exhibit.findData(clip))
        picker.quote.setPlainText("The recording was cut together from three conversations.")
        picker.moment.setText("bad")
        picker.accept()  # refused: the moment is not mm:ss
        assert picker.isVisible() and "mm:ss" in picker.error.text()
        picker.moment.setText("00:03")
        picker.buttons.button(picker.buttons.StandardButton.Ok).click()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(dlg.add_source_button, Qt.MouseButton.LeftButton)
    assert dlg.source_model.rowCount() == 1
    assert dlg.source_model.item(0).text().startswith("Ex. 2 at 00:03\n“The recording was cut")
    qtbot.mouseClick(dlg.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)
    (cite,) = case.events.get(eid).citations
    assert (cite.evidence_id, cite.time_ms, cite.locator()) == (clip, 3000, "Ex. 2 at 00:03")
