"""An exclusive lock on a case folder, so two processes never write one case at once.

Two locks, both dropped by the operating system when the process dies:
- `case.lock` through `filelock` (flock on POSIX, a whole-file lock on Windows, where an open file cannot be
  deleted away);
- on POSIX, a flock on the case folder itself. `case.lock` can be deleted while a case is open, and a second
  opener would then lock a new file of that name and get in; the folder cannot be deleted away without the case.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from filelock import FileLock, Timeout

from casefile.domain.errors import CaseLockedError, ReadOnlyCaseError

LOCK_NAME = "case.lock"
READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


class CaseLock:
    """Held for as long as a case is open for writing; released on close or when the process dies."""

    def __init__(self, case_dir: Path) -> None:
        self.path = case_dir / LOCK_NAME
        self._file = FileLock(str(self.path), timeout=0, thread_local=False)  # the GUI closes on another thread
        self._dir_fd: int | None = None

    def acquire(self) -> None:
        try:
            self._file.acquire()
        except Timeout:
            raise self._locked() from None
        except OSError as exc:
            if exc.errno in READ_ONLY_ERRNOS:
                raise ReadOnlyCaseError(
                    f"The case folder '{self.path.parent}' cannot be written (read-only media or permissions); "
                    "it can only be opened read-only."
                ) from None
            raise
        if sys.platform != "win32":
            try:
                self._lock_folder()
            except BaseException:
                self._file.release()
                raise
        try:  # who holds it, for a person looking at the folder
            with open(self.path, "w", encoding="ascii") as fh:
                fh.write(f"{os.getpid()}\n")
        except OSError:
            pass  # Windows: the locked byte cannot be written through a second handle; the lock itself stands

    def _lock_folder(self) -> None:
        import fcntl

        fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise self._locked() from None
            if exc.errno not in (errno.ENOLCK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EINVAL):
                raise
            return  # a file system without folder locks: case.lock alone guards the case
        self._dir_fd = fd

    def _locked(self) -> CaseLockedError:
        return CaseLockedError(
            f"The case '{self.path.parent.name}' is open in another window or program. "
            "Close it there, or open this one read-only."
        )

    @property
    def held(self) -> bool:
        return self._file.is_locked

    def release(self) -> None:
        if self._dir_fd is not None:
            os.close(self._dir_fd)  # closing the descriptor drops the folder lock
            self._dir_fd = None
        if self._file.is_locked:
            self._file.release(force=True)
