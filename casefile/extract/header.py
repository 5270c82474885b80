"""The top of an article: headline, byline and dateline. They describe the article, so they yield no events."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision
from casefile.domain.errors import ValidationError
from casefile.extract.dates import find_dates
from casefile.extract.lexicon import DATELINE_FILLER
from casefile.extract.sentences import Paragraph

_PREFIX = re.compile(
    r"^\s*(?i:date|published|posted|updated)\s*:?\s*(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?[ \t]+"
)
_BYLINE = re.compile(
    r"^(?:By|BY|Written by|Words by|Story by|Reporting by)[ \t]+(?P<names>[A-Z][^|•·\n]*?)"
    r"(?=\s*(?:[|•·]|,\s*(?:Published|Updated|Posted|Staff|Senior|Reporter|Editor|Correspondent|Contributor)"
    r"|\s+[-–—]\s+|\s+(?:Published|Updated|Posted|on|for)\b|\s*\d|$))"
)
_DATELINE_LABEL = re.compile(r"^(?i:(?P<label>published|posted|updated|last\s+updated|first\s+published|date)\b\s*:?)")
_LEFTOVER_WORDS = re.compile(r"[A-Za-z]+")
_BODY_WORDS = 14


@dataclass
class Header:
    title: str = ""
    author: str = ""
    published: CaseDate | None = None
    metadata: list[tuple[int, int]] = field(default_factory=list)  # byline and dateline spans: read for nothing
    title_span: tuple[int, int] | None = None  # read for parties (known names only), not for events


def read_header(text: str, paragraphs: list[Paragraph], *, want_title: bool = True) -> Header:
    header = Header()
    updated: CaseDate | None = None
    m = _PREFIX.match(text)
    if m:
        header.published = _prefix_date(m)
        header.metadata.append((m.start(), m.end()))
    for index, para in enumerate(paragraphs[:6]):
        line = para.text
        if len(line) > 250 or (len(line.split()) >= _BODY_WORDS and line.rstrip().endswith((".", "”", '"'))):
            break
        by = _BYLINE.match(line)
        found = _dateline_date(line, allow_words=6 if by else 4)
        if by:
            header.author = header.author or " ".join(by.group("names").strip(" ,").split())
        if by or found:
            header.metadata.append((para.start, para.end))
            if found:
                label = _DATELINE_LABEL.match(line)
                if label and "updated" in label.group("label").lower():
                    updated = updated or found
                else:
                    header.published = header.published or found
            continue
        if want_title and index == 0 and not header.title and _is_title_line(line) and len(paragraphs) > 1:
            header.title = line
            header.title_span = (para.start, para.end)
    header.published = header.published or updated
    return header


def _prefix_date(m: re.Match[str]) -> CaseDate | None:
    try:
        if m.group("h"):
            return CaseDate(
                int(m["y"]), int(m["m"]), int(m["d"]), int(m["h"]), int(m["mi"]), precision=DatePrecision.MINUTE
            )
        return CaseDate(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValidationError:
        return None


def _dateline_date(line: str, allow_words: int) -> CaseDate | None:
    """The date of a line that is (almost) only a date: "Published Jan. 29, 2025, 10:04 a.m. ET"."""
    hits = [h for h in find_dates(line, 0, len(line), None) if h.date.end is None]
    if not hits or hits[0].date.start.precision is DatePrecision.YEAR:
        return None
    rest = line[: hits[0].start] + " " + line[hits[0].end :]
    words = [w for w in _LEFTOVER_WORDS.findall(rest) if w.lower() not in DATELINE_FILLER]
    if _BYLINE.match(line):
        return hits[0].date.start
    return hits[0].date.start if len(words) <= allow_words and len(line) <= 120 else None


def _is_title_line(line: str) -> bool:
    words = line.split()
    return 3 <= len(words) <= 30 and len(line) <= 200 and not line.rstrip().endswith((".", ",", ";", ":"))
