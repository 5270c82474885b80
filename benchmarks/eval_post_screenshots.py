"""How well screenshots of posts are recognised on real screenshots nobody here drew.

    python benchmarks/eval_post_screenshots.py BOOK_CHECKOUT [-v]

BOOK_CHECKOUT is a checkout of github.com/social-media-ethics-automation/book (the labels name its commit). Its
`book_contents/` holds screenshots of public posts, reproduced in that open textbook; `post_screenshots_labels.json`
beside this script labels 20 of them by hand (16 posts, 4 images that are not posts). The images are not
committed here. Each is read by CaseFile's own OCR engine (casefile.ocr.engine, as the image importer reads it)
and given to `post_from_screenshot`. Printed: precision and recall of "this is a post", then, over the posts it
recognised, the share with the right author, handle, date (exact, "none" when the screenshot shows no full date)
and words (exact after spacing and quote marks are evened out, and a character similarity), and the seconds
spent on OCR and on recognition.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
import unicodedata
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casefile.importers.post_screenshot import post_from_screenshot  # noqa: E402

LABELS = Path(__file__).resolve().parent / "post_screenshots_labels.json"


def _norm(text: str | None) -> str:
    """Compare words, not typography: quotes, ellipses, spacing, and OCR's `|` for `I`, evened out."""
    t = unicodedata.normalize("NFKC", text or "")
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("…", "..."), ("|", "I")):
        t = t.replace(a, b)
    return " ".join(t.split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("book", type=Path, help="checkout of social-media-ethics-automation/book")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    from PIL import Image

    from tests.test_post_screenshot_drawing import ocr

    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    root = args.book / "book_contents"
    tp = fp = fn = tn = 0
    right = {"author": 0, "handle": 0, "date": 0, "text": 0}
    similarity: list[float] = []
    ocr_s = recog_s = 0.0
    missing: list[str] = []
    rows: list[str] = []
    for label in labels["images"]:
        path = root / label["path"]
        if not path.exists():
            missing.append(label["path"])
            continue
        with Image.open(path) as img:
            rgb = img.convert("RGB")
        t0 = time.perf_counter()
        page = ocr(rgb)
        t1 = time.perf_counter()
        item = post_from_screenshot(page)
        t2 = time.perf_counter()
        ocr_s, recog_s = ocr_s + (t1 - t0), recog_s + (t2 - t1)
        name = Path(label["path"]).name
        if not label["post"]:
            fp, tn = fp + (item is not None), tn + (item is None)
            rows.append(f"{name:34} not a post   -> {'POST (wrong)' if item else 'none (right)'}")
            continue
        if item is None:
            fn += 1
            rows.append(f"{name:34} post         -> missed")
            continue
        tp += 1
        handle = str(item.metadata.get("handle", ""))
        author = item.author.split(" (@")[0] if handle else item.author
        got = {
            "author": _norm(author) == _norm(label["author"]) or (not handle and author == label["handle"]),
            "handle": handle.lower() == label["handle"].lower(),
            "date": (item.published.iso() if item.published else None) == label["date"],
            "text": _norm(item.text) == _norm(label["text"]),
        }
        for key, ok in got.items():
            right[key] += ok
        sim = difflib.SequenceMatcher(None, _norm(item.text), _norm(label["text"])).ratio()
        similarity.append(sim)
        marks = " ".join(f"{k}:{'ok' if v else 'NO'}" for k, v in got.items())
        rows.append(f"{name:34} post         -> {marks} words≈{sim:.2f}")
        if args.verbose:
            rows.append(f"    got {item.author!r} {handle!r} {item.published} {item.text[:100]!r}")
    if missing:
        print(f"{len(missing)} labelled images not found under {root} (is BOOK_CHECKOUT right?)")
    for row in rows:
        print(row)
    n = tp + fp + fn + tn
    if not n:
        return 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"\n{n} screenshots: {tp + fn} posts, {fp + tn} not posts")
    print(f"post recognised: precision {precision:.2f}, recall {recall:.2f} (tp {tp}, fp {fp}, fn {fn}, tn {tn})")
    if tp:
        print("of the {} posts recognised: author {:.0%}, handle {:.0%}, date {:.0%}, words exact {:.0%}, "
              "words similarity {:.2f}".format(tp, right["author"] / tp, right["handle"] / tp, right["date"] / tp,
                                               right["text"] / tp, sum(similarity) / len(similarity)))
    print(f"seconds per screenshot: OCR {ocr_s / n:.2f}, recognition {recog_s / n * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
