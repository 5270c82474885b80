"""Dates that lean on their context, as a careful reader resolves them: "on the same day" and "earlier that
October" on the event just told, "in February" on the publication year. Each is a plain `DateHit` with its span,
marked `inferred` because the year (or the day) comes from elsewhere."""

from __future__ import annotations

import re
from datetime import date, timedelta

from casefile.domain.dates import MONTHS, CaseDate, EventDate
from casefile.domain.enums import DatePrecision, DateQualifier
from casefile.extract.dates import DateHit

_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# "in February", "since March", "by late April" — a month named alone, not "March 3" nor "March 2024".
_BARE_MONTH = re.compile(
    rf"\b(?P<prep>in|since|during|until|by|before|after|through)\s+(?:(?:early|late|mid-?)\s*)?(?P<month>{_FULL_MONTH})"
    r"(?![\w-]|\s*\d|,?\s+(?:of\s+)?(?:1[89]|2[01])\d\d)"
)
_SAME_DAY = re.compile(
    r"(?i:\b(?:on\s+)?(?:the\s+(?P<same>same\s+day)|that\s+(?:same\s+)?(?P<that>day)|the\s+(?P<next>next|following)"
    r"\s+day|the\s+day\s+(?P<rel>before|after))\b)"
)
_THAT_MONTH = re.compile(
    rf"\b(?:(?i:earlier|later|in|early|late)\s+)?(?i:that)\s+(?:(?P<month>{_FULL_MONTH})|(?P<unit>(?i:month|year)))\b"
)
_PREPOSITION_QUALIFIER = {
    "since": DateQualifier.AFTER, "after": DateQualifier.AFTER, "until": DateQualifier.BEFORE,
    "by": DateQualifier.BEFORE, "before": DateQualifier.BEFORE,
}  # fmt: skip
# A sentence holding none of these leans on nothing: a substring test spares the regexes.
STEMS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
         "November", "December", "same day", "that day", "next day", "following day", "day before", "day after",
         "that month", "that year", "That month", "That year")  # fmt: skip


def bare_month(text: str, start: int, end: int, published: CaseDate | None) -> DateHit | None:
    """ "in February" in a piece published in July 2006 is February 2006; one in March 2006 means February 2006
    too, but "in November" then means the November before."""
    if published is None:
        return None
    m = _BARE_MONTH.search(text, start, end)
    if not m:
        return None
    month = MONTHS[m.group("month").lower()]
    year = published.year - 1 if month > published.month + 1 else published.year
    qualifier = _PREPOSITION_QUALIFIER.get(m.group("prep"), DateQualifier.ON)
    found = EventDate(CaseDate(year, month, precision=DatePrecision.MONTH), qualifier)
    return DateHit(m.start(), m.end("month"), found, inferred=True)


def told_before(text: str, start: int, end: int, recent: list[EventDate]) -> DateHit | None:
    """ "on the same day", "the next day", "later that year": on the date just told; "earlier that October": on
    the October last told of (not on a December told since)."""
    points = [d.start for d in recent if d.end is None]
    if not points:
        return None
    last = points[0]
    m = _SAME_DAY.search(text, start, end)
    if m and last.precision in (DatePrecision.DAY, DatePrecision.MINUTE):
        shift = 1 if m.group("next") or m.group("rel") == "after" else -1 if m.group("rel") == "before" else 0
        day = date(last.year, last.month, last.day) + timedelta(days=shift)
        found = CaseDate(day.year, day.month, day.day, precision=DatePrecision.DAY)
        return DateHit(m.start(), m.end(), EventDate(found), inferred=True)
    m = _THAT_MONTH.search(text, start, end)
    if not m:
        return None
    if m.group("month"):
        month = MONTHS[m.group("month").lower()]
        told = next((p for p in points if p.precision is not DatePrecision.YEAR and p.month == month), None)
        if told is None:
            return None
        found = CaseDate(told.year, month, precision=DatePrecision.MONTH)
    elif m.group("unit").lower() == "month" and last.precision is not DatePrecision.YEAR:
        found = CaseDate(last.year, last.month, precision=DatePrecision.MONTH)
    elif m.group("unit").lower() == "year":
        found = CaseDate(last.year, precision=DatePrecision.YEAR)
    else:
        return None
    return DateHit(m.start(), m.end(), EventDate(found), inferred=True)
