"""How long copying a whole case takes, and the memory it holds (the mover's and the server archive's copier).

    python benchmarks/bench_copy.py [--events 100000] [--pg postgresql://postgres@127.0.0.1:55432/postgres]
                                     [--batch 1000] [--cache DIR] [--db-prefix P] [--skip-sqlite]

The synthetic case of `benchmarks/synthetic.py` (100,000 events, 20,000 exhibits with 1-3 KB texts) is copied
into a fresh SQLite file and, with `--pg`, into a throwaway database on that server (created and dropped here):
schema by the migrations, every row, then the check (row counts and checksums read back). Prints seconds, rows
per second and the growth of the process's peak resident memory during each copy.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casefile.context import open_case  # noqa: E402
from casefile.db.copy import consistent_reader, copy_tables, create_schema  # noqa: E402
from casefile.db.engine import make_engine  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(label: str, source, target, batch: int) -> None:  # noqa: ANN001
    before = _peak_mb()
    t0 = time.perf_counter()
    with consistent_reader(source) as src, target.begin() as dst:
        create_schema(dst)
        report = copy_tables(src, dst, batch=batch)
    elapsed = time.perf_counter() - t0
    print(f"{label}: {report.rows:,} rows in {elapsed:.1f} s ({report.rows / elapsed:,.0f} rows/s), peak RSS "
          f"+{_peak_mb() - before:.0f} MB (now {_peak_mb():.0f} MB)")
    for t in report.tables:
        if t.rows:
            print(f"  {t.name}: {t.rows:,}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--pg", help="a server URL where a throwaway database may be created")
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--db-prefix", default="casefile_bench_", help="name prefix of the throwaway database")
    ap.add_argument("--skip-sqlite", action="store_true", help="only the copy into PostgreSQL")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "casefile-bench")
    args = ap.parse_args()

    from benchmarks.synthetic import build_case

    path = args.cache / f"copy-{args.events}.casefile"
    if not (path / "case.db").exists():
        t0 = time.perf_counter()
        build_case(path, args.events)
        print(f"built {path} in {time.perf_counter() - t0:.0f} s")
    case = open_case(path, read_only=True)
    try:
        if not args.skip_sqlite:
            with tempfile.TemporaryDirectory(prefix="casefile-copy-") as work:
                target = make_engine(Path(work) / "copy.db", create=True)
                try:
                    _run("SQLite -> SQLite", case.ctx.engine, target, args.batch)
                finally:
                    target.dispose()
        if args.pg:
            _pg(case.ctx.engine, args.pg, args.batch, args.db_prefix)
    finally:
        case.close()


def _pg(source, server_url: str, batch: int, prefix: str) -> None:  # noqa: ANN001
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"{prefix}{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(server_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        target = create_engine(make_url(server_url).set(drivername="postgresql+psycopg", database=name))
        try:
            _run("SQLite -> PostgreSQL", source, target, batch)
        finally:
            target.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
