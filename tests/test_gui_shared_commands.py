"""The pieces the Timeline and Parties share: one verdict command (its undo-step names and its undo for the
filter and for an exhibit's suggestions), one edit command for parties, and the reviewed tables' sort keys."""

from __future__ import annotations

from sqlalchemy import update

from casefile.db.models import Evidence, Party
from casefile.domain.dates import EventDate
from casefile.domain.enums import Status
from casefile.domain.records import Citation, EventDraft, EventFilter, PartyDraft
from casefile.gui.commands import (
    DeletePartiesCommand,
    EditPartyCommand,
    EventStatusCommand,
    PartyStatusCommand,
    push,
)
from casefile.gui.parties.model import CONFIDENCE, NAME, STATUS, PartyProxy, PartyTableModel
from casefile.gui.tables import ID_ROLE, SORT_ROLE, STATUS_ROLE
from casefile.gui.timeline.review_commands import DismissExhibitCommand, FilterStatusCommand


def _exhibit(case, text: str) -> int:  # noqa: ANN001
    with case.ctx.writes() as s, s.begin():
        ev = Evidence(exhibit=1, filename="ex1.txt", kind="article", text=text, size=len(text))
        s.add(ev)
        s.flush()
        return ev.id


def test_verdicts_are_named_for_what_they_change(gctx) -> None:  # noqa: ANN001
    ev, parties = gctx.case.events, gctx.case.parties
    a = ev.create(EventDraft(EventDate.on("2024-01-02"), "A", status=Status.SUGGESTED))
    b = ev.create(EventDraft(EventDate.on("2024-01-03"), "B", status=Status.SUGGESTED))
    p = parties.create(PartyDraft("Greyfield Press", status=Status.SUGGESTED))
    q = parties.create(PartyDraft("The Daily Ledger", status=Status.SUGGESTED))
    assert EventStatusCommand(gctx, [a, b], Status.CONFIRMED).text() == "Confirm 2 events"
    assert EventStatusCommand(gctx, [a], Status.DISPUTED).text() == "Dispute 1 event"
    assert PartyStatusCommand(gctx, [p], Status.DISMISSED).text() == "Dismiss 1 party"
    assert PartyStatusCommand(gctx, [p, q], Status.CONFIRMED).text() == "Confirm 2 parties"
    assert DeletePartiesCommand(gctx, [p, q]).text() == "Delete 2 parties"
    assert DismissExhibitCommand(gctx, 1, 3).text() == "Dismiss every suggestion from Ex. 3"
    assert FilterStatusCommand(gctx, EventFilter(), Status.CONFIRMED, "2 events shown").text() == \
        "Confirm 2 events shown"


def test_a_verdict_on_the_filter_undoes_to_each_status(gctx) -> None:  # noqa: ANN001
    ev = gctx.case.events
    a = ev.create(EventDraft(EventDate.on("2024-01-02"), "Suit filed", status=Status.SUGGESTED))
    b = ev.create(EventDraft(EventDate.on("2024-01-03"), "Motion filed", status=Status.DISPUTED))
    c = ev.create(EventDraft(EventDate.on("2024-01-04"), "Hearing held", status=Status.CONFIRMED))
    cmd = FilterStatusCommand(gctx, EventFilter(text="filed"), Status.CONFIRMED, "2 events shown")
    assert push(gctx, cmd)
    assert [ev.get(i).status for i in (a, b, c)] == [Status.CONFIRMED] * 3
    assert cmd.previous == {a: Status.SUGGESTED, b: Status.DISPUTED}
    gctx.undo.undo()
    assert [ev.get(i).status for i in (a, b, c)] == [Status.SUGGESTED, Status.DISPUTED, Status.CONFIRMED]
    gctx.undo.redo()
    assert ev.get(b).status is Status.CONFIRMED


def test_dismissing_an_exhibits_suggestions_undoes(gctx) -> None:  # noqa: ANN001
    ev = gctx.case.events
    ex = _exhibit(gctx.case, "Okafor filed suit on March 12, 2024. Halvorsen denied it.")
    cite = Citation(ex, quote="Okafor filed suit", char_start=0, char_end=17)
    suggested = ev.create(EventDraft(EventDate.on("2024-03-12"), "Suit filed", citations=(cite,),
                                     status=Status.SUGGESTED))
    confirmed = ev.create(EventDraft(EventDate.on("2024-03-13"), "Denial", citations=(cite,),
                                     status=Status.CONFIRMED))
    assert push(gctx, DismissExhibitCommand(gctx, ex, 1))
    assert (ev.get(suggested).status, ev.get(confirmed).status) == (Status.DISMISSED, Status.CONFIRMED)
    gctx.undo.undo()
    assert ev.get(suggested).status is Status.SUGGESTED


def test_party_edit_undo_and_redo_pass_the_version_along(gctx) -> None:  # noqa: ANN001
    parties = gctx.case.parties
    pid = parties.create(PartyDraft("Halvorsen Media"))
    first = parties.get(pid)
    assert push(gctx, EditPartyCommand(gctx, pid, PartyDraft("Halvorsen Media Group"), first.version))
    assert push(gctx, EditPartyCommand(gctx, pid, PartyDraft("Halvorsen Media Group AS"),
                                       parties.get(pid).version))
    gctx.undo.undo()
    gctx.undo.undo()
    assert parties.get(pid).name == "Halvorsen Media"
    gctx.undo.redo()
    gctx.undo.redo()
    assert parties.get(pid).name == "Halvorsen Media Group AS"
    stale = EditPartyCommand(gctx, pid, PartyDraft("Someone else's copy"), first.version)
    gctx.undo.push(stale)
    assert stale.stale is not None
    assert stale.error
    assert parties.get(pid).name == "Halvorsen Media Group AS"


def test_reviewed_rows_sort_by_rank_with_hand_made_after_scores(qapp, case) -> None:  # noqa: ANN001
    parties, ids = case.parties, {}
    for name, status, confidence in (("Ruth Abernathy", Status.CONFIRMED, None),
                                     ("Greyfield Press", Status.SUGGESTED, 0.8),
                                     ("Brandt Engström LLP", Status.SUGGESTED, 0.55),
                                     ("tomasz Wieczorek", Status.DISMISSED, 0.9)):
        ids[name] = parties.create(PartyDraft(name, status=status))
        with case.ctx.writes() as s, s.begin():
            s.execute(update(Party).where(Party.id == ids[name]).values(confidence=confidence))
    model = PartyTableModel()
    model.set_parties(parties.list())
    proxy = PartyProxy(model)

    def column(col: int, role: int = 0) -> list[object]:
        return [proxy.index(r, col).data(role) for r in range(proxy.rowCount())]

    proxy.sort(CONFIDENCE)  # scores low to high, then the one added by hand (no score)
    assert column(NAME) == ["Brandt Engström LLP", "Greyfield Press", "tomasz Wieczorek", "Ruth Abernathy"]
    assert column(CONFIDENCE, SORT_ROLE) == [0.55, 0.8, 0.9, 2.0]
    proxy.sort(STATUS)  # in the order of review, not alphabetically
    assert column(STATUS, STATUS_ROLE) == ["suggested", "suggested", "confirmed", "dismissed"]
    proxy.sort(NAME)  # text sorts casefolded: "tomasz" after "Ruth"
    assert column(NAME) == ["Brandt Engström LLP", "Greyfield Press", "Ruth Abernathy", "tomasz Wieczorek"]
    assert column(NAME, ID_ROLE) == [ids[n] for n in column(NAME)]
    proxy.set_min_confidence(0.6)  # a filter change through filter_change: the 55% suggestion goes
    assert column(NAME) == ["Greyfield Press", "Ruth Abernathy", "tomasz Wieczorek"]
