"""Kill a real `casefile import` process at random moments; after every kill the case must be whole.

Whole means: it opens, `casefile verify` passes, SQLite's integrity check is ok, every exhibit has its original
in the store with the right hash, each import left its audit entry, leftover temporary files are cleaned on
the next open, and re-running the import completes with each file present exactly once.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from casefile import cli
from casefile.context import create_case, open_case
from casefile.storage.store import TMP_DIR, hash_file

N_SMALL = 200
N_LARGE = 4
LARGE_BYTES = 6 * 1024 * 1024
KILLS = 18
TIME_BUDGET_S = 55
SEED = int(os.environ.get("CASEFILE_CRASH_SEED", "0")) or random.randrange(1, 10**6)
WORDS = ["Okafor", "met", "Halvorsen", "on", "March", "court", "filed", "the", "claim", "said", "denied", "recording", "statement"]


def _make_sources(folder: Path, rng: random.Random) -> dict[str, str]:
    """~200 small text files and a few larger binary ones (so kills land mid-copy); {sha256: file name}."""
    folder.mkdir()
    by_sha: dict[str, str] = {}
    for i in range(N_SMALL):
        body = f"date 2024-03-{i % 28 + 1:02d} Item {i}. " + " ".join(rng.choice(WORDS) for _ in range(120))
        data = body.encode("utf-8")
        name = f"note-{i:03d}.txt"
        (folder / name).write_bytes(data)
        by_sha[hashlib.sha256(data).hexdigest()] = name
    for j in range(N_LARGE):
        data = rng.randbytes(LARGE_BYTES)
        name = f"note-{(j + 1) * 40:03d}-scan.bin"  # sorts among the small ones
        (folder / name).write_bytes(data)
        by_sha[hashlib.sha256(data).hexdigest()] = name
    return by_sha


def _new_case(path: Path) -> Path:
    with create_case(path, "Crash test") as created:
        return created.path


def _import_cmd(case_dir: Path, src: Path) -> list[str]:
    return [sys.executable, "-m", "casefile", "import", str(case_dir), str(src), "--quiet"]


def _check_whole(case_dir: Path, sources: dict[str, str]) -> tuple[int, int]:
    """Assert every guarantee; returns (exhibits, temporary files the open cleaned)."""
    leftovers = len(list((case_dir / "evidence" / TMP_DIR).glob("*")))
    with open_case(case_dir) as case:
        assert not list((case_dir / "evidence" / TMP_DIR).glob("*")), "open did not clean temporary files"
        with case.ctx.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
            imports = conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'import'")).scalar()
            # a killed suggestion pass leaves each exhibit either fully suggested (with its run row) or untouched
            runs = conn.execute(text(
                "SELECT r.evidence_id, r.event_count, (SELECT count(*) FROM event_source s JOIN event e "
                "ON e.id = s.event_id WHERE s.evidence_id = r.evidence_id AND e.origin = 'extracted') "
                "FROM suggestion_run r")).all()
            assert all(expected == found for _id, expected, found in runs), "suggestions without their run row"
            unrun = conn.execute(text(
                "SELECT count(*) FROM event_source s JOIN event e ON e.id = s.event_id WHERE e.origin = "
                "'extracted' AND s.evidence_id NOT IN (SELECT evidence_id FROM suggestion_run)")).scalar()
            assert unrun == 0, "suggestions written for an exhibit the pass has not finished"
        records = [r for r in case.evidence.list() if r.parent_id is None]
        names = [r.filename for r in records]
        assert len(names) == len(set(names)), "a file was imported twice"
        assert imports == len(records), "an exhibit without its import audit entry (or the reverse)"
        for r in records:
            assert r.sha256 in sources and sources[r.sha256] == r.filename
            stored = case.ctx.store.path_for(r.sha256)
            assert stored.is_file() and hash_file(stored) == r.sha256 and stored.stat().st_size == r.size
            assert not stored.stat().st_mode & 0o222, "a stored original is writable"
    assert cli.main(["verify", str(case_dir)]) == 0
    return len(records), leftovers


@pytest.mark.slow
def test_import_survives_random_kills(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(SEED)
    sources = _make_sources(tmp_path / "src", rng)
    case_dir = _new_case(tmp_path / "Crash")
    started = time.monotonic()
    kills, cleaned, seen, previous = 0, 0, 0, 0
    counts: list[int] = []
    while kills < KILLS and time.monotonic() - started < TIME_BUDGET_S:
        proc = subprocess.Popen(_import_cmd(case_dir, tmp_path / "src"), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        # interpreter start-up takes ~0.6 s: some kills land while opening the case, most during the import
        time.sleep(rng.uniform(0.3, 2.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        n, leftovers = _check_whole(case_dir, sources)
        cleaned += leftovers
        seen += leftovers > 0
        assert n >= previous, "committed exhibits disappeared"
        counts.append(n)
        previous = n
        if n == len(sources):  # everything is in: start over on a fresh case to keep killing imports
            case_dir = _new_case(tmp_path / f"Crash-run{len(counts)}")  # unique even if the last run finished unkilled
            previous = 0
    with capsys.disabled():
        print(f"\n[crash] seed={SEED} kills={kills} exhibits after each run={counts} "
              f"temporary files cleaned={cleaned} (after {seen} kills)")
    assert kills >= 12, f"only {kills} kills landed within the time budget"
    done = subprocess.run(_import_cmd(case_dir, tmp_path / "src"), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    n, _ = _check_whole(case_dir, sources)
    assert n == len(sources)
    with open_case(case_dir, read_only=True) as case:
        assert case.suggestions.waiting() == 0, "the last import did not finish the suggestions killed runs left"
        stored = {p.name for p in (case_dir / "evidence").glob("??/*")}
        assert stored == {r.sha256 for r in case.evidence.list() if r.sha256}, "orphan originals in the store"
