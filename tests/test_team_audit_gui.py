"""The audit dialog says who made each change, and the filter finds a person's changes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from casefile.context import Case
from casefile.db.engine import make_sessions
from casefile.domain.records import PartyDraft
from casefile.gui.dialogs.audit import AuditDialog, AuditModel
from casefile.services.audit_service import AuditService
from casefile.services.base import CaseContext
from casefile.services.party_service import PartyService


def test_the_who_column_and_filtering_by_person(qtbot, case: Case) -> None:  # noqa: ANN001
    case.parties.create(PartyDraft("Adaeze Okafor"))
    reads, writes = make_sessions(case.ctx.engine)
    ana = CaseContext(case.ctx.path, case.ctx.engine, reads, writes, case.ctx.store, _actor="ana.lindqvist")
    PartyService(ana).create(PartyDraft("Halvorsen Media Group"))

    dialog = AuditDialog(AuditService(case.ctx), "Okafor")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.headerData(AuditModel.COL_WHO, Qt.Orientation.Horizontal) == "Who"
    whos = {dialog.proxy.index(r, AuditModel.COL_WHO).data() for r in range(dialog.proxy.rowCount())}
    assert "ana.lindqvist" in whos and len(whos) == 2
    qtbot.keyClicks(dialog.search, "lindqvist")
    assert dialog.proxy.rowCount() == 1
    assert "Halvorsen" in dialog.proxy.index(0, AuditModel.COL_SUMMARY).data()
    assert dialog.count_label.text() == "1 of 2 entries match"
