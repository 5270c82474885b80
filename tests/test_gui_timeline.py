"""The Timeline tab driven as a user: table in date order, lazy pages, filter, review keys, editor, strip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QUndoStack, QWheelEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from casefile.db.models import Event
from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import DateQualifier, Status
from casefile.domain.records import Citation, EventDraft, PartyDraft
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.timeline.model import DATE, ID_ROLE, PAGE, SORT_ROLE, STATUS, STATUS_ROLE, TITLE
from casefile.gui.timeline.tab import EMPTY_HINT, TimelineTab
from casefile.gui.worker import SyncRunner
from tests.gui_helpers import add_exhibit, click_row, make_tab


@pytest.fixture
def gctx(qapp, case):  # noqa: ANN001, ANN201
    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


def column(tab: TimelineTab, col: int) -> list[str]:
    p = tab.proxy
    return [p.index(r, col).data() for r in range(p.rowCount())]


def row_of(tab: TimelineTab, title: str) -> int:
    return column(tab, TITLE).index(title)





def seed(case) -> dict[str, int]:  # noqa: ANN001
    ev = case.events
    return {
        "day": ev.create(EventDraft(EventDate.on("2024-03-14"), "Ledger reports the suit")),
        "minute": ev.create(EventDraft(EventDate.on("2024-03-14T09:30"), "Statement released",
                                       status=Status.SUGGESTED)),
        "year": ev.create(EventDraft(EventDate(CaseDate.parse("2023"), DateQualifier.BEFORE), "Okafor hired")),
        "month": ev.create(EventDraft(EventDate.on("2024-02"), "Recording published", status=Status.DISPUTED)),
    }


def test_rows_in_date_order_at_their_precision(qtbot, gctx) -> None:  # noqa: ANN001
    seed(gctx.case)
    tab = make_tab(qtbot, gctx)
    assert column(tab, DATE) == ["before 2023", "Feb 2024", "14 Mar 2024", "14 Mar 2024 09:30"]
    assert tab.proxy.index(1, DATE).data(SORT_ROLE) == "2024-02"
    assert column(tab, STATUS) == ["Confirmed", "Disputed", "Confirmed", "Suggested"]
    assert tab.proxy.index(3, TITLE).data(Qt.ItemDataRole.FontRole).italic()  # suggestions look different
    # clicking the Date header sorts descending in SQL
    header = tab.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(DATE) + 20, header.height() // 2))
    assert tab.model.descending
    assert column(tab, DATE)[0] == "14 Mar 2024 09:30"


def test_lazy_fetching_loads_pages_as_you_scroll(qtbot, gctx) -> None:  # noqa: ANN001
    rows = [{"date_start": f"20{10 + i // 365 % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}", "title": f"Event {i}",
             "date_precision": "day", "date_qualifier": "on", "status": "confirmed", "origin": "imported",
             "description": ""} for i in range(3000)]
    with gctx.case.ctx.writes() as s, s.begin():
        s.execute(insert(Event), rows)
    tab = make_tab(qtbot, gctx)
    assert tab.model.total == tab.model.rowCount() == 3000  # every row has its place in the scroll range
    assert tab.model.loaded == PAGE  # only the first page is fetched
    assert tab.count_label.text() == "3,000 events"
    tab.table.setFocus()
    bar = tab.table.verticalScrollBar()
    bar.setValue(bar.maximum())
    last = tab.proxy.index(2999, TITLE)
    qtbot.waitUntil(lambda: last.data() not in (None, "…"))  # the bottom page arrives on demand
    assert tab.model.loaded <= 3 * PAGE  # not the 2,800 rows above it
    bottom = [tab.model.index(r, DATE).data(SORT_ROLE) for r in range(2990, 3000)]
    assert bottom == sorted(bottom) and bottom[-1] >= tab.model.index(0, DATE).data(SORT_ROLE)


def test_filter_typing_narrows_rows(qtbot, gctx) -> None:  # noqa: ANN001
    ids = seed(gctx.case)
    tab = make_tab(qtbot, gctx)
    qtbot.keyClicks(tab.filter_bar.text, "recording")
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 1)
    assert tab.proxy.index(0, TITLE).data(ID_ROLE) == ids["month"]
    assert tab.strip.count == 1
    qtbot.keyClicks(tab.filter_bar.text, "zzz")
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 0)
    assert tab.hint.isVisible() and "Clear the filter" in tab.hint.text()
    tab.filter_bar.text.clear()
    qtbot.keyClicks(tab.filter_bar.date_from, "2024-03")
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 2)
    assert tab.filter_bar.status_button.text() == "Status: 3 of 4"
    tab.filter_bar.status_actions[Status.SUGGESTED].trigger()  # untick Suggested in the status menu
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 1)
    assert tab.filter_bar.status_button.text() == "Status: 2 of 4"


def test_filter_bar_fits_a_narrow_window_without_clipping(qtbot, gctx) -> None:  # noqa: ANN001
    tab = make_tab(qtbot, gctx)
    bar = tab.filter_bar
    assert bar.minimumSizeHint().width() <= 700
    tab.resize(700, 600)
    qtbot.waitUntil(lambda: bar.width() <= 700)
    for w in (bar.text, bar.party, bar.tag, bar.status_button, bar.date_from, bar.date_to):
        assert w.width() >= w.minimumSizeHint().width(), w.accessibleName()
    fm = bar.status_button.fontMetrics()
    assert bar.status_button.width() > fm.horizontalAdvance(bar.status_button.text())


def test_empty_case_shows_the_drop_hint(qtbot, gctx) -> None:  # noqa: ANN001
    tab = make_tab(qtbot, gctx)
    assert tab.hint.isVisible()
    assert tab.hint.text() == EMPTY_HINT


def test_confirm_and_dismiss_by_button_and_key_with_undo(qtbot, gctx) -> None:  # noqa: ANN001
    ids = seed(gctx.case)
    events = gctx.case.events
    tab = make_tab(qtbot, gctx)
    click_row(qtbot, tab, row_of(tab, "Statement released"))
    assert tab.selected_ids() == [ids["minute"]]
    qtbot.mouseClick(tab.toolbar.widgetForAction(tab.confirm_action), Qt.MouseButton.LeftButton)
    assert events.get(ids["minute"]).status is Status.CONFIRMED
    gctx.undo.undo()
    assert events.get(ids["minute"]).status is Status.SUGGESTED
    gctx.undo.redo()
    assert events.get(ids["minute"]).status is Status.CONFIRMED
    gctx.undo.undo()

    click_row(qtbot, tab, row_of(tab, "Statement released"))
    qtbot.keyClick(tab.table, Qt.Key.Key_D)
    assert events.get(ids["minute"]).status is Status.DISMISSED
    assert "Statement released" not in column(tab, TITLE)  # dismissed ones are filtered out
    gctx.undo.undo()
    assert "Statement released" in column(tab, TITLE)

    click_row(qtbot, tab, row_of(tab, "Statement released"))
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)  # Enter confirms a suggestion
    assert events.get(ids["minute"]).status is Status.CONFIRMED
    click_row(qtbot, tab, row_of(tab, "Okafor hired"))
    click_row(qtbot, tab, row_of(tab, "Recording published"), Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(tab.table, Qt.Key.Key_C)
    assert events.get(ids["month"]).status is Status.CONFIRMED
    gctx.undo.undo()
    assert events.get(ids["month"]).status is Status.DISPUTED


def test_dialog_creates_event_with_month_precision_around(qtbot, gctx) -> None:  # noqa: ANN001
    tab = make_tab(qtbot, gctx)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dlg = tab.dialog
    assert dlg is not None and dlg.isVisible()
    qtbot.waitUntil(dlg.isActiveWindow)
    qtbot.keyClicks(dlg.date, "2024-03")
    assert dlg.precision.currentText() == "Month"
    dlg.qualifier.setFocus()
    qtbot.keyClicks(dlg.qualifier, "Around")
    assert dlg.qualifier.currentData() == DateQualifier.AROUND
    # no title: an inline message, the dialog stays open, nothing is saved
    qtbot.keyClick(dlg.title, Qt.Key.Key_Return)
    assert dlg.isVisible() and not dlg.error.isHidden() and "title" in dlg.error.text()
    assert gctx.case.events.count() == 0
    qtbot.keyClicks(dlg.title, "Halvorsen denies the claims")
    qtbot.keyClick(dlg.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert column(tab, DATE) == ["c. Mar 2024"]
    assert tab.hint.isHidden()
    gctx.undo.undo()
    assert tab.proxy.rowCount() == 0


def test_dialog_rejects_a_bad_date_inline(qtbot, gctx) -> None:  # noqa: ANN001
    tab = make_tab(qtbot, gctx)
    tab.new_event()
    dlg = tab.dialog
    qtbot.keyClicks(dlg.date, "31 Foo 2024")
    qtbot.keyClicks(dlg.title, "Something")
    qtbot.keyClick(dlg.title, Qt.Key.Key_Return)
    assert dlg.isVisible() and "not a date" in dlg.error.text()
    dlg.date.clear()
    qtbot.keyClicks(dlg.date, "14 March 2024")
    qtbot.keyClick(dlg.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert column(tab, DATE) == ["14 Mar 2024"]


def test_edit_sources_and_parties_then_delete_and_undo(qtbot, gctx) -> None:  # noqa: ANN001
    case = gctx.case
    okafor = case.parties.create(PartyDraft("Marguerite Okafor"))
    hmg = case.parties.create(PartyDraft("Halvorsen Media Group"))
    ex1 = add_exhibit(case, "Okafor filed a defamation lawsuit.", 1)
    ex2 = add_exhibit(case, "Transcript.", 2)
    eid = case.events.create(EventDraft(
        EventDate.on("2024-03-12"), "Okafor sues", party_ids=(okafor,),
        citations=(Citation(ex1, quote="Okafor filed a defamation lawsuit", char_start=0, char_end=33, page=2),
                   Citation(ex2, quote="Transcript", time_ms=83_000))))
    tab = make_tab(qtbot, gctx)
    click_row(qtbot, tab, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    dlg = tab.dialog
    assert dlg is not None
    sources = [dlg.source_model.item(i).text() for i in range(dlg.source_model.rowCount())]
    assert sources[0].startswith("Ex. 1, p. 2\n“Okafor filed") and sources[1].startswith("Ex. 2 at 01:23")
    # Show emits the cited passage
    dlg.source_list.setCurrentIndex(dlg.source_model.index(0, 0))
    with qtbot.waitSignal(gctx.bus.open_citation) as shown:
        qtbot.mouseClick(dlg.show_button, Qt.MouseButton.LeftButton)
    assert shown.args == [ex1, 0, 33]
    # remove the second source; link Halvorsen Media Group (found by search, toggled with Space)
    dlg.source_list.setCurrentIndex(dlg.source_model.index(1, 0))
    qtbot.mouseClick(dlg.remove_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dlg.party_search, "halv")
    assert dlg.party_proxy.rowCount() == 1
    dlg.party_list.setFocus()
    dlg.party_list.setCurrentIndex(dlg.party_proxy.index(0, 0))
    qtbot.keyClick(dlg.party_list, Qt.Key.Key_Space)
    qtbot.mouseClick(dlg.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)
    rec = case.events.get(eid)
    assert [c.evidence_id for c in rec.citations] == [ex1]
    assert set(rec.party_ids) == {okafor, hmg}
    assert tab.proxy.index(0, 3).data() == "1"

    click_row(qtbot, tab, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)  # a confirmed event is deleted
    assert case.events.count() == 0 and tab.hint.isVisible()
    gctx.undo.undo()
    rec = case.events.get(eid)
    assert set(rec.party_ids) == {okafor, hmg} and rec.citations[0].quote == "Okafor filed a defamation lawsuit"
    assert tab.proxy.rowCount() == 1
    gctx.undo.undo()  # the edit
    assert len(case.events.get(eid).citations) == 2


def wheel(widget, x: float, steps: int) -> None:  # noqa: ANN001
    pos = QPointF(x, widget.height() / 2)
    ev = QWheelEvent(pos, widget.mapToGlobal(pos), QPoint(), QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                     Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, ev)


def test_visual_timeline_syncs_selection_and_zooms(qtbot, gctx) -> None:  # noqa: ANN001
    ev = gctx.case.events
    early = ev.create(EventDraft(EventDate.on("2020-01-10"), "Early"))
    late = ev.create(EventDraft(EventDate.on("2024-06-01"), "Late"))
    tab = make_tab(qtbot, gctx)
    strip = tab.strip
    strip.repaint()
    center = strip.marker_center(early)
    assert center is not None
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=center.toPoint())
    assert tab.selected_ids() == [early]
    # table -> strip
    click_row(qtbot, tab, 1)
    assert strip._sel_ids == {late}  # highlighted
    late_day = strip.prepared.by_id[late].day
    # wheel zoom around the cursor: the range narrows and the time under the cursor stays put
    t0, t1 = strip.visible_range()
    x = strip.x_of(late_day)
    wheel(strip, x, 3)
    n0, n1 = strip.visible_range()
    assert n1 - n0 < (t1 - t0) / 1.5
    assert abs(strip.time_at(x) - late_day) < 1.0
    wheel(strip, x, -3)
    assert strip.visible_range()[1] - strip.visible_range()[0] == pytest.approx(t1 - t0, rel=1e-6)
    # drag pans
    before = strip.visible_range()
    qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=QPoint(400, 40))
    qtbot.mouseMove(strip, QPoint(300, 40))
    qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=QPoint(300, 40))
    assert strip.visible_range()[0] > before[0]


def test_show_item_loads_the_page_and_clears_a_hiding_filter(qtbot, gctx) -> None:  # noqa: ANN001
    rows = [{"date_start": f"2015-{1 + i % 12:02d}-01", "title": f"Event {i}", "date_precision": "day",
             "date_qualifier": "on", "status": "confirmed", "origin": "imported", "description": ""}
            for i in range(1500)]
    with gctx.case.ctx.writes() as s, s.begin():
        s.execute(insert(Event), rows)
    last = gctx.case.events.create(EventDraft(EventDate.on("2030-01-01"), "Far in the future"))
    tab = make_tab(qtbot, gctx)
    assert tab.model.loaded == PAGE
    tab.show_item(last)
    assert tab.selected_ids() == [last]
    assert tab.model.loaded <= 2 * PAGE  # its page only, not the 1,300 rows above it
    # an edit after the jump re-reads the pages in use, not every row up to it
    tab.review.dispute_selected()
    assert tab.selected_ids() == [last] and tab.model.loaded <= 3 * PAGE
    assert tab.table.currentIndex().data(STATUS_ROLE) == "disputed"
    qtbot.keyClicks(tab.filter_bar.text, "Event 5")
    tab.filter_bar.flush()
    tab.show_item(last)
    assert tab.selected_ids() == [last] and tab.filter_bar.text.text() == ""
