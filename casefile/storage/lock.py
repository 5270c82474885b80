"""An exclusive lock on a case folder, so two processes never write one case at once."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from casefile.domain.errors import CaseLockedError

LOCK_NAME = "case.lock"


class CaseLock:
    """Held for as long as a case is open for writing; released on close or when the process dies."""

    def __init__(self, case_dir: Path) -> None:
        self.path = case_dir / LOCK_NAME
        self._fh: TextIO | None = None

    def acquire(self) -> None:
        fh = open(self.path, "a+")  # noqa: SIM115 - kept open while the lock is held
        try:
            if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
                import msvcrt

                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise CaseLockedError(
                f"The case '{self.path.parent.name}' is open in another window or program. "
                "Close it there, or open this one read-only."
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        fh = self._fh
        if fh is None:
            return
        self._fh = None
        fh.close()  # closing the descriptor drops the lock
