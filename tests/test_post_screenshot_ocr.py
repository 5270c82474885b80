"""End to end on pixels: screenshots of posts drawn with Pillow for six apps, light and dark, phone and desktop
widths, read by Tesseract (tesserocr, as the OCR importer does) and recognised as the posts they show."""

from __future__ import annotations

import pytest

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, EvidenceKind
from casefile.importers.post_screenshot import post_from_screenshot
from tests.test_post_screenshot_drawing import DARK, DRAWERS, LIGHT, Post, draw_chat, draw_document, ocr

AT_10_42 = CaseDate(2025, 3, 3, 10, 42, DatePrecision.MINUTE)
# platform: (the post as drawn, author, handle, the date it gives)
POSTS = {
    "x": (Post("Maria Lindqvist", "mlindqvist_news",
               "The hearing in Okafor v. Halvorsen is set for April 14, 2025 at the county court. Both sides have "
               "filed their witness lists.", "10:42 AM · Mar 3, 2025",
               {"views": "12.4K", "reposts": "1.2K", "quotes": "85", "likes": "5,310", "bookmarks": "97"}),
          "Maria Lindqvist (@mlindqvist_news)", "@mlindqvist_news", AT_10_42),
    "bluesky": (Post("Daniel Okafor", "dokafor.bsky.social",
                     "We filed our response today. The hearing is set for April 14, 2025.", "Mar 3, 2025 at 10:42 AM",
                     {"reposts": "48", "quotes": "6", "likes": "312"}),
                "Daniel Okafor (@dokafor.bsky.social)", "@dokafor.bsky.social", AT_10_42),
    "threads": (Post("", "harbour.gazette",
                     "Court confirms: the hearing in the Halvorsen case is set for April 14, 2025.", "03/03/25",
                     {"likes": "1.1K", "replies": "73", "reposts": "40"}),
                "@harbour.gazette", "@harbour.gazette", CaseDate(2025, 3, 3)),
    "instagram": (Post("", "okafor.family",
                       "Thank you all for the support. The hearing is set for April 14, 2025 and we will be there.",
                       "March 3, 2025", {"likes": "2,417", "comments": "96"}),
                  "@okafor.family", "@okafor.family", CaseDate(2025, 3, 3)),
    "facebook": (Post("Portsmouth Harbour Gazette", "",
                      "UPDATE: The hearing in Okafor v. Halvorsen Media Group is set for April 14, 2025, the court "
                      "said on Monday.", "March 3, 2025 at 10:42 AM", {}),
                 "Portsmouth Harbour Gazette", "", AT_10_42),
    "tiktok": (Post("Lena Park", "lenapark.law",
                    "Explaining the Okafor case: the hearing is set for April 14, 2025 #law #fyp", "2025-3-3",
                    {"likes": "18.2K", "comments": "402", "saves": "1,120", "shares": "860"}),
               "Lena Park (@lenapark.law)", "@lenapark.law", CaseDate(2025, 3, 3)),
}
PHONE, DESKTOP = {"width": 390, "scale": 2}, {"width": 600, "scale": 1}
CASES = [(p, theme, size) for i, p in enumerate(POSTS)
         for theme, size in (((LIGHT, PHONE), (DARK, DESKTOP)) if i % 2 == 0 else ((LIGHT, DESKTOP), (DARK, PHONE)))]


@pytest.mark.parametrize(("platform", "theme", "size"), CASES,
                         ids=[f"{p}-{'dark' if t is DARK else 'light'}-{'phone' if s is PHONE else 'desktop'}"
                              for p, t, s in CASES])
def test_a_drawn_screenshot_read_by_tesseract_is_recognised(platform: str, theme, size) -> None:  # noqa: ANN001
    post, author, handle, when = POSTS[platform]
    page = ocr(DRAWERS[platform](post, theme, **size))
    item = post_from_screenshot(page)
    assert item is not None, page.text
    assert item.kind is EvidenceKind.SOCIAL_POST
    assert item.metadata["platform"] == platform
    assert item.author == author
    assert item.metadata["handle"] == handle
    assert item.published == when
    assert item.text.replace("\n", " ") == post.text
    start, end = item.span_in_parent
    assert page.text[start:end].replace("\n", " ") == post.text


@pytest.mark.parametrize("draw", [draw_document, draw_chat], ids=["letter", "chat"])
def test_a_drawn_letter_or_chat_is_not_a_post(draw) -> None:  # noqa: ANN001
    page = ocr(draw())
    assert "April 14" in page.text  # it was read: the refusal is the recogniser's, not a blank page's
    assert post_from_screenshot(page) is None
