"""Command-line additions kept in one module (registered by a line each in `cli.py`): `casefile self-test`, and a
bare `casefile ARCHIVE.casezip` (what the desktop entry runs when a case archive is opened from a file manager)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casefile.domain.printable import printable


def add_self_test_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    c = sub.add_parser("self-test", help="check that every part of CaseFile works here (database, OCR, speech, …)")
    c.add_argument("--quick", action="store_true", help="skip the slower checks (models, media player, web engine)")
    c.add_argument("--probe", choices=["media", "web"], help=argparse.SUPPRESS)  # the child process of a check


def cmd_self_test(args: argparse.Namespace) -> int:
    """One line per part, "works" or "missing — install X"; exit 0 when every essential part works."""
    from casefile import selftest

    if args.probe:
        return selftest.run_probe(args.probe)
    results = selftest.run_checks(quick=args.quick, report=lambda r: print(printable(r.line()), flush=True))
    ok = selftest.all_essential_work(results)
    failed = sum(not r.ok for r in results)
    print(f"{len(results) - failed} of {len(results)} parts work" + ("" if ok else "; CaseFile is missing an "
          "essential part (see above)"), file=sys.stderr)
    return 0 if ok else 1


def open_archive_argument(arg: str) -> int:
    """Unpack a case archive beside it (or into the documents folder) and open the window on the new case; a
    problem is told in a message box as well, since a file manager shows no terminal."""
    from casefile.domain.errors import CaseFileError
    from casefile.services.archive_open import unpack_for_opening

    try:
        case_dir = unpack_for_opening(Path(arg))
    except (CaseFileError, OSError) as exc:
        message = str(exc) if isinstance(exc, CaseFileError) else f"{exc.strerror or exc} ({exc.filename or arg})"
        print(f"casefile: {printable(message)}", file=sys.stderr)
        _tell(f"The case archive could not be opened: {message}")
        return 1
    print(f"unpacked {printable(str(case_dir))}", flush=True)
    from casefile.gui.window.app import run_app

    return run_app(case_dir=case_dir)


def _tell(message: str) -> None:
    import os

    if os.environ.get("CASEFILE_SMOKE_EXIT") == "1":
        return
    try:
        from PySide6.QtWidgets import QMessageBox

        from casefile.gui.window.app import make_app

        make_app()
        QMessageBox.warning(None, "CaseFile", message)
    except Exception:  # no display: the terminal line above is all there is
        pass
