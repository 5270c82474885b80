"""Edits made on a stale copy: every edit raises the row's version, and one made on an older copy is refused
with the record as it is now and who changed it (issue 16). Runs on both backends."""

from __future__ import annotations

import getpass
import json

import pytest

from casefile.context import Case
from casefile.domain.dates import EventDate
from casefile.domain.enums import PartyKind, Status, TargetType
from casefile.domain.errors import StaleEditError
from casefile.domain.records import EventDraft, EventFilter, PartyDraft
from casefile.services.audit_service import AuditService, to_csv
from casefile.services.event_service import draft_of


def _event(case: Case, title: str = "Suit filed in Lagos", status: Status = Status.CONFIRMED) -> int:
    return case.events.create(EventDraft(EventDate.on("2024-03-05"), title, status=status))


def test_an_edit_raises_the_version_and_a_stale_copy_is_refused_with_the_current_record(bcase: Case) -> None:
    eid = _event(bcase)
    mine = bcase.events.get(eid)
    theirs = bcase.events.get(eid)
    assert mine.version == theirs.version == 1

    bcase.events.update(eid, EventDraft(theirs.date, "Suit filed in the Lagos High Court"), theirs.version)
    assert bcase.events.get(eid).version == 2

    with pytest.raises(StaleEditError) as stale:
        bcase.events.update(eid, EventDraft(mine.date, "Suit filed (my wording)"), mine.version)
    assert stale.value.current.title == "Suit filed in the Lagos High Court"
    assert stale.value.current.version == 2
    assert stale.value.change.action == "update"
    assert stale.value.change.actor == (getpass.getuser() if bcase.backend == "sqlite" else _role(bcase))
    assert "changed by" in str(stale.value)
    assert bcase.events.get(eid).title == "Suit filed in the Lagos High Court"  # nothing overwritten

    # re-applying on top of the other's change: the current version is passed, and it saves
    bcase.events.update(eid, EventDraft(mine.date, "Suit filed (my wording)"), stale.value.current.version)
    assert bcase.events.get(eid).title == "Suit filed (my wording)"
    assert bcase.events.get(eid).version == 3


def test_undo_of_an_edit_refuses_to_overwrite_a_later_change(bcase: Case) -> None:
    eid = _event(bcase)
    first = bcase.events.get(eid)
    before = bcase.events.update(eid, EventDraft(first.date, "Edited once"), first.version)
    assert before.version == 2  # the version this edit wrote: what its undo must find
    second = bcase.events.get(eid)
    bcase.events.update(eid, EventDraft(second.date, "Edited by someone else"), second.version)
    with pytest.raises(StaleEditError):
        bcase.events.update(eid, draft_of(before), before.version)
    assert bcase.events.get(eid).title == "Edited by someone else"


def test_a_verdict_on_a_stale_row_is_refused_and_bulk_verdicts_raise_versions(bcase: Case) -> None:
    ids = [_event(bcase, f"Suggested {i}", Status.SUGGESTED) for i in range(30)]
    rows = {eid: bcase.events.get(eid).version for eid in ids}
    assert set(rows.values()) == {1}
    bcase.events.set_status_where(EventFilter(statuses=(Status.SUGGESTED,)), Status.CONFIRMED)
    assert {bcase.events.get(eid).version for eid in ids} == {2}  # every open copy of them is now stale
    with pytest.raises(StaleEditError):
        bcase.events.set_status([ids[0]], Status.DISMISSED, versions={ids[0]: rows[ids[0]]})
    assert bcase.events.get(ids[0]).status is Status.CONFIRMED
    bcase.events.set_status([ids[0]], Status.DISMISSED, versions={ids[0]: 2})
    assert bcase.events.get(ids[0]).version == 3


def test_a_party_saved_on_a_stale_copy_is_refused(bcase: Case) -> None:
    pid = bcase.parties.create(PartyDraft("Adaeze Okafor", PartyKind.PERSON))
    mine = bcase.parties.get(pid)
    bcase.parties.update(pid, PartyDraft("Adaeze N. Okafor", PartyKind.PERSON), mine.version)
    with pytest.raises(StaleEditError) as stale:
        bcase.parties.update(pid, PartyDraft("A. Okafor", PartyKind.PERSON), mine.version)
    assert stale.value.current.name == "Adaeze N. Okafor"
    assert bcase.parties.get(pid).name == "Adaeze N. Okafor"


def test_a_note_saved_on_a_stale_copy_is_refused_and_keeps_the_other_text(bcase: Case) -> None:
    nid = bcase.notes.create("Call the clerk", TargetType.CASE)
    mine = bcase.notes.get(nid)
    _, version = bcase.notes.save(nid, "Call the clerk on Monday", mine.version)
    assert version == mine.version + 1
    with pytest.raises(StaleEditError) as stale:
        bcase.notes.save(nid, "Call the clerk; ask for the filing", mine.version)
    assert stale.value.current.text == "Call the clerk on Monday"
    assert bcase.notes.get(nid).text == "Call the clerk on Monday"
    # the same copy saving again with the version it got back goes on
    bcase.notes.save(nid, "Call the clerk on Monday at 9", version)
    assert bcase.notes.get(nid).text == "Call the clerk on Monday at 9"


def test_the_audit_log_records_who(bcase: Case) -> None:
    _event(bcase)
    entries = AuditService(bcase.ctx).entries()
    assert entries
    expected = getpass.getuser() if bcase.backend == "sqlite" else _role(bcase)
    assert {e.actor for e in entries} == {expected}
    exported = json.loads(bcase.export.text("audit"))  # `casefile export --format audit`
    assert {e["who"] for e in exported} == {expected}
    assert to_csv(entries).splitlines()[0].startswith("id,at,who,")
    assert f",{expected},create," in to_csv(entries)


def _role(case: Case) -> str:
    from sqlalchemy import text

    with case.ctx.engine.connect() as conn:
        return str(conn.execute(text("SELECT current_user")).scalar())


def test_an_exhibit_edited_on_a_stale_copy_is_refused(bcase: Case, article_file) -> None:  # noqa: ANN001
    from casefile.services.evidence_service import EvidenceEdit

    bcase.intake.import_paths([article_file])
    mine = bcase.evidence.list()[0]
    theirs = bcase.evidence.get(mine.id)
    bcase.evidence.update(mine.id, EvidenceEdit(mine.exhibit, "Okafor sues (their title)", mine.author,
                                                mine.published, mine.url, mine.kind), theirs.version)
    with pytest.raises(StaleEditError) as stale:
        bcase.evidence.update(mine.id, EvidenceEdit(mine.exhibit, "My title", mine.author, mine.published,
                                                    mine.url, mine.kind), mine.version)
    assert stale.value.current.title == "Okafor sues (their title)"
    assert bcase.evidence.get(mine.id).title == "Okafor sues (their title)"


def test_a_bulk_verdict_returns_each_event_s_own_previous_status_and_undo_puts_them_back(bcase: Case) -> None:
    """On a server case the statuses read for undo and the rows updated are one statement (locked as read)."""
    suggested = [_event(bcase, f"Suggested {i}", Status.SUGGESTED) for i in range(25)]
    disputed = [_event(bcase, f"Disputed {i}", Status.DISPUTED) for i in range(3)]
    already = _event(bcase, "Confirmed before", Status.CONFIRMED)
    previous = bcase.events.set_status_where(EventFilter(), Status.CONFIRMED)
    assert previous == {**{e: Status.SUGGESTED for e in suggested}, **{e: Status.DISPUTED for e in disputed}}
    assert already not in previous
    bcase.events.restore_statuses(previous)
    assert {bcase.events.get(e).status for e in suggested} == {Status.SUGGESTED}
    assert {bcase.events.get(e).status for e in disputed} == {Status.DISPUTED}
    assert bcase.events.get(already).status is Status.CONFIRMED
