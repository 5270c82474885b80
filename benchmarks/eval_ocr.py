"""OCR accuracy and speed on real pages CaseFile's authors did not make: the scribeocr/ocr-benchmark corpus.

    python benchmarks/eval_ocr.py                      # finds the corpus (see below), prints a table
    python benchmarks/eval_ocr.py --corpus DIR         # a checkout of github.com/scribeocr/ocr-benchmark
    python benchmarks/eval_ocr.py --only slide,chart   # files whose name starts with one of these

Material: https://github.com/scribeocr/ocr-benchmark (AGPL-3.0, by Balearica): 30 real pages — screenshots of
slides and charts, filings, depositions, forms, tables, receipts, multi-column magazine and paper pages — with
hand-corrected word-level ground truth in hOCR. It is read at run time and never copied into this repository:
clone it (`git clone --depth 1 https://github.com/scribeocr/ocr-benchmark benchmarks/eval/ocr-benchmark`) or
point --corpus at a checkout or a bare git directory of it.

Measures, per page, as the import reads an image (casefile.ocr.reading.recognise_image: greyscale, dark pages
inverted, small text enlarged, Tesseract's automatic page segmentation):
- words: share of ground-truth words found (order-free multiset match, as the corpus' own evaluator does);
- chars: 1 - character edit distance / ground-truth characters, on the text in reading order (layout matters);
- seconds: wall time of recognition on this machine (one core; the import runs two readers at most).
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
    """Levenshtein distance, row by row (the texts are a page long at most)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def char_accuracy(truth: str, found: str) -> float:
    return max(0.0, 1 - edit_distance(truth, found) / max(1, len(truth)))


def find_corpus(given: str | None) -> Path | None:
    for path in ([Path(given)] if given else list(CANDIDATES)):
        if (path / "img").is_dir() or (path / "HEAD").is_file():
            return path
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="checkout (or bare git directory) of scribeocr/ocr-benchmark")
    parser.add_argument("--only", default="", help="comma-separated name prefixes, e.g. slide,chart")
    args = parser.parse_args(argv)
    root = find_corpus(args.corpus)
    if root is None:
        print("corpus not found: git clone --depth 1 https://github.com/scribeocr/ocr-benchmark "
              "benchmarks/eval/ocr-benchmark", file=sys.stderr)
        return 2
    info = engine.ocr_info()
    if not info.available:
        print(info.message, file=sys.stderr)
        return 2
    from PIL import Image

    corpus = Corpus(root)
    prefixes = tuple(p for p in args.only.split(",") if p)
    print(f"# {info.engine}, data {info.tessdata}; corpus {root}")
    print(f"{'file':<22}{'pixels':>12}{'words':>8}{'chars':>8}{'seconds':>9}  conf")
    totals: list[tuple[float, float, float]] = []
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
        started = time.perf_counter()
        result = recognise_image(image, seconds=120)
        seconds = time.perf_counter() - started
        found = result.text.split()
        truth_words = [w for line in lines for w in line]
        words = word_accuracy(truth_words, found)
        chars = char_accuracy("\n".join(" ".join(line) for line in lines), result.text)
        conf = (result.metadata.get("ocr") or {}).get("confidence", 0.0)
        totals.append((words, chars, seconds))
        size = f"{image.width}x{image.height}"
        print(f"{stem:<22}{size:>12}{words:>8.1%}{chars:>8.1%}{seconds:>9.2f}  {conf:.0f}")
    if not totals:
        print("no page with ground truth matched", file=sys.stderr)
        return 1
    n = len(totals)
    mean = [sum(t[i] for t in totals) / n for i in range(3)]
    print(f"{'mean of ' + str(n):<22}{'':>12}{mean[0]:>8.1%}{mean[1]:>8.1%}{mean[2]:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
