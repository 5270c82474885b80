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


# --- every author, never a URL or the site; the title without the site's name (issue 11) ----------------

_LD_THREE = """<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Okafor sues Halvorsen Media Group over 'smear campaign'", "datePublished": "2025-01-27T21:30:00-05:00",
 "author": [{"@type": "Person", "name": "Tomas Lind"}, {"@type": "Person", "name": "Aiko Brandt"},
            {"@type": "Person", "name": "Rui Santos"}],
 "publisher": {"@type": "Organization", "name": "The Ledger"}}</script>"""


def _page(head: str, byline: str = "", h1: str = ff.ARTICLE_TITLE):  # type: ignore[no-untyped-def]
    return read_html(ff.article_page(head, byline, h1).encode("utf-8"), "saved page.html")


def test_json_ld_authors_array_keeps_every_author() -> None:
    item = _page('<title>Okafor sues Halvorsen Media Group over \'smear campaign\' | The Ledger</title>'
                 '<meta name="author" content="The Ledger">' + _LD_THREE)
    assert item.metadata["authors"] == ["Tomas Lind", "Aiko Brandt", "Rui Santos"]
    assert item.author == "Tomas Lind, Aiko Brandt, Rui Santos"
    assert item.title == ff.ARTICLE_TITLE
    assert item.published == CaseDate(2025, 1, 27)  # the day the page gives, in its own time zone


def test_byline_with_several_authors() -> None:
    item = _page('<meta property="og:site_name" content="The Ledger">',
                 '<p class="byline">By Tomas Lind, Aiko Brandt and Rui Santos | The Ledger</p>')
    assert item.metadata["authors"] == ["Tomas Lind", "Aiko Brandt", "Rui Santos"]


def test_a_facebook_url_is_never_an_author() -> None:
    item = _page('<meta property="article:author" content="https://www.facebook.com/theledgernews">'
                 '<meta property="og:site_name" content="The Ledger">',
                 '<div class="author-name">Tomas Lind</div>')
    assert item.author == "Tomas Lind"
    assert "facebook" not in item.author


def test_the_site_owner_is_not_the_author() -> None:
    """`<meta name=author>` holds the publishing company; the article's JSON-LD names the writer."""
    head = ('<meta name="author" content="Northfield Media Group">'
            '<meta property="og:site_name" content="The Ledger">'
            '<script type="application/ld+json">{"@type": "Article", "author": {"@type": "Person", '
            '"name": "Aiko Brandt"}, "publisher": {"@type": "Organization", "name": "Northfield Media Group"}}</script>')
    assert _page(head).metadata["authors"] == ["Aiko Brandt"]


def test_a_page_signed_only_by_its_site_has_no_author() -> None:
    head = ('<meta property="og:site_name" content="Ledger Daily">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Organization", '
            '"name": "Ledger Daily"}}</script>')
    item = _page(head, '<span class="author">Ledger Daily Staff</span>')
    assert item.author == ""
    assert "authors" not in item.metadata


def test_roles_and_outlets_are_cut_from_names() -> None:
    head = ('<meta property="og:site_name" content="The Ledger">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"@type": "Person", '
            '"name": "By TOMAS LIND, Ledger Staff Writer"}]}</script>')
    assert _page(head).metadata["authors"] == ["Tomas Lind"]


def test_agency_credit_is_kept() -> None:
    item = _page('<meta name="author" content="Reuters"><meta property="og:site_name" content="The Ledger">')
    assert item.author == "Reuters"


def test_yoast_graph_author_by_reference() -> None:
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
            '{"@type": "WebSite", "@id": "https://ledger.example/#website", "name": "The Ledger"},'
            '{"@type": "Article", "@id": "https://ledger.example/a#article", "datePublished": "2025-01-27T09:30:00+00:00",'
            ' "author": {"@id": "https://ledger.example/#/person/1"}},'
            '{"@type": "Person", "@id": "https://ledger.example/#/person/1", "name": "Aiko Brandt"}]}</script>')
    item = _page(head)
    assert item.metadata["authors"] == ["Aiko Brandt"]
    assert item.published == CaseDate(2025, 1, 27)


@pytest.mark.parametrize("title", [
    "Okafor sues Halvorsen Media Group over 'smear campaign' - The Ledger",
    "The Ledger | Okafor sues Halvorsen Media Group over 'smear campaign'",
    "Okafor sues Halvorsen Media Group over 'smear campaign' | Media | The Ledger",
])
def test_title_without_the_site_name(title: str) -> None:
    item = _page(f'<meta property="og:site_name" content="The Ledger"><title>{title}</title>')
    assert item.title == ff.ARTICLE_TITLE


@pytest.mark.parametrize("junk", ["Untitled", "   ", "https://ledger.example/2025/01/27/okafor", "—"])
def test_junk_page_title_falls_back_to_the_file_name(junk: str) -> None:
    item = _page(f"<title>{junk}</title>", h1="")
    assert item.title == "saved page"


def test_date_from_meta_when_there_is_no_json_ld() -> None:
    item = _page('<meta property="article:published_time" content="2025-01-27T23:50:00-08:00">')
    assert item.published == CaseDate(2025, 1, 27)


def test_a_name_inside_the_site_name_is_still_a_person() -> None:
    item = _page('<meta property="og:site_name" content="Annapolis Capital Gazette">'
                 '<meta name="author" content="Anna">')
    assert item.author == "Anna"


@pytest.mark.parametrize(("byline", "authors"), [
    ("By ERIK VOSSAssociated Press", ["Erik Voss"]),  # glued in the page's markup
    ("By Aiko Brandt, Rui Santos and Associated Press", ["Aiko Brandt", "Rui Santos"]),
    ("Analysis by Tomas Lind", ["Tomas Lind"]),
    ("Tomas LindMonday, January 27, 2025", ["Tomas Lind"]),
])
def test_byline_forms(byline: str, authors: list[str]) -> None:
    item = _page('<meta property="og:site_name" content="The Ledger">', f'<div class="byline">{byline}</div>')
    assert item.metadata["authors"] == authors


def test_account_names_are_not_authors() -> None:
    item = _page('<meta property="og:site_name" content="The Ledger"><meta name="author" content="webeditor2">')
    assert item.author == ""


def test_a_related_article_byline_is_not_this_articles() -> None:
    item = _page('<meta property="og:site_name" content="The Ledger">',
                 '<aside class="related"><span class="author">By Rui Santos</span></aside>'
                 '<p class="byline">By Aiko Brandt</p>')
    assert item.metadata["authors"] == ["Aiko Brandt"]


def test_hostile_json_ld_does_not_stop_the_page() -> None:
    nested = "[" * 50_000 + "]" * 50_000
    item = _page(f'<script type="application/ld+json">{nested}</script>'
                 '<script type="application/ld+json">{"@type": "Article", "author": {"name": "Aiko Brandt"}}</script>')
    assert item.author == "Aiko Brandt"
    assert "seeks $12 million in damages" in item.text
