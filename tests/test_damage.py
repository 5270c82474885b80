"""A case survives damage: an emptied, truncated or overwritten case.db, swapped originals, leftovers of killed
commands, a deleted lock file, odd names. Each ends in one clear sentence and the right exit code."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from casefile import cli
from casefile.context import Case, create_case, open_case
from casefile.db.engine import DamagedCaseError
from casefile.domain.enums import VerifyState
from casefile.domain.errors import CaseLockedError
from casefile.recover import recover_case
from casefile.storage.atomic import OutputError, check_pdf, write_atomic, write_text_atomic
from tests.conftest import ARTICLE


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(proc.stdout)


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A closed case holding two imported articles."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "okafor.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "second.txt").write_text("On 2 May 2024 Ruth Abernathy met the press.\n", encoding="utf-8")
    with create_case(tmp_path / "Damaged", "Okafor v. Halvorsen") as case:
        report = case.imports.import_paths([src / "okafor.txt", src / "second.txt"])
        assert report.failed == 0
        path = case.path
    return path


def _main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# the database -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["empty", "half", "garbage", "missing"])
def test_a_damaged_database_is_said_never_recreated(filled: Path, damage: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = filled / "case.db"
    if damage == "empty":
        db.write_bytes(b"")
    elif damage == "half":
        os.truncate(db, db.stat().st_size // 2 + 100)
    elif damage == "garbage":
        db.write_bytes(b"not a database at all " * 500)
    else:
        db.unlink()
    before = db.read_bytes() if db.exists() else None
    with pytest.raises(DamagedCaseError, match="damaged"):
        open_case(filled)
    code, out, err = _main(capsys, "verify", str(filled))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and "casefile recover" in err
    assert (db.read_bytes() if db.exists() else None) == before  # nothing was created or written over it


def test_flipped_bits_inside_the_database_fail_verify(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = filled / "case.db"
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for at in range(page * 2 + 40, len(data), page):  # a byte in the header of every b-tree page after the second
        data[at] ^= 0xFF
    db.write_bytes(bytes(data))
    code, _out, err = _main(capsys, "verify", str(filled))
    assert code == 1
    assert "damaged" in err and "Traceback" not in err


def test_recover_salvages_rows_and_reattaches_every_original(filled: Path, tmp_path: Path) -> None:
    originals = sorted(p.name for p in (filled / "evidence").glob("??/*"))
    report = recover_case(filled, tmp_path / "Saved")
    assert report.originals == 2 and report.reattached == 0 and report.lost_rows == 0
    with open_case(tmp_path / "Saved") as saved:
        assert saved.case.info().title == "Okafor v. Halvorsen"
        assert sorted(e.sha256 for e in saved.evidence.list()) == originals
        assert saved.evidence.verify() == []
        assert saved.search.search("Abernathy")  # the index was rebuilt from the salvaged rows


def test_recover_from_an_emptied_database_reattaches_originals_by_name(filled: Path, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (filled / "case.db").write_bytes(b"")
    code, out, _err = _main(capsys, "recover", str(filled), str(tmp_path / "Saved"))
    assert code == 1  # the database itself was lost: said, and the exit code says it
    assert "could not be read at all" in out
    with open_case(tmp_path / "Saved") as saved:
        records = saved.evidence.list()
        assert len(records) == 2
        assert all(r.filename.startswith("recovered-") for r in records)
        assert saved.evidence.verify() == []


# originals ----------------------------------------------------------------------------------------------


def test_an_original_swapped_for_a_link_to_identical_bytes_is_damage(filled: Path, tmp_path: Path) -> None:
    target = next((filled / "evidence").glob("??/*"))
    copy = tmp_path / "identical"
    copy.write_bytes(target.read_bytes())
    os.chmod(target, 0o600)
    target.unlink()
    target.symlink_to(copy)
    with open_case(filled) as case:
        problems = case.evidence.verify()
        assert [p.state for p in problems] == [VerifyState.ALTERED]
        assert "link" in problems[0].detail
        eid = problems[0].evidence_id
        assert case.evidence.get(eid).verify_state is VerifyState.ALTERED
        # re-importing the genuine file puts it back, and says so
        blob = case.ctx.store.put_bytes(copy.read_bytes())
        assert blob.repaired and not blob.created
        assert not target.is_symlink()
        assert case.evidence.verify() == []


def test_reimporting_the_genuine_bytes_repairs_a_same_size_altered_original(case: Case) -> None:
    data = ARTICLE.encode()
    blob = case.ctx.store.put_bytes(data)
    os.chmod(blob.path, 0o600)
    blob.path.write_bytes(data.replace(b"Okafor", b"Okafoo"))  # same size, other bytes
    again = case.ctx.store.put_bytes(data)
    assert again.repaired
    assert blob.path.read_bytes() == data
    assert case.ctx.store.put_bytes(data).repaired is False  # intact now: a plain duplicate


def test_verify_writes_only_the_verification_table(filled: Path) -> None:
    with open_case(filled) as case:
        with case.ctx.engine.connect() as conn:
            before = conn.exec_driver_sql("SELECT rowid, * FROM search_index").all()
            evidence_before = conn.exec_driver_sql("SELECT * FROM evidence").all()
        assert case.evidence.verify() == []
        with case.ctx.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT rowid, * FROM search_index").all() == before
            assert conn.exec_driver_sql("SELECT * FROM evidence").all() == evidence_before
            assert conn.exec_driver_sql("SELECT state FROM verification").scalars().all() == ["ok", "ok"]
        assert {r.verify_state for r in case.evidence.list()} == {VerifyState.OK}


def test_verify_lists_originals_no_exhibit_refers_to(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open_case(filled) as case:
        orphan = case.ctx.store.put_bytes(b"left behind by an import killed before its commit")
    code, out, _err = _main(capsys, "verify", str(filled))
    assert code == 0  # listed for the user; no exhibit is damaged
    assert f"evidence/{orphan.sha256[:2]}/{orphan.sha256}: belongs to no exhibit" in out
    assert "1 stored originals belong to no exhibit" in out


# locks and leftovers ------------------------------------------------------------------------------------


def test_deleting_the_lock_file_does_not_let_a_second_writer_in(filled: Path) -> None:
    with open_case(filled):
        (filled / "case.lock").unlink()
        with pytest.raises(CaseLockedError):
            open_case(filled)


def test_reading_commands_work_while_the_case_is_open(filled: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with open_case(filled):
        assert _main(capsys, "search", str(filled), "Abernathy")[0] == 0
        code, out, _err = _main(capsys, "verify", str(filled))
        assert code == 0 and "2 exhibits checked, 0 missing or altered" in out
        assert _main(capsys, "export", str(filled), "-o", str(tmp_path / "x.json"))[0] == 0
        assert _main(capsys, "archive", str(filled), "-o", str(tmp_path / "x.casezip"))[0] == 0
        code, _out, err = _main(capsys, "import", str(filled), str(tmp_path / "x.json"))
        assert code == 2 and "open in another window" in err


def test_an_opener_removes_only_dead_processes_temp_files(filled: Path) -> None:
    tmp = filled / "evidence" / ".tmp"
    live = tmp / f"import-{os.getppid()}-abc.part"  # our parent runs: its import may be in progress
    dead = tmp / f"import-{_dead_pid()}-abc.part"
    live.write_bytes(b"x")
    dead.write_bytes(b"y")
    open_case(filled).close()
    assert live.exists() and not dead.exists()


def test_leftovers_of_killed_commands_are_cleaned_on_the_next_run(tmp_path: Path) -> None:
    pid = _dead_pid()
    staging = tmp_path / f".Next.casefile.{pid}.creating-x1"
    unpacking = tmp_path / f".Other.casefile.{pid}.unpacking-x2"
    for folder in (staging, unpacking):
        (folder / "evidence").mkdir(parents=True)
    live = tmp_path / f".Live.casefile.{os.getppid()}.unpacking-x3"
    live.mkdir()
    part = tmp_path / f".out.json.{pid}.abc.part"
    part.write_bytes(b"{")
    create_case(tmp_path / "Next", "Next").close()
    assert not staging.exists() and not unpacking.exists() and live.exists()
    write_text_atomic(tmp_path / "out.json", "{}")
    assert not part.exists()


# files for the user -------------------------------------------------------------------------------------


def test_a_failed_write_leaves_the_earlier_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"the good earlier file")

    def half(part: Path) -> None:
        part.write_bytes(b"%PDF-1.7\n half a page")  # what Qt leaves when the disk fills: no %%EOF

    with pytest.raises(OutputError, match="could not be written completely"):
        write_atomic(target, half, check_pdf(3))
    with pytest.raises(OutputError, match="Nothing was written"):
        write_atomic(target, lambda part: None)
    assert target.read_bytes() == b"the good earlier file"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]


def test_missing_folder_and_folder_targets_exit_1_alike(filled: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str], qapp: object) -> None:
    for command in ("export", "summary", "archive"):
        code, _out, err = _main(capsys, command, str(filled), "-o", str(tmp_path / "nowhere" / "x"))
        assert (code, err.count("\n")) == (1, 1) and "does not exist" in err
        code, _out, err = _main(capsys, command, str(filled), "-o", str(tmp_path))
        assert code == 1 and "is a folder" in err and ".part" not in err


# names --------------------------------------------------------------------------------------------------


def test_titles_and_names_in_any_encoding_are_stored_and_shown_safely(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    name = os.fsdecode(b"Caf\xe9 \x1b[31mred")
    title = os.fsdecode(b"T\xfe\x1b[2J\nforged")
    code, out, _err = _main(capsys, "new", str(tmp_path / name), "--title", title)
    assert code == 0
    assert "\x1b" not in out and "\\xe9" in out
    with open_case(tmp_path / (name + ".casefile")) as case:
        assert case.case.info().title == "T\\xfe\\x1b[2J\\nforged"
        eid = case.imports.import_paths([_named(tmp_path, "a\nb.txt")]).outcomes[0].evidence_id
        assert eid is not None
        os.chmod(case.ctx.store.path_for(case.evidence.get(eid).sha256), 0o600)
        case.ctx.store.path_for(case.evidence.get(eid).sha256).write_bytes(b"altered")
    code, out, _err = _main(capsys, "verify", str(tmp_path / (name + ".casefile")))
    assert code == 1
    assert out.splitlines()[0].startswith("Ex. 1 a\\nb.txt: altered")
    assert len(out.splitlines()) == 2


def _named(folder: Path, name: str) -> Path:
    p = folder / name
    p.write_text("On 3 June 2024 something happened.\n", encoding="utf-8")
    return p


def test_the_database_is_not_touched_by_verify_on_a_read_only_open(filled: Path) -> None:
    with open_case(filled, read_only=True) as case:
        assert case.evidence.verify() == []
    conn = sqlite3.connect(filled / "case.db")
    try:
        assert conn.execute("SELECT count(*) FROM verification").fetchone() == (0,)
    finally:
        conn.close()


def test_an_immutable_case_folder_is_read_not_written(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for leftover in filled.glob("case.db-*"):
        leftover.unlink()
    if subprocess.run(["chattr", "+i", str(filled)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not supported on this file system (read-only media: tests/test_full_disk.py)")
    try:
        code, out, _err = _main(capsys, "verify", str(filled))
        assert code == 0 and "2 exhibits checked, 0 missing or altered" in out
        code, _out, err = _main(capsys, "import", str(filled), str(filled / "case.db"))
        assert code == 1 and err.count("\n") == 1 and "cannot be written" in err
    finally:
        subprocess.run(["chattr", "-i", str(filled)], capture_output=True)


def test_recover_reads_past_a_damaged_page(filled: Path, tmp_path: Path) -> None:
    from casefile.db.models import Note

    with open_case(filled) as case, case.ctx.writes() as s, s.begin():
        s.add_all(Note(text=f"Note {i}: " + "words " * 150) for i in range(600))  # ~1 KB each: many pages
    db = filled / "case.db"
    conn = sqlite3.connect(db)
    try:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        try:  # the notes' leaf pages interleave with the search index's: pick one that holds notes
            leaves = [p for (p,) in conn.execute("SELECT pageno FROM dbstat WHERE name = 'note' "
                                                 "AND pagetype = 'leaf' ORDER BY pageno")]
        except sqlite3.OperationalError:  # SQLite built without dbstat: the notes are the last rows written
            count = conn.execute("PRAGMA page_count").fetchone()[0]
            leaves = list(range(count // 2, count))
    finally:
        conn.close()
    damaged = leaves[len(leaves) // 2]
    with open(db, "r+b") as fh:  # one leaf page of the notes overwritten, as a bad sector or a stray write does
        fh.seek((damaged - 1) * page)
        fh.write(b"\xaa" * page)
    with pytest.raises(DamagedCaseError), open_case(filled) as case:
        case.evidence.check_database()
    report = recover_case(filled, tmp_path / "Saved")
    assert report.lost_rows >= 1
    with open_case(tmp_path / "Saved") as saved:
        notes = saved.notes.list()
        assert 560 <= len(notes) < 600  # only the rows of the damaged page are gone
        assert len(saved.evidence.list()) == 2 and saved.evidence.verify() == []
