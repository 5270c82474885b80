"""Precision and recall of the people and organisations CaseFile suggests, against hand labels on real news.

    python benchmarks/eval_parties.py            # holdout split, with and without the NER model
    python benchmarks/eval_parties.py -v         # and every miss and false suggestion, per file (--show-errors)
    python benchmarks/eval_parties.py --split dev     # or test, or all

Texts: benchmarks/eval/wikinews/ (English Wikinews, CC BY 2.5); labels: benchmarks/eval/people_labels.json.
A suggestion counts once per distinct labelled party: "Pelosi" matches "Nancy Pelosi", but a second suggestion
for a party already matched is a false one (the user would have to merge it). Organisations include outlets.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casefile.domain.enums import PartyKind  # noqa: E402
from casefile.extract.ner import load_ner, model_info  # noqa: E402
from casefile.extract.pipeline import extract  # noqa: E402

EVAL = Path(__file__).resolve().parent / "eval"
ORG_KINDS = (PartyKind.ORGANIZATION, PartyKind.MEDIA_OUTLET)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _norm(name: str) -> tuple[str, ...]:
    name = unicodedata.normalize("NFKC", name).replace("’", "'").lower()
    name = re.sub(r"^the\s+", "", name)
    return tuple(w for w in re.split(r"[\s.]+", name) if w)


def _matches(predicted: str, gold: str) -> bool:
    """Same name, or one is a run of the other's words ("Pelosi" / "Nancy Pelosi", "Chan-o-cha")."""
    p, g = _norm(predicted), _norm(gold)
    if not p or not g:
        return False
    short, long_ = (p, g) if len(p) <= len(g) else (g, p)
    return any(long_[i : i + len(short)] == short for i in range(len(long_) - len(short) + 1))


def score(predicted: list[str], gold: list[str], score_: Score, label: str) -> None:
    """Exact names are matched first, then partial ones, each labelled party at most once."""
    matched: dict[int, str] = {}
    unmatched = []
    for name in predicted:
        hit = next((i for i, g in enumerate(gold) if i not in matched
                    and any(_norm(name) == _norm(alt) for alt in g.split("|"))), None)  # fmt: skip
        if hit is None:
            unmatched.append(name)
        else:
            matched[hit] = name
    for name in unmatched:
        hit = next((i for i, g in enumerate(gold) if i not in matched
                    and any(_matches(name, alt) for alt in g.split("|"))), None)  # fmt: skip
        if hit is None:
            score_.fp += 1
            already = any(any(_matches(name, alt) for alt in g.split("|")) for g in gold)
            score_.errors.append(
                f"  {label} false: {name!r}" + (" (a second party for one already found)" if already else "")
            )
        else:
            matched[hit] = name
    score_.tp += len(matched)
    for i, g in enumerate(gold):
        if i not in matched:
            score_.fn += 1
            score_.errors.append(f"  {label} missed: {g.split('|')[0]!r}")


def run(split: str, ner: object | None, verbose: bool) -> tuple[Score, Score, float, int]:
    labels = json.loads((EVAL / "people_labels.json").read_text(encoding="utf-8"))
    people, orgs = Score(), Score()
    elapsed, size = 0.0, 0
    for file, label in sorted(labels.items()):
        if file.startswith("_") or (split != "all" and label["split"] != split):
            continue
        text = (EVAL / "wikinews" / file).read_text(encoding="utf-8")
        started = time.perf_counter()
        result = extract(text, ner=ner)
        elapsed += time.perf_counter() - started
        size += len(text.encode("utf-8"))
        before = (len(people.errors), len(orgs.errors))
        score([p.name for p in result.parties if p.kind is PartyKind.PERSON], label["persons"], people, "person")
        score([p.name for p in result.parties if p.kind in ORG_KINDS], label["organizations"], orgs, "org")
        if verbose and (len(people.errors), len(orgs.errors)) != before:
            print(file)
            print("\n".join(people.errors[before[0] :] + orgs.errors[before[1] :]))
    return people, orgs, elapsed, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("holdout", "test", "dev", "all"), default="holdout")
    parser.add_argument("-v", "--verbose", "--show-errors", action="store_true",
                        help="list every miss and false suggestion, per file")
    parser.add_argument("--rules-only", action="store_true", help="skip the run with the NER model")
    args = parser.parse_args()
    runs: list[tuple[str, object | None]] = [("rules only", None)]
    if not args.rules_only:
        started = time.perf_counter()
        model = load_ner()
        info = model_info()
        print(f"model: {info.name} {info.version} loaded in {time.perf_counter() - started:.2f} s" if model
              else info.message)  # fmt: skip
        if model is not None:
            extract("Warm-up text by Jane Doe.", ner=model)
            runs.append(("rules + NER model", model))
    for title, model in runs:
        if args.verbose:
            print(f"--- {title}")
        people, orgs, elapsed, size = run(args.split, model, args.verbose)
        per_5kb = elapsed / max(size, 1) * 5000 * 1000
        print(
            f"{title:18}  split={args.split}  people: P {people.precision:.1%} R {people.recall:.1%} "
            f"(tp {people.tp}, fp {people.fp}, fn {people.fn})  organisations: P {orgs.precision:.1%} "
            f"R {orgs.recall:.1%} (tp {orgs.tp}, fp {orgs.fp}, fn {orgs.fn})  {per_5kb:.1f} ms per 5 KB"
        )


if __name__ == "__main__":
    main()
