"""A server killed (kill -9) in the middle of a CLI import loses none of the files the CLI reported as saved.

Runs on a throwaway cluster of its own (tools/pg_cluster.sh), so the shared test server is never killed. The
cluster commits synchronously, as a real server does: with `synchronous_commit=off` this lost 2 of 260 files
the CLI had reported as imported.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from casefile.context import create_case, open_case
from tests.backends import server_url

SCRIPT = Path(__file__).resolve().parents[1] / "tools" / "pg_cluster.sh"
N_FILES = 300


@pytest.fixture
def own_cluster() -> Iterator[tuple[Path, str]]:
    """(its folder, its URL): a cluster only this test uses, deleted afterwards."""
    server_url()  # PostgreSQL tests run where the test server is configured (skips, or fails under CI)
    folder = Path(tempfile.mkdtemp(prefix="casefile-killtest-"))  # under /tmp: the cluster's owner must reach it
    try:
        url = subprocess.run(["bash", str(SCRIPT), "start", str(folder)], capture_output=True, text=True,
                             check=True, timeout=120).stdout.strip()
        yield folder, url
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(folder)], capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def _count(url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM evidence").fetchone()[0])  # type: ignore[index]
    except psycopg.Error:
        return -1


@pytest.mark.slow
def test_a_killed_server_keeps_every_file_the_cli_reported(own_cluster: tuple[Path, str], tmp_path: Path) -> None:
    import psycopg

    folder, url = own_cluster
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE DATABASE killed")
    database = url.rsplit("/", 1)[0] + "/killed"
    with psycopg.connect(database, autocommit=True) as conn:
        assert conn.execute("SHOW synchronous_commit").fetchone() == ("on",)
    create_case(tmp_path / "Killed", "Okafor v. Halvorsen Media Group", database=database).close()
    files = tmp_path / "files"
    files.mkdir()
    for i in range(N_FILES):
        (files / f"memo-{i:03d}.txt").write_text(
            f"date 2024-{1 + i % 12:02d}-{1 + i % 28:02d} Memo {i} on the Halvorsen contract\n\n"
            f"Memo number {i}: Peter Okafor asked for the recording of meeting {i * 7}.\n", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-m", "casefile", "import", str(tmp_path / "Killed.casefile"),
                             str(files), "--quick"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        deadline = time.monotonic() + 60
        while _count(database) < 30:  # some files are in: kill the server in the middle of the run
            assert proc.poll() is None and time.monotonic() < deadline, "the import ended before the kill"
            time.sleep(0.01)
        postmaster = int((folder / "data" / "postmaster.pid").read_text().split()[0])
        os.kill(postmaster, signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    reported = re.findall(r"^.*/(memo-\d{3}\.txt): imported \(Ex\. \d+", out, re.MULTILINE)
    assert proc.returncode != 0 and "the import stopped" in err
    assert 0 < len(reported) < N_FILES
    subprocess.run(["bash", str(SCRIPT), "restart", str(folder)], capture_output=True, check=True, timeout=120)
    with open_case(tmp_path / "Killed.casefile") as case:
        stored = {r.filename for r in case.evidence.list()}
        assert set(reported) <= stored, f"reported as imported but lost: {sorted(set(reported) - stored)[:5]}"
        assert case.evidence.verify() == []  # and each one's original is whole
