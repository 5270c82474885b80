"""Parties tab: confidence shown, sortable, and the weakest suggestions hidden on request."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack
from sqlalchemy import update

from casefile.db.models import Party
from casefile.domain.enums import Status
from casefile.domain.records import PartyDraft
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.parties.model import CONFIDENCE, NAME
from casefile.gui.parties.tab import PartiesTab
from casefile.gui.worker import SyncRunner


@pytest.fixture
def gctx(qapp, case):  # noqa: ANN001, ANN201
    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


def names(tab: PartiesTab) -> list[str]:
    return [tab.proxy.index(r, NAME).data() for r in range(tab.proxy.rowCount())]


def test_party_confidence_sorts_and_the_weakest_hide(qtbot, gctx) -> None:  # noqa: ANN001
    ps = gctx.case.parties
    scored = {"Greyfield Press": 0.9, "Halvorsen Review": 0.2, "Harriet Lindqvist": 0.6}
    ids = {n: ps.create(PartyDraft(n, status=Status.SUGGESTED)) for n in scored}
    ps.create(PartyDraft("Marguerite Okafor"))
    with gctx.case.ctx.writes() as s, s.begin():
        for n, c in scored.items():
            s.execute(update(Party).where(Party.id == ids[n]).values(confidence=c))
    tab = PartiesTab(gctx)
    qtbot.addWidget(tab)
    tab.resize(1400, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.reload()
    assert tab.proxy.index(names(tab).index("Halvorsen Review"), CONFIDENCE).data() == "20%"
    header = tab.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(CONFIDENCE) + 10, header.height() // 2))
    assert names(tab) == ["Halvorsen Review", "Harriet Lindqvist", "Greyfield Press", "Marguerite Okafor"]
    tab.confidence.setFocus()
    for _ in range(2):  # Any -> 30% -> 50%
        qtbot.keyClick(tab.confidence, Qt.Key.Key_Down)
    assert tab.confidence.currentData() == 0.5
    assert names(tab) == ["Harriet Lindqvist", "Greyfield Press", "Marguerite Okafor"]
