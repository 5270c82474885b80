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
    dates = ["2025-01-27T02:00", "2024", "2025-01", "2025-01-27", "2023-12-31"]
    assert sorted(dates) == ["2023-12-31", "2024", "2025-01", "2025-01-27", "2025-01-27T02:00"]


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
