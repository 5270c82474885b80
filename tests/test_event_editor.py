"""The event editor: opened in full from a selected passage (citation and mentioned parties prefilled), and
a precision change that never invents a month or a day."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QUndoStack
from PySide6.QtWidgets import QDialogButtonBox

from casefile.db.models import Evidence, Mention
from casefile.domain.enums import DatePrecision, PartyKind
from casefile.domain.records import Citation, PartyDraft
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.evidence.preview.dialogs import NewEventDialog
from casefile.gui.evidence.preview.text_view import TextPreview
from casefile.gui.timeline.event_dialog import PARTY_ID_ROLE, EventDialog
from casefile.gui.worker import SyncRunner

TEXT = ("OSLO — Marguerite Okafor sued Halvorsen Media Group on 14 March 2024. "
        "Separately, Tomasz Wieczorek declined to comment.")


@pytest.fixture
def gctx(qapp, case):  # noqa: ANN001, ANN201
    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


def seed_article(case) -> tuple[int, dict[str, int]]:  # noqa: ANN001
    names = {"Marguerite Okafor": PartyKind.PERSON, "Halvorsen Media Group": PartyKind.ORGANIZATION,
             "Tomasz Wieczorek": PartyKind.PERSON}
    ids = {n: case.parties.create(PartyDraft(n, kind)) for n, kind in names.items()}
    with case.ctx.writes() as s, s.begin():
        ev = Evidence(exhibit=4, filename="ledger.html", kind="article", text=TEXT, size=len(TEXT),
                      published="2024-03-15")
        s.add(ev)
        s.flush()
        for name, pid in ids.items():
            at = TEXT.index(name)
            s.add(Mention(party_id=pid, evidence_id=ev.id, char_start=at, char_end=at + len(name), text=name))
        return ev.id, ids


def checked_parties(dialog: EventDialog) -> set[int]:
    model = dialog.party_model
    return {int(model.item(i).data(PARTY_ID_ROLE)) for i in range(model.rowCount())
            if model.item(i).checkState() == Qt.CheckState.Checked}


def test_new_event_from_selection_opens_the_full_editor_prefilled(qtbot, gctx) -> None:  # noqa: ANN001
    evidence_id, parties = seed_article(gctx.case)
    view = TextPreview(gctx)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    view.show_evidence(gctx.case.evidence.get(evidence_id))
    start = TEXT.index("Marguerite")
    end = TEXT.index("2024.") + 4
    cursor = QTextCursor(view.browser.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    view.browser.setTextCursor(cursor)
    qtbot.mouseClick(view.new_event_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, NewEventDialog) and isinstance(dialog, EventDialog)
    assert dialog.isVisible()
    # the parties whose mentions fall in the passage, and only those
    assert checked_parties(dialog) == {parties["Marguerite Okafor"], parties["Halvorsen Media Group"]}
    (cite,) = dialog.citations()
    assert (cite.char_start, cite.char_end, cite.exhibit) == (start, end, 4)
    assert cite.quote == TEXT[start:end]
    assert dialog.date.text() == "2024-03-15"
    assert dialog.tags.isVisible() and dialog.qualifier.isVisible()  # the full editor
    dialog.date.clear()
    qtbot.keyClicks(dialog.date, "14 March 2024")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    (event,) = gctx.case.events.for_evidence(evidence_id)
    assert event.date.start.iso() == "2024-03-14"
    assert set(event.party_ids) == {parties["Marguerite Okafor"], parties["Halvorsen Media Group"]}
    assert event.citations[0].char_start == start


def test_a_finer_precision_asks_for_the_month_instead_of_inventing_it(qtbot) -> None:  # noqa: ANN001
    saved = []
    dialog = EventDialog([], save=lambda d: saved.append(d) or "", show_citation=lambda c: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.date, "2022")
    assert dialog.precision.currentData() == DatePrecision.YEAR
    qtbot.keyClicks(dialog.title, "Okafor hired")
    dialog.precision.setFocus()
    qtbot.keyClick(dialog.precision, Qt.Key.Key_Down)  # Year -> Month
    assert dialog.precision.currentData() == DatePrecision.MONTH
    assert dialog.date.text() == "2022"  # no "2022-01"
    assert dialog.error.isVisible() and "month" in dialog.error.text()
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert saved == []  # refused until the month is given
    dialog.date.setFocus()
    dialog.date.end(False)
    qtbot.keyClicks(dialog.date, "-07")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert saved and saved[0].date.start.iso() == "2022-07"
    # a coarser precision cuts what is there (nothing invented)
    dialog2 = EventDialog([], save=lambda d: "", show_citation=lambda c: None)
    qtbot.addWidget(dialog2)
    dialog2.show()
    qtbot.keyClicks(dialog2.date, "2022-07-14")
    dialog2.precision.setFocus()
    qtbot.keyClick(dialog2.precision, Qt.Key.Key_Up)  # Day -> Month
    assert dialog2.date.text() == "2022-07"


def test_show_in_the_prefilled_editor_opens_the_cited_passage(qtbot, gctx) -> None:  # noqa: ANN001
    evidence_id, _parties = seed_article(gctx.case)
    start, end = TEXT.index("Tomasz"), TEXT.index("declined") - 1
    dialog = NewEventDialog(gctx, gctx.case.evidence.get(evidence_id),
                            Citation(evidence_id, 4, TEXT[start:end], start, end), "Wieczorek declines")
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(gctx.bus.open_citation, timeout=2000) as shown:
        qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert shown.args == [evidence_id, start, end]
    rect = dialog.source_list.visualRect(dialog.source_model.index(0, 0))
    # an item view takes a double-click only after a click on the same item
    qtbot.mouseClick(dialog.source_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(gctx.bus.open_citation, timeout=2000) as shown:
        qtbot.mouseDClick(dialog.source_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown.args == [evidence_id, start, end]
