"""PDF documents: text per page with offsets, metadata, thumbnail, limits and clear failures."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers.base import Limits
from casefile.importers.pdf import IMPORTER, LOCKED_WARNING, read_pdf
from casefile.importers.registry import default_registry
from tests import fixture_files as ff


def read(src: Path, name: str, tmp_path: Path, limits: Limits | None = None):  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    store.mkdir(exist_ok=True)
    return default_registry().read(ff.stored_copy(src, store), name, limits or Limits())


def test_pages_text_and_metadata(tmp_path: Path) -> None:
    importer, item = read(ff.make_pdf(tmp_path / "complaint.pdf"), "complaint.pdf", tmp_path)
    assert importer.name == "pdf"
    assert item.kind is EvidenceKind.DOCUMENT
    assert item.media_type == "application/pdf"
    assert item.title == "Complaint - Okafor v. Halvorsen Media Group"
    assert item.author == "Daniel Reyes"
    assert item.published == CaseDate(2025, 1, 20, 9, 30, DatePrecision.MINUTE)
    assert item.metadata["page_count"] == 3
    assert item.metadata["producer"] == "CaseFile test suite"
    assert len(item.page_starts) == 3
    pages = [
        item.text[s:e].strip() for s, e in zip(item.page_starts, [*item.page_starts[1:], len(item.text)], strict=True)
    ]
    assert pages[0].startswith("UNITED STATES DISTRICT COURT")
    assert pages[1].startswith("2. On December 3, 2024")
    assert "Plaintiff seeks damages of $12,000,000." in pages[2]
    assert item.text.split("\n\n")[1].startswith("2. On December 3")


def test_thumbnail_is_a_small_png(tmp_path: Path) -> None:
    from PIL import Image

    _, item = read(ff.make_pdf(tmp_path / "c.pdf"), "c.pdf", tmp_path, Limits(thumbnail_px=128))
    assert item.thumbnail_png is not None
    img = Image.open(io.BytesIO(item.thumbnail_png))
    assert img.format == "PNG"
    assert max(img.size) <= 128 and max(img.size) >= 100


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    importer, item = read(ff.make_pdf(tmp_path / "c.pdf"), "complaint.txt", tmp_path)
    assert importer.name == "pdf"
    assert item.metadata["page_count"] == 3


def test_max_pages_is_honoured(tmp_path: Path) -> None:
    _, item = read(ff.make_pdf(tmp_path / "c.pdf"), "c.pdf", tmp_path, Limits(max_pages=2))
    assert len(item.page_starts) == 2
    assert "PRAYER FOR RELIEF" not in item.text
    assert any("first 2 of 3 pages" in w for w in item.warnings)


@pytest.mark.parametrize("make", [
    lambda d: ff.make_pdf(d / "x", encrypted=True),  # a password no one knows
    lambda d: ff.make_encrypted_pdf(d / "x"),
], ids=["unknown-password", "real-rc4"])
def test_encrypted_pdf_is_a_pdf_that_says_it_is_locked(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    importer, item = read(make(tmp_path), "Settlement terms (signed).pdf", tmp_path)
    assert importer.name == "pdf"
    assert item.kind is EvidenceKind.DOCUMENT
    assert item.media_type == "application/pdf"
    assert item.metadata["encrypted"] is True
    assert item.metadata["needs_password"] is True
    assert item.warnings == [LOCKED_WARNING]
    assert item.title == "Settlement terms (signed)"
    assert item.text == ""


def test_encrypted_pdf_reads_with_its_password(tmp_path: Path) -> None:
    src = ff.make_encrypted_pdf(tmp_path / "terms.pdf", user_password="okafor2025")
    item = read_pdf(src, "terms.pdf", Limits(), password="okafor2025")
    assert item.text.startswith("CONFIDENTIAL SETTLEMENT TERMS")
    assert item.title == "Settlement terms"
    assert item.metadata["encrypted"] is True
    assert "needs_password" not in item.metadata
    assert item.warnings == []
    with pytest.raises(ImportFailedError, match="^the password does not open this PDF$"):
        read_pdf(src, "terms.pdf", Limits(), password="guess")


def test_pdf_with_owner_restrictions_only_opens_and_says_encrypted(tmp_path: Path) -> None:
    _, item = read(ff.make_encrypted_pdf(tmp_path / "t.pdf", user_password=""), "t.pdf", tmp_path)
    assert item.text.startswith("CONFIDENTIAL SETTLEMENT TERMS")
    assert item.metadata["encrypted"] is True
    assert "needs_password" not in item.metadata


def test_plain_pdf_is_not_marked_encrypted(tmp_path: Path) -> None:
    _, item = read(ff.make_pdf(tmp_path / "c.pdf"), "c.pdf", tmp_path)
    assert "encrypted" not in item.metadata


@pytest.mark.parametrize("junk", ["Microsoft Word - statement_v3.docx", "untitled", "  ", "-", "http://intranet/x.pdf"])
def test_junk_pdf_title_falls_back_to_the_file_name(tmp_path: Path, junk: str) -> None:
    src = ff.make_pdf(tmp_path / "c.pdf", pages=["", "2. On December 3, 2024, the meeting took place."], title=junk)
    _, item = read(src, "Reyes letter 2025-01-24.pdf", tmp_path)
    assert item.title == "Reyes letter 2025-01-24"


def test_camera_named_pdf_without_title_takes_its_first_line(tmp_path: Path) -> None:
    _, item = read(ff.make_pdf(tmp_path / "c.pdf", title="untitled"), "scan0001.pdf", tmp_path)
    assert item.title == "UNITED STATES DISTRICT COURT"


def test_corrupt_pdf_fails_clearly(tmp_path: Path) -> None:
    good = ff.make_pdf(tmp_path / "c.pdf").read_bytes()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(good[:200])
    with pytest.raises(ImportFailedError, match="damaged"):
        read(bad, "bad.pdf", tmp_path)


def test_zero_byte_pdf_fails_clearly(tmp_path: Path) -> None:
    src = tmp_path / "zero.pdf"
    src.write_bytes(b"")
    with pytest.raises(ImportFailedError, match="empty"):
        IMPORTER.read(src, "zero.pdf", Limits())


def test_a_url_is_never_the_pdf_author(tmp_path: Path) -> None:
    _, item = read(ff.make_pdf(tmp_path / "c.pdf", author="http://www.scanner-vendor.example"), "c.pdf", tmp_path)
    assert item.author == ""


def test_locked_pdf_imports_as_a_pdf_exhibit(tmp_path: Path) -> None:
    """End to end: the case keeps a password-protected PDF as a document that says so, not as 'other'."""
    from casefile.context import create_case

    case = create_case(tmp_path / "Okafor.casefile", "Okafor v. Halvorsen")
    try:
        src = ff.make_encrypted_pdf(tmp_path / "Settlement terms.pdf")
        outcome = case.imports.import_file(src)
        record = case.evidence.get(outcome.evidence_id)
        assert record.kind is EvidenceKind.DOCUMENT
        assert record.read_error == ""
        assert record.metadata["encrypted"] is True
        assert record.metadata["warnings"] == [LOCKED_WARNING]
        assert record.title == "Settlement terms"
    finally:
        case.close()
