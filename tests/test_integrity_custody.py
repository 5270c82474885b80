"""Originals never change, verification finds what did, and every change leaves an audit entry with before/after."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from casefile import cli
from casefile.context import Case, open_case
from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import EvidenceKind, ImportStatus, Status, TargetType, VerifyState
from casefile.domain.records import Citation, EventDraft, PartyDraft
from casefile.services.evidence_service import EvidenceEdit
from casefile.storage import store as store_mod


def _writable(path: Path) -> None:
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def _import(case: Case, path: Path) -> int:
    outcome = case.imports.import_file(path)
    assert outcome.status is ImportStatus.IMPORTED, outcome
    assert outcome.evidence_id is not None
    return outcome.evidence_id


def test_stored_originals_are_read_only_and_byte_identical(case: Case, article_file: Path) -> None:
    eid = _import(case, article_file)
    stored = case.evidence.original_path(eid)
    assert stored is not None
    assert not stored.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert stored.read_bytes() == article_file.read_bytes()
    assert stored.name == hashlib.sha256(article_file.read_bytes()).hexdigest()


def test_verify_reports_altered_and_missing_per_item(case: Case, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    ids = []
    for i in range(3):
        p = tmp_path / f"doc{i}.txt"
        p.write_text(f"document {i} for the record", encoding="utf-8")
        ids.append(_import(case, p))
    assert case.evidence.verify() == []
    assert {case.evidence.get(i).verify_state for i in ids} == {VerifyState.OK}
    altered, missing = (case.evidence.original_path(i) for i in ids[1:])
    assert altered is not None and missing is not None
    _writable(altered)
    altered.write_bytes(b"document 1 for the recorX")  # same size, one byte changed
    missing.unlink()
    problems = {p.exhibit: p for p in case.evidence.verify()}
    assert {e: p.state for e, p in problems.items()} == {2: VerifyState.ALTERED, 3: VerifyState.MISSING}
    assert "SHA-256" in problems[2].detail and "missing" in problems[3].detail
    states = [case.evidence.get(i).verify_state for i in ids]
    assert states == [VerifyState.OK, VerifyState.ALTERED, VerifyState.MISSING]
    path = case.path
    case.close()
    assert cli.main(["verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Ex. 2 doc1.txt: altered" in out and "Ex. 3 doc2.txt: missing" in out
    with open_case(path, read_only=True) as reader:  # a read-only open can check too (nothing recorded)
        assert len(reader.evidence.verify()) == 2


def test_reimporting_the_original_repairs_a_damaged_store_file(case: Case, article_file: Path) -> None:
    eid = _import(case, article_file)
    stored = case.evidence.original_path(eid)
    assert stored is not None
    _writable(stored)
    stored.write_bytes(stored.read_bytes()[:10])  # truncated (a crash on a lossy disk, or tampering)
    assert [p.state for p in case.evidence.verify()] == [VerifyState.ALTERED]
    again = case.imports.import_file(article_file)
    assert again.status is ImportStatus.DUPLICATE and again.exhibit == 1
    assert case.evidence.verify() == []
    assert not stored.stat().st_mode & 0o222


def test_an_orphan_original_does_not_block_its_import(case: Case, article_file: Path) -> None:
    """A kill between storing and committing leaves the file stored without an exhibit; importing works."""
    case.ctx.store.put_file(article_file)
    (case.ctx.store.tmp / "import-x.part").write_bytes(b"half a file")
    assert case.evidence.count() == 0
    eid = _import(case, article_file)
    assert case.evidence.get(eid).exhibit == 1
    path = case.path
    case.close()
    with open_case(path) as reopened:
        assert not list(reopened.ctx.store.tmp.iterdir()), "leftover temporary files were not cleaned"
        assert reopened.evidence.verify() == []


def test_new_store_folders_are_synced_with_their_parent(case: Case, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """After a power cut a stored original must still be reachable: the new `ab/` folder's entry is synced."""
    synced: list[Path] = []
    real = store_mod.fsync_dir
    monkeypatch.setattr(store_mod, "fsync_dir", lambda p: (synced.append(Path(p)), real(p)))
    src = tmp_path / "a.txt"
    src.write_text("something to keep", encoding="utf-8")
    blob = case.ctx.store.put_file(src)
    assert blob.path.parent in synced and case.ctx.store.root in synced


# audit trail -----------------------------------------------------------------------------------------


def _entries(case: Case, since: int) -> list[dict]:
    return [a for a in case.export.audit_log() if a["id"] > since]


def _last_id(case: Case) -> int:
    log = case.export.audit_log()
    return log[-1]["id"] if log else 0


def _one(case: Case, since: int, action: str, entity: str) -> dict:
    found = [a for a in _entries(case, since) if a["action"] == action and a["entity"] == entity]
    assert len(found) == 1, (action, entity, _entries(case, since))
    return found[0]


def test_import_is_audited_with_name_hash_and_source(case: Case, article_file: Path) -> None:
    eid = _import(case, article_file)
    entry = _one(case, 0, "import", "evidence")
    assert entry["entity_id"] == eid
    assert entry["after"]["filename"] == article_file.name
    assert entry["after"]["sha256"] == hashlib.sha256(article_file.read_bytes()).hexdigest()
    assert entry["after"]["source"] == str(article_file.resolve())
    assert entry["after"]["size"] == article_file.stat().st_size


def test_every_kind_of_change_is_audited_with_before_and_after(case: Case, article_file: Path) -> None:
    eid = _import(case, article_file)
    day = EventDate(CaseDate.parse("2024-03-12"))

    mark = _last_id(case)
    case.case.update("Okafor v. Halvorsen (SDNY)", "Defamation")
    e = _one(case, mark, "update", "case")
    assert e["before"]["title"] == "Okafor v. Halvorsen Media Group" and e["after"]["title"].endswith("(SDNY)")

    mark = _last_id(case)
    ex = case.evidence.get(eid)
    case.evidence.update(eid, EvidenceEdit(ex.exhibit, "Suit filed", "Dana Whitcombe", None, "", EvidenceKind.ARTICLE))
    e = _one(case, mark, "update", "evidence")
    assert e["before"]["title"] != "Suit filed" and e["after"]["title"] == "Suit filed"

    mark = _last_id(case)
    pid = case.parties.create(PartyDraft(name="Marguerite Okafor"))
    assert _one(case, mark, "create", "party")["after"]["name"] == "Marguerite Okafor"
    mark = _last_id(case)
    case.parties.update(pid, PartyDraft(name="Marguerite Okafor", description="producer"))
    e = _one(case, mark, "update", "party")
    assert e["before"]["description"] == "" and e["after"]["description"] == "producer"
    other = case.parties.create(PartyDraft(name="M. Okafor"))
    mark = _last_id(case)
    case.parties.set_status([other], Status.DISPUTED)
    assert [a for a in _entries(case, mark) if a["entity"] == "party" and a["entity_id"] == other]
    mark = _last_id(case)
    merged = case.parties.merge(pid, other)
    e = _one(case, mark, "merge", "party")
    assert e["before"] is not None or e["after"] is not None
    mark = _last_id(case)
    case.parties.undo_merge(merged)
    assert _one(case, mark, "unmerge", "party")
    mark = _last_id(case)
    case.parties.delete(other)
    assert _one(case, mark, "delete", "party")["before"]["name"] == "M. Okafor"

    mark = _last_id(case)
    ev = case.events.create(EventDraft(date=day, title="Suit filed", party_ids=(pid,)))
    assert _one(case, mark, "create", "event")["after"]["title"] == "Suit filed"
    mark = _last_id(case)
    case.events.update(ev, EventDraft(date=day, title="Complaint filed", party_ids=(pid,)))
    e = _one(case, mark, "update", "event")
    assert e["before"]["title"] == "Suit filed" and e["after"]["title"] == "Complaint filed"
    mark = _last_id(case)
    case.events.set_status([ev], Status.DISPUTED)
    e = _entries(case, mark)
    assert len(e) == 1 and e[0]["entity_id"] == ev and "disputed" in str(e[0]["after"])
    assert e[0]["before"] is not None, "a status change must say what the status was"
    mark = _last_id(case)
    cid = case.events.add_citation(ev, Citation(evidence_id=eid, quote="filed a defamation lawsuit"))
    assert "filed a defamation lawsuit" in str(_one(case, mark, "cite", "event")["after"])
    mark = _last_id(case)
    case.events.remove_citation(cid)
    assert _one(case, mark, "uncite", "event")["before"]["quote"] == "filed a defamation lawsuit"
    mark = _last_id(case)
    removed = case.events.delete([ev])
    assert _one(case, mark, "delete", "event")["before"]["title"] == "Complaint filed"
    mark = _last_id(case)
    case.events.restore(removed)
    assert _one(case, mark, "restore", "event")

    mark = _last_id(case)
    nid = case.notes.create("Ask the clerk.", TargetType.EVENT, ev)
    assert _one(case, mark, "create", "note")["after"]["text"] == "Ask the clerk."
    mark = _last_id(case)
    case.notes.set_text(nid, "Asked the clerk.")
    e = _one(case, mark, "edit", "note")
    assert e["before"]["text"] == "Ask the clerk." and e["after"]["text"] == "Asked the clerk."
    mark = _last_id(case)
    case.notes.delete(nid)
    assert _one(case, mark, "delete", "note")["before"]["text"] == "Asked the clerk."

    mark = _last_id(case)
    case.evidence.verify()
    assert _one(case, mark, "verify", "case")


def test_a_refused_change_leaves_no_audit_entry(case: Case) -> None:
    """The entry is written in the change's own transaction: no change, no entry (and the reverse)."""
    mark = _last_id(case)
    with pytest.raises(Exception):  # noqa: B017 - any refusal
        case.events.update(999, EventDraft(date=EventDate(CaseDate.parse("2024")), title="x"))
    assert _entries(case, mark) == []
