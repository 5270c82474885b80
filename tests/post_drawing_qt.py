"""Screenshots of fictional posts painted with Qt's QPainter and the bundled DejaVu font, as phones and desktops
save them: the status bar and the app's top bar on a phone crop, light and dark, a verified badge, the counts
row. Used by tests of the post recogniser on CaseFile's own OCR engine. People and words are invented."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

FONTS = Path(__file__).resolve().parent.parent / "casefile" / "assets" / "fonts"


@dataclass
class Shot:
    name: str
    handle: str  # without "@"
    text: str
    stamp: str = "9:41 AM · Feb 11, 2025"
    views: str = "12.4K"
    counts: list[tuple[str, str]] = field(default_factory=lambda: [("1,024", "Reposts"), ("87", "Quotes"),
                                                                   ("5,310", "Likes")])


def _family() -> str:
    from PySide6.QtGui import QFontDatabase

    fid = QFontDatabase.addApplicationFont(str(FONTS / "DejaVuSans.ttf"))
    QFontDatabase.addApplicationFont(str(FONTS / "DejaVuSans-Bold.ttf"))
    return QFontDatabase.applicationFontFamilies(fid)[0]


def paint_x(shot: Shot, *, dark: bool = False, phone: bool = True, chrome: bool = True, initials: bool = False,
            sidebars: bool = False, scale: int = 0, family: str = "") -> Image.Image:
    """X's post view: on a phone (390 pt at 3x) with the status bar (`9:41`, battery) and the `Post` top bar;
    on a desktop (600 px at 1x) the column alone. Name with a badge over the @handle, the words, the stamp with
    views, a rule, the counts row, then the icon row."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

    assert QGuiApplication.instance() is not None, "a QGuiApplication (qapp fixture) must exist"
    s, width = (3, 390) if phone else (1, 600)
    s = scale or s
    w = width * s
    bg, fg, dim, rule = ((QColor(0, 0, 0), QColor(231, 233, 234), QColor(113, 118, 123), QColor(47, 51, 54))
                         if dark else (QColor(255, 255, 255), QColor(15, 20, 25), QColor(83, 100, 113),
                                       QColor(207, 217, 222)))
    blue = QColor(29, 155, 240)
    img = QImage(w, 1400 * s, QImage.Format.Format_RGB32)
    img.fill(bg)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    family = family or _family()

    def font(px: int, bold: bool = False) -> QFont:
        f = QFont(family)
        f.setPixelSize(px * s)
        f.setBold(bold)
        return f

    pad, y = 16 * s, 0
    if phone and chrome:  # the status bar and the top bar
        p.setFont(font(16, True))
        p.setPen(fg)
        p.drawText(28 * s, 34 * s, "9:41")
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(fg)
        p.drawRoundedRect(w - 52 * s, 22 * s, 26 * s, 13 * s, 3 * s, 3 * s)
        for i in range(4):
            p.drawRect(w - 110 * s + i * 6 * s, 32 * s - i * 3 * s, 4 * s, 4 * s + i * 3 * s)
        p.setPen(fg)
        p.drawText(pad, 84 * s, "←")
        p.setFont(font(18, True))
        p.drawText(64 * s, 84 * s, "Post")
        y = 104 * s
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(120, 90, 200))
    p.drawEllipse(pad, y + pad, 40 * s, 40 * s)
    if initials:  # an avatar of initials, as many accounts have
        p.setFont(font(16, True))
        p.setPen(QColor(255, 255, 255))
        p.drawText(QRectF(pad, y + pad, 40 * s, 40 * s), Qt.AlignmentFlag.AlignCenter,
                   "".join(w[0] for w in shot.name.split()[:2]))
    x0 = pad + 52 * s
    p.setFont(font(15, True))
    p.setPen(fg)
    p.drawText(x0, y + pad + 15 * s, shot.name)
    bx = x0 + p.fontMetrics().horizontalAdvance(shot.name) + 4 * s
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(blue)
    p.drawEllipse(bx, y + pad + 1 * s, 16 * s, 16 * s)
    p.setFont(font(15))
    p.setPen(dim)
    p.drawText(x0, y + pad + 36 * s, f"@{shot.handle}")
    if chrome:
        p.drawText(w - 32 * s, y + pad + 12 * s, "···")
    y += pad + 62 * s
    p.setFont(font(17))
    p.setPen(fg)
    rect = QRectF(pad, y, w - 2 * pad, 900 * s)
    bound = p.boundingRect(rect, Qt.TextFlag.TextWordWrap, shot.text)
    p.drawText(rect, Qt.TextFlag.TextWordWrap, shot.text)
    y = int(bound.bottom()) + 22 * s
    p.setFont(font(15))
    p.setPen(dim)
    p.drawText(pad, y, shot.stamp + (f" · {shot.views} Views" if shot.views else ""))
    y += 16 * s
    p.setPen(rule)
    p.drawLine(pad, y, w - pad, y)
    y += 30 * s
    x = pad
    for number, label in shot.counts:
        p.setFont(font(15, True))
        p.setPen(fg)
        p.drawText(x, y, number)
        x += p.fontMetrics().horizontalAdvance(number) + 5 * s
        p.setFont(font(15))
        p.setPen(dim)
        p.drawText(x, y, label)
        x += p.fontMetrics().horizontalAdvance(label) + 18 * s
    y += 16 * s
    if chrome:
        p.setPen(rule)
        p.drawLine(pad, y, w - pad, y)
        y += 14 * s
        p.setPen(dim)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for i in range(5):
            cx = pad + 10 * s + i * (w - 2 * pad) // 5
            p.drawRoundedRect(cx, y, 22 * s, 20 * s, 6 * s, 6 * s)
        y += 34 * s
    p.end()
    img = img.copy(0, 0, w, y)
    if sidebars:  # a desktop crop: the navigation column left, the trends column right
        full = QImage(w + 560, max(y, 700), QImage.Format.Format_RGB32)
        full.fill(bg)
        q = QPainter(full)
        q.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        q.drawImage(260, 0, img)
        q.setPen(fg)
        q.setFont(font(20))
        for i, word in enumerate(("Home", "Explore", "Notifications", "Messages", "Grok", "Bookmarks",
                                  "Communities", "Premium", "Profile", "More")):
            q.drawText(40, 60 + i * 52, word)
        q.setFont(font(20, True))
        q.drawText(w + 290, 60, "What's happening")
        q.setFont(font(15))
        for i, line in enumerate(("Trending in United States", "#SuperBowl", "245K posts", "Politics · Trending",
                                  "Senate", "98.1K posts", "Who to follow", "Harbour Gazette", "@harbourgazette",
                                  "Follow")):
            q.drawText(w + 290, 100 + i * 34, line)
        q.setPen(rule)
        q.drawLine(259, 0, 259, full.height())
        q.drawLine(w + 260, 0, w + 260, full.height())
        q.end()
        img, w, y = full, full.width(), full.height()
    ptr = img.constBits()
    return Image.frombuffer("RGBA", (w, y), bytes(ptr), "raw", "BGRA", 0, 1).convert("RGB")
