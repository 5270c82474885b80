"""How long the case summary PDF takes for a big case (target: 5,000 events and 1,000 exhibits in < 15 s).

    python benchmarks/bench_summary.py [--events 5000] [--exhibits 1000] [--profile]

The case is built in a few transactions straight through the ORM models (the services create one item
per transaction, which is right for users and far too slow to set up 6,000 items); every fifth exhibit is
an image with a thumbnail. The summary itself runs exactly as `casefile summary` does.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casefile.context import Case, create_case  # noqa: E402
from casefile.db.models import Event, EventSource, Evidence, Note, Party, Thumbnail  # noqa: E402
from casefile.reports.options import SummaryOptions  # noqa: E402
from casefile.reports.render import write_pdf  # noqa: E402

FIRST = ["Zoë", "Marguerite", "Dmitri", "Ngô", "Ingrid", "Tomas", "Ruth", "Peter", "Aiko", "Jonas"]
LAST = ["Łukasiewicz", "Okafor", "Соколов", "Thị Hương", "Sæther", "Lind", "Abernathy", "Halvorsen", "Sato"]


def _png(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (160, 120), (40 + seed % 150, 90, 160))
    ImageDraw.Draw(img).rectangle((40, 30, 120, 90), fill=(230, 230, 230))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def build_case(root: Path, n_events: int, n_exhibits: int) -> Case:
    rnd = random.Random(5)
    case = create_case(root / "Big", "Łukasiewicz v. Halvorsen Media Group (benchmark)",
                       "A synthetic case for timing the summary.")
    with case.ctx.writes() as s, s.begin():
        parties = [Party(name=f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {i}", name_norm=f"p{i}",
                         kind="person", role=rnd.choice(["witness", "plaintiff", "defendant", "other"]),
                         description="Someone who appears in the events.") for i in range(60)]
        s.add_all(parties)
        exhibits = []
        for i in range(1, n_exhibits + 1):
            image = i % 5 == 0
            exhibits.append(Evidence(
                exhibit=i, filename=f"exhibit-{i:04d}.{'png' if image else 'pdf'}", sha256=f"{i:064x}",
                size=rnd.randint(2_000, 9_000_000), media_type="image/png" if image else "application/pdf",
                kind="image" if image else rnd.choice(["article", "document", "social_post", "email"]),
                title=f"Exhibit {i}: {'photo' if image else 'document'} about the production",
                author=rnd.choice(["Tomas Lind", "Daily Ledger", ""]),
                published=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                url=f"https://news.example.org/2024/{i}/okafor-halvorsen-story" if i % 3 == 0 else "",
                text="", meta={}))
        s.add_all(exhibits)
        s.flush()
        png = _png(1)
        s.add_all(Thumbnail(evidence_id=x.id, png=png) for x in exhibits if x.kind == "image")
        for i in range(n_events):
            status = "disputed" if i % 17 == 0 else "suggested" if i % 11 == 0 else "confirmed"
            ev = Event(date_start=f"20{20 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}", date_precision="day",
                       title=f"Event {i + 1}: meeting about the schedule",
                       description="Participants discussed the shooting schedule; minutes were circulated.",
                       status=status, origin="manual")
            ev.parties = rnd.sample(parties, 2)
            ev.sources = [EventSource(evidence=exhibits[rnd.randrange(len(exhibits))], page=1 + i % 9,
                                      quote="the schedule was changed without notice"),
                          EventSource(evidence=exhibits[rnd.randrange(len(exhibits))], time_ms=83_000)]
            s.add(ev)
        s.add_all(Note(text=f"Note {i}: **check** the minutes.") for i in range(50))
    return case


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--exhibits", type=int, default=1000)
    ap.add_argument("--profile", action="store_true", help="print a pyinstrument profile of the render")
    ap.add_argument("--keep", type=Path, help="copy the PDF here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        case = build_case(Path(tmp), args.events, args.exhibits)
        print(f"built the case in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        out = args.keep or Path(tmp) / "summary.pdf"
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler()
            profiler.start()
        t = time.perf_counter()
        with case:
            pages = write_pdf(case, out, SummaryOptions())
        seconds = time.perf_counter() - t
        if profiler is not None:
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False), file=sys.stderr)
        mb = out.stat().st_size / 1e6
    print(f"{'events':>8} {'exhibits':>9} {'pages':>6} {'seconds':>8} {'MB':>6}")
    print(f"{args.events:>8} {args.exhibits:>9} {pages:>6} {seconds:>8.1f} {mb:>6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
