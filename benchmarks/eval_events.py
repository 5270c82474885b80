"""How close suggested events come to what a careful reader writes down, on real text labelled by hand.

    PYTHONPATH=. python benchmarks/eval_events.py [--verbose] [--json FILE]

The texts and labels live in benchmarks/eval/events/ (labels.json says where each text comes from and its
licence). A dated suggestion is right when its cited passage holds a labelled sentence and its date agrees with
the label at the label's precision; each label counts once, a second suggestion for it is a duplicate. Reported
(undated) claims are scored apart. Flood: exhibits with more suggestions than `event_cap` allows.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from casefile.domain.dates import CaseDate
from casefile.extract.claims import REPORTED
from casefile.extract.events import event_cap
from casefile.extract.pipeline import extract
from casefile.extract.types import EventSuggestion

HERE = Path(__file__).resolve().parent / "eval" / "events"


@dataclass
class Score:
    name: str
    labels: int = 0
    found: int = 0  # labels matched by a suggestion
    dated: int = 0  # dated suggestions made
    right: int = 0  # dated suggestions that match a label not matched before
    duplicates: int = 0  # suggestions matching a label already matched, or repeating date + title
    claim_labels: int = 0
    claims_found: int = 0
    reported: int = 0
    reported_right: int = 0
    events: int = 0
    cap: int = 0


def _holds(text: str, event: EventSuggestion, phrases: list[str]) -> bool:
    for phrase in phrases:
        at = text.find(phrase)
        if at < 0:
            raise SystemExit(f"label phrase not in text: {phrase!r}")
        if event.char_start <= at < event.char_end:
            return True
    return False


def _date_agrees(event: EventSuggestion, label: str) -> bool:
    iso = event.date.start.iso()
    return len(iso) >= len(label) and iso[: len(label)] == label


def score(doc: dict, verbose: bool) -> Score:
    text = (HERE / doc["file"]).read_text(encoding="utf-8")
    published = CaseDate.parse(doc["published"]) if doc["published"] else None
    x = extract(text, published=published)
    s = Score(doc["file"], labels=len(doc["events"]), claim_labels=len(doc["claims"]), events=len(x.events),
              cap=event_cap(text))  # fmt: skip
    matched: set[int] = set()
    claims_matched: set[int] = set()
    seen: set[tuple[str, str]] = set()
    for e in x.events:
        key = (e.date.display(), " ".join(re.findall(r"\w+", e.title.lower())))
        mark = ""
        if key in seen:
            s.duplicates += 1
            mark = "DUP"
        seen.add(key)
        if REPORTED in e.tags:
            s.reported += 1
            hit = next((i for i, c in enumerate(doc["claims"]) if _holds(text, e, c)), None)
            if hit is not None and hit not in claims_matched:
                claims_matched.add(hit)
                s.reported_right += 1
                mark = mark or "ok"
            mark = mark or "--"
        else:
            s.dated += 1
            hits = [i for i, lab in enumerate(doc["events"]) if _holds(text, e, lab["sentence"])
                    and _date_agrees(e, lab["date"])]  # fmt: skip
            fresh = [i for i in hits if i not in matched]
            if fresh:
                matched.add(fresh[0])
                s.right += 1
                mark = mark or "ok"
            elif hits:
                s.duplicates += 1
                mark = "DUP"
            mark = mark or "--"
        if verbose:
            print(f"  {mark:3} {e.date.display():24} {e.confidence:.2f}{' F' if e.forecast else '  '} {e.title}")
    s.found = len(matched)
    s.claims_found = len(claims_matched)
    if verbose:
        for i, lab in enumerate(doc["events"]):
            if i not in matched:
                print(f"  MISS {lab['date']:23} {lab['sentence'][0]}")
    return s


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every suggestion and every missed label")
    parser.add_argument("--json", type=Path, help="write the scores to this file")
    args = parser.parse_args(argv)
    docs = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))["documents"]
    scores = []
    for doc in docs:
        if args.verbose:
            print(doc["file"])
        scores.append(score(doc, args.verbose))
    print(f"{'document':58} {'labels':>6} {'found':>5} {'dated':>5} {'right':>5} {'claims':>6} {'rep':>3} "
          f"{'rep ok':>6} {'dup':>3} {'events':>6} {'cap':>3}")  # fmt: skip
    for s in scores:
        print(f"{s.name[:58]:58} {s.labels:6} {s.found:5} {s.dated:5} {s.right:5} {s.claim_labels:6} "
              f"{s.reported:3} {s.reported_right:6} {s.duplicates:3} {s.events:6} {s.cap:3}")  # fmt: skip
    total = {k: sum(getattr(s, k) for s in scores) for k in asdict(scores[0]) if k != "name"}
    flooded = sum(s.events > s.cap for s in scores)
    print(
        f"\ndated events: precision {_ratio(total['right'], total['dated'])} ({total['right']}/{total['dated']}), "
        f"recall {_ratio(total['found'], total['labels'])} ({total['found']}/{total['labels']})\n"
        f"reported claims: precision {_ratio(total['reported_right'], total['reported'])} "
        f"({total['reported_right']}/{total['reported']}), "
        f"recall {_ratio(total['reported_right'], total['claim_labels'])} "
        f"({total['reported_right']}/{total['claim_labels']})\n"
        f"duplicates: {total['duplicates']}; flooded exhibits (events > cap): {flooded} of {len(scores)}"
    )
    if args.json:
        args.json.write_text(json.dumps({"documents": [asdict(s) for s in scores], "total": total,
                                         "flooded": flooded}, indent=2))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
