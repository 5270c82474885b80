"""`capture`: web pages into the case, one worker process each, then the import's later passes over them.

The only command that goes online, and only to the addresses given.
"""

from __future__ import annotations

import argparse
import sys

from casefile.cli.output import end_progress, first_interrupt_cancels, open_case_of, progress_line, say


def cmd_capture(args: argparse.Namespace) -> int:
    """Capture each address; one line per address; exit 1 if any failed, 130 when stopped by Ctrl+C."""
    from casefile.services.capture_service import CaptureLimits, CaptureService
    from casefile.services.import_workflow import ImportOptions

    if args.timeout <= 0 or args.max_mb <= 0:
        say("--timeout and --max-mb must be positive")
        return 2
    with first_interrupt_cancels() as interrupted, open_case_of(args) as case:
        service = CaptureService(case.ctx, case.imports, CaptureLimits(args.timeout, int(args.max_mb * 1024 * 1024)))
        result = service.run(args.urls, options=ImportOptions(), progress=progress_line, cancelled=interrupted.is_set)
        end_progress()
    report = result.imported
    for outcome in report.outcomes:
        print(outcome.line())
    suggested = f"; {result.suggested.suggestions} suggestions" if result.suggested else ""
    print(report.summary() + suggested, file=sys.stderr)
    if result.stopped:
        say(f"{result.stopped}; still to run: {result.pending_line()}")
    if result.cancelled or report.cancelled:
        return 130
    return 1 if report.failed or result.stopped else 0
