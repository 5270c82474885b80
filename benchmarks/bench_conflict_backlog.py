"""A case made before sources were compared: how fast its backlog is signed, and whether an import beside it
still gets in (the regression of issue 22: 183 of 200 files refused as "busy" while every event was signed).

    PYTHONPATH=. python benchmarks/bench_conflict_backlog.py [--events 100000] [--seconds 60] [--articles 60]
                                                            [--work DIR] [--json FILE]

1. A synthetic case of N events (benchmarks/synthetic.py), none signed, is copied; `sign_backlog` runs for
   --seconds with nothing else: events signed per second, CPU per event.
2. On a fresh copy, `sign_backlog` runs in a thread without pausing (the worst case: in the window it waits
   while an import runs) while --articles files are imported beside it (another thread, its own connections,
   as in the window): files imported and refused, and the import's time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from benchmarks.synthetic import build_case, write_articles
from casefile.context import open_case
from casefile.db.models import EventAct


def _signed(case: Any) -> int:  # noqa: ANN401
    with case.ctx.reads() as s:
        return s.scalar(select(func.count()).select_from(EventAct)) or 0


def _rate(base: Path, work: Path, seconds: float) -> dict[str, float]:
    path = work / "rate.casefile"
    shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(base, path)
    with open_case(path) as case:
        stop = threading.Event()
        worker = threading.Thread(target=lambda: case.conflicts.sign_backlog(cancelled=stop.is_set))
        t, cpu = time.perf_counter(), time.process_time()
        worker.start()
        worker.join(seconds)
        stop.set()
        worker.join()
        elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
        n = _signed(case)
    return {"backlog_signed": n, "backlog_s": round(elapsed, 1), "backlog_per_s": round(n / elapsed),
            "backlog_cpu_ms_per_event": round(cpu / max(n, 1) * 1000, 2)}


def _beside(base: Path, work: Path, articles: int) -> dict[str, float]:
    path = work / "beside.casefile"
    shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(base, path)
    folder = work / "articles"
    shutil.rmtree(folder, ignore_errors=True)
    write_articles(folder, articles, seed=77)
    with open_case(path) as case:
        case.suggestions.use_model = False
        stop = threading.Event()
        worker = threading.Thread(target=lambda: case.conflicts.sign_backlog(cancelled=stop.is_set))
        worker.start()
        while _signed(case) == 0 and worker.is_alive():  # the backlog under way before the import starts
            time.sleep(0.05)
        t = time.perf_counter()
        report = case.imports.import_paths([folder])
        elapsed = time.perf_counter() - t
        stop.set()
        worker.join()
    return {"import_files": articles, "import_imported": report.imported, "import_refused": report.failed,
            "import_s": round(elapsed, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--articles", type=int, default=60)
    ap.add_argument("--work", type=Path, help="keep the generated case here (default: a temporary folder)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-backlog-"))
    base = work / f"unsigned-{args.events}.casefile"
    results: dict[str, Any] = {"events": args.events}
    try:
        if not (base / "case.db").is_file():
            build_case(base, args.events)
        results.update(_rate(base, work, args.seconds))
        results.update(_beside(base, work, args.articles))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    results["load_average"] = round(os.getloadavg()[0], 2)
    print(f"{'metric':<28} value")
    for key, value in results.items():
        print(f"{key:<28} {value}")
    print("goal: no file refused beside the backlog:", "met" if results["import_refused"] == 0 else "NOT met")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
