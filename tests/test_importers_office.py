"""Word and OpenDocument text: reading order, tables, properties, zip-bomb guard."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers.base import Limits
from casefile.importers.office import IMPORTER
from casefile.importers.registry import default_registry
from tests import fixture_files as ff


def read(src: Path, tmp_path: Path, limits: Limits | None = None, name: str = ""):  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    store.mkdir(exist_ok=True)
    return default_registry().read(ff.stored_copy(src, store), name or src.name, limits or Limits())


def test_docx_text_tables_and_properties(tmp_path: Path) -> None:
    importer, item = read(ff.make_docx(tmp_path / "statement.docx"), tmp_path)
    assert importer.name == "office"
    assert item.kind is EvidenceKind.DOCUMENT
    assert item.title == "Witness statement of Priya Nandakumar"
    assert item.author == "Daniel Reyes"
    assert item.published == CaseDate(2025, 1, 22, 14, 30, DatePrecision.MINUTE)
    assert item.metadata["modified"] == "2025-01-23T09:00"
    lines = item.text.split("\n")
    assert lines[0] == "Witness statement of Priya Nandakumar"
    assert "2024-12-03\tExecutive remark overheard" in lines
    # the table sits between the paragraphs, as in the document
    assert lines.index("2024-12-03\tExecutive remark overheard") < lines.index("Signed, Priya Nandakumar")


def test_odt_text_and_properties(tmp_path: Path) -> None:
    importer, item = read(ff.make_odt(tmp_path / "diary.odt"), tmp_path)
    assert importer.name == "office"
    assert item.media_type == "application/vnd.oasis.opendocument.text"
    assert item.title == "Production diary, Northern Line"
    assert item.author == "Marguerite Okafor"
    assert item.published == CaseDate(2024, 12, 4, 20, 15, DatePrecision.MINUTE)
    assert "I said no. He said I would regret it." in item.text
    assert "2024-12-05\tEmail from legal" in item.text


def test_docx_named_pdf_is_read_by_content(tmp_path: Path) -> None:
    importer, item = read(ff.make_docx(tmp_path / "s.docx"), tmp_path, name="statement.pdf")
    assert importer.name == "office"
    assert item.author == "Daniel Reyes"


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    src = ff.make_zip_bomb_docx(tmp_path / "bomb.docx", extra_bytes=3_000_000)
    assert src.stat().st_size < 100_000
    with pytest.raises(ImportFailedError, match="zip bomb"):
        read(src, tmp_path, Limits(max_uncompressed_bytes=1_000_000))


def test_damaged_docx_fails_clearly(tmp_path: Path) -> None:
    data = ff.make_docx(tmp_path / "s.docx").read_bytes()
    bad = tmp_path / "bad.docx"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFailedError, match="damaged"):
        IMPORTER.read(bad, "bad.docx", Limits())


def test_other_zip_is_not_a_document(tmp_path: Path) -> None:
    src = tmp_path / "photos.docx"
    with zipfile.ZipFile(src, "w") as zf:
        zf.writestr("readme.txt", "not a document")
    with pytest.raises(ImportFailedError, match="not a Word"):
        IMPORTER.read(src, "photos.docx", Limits())


def test_docx_with_xml_comments_is_read(tmp_path: Path) -> None:
    src = ff.add_xml_comments_to_docx(ff.make_docx(tmp_path / "plain.docx"), tmp_path / "templated.docx")
    assert b"<!--" in zipfile.ZipFile(src).read("word/document.xml")
    _, item = read(src, tmp_path)
    assert item.text.splitlines() == [
        "Witness statement of Priya Nandakumar",
        "I worked as a camera assistant on \u201cNorthern Line\u201d from September 2024 to January 2025.",
        "On December 3, 2024, I heard a Halvorsen executive say Ms Okafor was finished in this town.",
        "Date\tEvent",
        "2024-12-03\tExecutive remark overheard",
        "Signed, Priya Nandakumar",
    ]


@pytest.mark.parametrize("junk", ["Microsoft Word - statement_v3.docx", "Untitled", "", "***"])
def test_junk_docx_title_falls_back_to_the_file_name(tmp_path: Path, junk: str) -> None:
    src = ff.make_docx(tmp_path / "Nandakumar statement.docx", title=junk)
    _, item = read(src, tmp_path)
    assert item.title == "Nandakumar statement"
