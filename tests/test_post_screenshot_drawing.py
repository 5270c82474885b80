"""Screenshots of fictional posts drawn with Pillow, read by CaseFile's own OCR engine into an OcrPage.

Six platforms, light and dark, phone and desktop widths: avatars as circles, verified badges, counts rows and
button rows, the way each app lays a post out. The people, handles and words are invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from casefile.ocr.types import OcrPage

FONTS = Path(__file__).resolve().parent.parent / "casefile" / "assets" / "fonts"
BLUE = (29, 155, 240)


@dataclass
class Post:
    name: str
    handle: str  # without the "@"
    text: str
    stamp: str  # the date and time exactly as the platform prints it
    counts: dict[str, str] = field(default_factory=dict)


@dataclass
class Theme:
    bg: tuple[int, int, int]
    fg: tuple[int, int, int]
    dim: tuple[int, int, int]
    rule: tuple[int, int, int]


LIGHT = Theme((255, 255, 255), (15, 20, 25), (83, 100, 113), (207, 217, 222))
DARK = Theme((0, 0, 0), (231, 233, 234), (113, 118, 123), (47, 51, 54))


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, f: ImageFont.FreeTypeFont, width: int) -> list[str]:
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=f) <= width or not line:
                line = trial
            else:
                out.append(line)
                line = word
        out.append(line)
    return out


def _avatar(draw: ImageDraw.ImageDraw, x: int, y: int, d: int, colour: tuple[int, int, int]) -> None:
    draw.ellipse((x, y, x + d, y + d), fill=colour)
    draw.ellipse((x + d // 3, y + d // 5, x + 2 * d // 3, y + d // 2), fill=(240, 220, 200))  # a face


def _badge(draw: ImageDraw.ImageDraw, x: int, y: int, d: int) -> None:
    """A verified badge: a blue disc with a white tick (OCR reads it as a stray glyph, or nothing)."""
    draw.ellipse((x, y, x + d, y + d), fill=BLUE)
    draw.line((x + d * 0.28, y + d * 0.52, x + d * 0.45, y + d * 0.7, x + d * 0.74, y + d * 0.32), fill="white",
              width=max(2, d // 8))


def _icon_row(draw: ImageDraw.ImageDraw, x: int, y: int, gap: int, n: int, colour: tuple[int, int, int],
              labels: list[str] | None = None, f: ImageFont.FreeTypeFont | None = None) -> None:
    for i in range(n):
        cx = x + i * gap
        draw.rounded_rectangle((cx, y, cx + 22, y + 20), radius=6, outline=colour, width=2)
        if labels and f is not None and i < len(labels) and labels[i]:
            draw.text((cx + 30, y), labels[i], font=f, fill=colour)


def draw_x(post: Post, theme: Theme = LIGHT, width: int = 600, scale: int = 1) -> Image.Image:
    """X (Twitter) post detail view: name, badge, @handle below, text, `10:42 AM · Mar 3, 2025 · 12K Views`,
    a counts row and the icon row."""
    s = scale
    img = Image.new("RGB", (width * s, 2000 * s), theme.bg)
    d = ImageDraw.Draw(img)
    pad = 16 * s
    _avatar(d, pad, pad, 40 * s, (120, 90, 200))
    bold, reg = font(15 * s, True), font(15 * s)
    x0 = pad + 52 * s
    d.text((x0, pad), post.name, font=bold, fill=theme.fg)
    _badge(d, x0 + int(d.textlength(post.name, font=bold)) + 4 * s, pad + 1 * s, 17 * s)
    d.text((x0, pad + 21 * s), f"@{post.handle}", font=reg, fill=theme.dim)
    d.rounded_rectangle((width * s - 120 * s, pad, width * s - 40 * s, pad + 32 * s), radius=16 * s,
                        fill=theme.fg)
    d.text((width * s - 102 * s, pad + 7 * s), "Follow", font=font(14 * s, True), fill=theme.bg)
    d.text((width * s - 28 * s, pad + 4 * s), "···", font=reg, fill=theme.dim)
    y = pad + 60 * s
    body = font(17 * s)
    for line in _wrap(d, post.text, body, width * s - 2 * pad):
        d.text((pad, y), line, font=body, fill=theme.fg)
        y += 24 * s
    y += 8 * s
    d.text((pad, y), "Translate post", font=font(14 * s), fill=BLUE)
    y += 30 * s
    views = post.counts.get("views", "")
    d.text((pad, y), post.stamp + (f" · {views} Views" if views else ""), font=reg, fill=theme.dim)
    y += 32 * s
    d.line((pad, y, width * s - pad, y), fill=theme.rule, width=1)
    y += 12 * s
    x = pad
    for key in ("Reposts", "Quotes", "Likes", "Bookmarks"):
        n = post.counts.get(key.lower())
        if not n:
            continue
        d.text((x, y), n, font=bold, fill=theme.fg)
        x += int(d.textlength(n, font=bold)) + 5 * s
        d.text((x, y), key, font=reg, fill=theme.dim)
        x += int(d.textlength(key, font=reg)) + 18 * s
    y += 32 * s
    d.line((pad, y, width * s - pad, y), fill=theme.rule, width=1)
    y += 12 * s
    _icon_row(d, pad + 10 * s, y, (width * s - 2 * pad) // 5, 5, theme.dim)
    y += 40 * s
    d.line((0, y, width * s, y), fill=theme.rule, width=1)
    y += 14 * s
    _avatar(d, pad, y, 40 * s, (90, 160, 120))
    d.text((x0, y + 10 * s), "Post your reply", font=font(17 * s), fill=theme.dim)
    d.rounded_rectangle((width * s - 90 * s, y + 4 * s, width * s - pad, y + 36 * s), radius=16 * s, fill=BLUE)
    d.text((width * s - 78 * s, y + 11 * s), "Reply", font=font(14 * s, True), fill="white")
    return img.crop((0, 0, width * s, y + 56 * s))


def draw_bluesky(post: Post, theme: Theme = LIGHT, width: int = 600, scale: int = 1) -> Image.Image:
    """Bluesky thread view: display name over @handle.bsky.social, text, `Mar 3, 2025 at 10:42 AM`, counts."""
    s = scale
    img = Image.new("RGB", (width * s, 2000 * s), theme.bg)
    d = ImageDraw.Draw(img)
    pad = 16 * s
    _avatar(d, pad, pad, 42 * s, (60, 130, 230))
    bold, reg = font(16 * s, True), font(15 * s)
    x0 = pad + 54 * s
    d.text((x0, pad + 2 * s), post.name, font=bold, fill=theme.fg)
    d.text((x0, pad + 24 * s), f"@{post.handle}", font=reg, fill=theme.dim)
    d.rounded_rectangle((width * s - 110 * s, pad + 4 * s, width * s - pad, pad + 36 * s), radius=16 * s,
                        fill=(32, 139, 254))
    d.text((width * s - 96 * s, pad + 11 * s), "+ Follow", font=font(14 * s, True), fill="white")
    y = pad + 62 * s
    body = font(18 * s)
    for line in _wrap(d, post.text, body, width * s - 2 * pad):
        d.text((pad, y), line, font=body, fill=theme.fg)
        y += 26 * s
    y += 12 * s
    d.text((pad, y), post.stamp, font=reg, fill=theme.dim)
    y += 30 * s
    d.line((pad, y, width * s - pad, y), fill=theme.rule, width=1)
    y += 12 * s
    x = pad
    for key in ("reposts", "quotes", "likes"):
        n = post.counts.get(key)
        if not n:
            continue
        d.text((x, y), n, font=bold, fill=theme.fg)
        x += int(d.textlength(n, font=bold)) + 5 * s
        d.text((x, y), key, font=reg, fill=theme.dim)
        x += int(d.textlength(key, font=reg)) + 18 * s
    y += 32 * s
    d.line((pad, y, width * s - pad, y), fill=theme.rule, width=1)
    y += 12 * s
    _icon_row(d, pad + 10 * s, y, (width * s - 2 * pad) // 4, 4, theme.dim)
    return img.crop((0, 0, width * s, y + 40 * s))


def draw_threads(post: Post, theme: Theme = LIGHT, width: int = 390, scale: int = 2) -> Image.Image:
    """Threads on a phone: avatar, `handle ✓  03/03/25  ···`, text, icon row with counts."""
    s = scale
    img = Image.new("RGB", (width * s, 2000 * s), theme.bg)
    d = ImageDraw.Draw(img)
    pad = 14 * s
    d.text((width * s // 2 - 40 * s, 10 * s), "Thread", font=font(16 * s, True), fill=theme.fg)
    y0 = 50 * s
    _avatar(d, pad, y0, 36 * s, (200, 120, 60))
    bold, reg = font(15 * s, True), font(15 * s)
    x0 = pad + 46 * s
    d.text((x0, y0 + 8 * s), post.handle, font=bold, fill=theme.fg)
    bx = x0 + int(d.textlength(post.handle, font=bold)) + 5 * s
    _badge(d, bx, y0 + 9 * s, 15 * s)
    d.text((bx + 24 * s, y0 + 8 * s), post.stamp, font=reg, fill=theme.dim)
    d.text((width * s - 36 * s, y0 + 4 * s), "···", font=reg, fill=theme.fg)
    y = y0 + 50 * s
    body = font(15 * s)
    for line in _wrap(d, post.text, body, width * s - 2 * pad):
        d.text((pad, y), line, font=body, fill=theme.fg)
        y += 21 * s
    y += 14 * s
    labels = [post.counts.get("likes", ""), post.counts.get("replies", ""), post.counts.get("reposts", ""), ""]
    _icon_row(d, pad, y, 80 * s, 4, theme.fg, labels, font(13 * s))
    y += 44 * s
    d.line((0, y, width * s, y), fill=theme.rule, width=1)
    y += 14 * s
    d.text((pad, y), "Replies", font=font(15 * s, True), fill=theme.fg)
    d.text((width * s - 110 * s, y), "View activity >", font=font(13 * s), fill=theme.dim)
    return img.crop((0, 0, width * s, y + 40 * s))


def draw_instagram(post: Post, theme: Theme = LIGHT, width: int = 390, scale: int = 2) -> Image.Image:
    """Instagram on a phone: `handle ✓ ···`, the photo, icons, `1,234 likes`, `handle caption`, comments, date."""
    s = scale
    img = Image.new("RGB", (width * s, 2400 * s), theme.bg)
    d = ImageDraw.Draw(img)
    pad = 12 * s
    _avatar(d, pad, 10 * s, 32 * s, (220, 80, 120))
    bold, reg = font(14 * s, True), font(14 * s)
    x0 = pad + 42 * s
    d.text((x0, 12 * s), post.handle, font=bold, fill=theme.fg)
    _badge(d, x0 + int(d.textlength(post.handle, font=bold)) + 4 * s, 13 * s, 13 * s)
    d.text((x0, 30 * s), "Original audio", font=font(12 * s), fill=theme.fg)
    d.text((width * s - 30 * s, 10 * s), "···", font=reg, fill=theme.fg)
    y = 52 * s
    d.rectangle((0, y, width * s, y + width * s), fill=(150, 170, 190))  # the photo
    d.ellipse((width * s // 3, y + width * s // 4, 2 * width * s // 3, y + width * s // 2), fill=(240, 200, 80))
    y += width * s + 10 * s
    _icon_row(d, pad, y, 40 * s, 3, theme.fg)
    y += 34 * s
    d.text((pad, y), f"{post.counts.get('likes', '1,024')} likes", font=bold, fill=theme.fg)
    y += 22 * s
    lines = _wrap(d, f"{post.handle} {post.text}", reg, width * s - 2 * pad)
    for i, line in enumerate(lines):
        if i == 0:
            d.text((pad, y), post.handle, font=bold, fill=theme.fg)
            rest = line[len(post.handle):]
            d.text((pad + int(d.textlength(post.handle, font=bold)), y), rest, font=reg, fill=theme.fg)
        else:
            d.text((pad, y), line, font=reg, fill=theme.fg)
        y += 20 * s
    y += 4 * s
    d.text((pad, y), f"View all {post.counts.get('comments', '88')} comments", font=reg, fill=theme.dim)
    y += 22 * s
    d.text((pad, y), post.stamp, font=font(12 * s), fill=theme.dim)
    return img.crop((0, 0, width * s, y + 36 * s))


def draw_facebook(post: Post, theme: Theme = LIGHT, width: int = 680, scale: int = 1) -> Image.Image:
    """Facebook post: name, `March 3 at 10:42 AM · (globe)`, text, reactions and counts, Like Comment Share."""
    s = scale
    bg = (36, 37, 38) if theme is DARK else theme.bg
    img = Image.new("RGB", (width * s, 2000 * s), bg)
    d = ImageDraw.Draw(img)
    pad = 16 * s
    _avatar(d, pad, pad, 40 * s, (66, 103, 178))
    bold, reg = font(15 * s, True), font(13 * s)
    x0 = pad + 50 * s
    d.text((x0, pad + 1 * s), post.name, font=bold, fill=theme.fg)
    d.text((x0, pad + 22 * s), f"{post.stamp} · ", font=reg, fill=theme.dim)
    gx = x0 + int(d.textlength(f"{post.stamp} · ", font=reg))
    d.ellipse((gx, pad + 24 * s, gx + 12 * s, pad + 36 * s), outline=theme.dim, width=2)  # the globe
    d.text((width * s - 40 * s, pad), "···", font=bold, fill=theme.dim)
    y = pad + 56 * s
    body = font(15 * s)
    for line in _wrap(d, post.text, body, width * s - 2 * pad):
        d.text((pad, y), line, font=body, fill=theme.fg)
        y += 22 * s
    y += 14 * s
    d.ellipse((pad, y, pad + 18 * s, y + 18 * s), fill=(32, 120, 244))
    d.ellipse((pad + 12 * s, y, pad + 30 * s, y + 18 * s), fill=(243, 62, 88))
    d.text((pad + 36 * s, y), post.counts.get("reactions", "1.2K"), font=reg, fill=theme.dim)
    right = f"{post.counts.get('comments', '340')} comments   {post.counts.get('shares', '56')} shares"
    d.text((width * s - pad - int(d.textlength(right, font=reg)), y), right, font=reg, fill=theme.dim)
    y += 30 * s
    d.line((pad, y, width * s - pad, y), fill=theme.rule, width=1)
    y += 10 * s
    third = (width * s - 2 * pad) // 3
    for i, label in enumerate(("Like", "Comment", "Share")):
        cx = pad + i * third + third // 2 - 40 * s
        d.rounded_rectangle((cx, y, cx + 18 * s, y + 18 * s), radius=4, outline=theme.dim, width=2)
        d.text((cx + 26 * s, y), label, font=font(14 * s, True), fill=theme.dim)
    y += 30 * s
    return img.crop((0, 0, width * s, y + 10 * s))


def draw_tiktok(post: Post, theme: Theme = DARK, width: int = 390, scale: int = 2) -> Image.Image:
    """TikTok on a phone: a video frame with the right-hand icon column and counts; bottom left `handle`,
    `Name · 3-3`, the caption with hashtags and `♫ original sound - Name`."""
    s = scale
    h = 780
    img = Image.new("RGB", (width * s, h * s), (20, 20, 24) if theme is DARK else (235, 235, 235))
    d = ImageDraw.Draw(img)
    fg = (255, 255, 255) if theme is DARK else (22, 24, 35)
    d.text((width * s // 2 - 90 * s, 16 * s), "Following   For You", font=font(16 * s, True), fill=fg)
    d.rectangle((0, 70 * s, width * s, 470 * s), fill=(70, 80, 95))  # the video frame
    rx = width * s - 54 * s
    _avatar(d, rx, 300 * s, 44 * s, (250, 60, 90))
    y = 360 * s
    for key in ("likes", "comments", "saves", "shares"):
        d.ellipse((rx + 8 * s, y, rx + 36 * s, y + 28 * s), fill=fg)
        n = post.counts.get(key, "1.2K")
        d.text((rx + 22 * s - int(d.textlength(n, font=font(12 * s, True))) // 2, y + 32 * s), n,
               font=font(12 * s, True), fill=fg)
        y += 64 * s
    pad = 12 * s
    y = 560 * s
    d.text((pad, y), post.handle, font=font(16 * s, True), fill=fg)
    y += 26 * s
    d.text((pad, y), f"{post.name} · {post.stamp}", font=font(13 * s), fill=fg)
    y += 24 * s
    body = font(14 * s)
    for line in _wrap(d, post.text, body, width * s - 90 * s):
        d.text((pad, y), line, font=body, fill=fg)
        y += 20 * s
    y += 6 * s
    d.text((pad, y), f"♫ original sound - {post.name}", font=font(13 * s), fill=fg)
    return img


DRAWERS = {"x": draw_x, "bluesky": draw_bluesky, "threads": draw_threads, "instagram": draw_instagram,
           "facebook": draw_facebook, "tiktok": draw_tiktok}


def draw_document(width: int = 800) -> Image.Image:
    """Not a post: a page of a letter (dated, with a name, but no post chrome)."""
    img = Image.new("RGB", (width, 700), "white")
    d = ImageDraw.Draw(img)
    f = font(16)
    lines = ["Halvorsen & Berg LLP", "14 Quay Street, Portsmouth", "", "March 3, 2025", "",
             "Dear Ms. Okafor,", "", "We write regarding the hearing set for April 14, 2025 before",
             "the county court. Please send the documents listed below by", "the end of the month.", "",
             "1. The signed contract of June 2023", "2. All invoices issued since then", "",
             "Yours sincerely,", "Daniel Berg"]
    y = 40
    for line in lines:
        d.text((60, y), line, font=f, fill="black")
        y += 26
    return img


def draw_chat(width: int = 390, scale: int = 2) -> Image.Image:
    """Not a post: a messaging app's conversation (bubbles with times)."""
    s = scale
    img = Image.new("RGB", (width * s, 700 * s), (236, 229, 221))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, width * s, 60 * s), fill=(7, 94, 84))
    d.text((60 * s, 18 * s), "Maria Lindqvist", font=font(17 * s, True), fill="white")
    d.text((60 * s, 38 * s), "online", font=font(12 * s), fill="white")
    msgs = [("Did you see the notice from the court?", False, "10:41 AM"),
            ("Yes, the hearing is on April 14", True, "10:42 AM"),
            ("I'll bring the contract and the invoices", False, "10:44 AM"),
            ("Great, see you there", True, "10:45 AM")]
    y = 80 * s
    for text, mine, at in msgs:
        f = font(15 * s)
        w = int(d.textlength(text, font=f)) + 90 * s
        x = width * s - w - 10 * s if mine else 10 * s
        d.rounded_rectangle((x, y, x + w, y + 44 * s), radius=10 * s, fill=(220, 248, 198) if mine else "white")
        d.text((x + 10 * s, y + 12 * s), text, font=f, fill="black")
        d.text((x + w - 70 * s, y + 26 * s), at, font=font(11 * s), fill=(120, 120, 120))
        y += 60 * s
    d.rectangle((0, 640 * s, width * s, 700 * s), fill="white")
    d.text((20 * s, 660 * s), "Message", font=font(16 * s), fill=(150, 150, 150))
    return img


def ocr(img: Image.Image) -> OcrPage:
    """Read an image as the image importer does: CaseFile's own OCR engine (casefile.ocr.engine)."""
    from casefile.ocr.engine import recognise

    return recognise(img)


def page_literal(page: OcrPage) -> str:
    """The page as Python source, for recording real OCR output as a fixture."""
    rows = []
    for line in page.lines:
        ws = ", ".join(f"({w.text!r}, {w.left}, {w.top}, {w.width}, {w.height}, {w.confidence:.0f})"
                       for w in line.words)
        rows.append(f"        [{ws}],")
    return f"_page({page.width}, {page.height}, [\n" + "\n".join(rows) + "\n    ])"
