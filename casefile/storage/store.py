"""Content-addressed, write-once storage of originals under `evidence/`.

Each original is hashed while it is copied to a temporary name in the same folder tree, synced to disk, then
renamed to its SHA-256 and made read-only. A crash leaves at most a temporary file, never a half file under a
real name; `clean_temporary()` removes such leftovers on the next open.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casefile.domain.enums import VerifyState
from casefile.domain.errors import ImportFailedError

CHUNK = 1024 * 1024
TMP_DIR = ".tmp"
ProgressFn = Callable[[int, int], None]  # (bytes done, bytes total)
CancelFn = Callable[[], bool]


class Cancelled(Exception):
    """The user cancelled while a file was being copied; nothing was stored."""


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    path: Path
    created: bool  # False when identical bytes were already stored


class EvidenceStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / TMP_DIR

    def ensure(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.tmp.mkdir(exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256 digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

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
        fd, tmp_name = tempfile.mkstemp(prefix="import-", suffix=".part", dir=self.tmp)
        tmp = Path(tmp_name)
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
                if existing != size:  # only a copy that is kept must reach the disk (duplicates stay cheap)
                    os.fsync(out.fileno())
            if existing == size:
                tmp.unlink()
                return StoredBlob(sha, size, target, created=False)
            # absent, or a damaged file under the right name (a crash on a file system that lost data, or
            # tampering): the bytes just hashed are the original, so they take its place
            if not target.parent.is_dir():
                target.parent.mkdir(exist_ok=True)
                _fsync_dir(self.root)  # the new fan-out folder must survive a power loss with its file
            os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            os.replace(tmp, target)
            _fsync_dir(target.parent)
            return StoredBlob(sha, size, target, created=existing is None)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            if exc.errno == 28:  # ENOSPC
                raise ImportFailedError("the disk is full") from None
            raise ImportFailedError(f"cannot store the file: {exc.strerror or exc}") from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def discard(self, sha256: str) -> None:
        """Remove a stored original (only when no exhibit refers to it any more)."""
        path = self.path_for(sha256)
        if path.exists():
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
            path.unlink()

    # checking -------------------------------------------------------------------------------------
    def verify(self, sha256: str, size: int | None = None) -> VerifyState:
        path = self.path_for(sha256)
        if not path.is_file():
            return VerifyState.MISSING
        if size is not None and path.stat().st_size != size:
            return VerifyState.ALTERED
        return VerifyState.OK if hash_file(path) == sha256 else VerifyState.ALTERED

    def clean_temporary(self) -> int:
        """Delete temporary files left by an interrupted import; returns how many."""
        if not self.tmp.is_dir():
            return 0
        count = 0
        for leftover in self.tmp.iterdir():
            try:
                leftover.unlink()
                count += 1
            except OSError:
                pass
        return count


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        buf = bytearray(CHUNK)
        view = memoryview(buf)
        while n := fh.readinto(buf):
            digest.update(view[:n])
    return digest.hexdigest()


def _size_or_none(path: Path) -> int | None:
    try:
        st = path.lstat()
    except FileNotFoundError:
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else -1


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
