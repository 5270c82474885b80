"""A realistic case to damage and recover (tests and benchmarks/bench_recover.py), and the by-hand reading of a
damaged file that the issue used as its yardstick.

The case grows as cases do: a first batch of minutes is imported, events citing them and notes are written, and
then a larger batch of long reports is imported, so a file cut in half has lost the late reports' rows while the
events, the notes and the early minutes sit in the half that is left. Texts use a varied vocabulary, so the
search index is as large, relative to the rows, as a real case's.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from casefile.context import create_case
from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.records import Citation, EventDraft, PartyDraft

TITLE = "Okafor v. Halvorsen Port Authority"
WORDS = ["harbour", "council", "lease", "tender", "minutes", "quay", "dredging", "ferry", "warden", "budget", "audit",
         "pier", "mooring", "licence", "inspector", "fisheries", "petition", "hearing", "objection", "grant",
         "contractor", "survey", "tide", "berth", "crane", "cargo", "vessel", "permit", "deadline", "tribunal",
         "appeal", "invoice", "ledger"]
CHUNK = 20  # files per import: below the size at which reading starts worker processes


def _sentences(rnd: random.Random, count: int) -> str:
    return " ".join(" ".join(rnd.choice(WORDS) + (str(rnd.randint(1, 999)) if rnd.random() < 0.3 else "")
                             for _ in range(14)).capitalize() + "." for _ in range(count))


def build_case(root: Path, first: int = 16, events: int | None = None) -> Path:
    """`first` minutes, `events` events (as many by default; each citing one minute) and notes, then
    3 × `first` long reports."""
    rnd = random.Random(7)
    src = root / "originals"
    src.mkdir(parents=True)
    for i in range(4 * first):
        kind = "Harbour council minutes" if i < first else "Harbour inspection report"
        (src / f"{kind.split()[-1]}-{i:03d}.txt").write_text(
            f"{kind} number {i}\n\nBy Ruth Abernathy\n\n12 March 2024\n\n"
            f"{_sentences(rnd, 25 if i < first else 90)}\n", encoding="utf-8")
    files = sorted(src.iterdir(), key=lambda p: int(p.stem.split("-")[1]))
    with create_case(root / "Harbour", TITLE) as case:
        for k in range(0, first, CHUNK):
            case.intake.import_paths(files[k:min(k + CHUNK, first)])
        exhibits = case.evidence.list()
        abernathy = case.parties.create(PartyDraft(name="Ruth Abernathy", aliases=("R. Abernathy",)))
        for i in range(first if events is None else events):
            case.events.create(EventDraft(
                date=EventDate(CaseDate.parse(f"2024-05-{i % 28 + 1:02d}")), title=f"Council meeting {i}",
                description=_sentences(rnd, 10), party_ids=(abernathy,),
                citations=(Citation(evidence_id=exhibits[i % first].id, quote="Harbour council minutes"),)))
            case.notes.create(f"Note {i}: {_sentences(rnd, 2)}")
        for k in range(first, 4 * first, CHUNK):
            case.intake.import_paths(files[k:min(k + CHUNK, 4 * first)])
        return case.path


def read_by_hand(db: Path, table: str) -> dict[int, tuple[object, ...]]:
    """A table's rows as SQLite itself still reads them once the header's page count is corrected: rowid by
    rowid, stepping past what raises (as the issue's reader did)."""
    data = bytearray(db.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    data[28:32] = (-(-len(data) // size)).to_bytes(4, "big")
    fixed = db.with_name(db.name + ".by-hand")
    fixed.write_bytes(bytes(data))
    conn = sqlite3.connect(fixed)
    rows: dict[int, tuple[object, ...]] = {}
    try:
        conn.execute("PRAGMA writable_schema = ON")
        last, skip = 0, 1
        while skip < 1 << 20:
            try:
                row = conn.execute(f'SELECT rowid, * FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT 1',
                                   (last,)).fetchone()
            except sqlite3.DatabaseError:
                last, skip = last + skip, skip * 2
                continue
            if row is None:
                break
            rows[row[0]] = tuple(row[1:])
            last, skip = row[0], 1
    finally:
        conn.close()
        fixed.unlink()
    return rows


def leaf_pages(db: Path, table: str) -> tuple[int, list[int], list[int]]:
    """(page size, the table's leaf pages, its interior pages), from SQLite's dbstat."""
    conn = sqlite3.connect(db)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("SELECT pageno, pagetype FROM dbstat WHERE name = ? ORDER BY pageno", (table,)).fetchall()
    finally:
        conn.close()
    return size, [p for p, t in pages if t == "leaf"], [p for p, t in pages if t == "internal"]
