"""The review flow driven as a user: readable suggestions (contrast measured from pixels), triage keys that
move on, bulk verdicts beyond the fetched rows, "to review", confidence, the detail pane, the column menu."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QUndoStack
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert, update

from casefile.context import create_case
from casefile.db.models import Event, Evidence
from casefile.domain.dates import EventDate
from casefile.domain.enums import Status
from casefile.domain.records import Citation, EventDraft, EventFilter, PartyDraft
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.timeline.model import CONFIDENCE, ID_ROLE, PARTIES, STATUS, TITLE
from casefile.gui.timeline.tab import TimelineTab
from casefile.gui.worker import SyncRunner
from tests.gui_helpers import open_header_menu, resize_and_settle


@pytest.fixture
def gctx(qapp, case):  # noqa: ANN001, ANN201
    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


def make_tab(qtbot, gctx, size: tuple[int, int] = (1400, 800)) -> TimelineTab:  # noqa: ANN001
    tab = TimelineTab(gctx)
    qtbot.addWidget(tab)
    tab.resize(*size)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    return tab


def titles(tab: TimelineTab) -> list[str]:
    return [tab.proxy.index(r, TITLE).data() for r in range(tab.proxy.rowCount())]


def click_row(qtbot, tab: TimelineTab, row: int) -> None:  # noqa: ANN001
    idx = tab.proxy.index(row, TITLE)
    tab.table.scrollTo(idx)
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=tab.table.visualRect(idx).center())


def current_title(tab: TimelineTab) -> str:
    return tab.proxy.index(tab.table.currentIndex().row(), TITLE).data()


def suggest(case, n: int, start: int = 1) -> list[int]:  # noqa: ANN001
    return [case.events.create(EventDraft(EventDate.on(f"2024-03-{start + i:02d}"), f"Suggestion {start + i}",
                                          status=Status.SUGGESTED)) for i in range(n)]


def set_confidence(case, event_id: int, value: float | None, forecast: bool = False) -> None:  # noqa: ANN001
    with case.ctx.writes() as s, s.begin():
        s.execute(update(Event).where(Event.id == event_id).values(confidence=value, forecast=forecast))


# contrast -----------------------------------------------------------------------------------------
def _luminance(c: QColor) -> float:
    def ch(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def cell_contrast(image: QImage, rect) -> tuple[QColor, float]:  # noqa: ANN001
    """The cell's background (its most common colour) and the strongest text-vs-background contrast."""
    pixels = [image.pixelColor(x, y) for x in range(rect.left() + 2, rect.right() - 2)
              for y in range(rect.top() + 1, rect.bottom() - 1)]
    bg = QColor(Counter(p.rgb() for p in pixels).most_common(1)[0][0])
    return bg, max(contrast(p, bg) for p in pixels)


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e8e8e8"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.AlternateBase, "#262626"),
                         (QPalette.ColorRole.Text, "#e8e8e8"), (QPalette.ColorRole.Button, "#333333"),
                         (QPalette.ColorRole.ButtonText, "#e8e8e8"), (QPalette.ColorRole.Highlight, "#2f65ca"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff")):
        pal.setColor(role, QColor(colour))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#777777"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#777777"))
    return pal


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_suggested_rows_are_readable_and_distinct(qtbot, gctx, dark: bool) -> None:  # noqa: ANN001
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = app.palette()
    if dark:
        app.setPalette(dark_palette())
    try:
        ev = gctx.case.events
        ev.create(EventDraft(EventDate.on("2024-01-02"), "Confirmed by hand"))
        ev.create(EventDraft(EventDate.on("2024-01-03"), "Suggested from the article", status=Status.SUGGESTED))
        ev.create(EventDraft(EventDate.on("2024-01-04"), "Another suggestion here", status=Status.SUGGESTED))
        tab = make_tab(qtbot, gctx)
        tab.table.clearSelection()
        tab.table.setCurrentIndex(tab.proxy.index(-1, -1))
        image = tab.table.viewport().grab().toImage()
        backgrounds = []
        for row in range(3):
            rect = tab.table.visualRect(tab.proxy.index(row, TITLE))
            bg, ratio = cell_contrast(image, rect)
            assert ratio >= 4.5, (row, ratio)
            backgrounds.append(bg.rgb())
        assert backgrounds[1] != backgrounds[0]  # suggestions stand out by their tint
        status_rect = tab.table.visualRect(tab.proxy.index(1, STATUS))
        assert cell_contrast(image, status_rect)[1] >= 4.5
        assert tab.proxy.index(1, STATUS).data(Qt.ItemDataRole.DecorationRole) is not None  # the badge
    finally:
        app.setPalette(old)


# triage -------------------------------------------------------------------------------------------
def test_every_verdict_key_moves_to_the_next_row(qtbot, gctx) -> None:  # noqa: ANN001
    ids = suggest(gctx.case, 5)
    events = gctx.case.events
    tab = make_tab(qtbot, gctx)
    click_row(qtbot, tab, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_C)
    assert events.get(ids[0]).status is Status.CONFIRMED
    assert current_title(tab) == "Suggestion 2" and tab.selected_ids() == [ids[1]]
    qtbot.keyClick(tab.table, Qt.Key.Key_X)
    assert events.get(ids[1]).status is Status.DISPUTED
    assert tab.selected_ids() == [ids[2]]
    qtbot.keyClick(tab.table, Qt.Key.Key_D)  # dismissed rows leave the list; the next one is selected
    assert events.get(ids[2]).status is Status.DISMISSED
    assert "Suggestion 3" not in titles(tab)
    assert tab.selected_ids() == [ids[3]]
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert events.get(ids[3]).status is Status.CONFIRMED
    assert tab.selected_ids() == [ids[4]]
    qtbot.keyClick(tab.table, Qt.Key.Key_E)  # E edits
    assert tab.dialog is not None and tab.dialog.isVisible()
    tab.dialog.reject()
    gctx.undo.undo()
    assert events.get(ids[3]).status is Status.SUGGESTED


def test_ctrl_a_then_a_verdict_reaches_rows_never_fetched(qtbot, gctx) -> None:  # noqa: ANN001
    rows = [{"date_start": f"2015-{1 + i % 12:02d}-01", "title": f"Event {i}", "date_precision": "day",
             "date_qualifier": "on", "status": "suggested", "origin": "imported", "description": ""}
            for i in range(2500)]
    with gctx.case.ctx.writes() as s, s.begin():
        s.execute(insert(Event), rows)
    keep = gctx.case.events.create(EventDraft(EventDate.on("2016-01-01"), "Confirmed one"))
    tab = make_tab(qtbot, gctx)
    assert tab.model.loaded < 2500
    click_row(qtbot, tab, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(tab.table, Qt.Key.Key_D)
    events = gctx.case.events
    assert events.count(EventFilter(statuses=(Status.SUGGESTED,))) == 0
    assert events.count(EventFilter(statuses=(Status.DISMISSED,))) == 2500
    assert events.get(keep).status is Status.CONFIRMED  # a bulk dismiss leaves confirmed events alone
    assert gctx.undo.count() == 1  # one undo step
    gctx.undo.undo()
    assert events.count(EventFilter(statuses=(Status.SUGGESTED,))) == 2500


def test_to_review_filter_shows_its_count(qtbot, gctx) -> None:  # noqa: ANN001
    suggest(gctx.case, 3)
    gctx.case.events.create(EventDraft(EventDate.on("2024-05-01"), "Confirmed"))
    tab = make_tab(qtbot, gctx)
    button = tab.toolbar.widgetForAction(tab.filter_bar.review)
    assert button.text() == "To review (3)"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    tab.filter_bar.flush()
    assert titles(tab) == ["Suggestion 1", "Suggestion 2", "Suggestion 3"]
    click_row(qtbot, tab, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_C)
    assert titles(tab) == ["Suggestion 2", "Suggestion 3"]
    assert button.text() == "To review (2)"
    assert current_title(tab) == "Suggestion 2"


def test_confidence_column_sorts_in_sql_and_the_weakest_can_be_hidden(qtbot, gctx) -> None:  # noqa: ANN001
    ids = suggest(gctx.case, 3)
    for eid, value in zip(ids, (0.9, 0.2, 0.6), strict=True):
        set_confidence(gctx.case, eid, value)
    manual = gctx.case.events.create(EventDraft(EventDate.on("2024-01-01"), "By hand"))
    tab = make_tab(qtbot, gctx)
    assert tab.proxy.index(titles(tab).index("Suggestion 2"), CONFIDENCE).data() == "20%"
    header = tab.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(CONFIDENCE) + 10, header.height() // 2))
    assert tab.model.order == "confidence"
    assert titles(tab) == ["Suggestion 2", "Suggestion 3", "Suggestion 1", "By hand"]
    tab.filter_bar.confidence_actions[0.5].trigger()
    tab.filter_bar.flush()
    assert titles(tab) == ["Suggestion 3", "Suggestion 1", "By hand"]
    assert manual in [tab.proxy.index(r, 0).data(ID_ROLE) for r in range(tab.proxy.rowCount())]


def test_forecasts_are_marked_in_the_table(qtbot, gctx) -> None:  # noqa: ANN001
    (eid,) = suggest(gctx.case, 1)
    set_confidence(gctx.case, eid, 0.7, forecast=True)
    tab = make_tab(qtbot, gctx)
    assert tab.proxy.index(0, STATUS).data() == "Suggested · forecast"


# detail pane --------------------------------------------------------------------------------------
def test_detail_pane_shows_passages_and_dismisses_an_exhibits_suggestions(qtbot, gctx) -> None:  # noqa: ANN001
    with gctx.case.ctx.writes() as s, s.begin():
        ex = Evidence(exhibit=3, filename="ledger.txt", kind="article", text="The board met on 3 March.", size=25)
        s.add(ex)
        s.flush()
        ex_id = ex.id
    cite = Citation(ex_id, quote="The board met on 3 March.", char_start=0, char_end=25)
    ev = gctx.case.events
    first = ev.create(EventDraft(EventDate.on("2024-03-03"), "Board meeting", status=Status.SUGGESTED,
                                 citations=(cite,)))
    second = ev.create(EventDraft(EventDate.on("2024-03-04"), "Second reading", status=Status.SUGGESTED,
                                  citations=(cite,)))
    other = ev.create(EventDraft(EventDate.on("2024-03-05"), "Elsewhere", status=Status.SUGGESTED))
    tab = make_tab(qtbot, gctx)
    click_row(qtbot, tab, 0)
    text = tab.detail.body.toPlainText()
    assert "The board met on 3 March." in text and "Ex. 3" in text
    cursor = tab.detail.body.document().find("Dismiss every suggestion")
    assert not cursor.isNull()
    pos = tab.detail.body.cursorRect(cursor).center()
    qtbot.mouseClick(tab.detail.body.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert ev.get(first).status is Status.DISMISSED and ev.get(second).status is Status.DISMISSED
    assert ev.get(other).status is Status.SUGGESTED
    gctx.undo.undo()
    assert ev.get(first).status is Status.SUGGESTED


# column menu --------------------------------------------------------------------------------------
def test_header_menu_hides_a_column_and_the_case_remembers(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    tab = make_tab(qtbot, gctx)
    assert not tab.table.isColumnHidden(PARTIES)
    menu = open_header_menu(qtbot, tab.table, TITLE)
    action = next(a for a in menu.actions() if a.text() == "Parties")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    assert tab.table.isColumnHidden(PARTIES)
    assert not next(a for a in menu.actions() if a.text() == "Title").isEnabled()  # Title always stays
    resize_and_settle(qtbot, tab, tab.table, 1500, 800)  # fitting columns again never brings it back
    assert tab.table.isColumnHidden(PARTIES)
    again = make_tab(qtbot, gctx)
    assert again.table.isColumnHidden(PARTIES)
    other = create_case(tmp_path / "Other case", "Other")
    try:
        fresh = make_tab(qtbot, GuiContext(other, SyncRunner(), QUndoStack(), CaseBus()))
        assert not fresh.table.isColumnHidden(PARTIES)  # kept per case
    finally:
        other.close()


# visual timeline ----------------------------------------------------------------------------------
def test_strip_titles_events_and_its_tooltip_names_title_date_and_parties(qtbot, gctx) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QToolTip

    pid = gctx.case.parties.create(PartyDraft("Marguerite Okafor"))
    ev = gctx.case.events
    first = ev.create(EventDraft(EventDate.on("2024-01-29"), "Editor calls the clip rough", party_ids=(pid,)))
    ev.create(EventDraft(EventDate.on("2024-03-12"), "Okafor files suit", party_ids=(pid,)))
    far = ev.create(EventDraft(EventDate.on("2050-01-01"), "Verdict expected", status=Status.SUGGESTED))
    set_confidence(gctx.case, far, 0.4, forecast=True)
    tab = make_tab(qtbot, gctx)
    strip = tab.strip
    strip.repaint()
    assert strip.label_of(first) == "Editor calls the clip rough"
    assert strip.marker_center(far) is None  # the forecast waits beyond the arrow
    t0, t1 = strip.visible_range()
    assert t1 < 740000  # the 2024 case fills the view; 2050 does not squeeze it
    center = strip.marker_center(first)
    assert center is not None
    qtbot.mouseMove(strip, center.toPoint())
    qtbot.waitUntil(QToolTip.isVisible)
    tip = QToolTip.text()
    assert "Editor calls the clip rough" in tip and "29 Jan 2024" in tip and "Marguerite Okafor" in tip
    # zoom to the selection
    click_row(qtbot, tab, titles(tab).index("Okafor files suit"))
    qtbot.mouseClick(tab.strip_panel.toolbar.widgetForAction(tab.strip_panel.zoom_action),
                     Qt.MouseButton.LeftButton)
    z0, z1 = strip.visible_range()
    assert z1 - z0 < 30


def test_dates_are_never_cut_and_title_gets_the_room(qtbot, gctx) -> None:  # noqa: ANN001
    from casefile.domain.dates import CaseDate
    from casefile.domain.enums import DateQualifier
    from casefile.gui.timeline.model import DATE, TAGS

    ev = gctx.case.events
    ev.create(EventDraft(EventDate(CaseDate.parse("2024-11-18"), DateQualifier.BETWEEN, CaseDate.parse("2024-11-20")),
                         "Hearing adjourned twice", tags=("court",)))
    ev.create(EventDraft(EventDate.on("2024-03-14T09:30"), "Statement released", tags=("press",)))
    tab = make_tab(qtbot, gctx, size=(1800, 800))
    fm = tab.table.fontMetrics()
    for row in range(2):
        text = tab.proxy.index(row, DATE).data()
        assert tab.table.columnWidth(DATE) >= fm.horizontalAdvance(text) + 12, text
    assert not tab.table.isColumnHidden(TAGS)
    assert tab.table.columnWidth(TITLE) > 2 * tab.table.columnWidth(TAGS)
    resize_and_settle(qtbot, tab, tab.table, 900, 700)  # narrow: the date still fits, Title keeps a quarter
    assert tab.table.columnWidth(DATE) >= fm.horizontalAdvance(tab.proxy.index(0, DATE).data()) + 12
    assert tab.table.columnWidth(TITLE) >= tab.table.viewport().width() // 4


def test_a_narrow_table_shows_confidence_in_the_status_badge(qtbot, gctx) -> None:  # noqa: ANN001
    (eid,) = suggest(gctx.case, 1)
    set_confidence(gctx.case, eid, 0.42)
    tab = make_tab(qtbot, gctx, size=(1800, 700))
    assert not tab.table.isColumnHidden(CONFIDENCE)
    assert tab.proxy.index(0, STATUS).data() == "Suggested"
    resize_and_settle(qtbot, tab, tab.table, 760, 700)
    assert tab.table.isColumnHidden(CONFIDENCE)
    assert tab.proxy.index(0, STATUS).data() == "Suggested · 42%"


def test_all_shown_menu_confirms_everything_the_filter_matches(qtbot, gctx) -> None:  # noqa: ANN001
    suggest(gctx.case, 3)
    other = gctx.case.events.create(EventDraft(EventDate.on("2023-01-01"), "Outside the filter",
                                               status=Status.SUGGESTED))
    tab = make_tab(qtbot, gctx)
    qtbot.keyClicks(tab.filter_bar.text, "Suggestion")
    tab.filter_bar.flush()
    assert len(titles(tab)) == 3
    from PySide6.QtCore import QTimer

    def choose() -> None:  # the menu runs its own loop: click in it once it shows
        if not tab.bulk_menu.isVisible():
            QTimer.singleShot(20, choose)
            return
        rect = tab.bulk_menu.actionGeometry(tab.bulk_confirm)
        qtbot.mouseClick(tab.bulk_menu, Qt.MouseButton.LeftButton, pos=rect.center())

    QTimer.singleShot(20, choose)
    qtbot.mouseClick(tab.toolbar.widgetForAction(tab.bulk_action), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.bulk_menu.isVisible())
    events = gctx.case.events
    assert events.count(EventFilter(statuses=(Status.CONFIRMED,))) == 3
    assert events.get(other).status is Status.SUGGESTED
    gctx.undo.undo()
    assert events.count(EventFilter(statuses=(Status.SUGGESTED,))) == 4
