"""Big imports read ahead in worker processes and commit in short batches, with the same result as one by one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import event

from casefile.context import Case, create_case
from casefile.db.models import Evidence
from casefile.domain.enums import ImportStatus
from casefile.extract.pipeline import extract
from casefile.importers.base import Limits
from casefile.importers.registry import default_registry
from casefile.services.import_pipeline import PARALLEL_MIN_FILES, CommitBatch, Reader
from tests.articles import ARTICLE
from tests.reader_helpers import crash_on_boom


def _articles(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        body = ARTICLE.replace("March 12, 2024", f"March {i % 27 + 1}, 2024").replace("$12 million", f"${i} million")
        (folder / f"article-{i:03d}.txt").write_text(body, encoding="utf-8")
    (folder / "article-dup.txt").write_text(ARTICLE.replace("March 12, 2024", "March 1, 2024")
                                             .replace("$12 million", "$0 million"), encoding="utf-8")
    return folder


def _snapshot(case: Case) -> dict:
    data = json.loads(case.export.to_json())
    for e in data["evidence"]:
        e.pop("id")
    return {k: data[k] for k in ("parties", "events", "evidence")}


def test_parallel_batched_import_equals_one_by_one(tmp_path: Path) -> None:
    src = _articles(tmp_path / "src", PARALLEL_MIN_FILES + 6)
    with create_case(tmp_path / "batched", "T") as batched:
        report = batched.imports.import_paths([src])
        assert report.imported == PARALLEL_MIN_FILES + 6 and report.duplicates == 1
        assert [Path(o.path).name for o in report.outcomes] == sorted(p.name for p in src.iterdir())
        big = _snapshot(batched)
    with create_case(tmp_path / "single", "T") as single:
        for path in sorted(src.iterdir()):
            single.imports.import_file(path)
        assert _snapshot(single) == big


def test_a_file_that_crashes_its_reader_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    src = _articles(tmp_path / "src", 6)
    (src / "boom.txt").write_text("This file kills the reader process.", encoding="utf-8")
    with create_case(tmp_path / "c", "T") as case:
        reader = Reader(default_registry(), extract, Limits(), parallel=True, worker=crash_on_boom)
        outcomes = {}
        batch = CommitBatch(case.ctx.writes)
        try:
            for path in sorted(src.iterdir()):
                blob = case.ctx.store.put_file(path)
                ready = reader.submit(blob.path, path.name, blob.size)
                outcomes[path.name] = case.intake.ingest(batch, blob, path.name, str(path), path.name, ready)
        finally:
            batch.commit()
            reader.close()
        assert outcomes["boom.txt"].status is ImportStatus.FAILED
        assert "crashed the reader" in outcomes["boom.txt"].reason
        assert sum(o.status is ImportStatus.IMPORTED for o in outcomes.values()) == 6
        assert outcomes["article-dup.txt"].status is ImportStatus.DUPLICATE
        assert case.evidence.count() == 7  # six articles, and the crashing file still kept, as 'other'


def test_a_failing_file_rolls_back_alone_inside_its_batch(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    src = _articles(tmp_path / "src", 4)
    with create_case(tmp_path / "c", "T") as case:
        calls = {"n": 0}

        def flaky(_mapper, _connection, row: Evidence) -> None:  # noqa: ANN001 - a bug while writing one file
            calls["n"] += 1
            if row.filename == "article-002.txt":
                raise RuntimeError("a bug while writing this file")

        event.listen(Evidence, "before_insert", flaky)
        request.addfinalizer(lambda: event.remove(Evidence, "before_insert", flaky))
        batch = CommitBatch(case.ctx.writes, window_s=60)  # one transaction for all of them
        reader = Reader(case.intake.registry, case.intake.reading, Limits(), parallel=False)
        imported, failed = [], []
        for path in sorted(src.iterdir()):
            blob = case.ctx.store.put_file(path)
            try:
                out = case.intake.ingest(batch, blob, path.name, str(path), path.name,
                                           reader.submit(blob.path, path.name, blob.size))
                if out.status is ImportStatus.IMPORTED:
                    imported.append(path.name)
            except RuntimeError:
                failed.append((path.name, blob.sha256))
        batch.commit()
        assert [name for name, _ in failed] == ["article-002.txt"]
        assert imported == ["article-000.txt", "article-001.txt", "article-003.txt"]
        # the neighbours in the same transaction were kept; the failed file left no row and no stored original
        assert sorted(e.filename for e in case.evidence.list() if e.parent_id is None) == imported
        assert not case.ctx.store.has(failed[0][1])
        assert calls["n"] == 4


def _children(pid: int) -> set[int]:
    kids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.add(int(stat.parent.name))
    return kids


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_reader_processes_do_not_outlive_a_killed_import(tmp_path: Path) -> None:
    src = _articles(tmp_path / "src", 200)
    with create_case(tmp_path / "k", "T"):
        pass
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-m", "casefile", "import", str(tmp_path / "k"), str(src)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        workers = {k for k in _children(proc.pid)
                   if "spawn_main" in Path(f"/proc/{k}/cmdline").read_text(errors="replace")}
        if len(workers) >= 1:
            break
        time.sleep(0.05)
    assert workers, "the import finished before its reader processes could be seen"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()
             and Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
    assert alive == []
