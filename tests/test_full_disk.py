"""A disk filled to the brim under summary, export, import and verify: one sentence, exit 1, no good file lost.

The real test mounts a small tmpfs (root only); where mounting is not permitted the same paths are driven by
injecting the error a full disk raises.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from casefile import cli
from casefile.context import create_case, open_case
from casefile.storage import atomic
from tests.conftest import ARTICLE


def _mount(where: Path, size: str) -> bool:
    where.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                              capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "disk"
    if not _mount(where, "6m"):
        pytest.skip("mounting a tmpfs is not permitted here (the fault-injection tests below still run)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=30)


def _fill(folder: Path, leave: int = 0) -> None:
    """Fill the disk holding `folder`, leaving `leave` bytes free."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize - leave
    with open(folder / "filler", "wb") as fh:
        try:
            fh.write(b"\0" * max(free, 0))
        except OSError:
            pass


def _case_on(folder: Path) -> Path:
    src = folder / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    with create_case(folder / "Full", "Full disk") as case:
        assert case.imports.import_paths([src]).failed == 0
        path = case.path
    src.unlink()
    return path


def _main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_and_export_onto_a_full_disk_keep_the_earlier_files(disk: Path, capsys: pytest.CaptureFixture[str],
                                                                     qapp: object) -> None:
    case = _case_on(disk)
    pdf, js = disk / "summary.pdf", disk / "case.json"
    assert _main(capsys, "summary", str(case), "-o", str(pdf))[0] == 0
    assert _main(capsys, "export", str(case), "--format", "json", "-o", str(js))[0] == 0
    good_pdf, good_js = pdf.read_bytes(), js.read_bytes()
    _fill(disk, leave=len(good_pdf) // 4)  # room for the case to open, not for a new summary
    code, out, err = _main(capsys, "summary", str(case), "-o", str(pdf))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "full" in err
    assert pdf.read_bytes() == good_pdf
    (disk / "filler").unlink()
    _fill(disk, leave=200)
    code, _out, err = _main(capsys, "export", str(case), "--include-dismissed", "-o", str(js))
    assert code == 1 and err.count("\n") == 1 and "full" in err
    assert js.read_bytes() == good_js
    assert not [p for p in disk.iterdir() if p.name.endswith(".part")]


def test_import_and_verify_on_a_full_disk_say_so(disk: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    case = _case_on(disk)
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(3 * 1024 * 1024))
    _fill(disk, leave=1024 * 1024)
    code, _out, err = _main(capsys, "import", str(case), str(big))
    assert code == 1 and "Traceback" not in err
    code, out, err = _main(capsys, "verify", str(case))
    assert "Traceback" not in err
    if code == 0:  # it could open: the check ran, and says its results could not be kept if so
        assert "1 exhibits checked, 0 missing or altered" in out
    else:
        assert code == 1 and err.count("\n") == 1 and "full" in err
    (disk / "filler").unlink()
    with open_case(case) as opened:
        assert opened.evidence.verify() == []
        assert opened.evidence.orphans() == []  # the failed import left no original behind


def test_read_only_media_can_be_verified_searched_and_exported(disk: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    case = _case_on(disk)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True, capture_output=True)
    code, out, _err = _main(capsys, "verify", str(case))
    assert code == 0 and "1 exhibits checked, 0 missing or altered" in out
    assert _main(capsys, "search", str(case), "Okafor")[0] == 0
    assert _main(capsys, "export", str(case), "-o", str(tmp_path / "out.json"))[0] == 0
    code, _out, err = _main(capsys, "import", str(case), str(tmp_path / "out.json"))
    assert code == 1 and "read-only" in err and err.count("\n") == 1


# the same failures injected, where no tmpfs can be mounted ------------------------------------------------


def test_a_full_disk_at_sync_time_keeps_the_earlier_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    case = _case_on(tmp_path)
    out = tmp_path / "case.json"
    out.write_text("the earlier export", encoding="utf-8")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    code, _out, err = _main(capsys, "export", str(case), "-o", str(out))
    assert code == 1 and err.count("\n") == 1 and "The disk is full" in err
    assert out.read_text(encoding="utf-8") == "the earlier export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".case.json")] == []


def test_a_silently_failed_pdf_never_replaces_the_earlier_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str], qapp: object) -> None:
    """Qt's PDF writer reports nothing when the disk fills; the check of the written file catches it."""
    from casefile.reports import render

    case = _case_on(tmp_path)
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(b"%PDF-1.4 the earlier summary %%EOF")
    real = render.paint_summary

    def cut_short(data, writer, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        pages = real(data, writer, *args, **kwargs)  # the painter has ended: the file is complete on disk
        (part,) = tmp_path.glob(".summary.pdf.*.part")
        os.truncate(part, part.stat().st_size // 2)  # what a disk that filled meanwhile leaves
        return pages

    monkeypatch.setattr(render, "paint_summary", cut_short)
    code, _out, err = _main(capsys, "summary", str(case), "-o", str(pdf))
    assert code == 1 and err.count("\n") == 1 and "could not be written completely" in err
    assert pdf.read_bytes() == b"%PDF-1.4 the earlier summary %%EOF"
