"""What every command shares: one-line messages, the live progress line, Ctrl+C, opening the case.

Everything printed passes through `printable`: a name is never able to forge a line or drive the terminal.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from casefile.domain.errors import CaseLockedError, ImportFailedError, ReadOnlyCaseError
from casefile.domain.printable import printable
from casefile.domain.progress import Progress, Stage

if TYPE_CHECKING:
    from casefile.context import Case

PasswordAsk = Callable[[str, str], "str | None"]
T = TypeVar("T")


def say(message: str) -> None:
    """One line for the user on stderr, prefixed with the program's name."""
    print(f"casefile: {printable(message)}", file=sys.stderr)


def line(text: str) -> None:
    """One line of output; a name inside can never start another line or send an escape to the terminal."""
    print(printable(text))


def show_progress(text: str) -> None:
    """A live line on a terminal's stderr (nothing when output goes to a file or a pipe)."""
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[2K" + text[:120])
        sys.stderr.flush()


def end_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[2K")
        sys.stderr.flush()


def progress_pass(job: Callable[[], T]) -> T | None:
    """Run a pass behind the live progress line; the database refusing a write (disk full, read-only, damaged)
    is said in one sentence and gives None, for the command to exit 1."""
    try:
        result = job()
    except ImportFailedError as exc:
        end_progress()
        say(str(exc))
        return None
    end_progress()
    return result


def progress_line(p: Progress) -> None:
    """Every job's progress, as the live line."""
    if p.current or p.stage in (Stage.ORIGINALS, Stage.COPY, Stage.CHECK):  # a move's line shows its end too
        show_progress(p.line())


@contextmanager
def first_interrupt_cancels() -> Iterator[threading.Event]:
    """Ctrl+C once: stop after the current file and report every file; twice: stop at once."""
    flag = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield flag
        return

    def on_interrupt(_sig: int, _frame: object) -> None:
        if flag.is_set():
            raise KeyboardInterrupt
        flag.set()

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield flag
    finally:
        signal.signal(signal.SIGINT, previous)


def password_prompt() -> PasswordAsk | None:
    """A team case's database password, asked on the terminal when libpq knows none; never when not interactive
    (a script gets the server's sentence instead of hanging)."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return None

    def ask(url: str, reason: str) -> str | None:
        import getpass

        if reason:
            say(reason)
        try:
            return getpass.getpass(f"Password for {printable(url)}: ") or None
        except (EOFError, KeyboardInterrupt):
            return None

    return ask


def open_case_of(args: argparse.Namespace, read_only: bool = False) -> Case:
    from casefile.context import open_case

    return open_case(args.case_dir, read_only=read_only, password=password_prompt())


def open_to_read(args: argparse.Namespace) -> Case:
    """For commands that only read: open for writing when free (older schemas are upgraded, leftovers of killed
    runs cleaned), else read-only without the lock: the case may be open in the app, or on read-only media."""
    from casefile.context import open_case

    try:
        return open_case(args.case_dir, password=password_prompt())
    except (CaseLockedError, ReadOnlyCaseError):
        return open_case(args.case_dir, read_only=True, password=password_prompt())


__all__ = ["end_progress", "first_interrupt_cancels", "line", "open_case_of", "open_to_read", "password_prompt",
           "progress_line", "progress_pass", "say", "show_progress"]
