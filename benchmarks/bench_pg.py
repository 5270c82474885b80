"""CaseFile on PostgreSQL at scale: the Timeline and search targets as ratios to bare SQL on the same server.

    python benchmarks/bench_pg.py                                   # 100,000 events / 20,000 exhibits
    python benchmarks/bench_pg.py --server postgresql://USER@HOST:PORT/DB --events 10000 --json out.json

Builds the synthetic case of `benchmarks/synthetic.py` in a throwaway database (`pgteam_bench_<random>`, dropped
at the end unless --keep) on the server given by --server or CASEFILE_TEST_PG, then times what the app asks:
the Timeline's count and first page, a filter, a deep page, the two sorts, search; each against the very SQL
the services sent, re-run on a bare psycopg connection (the ratio is the services' overhead: SQLAlchemy, row
building, Python). Import: files per second into a fresh server case, against a bare importer (hash, one INSERT
of the exhibit and one of its audit entry per file, one transaction each) on the same server, and against the
same import into a local SQLite case.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import build_case, default_exhibits, write_articles  # noqa: E402
from casefile.context import Case, create_case, open_case  # noqa: E402
from casefile.domain.records import EventFilter  # noqa: E402

PAGE = 200
FILTER_TEXTS = ("okafor", "doctored rec", "subpoena", "ok")
SEARCH_TEXTS = ("okafor", "leaked recording", "halvorsen settlement", '"sworn affidavit"', "subp")
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:55432/postgres"


def median_time(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


# the server ------------------------------------------------------------------------------------------------
def _admin(server: str):  # noqa: ANN202 - a psycopg connection
    import psycopg

    return psycopg.connect(server, autocommit=True, connect_timeout=10)


def _url_for(server: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(server).set(database=name).render_as_string(hide_password=False)


@contextmanager
def throwaway_database(server: str, keep: bool) -> Iterator[str]:
    name = f"pgteam_bench_{secrets.token_hex(4)}"
    with _admin(server) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _url_for(server, name)
    finally:
        if keep:
            print(f"kept database {name}", file=sys.stderr)
        else:
            with _admin(server) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# SELECTs the services send, re-run bare -------------------------------------------------------------------
class SqlCapture:
    def __init__(self, case: Case) -> None:
        from sqlalchemy import event

        self.statements: list[tuple[str, Any]] = []
        self._engine, self._event = case.ctx.engine, event

        def before(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, ARG001
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                self.statements.append((statement, parameters))

        self._fn = before
        event.listen(self._engine, "before_cursor_execute", before)

    def stop(self) -> list[tuple[str, Any]]:
        self._event.remove(self._engine, "before_cursor_execute", self._fn)
        return self.statements


def bare_time(case: Case, dsn: str, fn: Callable[[], object], runs: int) -> float:
    """The same SELECTs as `fn` sends, on a bare psycopg connection to the same database."""
    import psycopg

    cap = SqlCapture(case)
    try:
        fn()
    finally:
        stmts = cap.stop()
    with psycopg.connect(dsn, autocommit=True) as conn:
        def run() -> None:
            for sql, params in stmts:
                conn.execute(sql, params).fetchall()
        return median_time(run, runs)


def row(metric: str, service_s: float, bare_s: float | None, note: str) -> dict[str, Any]:
    return {"metric": metric, "service_s": service_s, "bare_s": bare_s,
            "ratio": service_s / bare_s if bare_s else None, "note": note}


def measure_queries(case: Case, dsn: str, runs: int) -> list[dict[str, Any]]:
    out = []
    total = case.events.count()

    def first_page(flt: EventFilter | None = None, offset: int = 0, descending: bool = False,
                   order: str = "date") -> None:
        case.events.count(flt)
        case.events.rows(flt, offset, PAGE, descending=descending, order=order)

    def both(metric: str, fn: Callable[[], object], note: str) -> None:
        out.append(row(metric, median_time(fn, runs), bare_time(case, dsn, fn, runs), note))

    both("first_page", first_page, "count() + rows() first page, date order")
    svc = [median_time(lambda t=t: first_page(EventFilter(text=t)), runs) for t in FILTER_TEXTS]
    bare = [bare_time(case, dsn, lambda t=t: first_page(EventFilter(text=t)), runs) for t in FILTER_TEXTS]
    out.append(row("filter", statistics.median(svc), statistics.median(bare),
                   "count(filter) + first page, median of " + "/".join(FILTER_TEXTS)))
    deep = max(0, total // 2)
    both("deep_page", lambda: case.events.rows(None, deep, PAGE), f"rows() at offset {deep:,}")
    both("sort_descending", lambda: first_page(descending=True), "count() + first page, newest first")
    both("sort_confidence", lambda: first_page(order="confidence"), "count() + first page, weakest first")
    svc = [median_time(lambda q=q: case.search.search(q), runs) for q in SEARCH_TEXTS]
    bare = [bare_time(case, dsn, lambda q=q: case.search.search(q), runs) for q in SEARCH_TEXTS]
    out.append(row("search", statistics.median(svc), statistics.median(bare),
                   "search(), median of " + "/".join(SEARCH_TEXTS)))
    return out


# import -------------------------------------------------------------------------------------------------------
def _import_rate(case: Case, arts: Path, n: int) -> float:
    t = time.perf_counter()
    report = case.intake.import_paths([arts])
    dt = time.perf_counter() - t
    assert report.imported == n, report.summary()
    return dt


def _bare_import(dsn: str, arts: Path, store: Path) -> float:
    """A minimal correct importer on the same server: hash and copy each file, then one transaction per file
    with the exhibit's row and its audit entry."""
    import psycopg

    files = sorted(arts.iterdir())
    with psycopg.connect(dsn) as conn:
        t = time.perf_counter()
        for i, f in enumerate(files, 1):
            data = f.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            (store / sha).write_bytes(data)
            with conn.transaction():
                ev = conn.execute(
                    "INSERT INTO evidence (exhibit, filename, sha256, size, media_type, kind, title, author, url, "
                    "text, metadata, source_path, imported_at, relation, verify_state, read_error, version) VALUES "
                    "(%s, %s, %s, %s, 'text/plain', 'article', %s, '', '', %s, '{}', %s, now(), '', 'unverified', "
                    "'', 1) RETURNING id", (i, f.name, sha, len(data), f.stem, data.decode("utf-8"), str(f))
                ).fetchone()
                conn.execute("INSERT INTO audit_log (at, action, entity_type, entity_id, summary, actor) VALUES "
                             "(now(), 'import', 'evidence', %s, %s, current_user)", (ev[0], f"Imported {f.name}"))
        return time.perf_counter() - t


def measure_import(server: str, work: Path, n: int, keep: bool) -> list[dict[str, Any]]:
    arts = work / "articles"
    write_articles(arts, n)
    out = []
    with throwaway_database(server, keep) as url, create_case(work / "import-pg", "import benchmark",
                                                                database=url) as case:
        pg = _import_rate(case, arts, n)
    with throwaway_database(server, keep) as url:
        with create_case(work / "import-bare", "bare import benchmark", database=url) as case:
            dsn = _dsn(case)
        store = work / "bare-store"
        store.mkdir()
        bare = _bare_import(dsn, arts, store)
    with create_case(work / "import-sqlite", "import benchmark") as case:
        local = _import_rate(case, arts, n)
    out.append({**row("import", pg, bare, f"{n} ~3 KB articles, import_paths pass 1 (store + read)"),
                 "per_s": n / pg, "bare_per_s": n / bare, "sqlite_per_s": n / local})
    return out


def _dsn(case: Case) -> str:
    from casefile.db.notify import conninfo

    return conninfo(case.ctx.engine)


# main ---------------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--server", default=os.environ.get("CASEFILE_TEST_PG") or DEFAULT_SERVER,
                    help="a PostgreSQL URL where a database may be created")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--exhibits", type=int, default=None)
    ap.add_argument("--articles", type=int, default=300, help="files for the import rate")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--keep", action="store_true", help="keep the databases (their names are printed)")
    args = ap.parse_args(argv)
    n_ex = args.exhibits if args.exhibits is not None else default_exhibits(args.events)
    work = Path(tempfile.mkdtemp(prefix="casefile-bench-pg-"))
    results: list[dict[str, Any]] = []
    try:
        with throwaway_database(args.server, args.keep) as url:
            t = time.perf_counter()
            built = build_case(work / "synthetic", args.events, n_ex, database=url)
            print(f"built {args.events:,} events / {n_ex:,} exhibits on PostgreSQL in "
                  f"{time.perf_counter() - t:.1f} s", file=sys.stderr)
            with open_case(built.path) as case:
                results += measure_queries(case, _dsn(case), args.runs)
        results += measure_import(args.server, work, args.articles, args.keep)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nPostgreSQL, {args.events:,} events / {n_ex:,} exhibits (medians of {args.runs})")
    print(f"{'metric':<18}{'service':>12}{'bare SQL':>12}{'ratio':>8}  note")
    for r in results:
        bare = f"{r['bare_s'] * 1000:10.1f}ms" if r["bare_s"] else f"{'—':>12}"
        ratio = f"{r['ratio']:7.2f}x" if r["ratio"] else f"{'—':>8}"
        print(f"{r['metric']:<18}{r['service_s'] * 1000:10.1f}ms{bare}{ratio}  {r['note']}")
        if r["metric"] == "import":
            print(f"{'':<18}{r['per_s']:>8.0f}/s  bare {r['bare_per_s']:.0f}/s, same import on SQLite "
                  f"{r['sqlite_per_s']:.0f}/s")
    if args.json:
        args.json.write_text(json.dumps({"events": args.events, "exhibits": n_ex, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
