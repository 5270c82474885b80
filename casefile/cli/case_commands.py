"""The commands on a whole case: create, export, print, verify, search, archive, recover, move to a server."""

from __future__ import annotations

import argparse
import sys

from casefile.cli.output import (
    end_progress,
    first_interrupt_cancels,
    line,
    open_case_of,
    open_to_read,
    password_prompt,
    progress_line,
    say,
    show_progress,
)


def cmd_new(args: argparse.Namespace) -> int:
    from casefile.context import create_case

    with create_case(args.case_dir, args.title, args.description, database=args.database,
                     password=password_prompt()) as case:
        where = f" (records in {args.database})" if args.database else ""
        line(f"created {case.path}{where}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from casefile.storage.atomic import check_target

    if args.output:
        check_target(args.output.expanduser())  # before any work: a missing folder is said at once
    with open_to_read(args) as case:
        if args.output:
            case.export.write(args.format, args.output, args.include_dismissed)
        else:
            out = case.export.text(args.format, args.include_dismissed)
    if args.output:
        line(f"wrote {args.output}")
    else:
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from casefile.reports.options import options_from_args
    from casefile.reports.render import write_pdf
    from casefile.storage.atomic import check_target

    options = options_from_args(args)
    check_target(args.output.expanduser())
    with open_to_read(args) as case:
        pages = write_pdf(case, args.output, options)
    line(f"wrote {args.output} ({pages} pages)")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    with open_to_read(args) as case:
        checked = case.evidence.check_database()
        server = case.ctx.engine.dialect.name != "sqlite"
        problems = case.evidence.verify()
        total = case.evidence.count()
        orphans = case.evidence.orphans()
        recorded = case.evidence.last_recorded
    for p in problems:
        line(f"Ex. {p.exhibit} {p.filename}: {p.state.value} — {p.detail}")
    for o in orphans:
        known = f" (imported as '{o.known_as}')" if o.known_as else ""
        line(f"evidence/{o.sha256[:2]}/{o.sha256}: belongs to no exhibit{known}, {o.size} bytes — "
              "left by an interrupted import; import its file again, or run 'casefile recover' to attach it")
    if server:  # SQLite's quick_check has no PostgreSQL twin: say what was checked instead
        line(checked)
    line(f"{total} exhibits checked, {len(problems)} missing or altered")
    if orphans:
        line(f"{len(orphans)} stored originals belong to no exhibit")
    if not recorded:
        line("(the results were not recorded in the case: it is open elsewhere, read-only, or its disk is full)")
    return 1 if problems else 0  # an original without an exhibit is a leftover to look at, not damage


def cmd_search(args: argparse.Namespace) -> int:
    """Ctrl+C stops the query itself (the search polls the flag while the database works), not only its end."""
    from casefile.domain.errors import SearchStoppedError
    from casefile.services.search_service import check_limit

    limit = check_limit(args.limit)
    with open_to_read(args) as case, first_interrupt_cancels() as stop:  # (a password prompt keeps Ctrl+C)
        try:
            result = case.search.find(args.query, limit=limit, cancelled=stop.is_set)
        except SearchStoppedError as exc:  # Ctrl+C, or the time limit (said as such; not a usage error)
            say("interrupted" if exc.reason == "cancelled" else str(exc))
            return 130 if exc.reason == "cancelled" else 1
    if result.notice:
        say(result.notice)
    hits = result.hits
    if not hits:
        print("no matches")
    for i, h in enumerate(hits, 1):
        line(f"{i}. [{h.type.value} {h.id}] {h.title}")
        line(f"   {h.snippet}")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    """Where sources disagree: each disagreement with both values and where each is told."""
    import json

    from casefile.domain.conflicts import disagreement_json

    with open_to_read(args) as case, first_interrupt_cancels() as stop:
        # events imported before this version, or added by hand, are compared first (Ctrl+C stops; run again)
        done = case.conflicts.sign_backlog(
            lambda n, total: show_progress(f"Comparing sources: {n:,} of {total:,} events checked"), stop.is_set)
        end_progress()
        if done.cancelled:
            say(f"interrupted: {done.signed:,} of {done.total:,} events compared; run it again to go on")
            return 130
        found = case.conflicts.disagreements()
    if args.json:
        print(json.dumps([disagreement_json(d) for d in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("no disagreements between sources")
    for d in found:
        state = f"verdict: {d.verdict.value}" if d.verdict else "open"
        line(f"{d.kind.value}: {d.a.title} [{state}]")
        for t in (d.a, d.b):
            line(f"   {t.value!r} (Ex. {t.exhibit}, {t.outlet}, event {t.event_id}): {t.quote}")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    from casefile.services.archive import archive_case
    from casefile.storage.atomic import check_target

    check_target(args.output.expanduser())
    with open_to_read(args) as case:
        n = archive_case(case, args.output)
    line(f"wrote {args.output} ({n} originals)")
    return 0


def cmd_unarchive(args: argparse.Namespace) -> int:
    from casefile.services.archive import unarchive_case

    path = unarchive_case(args.archive, args.case_dir)
    line(f"unpacked to {path}; every hash checked")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    from casefile.recover import recover_case

    report = recover_case(args.case_dir, args.new_dir)
    for text in report.lines():
        line(text)
    return 0 if report.complete else 1


def cmd_move_to_server(args: argparse.Namespace) -> int:
    """Re-hash, copy, check, switch; Ctrl+C (once: at the next batch; twice: at once) leaves the case as it was."""
    from casefile.domain.errors import CaseStorageError
    from casefile.services.move_to_server import MoveCancelled, check_url, move_to_server

    shown = check_url(args.database)  # a password in it, or a mistyped one, is said before the case is touched
    prompt, password = password_prompt(), None
    with first_interrupt_cancels() as interrupted, open_case_of(args) as case:
        try:
            for attempt in range(3):  # the server is asked first, so a password typed again costs nothing
                try:
                    result = move_to_server(case, args.database, progress=progress_line,
                                            cancelled=interrupted.is_set, password=password)
                    break
                except CaseStorageError as exc:
                    if exc.kind != "auth" or prompt is None or attempt == 2:
                        raise
                    end_progress()
                    password = prompt(shown, "" if attempt == 0 and "asks for a password" in str(exc) else str(exc))
                    if password is None:
                        raise
        except MoveCancelled as exc:
            say(str(exc))
            return 130
        finally:
            end_progress()
    for text in result.lines():
        line(text)
    return 0
