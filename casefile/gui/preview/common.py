"""Small helpers the previews share: sizes, sources, page numbers, UTF-16 offsets, safe copies of originals."""

from __future__ import annotations

import mimetypes
import os
import shutil
import stat
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from casefile.domain.records import EvidenceRecord

_TEMP_ROOT: Path | None = None


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    size = float(n)
    for unit in ("KB", "MB", "GB", "TB"):
        size /= 1024
        if size < 1024 or unit == "TB":
            return f"{size:.1f} {unit}" if size < 100 else f"{size:.0f} {unit}"
    return f"{n} B"


def source_of(rec: EvidenceRecord) -> str:
    """Author, site or URL host — whatever best says where an exhibit came from."""
    parts: list[str] = []
    if rec.author:
        parts.append(rec.author)
    site = str(rec.metadata.get("site") or rec.metadata.get("handle") or "")
    if site and site not in parts:
        parts.append(site)
    if not site and rec.url:
        host = urlparse(rec.url).hostname or ""
        if host:
            parts.append(host.removeprefix("www."))
    return " · ".join(parts)





def to_qt(text: str, index: int) -> int:
    """A Python (code point) offset as a QTextDocument (UTF-16) position."""
    head = text[:index]
    return index + sum(1 for ch in head if ord(ch) > 0xFFFF)


def from_qt(text: str, position: int) -> int:
    """A QTextDocument (UTF-16) position as a Python (code point) offset."""
    if text.isascii():
        return position
    units = 0
    for i, ch in enumerate(text):
        if units >= position:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def extension_for(rec: EvidenceRecord) -> str:
    ext = Path(rec.filename).suffix
    if ext and len(ext) <= 6:
        return ext.lower()
    return mimetypes.guess_extension(rec.media_type or "") or ""


def readonly_copy(original: Path, rec: EvidenceRecord, *, link: bool = False) -> Path:
    """A copy (or symlink) of the stored original named with its extension in a private temp folder.

    Other programs get this copy, never the store's own file, so nothing can edit the original.
    """
    global _TEMP_ROOT
    if _TEMP_ROOT is None or not _TEMP_ROOT.exists():
        _TEMP_ROOT = Path(tempfile.mkdtemp(prefix="casefile-originals-"))
    stem = Path(rec.filename).stem or f"exhibit-{rec.exhibit}"
    safe = "".join(c if c.isalnum() or c in " ._-" else "_" for c in stem)[:80].strip() or "exhibit"
    folder = _TEMP_ROOT / f"ex{rec.exhibit}-{(rec.sha256 or '')[:12]}"
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
