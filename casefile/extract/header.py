"""The top of an article: headline, byline and dateline. They describe the article, so they yield no events."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision
from casefile.domain.errors import ValidationError
from casefile.extract.dates import find_absolute_date, find_dates
from casefile.extract.lexicon import DATELINE_FILLER
from casefile.extract.sentences import Paragraph

_PREFIX = re.compile(
    r"^\s*(?i:date|published|posted|updated)\s*:?\s*(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?[ \t]+"
)
_BYLINE = re.compile(
    r"^(?:By|BY|Written by|Words by|Story by|Reporting by|Posted by|Posted By"
    r"|Par|PAR|Von|VON|Por|POR|Di|Door|Texte de|Un article de)[ \t]+(?P<names>[A-ZÀ-Þ][^|•·\n]*?)"
    r"(?=\s*(?:[|•·]|,\s*(?:Published|Updated|Posted|Staff|Senior|Reporter|Editor|Correspondent|Contributor)"
    r"|\s+[-–—]\s+|\s+(?:Published|Updated|Posted|on|for)\b|\s*\d|$))"
)
# A wire dateline opening the first paragraph: "LOS ANGELES (AP) —", "NEW YORK, Feb 27 (Reuters) -",
# "SAN FRANCISCO, Calif., June 17, 2024 /PRNewswire/ --".
_WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,30}[A-Z.])(?:,[ \t]+[A-Z][A-Za-z.]{1,12})?,?"
    r"(?P<date>[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]+\d{4})?)?,?"
    r"(?:[ \t]+(?:\((?:AP|Reuters|AFP|UPI|Bloomberg|CNN)\)|/[A-Za-z -]{2,30}/))?"
    r"[ \t]*(?:—|–|--?|:)[ \t]+(?=[A-Z“\"])"
)
_AGENCY_LINE = re.compile(r"^(?:The )?(?:Associated Press|Reuters|AFP|Agence France-Presse|Bloomberg News|UPI)$")
_RELEASE_BANNER = re.compile(r"^(?i:for\s+immediate\s+release|press\s+release|news\s+release|embargoed[^\n]{0,40})$")
_CREDIT_LINE = re.compile(r"^\((?:Reporting|Writing|Editing|Additional reporting) by [^\n]{3,200}\)$")
_BOILERPLATE = re.compile(r"^(?:About [A-Z][^\n]{1,60}|Media Contacts?:?|Press Contacts?:?|Contacts?:|###|-30-)$")
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
    dateline: tuple[int, int] | None = None  # "LOS ANGELES (AP) —" opening the body: read for nothing
    trailer: tuple[int, int] | None = None  # a press release's "About X" / "Media Contact" tail, credit lines


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
        if _RELEASE_BANNER.match(line) or _AGENCY_LINE.match(line):
            header.metadata.append((para.start, para.end))
            continue
        by = _BYLINE.match(line)
        found = _dateline_date(line, allow_words=6 if by else 4)
        if by:
            header.author = header.author or _name_case(" ".join(by.group("names").strip(" ,").split()))
        if by or found:
            header.metadata.append((para.start, para.end))
            if found:
                label = _DATELINE_LABEL.match(line)
                if label and "updated" in label.group("label").lower():
                    updated = updated or found
                else:
                    header.published = header.published or found
            continue
        first = index == len(header.metadata) - (1 if m else 0)  # after a release banner, if any
        if want_title and first and not header.title and _is_title_line(line) and len(paragraphs) > 1:
            header.title = line
            header.title_span = (para.start, para.end)
    header.published = header.published or updated
    _body_markers(header, text, paragraphs)
    return header


def _body_markers(header: Header, text: str, paragraphs: list[Paragraph]) -> None:
    """The wire dateline opening the body, and boilerplate closing it."""
    in_header = {s for s, _ in header.metadata} | ({header.title_span[0]} if header.title_span else set())
    for para in paragraphs[:8]:
        if para.start in in_header:
            continue
        m = _WIRE_DATELINE.match(para.text)
        if m and len(m.group("place").split()) <= 4:
            header.dateline = (para.start, para.start + m.end())
            if m.group("date") and not header.published:
                found = find_absolute_date(m.group("date").strip())
                header.published = found if found and found.precision is DatePrecision.DAY else None
        if len(para.text.split()) >= _BODY_WORDS:
            break
    for para in paragraphs[len(paragraphs) // 2 :]:
        if _BOILERPLATE.match(para.text) or _CREDIT_LINE.match(para.text):
            header.trailer = (para.start, len(text))
            break


def _name_case(name: str) -> str:
    """AP bylines shout ("By MARIA DELGADO-RUIZ"): write the name as a person would."""
    if not name.isupper():
        return name
    return re.sub(r"[^\W\d_]+", lambda w: w.group().capitalize() if len(w.group()) > 1 else w.group(), name)


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
