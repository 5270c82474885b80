"""A chronology sheet dropped on the window opens the column mapping; its rows become events on Import."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QUrl

from casefile.domain.records import EventFilter
from casefile.gui.importing.chronology_dialog import ChronologyDialog
from tests.gui_helpers import drop


def test_dropped_chronology_is_mapped_then_imported(window, qtbot, tmp_path):
    sheet = tmp_path / "timeline.csv"
    sheet.write_text(
        "When,What happened,Who,Notes\n"
        "2024-02-03,Recording published,Halvorsen Media Group,Four-minute clip\n"
        "2024-03-12,Complaint filed,Marguerite Okafor; Ruth Abernathy,Defamation suit\n",
        encoding="utf-8",
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sheet))])
    with qtbot.waitSignal(window.import_controller.finished, timeout=30000):
        drop(window, mime)
    case = window.gctx.case
    assert case.events.count(EventFilter(statuses=())) == 0  # nothing happens before the user maps columns
    qtbot.waitUntil(lambda: bool(window.import_controller.chronology_dialogs))
    dialog = window.import_controller.chronology_dialogs[0]
    assert isinstance(dialog, ChronologyDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled())
    assert dialog.combos["title"].currentText() == "What happened"
    assert dialog.combos["parties"].currentText() == "Who"
    assert "2 of 2 rows will become events" in dialog.status.text()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: case.events.count() == 2)
    events = case.events.list()
    assert [e.title for e in events] == ["Recording published", "Complaint filed"]
    assert events[1].party_names == ("Marguerite Okafor", "Ruth Abernathy")
    sheet_exhibit = case.evidence.list()[0]
    assert events[0].citations[0].evidence_id == sheet_exhibit.id
