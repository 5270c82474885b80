"""Copies of originals handed to other programs (a viewer, a media player): read-only, in a private temporary
folder of this process, removed at exit and, when a run ended without cleaning up, on the next start."""

from __future__ import annotations

import atexit
import logging
import mimetypes
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

from casefile.domain.records import EvidenceRecord
from casefile.storage.atomic import pid_alive

_TEMP_ROOT: Path | None = None
_ORIGINALS_PREFIX = "originals-"


def extension_for(rec: EvidenceRecord) -> str:
    ext = Path(rec.filename).suffix
    if ext and len(ext) <= 6:
        return ext.lower()
    return mimetypes.guess_extension(rec.media_type or "") or ""


def readonly_copy(original: Path, rec: EvidenceRecord, *, link: bool = False) -> Path:
    """A copy (or symlink) of the stored original named with its extension in a private temp folder.

    Other programs get this copy, never the store's own file, so nothing can edit the original.
    """
    root = originals_temp_dir()
    stem = Path(rec.filename).stem or f"exhibit-{rec.exhibit}"
    safe = "".join(c if c.isalnum() or c in " ._-" else "_" for c in stem)[:80].strip() or "exhibit"
    folder = root / f"ex{rec.exhibit}-{(rec.sha256 or '')[:12]}"
    folder.mkdir(exist_ok=True)
    dest = folder / f"{safe}{extension_for(rec)}"
    if dest.exists() or dest.is_symlink():
        return dest
    if link:
        try:
            os.symlink(original, dest)
            return dest
        except OSError:
            pass
    shutil.copyfile(original, dest)
    dest.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return dest


# temporary copies of originals: a private folder, removed at exit and on the next start -----------------
log = logging.getLogger(__name__)


def _private_root() -> Path:
    """`$TMPDIR/casefile-<user>`: only the user can list or read it (copies of originals are confidential)."""
    user = str(os.getuid()) if hasattr(os, "getuid") else (os.environ.get("USERNAME") or "user")
    root = Path(os.environ.get("CASEFILE_TEMP_DIR") or tempfile.gettempdir()) / f"casefile-{user}"
    try:
        root.mkdir(mode=0o700, exist_ok=True)
        info = root.lstat()
        if stat.S_ISLNK(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            raise PermissionError(f"{root} is not ours")
        root.chmod(0o700)
        return root
    except OSError:  # someone else made the folder: a fresh one of our own instead
        return Path(tempfile.mkdtemp(prefix="casefile-"))


def originals_temp_dir() -> Path:
    """This process's folder of copies, made on first use and removed when the app exits."""
    global _TEMP_ROOT
    if _TEMP_ROOT is None or not _TEMP_ROOT.exists():
        _TEMP_ROOT = Path(tempfile.mkdtemp(prefix=f"{_ORIGINALS_PREFIX}{os.getpid()}-", dir=_private_root()))
        atexit.register(remove_originals_temp_dir)
    return _TEMP_ROOT


def _remove_tree(path: Path) -> None:
    def make_writable(func, p, _exc):  # noqa: ANN001 - shutil's callback; copies are read-only
        try:
            os.chmod(p, stat.S_IRWXU)
            func(p)
        except OSError:
            pass

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=make_writable)
    else:
        shutil.rmtree(path, onerror=make_writable)


def remove_originals_temp_dir() -> None:
    """Delete this process's copies (at exit; an external viewer still showing one keeps its open file)."""
    global _TEMP_ROOT
    if _TEMP_ROOT is not None and _TEMP_ROOT.exists():
        _remove_tree(_TEMP_ROOT)
    _TEMP_ROOT = None


def clean_stale_originals() -> int:
    """Remove copies left by earlier runs that ended without cleaning up (a crash, a kill); return how many."""
    removed = 0
    candidates = list(_private_root().glob(f"{_ORIGINALS_PREFIX}*"))
    # the folders of older versions, straight in the temp folder
    candidates += [p for p in Path(tempfile.gettempdir()).glob("casefile-originals-*")
                   if hasattr(os, "getuid") and p.lstat().st_uid == os.getuid()]
    for folder in candidates:
        pid_text = folder.name.removeprefix(_ORIGINALS_PREFIX).split("-", 1)[0]
        if pid_text.isdigit() and pid_alive(int(pid_text)):
            continue
        try:
            _remove_tree(folder)
            removed += 1
        except OSError as exc:
            log.warning("could not remove old copies in %s: %s", folder, exc)
    return removed
