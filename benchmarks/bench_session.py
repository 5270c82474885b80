"""A person's session in the real window, with a 5 ms heartbeat on the GUI thread: how long the window froze.

    python benchmarks/bench_session.py                 # 100k events, 20k exhibits, 2,000 parties
    python benchmarks/bench_session.py --small         # 2,000 events: a quick run
    python benchmarks/bench_session.py --json out.json --no-import

The case is generated once (`benchmarks/synthetic.py`, bulk inserts) and cached in --cache; on top of it a few
parties are linked to tens of thousands of events (the first to 20,000), given mentions, and one exhibit holds
a 10 MB text. The session opens the case in `MainWindow` (and an empty case first, for the open-and-paint
ratio), then, while an import of articles runs: every tab; a dozen rows each (Down key); scroll to the end and
back; sort each column (header clicks); filter keystrokes; Find; the party with 20,000 events; the long
exhibit; All shown → Confirm and its undo. A 5 ms QTimer on the GUI thread records every gap between its beats;
a stall is a gap minus the 5 ms. Prints the longest stall per action and the 99th percentile of all beats;
targets: no stall over 100 ms, p99 under 30 ms, filter keystroke under 100 ms, open ≤ 1.25× an empty case.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "CASEFILE_SETTINGS_DIR" not in os.environ:  # never touch the user's settings or recent-cases list
    os.environ["CASEFILE_SETTINGS_DIR"] = tempfile.mkdtemp(prefix="casefile-bench-settings-")

from benchmarks.synthetic import build_case, write_articles  # noqa: E402

CASE_VERSION = "2"  # 2: the long exhibit has its suggestion_run row
BEAT_MS = 5
LONG_TEXT_MB = 10
TARGETS = {"longest_stall_ms": 100.0, "p99_ms": 30.0, "filter_keystroke_ms": 100.0, "open_ratio": 1.25}


# the case ------------------------------------------------------------------------------------------------------
def session_case(cache: Path, n_events: int) -> Path:
    """The synthetic case plus heavy parties, mentions and a long exhibit; reused from `cache` when there."""
    path = cache / f"session-{n_events}.casefile"
    marker = cache / f"session-{n_events}.ok"
    if marker.is_file() and marker.read_text() == CASE_VERSION and (path / "case.db").is_file():
        return path
    shutil.rmtree(path, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    build_case(path, n_events, max(20, n_events // 5))
    _heavy_parts(path / "case.db", n_events)
    print(f"  generated the {n_events:,}-event session case in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    marker.write_text(CASE_VERSION)
    return path


def _heavy_parts(db: Path, n_events: int) -> None:
    conn = sqlite3.connect(db)
    try:
        with conn:
            # party 1 in every 5th event (20,000 at 100k), parties 2-4 in every 7th, 9th, 11th: tens of thousands
            for pid, step in ((1, 5), (2, 7), (3, 9), (4, 11)):
                conn.execute("INSERT OR IGNORE INTO event_party (event_id, party_id) "
                             "SELECT id, ? FROM event WHERE id % ? = 0", (pid, step))
            conn.execute("UPDATE party SET name = 'Adaeze Okafor' WHERE id = 1")
            # mentions of party 1: two in every 4th exhibit
            conn.execute("INSERT INTO mention (party_id, evidence_id, char_start, char_end, text) "
                         "SELECT 1, id, 10, 24, substr(text, 11, 14) FROM evidence WHERE id % 4 = 0 "
                         "UNION ALL SELECT 1, id, 200, 214, substr(text, 201, 14) FROM evidence WHERE id % 4 = 0")
            line = "2021-03-04\tHalvorsen board meets\tThe board of Halvorsen Media Group met on the settlement.\n"
            text = line * (LONG_TEXT_MB * 1024 * 1024 // len(line))
            n = conn.execute("SELECT max(exhibit) FROM evidence").fetchone()[0] + 1
            conn.execute(
                "INSERT INTO evidence (exhibit, filename, sha256, size, media_type, kind, title, author, url, text, "
                "metadata, source_path, imported_at, relation, verify_state, read_error, version) VALUES "
                "(?, 'chronology.tsv', ?, ?, 'text/tab-separated-values', 'document', 'The long chronology', '', "
                "'', ?, '{}', '', '2026-01-01T00:00:00', '', 'unverified', '', 1)",
                (n, f"{n:064x}", len(text), text))
            conn.execute("INSERT INTO suggestion_run (evidence_id, at, engine, event_count, party_count) "
                         "SELECT id, imported_at, 'rules', 0, 0 FROM evidence WHERE exhibit = ?", (n,))
        conn.execute("PRAGMA optimize")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


# the heartbeat -------------------------------------------------------------------------------------------------
class Heartbeat:
    """A 5 ms timer on the GUI thread; `gaps` holds (time of the beat, ms late) for every beat."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[tuple[float, float]] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(BEAT_MS)
        self.timer.timeout.connect(self._beat)

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now, max(0.0, (now - self._last) * 1000 - BEAT_MS)))
        self._last = now

    def longest(self, t0: float, t1: float) -> float:
        return max((ms for t, ms in self.gaps if t0 <= t <= t1), default=0.0)


# the session ---------------------------------------------------------------------------------------------------
class Session:
    def __init__(self, window: Any, beat: Heartbeat) -> None:
        from PySide6.QtWidgets import QApplication

        self.w, self.beat, self.app = window, beat, QApplication.instance()
        self.actions: list[dict[str, Any]] = []

    def wait(self, ms: int) -> None:
        from PySide6.QtTest import QTest

        QTest.qWait(ms)

    def settle(self, timeout: float = 20.0) -> None:
        """Let the event loop run until no interactive read is pending (an import may go on)."""
        from casefile.gui.worker import Lane

        end = time.perf_counter() + timeout
        self.wait(60)
        while time.perf_counter() < end:
            busy = [t for t in self.w.runner.active
                    if t.running and getattr(t, "lane", Lane.INTERACTIVE) is Lane.INTERACTIVE]
            if not busy:
                break
            self.wait(10)
        self.wait(60)

    def act(self, name: str, fn: Callable[[], object], settle: bool = True) -> float:
        t0 = time.perf_counter()
        fn()
        if settle:
            self.settle()
        else:
            self.wait(30)
        t1 = time.perf_counter()
        worst = self.beat.longest(t0, t1)
        self.actions.append({"action": name, "longest_stall_ms": round(worst, 1), "elapsed_s": round(t1 - t0, 3)})
        print(f"  {name:<46}{worst:8.0f} ms", file=sys.stderr, flush=True)
        return worst


def _keys(widget: Any, key: Any, n: int = 1) -> None:
    from PySide6.QtTest import QTest

    for _ in range(n):
        QTest.keyClick(widget, key)


def _click_header(view: Any, col: int) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    header = view.horizontalHeader()
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(x, header.height() // 2))


def _table_session(s: Session, label: str, index: int, view: Any, filter_edit: Any, word: str) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    s.act(f"{label}: switch to the tab", lambda: s.w.tab_widget.setCurrentIndex(index))
    view.setFocus()
    s.act(f"{label}: select a row", lambda: view.selectRow(0))
    for i in range(12):
        s.act(f"{label}: next row ({i + 1})", lambda: _keys(view, Qt.Key.Key_Down))
    bar = view.verticalScrollBar()
    s.act(f"{label}: scroll to the end", lambda: bar.setValue(bar.maximum()))
    s.act(f"{label}: and back", lambda: bar.setValue(0))
    header = view.horizontalHeader()
    for col in range(header.count()):
        if not header.isSectionHidden(col):
            s.act(f"{label}: sort column {col}", lambda c=col: _click_header(view, c))
    keystrokes = []
    if filter_edit is not None:
        filter_edit.setFocus()
        for ch in word:
            keystrokes.append(s.act(f"{label}: filter keystroke '{ch}'",
                                    lambda c=ch: QTest.keyClick(filter_edit, c)))
        s.act(f"{label}: clear the filter", filter_edit.clear)
    return keystrokes


def run_session(path: Path, empty: Path, articles: Path | None) -> dict[str, Any]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from benchmarks.bench import wait_painted
    from casefile.domain.enums import Status
    from casefile.gui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    app.processEvents()

    def open_and_paint(case_dir: Path) -> float:
        t = time.perf_counter()
        window.open_case(case_dir)
        timeline = window.tabs[0]
        wait_painted(window, timeline.table, timeline.model)
        return time.perf_counter() - t

    open_empty = open_and_paint(empty)
    window.runner.wait(60000)
    window.close_case()
    app.processEvents()
    beat = Heartbeat()
    beat.start()
    if os.environ.get("CASEFILE_STALL_WATCHDOG") == "1":  # log each stall's stack (casefile.gui.window.watchdog)
        import logging

        from casefile.gui.window.watchdog import StallWatchdog

        logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
        window.stall_watchdog = StallWatchdog(parent=window)
        window.stall_watchdog.start()
    s = Session(window, beat)
    t0 = time.perf_counter()
    open_case_s = open_and_paint(path)
    worst_open = beat.longest(t0, time.perf_counter())
    s.actions.append({"action": "open the case and paint", "longest_stall_ms": round(worst_open, 1),
                      "elapsed_s": round(open_case_s, 3)})
    s.settle()
    if articles is not None:
        s.act("start an import", lambda: window.import_controller.import_paths([articles]), settle=False)
    timeline, parties, evidence = window.tabs[0], window.tabs[1], window.tabs[2]
    keys = _table_session(s, "Timeline", 0, timeline.table, timeline.filter_bar.text, "okafor")
    keys += _table_session(s, "Parties", 1, parties.table, parties.search, "hal")
    keys += _table_session(s, "Evidence", 2, evidence.table, evidence.filter_edit, "board")
    for i in range(3, window.tab_widget.count()):
        s.act(f"tab {window.tab_widget.tabText(i)}", lambda i=i: window.tab_widget.setCurrentIndex(i))

    # Find
    s.act("Find: open", window.find)
    for ch in "okafor":
        s.act(f"Find: keystroke '{ch}'", lambda c=ch: QTest.keyClick(window.search_panel.query, c))
    s.act("Find: clear", window.search_panel.query.clear)

    # the party with 20,000 events
    s.act("Parties: switch back", lambda: window.tab_widget.setCurrentIndex(1))
    parties.search.setFocus()
    QTest.keyClicks(parties.search, "Adaeze Okafor")
    s.settle()
    s.act("Parties: the party with 20,000 events", lambda: parties.table.selectRow(0))

    # the long exhibit
    s.act("Evidence: switch back", lambda: window.tab_widget.setCurrentIndex(2))
    evidence.filter_edit.setFocus()
    QTest.keyClicks(evidence.filter_edit, "long chronology")
    s.settle()
    s.act("Evidence: the 10 MB exhibit", lambda: evidence.table.selectRow(0))
    s.act("Evidence: clear the filter", evidence.filter_edit.clear)

    # All shown -> Confirm, and its undo
    s.act("Timeline: switch back", lambda: window.tab_widget.setCurrentIndex(0))
    s.act("Timeline: All shown → Confirm", lambda: timeline.review.verdict_on_filter(Status.CONFIRMED))
    s.act("Timeline: undo it", lambda: QTest.keyClick(timeline.table, Qt.Key.Key_Z,
                                                       Qt.KeyboardModifier.ControlModifier))
    beat.timer.stop()
    gaps = sorted(ms for t, ms in beat.gaps if t >= t0)
    p99 = gaps[min(len(gaps) - 1, int(len(gaps) * 0.99))] if gaps else 0.0
    window.runner.wait(120000)
    window.close_case()
    window.close()
    return {"actions": s.actions, "p99_ms": round(p99, 1), "beats": len(gaps),
            "longest_stall_ms": max(a["longest_stall_ms"] for a in s.actions),
            "filter_keystroke_ms": round(max(keys), 1) if keys else None,
            "filter_keystroke_median_ms": round(statistics.median(keys), 1) if keys else None,
            "open_s": round(open_case_s, 3), "open_empty_s": round(open_empty, 3),
            "open_ratio": round(open_case_s / open_empty, 2) if open_empty else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--small", action="store_true", help="2,000 events: a quick run")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "casefile-bench")
    ap.add_argument("--articles", type=int, default=200, help="files imported during the session")
    ap.add_argument("--no-import", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    n = 2_000 if args.small else args.events
    base = session_case(args.cache, n)
    work = Path(tempfile.mkdtemp(prefix="casefile-bench-session-"))
    try:
        case_dir = work / "case.casefile"
        shutil.copytree(base, case_dir)  # the session changes it (a verdict, an import)
        from casefile.context import create_case

        create_case(work / "empty.casefile", "empty").close()
        articles = None if args.no_import else work / "articles"
        if articles is not None:
            write_articles(articles, args.articles)
        out = run_session(case_dir, work / "empty.casefile", articles)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out["events"] = n
    out["load"] = os.getloadavg()
    print(f"\nA person's session at {n:,} events (load {out['load'][0]:.2f}); longest stall per action:")
    for a in out["actions"]:
        flag = "  !" if a["longest_stall_ms"] > TARGETS["longest_stall_ms"] else ""
        print(f"  {a['action']:<46}{a['longest_stall_ms']:8.0f} ms{flag}")
    print(f"\n{'longest stall':<28}{out['longest_stall_ms']:8.0f} ms   target < {TARGETS['longest_stall_ms']:.0f}")
    print(f"{'99th percentile':<28}{out['p99_ms']:8.1f} ms   target < {TARGETS['p99_ms']:.0f}")
    if out["filter_keystroke_ms"] is not None:
        print(f"{'filter keystroke (worst)':<28}{out['filter_keystroke_ms']:8.0f} ms   target < 100 "
              f"(median {out['filter_keystroke_median_ms']:.0f} ms)")
    print(f"{'open and paint':<28}{out['open_s']:8.2f} s    empty case {out['open_empty_s']:.2f} s, "
          f"ratio {out['open_ratio']}  target ≤ {TARGETS['open_ratio']}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
