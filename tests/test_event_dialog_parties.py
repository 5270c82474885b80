"""The event editor opens at once: the case's parties are listed by a worker (the dialog says "Loading
parties…" meanwhile), and links or an Asserted-by known before they arrive are never lost."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import PartyKind
from casefile.domain.records import EventDraft, PartyDraft
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.timeline.event_dialog import LOADING_PARTIES, PARTY_ID_ROLE, EventDialog
from casefile.gui.worker import TaskRunner
from tests.gui_helpers import click_row, make_tab


class GatedList:
    """A spy around the real `parties.list`: records the thread of each call and, while armed, holds the call
    until the test lets it go (so the test sees the dialog while the parties are being listed)."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.armed = False
        self.gate = threading.Event()
        self.threads: list[threading.Thread] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.armed:
            self.threads.append(threading.current_thread())
            assert self.gate.wait(10), "the test never let the listing go"
        return self.real(*args, **kwargs)


@pytest.fixture
def live(qapp, case) -> Iterator[GuiContext]:  # noqa: ANN001
    runner = TaskRunner()
    yield GuiContext(case, runner, QUndoStack(), CaseBus())
    runner.wait(10000)


@pytest.fixture
def spy(live: GuiContext, monkeypatch: pytest.MonkeyPatch) -> Iterator[GatedList]:
    s = GatedList(live.case.parties.list)
    monkeypatch.setattr(live.case.parties, "list", s)
    yield s
    s.gate.set()


def _seed(case) -> dict[str, int]:  # noqa: ANN001
    names = {"Marguerite Okafor": PartyKind.PERSON, "Halvorsen Media Group": PartyKind.ORGANIZATION,
             "Tomasz Wieczorek": PartyKind.PERSON}
    return {n: case.parties.create(PartyDraft(n, kind)) for n, kind in names.items()}


def _checked(dialog: EventDialog) -> set[int]:
    m = dialog.party_model
    return {int(m.item(i).data(PARTY_ID_ROLE)) for i in range(m.rowCount())
            if m.item(i).checkState() == Qt.CheckState.Checked}


def test_new_event_opens_at_once_and_the_picker_fills_in_from_a_worker(qtbot, live, spy) -> None:  # noqa: ANN001
    ids = _seed(live.case)
    tab = make_tab(qtbot, live)
    spy.armed = True
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # New event
    dialog = tab.dialog
    assert isinstance(dialog, EventDialog)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(lambda: len(spy.threads) == 1)
    assert spy.threads[0] is not threading.main_thread()
    assert dialog.parties_note.isVisible() and dialog.parties_note.text() == LOADING_PARTIES
    assert dialog.party_model.rowCount() == 0
    qtbot.keyClicks(dialog.date, "14 March 2024")  # the user is typing while the parties are listed
    qtbot.keyClicks(dialog.title, "Okafor sues Halvorsen Media Group")

    spy.gate.set()
    qtbot.waitUntil(lambda: dialog.party_model.rowCount() == 3)
    assert not dialog.parties_note.isVisible()
    assert dialog.title.text() == "Okafor sues Halvorsen Media Group"
    # tick a party with the keyboard: find it, then Space on it in the list
    qtbot.keyClicks(dialog.party_search, "okafor")
    assert dialog.party_proxy.rowCount() == 1
    dialog.party_list.setFocus()
    dialog.party_list.setCurrentIndex(dialog.party_proxy.index(0, 0))
    qtbot.keyClick(dialog.party_list, Qt.Key.Key_Space)
    assert _checked(dialog) == {ids["Marguerite Okafor"]}
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)
    (event,) = live.case.events.list()
    assert event.title == "Okafor sues Halvorsen Media Group"
    assert event.party_ids == (ids["Marguerite Okafor"],)


def test_saving_before_the_parties_arrive_keeps_the_links(qtbot, live, spy) -> None:  # noqa: ANN001
    ids = _seed(live.case)
    linked = (ids["Marguerite Okafor"], ids["Halvorsen Media Group"])
    live.case.events.create(EventDraft(EventDate(CaseDate(2024, 3, 14)), "Lawsuit filed",
                                       asserted_by=ids["Marguerite Okafor"], party_ids=linked))
    tab = make_tab(qtbot, live)
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 1)
    click_row(qtbot, tab, 0)
    spy.armed = True
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)  # Edit
    dialog = tab.dialog
    assert isinstance(dialog, EventDialog)
    qtbot.waitUntil(lambda: len(spy.threads) == 1)
    assert spy.threads[0] is not threading.main_thread()
    assert dialog.party_model.rowCount() == 0 and dialog.parties_note.text() == LOADING_PARTIES
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Lawsuit filed in Oslo")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)
    (event,) = live.case.events.list()
    assert event.title == "Lawsuit filed in Oslo"
    assert set(event.party_ids) == set(linked)
    assert event.asserted_by == ids["Marguerite Okafor"]
    spy.gate.set()  # the listing returns to a closed dialog: nothing happens
    live.runner.wait(5000)
    QApplication.processEvents()


def test_the_edit_dialog_ticks_the_links_and_asserted_by_once_listed(qtbot, live, spy) -> None:  # noqa: ANN001
    ids = _seed(live.case)
    live.case.events.create(EventDraft(EventDate(CaseDate(2024, 3, 14)), "Lawsuit filed",
                                       asserted_by=ids["Halvorsen Media Group"],
                                       party_ids=(ids["Tomasz Wieczorek"],)))
    tab = make_tab(qtbot, live)
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 1)
    click_row(qtbot, tab, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    dialog = tab.dialog
    assert isinstance(dialog, EventDialog)
    qtbot.waitUntil(lambda: dialog.party_model.rowCount() == 3)
    assert _checked(dialog) == {ids["Tomasz Wieczorek"]}
    assert dialog.asserted_by.currentData() == ids["Halvorsen Media Group"]
    dialog.reject()


def test_show_in_the_editor_opened_from_a_passage_opens_the_cited_passage(qtbot, live, spy) -> None:  # noqa: ANN001
    from casefile.domain.records import Citation
    from casefile.gui.evidence.preview.dialogs import NewEventDialog
    from tests.gui_helpers import add_exhibit

    text = "Marguerite Okafor sued Halvorsen Media Group on 14 March 2024."
    eid = add_exhibit(live.case, text, exhibit=4)
    cite = Citation(eid, 4, "Okafor sued Halvorsen", text.index("Okafor"), text.index(" Media"))
    dialog = NewEventDialog(live, live.case.evidence.get(eid), cite, "Okafor sues")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.parties_loaded)
    with qtbot.waitSignal(live.bus.open_citation) as shown:
        qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert shown.args == [eid, cite.char_start, cite.char_end]
    index = dialog.source_model.index(0, 0)
    at = dialog.source_list.visualRect(index).center()
    with qtbot.waitSignal(live.bus.open_citation) as shown:  # a user's double-click starts with a click
        qtbot.mouseClick(dialog.source_list.viewport(), Qt.MouseButton.LeftButton, pos=at)
        qtbot.mouseDClick(dialog.source_list.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert shown.args == [eid, cite.char_start, cite.char_end]
