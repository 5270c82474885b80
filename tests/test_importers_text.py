"""Text and Markdown articles: encodings, the leading `date` line, titles, bylines, binary refusal, speed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers.base import Limits
from casefile.importers.registry import default_registry
from casefile.importers.text import IMPORTER, article_from_text
from tests import fixture_files as ff


def read(src: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Read through the registry as the import service does: a stored copy without extension."""
    stored_dir = tmp_path / "store"
    stored_dir.mkdir(exist_ok=True)
    return default_registry().read(ff.stored_copy(src, stored_dir), src.name, Limits())


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_article_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    src = ff.write_article_txt(tmp_path / "okafor.txt", encoding=encoding)
    importer, item = read(src, tmp_path)
    assert importer.name == "text"
    assert item.kind is EvidenceKind.ARTICLE
    assert item.published == CaseDate(2025, 1, 27, precision=DatePrecision.DAY)
    # the `date ...` prefix is gone: the text starts with the article's first word
    assert item.text.startswith("Marguerite Okafor, the producer")
    assert "Ingrid Sæther" in item.text
    assert "\u201ca publicity stunt\u201d" in item.text
    assert "\r" not in item.text and "\ufeff" not in item.text
    # no heading line: the title is the first sentence, cut at a word near 100 characters
    assert item.title == (
        "Marguerite Okafor, the producer behind the documentary series \u201cNorthern Line\u201d, filed a lawsuit…"
    )


def test_sample_style_first_line(tmp_path: Path) -> None:
    raw = " date 2025-01-29 Justin Okoro and Blake Lind are in a big fight. They were working together.\n\nMore."
    item = article_from_text(raw, "note.txt")
    assert item.published == CaseDate(2025, 1, 29)
    assert item.text.startswith("Justin Okoro and Blake Lind are in a big fight.")
    assert item.title == "Justin Okoro and Blake Lind are in a big fight"


def test_title_line_and_byline(tmp_path: Path) -> None:
    src = ff.write_article_txt(tmp_path / "a.txt", date_prefix=False, byline=True, title_line=True)
    _, item = read(src, tmp_path)
    assert item.title == ff.ARTICLE_TITLE
    assert item.author == "Tomas Lind"
    assert item.published is None


def test_markdown_front_matter_and_heading(tmp_path: Path) -> None:
    src = ff.write_article_md(tmp_path / "okafor.md")
    _, item = read(src, tmp_path)
    assert item.media_type == "text/markdown"
    assert item.title == ff.ARTICLE_TITLE
    assert item.author == "Tomas Lind"
    assert item.url == "https://ledger.example/okafor-halvorsen"
    assert item.published == CaseDate(2025, 1, 27)
    assert "---" not in item.text and "**" not in item.text and "](" not in item.text
    assert "Halvorsen Media Group denied the claims" in item.text
    assert "See the complaint." in item.text


def test_markdown_heading_without_front_matter(tmp_path: Path) -> None:
    src = ff.write_article_md(tmp_path / "okafor.md", front_matter=False)
    _, item = read(src, tmp_path)
    assert item.title == ff.ARTICLE_TITLE
    assert item.author == "Tomas Lind"  # from the `*By Tomas Lind*` line


def test_binary_named_txt_fails_clearly(tmp_path: Path) -> None:
    src = ff.write_binary(tmp_path / "notes.txt")
    with pytest.raises(ImportFailedError, match=r"file named \.txt holds binary data"):
        read(src, tmp_path)


def test_zero_byte_text_fails_clearly(tmp_path: Path) -> None:
    src = tmp_path / "empty.txt"
    src.write_bytes(b"")
    with pytest.raises(ImportFailedError, match="empty"):
        IMPORTER.read(src, "empty.txt", Limits())


def test_undecodable_bytes_do_not_crash(tmp_path: Path) -> None:
    src = tmp_path / "mixed.txt"
    src.write_bytes(b"Okafor said " + b"\x81\x8d\x8f caf\xe9 " + "“fine”".encode())
    item = IMPORTER.read(src, "mixed.txt", Limits())
    assert item.text.startswith("Okafor said")


def test_too_large_is_refused(tmp_path: Path) -> None:
    src = ff.write_article_txt(tmp_path / "a.txt")
    with pytest.raises(ImportFailedError, match="reading limit"):
        IMPORTER.read(src, "a.txt", Limits(max_parse_bytes=100))


def test_reading_a_5kb_article_is_fast(tmp_path: Path) -> None:
    src = tmp_path / "long.txt"
    body = (ff.article_body() + "\n\n") * 7
    src.write_text(" date 2025-01-27 " + body[:5000], encoding="utf-8")
    registry = default_registry()
    registry.read(src, "long.txt", Limits())  # warm up
    n = 200
    start = time.perf_counter()
    for _ in range(n):
        registry.read(src, "long.txt", Limits())
    per_file_ms = (time.perf_counter() - start) / n * 1000
    assert per_file_ms < 5, f"{per_file_ms:.2f} ms per article"
