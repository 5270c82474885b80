"""`casefile self-test`: one line per part a user depends on, works or missing (with what to install)."""

from __future__ import annotations

import argparse
import sys

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
