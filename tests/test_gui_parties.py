"""The Parties tab driven as a user: review keys, editing in the panel, mentions and events, merging."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from casefile.db.models import Evidence, Mention
from casefile.domain.dates import EventDate
from casefile.domain.enums import PartyKind, PartyRole, Status
from casefile.domain.records import EventDraft, PartyDraft
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.parties.model import ALIASES, KIND, NAME
from casefile.gui.parties.tab import PartiesTab
from casefile.gui.worker import SyncRunner

TEXT = "Halvorsen Media denied the claims. Marguerite Okafor said HMG doctored the recording."


@pytest.fixture
def gctx(qapp, case):  # noqa: ANN001, ANN201
    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


@pytest.fixture
def data(case) -> dict[str, int]:  # noqa: ANN001
    p = case.parties
    ids = {
        "hmg": p.create(PartyDraft("Halvorsen Media Group", PartyKind.ORGANIZATION, PartyRole.DEFENDANT, ("HMG",))),
        "hm": p.create(PartyDraft("Halvorsen Media", PartyKind.ORGANIZATION, status=Status.SUGGESTED,
                                  aliases=("Halvorsen Co",))),
        "okafor": p.create(PartyDraft("Marguerite Okafor", PartyKind.PERSON, PartyRole.PLAINTIFF)),
    }
    with case.ctx.writes() as s, s.begin():
        ev = Evidence(exhibit=3, filename="article.txt", kind="article", text=TEXT, size=len(TEXT))
        s.add(ev)
        s.flush()
        ids["ex"] = ev.id
        s.add(Mention(party_id=ids["hm"], evidence_id=ev.id, char_start=0, char_end=15, text="Halvorsen Media"))
        s.add(Mention(party_id=ids["okafor"], evidence_id=ev.id, char_start=35, char_end=52, text="Marguerite Okafor"))
    ids["denial"] = case.events.create(EventDraft(EventDate.on("2024-03-14"), "Denial", party_ids=(ids["hm"],)))
    ids["suit"] = case.events.create(EventDraft(EventDate.on("2024-03-12"), "Suit", party_ids=(ids["okafor"],
                                                                                               ids["hmg"])))
    return ids


def make_tab(qtbot, gctx) -> PartiesTab:  # noqa: ANN001
    tab = PartiesTab(gctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    return tab


def click_name(qtbot, tab: PartiesTab, name: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    p = tab.proxy
    row = [p.index(r, NAME).data() for r in range(p.rowCount())].index(name)
    idx = p.index(row, NAME)
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, modifier, tab.table.visualRect(idx).center())


def test_table_shows_kinds_counts_and_review_state(qtbot, gctx, data) -> None:  # noqa: ANN001
    tab = make_tab(qtbot, gctx)
    names = [tab.proxy.index(r, NAME).data() for r in range(tab.proxy.rowCount())]
    assert names == ["Halvorsen Media", "Halvorsen Media Group", "Marguerite Okafor"]
    assert not tab.proxy.index(0, KIND).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert tab.proxy.index(0, NAME).data(Qt.ItemDataRole.FontRole).italic()  # suggested
    assert [tab.proxy.index(0, c).data() for c in (4, 5)] == ["1", "1"]
    assert tab.count_label.text() == "3 parties, 1 to review"
    click_name(qtbot, tab, "Halvorsen Media")
    qtbot.keyClick(tab.table, Qt.Key.Key_C)
    assert gctx.case.parties.get(data["hm"]).status is Status.CONFIRMED
    gctx.undo.undo()
    assert gctx.case.parties.get(data["hm"]).status is Status.SUGGESTED
    qtbot.keyClick(tab.table, Qt.Key.Key_D)
    assert gctx.case.parties.get(data["hm"]).status is Status.DISMISSED


def test_edit_in_panel_saves_with_undo(qtbot, gctx, data) -> None:  # noqa: ANN001
    tab = make_tab(qtbot, gctx)
    click_name(qtbot, tab, "Marguerite Okafor")
    panel = tab.panel
    assert panel.record is not None and panel.record.id == data["okafor"]
    assert not panel.save_button.isEnabled()
    panel.name.selectAll()
    qtbot.keyClicks(panel.name, "Marguerite A. Okafor")
    qtbot.keyClicks(panel.aliases, "M. Okafor")
    assert panel.save_button.isEnabled()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    rec = gctx.case.parties.get(data["okafor"])
    assert (rec.name, rec.aliases, rec.role) == ("Marguerite A. Okafor", ("M. Okafor",), PartyRole.PLAINTIFF)
    assert tab.panel.record.name == "Marguerite A. Okafor"
    gctx.undo.undo()
    assert gctx.case.parties.get(data["okafor"]).name == "Marguerite Okafor"
    assert tab.panel.name.text() == "Marguerite Okafor"
    # an empty name is refused inline
    panel.name.clear()
    qtbot.keyClick(panel.name, Qt.Key.Key_Return)
    assert not panel.error.isHidden() and "name" in panel.error.text()
    assert gctx.case.parties.get(data["okafor"]).name == "Marguerite Okafor"


def test_panel_lists_events_and_mentions_and_opens_them(qtbot, gctx, data) -> None:  # noqa: ANN001
    tab = make_tab(qtbot, gctx)
    click_name(qtbot, tab, "Marguerite Okafor")
    panel = tab.panel
    assert panel.event_model.rowCount() == 1
    assert panel.event_model.item(0).text() == "12 Mar 2024 — Suit"
    assert panel.mention_model.rowCount() == 1
    assert "“Marguerite Okafor”" in panel.mention_model.item(0).text()
    assert panel.mention_model.item(0).text().startswith("Ex. 3: ")
    with qtbot.waitSignal(gctx.bus.open_citation) as cited:
        idx = panel.mention_model.index(0, 0)
        panel.mentions.setCurrentIndex(idx)
        qtbot.keyClick(panel.mentions, Qt.Key.Key_Return)
    assert cited.args == [data["ex"], 35, 52]
    with qtbot.waitSignal(gctx.bus.open_item) as opened:
        panel.events.setCurrentIndex(panel.event_model.index(0, 0))
        qtbot.keyClick(panel.events, Qt.Key.Key_Return)
    assert opened.args == ["event", data["suit"]]


def test_merge_two_with_undo(qtbot, gctx, data) -> None:  # noqa: ANN001
    parties, events = gctx.case.parties, gctx.case.events
    tab = make_tab(qtbot, gctx)
    click_name(qtbot, tab, "Halvorsen Media")
    assert not tab.merge_action.isEnabled()
    click_name(qtbot, tab, "Halvorsen Media Group", Qt.KeyboardModifier.ControlModifier)
    assert tab.merge_action.isEnabled()
    qtbot.mouseClick(tab.toolbar.widgetForAction(tab.merge_action), Qt.MouseButton.LeftButton)
    dlg = tab.merge_dialog
    assert dlg is not None and dlg.isVisible()
    keep_group = next(r for r in dlg.radios if "“Halvorsen Media Group”" in r.text())
    qtbot.mouseClick(keep_group, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dlg.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert tab.merge_dialog is None

    kept = parties.get(data["hmg"])
    assert set(kept.aliases) == {"HMG", "Halvorsen Media", "Halvorsen Co"}
    assert events.get(data["denial"]).party_ids == (data["hmg"],)
    assert [m.text for m in parties.mentions(data["hmg"])] == ["Halvorsen Media"]
    assert tab.proxy.rowCount() == 2 and tab.panel.record.id == data["hmg"]
    assert tab.panel.mention_model.rowCount() == 1

    gctx.undo.undo()
    assert tab.proxy.rowCount() == 3
    assert parties.get(data["hmg"]).aliases == ("HMG",)
    assert parties.get(data["hm"]).aliases == ("Halvorsen Co",)
    assert parties.get(data["hm"]).status is Status.SUGGESTED
    assert events.get(data["denial"]).party_ids == (data["hm"],)
    assert [m.party_id for m in parties.mentions(data["hm"])] == [data["hm"]]
    assert parties.mentions(data["hmg"]) == []
    gctx.undo.redo()
    assert tab.proxy.rowCount() == 2


def test_delete_party_and_undo_keeps_links(qtbot, gctx, data) -> None:  # noqa: ANN001
    tab = make_tab(qtbot, gctx)
    click_name(qtbot, tab, "Marguerite Okafor")
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert tab.proxy.rowCount() == 2
    gctx.undo.undo()
    assert tab.proxy.rowCount() == 3
    assert data["okafor"] in gctx.case.events.get(data["suit"]).party_ids
    assert len(gctx.case.parties.mentions(data["okafor"])) == 1


def test_name_keeps_its_room_in_a_narrow_table(qtbot, gctx, data) -> None:  # noqa: ANN001
    tab = make_tab(qtbot, gctx)
    tab.splitter.setSizes([440, 260])
    tab.resize(720, 500)
    qtbot.waitUntil(lambda: tab.table.viewport().width() < 460)
    name = tab.table.columnWidth(NAME)
    assert name >= tab.table.fontMetrics().horizontalAdvance("Halvorsen Media Group"), name
    header = tab.table.horizontalHeader()
    assert header.isSectionHidden(ALIASES) or tab.table.columnWidth(ALIASES) < name
    tab.resize(1500, 700)
    tab.splitter.setSizes([1000, 480])
    qtbot.waitUntil(lambda: not header.isSectionHidden(ALIASES))  # wide again: aliases come back
