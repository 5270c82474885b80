"""Pass 1 stores and reads without holding the write lock while anything slow runs; pass 2 suggests, resumably."""

from __future__ import annotations

import json
import os
import sqlite3
import struct
from pathlib import Path

import pytest
from sqlalchemy import event, text

from casefile import cli
from casefile.context import Case, create_case, open_case
from casefile.domain.enums import ImportStatus
from casefile.extract.types import Extraction
from casefile.services import import_pipeline
from casefile.services.import_pipeline import PARALLEL_MIN_FILES
from tests.conftest import ARTICLE


def _articles(folder: Path, n: int, big_bytes: int = 0) -> Path:
    folder.mkdir(parents=True)
    for i in range(n):
        body = ARTICLE.replace("March 12, 2024", f"March {i % 27 + 1}, 2024").replace("$12 million", f"${i} million")
        (folder / f"article-{i:03d}.txt").write_text(body, encoding="utf-8")
    if big_bytes:
        _wav(folder / "article-005-clip.wav", big_bytes)  # sorts among the articles
    return folder


def _wav(path: Path, size: int) -> Path:
    """A valid WAV header and `size` bytes of silence, written sparsely (fast for any size)."""
    header = b"RIFF" + struct.pack("<I", 36 + size) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000,
                                                                               2, 16)
    with open(path, "wb") as fh:
        fh.write(header + b"data" + struct.pack("<I", size))
        fh.truncate(44 + size)
    return path


class LockProbe:
    """Tries to take SQLite's write lock from another connection, without waiting, at chosen moments."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.moments: list[str] = []
        self.blocked: list[str] = []

    def __call__(self, moment: str) -> None:
        con = sqlite3.connect(self.db, timeout=0, isolation_level=None)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.execute("ROLLBACK")
        except sqlite3.OperationalError:
            self.blocked.append(moment)
        finally:
            con.close()
        self.moments.append(moment)


def _probe_slow_steps(case: Case, monkeypatch: pytest.MonkeyPatch) -> LockProbe:
    probe = LockProbe(case.path / "case.db")
    store = case.ctx.store
    put_file, put_bytes = store.put_file, store.put_bytes
    read = case.imports.registry.read
    wait = import_pipeline.Pending.result

    def probed_put_file(src, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202
        probe(f"hash and copy {src.name}")
        return put_file(src, *a, **k)

    def probed_put_bytes(data, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202
        probe("store an attachment")
        return put_bytes(data, *a, **k)

    def probed_read(path, name, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202
        probe(f"read {name}")
        return read(path, name, *a, **k)

    def probed_wait(self):  # noqa: ANN001, ANN202
        if not self.done():
            probe("wait for a reader")
        return wait(self)

    monkeypatch.setattr(store, "put_file", probed_put_file)
    monkeypatch.setattr(store, "put_bytes", probed_put_bytes)
    monkeypatch.setattr(case.imports.registry, "read", probed_read)
    monkeypatch.setattr(import_pipeline.Pending, "result", probed_wait)
    return probe


@pytest.mark.parametrize("n", [6, PARALLEL_MIN_FILES + 4], ids=["in-process", "worker-processes"])
def test_no_write_lock_is_held_while_a_file_is_hashed_copied_or_read(tmp_path: Path, monkeypatch, n: int) -> None:  # noqa: ANN001
    src = _articles(tmp_path / "src", n, big_bytes=8 * 1024 * 1024)
    with create_case(tmp_path / "c", "T") as case:
        probe = _probe_slow_steps(case, monkeypatch)
        report = case.intake.import_paths([src])
        assert report.imported == n + 1
        assert len([m for m in probe.moments if m.startswith("hash and copy")]) == n + 1
        assert probe.blocked == [], f"another writer would have waited during: {probe.blocked[:5]}"


def test_a_writer_is_not_kept_waiting_while_a_big_clip_is_stored(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """A second connection writes while the big clip's bytes are being copied: it gets the lock at once."""
    src = _articles(tmp_path / "src", 4, big_bytes=40 * 1024 * 1024)
    with create_case(tmp_path / "c", "T") as case:
        writes: list[bool] = []
        other = sqlite3.connect(case.path / "case.db", timeout=0, isolation_level=None)

        def on_bytes(done: int, size: int) -> None:  # called while the clip is being copied into the store
            try:
                other.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                assert "locked" in str(exc)
                writes.append(False)
                return
            other.execute("INSERT INTO note (text, created_at, updated_at) "
                          "VALUES ('typed meanwhile', datetime('now'), datetime('now'))")
            other.execute("COMMIT")
            writes.append(True)

        put_file = case.ctx.store.put_file

        def put(src_path, progress=None, cancelled=None):  # noqa: ANN001, ANN202
            return put_file(src_path, on_bytes if src_path.suffix == ".wav" else progress, cancelled)

        monkeypatch.setattr(case.ctx.store, "put_file", put)
        report = case.intake.import_paths([src])
        other.close()
        assert report.imported == 5
        assert writes and all(writes), f"{writes.count(False)} of {len(writes)} writes found the case locked"
        assert case.notes.list()[0].text == "typed meanwhile"


def test_pass_one_stores_and_reads_and_the_suggestion_pass_follows(case: Case, tmp_path: Path) -> None:
    src = _articles(tmp_path / "src", 3)
    report = case.intake.import_paths([src])
    assert report.imported == 3 and all(o.suggestions is None for o in report.outcomes)
    assert case.events.count() == 0 and case.parties.list() == []  # pass 1 suggests nothing
    rec = case.evidence.get(report.outcomes[0].evidence_id)
    assert rec.title == "Okafor sues Halvorsen Media Group over leaked recording"  # the header was read
    assert case.suggestions.waiting() == 3
    result = case.suggestions.run()
    assert result.done == 3 and case.suggestions.waiting() == 0
    assert case.events.count() > 0 and case.parties.list()
    counted = report.with_suggestions(result.counts)
    with case.ctx.engine.connect() as conn:
        runs = dict(conn.execute(text("SELECT evidence_id, event_count + party_count FROM suggestion_run")).all())
    for o in counted.outcomes:
        assert o.suggestions == runs[o.evidence_id] > 0
        assert o.line().endswith(f", {o.suggestions} suggestions)")
    assert case.suggestions.run().done == 0  # nothing is read twice


def _snapshot(case: Case) -> dict:
    data = json.loads(case.export.to_json())
    for e in data["evidence"]:
        e.pop("id")
    return {k: data[k] for k in ("parties", "events", "evidence")}


def test_a_stopped_suggestion_pass_continues_where_it_stopped(tmp_path: Path) -> None:
    src = _articles(tmp_path / "src", 5)
    with create_case(tmp_path / "whole", "T") as whole:
        whole.imports.import_paths([src])
        expected = _snapshot(whole)
    with create_case(tmp_path / "resumed", "T") as case:
        case.intake.import_paths([src])
        seen: list[int] = []
        first = case.suggestions.run(progress=lambda p: seen.append(p.done), cancelled=lambda: len(seen) > 2)
        assert first.cancelled and 0 < first.done < 5
        assert case.suggestions.waiting() == 5 - first.done
        second = case.suggestions.run()
        assert second.done == 5 - first.done and case.suggestions.waiting() == 0
        assert _snapshot(case) == expected  # the same suggestions as one uninterrupted pass, none twice


def test_embedded_posts_are_suggested_with_their_parent(case: Case, tmp_path: Path) -> None:
    f = tmp_path / "post.txt"
    f.write_text("Halvorsen Media Group denied the claims on 13 March 2024.\n\n"
                 "Okafor never said that, and the recording is doctored. — Halvorsen Media (@HalvorsenMG) "
                 "March 13, 2024\n", encoding="utf-8")
    out = case.intake.import_paths([f]).outcomes[0]
    children = case.evidence.children(out.evidence_id)
    assert [c.kind.value for c in children] == ["social_post"]
    assert case.suggestions.waiting() == 1  # the post goes with its parent
    case.suggestions.run()
    with case.ctx.engine.connect() as conn:
        runs = {r[0] for r in conn.execute(text("SELECT evidence_id FROM suggestion_run"))}
    assert runs == {out.evidence_id, children[0].id}


def _limit_db_growth(case: Case, pages: int) -> None:
    """SQLite reports `database or disk is full` once the file would pass `pages` pages: a real full disk."""
    def limit(dbapi_con, _record) -> None:  # noqa: ANN001
        dbapi_con.execute(f"PRAGMA max_page_count = {pages}")

    case.ctx.engine.dispose()
    event.listen(case.ctx.engine, "connect", limit)
    _LIMITS.append(limit)


_LIMITS: list = []  # listeners a test may remove again


def test_a_full_disk_stops_the_import_reports_every_file_and_leaves_no_original_without_its_row(
        tmp_path: Path) -> None:
    src = _articles(tmp_path / "src", 40)
    with create_case(tmp_path / "c", "T") as case:
        with case.ctx.engine.connect() as conn:
            used = conn.execute(text("PRAGMA page_count")).scalar()
        _limit_db_growth(case, used + 25)  # room for a few articles only
        report = case.intake.import_paths([src])
        assert report.stopped == "the disk is full"
        assert [Path(o.path).name for o in report.outcomes] == sorted(p.name for p in src.iterdir())
        saved = [o for o in report.outcomes if o.status is ImportStatus.IMPORTED]
        lost = [o for o in report.outcomes if o.status is ImportStatus.FAILED]
        assert saved and lost and len(saved) + len(lost) == 40
        assert all("disk is full" in o.reason for o in lost)
        listed = sorted(e.filename for e in case.evidence.list() if e.parent_id is None)
        assert listed == sorted(Path(o.path).name for o in saved)
        on_disk = {p.name for p in (case.path / "evidence").glob("??/*")}
        assert on_disk == {e.sha256 for e in case.evidence.list() if e.sha256}, "an original without its row"


def test_cli_reports_a_full_disk_in_one_sentence_with_the_files_already_in(tmp_path: Path, monkeypatch,  # noqa: ANN001
                                                                           capsys) -> None:  # noqa: ANN001
    import casefile.context as context

    src = _articles(tmp_path / "src", 30)
    with create_case(tmp_path / "c", "T") as case:
        with case.ctx.engine.connect() as conn:
            used = conn.execute(text("PRAGMA page_count")).scalar()
        path = case.path
    real_open = context.open_case

    def open_small(p, **kw):  # noqa: ANN001, ANN003, ANN202
        opened = real_open(p, **kw)
        _limit_db_growth(opened, used + 25)
        return opened

    monkeypatch.setattr(context, "open_case", open_small)
    assert cli.main(["import", str(path), str(src)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 30 and "Traceback" not in err
    imported = [ln for ln in lines if ": imported" in ln]
    assert imported and all(": failed: " in ln for ln in lines if ln not in imported)
    assert "casefile: the import stopped: the disk is full;" in err
    with open_case(path, read_only=True) as case:
        assert case.evidence.count() == len(imported)


def test_cli_prints_each_file_once_even_with_a_newline_or_bytes_in_its_name(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    src = tmp_path / "src"
    src.mkdir()
    (src / "a\nb: imported.txt").write_text("On 3 March 2024 Okafor filed suit against Halvorsen Media.\n")
    with open(os.path.join(os.fsencode(src), b"caf\xe9 notes.txt"), "wb") as fh:
        fh.write(b"On 4 May 2023 Ruth Abernathy said the recording was doctored.\n")
    case_dir = tmp_path / "c"
    assert cli.main(["new", str(case_dir), "--title", "T"]) == 0
    capsys.readouterr()
    assert cli.main(["import", str(case_dir), str(src)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 2, out
    assert lines[0].startswith(f"{src}/a\\nb: imported.txt: imported (Ex. 1, article, ")
    assert lines[1].startswith(f"{src}/caf\\xe9 notes.txt: imported (Ex. 2, article, ")
    assert "2 imported, 0 duplicate, 0 failed" in err
    with open_case(case_dir, read_only=True) as case:
        assert [e.filename for e in case.evidence.list()] == ["a\nb: imported.txt", "caf\\xe9 notes.txt"]


def test_cli_quick_then_suggest(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    src = _articles(tmp_path / "src", 2)
    case_dir = tmp_path / "c"
    cli.main(["new", str(case_dir), "--title", "T"])
    capsys.readouterr()
    assert cli.main(["import", "--quick", str(case_dir), str(src)]) == 0
    out, err = capsys.readouterr()
    assert all(ln.endswith("(Ex. 1, article)") or ln.endswith("(Ex. 2, article)") for ln in out.splitlines())
    assert "casefile suggest" in err
    assert cli.main(["suggest", str(case_dir)]) == 0
    out, err = capsys.readouterr()
    assert [ln.split(":")[0] for ln in out.splitlines()] == ["Ex. 1 article-000.txt", "Ex. 2 article-001.txt"]
    assert all(int(ln.rsplit(": ", 1)[1].split()[0]) > 0 for ln in out.splitlines())
    assert cli.main(["suggest", str(case_dir)]) == 0
    assert capsys.readouterr().out == ""  # nothing was waiting
    assert cli.main(["suggest", str(tmp_path / "nowhere")]) == 2


def test_a_killed_suggestion_pass_is_continued_by_the_next_run(tmp_path: Path) -> None:
    """SIGKILL `casefile suggest` mid-way: each exhibit is suggested whole or not at all; the rerun finishes."""
    import signal
    import subprocess
    import sys
    import time

    src = _articles(tmp_path / "src", 60)
    with create_case(tmp_path / "whole", "T") as whole:
        whole.imports.import_paths([src])
        expected = _snapshot(whole)
    with create_case(tmp_path / "killed", "T") as case:
        case.intake.import_paths([src])
        path = case.path
    proc = subprocess.Popen([sys.executable, "-m", "casefile", "suggest", str(path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    db = sqlite3.connect(path / "case.db")
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and proc.poll() is None and done < 5:
        done = db.execute("SELECT count(*) FROM suggestion_run").fetchone()[0]
        time.sleep(0.02)
    db.close()
    assert proc.poll() is None, "the pass finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with open_case(path) as case:
        left = case.suggestions.waiting()
        assert 0 < left < 60
        with case.ctx.engine.connect() as conn:
            runs = conn.execute(text(
                "SELECT r.event_count, (SELECT count(*) FROM event_source s WHERE s.evidence_id = r.evidence_id) "
                "FROM suggestion_run r")).all()
            stray = conn.execute(text("SELECT count(*) FROM event_source WHERE evidence_id NOT IN "
                                      "(SELECT evidence_id FROM suggestion_run)")).scalar()
        assert all(a == b for a, b in runs) and stray == 0
        assert case.suggestions.run().done == left
        assert _snapshot(case) == expected


def test_credit_line_authors_fill_an_empty_author_only(case: Case, tmp_path: Path) -> None:
    def stub(text_: str, **_kw) -> Extraction:  # noqa: ANN003
        found = Extraction()
        found.authors = ["Jane Roe", "Sam Poe"]  # credit lines ("Reporting by ...") found by the extraction
        return found

    case.imports.extractor = stub
    plain = tmp_path / "plain.txt"
    plain.write_text("Okafor filed suit on 12 March 2024.\n(Reporting by Jane Roe and Sam Poe)\n")
    bylined = tmp_path / "bylined.eml"
    bylined.write_bytes(b"From: Ruth Abernathy <ruth@example.org>\r\nSubject: Filing\r\n"
                        b"Date: Tue, 12 Mar 2024 10:00:00 +0000\r\n\r\nThe complaint was filed today.\r\n")
    report = case.intake.import_paths([plain, bylined])
    before = {o.path: case.evidence.get(o.evidence_id).author for o in report.outcomes}
    assert before[str(plain)] == "" and before[str(bylined)]
    case.suggestions.run()
    after = {o.path: case.evidence.get(o.evidence_id).author for o in report.outcomes}
    assert after[str(plain)] == "Jane Roe, Sam Poe"
    assert after[str(bylined)] == before[str(bylined)]


def test_a_store_that_runs_out_of_space_stops_the_import_after_what_is_stored(case: Case, tmp_path: Path,
                                                                            monkeypatch) -> None:  # noqa: ANN001
    from casefile.domain.errors import ImportFailedError

    src = _articles(tmp_path / "src", 8)
    put_file = case.ctx.store.put_file
    calls: list[str] = []

    def filling(path, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202
        calls.append(path.name)
        if len(calls) > 3:
            raise ImportFailedError("the disk is full")
        return put_file(path, *a, **k)

    monkeypatch.setattr(case.ctx.store, "put_file", filling)
    report = case.imports.import_paths([src])
    assert report.stopped == "the disk is full" and len(calls) == 4  # no further file was tried
    assert [o.status for o in report.outcomes] == [ImportStatus.IMPORTED] * 3 + [ImportStatus.FAILED] * 5
    assert report.outcomes[3].reason == "the disk is full"
    assert all(o.reason == "not imported (the import stopped: the disk is full)" for o in report.outcomes[4:])
    assert case.evidence.count() == 3


def test_a_full_disk_stops_the_suggestion_pass_in_one_sentence_and_it_continues_later(case: Case,
                                                                                     tmp_path: Path) -> None:
    from casefile.domain.errors import ImportFailedError

    src = _articles(tmp_path / "src", 6)
    case.intake.import_paths([src])
    with case.ctx.engine.connect() as conn:
        used = conn.execute(text("PRAGMA page_count")).scalar()
    _limit_db_growth(case, used + 3)
    with pytest.raises(ImportFailedError, match=r"^The suggestion pass stopped after \d of 6 exhibits: the disk is full"):
        case.suggestions.run()
    left = case.suggestions.waiting()
    assert left > 0
    case.ctx.engine.dispose()
    event.remove(case.ctx.engine, "connect", _LIMITS.pop())
    assert case.suggestions.run().done == left and case.suggestions.waiting() == 0
