"""A helper process for the kill and concurrency tests: it opens a case and writes to it until told to stop.

    python tests/crash_worker.py write CASE_DIR [COUNT]   # create events one transaction at a time
    python tests/crash_worker.py hold CASE_DIR             # hold the case open (writable) until stdin closes

It prints `ready` once the case is open, then one line per committed event (`event N`), flushing each line so
the parent knows exactly what was committed before it kills this process.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    from casefile.context import open_case
    from casefile.domain.dates import CaseDate, EventDate
    from casefile.domain.records import EventDraft

    mode, case_dir = argv[0], Path(argv[1])
    count = int(argv[2]) if len(argv) > 2 else 1_000_000
    with open_case(case_dir) as case:
        print("ready", flush=True)
        if mode == "hold":
            sys.stdin.read()
            return 0
        for i in range(count):
            draft = EventDraft(date=EventDate(CaseDate.parse(f"2024-01-{i % 28 + 1:02d}")),
                               title=f"Writer event {i}", description="x" * (i % 500))
            eid = case.events.create(draft)
            print(f"event {eid}", flush=True)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
