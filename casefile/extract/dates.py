"""Dates and times written in prose (English here, other languages through `dates_i18n`), resolved honestly
against the publication date.

Every hit keeps the span of the words it came from. A date that cannot be resolved (a bare "Jan. 27" with no
publication date, "a few weeks ago", "next Friday") is dropped rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from casefile.domain.dates import MONTHS, CaseDate, EventDate
from casefile.domain.enums import DatePrecision, DateQualifier
from casefile.domain.errors import ValidationError
from casefile.extract.date_math import day_of as _day
from casefile.extract.date_math import guess_year as _guess_year
from casefile.extract.date_math import weekday_before as _weekday
from casefile.extract.dates_i18n import find_local_dates, local_candidates

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_ABBR = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?"

# Capitalised only: "may" and "march" are also verbs.
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December" \
         r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![A-Za-z])"  # fmt: skip
MONTH_NAME = _MONTH  # for patterns elsewhere that hold an English date ("— TMZ (@TMZ) January 27, 2025")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

_DATE = re.compile(
    rf"""
    (?=[0-9JFMASONDTWYyTtLlEe])(?<![\w$£€])(?:
      (?P<iso>(?P<iy>{_YEAR})-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01]))(?![\d-])
    | (?:(?:{_WEEKDAY}|{_WEEKDAY_ABBR}),?\s+)?(?:the\s+)?
      (?P<m1>{_MONTH})\s+(?P<d1>{_DAY})(?:\s*(?:-|–|to|through)\s*(?P<d1b>{_DAY}))?(?:,?\s+(?P<y1>{_YEAR})(?!\d))?
    | (?:(?:{_WEEKDAY}|{_WEEKDAY_ABBR}),?\s+)?(?:the\s+)?
      (?P<d2>{_DAY})(?:\s+of)?\s+(?P<m2>{_MONTH}),?(?:\s+(?P<y2>{_YEAR})(?!\d))?
    | (?P<m3>{_MONTH}),?\s+(?P<y3>{_YEAR})(?!\d)
    | (?P<nm>0?[1-9]|1[0-2])/(?P<nd>0?[1-9]|[12]\d|3[01])/(?P<ny>{_YEAR}|\d\d)(?![\d/])
    | (?P<y4>{_YEAR})(?![\w%,.]\d|[\w%]|\s*(?i:million|billion|thousand|percent|people|dollars))
    | (?P<rel>(?i:yesterday|today|tonight|this\s+(?:morning|afternoon|evening)|last\s+night
        |(?:earlier\s+)?this\s+(?:week|month|year)|last\s+(?:week|month|year)))(?!\w)
    | (?:(?P<wdq>(?i:last|this\s+past|past))\s+)?(?P<wd>{_WEEKDAY})(?!\w)
    )
    """,
    re.VERBOSE,
)

# "two weeks ago": searched only in sentences holding "ago".
_AGO = re.compile(rf"(?<!\w)(?P<agon>(?i:{_NUM}))\s+(?P<agou>(?i:days?|weeks?|months?|years?))\s+(?i:ago)(?!\w)")
# A bare year is a date only after a preposition: "in 2024", "since 2020", "between 2019 and 2021".
_YEAR_PREPOSITION = re.compile(
    r"(?i:\b(?:in|since|by|before|after|during|until|till|through|of|from|between|and|to|early|late|mid-?)\s+)$"
)
_TIME = re.compile(
    r"""
    (?<![\w:])(?:
      (?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>(?i:a\.?\s?m\b\.?|p\.?\s?m\b\.?))
    | (?P<hw>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|1[0-2]|0?[1-9])(?:\s+o['’]clock)?
      \s+(?P<part>in\s+the\s+(?:morning|afternoon|evening)|at\s+night)
    | (?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)(?![\d:])
    | (?P<fixed>(?i:noon|midnight))
    )
    """,
    re.VERBOSE,
)
_AROUND_BEFORE = re.compile(
    r"(?i:\b(?:around|about|approximately|approx\.|roughly|circa|nearly|almost|some\s*time\s+around)"
    r"[\s\"“‘']*(?:at\s+)?)$"
)
_QUALIFIER_BEFORE = re.compile(
    r"(?i:\b(?P<q>no\s+later\s+than|no\s+earlier\s+than|prior\s+to|before|by|until|till|after|since|around"
    r"|about|approximately|circa|roughly|between|from)\s+(?:on\s+|the\s+|in\s+|early\s+|late\s+|mid-?)?)$"
)
_FUTURE = re.compile(
    r"(?i:\b(?:will|won['’]t|going\s+to|scheduled|set\s+to|expected\s+to|plans?\s+to|next|upcoming|tomorrow)\b)"
)
_RANGE_TO = re.compile(r"^\s*(?:to|until|till|through|thru|-|–|—)\s*$")

_QUALIFIERS = {
    "no later than": DateQualifier.BEFORE, "prior to": DateQualifier.BEFORE, "before": DateQualifier.BEFORE,
    "by": DateQualifier.BEFORE, "until": DateQualifier.BEFORE, "till": DateQualifier.BEFORE,
    "no earlier than": DateQualifier.AFTER, "after": DateQualifier.AFTER, "since": DateQualifier.AFTER,
    "around": DateQualifier.AROUND, "about": DateQualifier.AROUND, "approximately": DateQualifier.AROUND,
    "circa": DateQualifier.AROUND, "roughly": DateQualifier.AROUND,
}  # fmt: skip


@dataclass(frozen=True)
class DateHit:
    """A date expression found in text: its span and what it means."""

    start: int
    end: int
    date: EventDate
    relative: bool = False  # resolved against the publication date
    time_start: int = -1  # span of the time of day that refined it, if any
    time_end: int = -1
    inferred: bool = False  # the year was not written: taken from the publication date


@dataclass
class _Raw:
    start: int
    end: int
    year: int | None
    month: int
    day: int
    precision: DatePrecision
    end_day: int | None = None  # "Jan. 27-29"
    relative: bool = False
    fixed: EventDate | None = None  # relative expressions resolve to a whole EventDate at once


def find_dates(
    text: str, start: int, end: int, published: CaseDate | None, *, relative: bool = True, language: str = "en"
) -> list[DateHit]:
    """Dates in text[start:end] (one sentence), with qualifiers, ranges and an attached time of day.

    `relative=False` when `published` is only a file's date (a PDF's creation): it may still tell the year of
    "March 3", but "today" in the text is not the day the file was made. `language` (ISO 639-1) other than
    English reads that language's month and weekday names (`dates_i18n`)."""
    anchor = published if relative else None
    if language and language != "en":
        local = [DateHit(s, e, d, relative=rel, inferred=inf)
                 for s, e, d, rel, inf in find_local_dates(text, start, end, language, published)
                 if not rel or anchor is not None]  # fmt: skip
        return _attach_time(text, start, end, local)
    raws = [r for m in _DATE.finditer(text, start, end) if (r := _raw(m, text, start, end, anchor))]
    at = text.find("ago", start, end) if anchor is not None else -1
    if at >= 0:
        while at >= 0:
            window = _AGO.finditer(text, max(start, at - 24), min(end, at + 3))
            raws.extend(r for m in window if (r := _raw(m, text, start, end, anchor)))
            at = text.find("ago", at + 3, end)
        raws.sort(key=lambda r: r.start)
    hits: list[DateHit] = []
    i = 0
    while i < len(raws):
        first = raws[i]
        if i + 1 < len(raws) and (ranged := _range(text, start, first, raws[i + 1], published)):
            hits.append(ranged)
            i += 2
            continue
        one = _single(text, start, first, published)
        if one is not None:
            hits.append(one)
        i += 1
    return _attach_time(text, start, end, hits)


def date_candidates(text: str, language: str = "en") -> list[int]:
    """Sorted offsets where a date expression may start, from one pass over the whole text."""
    if language and language != "en":
        return local_candidates(text, language)
    starts = [m.start() for m in _DATE.finditer(text)]
    at = text.find("ago")
    while at >= 0:  # "two weeks ago": scan only the few words before each "ago", not the whole text
        starts.extend(m.start() for m in _AGO.finditer(text, max(0, at - 24), at + 3))
        at = text.find("ago", at + 3)
    return sorted(set(starts))


def _raw(m: re.Match[str], text: str, floor: int, ceiling: int, published: CaseDate | None) -> _Raw | None:
    g = m.group
    if m.re is _AGO:
        if published is None:  # "three days ago" needs the day it was written (the pattern is only used then)
            return None
        fixed = _ago(_NUMBER_WORDS.get(g("agon").lower()) or int(g("agon")), g("agou").lower(), published)
        return (
            _Raw(m.start(), m.end(), None, 1, 1, fixed.start.precision, relative=True, fixed=fixed) if fixed else None
        )
    if g("iso"):
        return _Raw(m.start("iso"), m.end("iso"), int(g("iy")), int(g("im")), int(g("id")), DatePrecision.DAY)
    if g("m1"):
        year = int(g("y1")) if g("y1") else None
        end_day = int(_digits(g("d1b"))) if g("d1b") else None
        return _Raw(m.start(), m.end(), year, _month(g("m1")), int(_digits(g("d1"))), DatePrecision.DAY, end_day)
    if g("m2"):
        year = int(g("y2")) if g("y2") else None
        return _Raw(m.start(), m.end(), year, _month(g("m2")), int(_digits(g("d2"))), DatePrecision.DAY)
    if g("m3"):
        return _Raw(m.start(), m.end(), int(g("y3")), _month(g("m3")), 1, DatePrecision.MONTH)
    if g("nm"):
        year = int(g("ny"))
        year = year + 2000 if year < 100 else year
        return _Raw(m.start(), m.end(), year, int(g("nm")), int(g("nd")), DatePrecision.DAY)
    if g("y4"):
        if not _YEAR_PREPOSITION.search(text, max(floor, m.start() - 16), m.start()):
            return None
        return _Raw(m.start("y4"), m.end("y4"), int(g("y4")), 1, 1, DatePrecision.YEAR)
    if published is None:
        return None
    sentence_future = _FUTURE.search(text, floor, ceiling) is not None
    if g("rel"):
        fixed = _relative(" ".join(g("rel").lower().split()), published)
    else:
        if sentence_future:
            return None
        fixed = _weekday(WEEKDAYS.index(g("wd").lower()), bool(g("wdq")), published)
    if fixed is None:
        return None
    return _Raw(m.start(), m.end(), None, 1, 1, fixed.start.precision, relative=True, fixed=fixed)


def _digits(value: str) -> str:
    return value.rstrip("stndrh")


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _single(text: str, floor: int, raw: _Raw, published: CaseDate | None) -> DateHit | None:
    if raw.fixed is not None:
        return DateHit(raw.start, raw.end, raw.fixed, relative=True)
    year = raw.year if raw.year is not None else _guess_year(raw.month, raw.day, published)
    if year is None:
        return None
    try:
        start = CaseDate(year, raw.month, raw.day, precision=raw.precision)
        if raw.end_day is not None:
            stop = CaseDate(year, raw.month, raw.end_day, precision=raw.precision)
            return DateHit(raw.start, raw.end, EventDate(start, DateQualifier.SPAN, stop), inferred=raw.year is None)
    except ValidationError:
        return None
    return DateHit(raw.start, raw.end, EventDate(start, _qualifier(text, floor, raw.start)), inferred=raw.year is None)


def _range(text: str, floor: int, a: _Raw, b: _Raw, published: CaseDate | None) -> DateHit | None:
    """`between X and Y` (BETWEEN) and `from X to Y` / `X–Y` (SPAN); a missing year comes from the other end."""
    if a.fixed is not None or b.fixed is not None or a.end_day is not None or b.end_day is not None:
        return None
    gap = text[a.end : b.start]
    before = text[max(floor, a.start - 12) : a.start].lower()
    if before.rstrip().endswith("between") and gap.strip() == "and":
        qualifier = DateQualifier.BETWEEN
    elif _RANGE_TO.match(gap) and (before.rstrip().endswith("from") or gap.strip() in "-–—"):
        qualifier = DateQualifier.SPAN
    else:
        return None
    year_b = b.year if b.year is not None else (a.year or _guess_year(b.month, b.day, published))
    year_a = a.year if a.year is not None else year_b
    if year_a is None or year_b is None:
        return None
    try:
        first = CaseDate(year_a, a.month, a.day, precision=a.precision)
        last = CaseDate(year_b, b.month, b.day, precision=b.precision)
        if a.year is None and first.to_datetime() > last.to_datetime():
            first = CaseDate(year_a - 1, a.month, a.day, precision=a.precision)
        return DateHit(a.start, b.end, EventDate(first, qualifier, last), inferred=a.year is None and b.year is None)
    except ValidationError:
        return None


def _qualifier(text: str, floor: int, at: int) -> DateQualifier:
    m = _QUALIFIER_BEFORE.search(text, max(floor, at - 24), at)
    if not m:
        return DateQualifier.ON
    return _QUALIFIERS.get(" ".join(m.group("q").lower().split()), DateQualifier.ON)


def _relative(phrase: str, published: CaseDate) -> EventDate | None:
    today = date(published.year, published.month, published.day)
    monday = today - timedelta(days=today.weekday())
    if phrase in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return EventDate(_day(today))
    if phrase in ("yesterday", "last night"):
        return EventDate(_day(today - timedelta(days=1)))
    if phrase == "last week":
        last_monday = monday - timedelta(days=7)
        return EventDate(_day(last_monday), DateQualifier.BETWEEN, _day(last_monday + timedelta(days=6)))
    if phrase == "earlier this week":
        return EventDate(_day(monday), DateQualifier.BETWEEN, _day(today))
    if phrase in ("last month",):
        first = today.replace(day=1) - timedelta(days=1)
        return EventDate(CaseDate(first.year, first.month, precision=DatePrecision.MONTH))
    if phrase == "earlier this month":
        return EventDate(CaseDate(today.year, today.month, precision=DatePrecision.MONTH))
    if phrase == "last year":
        return EventDate(CaseDate(today.year - 1, precision=DatePrecision.YEAR))
    if phrase == "earlier this year":
        return EventDate(CaseDate(today.year, precision=DatePrecision.YEAR))
    return None  # "this week", "this month", "this year": could be past or future


def _ago(count: int, unit: str, published: CaseDate) -> EventDate | None:
    today = date(published.year, published.month, published.day)
    if unit.startswith("day"):
        return EventDate(_day(today - timedelta(days=count)))
    if unit.startswith("week"):
        return EventDate(_day(today - timedelta(weeks=count)), DateQualifier.AROUND)
    if unit.startswith("month"):
        months = today.year * 12 + today.month - 1 - count
        return EventDate(CaseDate(months // 12, months % 12 + 1, precision=DatePrecision.MONTH), DateQualifier.AROUND)
    return EventDate(CaseDate(today.year - count, precision=DatePrecision.YEAR), DateQualifier.AROUND)


def _attach_time(text: str, floor: int, ceiling: int, hits: list[DateHit]) -> list[DateHit]:
    """A time of day in the sentence refines its single day-precision date to the minute."""
    days = [h for h in hits if h.date.start.precision is DatePrecision.DAY and h.date.end is None]
    if len(days) != 1:
        return hits
    m = _TIME.search(text, floor, ceiling)
    if not m:
        return hits
    hour_minute = _time_of_day(m)
    if hour_minute is None:
        return hits
    target = days[0]
    d = target.date.start
    moment = CaseDate(d.year, d.month, d.day, hour_minute[0], hour_minute[1], DatePrecision.MINUTE)
    qualifier = target.date.qualifier
    if _AROUND_BEFORE.search(text, max(floor, m.start() - 30), m.start()) and qualifier is DateQualifier.ON:
        qualifier = DateQualifier.AROUND
    refined = DateHit(
        target.start, target.end, EventDate(moment, qualifier), target.relative, m.start(), m.end(), target.inferred
    )
    return [refined if h is target else h for h in hits]


def _time_of_day(m: re.Match[str]) -> tuple[int, int] | None:
    g = m.group
    if g("fixed"):
        return (12, 0) if g("fixed").lower() == "noon" else (0, 0)
    if g("h24"):
        return int(g("h24")), int(g("mi24"))
    if g("h"):
        hour, minute, pm = int(g("h")), int(g("mi") or 0), g("ap").lower().startswith("p")
    else:
        word = g("hw").lower()
        hour = _NUMBER_WORDS.get(word) or int(word)
        minute, pm = 0, not g("part").lower().endswith("morning")
        if g("part").lower() == "at night" and hour < 6:  # "two at night"
            pm = False
    hour = hour % 12 + (12 if pm else 0)
    return hour, minute


def find_absolute_date(text: str) -> CaseDate | None:
    """The first explicit date with a year in a short string (a dateline, a post's attribution)."""
    for hit in find_dates(text, 0, len(text), None):
        if hit.date.end is None:
            return hit.date.start
    return None
