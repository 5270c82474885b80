"""Content-addressed, write-once storage of originals under `evidence/`.

Each original is hashed while it is copied to a temporary name in the same folder tree, synced to disk, then
renamed to its SHA-256 and made read-only. A crash leaves at most a temporary file, never a half file under a
real name; `clean_temporary()` removes such leftovers of dead processes on the next open. Storing bytes whose
hash names a damaged original (altered, missing, or swapped for a link) puts the genuine bytes back.

The folder may be a network share (SMB, NFS) written by several people at once, so nothing relies on a lock:
temporary names carry the host and process (`import-<pid>-<host>-<random>.part`, created O_EXCL), two writers
of the same bytes both succeed (a rename onto an identical original, or one refused because it exists, is
success), and the stored file is hashed again after the rename, as the share now holds it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import socket
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casefile.domain.enums import VerifyState
from casefile.domain.errors import ImportFailedError
from casefile.storage.atomic import fsync_dir, pid_alive, writer_pid

CHUNK = 1024 * 1024
TMP_DIR = ".tmp"
ProgressFn = Callable[[int, int], None]  # (bytes done, bytes total)
CancelFn = Callable[[], bool]
TMP_PREFIX = "import-"
FOREIGN_TMP_AGE_S = 24 * 3600  # another machine's temporary file is only removed when this old (its pid says nothing)
_SHA_CHARS = frozenset("0123456789abcdef")


class Cancelled(Exception):
    """The user cancelled while a file was being copied; nothing was stored."""


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    path: Path
    created: bool  # False when identical bytes were already stored
    repaired: bool = False  # True when a damaged or missing original of these bytes was put back


class EvidenceStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / TMP_DIR

    def ensure(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.tmp.mkdir(exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        if not _is_sha(sha256):
            raise ValueError(f"not a SHA-256 digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return _regular_size(self.path_for(sha256)) is not None

    # writing --------------------------------------------------------------------------------------
    def put_file(
        self, src: Path, progress: ProgressFn | None = None, cancelled: CancelFn | None = None
    ) -> StoredBlob:
        """Copy `src` into the store, hashing as it streams (bounded memory for any size)."""
        try:
            total = src.stat().st_size
            fh = open(src, "rb")  # noqa: SIM115 - closed below
        except PermissionError:
            raise ImportFailedError("permission denied") from None
        except FileNotFoundError:
            raise ImportFailedError("file not found") from None
        except OSError as exc:
            raise ImportFailedError(f"cannot read file: {exc.strerror or exc}") from None
        with fh:
            return self._write_stream(fh.readinto, total, progress, cancelled)

    def put_bytes(self, data: bytes) -> StoredBlob:
        view = memoryview(data)
        pos = 0

        def readinto(buf: bytearray) -> int:
            nonlocal pos
            n = min(len(buf), len(view) - pos)
            buf[:n] = view[pos : pos + n]
            pos += n
            return n

        return self._write_stream(readinto, len(data), None, None)

    def _write_stream(
        self,
        readinto: Callable[[bytearray], int | None],
        total: int,
        progress: ProgressFn | None,
        cancelled: CancelFn | None,
    ) -> StoredBlob:
        self.ensure()
        digest = hashlib.sha256()
        fd, tmp = self._create_temporary()
        size = 0
        buf = bytearray(CHUNK)
        view = memoryview(buf)
        try:
            with os.fdopen(fd, "wb") as out:
                while True:
                    n = readinto(buf)
                    if not n:
                        break
                    chunk = view[:n]
                    digest.update(chunk)
                    out.write(chunk)
                    size += n
                    if progress is not None:
                        progress(size, total)
                    if cancelled is not None and cancelled():
                        raise Cancelled()
                out.flush()
                sha = digest.hexdigest()
                target = self.path_for(sha)
                existing = _size_or_none(target)
                intact = existing == size and _hash_no_follow(target) == sha
                if not intact:  # only a copy that is kept must reach the disk
                    os.fsync(out.fileno())
            if intact:
                tmp.unlink()
                return StoredBlob(sha, size, target, created=False)
            # absent, or a damaged file under the right name (a crash on a file system that lost data, or
            # tampering): the bytes just hashed are the original, so they take its place
            if not target.parent.is_dir():
                target.parent.mkdir(exist_ok=True)
                fsync_dir(self.root)  # the new fan-out folder must survive a power loss with its file
            os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            if existing is not None and not stat.S_ISREG(target.lstat().st_mode) and target.is_dir():
                raise ImportFailedError(f"a folder sits where the original {sha[:12]}… belongs; move it away")
            if not self._install(tmp, target, sha, size, damaged=existing is not None):
                return StoredBlob(sha, size, target, created=False)  # another writer stored the same bytes first
            return StoredBlob(sha, size, target, created=existing is None, repaired=existing is not None)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            if exc.errno == 28:  # ENOSPC
                raise ImportFailedError("the disk is full") from None
            raise ImportFailedError(f"cannot store the file: {exc.strerror or exc}") from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def _create_temporary(self) -> tuple[int, Path]:
        """A new temporary file, created exclusively under a name no other host or process can pick."""
        for _ in range(100):
            tmp = self.tmp / f"{TMP_PREFIX}{os.getpid()}-{HOST}-{secrets.token_hex(6)}.part"
            try:
                return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600), tmp
            except FileExistsError:
                continue
        raise ImportFailedError("cannot create a temporary file in the evidence folder")

    def _install(self, tmp: Path, target: Path, sha: str, size: int, *, damaged: bool) -> bool:
        """Rename the synced temporary file onto its hash; False when another writer's identical copy won.

        POSIX renames over an existing name; SMB and some NFS servers refuse to (EEXIST, EACCES on a read-only
        file): when what is there is intact, the other writer stored these very bytes and that is success. A
        damaged file that blocks the rename is moved aside first. Whatever ends under the name is hashed again.
        """
        try:
            os.replace(tmp, target)  # atomic: a link or an altered file is swapped for the genuine bytes
        except OSError as exc:
            if exc.errno not in (errno.EEXIST, errno.EACCES, errno.EPERM, errno.EBUSY, errno.ENOTEMPTY):
                raise
            if _intact(target, sha, size):
                tmp.unlink(missing_ok=True)
                return False
            if not damaged and _size_or_none(target) is None:
                raise
            aside = self.tmp / f"{TMP_PREFIX}{os.getpid()}-{HOST}-damaged-{secrets.token_hex(4)}.part"
            os.replace(target, aside)  # the damaged file goes out of the way; cleaned with the leftovers
            os.replace(tmp, target)
        fsync_dir(target.parent)
        if not _intact(target, sha, size):  # read back as the share holds it now
            raise ImportFailedError(f"the stored original {sha[:12]}… did not read back intact from the evidence "
                                    "folder (a network or disk fault); import the file again")
        return True

    def discard(self, sha256: str) -> None:
        """Remove a stored original (only when no exhibit refers to it any more)."""
        path = self.path_for(sha256)
        if path.exists():
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
            path.unlink()

    # checking -------------------------------------------------------------------------------------
    def verify(self, sha256: str, size: int | None = None) -> VerifyState:
        return self.check(sha256, size)[0]

    def check(self, sha256: str, size: int | None = None) -> tuple[VerifyState, str]:
        """The state of a stored original and, when not OK, why; links and special files are damage."""
        path = self.path_for(sha256)
        try:
            st = path.lstat()
        except FileNotFoundError:
            return VerifyState.MISSING, "the stored original is missing"
        except OSError as exc:
            return VerifyState.MISSING, f"the stored original cannot be read ({exc.strerror or exc})"
        if not stat.S_ISREG(st.st_mode):
            what = "a link" if stat.S_ISLNK(st.st_mode) else "something that is not a file"
            return VerifyState.ALTERED, f"the stored original was replaced by {what}"
        if size is not None and st.st_size != size:
            return VerifyState.ALTERED, "the stored original no longer has its size"
        try:
            digest = _hash_no_follow(path)
        except OSError as exc:
            return VerifyState.MISSING, f"the stored original cannot be read ({exc.strerror or exc})"
        if digest != sha256:
            return VerifyState.ALTERED, "the stored original no longer matches its SHA-256"
        return VerifyState.OK, ""

    def stored(self) -> set[str]:
        """Every SHA-256 with something under its name in the store (to find originals no exhibit refers to)."""
        found: set[str] = set()
        if not self.root.is_dir():
            return found
        for fan in self.root.iterdir():
            if len(fan.name) != 2 or not fan.is_dir() or fan.is_symlink():
                continue
            for entry in fan.iterdir():
                if _is_sha(entry.name) and entry.name[:2] == fan.name:
                    found.add(entry.name)
        return found

    def clean_temporary(self) -> int:
        """Delete temporary files left by interrupted imports of processes no longer running; returns how many."""
        if not self.tmp.is_dir():
            return 0
        count = 0
        for leftover in self.tmp.iterdir():
            writer = _writer(leftover.name)
            if writer is not None and writer[1] != HOST:
                try:  # another machine on the share: its process cannot be asked, only the file's age tells
                    if time.time() - leftover.stat().st_mtime < FOREIGN_TMP_AGE_S:
                        continue
                except OSError:
                    continue
            else:
                pid = writer[0] if writer is not None else writer_pid(leftover.name, TMP_PREFIX)
                if pid is not None and pid != os.getpid() and pid_alive(pid):
                    continue  # another process's import in progress: never pull its file away
            try:
                leftover.unlink()
                count += 1
            except OSError:
                pass
        return count


def _host_tag() -> str:
    """This machine's name as it goes into temporary names (letters and digits only: `-` and `.` separate)."""
    return re.sub(r"[^A-Za-z0-9]", "_", socket.gethostname() or "host")[:40] or "host"


HOST = _host_tag()


def _writer(name: str) -> tuple[int, str] | None:
    """(pid, host) of a temporary name `import-<pid>-<host>-<random>.part`; None for other (older) names."""
    parts = name[len(TMP_PREFIX):].split("-") if name.startswith(TMP_PREFIX) else []
    if len(parts) < 3 or not parts[0].isdigit() or not parts[1]:
        return None
    return int(parts[0]), parts[1]


def _intact(path: Path, sha: str, size: int) -> bool:
    try:
        return _size_or_none(path) == size and _hash_no_follow(path) == sha
    except OSError:
        return False


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        buf = bytearray(CHUNK)
        view = memoryview(buf)
        while n := fh.readinto(buf):
            digest.update(view[:n])
    return digest.hexdigest()


def _size_or_none(path: Path) -> int | None:
    """Size of a regular file, -1 for anything else under that name (a link, a folder), None when absent."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else -1


def _regular_size(path: Path) -> int | None:
    size = _size_or_none(path)
    return None if size is None or size < 0 else size


def _hash_no_follow(path: Path) -> str:
    """SHA-256 of the file itself; a link put in its place is refused, never followed."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    digest = hashlib.sha256()
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return ""
        buf = bytearray(CHUNK)
        view = memoryview(buf)
        while n := fh.readinto(buf):
            digest.update(view[:n])
    return digest.hexdigest()


def _is_sha(value: str) -> bool:
    return len(value) == 64 and all(c in _SHA_CHARS for c in value)
