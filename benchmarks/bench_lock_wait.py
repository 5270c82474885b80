"""How long another writer waits while a big import runs (issue 13: the import held the write lock for seconds).

    python benchmarks/bench_lock_wait.py                      # a 600 MB clip among 200 articles
    python benchmarks/bench_lock_wait.py --clip-mb 800 --articles 400 --suggest

A second process saves a note through NoteService every 20 ms (as the app's autosave does) while this one
imports; it reports how long each save took. Before the fix the save waited while the clip was hashed and
copied (1.65 s at 600 MB); the import now closes its transaction before anything slow, so a save waits at
most for one short batch of database writes (~0.1 s). `--suggest` runs the suggestion pass too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def write_wav_clip(path: Path, size: int) -> Path:
    """A valid WAV header and `size` bytes of incompressible audio data (noise), written in 8 MB blocks."""
    header = b"RIFF" + struct.pack("<I", 36 + size) + b"WAVEfmt " + \
        struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16) + b"data" + struct.pack("<I", size)
    block = random.Random(13).randbytes(8 * 1024 * 1024)
    with open(path, "wb") as fh:
        fh.write(header)
        done = 0
        while done < size:
            n = min(len(block), size - done)
            fh.write(block[:n])
            done += n
    return path


def writer(case_dir: Path, interval_s: float, stop_file: Path) -> int:
    """The other writer: save a note every `interval_s` until `stop_file` exists; print the waits as JSON."""
    from sqlalchemy.exc import OperationalError

    from casefile.db.engine import make_engine, make_sessions
    from casefile.services.base import CaseContext
    from casefile.services.note_service import NoteService
    from casefile.storage.store import EvidenceStore

    # the case lock is held by the importing process: open the database directly, as a second app window's
    # autosave would contend for it
    engine = make_engine(case_dir / "case.db")
    reads, writes = make_sessions(engine)
    notes = NoteService(CaseContext(case_dir, engine, reads, writes, EvidenceStore(case_dir / "evidence")))
    note_id = notes.create("autosave")
    waits: list[float] = []
    errors = 0
    print("ready", flush=True)
    i = 0
    while not stop_file.exists():
        i += 1
        t = time.perf_counter()
        try:
            notes.set_text(note_id, f"typed {i}")
        except OperationalError:
            errors += 1
        waits.append(time.perf_counter() - t)
        time.sleep(interval_s)
    print(json.dumps({"waits": waits, "errors": errors}), flush=True)
    engine.dispose()
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clip-mb", type=int, default=600)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--interval-ms", type=float, default=20.0)
    ap.add_argument("--suggest", action="store_true", help="run the suggestion pass after the import as well")
    ap.add_argument("--work", type=Path, help="folder for the sources and the case (default: a temporary one)")
    ap.add_argument("--writer", nargs=3, help=argparse.SUPPRESS)  # CASE_DIR INTERVAL_S STOP_FILE
    args = ap.parse_args(argv)
    if args.writer:
        return writer(Path(args.writer[0]), float(args.writer[1]), Path(args.writer[2]))

    from benchmarks.synthetic import write_articles
    from casefile.context import create_case

    work = args.work or Path(tempfile.mkdtemp(prefix="casefile-lockwait-"))
    src = work / "src"
    shutil.rmtree(src, ignore_errors=True)
    write_articles(src, args.articles)
    clip = src / f"article-{args.articles // 2:04d}-clip.wav"  # sorts in the middle of the articles
    t = time.perf_counter()
    write_wav_clip(clip, args.clip_mb * 1024 * 1024)
    print(f"sources: {args.articles} articles and a {args.clip_mb} MB clip ({time.perf_counter() - t:.1f} s to write)")
    case_dir = work / "Lockwait.casefile"
    shutil.rmtree(case_dir, ignore_errors=True)
    stop = work / "stop"
    stop.unlink(missing_ok=True)
    with create_case(case_dir, "Lock wait") as case:
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--writer", str(case.path),
                                 str(args.interval_ms / 1000), str(stop)], stdout=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        t = time.perf_counter()
        report = case.intake.import_paths([src])
        t_import = time.perf_counter() - t
        t_suggest = 0.0
        if args.suggest:
            t = time.perf_counter()
            case.suggestions.run()
            t_suggest = time.perf_counter() - t
        stop.touch()
        out, _ = proc.communicate(timeout=60)
    data = json.loads(out.strip().splitlines()[-1])
    waits = sorted(data["waits"])
    p99 = waits[min(len(waits) - 1, int(len(waits) * 0.99))]
    print(f"import: {report.summary()} in {t_import:.1f} s" +
          (f"; suggestion pass {t_suggest:.1f} s" if args.suggest else ""))
    print(f"other writer: {len(waits)} saves every {args.interval_ms:.0f} ms, max wait {waits[-1] * 1000:.0f} ms, "
          f"p99 {p99 * 1000:.0f} ms, median {statistics.median(waits) * 1000:.1f} ms, "
          f"{data['errors']} failed (database locked)")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
