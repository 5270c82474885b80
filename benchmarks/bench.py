"""CaseFile at scale: build synthetic cases of growing size and time what users feel.

    python benchmarks/bench.py --sizes 1000,10000,100000 --json results.json --keep
    python benchmarks/bench.py --quick

Prints a table (medians of several runs) and, with --json, writes `[{"events", "metric", "median_s", ...}]`.
See benchmarks/README.md for what each metric measures and the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "CASEFILE_SETTINGS_DIR" not in os.environ:  # never touch the user's settings or recent-cases list
    os.environ["CASEFILE_SETTINGS_DIR"] = tempfile.mkdtemp(prefix="casefile-bench-settings-")

from benchmarks.synthetic import build_case, default_exhibits, write_articles, write_clip  # noqa: E402
from casefile.context import Case, create_case, open_case  # noqa: E402
from casefile.domain.records import EventFilter  # noqa: E402

GENERATOR_VERSION = "2"  # 2: exhibits carry their suggestion_run rows
PAGE = 200
FILTER_TEXTS = ("okafor", "doctored rec", "subpoena", "ok")  # last: the second keystroke of a word
SEARCH_TEXTS = ("okafor", "leaked recording", "halvorsen settlement", '"sworn affidavit"', "subp")
PDF_EVENTS = 5_000
TARGETS = {  # at the largest size; seconds unless noted
    "open_first_paint": ("<", 1.0),
    "filter_keystroke": ("<", 0.100),
    "search": ("<", 0.050),
    "import_articles": (">=", 100.0),  # per second
    "clip_vs_sha256sum_cp": ("<=", 1.5),  # ratio
    "summary_pdf_5000": ("<", 15.0),
    "peak_rss": ("<", 400.0),  # MB
}


@dataclass
class Result:
    events: int
    metric: str
    median_s: float | None
    extra: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"events": self.events, "metric": self.metric, "median_s": self.median_s}
        d.update(self.extra)
        if self.note:
            d["note"] = self.note
        return d


def median_time(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


# cases -------------------------------------------------------------------------------------------------
GENERATED: list[Path] = []  # cases this run generated (removed at the end unless --keep)


def cached_case(cache: Path, n_events: int, n_exhibits: int | None = None) -> Path:
    """The synthetic case for `n_events`: reused from `cache` when there, else generated (kept with --keep)."""
    path = cache / f"events-{n_events}.casefile"
    marker = cache / f"events-{n_events}.ok"
    if marker.is_file() and marker.read_text() == GENERATOR_VERSION and (path / "case.db").is_file():
        return path
    shutil.rmtree(path, ignore_errors=True)
    t = time.perf_counter()
    GENERATED.append(path)
    build_case(path, n_events, n_exhibits)
    print(f"  generated {n_events:,} events in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    marker.write_text(GENERATOR_VERSION)
    return path


# GUI ---------------------------------------------------------------------------------------------------
def _qt_app():  # noqa: ANN202
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def gui_available() -> bool:
    try:
        import casefile.gui.timeline.model  # noqa: F401
    except Exception:
        return False
    return True


class TimelineProbe:
    """Drives the Timeline as the app shows it: `MainWindow.open_case(path)` (Timeline tab first), or, while
    the main window has not landed, a stand-in (`EventTableModel` in a `QTableView` behind a proxy)."""

    def __init__(self) -> None:
        self.case: Case | None = None
        self.window = None
        try:
            from casefile.gui.window.main_window import MainWindow

            self.window = MainWindow()
            self.kind = "main window"
            self.window.show()  # the app is up, showing its welcome page, before a case is opened
            _qt_app().processEvents()
        except ImportError:
            self.kind = "stand-in view + EventTableModel"
        self.widget = self.window

    def open(self, path: Path) -> None:
        """Open the case the way the user does; the caller times this plus `wait_painted`."""
        if self.window is not None:
            if not self.window.open_case(path):
                raise RuntimeError(f"the main window refused to open {path}")
            self.case = self.window.gctx.case
        else:
            self.case = open_case(path)
            self.widget = self._stand_in(self.case)
        self.view = self._find_view(self.widget)
        self.model = self._find_model(self.view)
        self.filter_bar = self._find_filter_bar(self.widget)
        self._resets = 0
        self.filter_text = ""
        self.model.modelReset.connect(self._count_reset)

    def _count_reset(self) -> None:
        self._resets += 1

    @staticmethod
    def _stand_in(case: Case):  # noqa: ANN205
        from PySide6.QtCore import QSortFilterProxyModel
        from PySide6.QtWidgets import QTableView

        from casefile.gui.timeline.model import SORT_ROLE, EventTableModel

        model = EventTableModel(case.events)
        proxy = QSortFilterProxyModel()
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        view = QTableView()
        view.setModel(proxy)
        view.resize(1200, 800)
        view._bench_keep = (model, proxy)  # type: ignore[attr-defined]
        model.reload()
        return view

    @staticmethod
    def _find_view(w):  # noqa: ANN001, ANN205
        from PySide6.QtWidgets import QTableView

        if isinstance(w, QTableView):
            return w
        from casefile.gui.timeline.model import EventTableModel

        for v in w.findChildren(QTableView):
            if isinstance(_source_model(v.model()), EventTableModel):
                return v
        raise RuntimeError("no Timeline table view found")

    @staticmethod
    def _find_model(view):  # noqa: ANN001, ANN205
        return _source_model(view.model())

    @staticmethod
    def _find_filter_bar(w):  # noqa: ANN001, ANN205
        try:
            from casefile.gui.timeline.filter_bar import FilterBar
        except ImportError:
            return None
        bars = w.findChildren(FilterBar)
        return bars[0] if bars else None

    def show_and_wait_painted(self) -> None:
        wait_painted(self.widget, self.view, self.model)

    def set_filter_text(self, text: str) -> None:
        """Type `text` as the filter bar would deliver it; return once the model holds its first page."""
        app = _qt_app()
        before = self._resets
        if text == self.filter_text:
            return  # nothing to type: the bar would not emit and the model would not reload
        self.filter_text = text
        if self.filter_bar is not None:
            self.filter_bar.text.setText(text)
            self.filter_bar.flush()  # skip the debounce: measure the work, not the timer
        else:
            from casefile.domain.records import EventFilter

            self.model.set_filter(EventFilter(text=text))
        end = time.perf_counter() + 30
        while self._resets == before and time.perf_counter() < end:
            app.processEvents()
        app.processEvents()  # let the view lay out and paint the new rows

    def idle(self) -> None:
        """Let background tasks (the visual timeline's positions) finish and their results land."""
        app = _qt_app()
        if self.window is not None:
            self.window.runner.wait(60000)
        for _ in range(3):
            app.processEvents()

    def scroll_to_end(self) -> int:
        """Scroll the table to the bottom again and again until the model has fetched every row."""
        app = _qt_app()
        while self.model.canFetchMore():
            self.view.scrollToBottom()
            app.processEvents()
        self.view.scrollToBottom()
        app.processEvents()
        return self.model.rowCount()

    def close(self) -> None:
        app = _qt_app()
        if self.window is not None:
            self.window.close_case()
            self.window.close()
            self.window.deleteLater()
        else:
            self.widget.close()
            self.widget.deleteLater()
            if self.case is not None:
                self.case.close()
        app.processEvents()


def _source_model(m):  # noqa: ANN001, ANN202
    while hasattr(m, "sourceModel") and m.sourceModel() is not None:
        m = m.sourceModel()
    return m


def wait_painted(widget, view=None, model=None, timeout: float = 30.0) -> None:  # noqa: ANN001
    """Show `widget` and process events until `view` has painted (with rows, when `model` has any)."""
    from PySide6.QtCore import QEvent, QObject

    app = _qt_app()
    painted = []

    class Spy(QObject):
        def eventFilter(self, obj, ev):  # noqa: ANN001, N802
            if ev.type() == QEvent.Type.Paint and (model is None or model.rowCount() or not model.canFetchMore()):
                painted.append(obj)
            return False

    spy = Spy()
    view = view or widget
    target = view.viewport() if hasattr(view, "viewport") else view
    target.installEventFilter(spy)
    widget.show()
    end = time.perf_counter() + timeout
    while not painted and time.perf_counter() < end:
        app.processEvents()
    target.removeEventFilter(spy)


# measurements ------------------------------------------------------------------------------------------
class SqlCapture:
    """Records the SELECTs the services send, so the same SQL text can be re-run on a bare sqlite3 connection."""

    def __init__(self, case: Case) -> None:
        from sqlalchemy import event

        self.statements: list[tuple[str, Any]] = []
        self._engine = case.ctx.engine
        self._event = event

        def before(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, ARG001
            if statement.lstrip().upper().startswith("SELECT"):
                self.statements.append((statement, parameters))

        self._fn = before
        event.listen(self._engine, "before_cursor_execute", before)

    def stop(self) -> list[tuple[str, Any]]:
        self._event.remove(self._engine, "before_cursor_execute", self._fn)
        return self.statements


def bare_runner(db: Path, statements: list[tuple[str, Any]]) -> Callable[[], None]:
    conn = sqlite3.connect(db, check_same_thread=False)
    conn.execute("PRAGMA cache_size = -8000")  # as casefile.db.engine
    conn.execute("PRAGMA temp_store = MEMORY")

    def run() -> None:
        for sql, params in statements:
            conn.execute(sql, params).fetchall()

    return run


def measure_size(case_path: Path, n: int, runs: int, fast_runs: int, use_gui: bool) -> list[Result]:
    out: list[Result] = []
    db = case_path / "case.db"

    # open + first paint (or open + count + first page without the GUI)
    kinds: set[str] = set()
    samples = []
    for i in range(runs + 1):  # the first is a warm-up (imports, Qt style and font caches)
        if use_gui:
            probe = TimelineProbe()
            t0 = time.perf_counter()
            probe.open(case_path)
            probe.show_and_wait_painted()
            dt = time.perf_counter() - t0
            kinds.add(probe.kind)
            probe.close()
        else:
            t0 = time.perf_counter()
            with open_case(case_path) as case:
                case.events.count()
                case.events.rows(None, 0, PAGE)
                dt = time.perf_counter() - t0
        if i:
            samples.append(dt)
    note = f"open → {'/'.join(kinds)}: Timeline table painted with rows" if use_gui \
        else "no GUI: open_case + count + rows page"
    out.append(Result(n, "open_first_paint", statistics.median(samples), note=note))

    case = open_case(case_path)
    try:
        # unfiltered count + first page, then filter (service level), with bare-SQL twins
        def first_page(flt: EventFilter | None = None) -> None:
            case.events.count(flt)
            case.events.rows(flt, 0, PAGE)

        svc = median_time(first_page, fast_runs)
        out += _with_bare(n, "first_page", svc, case, db, first_page, fast_runs)

        filt_samples = []
        for text in FILTER_TEXTS:
            flt = EventFilter(text=text)
            filt_samples.append(median_time(lambda f=flt: first_page(f), fast_runs))
        svc = statistics.median(filt_samples)
        out.append(Result(n, "filter_service", svc, {"worst_s": max(filt_samples)},
                          note="count(filter) + rows(filter) first page, " + "/".join(FILTER_TEXTS)))
        filters = [EventFilter(text=t) for t in FILTER_TEXTS]
        bare = [_bare_time(case, db, lambda f=f: first_page(f), fast_runs) for f in filters]
        out.append(Result(n, "filter_bare_sql", statistics.median(bare), {"ratio": svc / statistics.median(bare)}))


        search_samples = [median_time(lambda q=q: case.search.search(q), fast_runs) for q in SEARCH_TEXTS]
        svc = statistics.median(search_samples)
        out.append(Result(n, "search", svc, {"worst_s": max(search_samples)}, note="/".join(SEARCH_TEXTS)))
        bare = [_bare_time(case, db, lambda q=q: case.search.search(q), fast_runs) for q in SEARCH_TEXTS]
        out.append(Result(n, "search_bare_sql", statistics.median(bare), {"ratio": svc / statistics.median(bare)}))

        # the visual timeline reloads every position (background task) when the case opens and on each filter
        t = median_time(lambda: case.events.positions(), runs if n >= 50_000 else fast_runs)
        out.append(Result(n, "positions_all", t, note="events.positions(): the visual timeline's background load"))

        # scroll: every page of the Timeline
        total = case.events.count()

        def scroll() -> None:
            off = 0
            while True:
                page = case.events.rows(None, off, PAGE)
                off += len(page)
                if len(page) < PAGE:
                    break

        t = median_time(scroll, runs if n >= 50_000 else fast_runs, warmup=0 if n >= 50_000 else 1)
        out.append(Result(n, "scroll_all_rows", t, {"per_s": total / t}, note=f"rows() pages of {PAGE}"))
    finally:
        case.close()
    if use_gui:
        out.append(gui_filter(case_path, n, fast_runs))
        out.append(gui_scroll(case_path, n, runs))
    return out


def _bare_time(case: Case, db: Path, fn: Callable[[], object], runs: int) -> float:
    cap = SqlCapture(case)
    try:
        fn()
    finally:
        stmts = cap.stop()
    return median_time(bare_runner(db, stmts), runs)


def _with_bare(
    n: int, name: str, svc: float, case: Case, db: Path, fn: Callable[[], object], runs: int
) -> list[Result]:
    bare = _bare_time(case, db, fn, runs)
    return [Result(n, name, svc, note="count() + rows() first page"),
            Result(n, f"{name}_bare_sql", bare, {"ratio": svc / bare})]


def gui_filter(path: Path, n: int, runs: int) -> Result:
    probe = TimelineProbe()
    probe.open(path)
    probe.show_and_wait_painted()
    try:
        samples = []
        for text in FILTER_TEXTS:
            def once(t: str = text) -> None:
                probe.set_filter_text(t)

            def reset() -> None:
                probe.set_filter_text("")

            for _ in range(runs):  # each sample types the text into a cleared filter, as a user would
                reset()
                probe.idle()  # the visual timeline's background reload of the previous filter has finished
                t0 = time.perf_counter()
                once()
                samples.append(time.perf_counter() - t0)
        return Result(n, "filter_keystroke", statistics.median(samples), {"worst_s": max(samples)},
                      note=f"{probe.kind}, from idle: filter text set + flush until the model holds its first page "
                           "(the visual timeline then reloads in the background)")
    finally:
        probe.close()


def gui_scroll(path: Path, n: int, runs: int) -> Result:
    samples, rows = [], 0
    for _ in range(min(runs, 3)):
        probe = TimelineProbe()
        probe.open(path)
        probe.show_and_wait_painted()
        t = time.perf_counter()
        rows = probe.scroll_to_end()
        samples.append(time.perf_counter() - t)
        probe.close()
    t = statistics.median(samples)
    return Result(n, "scroll_timeline_view", t, {"per_s": rows / t if t else 0.0},
                  note="view scrolled to the bottom until every page is fetched (fetchMore)")


def measure_import(work: Path, n_articles: int, clip_bytes: int, runs: int) -> list[Result]:
    out: list[Result] = []
    arts = work / "articles"
    if not arts.is_dir() or len(list(arts.iterdir())) != n_articles:
        shutil.rmtree(arts, ignore_errors=True)
        write_articles(arts, n_articles)
    samples: list[float] = []
    rates: dict[str, list[float]] = {"rules": [], "model": []}
    from casefile.services.suggestion_service import model_state

    model = model_state()
    for i in range(runs):
        c = create_case(work / f"import-{i}-{time.time_ns()}", "import benchmark")
        try:
            t = time.perf_counter()
            report = c.intake.import_paths([arts])
            samples.append(time.perf_counter() - t)
            assert report.imported == n_articles, report.summary()
            # pass 2 twice on the same exhibits: rules only, then with the model when it is installed
            for engine in ("rules", "model") if model.available else ("rules",):
                if engine == "model":
                    with c.ctx.engine.begin() as conn:
                        conn.exec_driver_sql("DELETE FROM suggestion_run")
                c.suggestions.use_model = engine == "model"
                t = time.perf_counter()
                done = c.suggestions.run().done
                rates[engine].append(done / (time.perf_counter() - t))
        finally:
            path = c.path
            c.close()
            shutil.rmtree(path, ignore_errors=True)
    t = statistics.median(samples)
    out.append(Result(0, "import_articles", t, {"per_s": n_articles / t},
                      note=f"{n_articles} ~3 KB .txt via import_paths: store + read (pass 1, no suggestions)"))
    r = statistics.median(rates["rules"])
    out.append(Result(0, "suggest_rules", n_articles / r, {"per_s": r},
                      note="suggestion pass (pass 2), rules only, on the same articles"))
    if rates["model"]:
        r = statistics.median(rates["model"])
        out.append(Result(0, "suggest_model", n_articles / r, {"per_s": r},
                          note=f"suggestion pass (pass 2) with the NER model ({model.engine})"))
    else:
        out.append(Result(0, "suggest_model", None, note=f"n/a: {model.message}"[:120]))

    if clip_bytes:
        clip = work / "clip.bin"
        if not clip.is_file() or clip.stat().st_size != clip_bytes:
            write_clip(clip, clip_bytes)
        mb = clip_bytes / 1e6
        store_samples, shell_samples = [], []
        from casefile.storage.store import EvidenceStore

        for _ in range(runs):
            root = work / f"store-{time.time_ns()}"
            store = EvidenceStore(root)
            t = time.perf_counter()
            store.put_file(clip)
            store_samples.append(time.perf_counter() - t)
            _rmtree_readonly(root)
            dst = work / "clip-copy.bin"
            t = time.perf_counter()
            subprocess.run(["sha256sum", str(clip)], check=True, capture_output=True)
            subprocess.run(["cp", str(clip), str(dst)], check=True)
            shell_samples.append(time.perf_counter() - t)
            dst.unlink()
        ts, tc = statistics.median(store_samples), statistics.median(shell_samples)
        out.append(Result(0, "import_clip_put_file", ts, {"mb_per_s": mb / ts, "mb": round(mb)},
                          note="EvidenceStore.put_file: hash + copy + fsync"))
        out.append(Result(0, "sha256sum_plus_cp", tc, {"mb_per_s": mb / tc, "mb": round(mb)},
                          note="subprocesses, no fsync"))
        out.append(Result(0, "clip_vs_sha256sum_cp", ts / tc, {"ratio": ts / tc}))
    return out


def _rmtree_readonly(root: Path) -> None:
    for p in root.rglob("*"):
        if p.is_file():
            os.chmod(p, 0o600)
    shutil.rmtree(root, ignore_errors=True)


def measure_pdf(cache: Path, runs: int) -> Result:
    try:
        write = pdf_writer()
    except Exception as exc:  # the reports module has not landed yet
        return Result(PDF_EVENTS, "summary_pdf_5000", None, note=f"n/a ({type(exc).__name__}: {exc})"[:120])
    path = cached_case(cache, PDF_EVENTS)
    case = open_case(path)
    try:
        out = cache / "summary.pdf"
        t = median_time(lambda: write(case, out), max(1, min(runs, 3)), warmup=0)
        return Result(PDF_EVENTS, "summary_pdf_5000", t, {"bytes": out.stat().st_size})
    finally:
        case.close()


def pdf_writer() -> Callable[[Case, Path], object]:
    """The reports engineer's `write_pdf(case, path, options)` with default options."""
    from casefile.reports.options import SummaryOptions
    from casefile.reports.render import write_pdf

    return lambda case, path: write_pdf(case, path, SummaryOptions())


def measure_rss(case_path: Path, n: int, use_gui: bool) -> Result:
    """Peak RSS of a fresh process that opens the case, shows the Timeline, scrolls, filters and searches."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--app-session", str(case_path)]
    if not use_gui:
        cmd.append("--no-gui")
    res = subprocess.run(cmd, check=True, capture_output=True, text=True)
    data = json.loads(res.stdout.strip().splitlines()[-1])
    how = "Timeline view" if use_gui else "services only"
    return Result(n, "peak_rss", None, {"rss_mb": data["rss_mb"]},
                  note=f"fresh process: open, {how}, scroll all, filter, search")


def app_session(case_path: Path, use_gui: bool) -> None:
    if use_gui:
        _qt_app()
        probe = TimelineProbe()
        probe.open(case_path)
        probe.show_and_wait_painted()
        probe.scroll_to_end()
        for text in FILTER_TEXTS:
            probe.set_filter_text(text)
        probe.set_filter_text("")
        assert probe.case is not None
        for q in SEARCH_TEXTS:
            probe.case.search.search(q)
        if probe.window is not None:
            probe.window.runner.wait(30000)  # background work (the visual timeline's positions) included
        _qt_app().processEvents()
        rss = peak_rss_mb()
        probe.close()
    else:
        with open_case(case_path) as case:
            off = 0
            while page := case.events.rows(None, off, PAGE):
                off += len(page)
            for text in FILTER_TEXTS:
                case.events.count(EventFilter(text=text))
                case.events.rows(EventFilter(text=text), 0, PAGE)
            for q in SEARCH_TEXTS:
                case.search.search(q)
        rss = peak_rss_mb()
    print(json.dumps({"rss_mb": rss}))


def peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# report ------------------------------------------------------------------------------------------------
def fmt(r: Result) -> str:
    if r.median_s is None and "rss_mb" not in r.extra:
        return "n/a"
    if "rss_mb" in r.extra:
        return f"{r.extra['rss_mb']:.0f} MB"
    if r.metric == "clip_vs_sha256sum_cp":
        return f"{r.median_s:.2f}×"
    s = r.median_s
    text = f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"
    if "per_s" in r.extra:
        text += f" ({r.extra['per_s']:,.0f}/s)"
    if "mb_per_s" in r.extra:
        text += f" ({r.extra['mb_per_s']:,.0f} MB/s)"
    if "ratio" in r.extra:
        text += f" (svc/bare {r.extra['ratio']:.2f}×)"
    return text


def table(results: list[Result]) -> str:
    sizes = sorted({r.events for r in results})
    metrics: list[str] = []
    for r in results:
        if r.metric not in metrics:
            metrics.append(r.metric)
    head = ["metric"] + [f"{s:,} ev" if s else "(import)" for s in sizes]
    rows = [head]
    for m in metrics:
        row = [m]
        for s in sizes:
            hit = [r for r in results if r.metric == m and r.events == s]
            row.append(fmt(hit[0]) if hit else "")
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = sorted({f"{r.metric}: {r.note}" for r in results if r.note})
    return "\n".join(lines + [""] + ["  " + n for n in notes])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="event counts, comma-separated")
    ap.add_argument("--quick", action="store_true", help="small sizes, few runs, small import (a smoke run)")
    ap.add_argument("--json", type=Path, help="write results as a JSON list to this file")
    ap.add_argument("--keep", action="store_true", help="keep generated cases in --cache for the next run")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "casefile-bench")
    ap.add_argument("--runs", type=int, default=3, help="runs of slow measurements (fast ones get max(5, runs))")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--clip-mb", type=int, default=1024)
    ap.add_argument("--skip", default="", help="comma-separated: gui,import,pdf,rss")
    ap.add_argument("--app-session", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--no-gui", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.app_session:
        app_session(args.app_session, not args.no_gui)
        return 0
    if args.quick:
        args.sizes = "200,1000" if args.sizes == ap.get_default("sizes") else args.sizes
        args.runs, args.articles, args.clip_mb = 3, min(args.articles, 50), min(args.clip_mb, 16)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    fast_runs = max(5, args.runs)
    use_gui = "gui" not in skip and gui_available()
    if use_gui:
        _qt_app()
    args.cache.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    try:
        for n in sizes:
            print(f"[{n:,} events]", file=sys.stderr)
            path = cached_case(args.cache, n, default_exhibits(n))
            results += measure_size(path, n, args.runs, fast_runs, use_gui)
        if "import" not in skip:
            print("[import]", file=sys.stderr)
            with tempfile.TemporaryDirectory(dir=args.cache) as work:
                results += measure_import(Path(work), args.articles, args.clip_mb * 1024 * 1024, args.runs)
        if "pdf" not in skip:
            print("[summary pdf]", file=sys.stderr)
            results.append(measure_pdf(args.cache, args.runs))
        if "rss" not in skip and sizes:
            print("[peak rss]", file=sys.stderr)
            results.append(measure_rss(cached_case(args.cache, max(sizes)), max(sizes), use_gui))
    finally:
        if not args.keep:
            for path in GENERATED:
                shutil.rmtree(path, ignore_errors=True)
                path.with_suffix(".ok").unlink(missing_ok=True)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps([r.as_json() for r in results], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
