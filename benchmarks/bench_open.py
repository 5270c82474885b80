"""Opening a case that needs an upgrade: how long the GUI thread froze, with the open on the GUI thread (as
before issue 23's last round) and in a worker (`MainWindow.request_open`).

    python benchmarks/bench_open.py                  # a copy of bench_session's cached 100k-event case
    python benchmarks/bench_open.py --small --json out.json

Each run opens a fresh copy of the cached case (`bench_session.session_case`, built once; it is at an older
revision than this version, so the open backs it up and migrates it) in `MainWindow` with a 5 ms heartbeat on
the GUI thread, and prints the longest stall from the request until the Timeline has painted (and split: while
the case opens — migration, backup, first reads — and while the window attaches and paints it), and the time
that took. Target: no stall over 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "CASEFILE_SETTINGS_DIR" not in os.environ:  # never touch the user's settings or recent-cases list
    os.environ["CASEFILE_SETTINGS_DIR"] = tempfile.mkdtemp(prefix="casefile-bench-settings-")

from benchmarks.bench_session import Heartbeat, session_case  # noqa: E402


def _revision(case_dir: Path) -> str:
    uri = (case_dir / "case.db").resolve().as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as db:
        return str(db.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def _copy(base: Path, work: Path) -> Path:
    dest = work / base.name
    shutil.copytree(base, dest, ignore=shutil.ignore_patterns("case.lock", "case.db-shm", "case.db-wal",
                                                              "case.db.backup-*"))
    return dest


def one_open(window: Any, case_dir: Path, on_gui_thread: bool) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from benchmarks.bench import wait_painted
    from casefile.context import open_case
    from casefile.gui.team.server_login import password_prompt

    app = QApplication.instance()
    beat = Heartbeat()
    beat.start()
    app.processEvents()
    t0 = time.perf_counter()
    if on_gui_thread:  # what `MainWindow.open_case` did before: open (migrate, back up) here, then attach
        window.attach_case(open_case(case_dir, password=password_prompt(window)))
    else:
        window.request_open(case_dir)
        while window.gctx is None:
            app.processEvents()
            time.sleep(0.001)
    t_open = time.perf_counter()
    timeline = window.tabs[0]
    wait_painted(window, timeline.table, timeline.model)
    t1 = time.perf_counter()
    beat.timer.stop()
    backup = window.gctx.case.backup
    window.runner.wait(120000)
    window.close_case()
    app.processEvents()
    return {"mode": "GUI thread" if on_gui_thread else "worker", "longest_stall_ms": round(beat.longest(t0, t1), 1),
            "stall_opening_ms": round(beat.longest(t0, t_open), 1),
            "stall_showing_ms": round(beat.longest(t_open + 1e-9, t1), 1), "elapsed_s": round(t1 - t0, 3),
            "backup": backup is not None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--small", action="store_true", help="the 2,000-event case")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "casefile-bench")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from casefile.db import migrate
    from casefile.gui.window.main_window import MainWindow

    base = session_case(args.cache, 2000 if args.small else 100_000)
    revision = _revision(base)
    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    results = []
    for on_gui_thread in (True, False):
        work = Path(tempfile.mkdtemp(prefix="casefile-bench-open-"))
        try:
            results.append(one_open(window, _copy(base, work), on_gui_thread))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()
    print(f"opening {base.name} (schema {revision} → {migrate.head_revision()}), load {load[0]:.2f}:")
    print(f"{'open':<12}{'longest stall':>15}{'opening':>12}{'showing':>12}{'elapsed':>10}  backup")
    for r in results:
        print(f"{r['mode']:<12}{r['longest_stall_ms']:>12.1f} ms{r['stall_opening_ms']:>9.1f} ms"
              f"{r['stall_showing_ms']:>9.1f} ms{r['elapsed_s']:>9.2f}s  {r['backup']}")
    if args.json:
        args.json.write_text(json.dumps({"case": base.name, "revision": revision, "load": load, "results": results},
                                        indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
