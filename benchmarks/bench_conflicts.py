"""Where sources disagree at scale: matching stays incremental on a 100,000-event case.

    PYTHONPATH=. python benchmarks/bench_conflicts.py [--events 100000] [--articles 200] [--json FILE]

1. A synthetic case of N events (benchmarks/synthetic.py; its prose uses acts the matcher knows: filed,
   published, posted, emailed, signed, leaked, settled, testified …) is signed once (`sign_backlog` over every
   event, as the window's background job or `casefile conflicts` does for a case made before this feature).
2. Two batches of ~3 KB articles are imported into it (pass 1), then the suggestion pass (pass 2, rules only)
   runs: once with the happening hook switched off (baseline), once as shipped (the hook, `sign_new`, signs and
   matches the pass's own new events only). Printed: articles/s of each, the hook's own time for the baseline
   batch's events (signed afterwards), how many signature queries the shipped pass made, and the load average
   (the machine may be shared: compare the two passes of one run, and runs at a like load).
Goal: the shipped pass keeps >= 40 articles/s at 100,000 events.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, func, select

from benchmarks.synthetic import build_case, write_articles
from casefile.context import open_case
from casefile.db.models import Event, EventAct, HappeningEvent
from casefile.services import suggestion_service
from casefile.services.conflict_service import ConflictService


class _Counter:
    """Rows read from `event_act` / `event_act_key` while the hook runs (is the comparison incremental?)."""

    def __init__(self) -> None:
        self.statements = 0

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if "event_act" in statement and statement.lstrip().upper().startswith("SELECT"):
            self.statements += 1


def _pass(case, folder: Path, hook: bool, spent: list[float] | None = None) -> tuple[float, int]:  # noqa: ANN001
    """Articles/s of one suggestion pass; `spent` gets the seconds its hook took (of the whole pass)."""
    report = case.intake.import_paths([folder])
    assert report.imported > 0, report.summary()
    case.suggestions.use_model = False
    original = ConflictService.sign_new
    if not hook:
        suggestion_service.ConflictService.sign_new = lambda self, after: 0  # type: ignore[method-assign]
    elif spent is not None:
        def timed(self: ConflictService, after: int) -> int:
            t = time.perf_counter()
            try:
                return original(self, after)
            finally:
                spent.append(time.perf_counter() - t)

        suggestion_service.ConflictService.sign_new = timed  # type: ignore[method-assign]
    try:
        t = time.perf_counter()
        done = case.suggestions.run().done
        elapsed = time.perf_counter() - t
    finally:
        suggestion_service.ConflictService.sign_new = original  # type: ignore[method-assign]
    return done / elapsed, done


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--work", type=Path, help="keep the generated case here (default: a temporary folder)")
    ap.add_argument("--seed", type=int, default=21, help="of the two article batches (another for a kept case)")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-conflicts-"))
    path = work / f"events-{args.events}.casefile"
    results: dict[str, float | int] = {"events": args.events, "articles": args.articles}
    try:
        if not (path / "case.db").is_file():
            t = time.perf_counter()
            build_case(path, args.events)
            print(f"generated {args.events:,} events in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        with open_case(path) as case:
            t = time.perf_counter()
            signed = case.conflicts.sign_backlog().signed
            results["sign_all_s"] = round(time.perf_counter() - t, 2)
            results["signed"] = signed
            with case.ctx.reads() as s:
                results["with_act"] = s.scalar(select(func.count()).select_from(EventAct).where(EventAct.act != ""))
                results["linked"] = s.scalar(select(func.count()).select_from(HappeningEvent))
            base_dir, hook_dir = work / f"batch-{args.seed}", work / f"batch-{args.seed + 1}"
            write_articles(base_dir, args.articles, seed=args.seed)
            write_articles(hook_dir, args.articles, seed=args.seed + 1)
            results["baseline_per_s"] = round(_pass(case, base_dir, hook=False)[0], 1)
            t = time.perf_counter()
            results["catch_up_new"] = case.conflicts.sign_backlog().signed  # the baseline batch's events, now
            results["hook_only_s"] = round(time.perf_counter() - t, 3)
            counter = _Counter()
            event.listen(case.ctx.engine, "before_cursor_execute", counter)
            spent: list[float] = []
            rate, done = _pass(case, hook_dir, hook=True, spent=spent)
            event.remove(case.ctx.engine, "before_cursor_execute", counter)
            results["shipped_per_s"] = round(rate, 1)
            results["hook_in_pass_s"] = round(sum(spent), 3)
            results["shipped_without_hook_per_s"] = round(done / (done / rate - sum(spent)), 1)
            results["act_queries"] = counter.statements
            with case.ctx.reads() as s:
                results["events_after"] = s.scalar(select(func.count()).select_from(Event))
            t = time.perf_counter()
            found = case.conflicts.disagreements()
            results["list_disagreements_s"] = round(time.perf_counter() - t, 2)
            results["disagreements"] = len(found)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    results["load_average"] = round(os.getloadavg()[0], 2)  # 1 minute, at the end: the machine is shared
    print(f"{'metric':<28} value")
    notes = {"sign_all_s": "sign every event once (a case from before)", "baseline_per_s":
             "suggestion pass, hook off (articles/s)", "shipped_per_s": "suggestion pass, hook on (articles/s)",
             "hook_only_s": "hook for one batch's new events (s)",
             "hook_in_pass_s": "the shipped pass's own hook (s)",
             "shipped_without_hook_per_s": "the shipped pass less its hook (articles/s)",
             "act_queries": "signature queries in that pass"}
    for key, value in results.items():
        print(f"{key:<28} {value}   {notes.get(key, '')}")
    print("goal: shipped_per_s >= 40 at 100,000 events:", "met" if float(results["shipped_per_s"]) >= 40 else
          "NOT met")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
