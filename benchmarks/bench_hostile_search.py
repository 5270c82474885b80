"""Hostile searches before and after the bounds: repeated words, pasted pages, one-letter prefixes.

    python benchmarks/bench_hostile_search.py                       # a 200-article local case (+ a server case
    python benchmarks/bench_hostile_search.py --json out.json       #   when CASEFILE_TEST_PG or --server is set)

Imports 200 generated ~3 KB articles (`synthetic.write_articles`, pass 1) into a local case, and into a server case
in a throwaway database when a server is given. For each input, "before" runs the query as the services built it
before the bounds (every word, repeats and all, in the same ranked SQL with snippets) under a time limit of
`--before-limit` seconds (a longer run is shown as "> N s"; "a " × 400 once took 65 s, × 50,000 more than two
minutes); "after" is `case.search.find`, what the app and the CLI now run. Times are medians of `--runs` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import string
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_pg import throwaway_database  # noqa: E402
from benchmarks.synthetic import write_articles  # noqa: E402
from casefile.context import Case, create_case  # noqa: E402
from casefile.db.interrupt import Interrupted, interruptible  # noqa: E402
from casefile.domain.errors import CaseFileError  # noqa: E402
from casefile.services import search_service  # noqa: E402

_RNG = random.Random(3)
PASTED = " ".join("".join(_RNG.choice(string.ascii_lowercase) for _ in range(7)) for _ in range(20_000))
INPUTS: list[tuple[str, str]] = [
    ("okafor", "okafor"),
    ('"doctored recording"', '"doctored recording"'),
    ('"a " x 400', "a " * 400),
    ('"a " x 50,000', "a " * 50_000),
    ('"okafor " x 600', "okafor " * 600),
    ("20,000 distinct words", PASTED),
    ("16 one-letter prefixes", " ".join(string.ascii_lowercase[:16])),
]
_WORD = re.compile(r"\w+")


def old_query(typed: str, postgresql: bool) -> str | None:
    """The query as `text_query` built it before the bounds: every word and phrase, repeats included."""
    phrases = [w for p in re.findall(r'"([^"]+)"', typed) if (w := _WORD.findall(p))]
    words = _WORD.findall(re.sub(r'"[^"]*"', " ", typed))
    if postgresql:
        parts = ["(" + " <-> ".join(f"'{w.lower()}'" for w in p) + ")" for p in phrases]
        parts += [f"'{w.lower()}':*" for w in words]
        return " & ".join(parts) or None
    parts = ['"' + " ".join(p) + '"' for p in phrases] + [f'"{w}"*' for w in words]
    return " AND ".join(parts) or None


def before(case: Case, typed: str, limit_s: float) -> str:
    """The old query in the same ranked SQL; its time, "> N s" when stopped, or the error it ended with."""
    postgresql = case.ctx.backend == "postgresql"
    q = old_query(typed, postgresql)
    sql = search_service._PG_SQL if postgresql else search_service._SQL
    t = time.perf_counter()
    try:
        with case.ctx.reads() as s, s.begin(), interruptible(s, limit_s):
            s.execute(sql, {"q": q, "limit": 20}).all()
    except Interrupted:
        return f"> {limit_s:.0f} s"
    except Exception as exc:  # noqa: BLE001 - what the user met then
        text = str(getattr(exc, "orig", exc)).splitlines()[0]
        return f"error: {text[:40]}"
    return _ms(time.perf_counter() - t)


def after(case: Case, typed: str, runs: int) -> tuple[str, float | None, str]:
    times: list[float] = []
    note = ""
    for _ in range(runs):
        t = time.perf_counter()
        try:
            result = case.search.find(typed, limit=20)
            note = f"{len(result.hits)} hits" + (" · shortened" if result.notice else "")
        except CaseFileError as exc:
            return f"said: {str(exc)[:40]}", None, ""
        times.append(time.perf_counter() - t)
    median = statistics.median(times)
    return _ms(median), median, note


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def measure(case: Case, label: str, runs: int, limit_s: float) -> list[dict[str, Any]]:
    rows = []
    for name, typed in INPUTS:
        shown, seconds, note = after(case, typed, runs)
        rows.append({"case": label, "input": name, "before": before(case, typed, limit_s), "after": shown,
                     "after_s": seconds, "note": note})
        print(f"  {label:8} {name:24} done", file=sys.stderr)
    return rows


def _imported(make: Callable[[], Case], arts: Path) -> Case:
    case = make()
    report = case.intake.import_paths([arts])
    assert report.imported == len(list(arts.iterdir())), report.summary()
    return case


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--server", default=os.environ.get("CASEFILE_TEST_PG"),
                    help="a PostgreSQL URL where a database may be created (default: CASEFILE_TEST_PG)")
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--before-limit", type=float, default=20.0, help="seconds an old query may run")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="casefile-bench-hostile-"))
    rows: list[dict[str, Any]] = []
    try:
        arts = work / "articles"
        write_articles(arts, args.articles)
        with _imported(lambda: create_case(work / "local", "Hostile search benchmark"), arts) as case:
            rows += measure(case, "local", args.runs, args.before_limit)
        if args.server:
            with throwaway_database(args.server, False) as url, _imported(
                    lambda: create_case(work / "server", "Hostile search benchmark", database=url), arts) as case:
                rows += measure(case, "server", args.runs, args.before_limit)
        else:
            print("no server given (--server or CASEFILE_TEST_PG): the local case only", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{args.articles} articles; before: the unbounded query, stopped after {args.before_limit:.0f} s; "
          f"after: case.search.find (median of {args.runs})\n")
    header = f"{'case':8} {'input':24} {'before':>46} {'after':>14}  note"
    print(header + "\n" + "-" * len(header))
    for r in rows:
        print(f"{r['case']:8} {r['input']:24} {r['before']:>46} {r['after']:>14}  {r['note']}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
