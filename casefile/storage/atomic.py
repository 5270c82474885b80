"""Files written for the user (PDF, JSON, CSV, archives) appear whole or not at all.

Each is written to a hidden temporary name beside the target, checked (not empty; for a PDF, that the writer
really finished it), synced, and only then renamed over the target. On any failure the target keeps its earlier
content and the caller gets one sentence. A temporary file carries its writer's process id, so the next run can
remove those of killed processes without touching a live writer's.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from casefile.domain.errors import CaseFileError
from casefile.domain.oserrors import os_sentence
from casefile.domain.printable import printable

PART_SUFFIX = ".part"


class OutputError(CaseFileError):
    """A file for the user could not be written; the earlier file (if any) is unchanged."""


def write_atomic(target: Path | str, write: Callable[[Path], None],
                 check: Callable[[Path], None] | None = None) -> Path:
    """Run `write(temp_path)`, check the result, sync it and rename it to `target`; returns `target`."""
    target = Path(target).expanduser()
    check_target(target)
    clean_stale_parts(target.parent, f".{target.name}.")
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=PART_SUFFIX, dir=target.parent)
    os.close(fd)
    part = Path(name)
    try:
        os.chmod(part, 0o666 & ~_umask())  # mkstemp makes it private; the user's file is an ordinary file
        write(part)
        size = part.stat().st_size
        if size == 0:
            raise OutputError(f"Nothing was written to '{printable(str(target))}'; the earlier file is unchanged.")
        if check is not None:
            check(part)
        with open(part, "rb+") as fh:
            os.fsync(fh.fileno())  # a delayed write error (a full disk, a lost share) shows here, not later
        os.replace(part, target)
        fsync_dir(target.parent)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise OutputError(os_sentence(exc, target)) from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return target


def write_text_atomic(target: Path | str, text: str) -> Path:
    data = (text if text.endswith("\n") else text + "\n").encode("utf-8")

    def write(part: Path) -> None:
        with open(part, "wb") as fh:
            fh.write(data)

    def check(part: Path) -> None:
        if part.stat().st_size != len(data):
            raise OSError(errno.EIO, "the file was written short")

    return write_atomic(target, write, check)


def check_target(target: Path) -> None:
    """Say in one sentence why `target` cannot be written to, before any work is done."""
    shown = printable(str(target))
    if target.is_dir():
        raise OutputError(f"'{shown}' is a folder; give the name of a file to write.")
    if not target.parent.is_dir():
        raise OutputError(f"Cannot write '{shown}': the folder '{printable(str(target.parent))}' does not exist.")


def check_pdf(pages: int) -> Callable[[Path], None]:
    """A check that Qt's PDF writer (which fails silently) really wrote a complete PDF of `pages` pages."""

    def check(part: Path) -> None:
        size = part.stat().st_size
        with open(part, "rb") as fh:
            head = fh.read(8)
            fh.seek(max(0, size - 1024))
            tail = fh.read()
        if not head.startswith(b"%PDF-") or b"%%EOF" not in tail or size < 300 + 200 * pages:
            raise OutputError(
                f"The PDF could not be written completely ({size} bytes; is the disk full?); "
                "the earlier file is unchanged.")

    return check


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself is done
    finally:
        os.close(fd)


def pid_alive(pid: int) -> bool:
    """Whether process `pid` still runs (a leftover's writer): a real probe on each platform. On Windows
    `os.kill(pid, 0)` would send Ctrl+C to the process instead, so the process is opened for a query."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _windows_pid_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    query_limited_information, still_active, access_denied = 0x1000, 259, 5
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return kernel32.GetLastError() == access_denied  # it exists, but belongs to someone else
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def writer_pid(name: str, prefix: str) -> int | None:
    """The process id written after `prefix` in a temporary name, if any."""
    rest = name[len(prefix):] if name.startswith(prefix) else ""
    digits = rest.split(".", 1)[0].split("-", 1)[0]
    return int(digits) if digits.isdigit() else None


def clean_stale_parts(folder: Path, prefix: str) -> int:
    """Remove `prefix<pid>.*.part` files of processes that no longer run; returns how many."""
    count = 0
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not name.endswith(PART_SUFFIX):
            continue
        pid = writer_pid(name, prefix)
        if pid is None or pid_alive(pid):
            continue
        try:
            entry.unlink()
            count += 1
        except OSError:
            pass
    return count
