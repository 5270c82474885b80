"""What `recover` keeps of a case whose case.db was cut to half its size, table by table, and how long it takes.

    python benchmarks/bench_recover.py [--first 50] [--events 200] [--json bench_recover.json] [--keep DIR]

The case of `tests/recover_case.py`: `--first` minutes with `--events` events citing them and as many notes,
then 3 × `--first` long reports (200 exhibits and 200 events by default), built through the services. Its
case.db is copied, cut to half its size, and recovered. Printed per table: the rows of the intact case, those
read from the half file, those SQLite itself still reads of it once the header's page count is corrected (the
issue's reading by hand), those kept in the new case and those re-read from the originals; then the seconds.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casefile.recover import recover_case  # noqa: E402
from tests.recover_case import build_case, read_by_hand  # noqa: E402

TABLES = ("evidence", "event", "event_source", "event_party", "party", "party_alias", "note", "audit_log",
          "case_meta")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--first", type=int, default=50)
    ap.add_argument("--events", type=int, default=200)
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    ap.add_argument("--keep", type=Path, default=None, help="build in this folder and keep it")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="casefile-bench-recover-"))
    try:
        t0 = time.perf_counter()
        intact = build_case(root / "build", args.first, args.events)
        built_s = time.perf_counter() - t0
        conn = sqlite3.connect(intact / "case.db")
        original = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}
        exhibits = _exhibits(conn)
        conn.close()
        damaged = root / "Half.casefile"
        shutil.copytree(intact, damaged)
        db = damaged / "case.db"
        size = db.stat().st_size
        os.truncate(db, size // 2)
        by_hand = {t: len(read_by_hand(db, t)) for t in TABLES}
        t0 = time.perf_counter()
        report = recover_case(damaged, root / "Recovered")
        recover_s = time.perf_counter() - t0
        conn = sqlite3.connect(report.path / "case.db")
        after = _exhibits(conn)
        conn.close()
        same = sum(1 for sha, row in after.items() if exhibits.get(sha) == row)
        differ = {f: sum(1 for sha, row in exhibits.items() if row[i] != after.get(sha, (None,) * 5)[i])
                  for i, f in enumerate(("id", "number", "name", "title", "text"))}
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    per_table = {t.table: t for t in report.tables}
    rows = []
    print(f"case.db {size:,} bytes cut to {size // 2:,}; built in {built_s:.1f} s")
    print(f"{'table':<14}{'original':>10}{'read':>8}{'by hand':>9}{'kept':>8}{'re-read':>9}{'lost pages':>12}")
    for name in TABLES:
        t = per_table[name]
        rows.append({"table": name, "original": original[name], "read": t.read, "by_hand": by_hand[name],
                     "kept": t.kept, "reread": t.rebuilt, "lost_pages": t.lost_pages})
        print(f"{name:<14}{original[name]:>10}{t.read:>8}{by_hand[name]:>9}{t.kept:>8}{t.rebuilt:>9}"
              f"{t.lost_pages:>12}")
    print(f"recover: {recover_s:.2f} s; title kept: {report.title_kept}; {report.reread} of "
          f"{report.reattached} lost exhibits read again with their text")
    print(f"exhibits with their old id, number, name, title and text: {same} of {len(exhibits)}; differing: "
          + ", ".join(f"{f} {n}" for f, n in differ.items()))
    if args.json:
        args.json.write_text(json.dumps({"db_bytes": size, "recover_s": round(recover_s, 3),
                                         "title_kept": report.title_kept, "exhibits_intact": same,
                                         "exhibits_differing": differ,
                                         "tables": rows}, indent=1) + "\n")
    return 0


def _exhibits(conn: sqlite3.Connection) -> dict[str, tuple[object, ...]]:
    return {r[0]: tuple(r[1:]) for r in conn.execute("SELECT sha256, id, exhibit, filename, title, text FROM evidence")}


if __name__ == "__main__":
    raise SystemExit(main())
