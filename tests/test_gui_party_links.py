"""A party in many events, mentioned in long exhibits: its panel's lists are read in a worker (the window keeps
answering) and show short excerpts, never reading an exhibit's whole text."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from sqlalchemy import insert

from casefile.db.models import Event, Evidence, Mention, event_party
from casefile.domain.enums import PartyKind, PartyRole
from casefile.domain.records import PartyDraft
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.parties import panel as party_panel
from casefile.gui.worker import TaskRunner
from tests.test_gui_parties import click_name, make_tab

FILLER = "The committee met again on Thursday and adjourned without a vote. " * 3000  # ~200 KB


def test_a_busy_party_loads_its_lists_off_the_gui_thread(qtbot, qapp, case, monkeypatch) -> None:  # noqa: ANN001
    pid = case.parties.create(PartyDraft("Adaeze Okafor", PartyKind.PERSON, PartyRole.PLAINTIFF))
    text = FILLER + "Counsel for Adaeze Okafor filed the motion." + FILLER
    at = text.index("Adaeze Okafor")
    with case.ctx.writes() as s, s.begin():
        s.execute(insert(Evidence), [{"exhibit": i, "filename": f"a{i}.txt", "kind": "article", "text": text,
                                      "size": len(text), "sha256": f"{i:064x}"} for i in range(1, 4)])
        s.execute(insert(Mention), [{"party_id": pid, "evidence_id": i, "char_start": at, "char_end": at + 13,
                                     "text": "Adaeze Okafor"} for i in range(1, 4)])
        s.execute(insert(Event), [{"id": i, "date_start": f"2024-01-{1 + i % 28:02d}", "title": f"Hearing {i}",
                                   "status": "confirmed"} for i in range(1, 1201)])
        s.execute(insert(event_party), [{"event_id": i, "party_id": pid} for i in range(1, 1201)])

    def whole_text(_evidence_id: int) -> str:
        raise AssertionError("the panel read an exhibit's whole text")

    monkeypatch.setattr(case.evidence, "text", whole_text)
    runner = TaskRunner()
    gctx = GuiContext(case, runner, QUndoStack(), CaseBus())
    tab = make_tab(qtbot, gctx)
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 1, timeout=5000)  # the list, too, is read in a worker
    click_name(qtbot, tab, "Adaeze Okafor")
    panel = tab.panel
    qtbot.waitUntil(lambda: panel.mention_model.rowCount() == 3, timeout=5000)
    assert panel.event_model.rowCount() == party_panel.EVENT_LIMIT
    assert f"first {party_panel.EVENT_LIMIT} of 1,200" in panel.events_label.text()
    assert panel.mentions_label.text() == "<b>Mentioned in</b> (3)"
    line = panel.mention_model.item(0).text()
    assert line.startswith("Ex. 1: …") and line.endswith("…")
    assert "Counsel for “Adaeze Okafor” filed the motion." in line
    assert len(line) < 160
    assert runner.wait(5000)
