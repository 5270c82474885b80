"""Where sources disagree, scored on one dispute told by several outlets, hand-labelled.

    PYTHONPATH=. python benchmarks/eval_conflicts.py [--dir benchmarks/eval/conflicts] [--verbose] [--json FILE]

The folder holds the articles and `labels.json` (each disagreement: kind and the files on each side). The
articles go through the real path — `casefile new`, `casefile import` (reading, then the suggestion pass and
the happenings computed after it) — and `casefile conflicts --json` is scored: a reported disagreement is right
when its kind matches a label and its two sides cite files from the label's two sides; each label counts once
(a second report of it is a false positive). Goal: precision >= 90 %, recall >= 85 %.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path

from casefile import cli
from casefile.context import open_case

HERE = Path(__file__).resolve().parent / "eval" / "conflicts"


def _run(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(argv)
    if code != 0:
        raise SystemExit(f"casefile {' '.join(argv)} exited {code}")
    return out.getvalue()


def _files_of(case_dir: Path) -> dict[int, str]:
    with open_case(case_dir, read_only=True) as case:
        return {e.exhibit: e.filename for e in case.evidence.list()}


def _side_files(side: dict, files: dict[int, str]) -> set[str]:
    return {files.get(c["exhibit"], "?") for c in side["citations"]}


def score(folder: Path, verbose: bool) -> dict:
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    articles = sorted(p for p in folder.iterdir() if p.name != "labels.json")
    with tempfile.TemporaryDirectory() as tmp:
        case_dir = Path(tmp) / "Eval.casefile"
        _run(["new", str(case_dir), "--title", "conflicts evaluation"])
        started = time.perf_counter()
        _run(["import", str(case_dir), *map(str, articles)])
        import_s = time.perf_counter() - started
        found = json.loads(_run(["conflicts", str(case_dir), "--json"]))
        files = _files_of(case_dir)
    wanted = labels["disagreements"]
    matched: set[int] = set()
    right = 0
    rows = []
    for d in found:
        fa, fb = (_side_files(s, files) for s in d["sides"])
        hit = None
        for i, label in enumerate(wanted):
            a, b = set(label["a"]), set(label["b"])
            if d["kind"] == label["kind"] and ((fa & a and fb & b) or (fa & b and fb & a)) and i not in matched:
                hit = i
                break
        if hit is not None:
            matched.add(hit)
            right += 1
        rows.append((d["kind"], d["values"], sorted(fa), sorted(fb), hit is not None))
    missed = [w for i, w in enumerate(wanted) if i not in matched]
    precision = right / len(found) if found else 1.0
    recall = len(matched) / len(wanted) if wanted else 1.0
    if verbose:
        for kind, values, fa, fb, ok in rows:
            print(f"  {'ok ' if ok else 'FP '} {kind:6} {values[0]!r} {fa} vs {values[1]!r} {fb}")
        for w in missed:
            print(f"  MISS {w['kind']:6} {w['happening']}: {w['values']}")
    return {"folder": folder.name, "articles": len(articles), "labels": len(wanted), "reported": len(found),
            "right": right, "precision": round(precision, 3), "recall": round(recall, 3),
            "import_seconds": round(import_s, 2),
            "missed": [w["happening"] + " (" + w["kind"] + ")" for w in missed]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=HERE)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--rules", action="store_true", help="suggest with the rules only (as without spaCy's model)")
    args = ap.parse_args()
    if args.rules:
        from casefile.services import suggestion_service as ss

        ss.model_state = lambda: ss.ModelState(False, "", ss.RULES)  # what a user without the model gets
    result = score(args.dir, args.verbose)
    print(f"{'set':<12} {'articles':>8} {'labels':>6} {'reported':>8} {'right':>5} {'precision':>9} {'recall':>6}")
    print(f"{result['folder']:<12} {result['articles']:>8} {result['labels']:>6} {result['reported']:>8} "
          f"{result['right']:>5} {result['precision']:>9.1%} {result['recall']:>6.1%}")
    if result["missed"]:
        print("missed: " + "; ".join(result["missed"]))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
