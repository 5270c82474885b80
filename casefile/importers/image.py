"""Photos and screenshots via Pillow: size, format, EXIF (date taken, camera, GPS), a thumbnail, and the text
in the picture read by OCR (Tesseract), with word boxes for the preview and a social post when the picture is
a screenshot of one.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path
from typing import Any

from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers._common import (
    check_path,
    clean_title,
    exif_datetime,
    plausible,
    png_thumbnail,
)
from casefile.importers._common import exif_str as _exif_str
from casefile.importers.base import ImportedItem, Limits
from casefile.ocr.pages import CONTINUE_HINT, PageProgress

IMAGE_EXTENSIONS = (
    ".jpg",
    ".jpeg",
    ".png",
    ".webp",
    ".gif",
    ".bmp",
    ".tif",
    ".tiff",
    ".heic",
    ".heif",
    ".avif",
)
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis")

_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_MAKE, _MODEL, _DATETIME, _ORIENTATION = 0x010F, 0x0110, 0x0132, 0x0112
_DATETIME_ORIGINAL, _DATETIME_DIGITIZED, _OFFSET_ORIGINAL = 0x9003, 0x9004, 0x9011
_SOFTWARE, _ARTIST, _DESCRIPTION = 0x0131, 0x013B, 0x010E


def image_score(head: bytes) -> float:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return 0.95
    if head.startswith(b"\xff\xd8\xff"):
        return 0.95
    if head.startswith((b"GIF87a", b"GIF89a")):
        return 0.95
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return 0.95
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return 0.8
    if head.startswith(b"BM") and len(head) > 14 and head[6:10] == b"\x00\x00\x00\x00":
        return 0.7
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        return 0.9  # Pillow reads AVIF itself
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return 0.9 if heif_available() else 0.0
    return 0.0


def heif_available() -> bool:
    try:
        import pillow_heif  # noqa: F401
    except ImportError:
        return False
    return True


class ImageImporter:
    name = "image"
    kinds = (EvidenceKind.IMAGE,)
    extensions = IMAGE_EXTENSIONS

    def sniff(self, head: bytes, name: str) -> float:
        return image_score(head)

    def read(self, path: Path, name: str, limits: Limits) -> ImportedItem:
        return read_image(path, name, limits)


def read_image(path: Path, name: str, limits: Limits, on_page: PageProgress | None = None) -> ImportedItem:
    """Read a picture; `on_page(n, pages)` is told each page of a multi-page TIFF as OCR starts on it."""
    check_path(path, limits, "image")
    with path.open("rb") as fh:
        head = fh.read(32)
    if head[4:8] == b"ftyp" and heif_available():
        import pillow_heif

        pillow_heif.register_heif_opener()
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # Pillow's notes on damaged EXIF tags
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
            with img:
                return _read_image(img, path, name, limits, on_page)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImportFailedError("the image claims more pixels than allowed (possible decompression bomb)") from None
    except UnidentifiedImageError:
        raise ImportFailedError("the file is not an image Pillow can read (unknown or damaged format)") from None
    except (OSError, SyntaxError, ValueError):
        raise ImportFailedError("the image is damaged or truncated: its picture data cannot be decoded") from None


def _read_image(img: Any, path: Path, name: str, limits: Limits,
                on_page: PageProgress | None = None) -> ImportedItem:
    from PIL import ImageOps

    width, height = img.size
    if width * height > limits.max_image_pixels:
        raise ImportFailedError(
            f"the image is {width} × {height} pixels, above the {limits.max_image_pixels:,} pixel limit "
            "(possible decompression bomb)"
        )
    fmt = img.format or ""
    meta: dict[str, Any] = {"width": width, "height": height, "format": fmt, "mode": img.mode}
    frames = getattr(img, "n_frames", 1)
    if frames > 1:
        meta["frames"] = frames
    exif = img.getexif()
    author = ""
    if exif:
        author = _read_exif(exif, meta)
    img.load()  # decode now: a truncated file fails here with a clear reason
    shown = ImageOps.exif_transpose(img) or img
    thumb = png_thumbnail(shown, limits.thumbnail_px)
    media_type = _MIME_TYPES.get(fmt, f"image/{fmt.lower()}" if fmt else "image/unknown")
    item = ImportedItem(
        kind=EvidenceKind.IMAGE,
        media_type=media_type,
        title=clean_title(meta.get("description"), name=name),
        author=author,
        published=None,  # EXIF tells when a photo was taken (metadata `taken`), never when it was published
        metadata=meta,
        thumbnail_png=thumb,
    )
    deadline = time.monotonic() + limits.seconds  # for all of the picture's pages together
    if fmt == "TIFF" and frames > 1 and on_page is not None:
        on_page(1, frames)
    _read_text(item, shown, limits, deadline)
    ocr = item.metadata.get("ocr") or {}
    if fmt == "TIFF" and frames > 1 and ocr:  # OCR runs here: the fax's other pages too
        _read_more_pages(item, img, frames, limits, deadline, on_page)
    return item


def tiff_page(img: Any, page: int, limits: Limits) -> Any:
    """Page `page` (1-based) of an open multi-page TIFF, as shown (EXIF orientation applied), ready for OCR.

    Raises OcrUnreadable for a page past the pixel limit: a page may claim far more than the first did."""
    from PIL import ImageOps

    from casefile.ocr.engine import OcrUnreadable

    img.seek(page - 1)
    width, height = img.size
    if width * height > limits.max_image_pixels:
        raise OcrUnreadable(f"the page is {width:,} × {height:,} pixels, above the {limits.max_image_pixels:,} "
                            "pixel limit (possible decompression bomb)", "decompression bomb")
    return ImageOps.exif_transpose(img) or img


def _read_more_pages(item: ImportedItem, img: Any, frames: int, limits: Limits, deadline: float,
                     on_page: PageProgress | None) -> None:
    """A multi-page TIFF (a fax, a scanner's batch): every page's text, placed at its page's offset; the pages
    left (time, page cap) are kept in `unread_pages` for `casefile ocr`.

    Only the first page's word boxes are kept: it is the page the preview shows."""
    from casefile.ocr.pages import UNREAD_KEY, describe, read_pages, to_ranges

    ocr = item.metadata["ocr"]
    capped = min(frames, limits.max_pages)
    run = read_pages(range(2, capped + 1), lambda n: tiff_page(img, n, limits), total=frames, deadline=deadline,
                     seconds_per_page=limits.seconds, on_page=on_page)
    texts = [item.text] + [run.texts.get(n, "") for n in range(2, capped + 1)]
    for page, reason in sorted(run.failed.items()):
        item.warnings.append(f"page {page}: its text was not read: {reason}")
    unread = ([1] if ocr.get("timed_out") else []) + run.left + list(range(capped + 1, frames + 1))
    if unread:
        item.warnings.append(f"text on {len(unread)} of {frames} pages was not read (the time or page limit: "
                             f"{describe(unread)}); {CONTINUE_HINT}")
        item.metadata[UNREAD_KEY] = to_ranges(unread)
    starts, pos = [], 0
    for text in texts:
        starts.append(pos)
        pos += len(text) + 2
    item.text = "\n\n".join(texts)[: limits.max_text_chars]
    item.page_starts = starts
    ocr["pages"] = ([] if ocr.get("failed") else [1]) + sorted(run.texts)
    if run.failed:
        ocr["failed_pages"] = {str(k): v for k, v in sorted(run.failed.items())}


def _read_text(item: ImportedItem, shown: Any, limits: Limits, deadline: float) -> None:
    """OCR the picture as it is shown (EXIF orientation applied: the word boxes are in its pixels); a
    screenshot of a post becomes a social-post child cited inside the recognised text."""
    from casefile.ocr.reading import recognise_image

    result = recognise_image(shown, max(1.0, deadline - time.monotonic()))
    item.metadata.update(result.metadata)
    item.warnings += result.warnings
    if result.page is None or not result.page.lines:
        return
    item.text = result.text[: limits.max_text_chars]
    from casefile.importers.post_screenshot import post_from_screenshot

    try:
        post = post_from_screenshot(result.page)
    except Exception as exc:  # recognising a post is a suggestion; a bug there must not lose the picture
        item.warnings.append(f"not read as a post: recognition failed ({type(exc).__name__})")
        return
    if post is not None:
        item.children.append(post)


_MIME_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "TIFF": "image/tiff",
    "BMP": "image/bmp",
    "HEIF": "image/heic",
    "AVIF": "image/avif",
    "MPO": "image/jpeg",
}


def _read_exif(exif: Any, meta: dict[str, Any]) -> str:
    """Fills `meta` (`taken` as ISO minutes, camera, GPS…) and returns the EXIF artist."""
    sub = exif.get_ifd(_EXIF_IFD)
    taken = plausible(exif_datetime(sub.get(_DATETIME_ORIGINAL)) or exif_datetime(sub.get(_DATETIME_DIGITIZED)))
    if taken is not None:
        meta["taken"] = taken.iso()
        if sub.get(_OFFSET_ORIGINAL):
            meta["taken_utc_offset"] = _exif_str(sub.get(_OFFSET_ORIGINAL))
    modified = exif_datetime(exif.get(_DATETIME))
    if modified is not None:
        meta["exif_modified"] = modified.iso()
    for tag, key in (
        (_MAKE, "camera_make"),
        (_MODEL, "camera_model"),
        (_SOFTWARE, "software"),
        (_DESCRIPTION, "description"),
    ):
        if exif.get(tag):
            meta[key] = _exif_str(exif.get(tag))
    if exif.get(_ORIENTATION):
        meta["orientation"] = int(exif.get(_ORIENTATION))
    gps = _gps(exif.get_ifd(_GPS_IFD))
    if gps is not None:
        meta["gps_lat"], meta["gps_lon"] = gps
    return _exif_str(exif.get(_ARTIST)) if exif.get(_ARTIST) else ""


def _gps(g: Any) -> tuple[float, float] | None:
    try:
        lat = _degrees(g[2], _exif_str(g.get(1, "N")))
        lon = _degrees(g[4], _exif_str(g.get(3, "E")))
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 6), round(lon, 6)


def _degrees(dms: Any, ref: str) -> float:
    d, m, s = (float(x) for x in dms)
    value = d + m / 60 + s / 3600
    return -value if ref.upper() in ("S", "W") else value


IMPORTER = ImageImporter()
