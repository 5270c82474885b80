"""Two windows or processes on one case: the second writer is refused clearly and may read; nothing corrupts."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from casefile.context import Case, create_case, open_case
from casefile.db import engine as engine_mod
from casefile.domain.errors import CaseFileError, CaseLockedError, ReadOnlyCaseError
from casefile.domain.records import PartyDraft

WORKER = Path(__file__).with_name("crash_worker.py")


def _start(mode: str, case_dir: Path, *extra: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, str(WORKER), mode, str(case_dir), *extra], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line == "ready", line + (proc.stderr.read() if proc.stderr else "")
    return proc


def _new_case(path: Path, title: str = "") -> Path:
    with create_case(path, title or path.name) as created:
        return created.path


def _integrity(case: Case) -> str:
    with case.ctx.engine.connect() as conn:
        return str(conn.execute(text("PRAGMA integrity_check")).scalar())


def test_second_writer_in_same_process_is_refused(case: Case) -> None:
    with pytest.raises(CaseLockedError, match="read-only"):
        open_case(case.path)
    case.close()
    open_case(case.path).close()  # the lock went with the first close


def test_second_process_is_refused_while_the_first_writes_and_can_read(tmp_path: Path) -> None:
    case_dir = _new_case(tmp_path / "Shared")
    writer = _start("write", case_dir)
    try:
        with pytest.raises(CaseLockedError) as refused:
            open_case(case_dir)
        assert "open in another window or program" in str(refused.value)
        assert "read-only" in str(refused.value)
        with open_case(case_dir, read_only=True) as reader:
            seen = [reader.events.count()]
            deadline = time.monotonic() + 30
            while seen[-1] <= seen[0] and time.monotonic() < deadline:  # the reader sees the writer's commits land
                time.sleep(0.02)  # polling interval of the condition
                seen.append(reader.events.count())
            assert seen[-1] > seen[0] >= 0
            with pytest.raises(ReadOnlyCaseError):
                reader.parties.create(PartyDraft(name="Ingrid Sæther"))
            assert _integrity(reader) == "ok"
        assert writer.poll() is None, "the writer was disturbed by the reader"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    with open_case(case_dir) as after:  # a killed writer leaves a case the next writer opens
        assert _integrity(after) == "ok"
        assert after.events.count() > 0


def test_read_only_sees_only_committed_events(tmp_path: Path) -> None:
    case_dir = _new_case(tmp_path / "Snap")
    writer = _start("write", case_dir, "40")
    assert writer.stdout is not None
    committed = [line for line in writer.stdout if line.startswith("event")]
    writer.wait()
    with open_case(case_dir, read_only=True) as reader:
        assert reader.events.count() == len(committed) == 40


def test_read_only_opens_a_closed_case_and_leaves_it_unchanged(tmp_path: Path) -> None:
    case_dir = _new_case(tmp_path / "Closed")
    for suffix in ("-wal", "-shm"):  # as after a clean shutdown
        (case_dir / f"case.db{suffix}").unlink(missing_ok=True)
    before = (case_dir / "case.db").read_bytes()
    with open_case(case_dir, read_only=True) as reader:
        assert reader.case.info().title == "Closed"
        with pytest.raises(ReadOnlyCaseError):
            reader.case.update("Changed", "")
    assert (case_dir / "case.db").read_bytes() == before


def test_read_only_in_a_folder_that_cannot_be_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No -shm and no way to create one (read-only share): the case is read as immutable instead of failing."""
    case_dir = _new_case(tmp_path / "Share", "On a share")
    for suffix in ("-wal", "-shm"):
        (case_dir / f"case.db{suffix}").unlink(missing_ok=True)
    monkeypatch.setattr(engine_mod, "_writable", lambda folder: False)
    assert engine_mod._read_only_mode(case_dir / "case.db") == "immutable=1"
    with open_case(case_dir, read_only=True) as reader:
        assert reader.case.info().title == "On a share"
    (case_dir / "case.db-wal").write_bytes(b"x" * 100)  # changes only a writer could merge
    with pytest.raises(CaseFileError, match="not yet merged"):
        open_case(case_dir, read_only=True)


def test_odd_folder_names_open_the_right_database(tmp_path: Path) -> None:
    """The path is never parsed as a URL: '?' and '#' in a folder name are just characters."""
    for name in ("Who leaked?", "Exhibit #3", "50%20off", "محضر ⚖"):
        created = create_case(tmp_path / name, name)
        path = created.path
        created.close()
        assert {p.name for p in tmp_path.iterdir()} >= {path.name}
        for read_only in (False, True):
            with open_case(path, read_only=read_only) as c:
                assert c.case.info().title == name
    assert all(p.name.endswith(".casefile") for p in tmp_path.iterdir())
