"""The command-line interface: the same service layer as the app, for scripts and automated checks.

Exit codes: 0 success, 1 when some item failed (the rest was done) or the case or a file could not be read or
written (a full disk, damage, read-only media), 2 for a usage error, a missing case or one open elsewhere.
Everything printed passes through `printable`: a name is never able to forge a line or drive the terminal.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from casefile import __version__
from casefile.cli.capture import cmd_capture
from casefile.cli.case_commands import (
    cmd_archive,
    cmd_conflicts,
    cmd_export,
    cmd_move_to_server,
    cmd_new,
    cmd_recover,
    cmd_search,
    cmd_summary,
    cmd_unarchive,
    cmd_verify,
)
from casefile.cli.importing import cmd_import, cmd_ocr, cmd_suggest, cmd_transcribe
from casefile.cli.output import say
from casefile.cli.self_test import add_self_test_parser, cmd_self_test
from casefile.domain.errors import (
    CaseFileError,
    CaseLockedError,
    CaseNotFoundError,
    ReadOnlyCaseError,
    SchemaTooNewError,
)
from casefile.domain.oserrors import os_sentence
from casefile.domain.urls import mask_url_password
from casefile.services.archive_open import is_archive_argument

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one clear line, exit 2
        self.print_usage(sys.stderr)
        print(f"casefile: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="casefile", description="CaseFile: keep originals safe, build a sourced chronology.")
    p.add_argument("--version", action="version", version=f"casefile {__version__}")
    p.add_argument("--demo", action="store_true", help="open the app on a demo case")
    p.add_argument("-v", "--verbose", action="store_true", help="log debug lines too, and echo the log on stderr "
                   "(the log file's place: see `casefile --log-path`)")
    p.add_argument("--log-path", action="store_true", help="print where the log file is, and exit")
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

    c = sub.add_parser("ocr", help="read the pages of long scans an import left (time limit, page cap)")
    c.add_argument("case_dir", type=Path)
    c.add_argument("--exhibit", type=int, metavar="N", help="only this exhibit (Ex. N)")

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

    c = sub.add_parser("capture", help="capture web pages (WARC, PDF, screenshot, text) into the case; goes online")
    c.add_argument("case_dir", type=Path)
    c.add_argument("urls", nargs="+", metavar="URL")
    c.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="time limit per page (30)")
    c.add_argument("--max-mb", type=float, default=100.0, metavar="MB", help="largest response kept (100)")
    add_self_test_parser(sub)
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
    raw = list(sys.argv[1:] if argv is None else argv)
    if len(raw) == 1 and is_archive_argument(raw[0]):  # a .casezip opened from the file manager
        from casefile.gui.window.app import run_archive

        return run_archive(Path(raw[0]))
    args = build_parser().parse_args(argv)
    from casefile.log import log_path, setup_logging

    if args.log_path:
        print(log_path())
        return 0
    if args.command is None or args.command == "open":
        from casefile.gui.window.app import run_app

        case_dir = getattr(args, "case_dir", None)
        return run_app(case_dir=case_dir, demo=args.demo, read_only=getattr(args, "read_only", False))
    setup_logging(verbose=args.verbose, console=args.verbose)
    log.info("casefile %s: %s", __version__, args.command)
    from sqlalchemy.exc import DBAPIError

    from casefile.db.engine import CaseStorageError
    from casefile.storage.atomic import OutputError

    try:
        code = COMMANDS[args.command](args)
    except (CaseNotFoundError, CaseLockedError) as exc:
        code = _refused(exc, 2)
    except (CaseStorageError, OutputError, ReadOnlyCaseError) as exc:
        code = _refused(exc, 1)
    except (CaseFileError, SchemaTooNewError) as exc:
        code = _refused(exc, 2 if args.command != "import" else 1)
    except DBAPIError as exc:  # a database error the engine could not name: still one sentence
        first = str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        code = _refused(f"The case database reported an error: {mask_url_password(first)}.", 1)
    except OSError as exc:
        code = _refused(os_sentence(exc), 1)
    except UnicodeEncodeError:
        code = _refused("A name could not be written in this terminal's encoding.", 1)
    except KeyboardInterrupt:
        code = _refused("interrupted", 130)
    log.info("casefile %s: exit %d", args.command, code)
    return code


def _refused(reason: BaseException | str, code: int) -> int:
    """One sentence for the user (and the log), never a traceback."""
    message = mask_url_password(str(reason))
    log.warning("%s", message)
    say(message)
    return code


COMMANDS = {
    "capture": cmd_capture,
    "ocr": cmd_ocr,
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
    "self-test": cmd_self_test,
    "conflicts": cmd_conflicts,
}
