"""Saved web pages: main text, metadata, canonical URL and embedded social posts as children."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.domain.dates import CaseDate
from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers.base import Limits
from casefile.importers.html import IMPORTER, read_html
from casefile.importers.registry import default_registry
from tests import fixture_files as ff


def read(src: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    store.mkdir(exist_ok=True)
    return default_registry().read(ff.stored_copy(src, store), src.name, Limits())


def test_article_metadata_and_text(tmp_path: Path) -> None:
    importer, item = read(ff.write_article_html(tmp_path / "ledger.html"), tmp_path)
    assert importer.name == "html"
    assert item.kind is EvidenceKind.ARTICLE
    assert item.title == ff.ARTICLE_TITLE
    assert item.author == "Tomas Lind"
    assert item.published == CaseDate(2025, 1, 27)
    assert item.url == "https://ledger.example/2025/01/27/okafor-halvorsen"  # canonical wins over og:url
    assert item.metadata["site"] == "The Ledger"
    assert item.metadata["description"].startswith("The documentary producer says")
    assert "seeks $12 million in damages" in item.text
    assert "a publicity stunt" in item.text
    # boilerplate and scripts are not part of the article
    assert "All rights reserved" not in item.text
    assert "document.write" not in item.text and "tracker.example" not in item.text


def test_embedded_tweet_is_a_child_with_its_span(tmp_path: Path) -> None:
    _, item = read(ff.write_article_html(tmp_path / "ledger.html"), tmp_path)
    tweets = [c for c in item.children if c.metadata["platform"] == "x"]
    assert len(tweets) == 1
    tweet = tweets[0]
    assert tweet.kind is EvidenceKind.SOCIAL_POST
    assert tweet.author == ff.TWEET_AUTHOR
    assert tweet.metadata["handle"] == "@HalvorsenMedia"
    assert tweet.published == CaseDate(2025, 1, 27)
    assert tweet.url == ff.TWEET_URL
    assert tweet.text.startswith(ff.TWEET_TEXT)
    assert tweet.span_in_parent is not None
    start, end = tweet.span_in_parent
    assert item.text[start:end] == tweet.text


def test_instagram_and_tiktok_embeds(tmp_path: Path) -> None:
    _, item = read(ff.write_article_html(tmp_path / "ledger.html"), tmp_path)
    by_platform = {c.metadata["platform"]: c for c in item.children}
    insta = by_platform["instagram"]
    assert insta.author == "Marguerite Okafor"
    assert insta.metadata["handle"] == "@margokafor"
    assert insta.url == "https://www.instagram.com/p/DFa1b2C3d4e/"
    assert insta.published == CaseDate(2025, 1, 23)
    assert "standing up for every crew member" in insta.text
    tiktok = by_platform["tiktok"]
    assert tiktok.metadata["handle"] == "@setgossipdaily"
    assert tiktok.text == "The Okafor v Halvorsen lawsuit explained in 60 seconds"
    assert tiktok.url == "https://www.tiktok.com/@setgossipdaily/video/7463000000000000000"


def test_mhtml_web_archive(tmp_path: Path) -> None:
    importer, item = read(ff.write_mhtml(tmp_path / "ledger.mhtml"), tmp_path)
    assert importer.name == "html"
    assert item.media_type == "multipart/related"
    assert item.title == ff.ARTICLE_TITLE
    assert item.metadata["saved_from"] == "https://ledger.example/2025/01/27/okafor-halvorsen"
    assert len(item.children) == 3


def test_html_named_txt_is_read_as_html(tmp_path: Path) -> None:
    importer, item = read(ff.write_article_html(tmp_path / "saved.txt", embeds=False), tmp_path)
    assert importer.name == "html"
    assert item.title == ff.ARTICLE_TITLE


def test_legacy_encoding(tmp_path: Path) -> None:
    _, item = read(ff.write_article_html(tmp_path / "old.htm", encoding="windows-1252"), tmp_path)
    assert "Ingrid Sæther" in item.text


def test_page_without_article_still_gives_text() -> None:
    item = read_html(b"<html><body><div>Okafor v Halvorsen: hearing set for 3 March 2025.</div></body></html>", "x")
    assert "hearing set for 3 March 2025" in item.text


def test_empty_html_file_fails(tmp_path: Path) -> None:
    src = tmp_path / "empty.html"
    src.write_bytes(b"")
    with pytest.raises(ImportFailedError, match="empty"):
        IMPORTER.read(src, "empty.html", Limits())
