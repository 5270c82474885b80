"""Opening a `.casezip` from the file manager: choose where its case goes, then unpack it there.

The case is unpacked beside the archive when that folder is writable (a download folder usually is), else into
the user's documents folder; a free name is chosen so an earlier unpacking of the same archive is never touched.
"""

from __future__ import annotations

import os
from pathlib import Path

from casefile.domain.errors import CaseFileError
from casefile.domain.printable import printable

ARCHIVE_SUFFIX = ".casezip"
CASE_SUFFIX = ".casefile"


def is_archive_argument(arg: str) -> bool:
    """Whether a bare command-line argument names a case archive (what a file manager passes)."""
    return arg.lower().endswith(ARCHIVE_SUFFIX) and not arg.startswith("-")


def documents_folder() -> Path:
    home = Path.home()
    docs = home / "Documents"
    return docs if docs.is_dir() else home


def unpack_target(archive: Path) -> Path:
    """A new case folder for `archive`: beside it if that folder is writable, else in the documents folder."""
    stem = archive.name[: -len(ARCHIVE_SUFFIX)] if archive.name.lower().endswith(ARCHIVE_SUFFIX) else archive.stem
    stem = stem or "case"
    parent = archive.parent if os.access(archive.parent, os.W_OK | os.X_OK) else documents_folder()
    for n in range(1, 1000):
        name = stem if n == 1 else f"{stem} ({n})"
        target = parent / f"{name}{CASE_SUFFIX}"
        if not target.exists() and not target.is_symlink():
            return target
    raise CaseFileError(f"No free folder name for '{printable(stem)}' in '{printable(str(parent))}'.")


def unpack_for_opening(archive: Path | str) -> Path:
    """Unpack `archive` into a new case folder chosen by `unpack_target`; returns the case folder."""
    from casefile.services.archive import ArchiveError, unarchive_case

    path = Path(archive).expanduser().absolute()
    if not path.is_file():
        raise ArchiveError(f"No archive at '{printable(str(path))}'.")
    return unarchive_case(path, unpack_target(path))
