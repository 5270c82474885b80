"""Lines that frame a document rather than tell its story: page headers and footers, "Printed by … on <date>",
copyright notices, navigation and share bars. A 20-page print-out repeats its footer on every page; left in,
each copy became a dated event. These spans are read for nothing."""

from __future__ import annotations

import re
from collections import defaultdict

from casefile.extract.sentences import Paragraph

# Said once, these lines are still furniture, not news.
_FURNITURE = re.compile(
    r"""^[\W_]*(?i:
      printed\s+(?:by|on|from|at)\b | print(?:ed)?\s+date\b | generated\s+(?:by|on)\b | downloaded\s+(?:by|from|on)\b
    | retrieved\s+(?:from|on)\b | accessed\s+on\b | copyright\b | ©|\(c\)\s*(?:19|20)\d\d | all\s+rights\s+reserved
    | page\s+\d+(?:\s*(?:of|/)\s*\d+)?\s*$ | \d+\s*(?:of|/)\s*\d+\s*$ | [-–—]?\s*\d{1,4}\s*[-–—]?\s*$
    | jump\s+to\b | skip\s+to\b | share\s+(?:this|on|via)\b | click\s+here\b | sign\s+up\b | subscribe\b
    | advertisement\s*$ | read\s+more\b | related\s*(?:stories|articles)?\s*: | follow\s+us\b
    | we\s+use\s+cookies\b | cookie\s+(?:policy|settings)\b
    | terms\s+of\s+(?:use|service)\b | privacy\s+policy\b | more\s+articles\b | other\s+stories\b
    | view\s+(?:blog\s+)?reactions\b | from\s+wikinews\b | from\s+wikipedia\b | this\s+article\s+(?:is|mentions)\b
    | last\s+(?:updated|modified|edited)\b | (?:this\s+)?page\s+was\s+last\b | confidential\s*[-–—:]
    | for\s+internal\s+use\b | draft\s*[-–—:]
    )""",
    re.VERBOSE,
)
_NAV_SEPARATORS = re.compile(r"\s[|•·»›>/]\s")
_FURNITURE_WORDS = 25  # a long paragraph that starts "Copyright law …" is prose, not a notice
_REPEATED_WORDS = 40  # a footer is short; a long paragraph quoted twice is the story quoting itself


def boilerplate_spans(paragraphs: list[Paragraph]) -> list[tuple[int, int]]:
    """Spans of paragraphs (lines) that are page furniture: repeated short lines, notices, navigation bars."""
    # exact, but "Page 3 of 20" and "Page 4 of 20" are one line; a long paragraph is never furniture
    keys = [_key(p.text) if len(p.text) <= 400 else f"\0{i}" for i, p in enumerate(paragraphs)]
    where: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        where[key].append(i)
    spans: list[tuple[int, int]] = []
    for i, para in enumerate(paragraphs):
        words = len(para.text.split())
        if (words <= _REPEATED_WORDS and _recurs(where[keys[i]], words)) or (
            words <= _FURNITURE_WORDS and is_furniture(para.text)
        ):
            spans.append((para.start, para.end))
    return spans


def _recurs(positions: list[int], words: int) -> bool:
    """A line that comes back page after page, with other text between its copies: a header or a footer.
    Lines that follow one another ("Invoice 12 paid on March 3", "Invoice 13 paid on March 4") are a list."""
    if len(positions) < 2 or (len(positions) == 2 and words > 12):
        return False
    gaps = [b - a for a, b in zip(positions, positions[1:], strict=False)]
    return sum(g == 1 for g in gaps) * 2 < len(gaps)


def is_furniture(line: str) -> bool:
    """A notice or a navigation bar: "Printed by jdoe on 3/4/2025", "© 2025 Daily Planet", "Home | News | Sport"."""
    if _FURNITURE.match(line):
        return True
    parts = _NAV_SEPARATORS.split(line)
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)


_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?")
_PAGE_MARK = re.compile(r"(?i:\bpage\s*\d+|\b\d+\s*(?:of|/)\s*\d+\s*$|^\s*[-–—]?\s*\d{1,4}\s*[-–—]?\s*$)")


def _key(line: str) -> str:
    """A line as it comes back on every page. Only a page number may change from copy to copy: lines that differ
    in other numbers ("invoice 300 … March 1", "invoice 301 … March 2") are the pages' own words."""
    text = " ".join(line.lower().split()).strip(" .-–—|")
    if ":" in text:
        text = _TIME.sub("#:#", text)  # a print-out's clock moves on
    numbered = "page" in text or "/" in text or " of " in text or text.isdigit()
    return re.sub(r"\d+", "#", text) if numbered and _PAGE_MARK.search(line) else text
