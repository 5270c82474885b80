"""Accuracy of saved pages' metadata (title, every author, publication date) on real pages labelled by hand.

    python benchmarks/eval_html_meta.py --aeb PATH/TO/article-extraction-benchmark [-v]

The labels live in `benchmarks/eval/html/labels.json`; the pages are not stored in this repository (they are
the publishers' own): `--aeb` is a local clone of the scrapinghub article-extraction-benchmark repository
(its `html/*.html.gz`). A page whose label is null for a field is not scored for it. Comparison rules:
titles ignore case, spacing and quote styles and may match any of the labelled variants (an article's headline
and its `<title>` often differ); authors compare as sets of names (case, dots and middle initials ignored);
a date is right when it is one of the labelled days (a page's local day and its UTC day can differ).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casefile.importers.html import read_html  # noqa: E402

LABELS = Path(__file__).resolve().parent / "eval" / "html" / "labels.json"
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...", "\u00a0": " "})


def norm_title(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    return " ".join(text.casefold().split())


def norm_name(name: str) -> str:
    words = [w.strip(".,") for w in unicodedata.normalize("NFKC", name).casefold().split()]
    return " ".join(w for w in words if len(w) > 1)


def split_authors(author: str) -> list[str]:
    return [a for a in re.split(r"\s*[;,]\s*|\s+and\s+|\s*&\s*", author or "") if a.strip()]


def score(pages: list[dict], root: Path, verbose: bool) -> dict[str, tuple[int, int]]:
    counts = {"title": [0, 0], "author": [0, 0], "date": [0, 0]}
    started = time.perf_counter()
    for page in pages:
        raw = gzip.decompress((root / page["page"]).read_bytes())
        item = read_html(raw, "page.html")
        got_authors = item.metadata.get("authors") or split_authors(item.author)
        day = item.published.iso()[:10] if item.published else None
        checks = {
            "title": (page["titles"], norm_title(item.title) in {norm_title(t) for t in page["titles"] or []}),
            "author": (page["authors"],
                       {norm_name(a) for a in got_authors} == {norm_name(a) for a in page["authors"] or []}),
            "date": (page["dates"], day in (page["dates"] or [])),
        }
        for field, (label, ok) in checks.items():
            if label is None:
                continue
            counts[field][1] += 1
            counts[field][0] += int(ok)
            if verbose and not ok:
                shown = {"title": item.title, "author": got_authors,
                         "date": item.published.iso() if item.published else None}[field]
                print(f"  {field:6} {page['page'][5:17]}  got {shown!r}  want {label!r}")
    elapsed = time.perf_counter() - started
    print(f"{len(pages)} pages in {elapsed:.1f} s ({len(pages) / elapsed:.0f} pages/s)")
    return {k: (v[0], v[1]) for k, v in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--aeb", type=Path, required=True, help="clone of scrapinghub/article-extraction-benchmark")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every miss")
    args = parser.parse_args()
    doc = json.loads(LABELS.read_text(encoding="utf-8"))
    for subset in ("tuning", "held-out"):
        pages = [p for p in doc["pages"] if p["source"] == "aeb" and p.get("set") == subset]
        print(f"== {subset} pages")
        result = score(pages, args.aeb, args.verbose)
        for field, (right, total) in result.items():
            print(f"{field:7} {right:3}/{total:<3} {100 * right / total:5.1f} %")


if __name__ == "__main__":
    main()
