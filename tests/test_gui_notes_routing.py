"""The Notes pane always names and edits the item selected in the visible tab, across saves, merges and tab
switches (issue 13: a hidden tab re-announcing its selection after a refresh moved the pane to its item)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from casefile.context import create_case
from casefile.domain.dates import EventDate
from casefile.domain.enums import PartyKind, PartyRole, Status, TargetType
from casefile.domain.records import EventDraft, PartyDraft
from casefile.gui.parties.model import NAME
from casefile.gui.timeline.model import TITLE
from casefile.gui.window.main_window import MainWindow
from tests.gui_window import active_window


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    with create_case(tmp_path / "Routing", "Okafor v. Halvorsen") as c:
        ids = {
            "hmg": c.parties.create(PartyDraft("Halvorsen Media Group", PartyKind.ORGANIZATION, PartyRole.DEFENDANT)),
            "hm": c.parties.create(PartyDraft("Halvorsen Media", PartyKind.ORGANIZATION, status=Status.SUGGESTED)),
            "okafor": c.parties.create(PartyDraft("Marguerite Okafor", PartyKind.PERSON, PartyRole.PLAINTIFF)),
        }
        ids["suit"] = c.events.create(EventDraft(EventDate.on("2024-03-12"), "Lawsuit filed",
                                                 party_ids=(ids["okafor"], ids["hmg"])))
        return c.path, ids


@pytest.fixture
def window(qtbot, seeded):  # noqa: ANN001, ANN201
    yield from active_window(qtbot, seeded[0], 1500)  # the real pool: hidden tabs refresh after the visible one


def _click_timeline_row(qtbot, window: MainWindow, title: str) -> None:  # noqa: ANN001
    tab = window.tabs[0]
    p = tab.proxy
    row = [p.index(r, TITLE).data() for r in range(p.rowCount())].index(title)
    idx = p.index(row, TITLE)
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=tab.table.visualRect(idx).center())


def _click_party(qtbot, window: MainWindow, name: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    tab = window.tabs[1]
    p = tab.proxy
    row = [p.index(r, NAME).data() for r in range(p.rowCount())].index(name)
    idx = p.index(row, NAME)
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, modifier, tab.table.visualRect(idx).center())


def test_notes_follow_the_visible_tab_through_saves_merges_and_switches(qtbot, window, seeded) -> None:  # noqa: ANN001
    _path, ids = seeded
    dock = window.notes_dock
    case = window.gctx.case

    qtbot.waitUntil(lambda: window.tabs[0].proxy.rowCount() == 1)
    _click_timeline_row(qtbot, window, "Lawsuit filed")
    qtbot.waitUntil(lambda: dock.header.text() == "Notes on event: Lawsuit filed")  # named by a worker

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # View ▸ Parties
    assert window.tab_widget.currentIndex() == 1
    assert dock.header.text() == "Notes on the case"  # nothing selected on Parties yet

    qtbot.waitUntil(lambda: window.tabs[1].proxy.rowCount() == 3)
    _click_party(qtbot, window, "Marguerite Okafor")
    qtbot.waitUntil(lambda: dock.header.text() == "Notes on party: Marguerite Okafor")  # named by a worker

    # saving an edit of the party refreshes every tab; the hidden Timeline re-announces its event
    panel = window.tabs[1].panel
    panel.name.selectAll()
    qtbot.keyClicks(panel.name, "Marguerite A. Okafor")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert case.parties.get(ids["okafor"]).name == "Marguerite A. Okafor"
    qtbot.waitUntil(lambda: not window.runner.active)  # every tab has refreshed
    assert dock.header.text() == "Notes on party: Marguerite A. Okafor"
    assert (dock.target, dock.target_id) == (TargetType.PARTY, ids["okafor"])

    # what the user types lands on the party, not on the hidden event
    qtbot.mouseClick(dock.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dock.editor, "Agent: Tomasz Wieczorek")
    qtbot.waitUntil(lambda: [n.text for n in case.notes.list(TargetType.PARTY, ids["okafor"])]
                    == ["Agent: Tomasz Wieczorek"], timeout=2000)
    assert case.notes.list(TargetType.EVENT, ids["suit"]) == []

    # a merge, too, leaves the pane on the party the user sees selected
    _click_party(qtbot, window, "Halvorsen Media")
    _click_party(qtbot, window, "Halvorsen Media Group", Qt.KeyboardModifier.ControlModifier)
    tab = window.tabs[1]
    qtbot.mouseClick(tab.toolbar.widgetForAction(tab.merge_action), Qt.MouseButton.LeftButton)
    dlg = tab.merge_dialog
    keep = next(r for r in dlg.radios if "“Halvorsen Media Group”" in r.text())
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dlg.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert case.parties.get(ids["hmg"]).aliases == ("Halvorsen Media",)
    qtbot.waitUntil(lambda: not window.runner.active)
    assert dock.header.text() == "Notes on party: Halvorsen Media Group"
    qtbot.keyClicks(dock.editor, "Defendant")
    qtbot.waitUntil(lambda: [n.text for n in case.notes.list(TargetType.PARTY, ids["hmg"])] == ["Defendant"],
                    timeout=2000)

    # switching back shows the Timeline's own selection again
    window.activateWindow()  # the merge dialog had the focus
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tab_widget.currentIndex() == 0
    assert dock.header.text() == "Notes on event: Lawsuit filed"
    assert case.notes.list(TargetType.EVENT, ids["suit"]) == []
