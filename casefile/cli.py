"""The command-line interface: the same service layer as the app, for scripts and automated checks.

Exit codes: 0 success, 1 when some item failed (the rest was done) or the case or a file could not be read or
written (a full disk, damage, read-only media), 2 for a usage error, a missing case or one open elsewhere.
Everything printed passes through `printable`: a name is never able to forge a line or drive the terminal.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from casefile import __version__
from casefile.domain.errors import (
    CaseFileError,
    CaseLockedError,
    CaseNotFoundError,
    ReadOnlyCaseError,
    SchemaTooNewError,
)
from casefile.domain.printable import printable


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one clear line, exit 2
        self.print_usage(sys.stderr)
        print(f"casefile: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="casefile", description="CaseFile: keep originals safe, build a sourced chronology.")
    p.add_argument("--version", action="version", version=f"casefile {__version__}")
    p.add_argument("--demo", action="store_true", help="open the app on a demo case")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    c = sub.add_parser("new", help="create a case folder")
    c.add_argument("case_dir", type=Path)
    c.add_argument("--title", required=True)
    c.add_argument("--description", default="")
    c.add_argument("--database", metavar="URL", help="a team case: its records go to this empty PostgreSQL "
                   "database, postgresql://USER@HOST[:PORT]/DB (no password: ~/.pgpass, or you are asked)")

    c = sub.add_parser("import", help="import files or folders (recursive)")
    c.add_argument("case_dir", type=Path)
    c.add_argument("paths", nargs="+", type=Path)
    c.add_argument("--quiet", action="store_true", help="print only failures and the summary line")
    c.add_argument("--quick", action="store_true",
                   help="store and read only; transcribe clips and find events and parties later with "
                        "`casefile transcribe` and `casefile suggest`")

    c = sub.add_parser("transcribe", help="transcribe audio and video clips that have no transcript yet (offline)")
    c.add_argument("case_dir", type=Path)

    c = sub.add_parser("suggest", help="find events and parties in exhibits not read for suggestions yet")
    c.add_argument("case_dir", type=Path)

    c = sub.add_parser("export", help="export the case as JSON or the timeline as CSV")
    c.add_argument("case_dir", type=Path)
    c.add_argument("--format", choices=["json", "csv", "audit"], default="json")
    c.add_argument("-o", "--output", type=Path)
    c.add_argument("--include-dismissed", action="store_true")

    c = sub.add_parser("summary", help="print the case summary to a PDF file")
    c.add_argument("case_dir", type=Path)
    c.add_argument("-o", "--output", type=Path, required=True)
    add_summary_options(c)

    c = sub.add_parser("verify", help="re-hash every original; report missing or altered files")
    c.add_argument("case_dir", type=Path)

    c = sub.add_parser("search", help="full-text search across the case")
    c.add_argument("case_dir", type=Path)
    c.add_argument("query")
    c.add_argument("--limit", type=int, default=20)

    c = sub.add_parser("open", help="open the app (on CASE_DIR if given)")
    c.add_argument("case_dir", type=Path, nargs="?")
    c.add_argument("--read-only", action="store_true")

    c = sub.add_parser("archive", help="pack a case into one .casezip file")
    c.add_argument("case_dir", type=Path)
    c.add_argument("-o", "--output", type=Path, required=True)

    c = sub.add_parser("unarchive", help="unpack a .casezip into a new case folder, checking every hash")
    c.add_argument("archive", type=Path)
    c.add_argument("case_dir", type=Path)

    c = sub.add_parser("move-to-server", help="move a case's records into an empty PostgreSQL database")
    c.add_argument("case_dir", type=Path)
    c.add_argument("--database", required=True, metavar="URL",
                   help="postgresql://USER@HOST[:PORT]/DATABASE (no password: ~/.pgpass or PGPASSWORD)")

    c = sub.add_parser("conflicts", help="where sources disagree: the same happening told differently")
    c.add_argument("case_dir", type=Path)
    c.add_argument("--json", action="store_true", help="print a JSON list (kind, values, sides, verdict)")

    c = sub.add_parser("recover", help="salvage a damaged case into a new case folder, with all its originals")
    c.add_argument("case_dir", type=Path)
    c.add_argument("new_dir", type=Path)
    return p


def add_summary_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("--sections", default="cover,contents,parties,chronology,disagreements,exhibits,notes",
                   help="comma-separated sections to include")
    c.add_argument("--from", dest="date_from", help="first date of the chronology (YYYY[-MM[-DD]])")
    c.add_argument("--to", dest="date_to", help="last date of the chronology (YYYY[-MM[-DD]])")
    c.add_argument("--status", default="confirmed,disputed",
                   help="event statuses to include (confirmed,disputed,suggested; default: confirmed,disputed)")
    c.add_argument("--include-suggested", action="store_true",
                   help="also print suggested events that nobody has reviewed yet")
    c.add_argument("--no-thumbnails", action="store_true", help="leave image thumbnails out of the exhibit index")
    c.add_argument("--title", help="title for the cover and page headers (default: the case title)")
    c.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size (default: a4)")
    c.add_argument("--author", default="", help="author written into the PDF's document properties")


def entry() -> int:
    """The `casefile` command: `main` in a process of its own, where Qt's font and printing chatter (not the
    user's business on the command line) is silenced. Set here, not in `main`, which tests call in-process."""
    if len(sys.argv) > 1 and sys.argv[1] not in ("open", "--demo") and not sys.argv[1].startswith("--demo"):
        os.environ.setdefault("QT_LOGGING_RULES", "*.debug=false;*.info=false;*.warning=false")
    return main()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None or args.command == "open":
        from casefile.gui.app import run_app

        case_dir = getattr(args, "case_dir", None)
        return run_app(case_dir=case_dir, demo=args.demo, read_only=getattr(args, "read_only", False))
    from sqlalchemy.exc import DBAPIError

    from casefile.db.engine import CaseStorageError
    from casefile.storage.atomic import OutputError

    try:
        return COMMANDS[args.command](args)
    except (CaseNotFoundError, CaseLockedError) as exc:
        _say(str(exc))
        return 2
    except (CaseStorageError, OutputError, ReadOnlyCaseError) as exc:
        _say(str(exc))
        return 1
    except (CaseFileError, SchemaTooNewError) as exc:
        _say(str(exc))
        return 2 if args.command != "import" else 1
    except DBAPIError as exc:  # a database error the engine could not name: still one sentence
        _say(f"The case database reported an error: {str(exc.orig).splitlines()[0] if exc.orig else exc}.")
        return 1
    except OSError as exc:
        _say(_os_message(exc))
        return 1
    except UnicodeEncodeError:
        _say("A name could not be written in this terminal's encoding.")
        return 1
    except KeyboardInterrupt:
        _say("interrupted")
        return 130


def _say(message: str) -> None:
    print(f"casefile: {printable(message)}", file=sys.stderr)


def _line(text: str) -> None:
    """One line of output; a name inside can never start another line or send an escape to the terminal."""
    print(printable(text))


def _os_message(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full; nothing more could be written."
    if exc.errno == errno.EROFS:
        return f"the disk is read-only: {exc.filename or ''}".strip()
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied: {exc.filename or ''}".strip()
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}."


def _open(args: argparse.Namespace, read_only: bool = False):  # noqa: ANN202
    from casefile.context import open_case

    return open_case(args.case_dir, read_only=read_only, password=_password_prompt())


def _password_prompt():  # noqa: ANN202 - casefile.db.server.PasswordPrompt | None
    """A team case's database password, asked on the terminal when libpq knows none; never when not interactive
    (a script gets the server's sentence instead of hanging)."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return None

    def ask(url: str, reason: str) -> str | None:
        import getpass

        if reason:
            _say(reason)
        try:
            return getpass.getpass(f"Password for {printable(url)}: ") or None
        except (EOFError, KeyboardInterrupt):
            return None

    return ask


def _open_to_read(args: argparse.Namespace):  # noqa: ANN202
    """For commands that only read: open for writing when free (older schemas are upgraded, leftovers of killed
    runs cleaned), else read-only without the lock: the case may be open in the app, or on read-only media."""
    from casefile.context import open_case

    try:
        return open_case(args.case_dir, password=_password_prompt())
    except (CaseLockedError, ReadOnlyCaseError):
        return open_case(args.case_dir, read_only=True, password=_password_prompt())


def cmd_new(args: argparse.Namespace) -> int:
    from casefile.context import create_case

    with create_case(args.case_dir, args.title, args.description, database=args.database,
                     password=_password_prompt()) as case:
        where = f" (records in {args.database})" if args.database else ""
        _line(f"created {case.path}{where}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Pass 1 (store and read), then pass 2 (suggestions) unless --quick; one line per file, then a summary."""
    from casefile.domain.errors import ImportFailedError
    from casefile.domain.printable import printable

    missing = [p for p in args.paths if not p.exists() and not p.is_symlink()]
    stopped = ""
    with _first_interrupt_cancels() as interrupted, _open(args) as case:
        case.imports.suggest_inline = False  # run here, with its own progress
        report = case.imports.import_paths([p for p in args.paths if p not in missing], progress=_import_progress,
                                           cancelled=interrupted.is_set)
        _end_progress()
        suggested = transcribed = None
        if not args.quick and not report.stopped and not report.cancelled:  # also finishes what a run left
            try:  # clips first, so the suggestion pass reads their transcripts
                transcribed = case.transcriptions.run(progress=_transcribe_progress, cancelled=interrupted.is_set)
                _end_progress()
                if not interrupted.is_set():
                    suggested = case.suggestions.run(progress=_suggest_progress, cancelled=interrupted.is_set)
                    case.transcriptions.anchor_citations()
            except ImportFailedError as exc:  # the database refused a write; the rest waits for the next run
                stopped = str(exc)
            _end_progress()
            if suggested is not None:
                report = report.with_suggestions(case.transcriptions.fold_counts(suggested.counts))
    failed = len(missing)
    for p in missing:
        print(f"{printable(str(p))}: failed: file not found")
    for outcome in report.outcomes:
        if not args.quiet or outcome.status.value == "failed":
            print(outcome.line())
    failed += report.failed
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
        saved = sum(1 for o in report.outcomes if o.evidence_id is not None and o.status.value != "failed")
        print(f"casefile: the import stopped: {report.stopped}; the {saved} files listed as imported or "
              "duplicate are in the case, the others are not.", file=sys.stderr)
        return 1
    if stopped:
        print(f"casefile: {stopped}", file=sys.stderr)
        return 1
    if report.cancelled or (suggested is not None and suggested.cancelled) or \
            (transcribed is not None and transcribed.cancelled):
        print("casefile: interrupted; the files listed as imported are in the case, the others are not "
              "(run the same command again to finish)", file=sys.stderr)
        return 130
    return 1 if failed else 0


@contextmanager
def _first_interrupt_cancels() -> Iterator[threading.Event]:
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


def cmd_suggest(args: argparse.Namespace) -> int:
    """Pass 2 on what is waiting (after `import --quick`, or a pass that was stopped); safe to run again."""
    from casefile.domain.errors import ImportFailedError
    from casefile.domain.printable import printable

    with _open(args) as case:
        names = {e.id: e for e in case.evidence.list()}
        try:
            result = case.suggestions.run(progress=_suggest_progress)
            case.transcriptions.anchor_citations()
        except ImportFailedError as exc:  # the database refused a write (disk full, read-only, damaged)
            _end_progress()
            print(f"casefile: {exc}", file=sys.stderr)
            return 1
        _end_progress()
    for eid, count in result.counts.items():
        e = names.get(eid)
        label = f"Ex. {e.exhibit} {printable(e.filename)}" if e is not None else f"exhibit {eid}"
        print(f"{label}: {count} suggestion{'' if count == 1 else 's'}")
    print(result.summary(), file=sys.stderr)
    return 0


def cmd_transcribe(args: argparse.Namespace) -> int:
    """The transcription pass on every clip still without a transcript; then suggestions for what it wrote."""
    from casefile.domain.errors import ImportFailedError
    from casefile.domain.printable import printable

    with _first_interrupt_cancels() as interrupted, _open(args) as case:
        names = {e.id: e for e in case.evidence.list()}
        try:
            result = case.transcriptions.run(progress=_transcribe_progress, cancelled=interrupted.is_set)
            _end_progress()
            suggested = None
            if result.transcripts and not interrupted.is_set():
                suggested = case.suggestions.run(progress=_suggest_progress, cancelled=interrupted.is_set)
                case.transcriptions.anchor_citations()
        except ImportFailedError as exc:  # the database refused a write (disk full, read-only, damaged)
            _end_progress()
            print(f"casefile: {exc}", file=sys.stderr)
            return 1
        _end_progress()
    for clip_id, exhibit in result.transcripts.items():
        e = names.get(clip_id)
        label = f"Ex. {e.exhibit} {printable(e.filename)}" if e is not None else f"exhibit {clip_id}"
        print(f"{label}: transcript Ex. {exhibit}")
    for name in result.silent:
        print(f"{name}: no speech heard")
    for name, reason in result.failed:
        print(f"{name}: failed: {reason}")
    line = result.summary()
    if suggested is not None:
        line += f"; {suggested.suggestions} suggestions"
    if result.clip_seconds:
        line += f"; {result.seconds:.1f} s for {result.clip_seconds:.1f} s of sound"
    print(line, file=sys.stderr)
    if result.unavailable:
        return 1
    if result.cancelled:
        return 130
    return 1 if result.failed else 0


def _transcribe_progress(p) -> None:  # noqa: ANN001 - TranscribeProgress
    if p.current:
        _show_progress(f"Transcribing {p.done + 1} of {p.total} ({p.fraction:.0%}): {p.current}")


def _show_progress(text: str) -> None:
    """A live line on a terminal's stderr (nothing when output goes to a file or a pipe)."""
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[2K" + text[:120])
        sys.stderr.flush()


def _end_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[2K")
        sys.stderr.flush()


def _import_progress(p) -> None:  # noqa: ANN001 - ImportProgress
    from casefile.domain.printable import printable

    if p.current:
        _show_progress(f"Importing {min(p.done + 1, p.total)} of {p.total}: {printable(p.current)}")


def _suggest_progress(p) -> None:  # noqa: ANN001 - SuggestProgress
    from casefile.domain.printable import printable

    if p.current:
        _show_progress(f"Finding suggestions {p.done + 1} of {p.total}: {printable(p.current)}")


def cmd_export(args: argparse.Namespace) -> int:
    from casefile.storage.atomic import check_target

    if args.output:
        check_target(args.output.expanduser())  # before any work: a missing folder is said at once
    with _open_to_read(args) as case:
        if args.output:
            case.export.write(args.format, args.output, args.include_dismissed)
        else:
            out = case.export.text(args.format, args.include_dismissed)
    if args.output:
        _line(f"wrote {args.output}")
    else:
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from casefile.reports.options import options_from_args
    from casefile.reports.render import write_pdf
    from casefile.storage.atomic import check_target

    options = options_from_args(args)
    check_target(args.output.expanduser())
    with _open_to_read(args) as case:
        pages = write_pdf(case, args.output, options)
    _line(f"wrote {args.output} ({pages} pages)")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    with _open_to_read(args) as case:
        checked = case.evidence.check_database()
        server = case.ctx.engine.dialect.name != "sqlite"
        problems = case.evidence.verify()
        total = case.evidence.count()
        orphans = case.evidence.orphans()
        recorded = case.evidence.last_recorded
    for p in problems:
        _line(f"Ex. {p.exhibit} {p.filename}: {p.state.value} — {p.detail}")
    for o in orphans:
        known = f" (imported as '{o.known_as}')" if o.known_as else ""
        _line(f"evidence/{o.sha256[:2]}/{o.sha256}: belongs to no exhibit{known}, {o.size} bytes — "
              "left by an interrupted import; import its file again, or run 'casefile recover' to attach it")
    if server:  # SQLite's quick_check has no PostgreSQL twin: say what was checked instead
        _line(checked)
    _line(f"{total} exhibits checked, {len(problems)} missing or altered")
    if orphans:
        _line(f"{len(orphans)} stored originals belong to no exhibit")
    if not recorded:
        _line("(the results were not recorded in the case: it is open elsewhere, read-only, or its disk is full)")
    return 1 if problems else 0  # an original without an exhibit is a leftover to look at, not damage


def cmd_search(args: argparse.Namespace) -> int:
    with _open_to_read(args) as case:
        hits = case.search.search(args.query, limit=args.limit)
    if not hits:
        print("no matches")
    for i, h in enumerate(hits, 1):
        _line(f"{i}. [{h.type.value} {h.id}] {h.title}")
        _line(f"   {h.snippet}")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    """Where sources disagree (issue 22): each disagreement with both values and where each is told."""
    import json

    from casefile.domain.conflicts import disagreement_json

    with _open_to_read(args) as case:
        if not case.read_only:
            case.conflicts.refresh()  # events imported before this command existed, or added by hand
        found = case.conflicts.disagreements()
    if args.json:
        print(json.dumps([disagreement_json(d) for d in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("no disagreements between sources")
    for d in found:
        state = f"verdict: {d.verdict.value}" if d.verdict else "open"
        _line(f"{d.kind.value}: {d.a.title} [{state}]")
        for t in (d.a, d.b):
            _line(f"   {t.value!r} (Ex. {t.exhibit}, {t.outlet}, event {t.event_id}): {t.quote}")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    from casefile.services.archive import archive_case
    from casefile.storage.atomic import check_target

    check_target(args.output.expanduser())
    with _open_to_read(args) as case:
        n = archive_case(case, args.output)
    _line(f"wrote {args.output} ({n} originals)")
    return 0


def cmd_unarchive(args: argparse.Namespace) -> int:
    from casefile.services.archive import unarchive_case

    path = unarchive_case(args.archive, args.case_dir)
    _line(f"unpacked to {path}; every hash checked")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    from casefile.recover import recover_case

    report = recover_case(args.case_dir, args.new_dir)
    for line in report.lines():
        _line(line)
    return 1 if report.lost_rows or report.unreadable_tables or report.altered or report.database_unreadable else 0


def cmd_move_to_server(args: argparse.Namespace) -> int:
    """Re-hash, copy, check, switch; Ctrl+C (once: at the next batch; twice: at once) leaves the case as it was."""
    from casefile.domain.errors import CaseStorageError
    from casefile.services.move_to_server import MoveCancelled, check_url, move_to_server

    shown = check_url(args.database)  # a password in it, or a mistyped one, is said before the case is touched
    prompt, password = _password_prompt(), None
    with _first_interrupt_cancels() as interrupted, _open(args) as case:
        try:
            for attempt in range(3):  # the server is asked first, so a password typed again costs nothing
                try:
                    result = move_to_server(case, args.database, progress=_move_progress,
                                            cancelled=interrupted.is_set, password=password)
                    break
                except CaseStorageError as exc:
                    if exc.kind != "auth" or prompt is None or attempt == 2:
                        raise
                    _end_progress()
                    password = prompt(shown, "" if attempt == 0 and "asks for a password" in str(exc) else str(exc))
                    if password is None:
                        raise
        except MoveCancelled as exc:
            _say(str(exc))
            return 130
        finally:
            _end_progress()
    for line in result.lines():
        _line(line)
    return 0


def _move_progress(p) -> None:  # noqa: ANN001 - MoveProgress
    _show_progress(p.line())


COMMANDS = {
    "new": cmd_new,
    "import": cmd_import,
    "suggest": cmd_suggest,
    "transcribe": cmd_transcribe,
    "export": cmd_export,
    "summary": cmd_summary,
    "verify": cmd_verify,
    "search": cmd_search,
    "archive": cmd_archive,
    "unarchive": cmd_unarchive,
    "recover": cmd_recover,
    "move-to-server": cmd_move_to_server,
    "conflicts": cmd_conflicts,
}
