"""Undo commands for events and parties: each restores exactly what the service said was there before."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from casefile.db.models import Evidence, Mention
from casefile.domain.dates import EventDate
from casefile.domain.enums import Status
from casefile.domain.records import Citation, EventDraft, PartyDraft
from casefile.gui.bus import CaseBus
from casefile.gui.commands import (
    CreateEventCommand,
    DeleteEventsCommand,
    DeletePartiesCommand,
    EditEventCommand,
    EventStatusCommand,
    MergePartiesCommand,
    PartyStatusCommand,
    push,
)
from casefile.gui.context import GuiContext
from casefile.gui.worker import SyncRunner


@pytest.fixture
def gctx(qapp, case):  # noqa: ANN001, ANN201
    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


def add_exhibit(case, text: str, exhibit: int = 1) -> int:  # noqa: ANN001
    with case.ctx.writes() as s, s.begin():
        ev = Evidence(exhibit=exhibit, filename=f"ex{exhibit}.txt", kind="article", text=text, size=len(text))
        s.add(ev)
        s.flush()
        return ev.id


def test_status_commands_undo_to_each_previous_status(gctx, qtbot) -> None:  # noqa: ANN001
    ev = gctx.case.events
    a = ev.create(EventDraft(EventDate.on("2024-01-02"), "A", status=Status.SUGGESTED))
    b = ev.create(EventDraft(EventDate.on("2024-01-03"), "B", status=Status.DISPUTED))
    with qtbot.waitSignal(gctx.bus.changed, check_params_cb=lambda kind: kind == "events"):
        assert push(gctx, EventStatusCommand(gctx, [a, b], Status.CONFIRMED))
    assert {ev.get(a).status, ev.get(b).status} == {Status.CONFIRMED}
    gctx.undo.undo()
    assert (ev.get(a).status, ev.get(b).status) == (Status.SUGGESTED, Status.DISPUTED)
    gctx.undo.redo()
    assert ev.get(a).status is Status.CONFIRMED


def test_delete_and_undo_restore_links_and_citations(gctx) -> None:  # noqa: ANN001
    case = gctx.case
    pid = case.parties.create(PartyDraft("Marguerite Okafor"))
    ex = add_exhibit(case, "Okafor filed suit on March 12, 2024.")
    cite = Citation(ex, quote="Okafor filed suit", char_start=0, char_end=17, page=2)
    eid = case.events.create(EventDraft(EventDate.on("2024-03-12"), "Suit filed", party_ids=(pid,),
                                        citations=(cite,), tags=("lawsuit",)))
    assert push(gctx, DeleteEventsCommand(gctx, [eid]))
    assert case.events.count() == 0
    gctx.undo.undo()
    back = case.events.get(eid)
    assert back.party_ids == (pid,)
    assert [(c.quote, c.page, c.char_start) for c in back.citations] == [("Okafor filed suit", 2, 0)]
    assert back.tags == ("lawsuit",)
    assert back.citations[0].locator() == "Ex. 1, p. 2"


def test_create_and_edit_undo(gctx) -> None:  # noqa: ANN001
    events = gctx.case.events
    cmd = CreateEventCommand(gctx, EventDraft(EventDate.on("2024-05"), "Motion filed"))
    assert push(gctx, cmd)
    eid = cmd.event_id
    assert eid is not None
    assert push(gctx, EditEventCommand(gctx, eid, EventDraft(EventDate.on("2024-05-20"), "Motion to dismiss")))
    assert events.get(eid).title == "Motion to dismiss"
    gctx.undo.undo()
    assert events.get(eid).title == "Motion filed"
    assert events.get(eid).date.display() == "May 2024"
    gctx.undo.undo()
    assert events.count() == 0
    gctx.undo.redo()  # comes back with the same id
    assert events.get(eid).title == "Motion filed"


def test_failed_command_reports_and_is_dropped(gctx, qtbot) -> None:  # noqa: ANN001
    with qtbot.waitSignal(gctx.bus.message) as msg:
        cmd = EditEventCommand(gctx, 999, EventDraft(EventDate.on("2024"), "Nope"))
        assert not push(gctx, cmd)
    assert "does not exist" in msg.args[0]
    assert gctx.undo.count() == 0


def test_party_merge_delete_and_status_undo(gctx) -> None:  # noqa: ANN001
    case = gctx.case
    keep = case.parties.create(PartyDraft("Halvorsen Media Group", aliases=("HMG",)))
    other = case.parties.create(PartyDraft("Halvorsen Media", aliases=("Halvorsen",), status=Status.SUGGESTED))
    ex = add_exhibit(case, "Halvorsen Media denied it.")
    with case.ctx.writes() as s, s.begin():
        s.add(Mention(party_id=other, evidence_id=ex, char_start=0, char_end=15, text="Halvorsen Media"))
    eid = case.events.create(EventDraft(EventDate.on("2024-03-14"), "Denial", party_ids=(other,)))

    assert push(gctx, MergePartiesCommand(gctx, keep, other))
    merged = case.parties.get(keep)
    assert set(merged.aliases) >= {"HMG", "Halvorsen Media", "Halvorsen"}
    assert case.events.get(eid).party_ids == (keep,)
    assert [m.party_id for m in case.parties.mentions(keep)] == [keep]
    gctx.undo.undo()
    assert case.parties.get(keep).aliases == ("HMG",)
    assert case.parties.get(other).aliases == ("Halvorsen",)
    assert case.events.get(eid).party_ids == (other,)
    assert len(case.parties.mentions(other)) == 1 and not case.parties.mentions(keep)

    assert push(gctx, PartyStatusCommand(gctx, [other], Status.CONFIRMED))
    gctx.undo.undo()
    assert case.parties.get(other).status is Status.SUGGESTED

    assert push(gctx, DeletePartiesCommand(gctx, [other]))
    assert case.events.get(eid).party_ids == ()
    gctx.undo.undo()
    assert case.events.get(eid).party_ids == (other,)
    assert len(case.parties.mentions(other)) == 1


def test_a_command_that_raises_a_bug_is_dropped_logged_and_shown(gctx, qtbot, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    from casefile.gui import crash

    monkeypatch.setenv("CASEFILE_LOG_DIR", str(tmp_path / "logs"))
    uninstall = crash.install_exception_hooks()
    try:
        eid = gctx.case.events.create(EventDraft(EventDate.on("2024-03-12"), "Suit filed"))

        def broken(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
            raise RuntimeError("index out of step")

        monkeypatch.setattr(gctx.case.events, "update", broken)
        with qtbot.waitSignal(gctx.bus.message) as msg:
            cmd = EditEventCommand(gctx, eid, EventDraft(EventDate.on("2024-03-12"), "Suit filed in NY"))
            assert not push(gctx, cmd)
        assert "RuntimeError: index out of step" in msg.args[0]
        assert gctx.undo.count() == 0  # never left on the stack having done nothing
        assert not gctx.undo.canUndo()
        qtbot.waitUntil(lambda: any(isinstance(w, crash.ErrorDialog) and w.isVisible()
                                    for w in QApplication.topLevelWidgets()))
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, crash.ErrorDialog))
        assert "index out of step" in dialog.details and "broken" in dialog.details
        dialog.close()
        log = (tmp_path / "logs" / crash.LOG_NAME).read_text(encoding="utf-8")
        assert "Edit event 'Suit filed in NY'" in log and "RuntimeError: index out of step" in log
    finally:
        uninstall()
