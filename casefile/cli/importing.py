"""`import`, `transcribe` and `suggest`: the import workflow with its options, one line per file, then a summary.

All three run `ImportWorkflow`; they differ only in the stages they ask for. Whatever ends a run (Ctrl+C, a full
disk, a server gone between passes) the files stored are listed, the reason said, and the passes left named.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING

from casefile.cli.output import end_progress, first_interrupt_cancels, open_case_of, progress_line, progress_pass
from casefile.domain.enums import ImportStatus
from casefile.domain.errors import ImportFailedError
from casefile.domain.printable import printable
from casefile.domain.progress import Stage
from casefile.domain.records import EvidenceRecord
from casefile.domain.sizes import counted

if TYPE_CHECKING:
    from casefile.services.suggestion_service import SuggestReport
    from casefile.services.transcription_service import TranscribeReport

log = logging.getLogger(__name__)


def cmd_import(args: argparse.Namespace) -> int:
    """Pass 1 (store and read), then the later passes unless --quick; one line per file, then a summary."""
    from casefile.services.import_workflow import ImportOptions

    missing = [p for p in args.paths if not p.exists() and not p.is_symlink()]
    with first_interrupt_cancels() as interrupted, open_case_of(args) as case:
        result = case.imports.run([p for p in args.paths if p not in missing], options=ImportOptions(quick=args.quick),
                                  progress=progress_line, cancelled=interrupted.is_set)
        end_progress()
    report, transcribed, suggested = result.imported, result.transcribed, result.suggested
    for p in missing:
        print(f"{printable(str(p))}: failed: file not found")
    for outcome in report.outcomes:
        if not args.quiet or outcome.status is ImportStatus.FAILED:
            print(outcome.line())
    failed = len(missing) + report.failed
    summary = report.summary() if not missing else f"{report.summary()}, {len(missing)} not found"
    if transcribed is not None and transcribed.total:
        summary += f"; {transcribed.summary()}"
    if suggested is not None:
        summary += f"; {suggested.suggestions} suggestions"
    print(summary, file=sys.stderr)
    if transcribed is not None and transcribed.unavailable:
        print(f"casefile: {transcribed.unavailable}", file=sys.stderr)
    if suggested is not None and not suggested.model.available and suggested.model.message:
        print(f"casefile: suggestions are limited: {suggested.model.message}", file=sys.stderr)
    if args.quick and report.imported:
        print(f"casefile: no suggestions yet; run `casefile suggest {printable(str(args.case_dir))}` to find "
              "events and parties", file=sys.stderr)
    if report.stopped:
        saved = len(result.stored)
        print(f"casefile: the import stopped: {report.stopped}; the {saved} files listed as imported or "
              "duplicate are in the case, the others are not.", file=sys.stderr)
        _still_to_run(args, result.pending_line())
        return 1
    if result.stopped:
        print(f"casefile: {result.stopped}", file=sys.stderr)
        print(f"casefile: the {len(result.stored)} files listed as imported or duplicate are in the case.",
              file=sys.stderr)
        _still_to_run(args, result.pending_line())
        return 1
    if result.cancelled or (suggested is not None and suggested.cancelled) or \
            (transcribed is not None and transcribed.cancelled):
        print("casefile: interrupted; the files listed as imported are in the case, the others are not "
              "(run the same command again to finish)", file=sys.stderr)
        return 130
    return 1 if failed else 0


def _still_to_run(args: argparse.Namespace, pending: str) -> None:
    if pending:
        print(f"casefile: still to run: {pending} (`casefile suggest {printable(str(args.case_dir))}` runs them)",
              file=sys.stderr)


def cmd_suggest(args: argparse.Namespace) -> int:
    """Pass 2 on what is waiting (after `import --quick`, or a pass that was stopped); safe to run again."""
    with open_case_of(args) as case:
        names = {e.id: e for e in case.evidence.list()}

        def suggest_and_anchor() -> SuggestReport:
            found = case.imports.suggest(progress=progress_line, fold=False)
            case.imports.anchor()
            return found

        result = progress_pass(suggest_and_anchor)
        if result is None:
            return 1
    for eid, count in result.counts.items():
        print(f"{_label(names, eid)}: {counted(count, 'suggestion')}")
    print(result.summary(), file=sys.stderr)
    return 0


def cmd_transcribe(args: argparse.Namespace) -> int:
    """The transcription pass on every clip still without a transcript; then suggestions for what it wrote."""
    with first_interrupt_cancels() as interrupted, open_case_of(args) as case:
        names = {e.id: e for e in case.evidence.list()}
        def transcribe_then_suggest() -> tuple[TranscribeReport, SuggestReport | None]:
            done = case.imports.transcribe(progress=progress_line, cancelled=interrupted.is_set)
            end_progress()
            if not done.transcripts or interrupted.is_set():
                return done, None
            later = case.imports.finish(stages=(Stage.SUGGEST, Stage.ANCHOR), progress=progress_line,
                                        cancelled=interrupted.is_set)
            if later.stopped:
                raise ImportFailedError(later.stopped)
            return done, later.suggested

        passes = progress_pass(transcribe_then_suggest)
        if passes is None:
            return 1
        result, suggested = passes
    for clip_id, exhibit in result.transcripts.items():
        print(f"{_label(names, clip_id)}: transcript Ex. {exhibit}")
    for name in result.silent:
        print(f"{name}: no speech heard")
    for name, reason in result.failed:
        print(f"{name}: failed: {reason}")
    summary = result.summary()
    if suggested is not None:
        summary += f"; {suggested.suggestions} suggestions"
    if result.clip_seconds:
        summary += f"; {result.seconds:.1f} s for {result.clip_seconds:.1f} s of sound"
    print(summary, file=sys.stderr)
    if result.unavailable:
        return 1
    if result.cancelled:
        return 130
    return 1 if result.failed else 0


def _label(names: dict[int, EvidenceRecord], evidence_id: int) -> str:
    e = names.get(evidence_id)
    return f"Ex. {e.exhibit} {printable(e.filename)}" if e is not None else f"exhibit {evidence_id}"


__all__ = ["cmd_import", "cmd_suggest", "cmd_transcribe"]


def cmd_ocr(args: argparse.Namespace) -> int:
    """Read the pages imports left unread, page by page, each placed at its page; Ctrl+C stops after the page
    being read and keeps what was read (run it again to continue)."""
    from casefile.cli.output import line
    from casefile.ocr.pages import describe

    with first_interrupt_cancels() as interrupted, open_case_of(args) as case:
        report = progress_pass(lambda: case.ocr.run(args.exhibit, progress=progress_line,
                                                    cancelled=interrupted.is_set))
        if report is None:
            return 1
    for e in report.exhibits:
        parts = [f"read {describe(list(e.read))}"] if e.read else []
        parts += [f"{describe([p])}: {why}" for p, why in e.failed]
        parts += [f"{describe(list(e.left))} left" + (f" ({e.reason})" if e.reason else "")] if e.left else []
        line(f"Ex. {e.exhibit} {e.name}: {'; '.join(parts) or e.reason or 'nothing to read'}")
    print(report.summary(), file=sys.stderr)
    if report.cancelled:
        return 130
    return 1 if report.unavailable or any(e.failed or e.reason for e in report.exhibits) else 0
