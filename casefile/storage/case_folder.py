"""A case folder's layout on disk: its suffix and the hidden staging folders `new`, `unarchive`, `recover` build."""

from __future__ import annotations

import shutil
from pathlib import Path

from casefile.storage.atomic import pid_alive

SUFFIX = ".casefile"
CREATING = ".creating-"
STAGING_MARKERS = (CREATING, ".unpacking-", ".recovering-")  # `<name>.<pid><marker>…`


def clean_stale_folders(parent: Path) -> int:
    """Remove hidden staging folders (`new`, `unarchive`, `recover`) of processes that no longer run."""
    count = 0
    try:
        entries = [e for e in parent.iterdir() if e.name.startswith(".") and e.is_dir() and not e.is_symlink()]
    except OSError:
        return 0
    for entry in entries:
        for marker in STAGING_MARKERS:
            head, sep, _rest = entry.name.partition(marker)
            if not sep:
                continue
            digits = head.rsplit(".", 1)[-1]
            if digits.isdigit() and not pid_alive(int(digits)):
                shutil.rmtree(entry, ignore_errors=True)
                count += 1
            break
    return count


__all__ = ["CREATING", "STAGING_MARKERS", "SUFFIX", "clean_stale_folders"]
