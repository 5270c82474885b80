"""recover on a realistic case (64 exhibits, 16 events citing them, a party, notes) after the damage disks and
programs really do: the file cut in half, a page zeroed (a leaf, an interior page), a wrong page count in the
header, the database emptied. What the file still holds is kept; lost exhibits are read again from their
originals; re-importing a recovered exhibit's file fills in what it lacks."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from casefile import cli
from casefile.context import create_case, open_case
from casefile.db.models import Evidence
from casefile.domain.enums import ImportStatus, Status
from casefile.domain.records import EventFilter
from casefile.recover import RecoverReport, recover_case
from tests.recover_case import CHUNK, TITLE, build_case, leaf_pages, read_by_hand

ALL = EventFilter(statuses=tuple(Status))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """The case, built once, and what it held: exhibit texts and titles by sha, events, notes."""
    root = tmp_path_factory.mktemp("pristine")
    path = build_case(root)
    with open_case(path) as case:
        exhibits = {e.sha256: (e.exhibit, e.filename, e.title, case.evidence.text(e.id))
                    for e in case.evidence.list()}
        events = {e.id: (e.title, e.date.start.iso(), tuple(sorted(c.evidence_id for c in e.citations)))
                  for e in case.events.list(ALL)}
        notes = sorted(n.text for n in case.notes.list())
    return path, {"exhibits": exhibits, "events": events, "notes": notes}


@pytest.fixture
def damaged(pristine: tuple[Path, dict[str, object]], tmp_path: Path) -> Path:
    path = tmp_path / "Damaged.casefile"
    shutil.copytree(pristine[0], path)
    return path


def _table(report: RecoverReport, name: str):  # noqa: ANN202
    return next(t for t in report.tables if t.table == name)


def _check_exhibits(saved_path: Path, was: dict[str, object]) -> None:
    """Every exhibit is back with its title and its text, and every event with its date and citation."""
    with open_case(saved_path) as saved:
        assert saved.evidence.verify() == []
        saved.evidence.check_database()  # the new case.db reads whole
        exhibits = {e.sha256: e for e in saved.evidence.list()}
        assert set(exhibits) == set(was["exhibits"])
        for sha, (_number, _name, title, text) in was["exhibits"].items():
            assert exhibits[sha].title == title
            assert saved.evidence.text(exhibits[sha].id) == text
        events = {e.id: (e.title, e.date.start.iso(), tuple(sorted(c.evidence_id for c in e.citations)))
                  for e in saved.events.list(ALL)}
        assert events == was["events"]
        assert sorted(n.text for n in saved.notes.list()) == was["notes"]
        assert saved.case.info().title == TITLE
        assert [a for p in saved.parties.list() for a in p.aliases] == ["R. Abernathy"]


def test_a_case_db_cut_in_half_keeps_what_is_left_and_rereads_the_rest(
        damaged: Path, pristine: tuple[Path, dict[str, object]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    db = damaged / "case.db"
    os.truncate(db, db.stat().st_size // 2)
    before = db.read_bytes()
    by_hand = {t: read_by_hand(db, t) for t in ("evidence", "event", "note", "event_source")}
    code = cli.main(["recover", str(damaged), str(tmp_path / "Saved")])
    out = capsys.readouterr().out
    assert code == 1  # pages were lost: said by the exit code
    assert "could not be read at all" not in out
    assert db.read_bytes() == before  # the damaged case is evidence: never written
    was = pristine[1]
    _check_exhibits(tmp_path / "Saved.casefile", was)
    # the table printed: what was read of each table is at least what SQLite itself still reads of the half file
    rows = {line.split()[0]: [int(n) for n in line.split()[1:]] for line in out.splitlines()
            if line.split() and line.split()[0] in ("evidence", "event", "note", "event_source")}
    assert rows["event"][:2] == [16, len(by_hand["event"])] == [16, 16]  # kept, read
    assert rows["note"][:2] == [16, len(by_hand["note"])]
    assert rows["event_source"][:2] == [16, len(by_hand["event_source"])]
    kept, read, reread, _lost_rows, lost_pages = rows["evidence"]  # by hand misses rows past a skipped rowid
    assert kept == 64 and len(by_hand["evidence"]) <= read < 64 and read + reread == 64
    assert lost_pages > 0
    with open_case(tmp_path / "Saved.casefile") as saved:
        late = saved.search.search("inspection report number 60")
        assert late and late[0].title.endswith("· Harbour inspection report number 60")  # re-read, and indexed


def test_the_report_counts_per_table(damaged: Path, tmp_path: Path) -> None:
    db = damaged / "case.db"
    os.truncate(db, db.stat().st_size // 2)
    report = recover_case(damaged, tmp_path / "Saved")
    assert report.title == TITLE and report.title_kept
    evidence, event = _table(report, "evidence"), _table(report, "event")
    assert (event.kept, event.read, event.lost_pages, event.lost_rows) == (16, 16, 0, 0)
    assert evidence.kept == 64 and evidence.read + evidence.rebuilt == 64 == report.originals
    assert report.reattached == report.reread == evidence.rebuilt
    assert report.rows["note"] == 16 and report.rows["party"] == 1 and report.rows["party_alias"] == 1
    assert not report.complete and not report.database_unreadable and report.missing == 0


@pytest.mark.parametrize("audit_too", [False, True])
def test_a_zeroed_leaf_page_loses_one_row_which_its_original_brings_back(
        damaged: Path, pristine: tuple[Path, dict[str, object]], tmp_path: Path, audit_too: bool) -> None:
    db = damaged / "case.db"
    size, leaves, _interior = leaf_pages(db, "evidence")
    zeroed = [leaves[3]]  # a leaf of the early, cited minutes: its exhibit's row is gone
    if audit_too:  # and the whole audit log: the old id, number and name come from the indexes' pages
        _size, audit_leaves, audit_interior = leaf_pages(db, "audit_log")
        zeroed += audit_leaves + audit_interior
    with open(db, "r+b") as fh:
        for page in zeroed:
            fh.seek((page - 1) * size)
            fh.write(b"\x00" * size)
    report = recover_case(damaged, tmp_path / "Saved")
    evidence = _table(report, "evidence")
    assert evidence.lost_pages == 1 and evidence.rebuilt == 1 and evidence.read == 63
    assert evidence.lost_rows == 0  # it came back under its old id
    assert (_table(report, "audit_log").read == 0) is audit_too
    _check_exhibits(tmp_path / "Saved.casefile", pristine[1])  # its citation found it again
    with open_case(tmp_path / "Saved.casefile") as saved:
        numbers = {e.sha256: (e.exhibit, e.filename) for e in saved.evidence.list()}
    assert numbers == {sha: (n, name) for sha, (n, name, _t, _x) in pristine[1]["exhibits"].items()}


def test_a_zeroed_interior_page_is_read_past(damaged: Path, pristine: tuple[Path, dict[str, object]],
                                             tmp_path: Path) -> None:
    db = damaged / "case.db"
    size, leaves, interior = leaf_pages(db, "event")
    assert len(leaves) > 1 and interior  # a real b-tree: the root points at the leaves
    with open(db, "r+b") as fh:
        fh.seek((interior[0] - 1) * size)
        fh.write(b"\x00" * size)
    report = recover_case(damaged, tmp_path / "Saved")
    event = _table(report, "event")
    assert event.lost_pages == 1 and event.read == event.kept == 16  # its leaves were found by their shape
    _check_exhibits(tmp_path / "Saved.casefile", pristine[1])


def test_a_zeroed_first_page_loses_the_schema_but_rows_are_found_by_their_shape(
        damaged: Path, pristine: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    db = damaged / "case.db"
    size, _leaves, _interior = leaf_pages(db, "evidence")
    with open(db, "r+b") as fh:  # the header and the schema's root: nothing says which page is which table's
        fh.write(b"\x00" * size)
    report = recover_case(damaged, tmp_path / "Saved")
    assert report.title_kept and not report.database_unreadable
    was = pristine[1]
    with open_case(tmp_path / "Saved.casefile") as saved:
        assert saved.case.info().title == TITLE
        assert saved.evidence.verify() == []
        exhibits = {e.sha256: e for e in saved.evidence.list()}
        assert {sha: (e.exhibit, e.title, saved.evidence.text(e.id)) for sha, e in exhibits.items()} == \
            {sha: (n, title, text) for sha, (n, _f, title, text) in was["exhibits"].items()}
        events = {e.id: (e.title, e.date.start.iso(), tuple(sorted(c.evidence_id for c in e.citations)))
                  for e in saved.events.list(ALL)}
        assert events == was["events"]
        assert sorted(n.text for n in saved.notes.list()) == was["notes"]
    # pages of the link tables (two integers a row: event-party, event-tag, ...) cannot be told apart: said
    assert report.stray_pages >= 1 and not report.complete


@pytest.mark.parametrize("count", [0, 1, 10**6])
def test_a_wrong_page_count_in_the_header_loses_nothing(damaged: Path, pristine: tuple[Path, dict[str, object]],
                                                        tmp_path: Path, count: int,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    db = damaged / "case.db"
    with open(db, "r+b") as fh:
        fh.seek(28)
        fh.write(count.to_bytes(4, "big"))
    code = cli.main(["recover", str(damaged), str(tmp_path / "Saved")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 rows and 0 pages known to be lost" in out and "64 originals copied, 0 of them" in out
    _check_exhibits(tmp_path / "Saved.casefile", pristine[1])


def test_an_emptied_database_rereads_every_original_and_a_reimport_restores_the_names(
        damaged: Path, pristine: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    (damaged / "case.db").write_bytes(b"")
    report = recover_case(damaged, tmp_path / "Saved")
    assert report.database_unreadable and report.reread == 64
    with open_case(tmp_path / "Saved.casefile") as saved:
        texts = {e.sha256: saved.evidence.text(e.id) for e in saved.evidence.list()}
        assert all(e.filename.startswith("recovered-") and e.filename.endswith(".txt")
                   for e in saved.evidence.list())
    assert texts == {sha: text for sha, (_n, _f, _t, text) in pristine[1]["exhibits"].items()}
    with open_case(tmp_path / "Saved.casefile") as saved:
        files = sorted((pristine[0].parent / "originals").iterdir())
        lines = [o.line() for k in range(0, len(files), CHUNK)
                 for o in saved.intake.import_paths(files[k:k + CHUNK]).outcomes]
    assert len(lines) == 64 and all(": imported (Ex. " in line and "filled in: name" in line for line in lines)
    with open_case(tmp_path / "Saved.casefile") as saved:
        names = sorted(e.filename for e in saved.evidence.list())
    assert names == sorted(name for _n, name, _t, _x in pristine[1]["exhibits"].values())


def test_reimporting_an_exhibit_recovered_without_its_text_fills_it_in(tmp_path: Path, article_file: Path) -> None:
    """A case recovered by an earlier CaseFile kept its exhibits without their text, named by hash."""
    with create_case(tmp_path / "Old", "Okafor v. Halvorsen") as case:
        first = case.intake.import_file(article_file)
        original_text = case.evidence.text(first.evidence_id)
        with case.ctx.writes() as s, s.begin():
            row = s.get(Evidence, first.evidence_id)
            assert row is not None
            original_title = row.title
            row.text, row.title, row.author, row.filename = "", "", "", f"recovered-{row.sha256[:12]}"
            row.kind, row.meta = "other", {"recovered": True}
            row.read_error = "recovered from a damaged case; import the file again to read its text"
        assert not case.search.search("Halvorsen")
        again = case.intake.import_file(article_file)
        assert again.status is ImportStatus.IMPORTED and again.exhibit == first.exhibit
        assert again.reason.startswith("filled in: text, title")
        assert "filled in" in again.line()
        rec = case.evidence.get(first.evidence_id)
        assert rec.title == original_title and rec.filename == article_file.name and rec.kind.value == "article"
        assert case.evidence.text(rec.id) == original_text and "Halvorsen" in original_text
        assert case.search.search("Halvorsen")
        third = case.intake.import_file(article_file)  # nothing left to fill in: a duplicate again
        assert third.status is ImportStatus.DUPLICATE
        assert case.evidence.count() == 1


def test_an_ordinary_duplicate_is_still_a_duplicate(tmp_path: Path, article_file: Path) -> None:
    with create_case(tmp_path / "Plain", "Okafor v. Halvorsen") as case:
        case.intake.import_file(article_file)
        with case.ctx.writes() as s, s.begin():
            row = s.get(Evidence, 1)
            assert row is not None
            row.title = ""  # an exhibit the user emptied by hand is not "recovered"
        assert case.intake.import_file(article_file).status is ImportStatus.DUPLICATE
        assert case.evidence.get(1).title == ""


def test_the_sqlite_reader_agrees_with_sqlite_on_an_intact_case(pristine: tuple[Path, dict[str, object]]) -> None:
    from casefile.recovery import pages, scratch

    salvaged = pages.salvage(pristine[0] / "case.db", lambda schema: scratch.shapes(schema, {}))
    conn = sqlite3.connect(pristine[0] / "case.db")
    try:
        held = {name for name, table in salvaged.tables.items() if table.holds}
        assert held == set(scratch.model_columns())  # the case's tables; the search index's are only walked
        for name in held:
            table = salvaged.tables[name]
            expected = {r[0]: list(r[1:]) for r in conn.execute(f'SELECT rowid, * FROM "{name}"')}
            got = {rowid: [rowid if v is None and i == 0 and expected.get(rowid, [None])[0] == rowid else v
                           for i, v in enumerate(values)] for rowid, values in table.rows.items()}
            assert got == expected, name
            assert table.lost_pages == table.lost_cells == 0
    finally:
        conn.close()
    assert salvaged.orphan_pages == 0


def test_rows_still_in_the_write_ahead_log_are_kept(tmp_path: Path) -> None:
    """A copy taken while the app had the case open (or after it was killed): the last notes are only in -wal."""
    copy = tmp_path / "Copy.casefile"
    with create_case(tmp_path / "Live", "Okafor v. Halvorsen") as case:
        for i in range(30):
            case.notes.create(f"Note {i}: the harbour lease. " * 20)
        shutil.copytree(case.path, copy)
    (copy / "case.lock").unlink()
    assert (copy / "case.db-wal").stat().st_size > 0
    alone = tmp_path / "alone.db"
    shutil.copyfile(copy / "case.db", alone)
    conn = sqlite3.connect(alone)
    try:
        assert conn.execute("SELECT count(*) FROM note").fetchone()[0] < 30  # the main file alone lacks them
    finally:
        conn.close()
    wal = (copy / "case.db-wal").read_bytes()
    report = recover_case(copy, tmp_path / "Saved")
    assert report.rows["note"] == 30 and report.title == "Okafor v. Halvorsen" and report.complete
    assert (copy / "case.db-wal").read_bytes() == wal  # the damaged case's own log is left as it was


@pytest.mark.parametrize("seed", [3, 11, 41])
def test_bytes_flipped_all_over_the_file_never_break_recover_or_the_new_case(
        damaged: Path, tmp_path: Path, seed: int) -> None:
    """Values a flipped bit made unreadable (an unknown kind or status, a broken date, JSON or digest) are
    dropped, or mended from the evidence index; whatever is kept opens, lists and verifies."""
    import random

    rnd = random.Random(seed)
    db = damaged / "case.db"
    data = bytearray(db.read_bytes())
    for _ in range(500):
        data[rnd.randrange(len(data))] = rnd.randrange(256)
    db.write_bytes(bytes(data))
    report = recover_case(damaged, tmp_path / "Saved")
    with open_case(tmp_path / "Saved.casefile") as saved:
        exhibits = saved.evidence.list()
        assert len(exhibits) == 64 == report.originals  # every original is an exhibit again
        assert all(saved.evidence.text(e.id) for e in exhibits)
        saved.events.list(ALL)
        saved.parties.list()
        saved.notes.list()
        assert saved.evidence.verify() == []
        saved.search.search("harbour")


def test_exhibits_whose_suggested_events_were_all_lost_wait_for_the_suggestion_pass(tmp_path: Path) -> None:
    from casefile.db.models import SuggestionRun
    from casefile.domain.dates import CaseDate, EventDate
    from casefile.domain.records import Citation, EventDraft

    src = tmp_path / "src"
    src.mkdir()
    for i in range(3):
        (src / f"minutes-{i}.txt").write_text(f"Harbour minutes {i}\n\nOn 2 May 2024 the council met.\n")
    with create_case(tmp_path / "Old", "Okafor v. Halvorsen") as case:
        ids = [o.evidence_id for o in case.intake.import_paths(sorted(src.iterdir())).outcomes]
        for eid in ids[:2]:  # the pass suggested one event from each of the first two; the third had none
            case.events.create(EventDraft(date=EventDate(CaseDate.parse("2024-05-02")), title="The council met",
                                          status=Status.SUGGESTED, citations=(Citation(evidence_id=eid),)))
        with case.ctx.writes() as s, s.begin():
            s.add_all(SuggestionRun(evidence_id=eid, event_count=int(n < 2)) for n, eid in enumerate(ids))
        old = case.path
    conn = sqlite3.connect(old / "case.db")  # the second exhibit's event is gone, as if its page had been lost
    try:
        with conn:
            conn.execute("DELETE FROM event WHERE id = (SELECT event_id FROM event_source WHERE evidence_id = ?)",
                         (ids[1],))
            conn.execute("DELETE FROM event_source WHERE evidence_id = ?", (ids[1],))
    finally:
        conn.close()
    report = recover_case(old, tmp_path / "Saved")
    assert report.suggest_waiting == 1 and "1 exhibits wait for the suggestion pass" in "\n".join(report.lines())
    with open_case(tmp_path / "Saved.casefile") as saved, saved.ctx.reads() as s:
        assert sorted(s.scalars(select(SuggestionRun.evidence_id))) == [ids[0], ids[2]]
