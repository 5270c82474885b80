"""The held-out layout, painted by Qt (QPainter, DejaVu): X's post view with name, @handle, the words,
`9:41 AM · Feb 11, 2025 · 12.4K Views` and the reposts/quotes/likes row, as phones (3x, status bar and top bar)
and desktops (1x, 2x, with the navigation and trends columns) save it, light and dark, PNG and JPEG. Read by
CaseFile's own OCR engine, it is a post with its author, handle, date and words."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, EvidenceKind
from casefile.importers.post_screenshot import post_from_screenshot
from casefile.ocr.engine import recognise
from tests.post_drawing_qt import Shot, paint_x
from tests.test_post_screenshot_drawing import DARK, DRAWERS, LIGHT
from tests.test_post_screenshot_ocr import DESKTOP, PHONE, POSTS

SHOT = Shot("Maria Lindqvist", "mlindqvist_news",
            "The hearing in Okafor v. Halvorsen is set for April 14, 2025 at the county court. Both sides have "
            "filed their witness lists.")
VARIANTS = {
    "phone-light": {"phone": True},
    "phone-dark-initials": {"phone": True, "dark": True, "initials": True},
    "phone-1x-jpeg": {"phone": True, "scale": 1},
    "desktop-light-sidebars": {"phone": False, "sidebars": True},
    "desktop-dark-2x-bare": {"phone": False, "dark": True, "scale": 2, "chrome": False},
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_the_common_x_layout_painted_by_qt_is_a_post(qapp, variant: str) -> None:  # noqa: ANN001
    img = paint_x(SHOT, **VARIANTS[variant])
    if "jpeg" in variant:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=70)
        img = Image.open(buf).convert("RGB")
    page = recognise(img)
    item = post_from_screenshot(page)
    assert item is not None, page.text
    assert item.kind is EvidenceKind.SOCIAL_POST
    assert item.author == "Maria Lindqvist (@mlindqvist_news)"
    assert item.metadata["handle"] == "@mlindqvist_news"
    assert item.published == CaseDate(2025, 2, 11, 9, 41, DatePrecision.MINUTE)
    assert " ".join(item.text.split()) == SHOT.text


# what a sweep of 320 painted variants (4 fonts, 4 accounts, 5 texts, phone/desktop, light/dark) found missed:
# a dim @handle alone on its line in dark mode (read at 48 % and dropped as an icon), an emoji on its own line
# between the words and the stamp (the date was lost), an OCR space inside a handle's underscore (`mlindqvist_ news`)
HARD = {
    "dark-desktop-serif-dim-handle": (Shot("J. Okafor", "j_okafor2",
                                           "Just landed in Lisbon. See you all at the summit tomorrow!"),
                                      {"phone": False, "dark": True, "family": "DejaVu Serif"}, "J. Okafor"),
    "emoji-line-before-the-stamp": (Shot("Maria Lindqvist", "mlindqvist_news",
                                         "Big news: @courtwatch confirms the hearing on March 14, 2025. "
                                         "Thread below 👇"), {"phone": True}, "Maria Lindqvist"),
    "serif-handle-split-at-underscore": (SHOT, {"phone": False, "family": "DejaVu Serif"}, "Maria Lindqvist"),
}


@pytest.mark.parametrize("case", list(HARD))
def test_layouts_a_sweep_found_missed_are_posts(qapp, case: str) -> None:  # noqa: ANN001
    shot, options, name = HARD[case]
    page = recognise(paint_x(shot, **options))
    item = post_from_screenshot(page)
    assert item is not None, page.text
    assert item.author == f"{name} (@{shot.handle})"
    assert item.published == CaseDate(2025, 2, 11, 9, 41, DatePrecision.MINUTE)


# the drawn posts of six apps in the theme and width pairs test_post_screenshot_ocr leaves out: a dark Instagram
# desktop crop (a light photo in a dark page) and a dark Facebook phone crop (a dim stamp) were missed before
OTHER_PAIRS = [(p, theme, size) for i, p in enumerate(POSTS)
               for theme, size in (((LIGHT, DESKTOP), (DARK, PHONE)) if i % 2 == 0 else ((LIGHT, PHONE), (DARK, DESKTOP)))]


@pytest.mark.parametrize(("platform", "theme", "size"), OTHER_PAIRS,
                         ids=[f"{p}-{'dark' if t is DARK else 'light'}-{'phone' if s is PHONE else 'desktop'}"
                              for p, t, s in OTHER_PAIRS])
def test_every_app_in_the_other_theme_and_width_is_a_post(platform: str, theme, size) -> None:  # noqa: ANN001
    post, author, handle, when = POSTS[platform]
    item = post_from_screenshot(recognise(DRAWERS[platform](post, theme, **size)))
    assert item is not None
    assert item.metadata["platform"] == platform
    assert item.author == author
    assert item.metadata["handle"] == handle
    assert item.published == when
