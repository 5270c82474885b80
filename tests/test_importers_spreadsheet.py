"""Chronology spreadsheets: reading CSV/XLSX, guessing the column mapping, rows to dated events."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from casefile.domain.dates import CaseDate, EventDate, parse_human_date
from casefile.domain.enums import DatePrecision, DateQualifier, EvidenceKind
from casefile.domain.errors import ImportFailedError, ValidationError
from casefile.importers.base import Limits
from casefile.importers.registry import default_registry
from casefile.importers.spreadsheet import (
    Table,
    guess_mapping,
    parse_event_date,
    read_table,
    rows_to_chronology,
)
from tests import fixture_files as ff


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("2025", "2025", DatePrecision.YEAR),
        ("2025-01", "2025-01", DatePrecision.MONTH),
        ("January 2025", "2025-01", DatePrecision.MONTH),
        ("January 27, 2025", "2025-01-27", DatePrecision.DAY),
        ("27 Jan 2025", "2025-01-27", DatePrecision.DAY),
        ("27/01/2025", "2025-01-27", DatePrecision.DAY),
        ("01/27/2025", "2025-01-27", DatePrecision.DAY),
        ("2025/01/27", "2025-01-27", DatePrecision.DAY),
        ("2025-01-27T02:00", "2025-01-27T02:00", DatePrecision.MINUTE),
        ("Monday, January 27, 2025 at 2:05 pm", "2025-01-27T14:05", DatePrecision.MINUTE),
    ],
)
def test_parse_human_date(text: str, iso: str, precision: DatePrecision) -> None:
    d = parse_human_date(text)
    assert d.iso() == iso
    assert d.precision is precision


def test_parse_event_date_qualifiers_and_ranges() -> None:
    assert parse_event_date("c. 2024").qualifier is DateQualifier.AROUND
    assert parse_event_date("before March 2025") == EventDate(
        CaseDate(2025, 3, precision=DatePrecision.MONTH), DateQualifier.BEFORE
    )
    span = parse_event_date("2025-01-20 – 2025-01-24")
    assert span.qualifier is DateQualifier.SPAN and span.end == CaseDate(2025, 1, 24)
    between = parse_event_date("2024-12", qualifier_value="between", end_value="2025-02")
    assert between.qualifier is DateQualifier.BETWEEN
    timed = parse_event_date("2025-01-27", time_value="2:00 AM")
    assert timed.start == CaseDate(2025, 1, 27, 2, 0, DatePrecision.MINUTE)
    with pytest.raises(ValidationError):
        parse_event_date("sometime in spring")


def test_guess_mapping_usual_names() -> None:
    headers = ["When", "Time", "What happened", "Notes", "Who", "Exhibit", "Status", "Labels", "ID"]
    m = guess_mapping(headers)
    assert m == {
        "date": 0,
        "time": 1,
        "title": 2,
        "description": 3,
        "parties": 4,
        "source": 5,
        "status": 6,
        "tags": 7,
        "id": 8,
    }


def test_guess_mapping_prefers_exact_names() -> None:
    m = guess_mapping(["Event", "Event date", "Details", "People involved", "Source document"])
    assert m["date"] == 1 and m["title"] == 0 and m["description"] == 2
    assert m["parties"] == 3 and m["source"] == 4


def test_csv_chronology(tmp_path: Path) -> None:
    src = ff.write_chronology_csv(tmp_path / "chronology.csv")
    table = read_table(src, src.name)
    assert table.headers == ff.CHRONOLOGY_HEADERS
    rows = rows_to_chronology(table, guess_mapping(table.headers))
    assert [r.row for r in rows] == [2, 3, 4, 5]
    first, second, third, bad = rows
    assert first.date == EventDate(CaseDate(2024, 9, precision=DatePrecision.MONTH))
    assert first.title == "Filming of Northern Line begins"
    assert second.date == EventDate(CaseDate(2024, 12, 3))
    assert second.parties == ["Priya Nandakumar", "Halvorsen Media Group"]
    assert second.tags == ["defamation", "witness"]
    assert second.status == "disputed"
    assert third.date == EventDate(CaseDate(2025, 1, 20))
    assert third.source == "Ex. 1 p. 3"
    # the unparseable date is reported for its row, not raised
    assert bad.date is None and not bad.ok
    assert bad.error.startswith("row 5: ") and "sometime in spring" in bad.error


def test_semicolon_csv_in_cp1252(tmp_path: Path) -> None:
    src = tmp_path / "chrono.csv"
    src.write_bytes("Datum;Event;Who\r\n27.01.2025;Statement by Ingrid Sæther;Sæther\r\n".encode("cp1252"))
    table = read_table(src, src.name)
    rows = rows_to_chronology(table, {"date": 0, "title": 1, "parties": 2})
    assert rows[0].date == EventDate(CaseDate(2025, 1, 27))
    assert rows[0].parties == ["Sæther"]


def test_xlsx_chronology(tmp_path: Path) -> None:
    src = ff.make_xlsx(tmp_path / "chronology.xlsx")
    store = tmp_path / "store"
    store.mkdir()
    stored = ff.stored_copy(src, store)  # no extension: openpyxl must still read it
    table = read_table(stored, src.name)
    assert table.sheet == "Chronology"
    rows = rows_to_chronology(table, guess_mapping(table.headers))
    voice = rows[-1]
    assert voice.date == EventDate(CaseDate(2025, 1, 27, 2, 0, DatePrecision.MINUTE))
    assert voice.title == "Voice note sent"
    importer, item = default_registry().read(stored, src.name, Limits())
    assert importer.name == "spreadsheet"
    assert item.kind is EvidenceKind.SPREADSHEET
    assert item.metadata["rows"] == 5 and item.metadata["chronology"] is True
    assert "Complaint filed" in item.text


def test_export_format_round_trips(tmp_path: Path) -> None:
    """The columns `casefile export --format csv` writes map back to the same events."""
    src = tmp_path / "export.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["id", "date", "qualifier", "end", "title", "description", "status", "origin", "parties", "sources", "tags"]
        )
        w.writerow(
            [
                "7",
                "2025-01-20",
                "on",
                "",
                "Complaint filed",
                "SDNY",
                "confirmed",
                "manual",
                "Marguerite Okafor; Halvorsen Media Group",
                "Ex. 1, p. 3; Ex. 2",
                "lawsuit; court",
            ]
        )
        w.writerow(
            [
                "8",
                "2024-12",
                "between",
                "2025-01",
                "Briefings against Okafor",
                "",
                "suggested",
                "extracted",
                "Halvorsen Media Group",
                "",
                "",
            ]
        )
        w.writerow(["9", "2025-01-27T02:00", "around", "", "Voice note", "", "disputed", "imported", "", "", ""])
    table = read_table(src, src.name)
    mapping = guess_mapping(table.headers)
    assert mapping == {
        "id": 0,
        "date": 1,
        "qualifier": 2,
        "end": 3,
        "title": 4,
        "description": 5,
        "status": 6,
        "origin": 7,
        "parties": 8,
        "source": 9,
        "tags": 10,
    }
    a, b, c = rows_to_chronology(table, mapping)
    assert a.date == EventDate(CaseDate(2025, 1, 20))
    assert a.parties == ["Marguerite Okafor", "Halvorsen Media Group"]
    assert a.source == "Ex. 1, p. 3; Ex. 2"
    assert a.tags == ["lawsuit", "court"]
    assert (a.id, a.status, a.origin) == ("7", "confirmed", "manual")
    assert b.date == EventDate(
        CaseDate(2024, 12, precision=DatePrecision.MONTH),
        DateQualifier.BETWEEN,
        CaseDate(2025, 1, precision=DatePrecision.MONTH),
    )
    assert c.date == EventDate(CaseDate(2025, 1, 27, 2, 0, DatePrecision.MINUTE), DateQualifier.AROUND)


def test_rows_with_bad_end_date_are_reported() -> None:
    table = Table(headers=["date", "end", "title"], rows=[["2025-02-01", "2025-01-01", "Backwards"]])
    (row,) = rows_to_chronology(table, guess_mapping(table.headers))
    assert row.date is None and "before the start" in row.error


def test_empty_csv_fails(tmp_path: Path) -> None:
    src = tmp_path / "e.csv"
    src.write_text("\n\n", encoding="utf-8")
    with pytest.raises(ImportFailedError, match="empty"):
        read_table(src, "e.csv")
