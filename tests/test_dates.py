from __future__ import annotations

import pytest

from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import DatePrecision, DateQualifier
from casefile.domain.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "precision", "display"),
    [
        ("2025", DatePrecision.YEAR, "2025"),
        ("2025-01", DatePrecision.MONTH, "Jan 2025"),
        ("2025-01-27", DatePrecision.DAY, "27 Jan 2025"),
        ("2025-01-27T02:00", DatePrecision.MINUTE, "27 Jan 2025 02:00"),
        ("2025-01-27 14:05:59", DatePrecision.MINUTE, "27 Jan 2025 14:05"),
    ],
)
def test_parse_keeps_precision_and_round_trips(text: str, precision: DatePrecision, display: str) -> None:
    d = CaseDate.parse(text)
    assert d.precision is precision
    assert d.display() == display
    assert CaseDate.parse(d.iso()) == d


def test_iso_sorts_chronologically_as_text() -> None:
    """CaseDate.iso() is what the database sorts by: as text, it must come out in time order."""
    dates = [CaseDate(2025, 1, 27, 2, 0, DatePrecision.MINUTE), CaseDate(2024, precision=DatePrecision.YEAR),
             CaseDate(2025, 1, precision=DatePrecision.MONTH), CaseDate(2025, 1, 27), CaseDate(2023, 12, 31)]
    assert sorted(d.iso() for d in dates) == ["2023-12-31", "2024", "2025-01", "2025-01-27", "2025-01-27T02:00"]


def test_invalid_dates_are_refused_with_a_message() -> None:
    with pytest.raises(ValidationError, match="Not a valid date"):
        CaseDate(2025, 2, 30)
    with pytest.raises(ValidationError, match="is not a date"):
        CaseDate.parse("last Tuesday")


def test_event_date_qualifiers_display_honestly() -> None:
    start, end = CaseDate.parse("2024-03"), CaseDate.parse("2024-05-02")
    assert EventDate(CaseDate.parse("2024"), DateQualifier.AROUND).display() == "c. 2024"
    assert EventDate(start, DateQualifier.BEFORE).display() == "before Mar 2024"
    assert EventDate(start, DateQualifier.BETWEEN, end).display() == "between Mar 2024 and 2 May 2024"
    assert EventDate(start, DateQualifier.SPAN, end).display() == "Mar 2024 – 2 May 2024"
    with pytest.raises(ValidationError, match="needs an end"):
        EventDate(start, DateQualifier.SPAN)
    with pytest.raises(ValidationError, match="before the start"):
        EventDate(end, DateQualifier.SPAN, start)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("10:42 AM · Mar 3, 2025", "2025-03-03T10:42"),  # X prints a post's time before its date
        ("10:42 PM - Mar 3, 2025", "2025-03-03T22:42"),
        ("22:05 · 3 Mar 2025", "2025-03-03T22:05"),
        ("Mar 3, 2025 at 10:42 AM", "2025-03-03T10:42"),  # Bluesky
        ("March 3, 2024 at 9:05 PM", "2024-03-03T21:05"),  # Facebook, a post of an earlier year
        ("2025-3-3", "2025-03-03"),  # TikTok
    ],
)
def test_human_dates_as_social_apps_print_them(text: str, iso: str) -> None:
    from casefile.domain.dates import parse_human_date

    assert parse_human_date(text).iso() == iso


def test_a_time_before_something_that_is_not_a_date_is_refused() -> None:
    from casefile.domain.dates import parse_human_date

    with pytest.raises(ValidationError, match="'10:42 AM · 12.4K Views' is not a date"):
        parse_human_date("10:42 AM · 12.4K Views")
    with pytest.raises(ValidationError, match="is not a date"):
        parse_human_date("10:42 AM · Mar 2025")  # a time needs a day
