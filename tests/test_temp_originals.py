"""Copies of originals handed to other programs live in a private folder, removed at exit and on the next start."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from casefile.gui.evidence.tab import EvidenceTab
from casefile.services import viewer_copies as common


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:  # noqa: ANN001
    monkeypatch.setenv("CASEFILE_TEMP_DIR", str(tmp_path))
    monkeypatch.setattr(common, "_TEMP_ROOT", None)
    yield tmp_path
    common.remove_originals_temp_dir()


def test_open_original_hands_over_a_read_only_copy_in_a_private_folder(qtbot, gctx, article_file, private_tmp,
                                                                        monkeypatch) -> None:  # noqa: ANN001
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    gctx.case.imports.import_paths([article_file])
    rec = gctx.case.evidence.list()[0]
    tab = EvidenceTab(gctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 760)
    tab.show()
    tab.show_item(rec.id)
    button = tab.preview.details.open_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    copy = Path(opened[0])
    assert copy.read_bytes() == article_file.read_bytes()
    assert copy.name == article_file.name
    assert stat.S_IMODE(copy.stat().st_mode) & 0o222 == 0  # read-only for everyone
    user_root = private_tmp / f"casefile-{os.getuid()}"
    assert copy.is_relative_to(user_root)
    assert stat.S_IMODE(user_root.stat().st_mode) == 0o700  # nobody else can list or read the copies
    common.remove_originals_temp_dir()
    assert not copy.exists() and list(user_root.iterdir()) == []


def test_copies_left_by_a_dead_process_are_removed_on_the_next_start(private_tmp) -> None:  # noqa: ANN001
    root = common._private_root()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = root / f"originals-{dead.stdout.strip()}-abc123" / "ex1-0123456789ab"
    stale.mkdir(parents=True)
    (stale / "complaint.pdf").write_bytes(b"%PDF-1.7 confidential")
    (stale / "complaint.pdf").chmod(0o444)
    live = common.originals_temp_dir()  # this process's own folder stays
    (live / "note.txt").write_text("in use", encoding="utf-8")
    assert common.clean_stale_originals() == 1
    assert not stale.parent.exists()
    assert (live / "note.txt").is_file()


def test_copies_are_removed_when_the_app_exits(private_tmp) -> None:  # noqa: ANN001
    script = textwrap.dedent("""
        from pathlib import Path
        from casefile.services import viewer_copies as common
        src = Path(__import__("sys").argv[1])
        folder = common.originals_temp_dir()
        (folder / "copy.txt").write_text(src.read_text())
        (folder / "copy.txt").chmod(0o444)
        print(folder)
    """)
    src = private_tmp / "source.txt"
    src.write_text("the recording transcript", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", script, str(src)], capture_output=True, text=True, timeout=60,
                         env=os.environ.copy())
    folder = Path(out.stdout.strip())
    assert out.returncode == 0, out.stderr
    assert folder.is_relative_to(private_tmp) and not folder.exists()
