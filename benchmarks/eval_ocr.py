"""OCR accuracy and speed on real pages CaseFile's authors did not make: the scribeocr/ocr-benchmark corpus.

    python benchmarks/eval_ocr.py                      # finds the corpus (see below), prints a table
    python benchmarks/eval_ocr.py --corpus DIR         # a checkout of github.com/scribeocr/ocr-benchmark
    python benchmarks/eval_ocr.py --only slide,chart   # files whose name starts with one of these
    python benchmarks/eval_ocr.py --import-cost 24     # what OCR adds to importing 24 phone screenshots

Material: https://github.com/scribeocr/ocr-benchmark (AGPL-3.0, by Balearica): 30 real pages — screenshots of
slides and charts, filings, depositions, forms, tables, receipts, multi-column magazine and paper pages — with
hand-corrected word-level ground truth in hOCR. It is read at run time and never copied into this repository:
clone it (`git clone --depth 1 https://github.com/scribeocr/ocr-benchmark benchmarks/eval/ocr-benchmark`) or
point --corpus at a checkout or a bare git directory of it.

Measures, per page, as the import reads an image (casefile.ocr.reading.recognise_image: greyscale, dark pages
inverted, small text enlarged, Tesseract's automatic page segmentation):
- words: share of ground-truth words found (order-free multiset match, as the corpus' own evaluator does);
- chars: 1 - character edit distance / ground-truth characters, on the text in reading order (layout matters);
- seconds and cpu: wall and CPU time of recognition (one thread; the import runs two readers at most). On a
  shared, loaded machine the CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import html
import io
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casefile.ocr import engine  # noqa: E402
from casefile.ocr.reading import recognise_image  # noqa: E402

HERE = Path(__file__).resolve().parent
CANDIDATES = (HERE / "eval" / "ocr-benchmark", Path("/work/.mirror/scribeocr+ocr-benchmark/repo"))
_WORD = re.compile(r"<span class=['\"]ocrx_word['\"][^>]*>(.*?)</span>", re.S)
_LINE = re.compile(r"<span class=['\"]ocr_line['\"].*?(?=<span class=['\"]ocr_line['\"]|</div>)", re.S)
_TAG = re.compile(r"<[^>]+>")


class Corpus:
    """The corpus in a checkout or in a bare git directory (read with `git show`, nothing written)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bare = not (root / "img").is_dir()

    def names(self) -> list[str]:
        if not self.bare:
            return sorted(p.relative_to(self.root).as_posix() for p in (self.root / "img").iterdir())
        out = subprocess.run(["git", "--git-dir", str(self.root), "ls-tree", "-r", "--name-only", "HEAD", "img"],
                             capture_output=True, text=True, check=True).stdout
        return sorted(out.split())

    def read(self, name: str) -> bytes:
        if not self.bare:
            return (self.root / name).read_bytes()
        return subprocess.run(["git", "--git-dir", str(self.root), "show", f"HEAD:{name}"], capture_output=True,
                              check=True).stdout

    def truth(self, stem: str) -> str | None:
        for name in (f"ground_truth/{stem}.truth.hocr", f"ground_truth/{stem}.hocr"):
            try:
                return self.read(name).decode("utf-8")
            except (OSError, subprocess.CalledProcessError):
                continue
        return None


def truth_lines(hocr: str) -> list[list[str]]:
    """The ground truth's words, line by line, in the file's order."""
    lines = []
    for block in _LINE.findall(hocr):
        words = [html.unescape(_TAG.sub("", w)).strip() for w in _WORD.findall(block)]
        words = [w for w in words if w]
        if words:
            lines.append(words)
    return lines


def word_accuracy(truth: list[str], found: list[str]) -> float:
    want, got = Counter(truth), Counter(found)
    return sum(min(n, got[w]) for w, n in want.items()) / max(1, sum(want.values()))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one row at a time in numpy (a page is ~5,000 characters: 25 M cells)."""
    import numpy as np

    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    codes = np.array([ord(c) for c in b])
    steps = np.arange(len(b) + 1)
    previous = steps.copy()
    for i, ca in enumerate(a, 1):
        current = np.empty_like(previous)
        current[0] = i
        # deletion and substitution from the row above; insertion is a running minimum along the row
        current[1:] = np.minimum(previous[1:] + 1, previous[:-1] + (codes != ord(ca)))
        current = np.minimum.accumulate(current - steps) + steps
        previous = current
    return int(previous[-1])


def char_accuracy(truth: str, found: str) -> float:
    return max(0.0, 1 - edit_distance(truth, found) / max(1, len(truth)))


def find_corpus(given: str | None) -> Path | None:
    for path in ([Path(given)] if given else list(CANDIDATES)):
        if (path / "img").is_dir() or (path / "HEAD").is_file():
            return path
    return None


def _phone_screenshot(path: Path, i: int) -> None:
    """A 1x phone screenshot of a post (390 px wide, 15 px text): timing material only, never accuracy."""
    from importlib import resources

    from PIL import Image, ImageDraw, ImageFont

    fonts = resources.files("casefile.assets") / "fonts"
    body = ImageFont.truetype(str(fonts / "DejaVuSans.ttf"), 15)
    bold = ImageFont.truetype(str(fonts / "DejaVuSans-Bold.ttf"), 15)
    dark = i % 2 == 1
    img = Image.new("RGB", (390, 420), (0, 0, 0) if dark else (255, 255, 255))
    draw = ImageDraw.Draw(img)
    ink, muted = ((231, 233, 234), (113, 118, 123)) if dark else ((15, 20, 25), (83, 100, 113))
    draw.ellipse((12, 12, 52, 52), fill=(29, 155, 240))
    draw.text((62, 14), f"Reporter {i}", font=bold, fill=ink)
    draw.text((62, 34), f"@reporter_{i}", font=body, fill=muted)
    lines = ["The council voted 7-2 on Tuesday to", "close the Elm Street shelter, citing", "budget shortfalls. "
             "The hearing on", f"the appeal is set for May {i % 28 + 1}, 2025.", "Residents say they were not told."]
    for n, line in enumerate(lines):
        draw.text((12, 70 + n * 24), line, font=body, fill=ink)
    draw.text((12, 210), "9:14 PM · Mar 3, 2025 · 41.2K Views", font=body, fill=muted)
    img.save(path)


def import_cost(n: int) -> int:
    """Seconds to import `n` screenshots (pass 1, parallel readers as the app runs them) with and without OCR."""
    import os
    import tempfile

    from casefile.context import create_case

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "shots"
        folder.mkdir()
        for i in range(n):
            _phone_screenshot(folder / f"shot-{i:03d}.png", i)
        times = {}
        for label, off in (("without OCR", "1"), ("with OCR", "")):
            os.environ["CASEFILE_NO_OCR"] = off  # worker processes inherit it
            engine.reset_for_tests()
            with create_case(Path(tmp) / f"case-{bool(off)}", "cost") as case:
                started = time.perf_counter()
                report = case.intake.import_paths([folder])
                times[label] = time.perf_counter() - started
                recs = [case.evidence.get(o.evidence_id) for o in report.outcomes if o.evidence_id]
                texts = sum(1 for r in recs if case.evidence.text(r.id))
                ocr_s = [float((r.metadata.get("ocr") or {}).get("seconds", 0)) for r in recs]
            print(f"{label:<12} {n} screenshots imported in {times[label]:6.2f} s "
                  f"({times[label] / n:.2f} s each; {texts} with text"
                  + (f"; recognition {sum(ocr_s) / len(ocr_s):.2f} s per image, slowest {max(ocr_s):.2f} s)"
                     if any(ocr_s) else ")"))
        extra = (times["with OCR"] - times["without OCR"]) / n
        print(f"OCR adds {extra:.2f} s per screenshot to pass 1 ({os.cpu_count()} cores)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="checkout (or bare git directory) of scribeocr/ocr-benchmark")
    parser.add_argument("--only", default="", help="comma-separated name prefixes, e.g. slide,chart")
    parser.add_argument("--import-cost", type=int, default=0, metavar="N",
                        help="time importing N drawn phone screenshots with and without OCR instead")
    args = parser.parse_args(argv)
    if args.import_cost:
        return import_cost(args.import_cost)
    root = find_corpus(args.corpus)
    if root is None:
        print("corpus not found: git clone --depth 1 https://github.com/scribeocr/ocr-benchmark "
              "benchmarks/eval/ocr-benchmark", file=sys.stderr)
        return 2
    info = engine.model_info()
    if not info.available:
        print(info.message, file=sys.stderr)
        return 2
    from PIL import Image

    corpus = Corpus(root)
    prefixes = tuple(p for p in args.only.split(",") if p)
    print(f"# {info.engine}, data {info.tessdata}; corpus {root}")
    print(f"{'file':<22}{'pixels':>12}{'words':>8}{'chars':>8}{'seconds':>9}{'cpu':>7}  conf")
    totals: list[tuple[float, float, float, float]] = []
    for name in corpus.names():
        stem = Path(name).stem
        if prefixes and not stem.startswith(prefixes):
            continue
        hocr = corpus.truth(stem)
        if hocr is None:
            continue
        lines = truth_lines(hocr)
        image = Image.open(io.BytesIO(corpus.read(name)))
        image.load()
        started, cpu_started = time.perf_counter(), time.process_time()
        result = recognise_image(image, seconds=120)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        found = result.text.split()
        truth_words = [w for line in lines for w in line]
        words = word_accuracy(truth_words, found)
        chars = char_accuracy("\n".join(" ".join(line) for line in lines), result.text)
        conf = (result.metadata.get("ocr") or {}).get("confidence", 0.0)
        totals.append((words, chars, seconds, cpu))
        size = f"{image.width}x{image.height}"
        print(f"{stem:<22}{size:>12}{words:>8.1%}{chars:>8.1%}{seconds:>9.2f}{cpu:>7.2f}  {conf:.0f}", flush=True)
    if not totals:
        print("no page with ground truth matched", file=sys.stderr)
        return 1
    n = len(totals)
    mean = [sum(t[i] for t in totals) / n for i in range(4)]
    print(f"{'mean of ' + str(n):<22}{'':>12}{mean[0]:>8.1%}{mean[1]:>8.1%}{mean[2]:>9.2f}{mean[3]:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
