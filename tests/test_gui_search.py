"""Ctrl+F searches the whole case as you type; activating a result shows it in its tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from casefile.domain.dates import EventDate
from casefile.domain.enums import TargetType
from casefile.domain.records import EventDraft
from casefile.gui.search.panel import snippet_html
from casefile.gui.window.main_window import MainWindow
from casefile.gui.worker import SyncRunner


@pytest.fixture
def window(qtbot, case, article_file):
    case.imports.import_paths([article_file])
    event_id = case.events.create(EventDraft(EventDate.on("2024-02-03"), "Halvorsen publishes the splice recording"))
    case.notes.create("Ask the forensic expert about the splice points")
    path = case.path
    case.close()
    w = MainWindow(SyncRunner())
    qtbot.addWidget(w)
    w.show()
    w.open_case(path)
    w.event_id = event_id
    yield w
    w.close_case()


def test_ctrl_f_finds_an_event_and_activating_it_switches_tab(window, qtbot):
    window.tab_widget.setCurrentIndex(2)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    panel = window.search_panel
    assert window.search_dock.isVisible() and panel.query.hasFocus()
    with qtbot.waitSignal(panel.results_ready, timeout=3000):
        qtbot.keyClicks(panel.query, "splice")  # debounced: one search after typing stops
    groups = [panel.model.item(r).text() for r in range(panel.model.rowCount())]
    assert groups == ["Events (1)", "Notes (1)"]
    shown = []
    window.gctx.bus.open_item.connect(lambda kind, item_id: shown.append((kind, item_id)))
    event_item = panel.result_index(0, 0)
    assert "<b style" in event_item.data(Qt.ItemDataRole.UserRole + 3)  # the hit is marked
    panel.view.setFocus()
    panel.view.setCurrentIndex(event_item)
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert shown == [(TargetType.EVENT.value, window.event_id)]
    assert window.tab_widget.currentIndex() == 0  # Timeline


def test_search_groups_evidence_and_escape_closes(window, qtbot):
    window.find()
    panel = window.search_panel
    with qtbot.waitSignal(panel.results_ready, timeout=3000):
        qtbot.keyClicks(panel.query, "Abernathy")
    assert panel.model.item(0).text() == "Evidence (1)"
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)  # nothing selected: nothing happens
    panel.view.clicked.emit(panel.result_index(0, 0))
    assert window.tab_widget.currentIndex() == 2
    qtbot.keyClick(panel.query, Qt.Key.Key_Escape)
    assert not window.search_dock.isVisible()


def test_no_match_says_so(window, qtbot):
    window.find()
    panel = window.search_panel
    with qtbot.waitSignal(panel.results_ready, timeout=3000):
        qtbot.keyClicks(panel.query, "zeppelin")
    assert panel.model.rowCount() == 0 and "Nothing matches" in panel.status.text()


def test_snippet_marks_hits_and_escapes_the_rest():
    html = snippet_html("a <b> [splice] point")
    assert "&lt;b&gt;" in html and ">splice</b>" in html


def test_an_evidence_hit_opens_scrolled_to_the_words_highlighted(window, qtbot):
    window.resize(1200, 780)
    window.find()
    panel = window.search_panel
    with qtbot.waitSignal(panel.results_ready, timeout=3000):
        qtbot.keyClicks(panel.query, "Abernathy")
    hit = panel.result_index(0, 0)
    panel.view.setFocus()
    panel.view.setCurrentIndex(hit)
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    tab = window.tabs[2]
    assert window.tab_widget.currentWidget() is tab
    browser = tab.preview.text.browser
    qtbot.waitUntil(lambda: bool(browser.extraSelections()), timeout=3000)
    selection = browser.extraSelections()[0]
    cursor = selection.cursor
    assert cursor.selectedText() == "Abernathy"
    assert browser.textCursor().selectedText() == "Abernathy"


def test_hit_span_prefers_the_snippets_own_place():
    from casefile.gui.search.panel import hit_span

    text = "The splice was small. Later the expert found the splice points in the tape."
    start, end = hit_span(text, "… the expert found the [splice] points …")
    assert text[start:end] == "splice" and start > text.index("splice")
    assert hit_span(text, "[nothing]") is None
