"""Reading a long scan page by page: time-boxed, cancellable, each page's outcome kept, what is left said.

Shared by the importers (a PDF's scanned pages, a multi-page TIFF) and `services/ocr_service.py`, which
continues the pages an import left. Pages are 1-based here, as the user counts them. Which pages still wait is
kept in the exhibit's metadata as compact ranges (`unread_pages: [[13, 300]]`), and `splice` puts a page's text
at its own offset in the exhibit's text so every citation before and after it still points at its passage.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from casefile.ocr import engine
from casefile.ocr.reading import ocr_languages

PAGE_SEPARATOR = "\n\n"  # between two pages' texts, as the PDF importer joins them
UNREAD_KEY = "unread_pages"  # in an exhibit's metadata: the pages whose text is not in it yet

CONTINUE_HINT = "`casefile ocr CASE_DIR` (or the exhibit's Read remaining pages) reads them later"
PageProgress = Callable[[int, int], None]  # (page being read, pages in the document): "page 12 of 300"
_page_sink: ContextVar[PageProgress | None] = ContextVar("casefile_page_progress", default=None)


@contextmanager
def reporting_pages(on_page: PageProgress) -> Iterator[None]:
    """Within this block, every long scan read in this thread reports its pages to `on_page`: how an import
    (whose importers take no callback) can show "page 12 of 300" through its own progress callback."""
    token = _page_sink.set(on_page)
    try:
        yield
    finally:
        _page_sink.reset(token)


@dataclass
class PagesRead:
    """The outcome of one run over some pages: their texts, the pages that failed for good, those left."""

    texts: dict[int, str] = field(default_factory=dict)  # page -> recognised text
    failed: dict[int, str] = field(default_factory=dict)  # page -> why it cannot be read (retrying won't help)
    left: list[int] = field(default_factory=list)  # pages not reached (time, cancel) or that timed out
    stopped: str = ""  # "time", "cancelled", or "" when every page was tried
    weight: float = 0.0  # letters recognised (confidence is weighted by them)
    confidence_sum: float = 0.0
    low_confidence: list[int] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        return round(self.confidence_sum / self.weight, 1) if self.weight else 0.0


def read_pages(pages: Iterable[int], picture: Callable[[int], Any], *, total: int, deadline: float | None = None,
               seconds_per_page: float = 60.0, cancelled: Callable[[], bool] | None = None,
               on_page: PageProgress | None = None) -> PagesRead:
    """OCR each page in `pages` (the picture of page n is `picture(n)`, None when it cannot be rendered).

    Stops at `deadline` (monotonic time) or when `cancelled()`; the pages not reached are in `left`. A page that
    only timed out stays in `left` (a later run with more time may read it); a page too thin, too large or that
    the engine fails on is in `failed` with its reason.
    """
    out = PagesRead()
    on_page = on_page or _page_sink.get()
    todo = list(pages)
    for i, page in enumerate(todo):
        if cancelled is not None and cancelled():
            out.stopped, out.left = "cancelled", out.left + todo[i:]
            break
        budget = seconds_per_page if deadline is None else min(seconds_per_page, deadline - time.monotonic())
        if budget <= 1:
            out.stopped, out.left = "time", out.left + todo[i:]
            break
        if on_page is not None:
            on_page(page, total)
        try:
            image = picture(page)
        except engine.OcrFailure as exc:
            out.failed[page] = str(exc)
            continue
        except (OSError, ValueError, SyntaxError):  # Pillow on a damaged page of a multi-page file
            out.failed[page] = "the page's picture data is damaged and cannot be decoded"
            continue
        if image is None:
            out.failed[page] = "the page could not be rendered for OCR"
            continue
        try:
            result = engine.recognise(image, seconds=budget, languages=ocr_languages()[0])
        except engine.OcrTimeout:
            out.left.append(page)
            continue
        except engine.OcrFailure as exc:
            out.failed[page] = str(exc)
            continue
        out.texts[page] = result.text
        weight = sum(len(w.text) for line in result.lines for w in line.words)
        out.weight += weight
        out.confidence_sum += engine.mean_confidence(result) * weight
        if result.lines and engine.mean_confidence(result) < engine.LOW_CONFIDENCE:
            out.low_confidence.append(page)
    return out


# the pages left, kept compactly ------------------------------------------------------------------------
def to_ranges(pages: Iterable[int]) -> list[list[int]]:
    """[1, 2, 3, 7, 9, 10] -> [[1, 3], [7, 7], [9, 10]]: a 2,000-page fax left unread is one pair."""
    out: list[list[int]] = []
    for p in sorted(set(pages)):
        if out and p == out[-1][1] + 1:
            out[-1][1] = p
        else:
            out.append([p, p])
    return out


def from_ranges(ranges: Any) -> list[int]:
    """The pages in `to_ranges`' form (anything malformed counts as no page)."""
    out: list[int] = []
    if not isinstance(ranges, list):
        return out
    for pair in ranges:
        if (isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, int) for v in pair)
                and 1 <= pair[0] <= pair[1]):
            out.extend(range(pair[0], pair[1] + 1))
    return sorted(set(out))


def describe(pages: list[int]) -> str:
    """'page 4', 'pages 4–9', 'pages 4–9, 12 and 30–300' for a sentence."""
    parts = [f"{a}" if a == b else f"{a}–{b}" for a, b in to_ranges(pages)]
    word = "page" if len(pages) == 1 else "pages"
    if len(parts) > 4:
        return f"{word} {', '.join(parts[:3])} and {len(parts) - 3} more runs"
    return f"{word} {' and '.join([', '.join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0]}"


# placing a page's text --------------------------------------------------------------------------------
def split_pages(text: str, page_starts: list[int]) -> list[str]:
    """Each page's text, from the exhibit's text and where its pages start."""
    out = []
    for i, start in enumerate(page_starts):
        end = page_starts[i + 1] - len(PAGE_SEPARATOR) if i + 1 < len(page_starts) else len(text)
        out.append(text[start:max(start, end)])
    return out


def splice(text: str, page_starts: list[int], page: int, page_text: str) -> tuple[str, list[int], int, int]:
    """Put `page_text` as page `page` (1-based) of `text`: (new text, new page starts, where the change is, delta).

    A page the text does not reach yet (past an import's page cap) is added after the last one, with empty pages
    between. Everything from the returned offset on moved by `delta` characters; passages before it stay.
    """
    starts = list(page_starts) or [0]
    texts = split_pages(text, starts)
    while len(texts) < page:
        texts.append("")
    old = texts[page - 1]
    texts[page - 1] = page_text
    new_text = PAGE_SEPARATOR.join(texts)
    new_starts, pos = [], 0
    for t in texts:
        new_starts.append(pos)
        pos += len(t) + len(PAGE_SEPARATOR)
    if page - 1 < len(starts):
        at = starts[page - 1] + len(old)  # the end of the page's old text: what follows moves
    else:
        at = len(text)
    return new_text, new_starts, at, len(new_text) - len(text)


__all__ = ["CONTINUE_HINT", "PAGE_SEPARATOR", "UNREAD_KEY", "PageProgress", "PagesRead", "describe", "from_ranges",
           "read_pages", "reporting_pages", "splice", "split_pages", "to_ranges"]
