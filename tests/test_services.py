"""Service layer: one transaction per action, records out, undo data back, audit entries written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from casefile.context import Case, create_case, open_case
from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import DateQualifier, ImportStatus, PartyKind, PartyRole, Status, TargetType
from casefile.domain.errors import CaseExistsError, CaseLockedError, CaseNotFoundError, NotFoundError, ValidationError
from casefile.domain.records import Citation, EventDraft, EventFilter, PartyDraft
from casefile.extract.types import EventSuggestion, Extraction, Mention, PartySuggestion, PostFound


@pytest.fixture
def case(bcase: Case) -> Case:
    """Every service test here runs on a local case and on a team case (tests/backends.py)."""
    return bcase


@pytest.fixture
def local_case(tmp_path: Path) -> Iterator[Case]:
    """For what only a SQLite case has (pragmas, the case lock)."""
    with create_case(tmp_path / "Test", "Okafor v. Halvorsen Media Group") as c:
        yield c


def _event(case: Case, date: str, title: str, **kw) -> int:
    return case.events.create(EventDraft(EventDate.on(date), title, **kw))


def test_create_and_reopen_case(tmp_path: Path) -> None:
    with create_case(tmp_path / "Lively", "Lively v. Wayfarer", "Chronology for the piece") as c:
        assert c.path.name == "Lively.casefile"
        assert (c.path / "case.db").is_file() and (c.path / "evidence").is_dir()
    with open_case(tmp_path / "Lively") as c:  # the suffix may be left out
        info = c.case.info()
        assert (info.title, info.description) == ("Lively v. Wayfarer", "Chronology for the piece")
    with pytest.raises(CaseExistsError):
        create_case(tmp_path / "Lively.casefile", "again")
    with pytest.raises(CaseNotFoundError):
        open_case(tmp_path / "nowhere")


def test_sqlite_pragmas_are_on(local_case: Case) -> None:
    case = local_case
    with case.ctx.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_second_writer_is_refused_but_may_read(local_case: Case) -> None:
    case = local_case
    _event(case, "2024-03-12", "Complaint filed")
    with pytest.raises(CaseLockedError, match="open in another window"):
        open_case(case.path)
    with open_case(case.path, read_only=True) as ro:
        assert ro.events.count() == 1


def test_events_page_in_date_order_with_precision_and_filter(case: Case) -> None:
    _event(case, "2024-03-12", "Complaint filed", description="defamation suit")
    _event(case, "2023", "Book deal signed")
    _event(case, "2024-02-03T21:15", "Recording published")
    rows = case.events.rows()
    assert [r.title for r in rows] == ["Book deal signed", "Recording published", "Complaint filed"]
    assert [r.date.display() for r in rows] == ["2023", "3 Feb 2024 21:15", "12 Mar 2024"]
    assert case.events.count(EventFilter(text="defam")) == 1  # prefix match in the description
    assert case.events.count(EventFilter(date_from="2024", date_to="2024-02")) == 1
    assert [r.title for r in case.events.rows(offset=1, limit=1)] == ["Recording published"]


def test_update_delete_restore_keep_links_and_citations(case: Case, article_file: Path) -> None:
    report = case.imports.import_paths([article_file])
    ev_id = report.outcomes[0].evidence_id
    pid = case.parties.create(PartyDraft("Marguerite Okafor", PartyKind.PERSON, PartyRole.PLAINTIFF))
    cite = Citation(ev_id, quote="filed a defamation lawsuit", char_start=10, char_end=36)
    eid = case.events.create(EventDraft(EventDate.on("2024-03-12"), "Complaint filed", party_ids=(pid,),
                                        citations=(cite,), tags=("defamation",)))
    before = case.events.update(eid, EventDraft(EventDate(CaseDate.parse("2024-03"), DateQualifier.AROUND),
                                                "Complaint filed (approx.)", party_ids=(pid,), citations=(cite,)))
    assert before.title == "Complaint filed" and before.tags == ("defamation",)
    assert case.events.get(eid).date.display() == "c. Mar 2024"
    gone = case.events.delete([eid])
    with pytest.raises(NotFoundError):
        case.events.get(eid)
    case.events.restore(gone)
    back = case.events.get(eid)
    assert back.party_ids == (pid,) and back.citations[0].quote == "filed a defamation lawsuit"
    assert back.citations[0].locator() == f"Ex. {report.outcomes[0].exhibit}"
    with pytest.raises(ValidationError):
        case.events.create(EventDraft(EventDate.on("2024"), "   "))


def test_confirm_dismiss_and_undo_statuses(case: Case) -> None:
    eid = _event(case, "2024-01-01", "Suggested thing", status=Status.SUGGESTED)
    prev = case.events.confirm([eid])
    assert case.events.get(eid).status is Status.CONFIRMED
    case.events.restore_statuses(prev)
    assert case.events.get(eid).status is Status.SUGGESTED
    case.events.dismiss([eid])
    assert case.events.count() == 0  # dismissed events are hidden by default
    assert case.events.count(EventFilter(statuses=(Status.DISMISSED,))) == 1


def test_merge_parties_moves_aliases_links_and_undo_restores(case: Case) -> None:
    a = case.parties.create(PartyDraft("Justin Baldoni", aliases=("Baldoni",)))
    b = case.parties.create(PartyDraft("J. Baldoni", aliases=("@justinbaldoni",), status=Status.SUGGESTED))
    eid = _event(case, "2025-01-27", "Voice note surfaces", party_ids=(b,))
    nid = case.notes.create("check the handle", TargetType.PARTY, b)
    result = case.parties.merge(a, b)
    kept = case.parties.get(a)
    assert set(kept.aliases) == {"Baldoni", "J. Baldoni", "@justinbaldoni"}
    assert case.events.get(eid).party_ids == (a,)
    assert case.notes.get(nid).target_id == a
    assert case.parties.find("@JustinBaldoni").id == a
    case.parties.undo_merge(result)
    assert case.parties.get(b).aliases == ("@justinbaldoni",)
    assert case.parties.get(a).aliases == ("Baldoni",)
    assert case.events.get(eid).party_ids == (b,)
    assert case.notes.get(nid).target_id == b


def test_notes_on_case_and_items_and_cascade(case: Case) -> None:
    eid = _event(case, "2024-03-12", "Complaint filed")
    case_note = case.notes.create("# Working theory\nThe edit happened before broadcast.")
    ev_note = case.notes.create("Ask counsel for the docket number", TargetType.EVENT, eid)
    assert [n.id for n in case.notes.list(TargetType.CASE)] == [case_note]
    assert [n.id for n in case.notes.list(TargetType.EVENT, eid)] == [ev_note]
    assert case.notes.set_text(ev_note, "Docket 24-cv-0312") == "Ask counsel for the docket number"
    case.events.delete([eid])
    assert [n.id for n in case.notes.list()] == [case_note]


def test_search_ranks_hits_across_types_with_snippets(case: Case, article_file: Path) -> None:
    case.imports.import_paths([article_file])
    _event(case, "2024-03-12", "Okafor files complaint", description="Defamation suit in state court")
    case.notes.create("Okafor's agent called back")
    hits = case.search.search("okafor")
    kinds = {h.type for h in hits}
    assert {TargetType.EVIDENCE, TargetType.EVENT, TargetType.NOTE} <= kinds
    assert any("[Okafor" in h.snippet for h in hits)
    phrase_hits = case.search.search('"doctored recording"')
    assert TargetType.EVIDENCE in {h.type for h in phrase_hits}  # extracted events quote it too
    assert case.search.search('"recording doctored"') == []  # a phrase keeps its word order
    assert case.search.search("AND OR NOT (") == []  # FTS syntax in user input is inert


def test_import_reports_duplicates_and_failures_and_keeps_going(case: Case, tmp_path: Path,
                                                                  article_file: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    copy = tmp_path / "copy-of-article.txt"
    copy.write_bytes(article_file.read_bytes())
    odd = tmp_path / "data.xyz"
    odd.write_bytes(bytes(range(256)) * 8)
    report = case.imports.import_paths([article_file, empty, copy, odd])
    by_name = {Path(o.path).name: o for o in report.outcomes}
    assert by_name["okafor-sues-halvorsen.txt"].status is ImportStatus.IMPORTED
    assert by_name["copy-of-article.txt"].status is ImportStatus.DUPLICATE
    assert by_name["empty.txt"].status is ImportStatus.FAILED and "empty" in by_name["empty.txt"].reason
    assert by_name["data.xyz"].status is ImportStatus.IMPORTED and by_name["data.xyz"].kind.value == "other"
    assert case.evidence.count() == 2
    assert [e.exhibit for e in case.evidence.list()] == [1, 2]
    stored = case.evidence.original_path(by_name["okafor-sues-halvorsen.txt"].evidence_id)
    assert stored.read_bytes() == article_file.read_bytes()


def test_folders_recurse_and_hidden_files_are_counted(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "collected"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("date 2024-01-02 First article text about Okafor.")
    (folder / "sub" / "b.md").write_text("# Second\n\nMore text on 3 January 2024.")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    report = case.imports.import_paths([folder])
    assert report.imported == 2 and report.skipped_hidden == 2


class _StubExtractor:
    """Known suggestions, so the service's wiring (posts, parties, citations) is tested on its own."""

    def __call__(self, text: str, **_kw) -> Extraction:
        post_text = "Okafor never said that. — Halvorsen Media (@HalvorsenMG) March 13, 2024"
        start = text.index(post_text)
        quote = "Okafor never said that."
        return Extraction(
            events=[
                EventSuggestion(EventDate.on("2024-03-12"), "Okafor files suit", "s", "filed", 8, 14,
                                ["Marguerite Okafor"], ["lawsuit"]),
                EventSuggestion(EventDate.on("2024-03-13"), "Halvorsen posts", quote, quote, start,
                                start + len(quote), ["Halvorsen Media"]),
            ],
            parties=[
                PartySuggestion("Marguerite Okafor", PartyKind.PERSON, ["Okafor"], [Mention(0, 6, "Okafor")]),
                PartySuggestion("Halvorsen Media", PartyKind.ORGANIZATION, ["@HalvorsenMG"]),
            ],
            posts=[PostFound("Halvorsen Media", "@HalvorsenMG", CaseDate.parse("2024-03-13"), post_text, start,
                             start + len(post_text), platform="x")],
        )


def test_import_turns_suggestions_into_events_parties_and_posts(case: Case, tmp_path: Path) -> None:
    case.imports.extractor = _StubExtractor()
    existing = case.parties.create(PartyDraft("Marguerite Okafor", role=PartyRole.PLAINTIFF))
    f = tmp_path / "a.txt"
    f.write_text("Okafor filed suit.\n\nOkafor never said that. — Halvorsen Media (@HalvorsenMG) March 13, 2024\n")
    out = case.imports.import_paths([f]).outcomes[0]
    assert out.status is ImportStatus.IMPORTED
    events = case.events.list()
    assert [e.status for e in events] == [Status.SUGGESTED, Status.SUGGESTED]
    suit, post = events
    assert suit.party_ids == (existing,) and suit.tags == ("lawsuit",)  # merged with the existing party
    assert suit.citations[0].evidence_id == out.evidence_id
    child = case.evidence.children(out.evidence_id)[0]
    assert child.kind.value == "social_post" and child.metadata["handle"] == "@HalvorsenMG"
    assert post.citations[0].evidence_id == child.id  # a post's event cites the post itself
    assert case.evidence.text(child.id)[post.citations[0].char_start:post.citations[0].char_end] == \
        "Okafor never said that."
    names = {p.name: p for p in case.parties.list()}
    assert names["Halvorsen Media"].status is Status.SUGGESTED
    assert names["Marguerite Okafor"].mention_count == 1


def test_every_change_is_audited(case: Case, article_file: Path) -> None:
    case.imports.import_paths([article_file])
    eid = _event(case, "2024-03-12", "Complaint filed")
    case.events.update(eid, EventDraft(EventDate.on("2024-03-13"), "Complaint filed (corrected)"))
    case.events.delete([eid])
    log = case.export.audit_log()
    actions = [(a["action"], a["entity"]) for a in log]
    assert ("import", "evidence") in actions
    assert ("create", "event") in actions and ("update", "event") in actions and ("delete", "event") in actions
    upd = next(a for a in log if a["action"] == "update")
    assert upd["before"]["title"] == "Complaint filed" and upd["after"]["title"] == "Complaint filed (corrected)"
    imp = next(a for a in log if a["action"] == "import")
    assert len(imp["after"]["sha256"]) == 64 and imp["after"]["source"].endswith("okafor-sues-halvorsen.txt")


def test_export_json_shape(case: Case, article_file: Path) -> None:
    import json

    case.imports.import_paths([article_file])
    pid = case.parties.create(PartyDraft("Ruth Abernathy", role=PartyRole.COUNSEL, aliases=("Abernathy",)))
    _event(case, "2024-03", "Month-only event", party_ids=(pid,))
    data = json.loads(case.export.to_json())
    assert set(data) == {"case", "parties", "events", "evidence", "notes"}
    ev = next(e for e in data["events"] if e["title"] == "Month-only event")
    assert ev["date"] == "2024-03" and ev["end"] is None and ev["parties"] == [pid]
    party = next(p for p in data["parties"] if p["id"] == pid)
    assert party["aliases"] == ["Abernathy"] and party["role"] == "counsel"
    assert data["evidence"][0]["sha256"] and data["evidence"][0]["exhibit"] == 1


def test_search_hits_are_named_as_the_user_knows_them(case: Case, article_file: Path) -> None:
    out = case.imports.import_paths([article_file]).outcomes[0]
    case.notes.create("# Call the Ledger\nThey ran the doctored clip first.")
    hits = {h.type: h for h in case.search.search("doctored")}
    assert hits[TargetType.EVIDENCE].title == f"Ex. {out.exhibit} · Okafor sues Halvorsen Media Group over leaked recording"
    assert hits[TargetType.NOTE].title == "Call the Ledger"


def test_undoing_an_event_delete_brings_back_its_notes(case: Case) -> None:
    eid = _event(case, "2024-03-12", "Complaint filed")
    nid = case.notes.create("Docket 24-cv-0312", TargetType.EVENT, eid)
    gone = case.events.delete([eid])
    assert case.notes.list() == []
    case.events.restore(gone)
    (note,) = case.notes.list(TargetType.EVENT, eid)
    assert (note.id, note.text) == (nid, "Docket 24-cv-0312")


def test_undoing_a_party_delete_brings_back_links_notes_and_assertions(case: Case) -> None:
    pid = case.parties.create(PartyDraft("Ruth Abernathy", role=PartyRole.COUNSEL))
    eid = _event(case, "2024-03-20", "Counsel asks for the original", party_ids=(pid,), asserted_by=pid)
    nid = case.notes.create("Call back Monday", TargetType.PARTY, pid)
    rec, events, mentions = case.parties.delete(pid)
    assert case.events.get(eid).asserted_by is None and case.notes.list() == []
    case.parties.restore(rec, events, mentions)
    back = case.events.get(eid)
    assert back.party_ids == (pid,) and back.asserted_by == pid
    assert [n.id for n in case.notes.list(TargetType.PARTY, pid)] == [nid]
