"""Calendar arithmetic shared by the date parser's languages: a missing year, a weekday before publication."""

from __future__ import annotations

from datetime import date, timedelta

from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import DatePrecision


def guess_year(month: int, day: int, published: CaseDate | None) -> int | None:
    """A date without a year is in the publication year, unless that lands over a month after publication."""
    if published is None:
        return None
    try:
        candidate = date(published.year, month, day)
    except ValueError:
        return published.year if (month, day) == (2, 29) else None
    reference = date(published.year, published.month, published.day)
    return published.year - 1 if candidate > reference + timedelta(days=31) else published.year


def day_of(value: date) -> CaseDate:
    return CaseDate(value.year, value.month, value.day, precision=DatePrecision.DAY)


def weekday_before(weekday: int, last: bool, published: CaseDate) -> EventDate:
    """The most recent such weekday on or before publication ("last Monday": strictly before)."""
    today = date(published.year, published.month, published.day)
    delta = (today.weekday() - weekday) % 7
    if last and delta == 0:
        delta = 7
    return EventDate(day_of(today - timedelta(days=delta)))
