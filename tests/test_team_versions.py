"""Edits made on a stale copy: every edit raises the row's version, and one made on an older copy is refused
with the record as it is now and who changed it (issue 16). Runs on the `case` fixture's backend."""

from __future__ import annotations

import getpass

import pytest

from casefile.context import Case
from casefile.domain.dates import EventDate
from casefile.domain.enums import PartyKind, Status, TargetType
from casefile.domain.errors import StaleEditError
from casefile.domain.records import EventDraft, EventFilter, PartyDraft
from casefile.services.audit_service import AuditService
from casefile.services.event_service import draft_of


def _event(case: Case, title: str = "Suit filed in Lagos", status: Status = Status.CONFIRMED) -> int:
    return case.events.create(EventDraft(EventDate.on("2024-03-05"), title, status=status))


def test_an_edit_raises_the_version_and_a_stale_copy_is_refused_with_the_current_record(case: Case) -> None:
    eid = _event(case)
    mine = case.events.get(eid)
    theirs = case.events.get(eid)
    assert mine.version == theirs.version == 1

    case.events.update(eid, EventDraft(theirs.date, "Suit filed in the Lagos High Court"), theirs.version)
    assert case.events.get(eid).version == 2

    with pytest.raises(StaleEditError) as stale:
        case.events.update(eid, EventDraft(mine.date, "Suit filed (my wording)"), mine.version)
    assert stale.value.current.title == "Suit filed in the Lagos High Court"
    assert stale.value.current.version == 2
    assert stale.value.change.action == "update"
    assert stale.value.change.actor == getpass.getuser()
    assert "changed by" in str(stale.value)
    assert case.events.get(eid).title == "Suit filed in the Lagos High Court"  # nothing overwritten

    # re-applying on top of the other's change: the current version is passed, and it saves
    case.events.update(eid, EventDraft(mine.date, "Suit filed (my wording)"), stale.value.current.version)
    assert case.events.get(eid).title == "Suit filed (my wording)"
    assert case.events.get(eid).version == 3


def test_undo_of_an_edit_refuses_to_overwrite_a_later_change(case: Case) -> None:
    eid = _event(case)
    first = case.events.get(eid)
    before = case.events.update(eid, EventDraft(first.date, "Edited once"), first.version)
    assert before.version == 2  # the version this edit wrote: what its undo must find
    second = case.events.get(eid)
    case.events.update(eid, EventDraft(second.date, "Edited by someone else"), second.version)
    with pytest.raises(StaleEditError):
        case.events.update(eid, draft_of(before), before.version)
    assert case.events.get(eid).title == "Edited by someone else"


def test_a_verdict_on_a_stale_row_is_refused_and_bulk_verdicts_raise_versions(case: Case) -> None:
    ids = [_event(case, f"Suggested {i}", Status.SUGGESTED) for i in range(30)]
    rows = {r.id: r.version for r in case.events.rows(EventFilter())}
    assert set(rows.values()) == {1}
    case.events.set_status_where(EventFilter(statuses=(Status.SUGGESTED,)), Status.CONFIRMED)
    assert {r.version for r in case.events.rows(EventFilter())} == {2}
    with pytest.raises(StaleEditError):
        case.events.set_status([ids[0]], Status.DISMISSED, versions={ids[0]: rows[ids[0]]})
    assert case.events.get(ids[0]).status is Status.CONFIRMED
    case.events.set_status([ids[0]], Status.DISMISSED, versions={ids[0]: 2})
    assert case.events.get(ids[0]).version == 3


def test_a_party_saved_on_a_stale_copy_is_refused(case: Case) -> None:
    pid = case.parties.create(PartyDraft("Adaeze Okafor", PartyKind.PERSON))
    mine = case.parties.get(pid)
    case.parties.update(pid, PartyDraft("Adaeze N. Okafor", PartyKind.PERSON), mine.version)
    with pytest.raises(StaleEditError) as stale:
        case.parties.update(pid, PartyDraft("A. Okafor", PartyKind.PERSON), mine.version)
    assert stale.value.current.name == "Adaeze N. Okafor"
    assert case.parties.get(pid).name == "Adaeze N. Okafor"


def test_a_note_saved_on_a_stale_copy_is_refused_and_keeps_the_other_text(case: Case) -> None:
    nid = case.notes.create("Call the clerk", TargetType.CASE)
    mine = case.notes.get(nid)
    _, version = case.notes.save(nid, "Call the clerk on Monday", mine.version)
    assert version == mine.version + 1
    with pytest.raises(StaleEditError) as stale:
        case.notes.save(nid, "Call the clerk; ask for the filing", mine.version)
    assert stale.value.current.text == "Call the clerk on Monday"
    assert case.notes.get(nid).text == "Call the clerk on Monday"
    # the same copy saving again with the version it got back goes on
    case.notes.save(nid, "Call the clerk on Monday at 9", version)
    assert case.notes.get(nid).text == "Call the clerk on Monday at 9"


def test_the_audit_log_records_who(case: Case) -> None:
    _event(case)
    entries = AuditService(case.ctx).entries()
    assert entries
    assert {e.actor for e in entries} == {getpass.getuser()}
