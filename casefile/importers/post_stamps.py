"""The stamps apps print under or beside a post (`10:42 AM · Mar 3, 2025`, `Mar 3, 2025 at 10:42 AM`, `2025-3-3`,
`03/03/25`, `3h`), found in a screenshot's lines and read through the one date parser. A stamp without a year
is kept as written, never completed by guessing."""

from __future__ import annotations

import re

from casefile.domain.dates import CaseDate, parse_human_date
from casefile.domain.enums import DatePrecision
from casefile.domain.errors import ValidationError

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
         r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
TIME = r"\d{1,2}[:.]\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?"
SEP = r"\s*[·•\-.,:]?\s*"
# the stamps apps print, most specific first; each gives (date, time) groups
STAMPS = [
    re.compile(rf"(?P<time>{TIME}){SEP}(?P<date>{MONTH}\s\d{{1,2}},?\s\d{{4}})"),  # X: 10:42 AM · Mar 3, 2025
    re.compile(rf"(?P<time>{TIME}){SEP}(?P<date>\d{{1,2}}\s{MONTH}\s\d{{4}})"),  # X, day first
    re.compile(rf"(?P<date>{MONTH}\s\d{{1,2}},?\s\d{{4}})(?:,?\s(?:at\s)?(?P<time>{TIME}))?"),  # Bluesky, FB
    re.compile(rf"(?P<date>\d{{1,2}}\s{MONTH}\s\d{{4}})(?:,?\s(?:at\s)?(?P<time>{TIME}))?"),
    re.compile(r"(?<![\d.,])(?P<date>\d{4}-\d{1,2}-\d{1,2})(?![\d-])"),  # TikTok: 2025-3-3
    re.compile(r"(?<![\d.,/])(?P<date>\d{1,2}/\d{1,2}/\d{2})(?![\d/])"),  # Threads: 03/03/25 (month first)
]
# stamps that show a day but no year, or only an age: kept as written, never turned into a date
PARTIAL_STAMPS = [
    re.compile(rf"(?P<date>{MONTH}\s\d{{1,2}})(?:\s(?:at\s)?(?P<time>{TIME}))?(?![\d,])"),  # March 3 at 10:42
    re.compile(r"(?<![\d.,:-])(?P<date>\d{1,2}-\d{1,2})(?![\d-])"),  # TikTok: 3-3
    re.compile(r"(?<!\S)(?P<date>\d{1,2}\s?[smhdw]|\d{1,2}\s(?:min|mins|minutes?|hours?|hrs?|days?|weeks?)"
               r"(?:\sago)?|just now|yesterday(?:\sat\s\d{1,2}[:.]\d{2}\s?[AaPp][Mm])?)(?!\S)", re.I),
]
OCR_TIME_DOT = re.compile(r"^(\d{1,2})\.(\d{2})")


def stamp_only(flat: str) -> bool:
    """A line that is a stamp and views/separators, nothing else (`10:42 AM · Mar 3, 2025 · 12.4K Views`)."""
    for rx in (*STAMPS, *PARTIAL_STAMPS):
        m = rx.search(flat)
        if m:
            rest = (flat[: m.start()] + " " + flat[m.end():]).lower()
            rest = re.sub(r"\b\d[\d.,]*\s?[km]?\s?views\b|twitter (?:for \w+|web app|web client)|[·•\-.,\s]", "",
                          rest)
            if not rest:
                return True
    return False


def stamp_in(lines: list[tuple[str, str]]) -> tuple[CaseDate | None, str]:
    """The post's date (and time when shown) from the first stamp in `lines` (each as read and as cleaned of
    icons); a partial stamp is returned as written with no date."""
    for raw, flat in lines:
        for rx in STAMPS:
            m = rx.search(raw) or rx.search(flat)
            if m:
                when = parse_stamp(m.group("date"), m.groupdict().get("time"))
                if when is not None:
                    return when, m.group(0).strip()
        for rx in PARTIAL_STAMPS:
            m = rx.search(raw) or rx.search(flat)
            if m:
                return None, m.group(0).strip()
    return None, ""


def parse_stamp(day: str, time: str | None) -> CaseDate | None:
    """The one date parser on what the stamp shows; OCR's `10.42` for `10:42` is mended first, and Threads'
    `03/03/25` is month first with the century written out."""
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2})", day)
    if m:
        day = f"{m.group(2)}/{m.group(1)}/20{m.group(3)}"
    text = day + " " + OCR_TIME_DOT.sub(r"\1:\2", time) if time else day
    try:
        when = parse_human_date(text)
    except ValidationError:
        return parse_stamp(day, None) if time else None
    return when if when.precision in (DatePrecision.DAY, DatePrecision.MINUTE) else None
