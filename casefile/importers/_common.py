"""Helpers shared by the importers: size checks, text decoding, loose dates, thumbnails.

Kept free of heavy imports so that importing an importer module stays cheap.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from casefile.domain.dates import CaseDate, parse_human_date
from casefile.domain.enums import DatePrecision
from casefile.domain.errors import ImportFailedError, ValidationError
from casefile.domain.sizes import format_size
from casefile.importers.base import Limits

if TYPE_CHECKING:
    from PIL.Image import Image


# --- file and name helpers -------------------------------------------------------------------


def ext_of(name: str) -> str:
    """The lower-case extension of the original name, with its dot (`.txt`), or ""."""
    return PurePath(name).suffix.lower()


def read_bytes(path: Path, limits: Limits, what: str = "file") -> bytes:
    """The whole file, refusing empty files and files above the parse limit with a clear reason."""
    size = path.stat().st_size
    check_size(size, limits, what)
    return path.read_bytes()


def check_size(size: int, limits: Limits, what: str = "file") -> None:
    if size == 0:
        raise ImportFailedError(f"the {what} is empty (0 bytes)")
    if size > limits.max_parse_bytes:
        raise ImportFailedError(
            f"the {what} is {format_size(size)}, above the {format_size(limits.max_parse_bytes)} reading limit"
        )


def check_path(path: Path, limits: Limits, what: str = "file") -> int:
    size = path.stat().st_size
    check_size(size, limits, what)
    return size


def check_zip(path: Path, limits: Limits, what: str) -> zipfile.ZipFile:
    """Open a zip container after checking its declared uncompressed size (zip-bomb guard)."""
    check_path(path, limits, what)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ImportFailedError(f"the {what} is damaged: it is not a readable zip container") from None
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        zf.close()
        raise ImportFailedError(
            f"the {what} would unpack to {format_size(total)}, above the "
            f"{format_size(limits.max_uncompressed_bytes)} limit (possible zip bomb)"
        )
    packed = sum(i.compress_size for i in infos)
    if total > 50 * 1024 * 1024 and packed and total / packed > 1000:
        zf.close()
        raise ImportFailedError(f"the {what} compresses more than 1000:1 (possible zip bomb)")
    return zf


# --- text --------------------------------------------------------------------------------------

# bytes that plain text may contain: printable ASCII, whitespace, ESC, form feed and all high bytes
_TEXT_BYTES = bytes({7, 8, 9, 10, 12, 13, 27} | set(range(0x20, 0x7F)) | set(range(0x80, 0x100)))

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(head: bytes) -> str | None:
    for bom, enc in BOMS:
        if head.startswith(bom):
            return enc
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM: nearly every other byte is NUL (for Latin text)."""
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.7 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.7 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def looks_like_text(head: bytes) -> bool:
    """Cheap test used by sniffers: no NULs (unless UTF-16) and almost no control bytes."""
    if not head:
        return False
    if bom_encoding(head) or _utf16_without_bom(head):
        return True
    sample = head[:8192]
    if b"\x00" in sample:
        return False
    odd = len(sample.translate(None, _TEXT_BYTES))
    return odd <= max(1, len(sample) // 100)


def decode_text(data: bytes, name: str = "") -> tuple[str, str]:
    """Decode text in whatever encoding it came in; returns (text, encoding). Never raises on bad bytes.

    Raises ImportFailedError if the bytes are not text at all (a binary file with a text name).
    """
    enc = bom_encoding(data)
    if enc:
        return data.decode(enc, errors="replace"), enc.replace("-sig", "") + (" (BOM)" if enc else "")
    enc = _utf16_without_bom(data)
    if enc:
        return data.decode(enc, errors="replace"), enc
    if not looks_like_text(data):
        ext = ext_of(name)
        label = f"file named {ext}" if ext else "file"
        raise ImportFailedError(f"{label} holds binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=None).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in ("ascii", "utf_8"):
        encoding = "cp1252"  # invalid UTF-8 with mostly ASCII: the usual Windows file
    try:
        return data.decode(encoding, errors="replace"), encoding
    except LookupError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "")


# --- dates (parsed by the one parser in the domain) ---------------------------------------

_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?")


def try_date(text: str | None, precision: DatePrecision | None = None) -> CaseDate | None:
    """`parse_human_date` that returns None instead of raising; cut to `precision` when given."""
    if not text:
        return None
    try:
        found = parse_human_date(str(text))
    except ValidationError:
        return None
    if precision is not None and _finer_or_equal(found.precision, precision):
        found = found.at(precision)
    return found


def _finer_or_equal(have: DatePrecision, want: DatePrecision) -> bool:
    order = [DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY, DatePrecision.MINUTE]
    return order.index(have) >= order.index(want)


def plausible(d: CaseDate | None) -> CaseDate | None:
    """Drop dates that are obviously defaults (the epoch, the far future)."""
    if d is None:
        return None
    if d.year < 1971 or d.year > datetime.now().year + 1:
        return None
    return d


def pdf_date(value: str | None) -> CaseDate | None:
    """`D:20250127093000+01'00'` (PDF metadata) at minute precision, or day when no time is given."""
    if not value:
        return None
    m = _PDF_DATE.match(value.strip())
    if not m:
        return try_date(value)
    y, mo, d, h, mi = m.groups()
    try:
        if h is not None:
            return CaseDate(int(y), int(mo), int(d), int(h), int(mi or 0), DatePrecision.MINUTE)
        if d is not None:
            return CaseDate(int(y), int(mo), int(d))
        if mo is not None:
            return CaseDate(int(y), int(mo), precision=DatePrecision.MONTH)
        return CaseDate(int(y), precision=DatePrecision.YEAR)
    except ValidationError:
        return None


_EXIF_DATE = re.compile(r"^\s*(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2})")


def exif_str(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return str(value).replace("\x00", "").strip()


def exif_datetime(value: object) -> CaseDate | None:
    """EXIF `2025:01:19 21:47:05` (a camera's local clock) at minute precision; None for blanks like
    `0000:00:00 00:00:00`."""
    m = _EXIF_DATE.match(exif_str(value))
    if not m:
        return None
    y, mo, d, h, mi = (int(g) for g in m.groups())
    try:
        return CaseDate(y, mo, d, h, mi, DatePrecision.MINUTE)
    except ValidationError:
        return None


# --- titles --------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s")


def first_sentence(text: str, limit: int = 100) -> str:
    """The first sentence of `text`, trimmed at a word boundary to about `limit` characters."""
    flat = " ".join(text.split())
    m = _SENTENCE_END.search(flat)
    sentence = flat[: m.start()] if m else flat
    sentence = sentence.rstrip(".")
    if len(sentence) > limit:
        cut = sentence[:limit].rsplit(" ", 1)[0]
        sentence = cut.rstrip(",;:—- ") + "…"
    return sentence


# --- images --------------------------------------------------------------------------------------


def png_thumbnail(image: Image, px: int) -> bytes:
    """A PNG no larger than px × px, keeping the aspect ratio."""
    import io

    from PIL import Image as PILImage

    img = image.copy()
    img.thumbnail((px, px), PILImage.Resampling.LANCZOS)
    if img.mode not in ("RGB", "RGBA", "L", "LA"):
        img = img.convert("RGBA" if "A" in img.getbands() or img.mode == "P" else "RGB")
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=False)
    return buf.getvalue()


# --- titles that are not titles -------------------------------------------------------------------

_JUNK_TITLES = {
    "untitled", "untitled document", "no title", "(no title)", "title", "document", "document1", "doc1",
    "new document", "microsoft word document", "page", "home", "index", "none", "null", "undefined",
    "default", "draft", "presentation", "slide 1", "unknown", "image", "photo", "picture", "video", "audio",
}
_OFFICE_PREFIX = re.compile(
    r"^\s*(?:microsoft\s+(?:word|excel|powerpoint)|libreoffice|openoffice(?:\.org)?)\s*[-–—:]\s*", re.I
)
_FILE_NAME_LIKE = re.compile(r"^[\w .()\-]+\.(?:docx?|odt|rtf|pdf|txt|xlsx?|pptx?|html?|jpe?g|png|tiff?|mp[34]|mov)$",
                             re.I)
_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.|file:|mailto:)\S*$", re.I)
_LETTER = re.compile(r"[^\W\d_]", re.U)
# what cameras write into EXIF ImageDescription by default
_CAMERA_BOILERPLATE = re.compile(r"^(?:[\w-]+\s+)*digital\s+(?:still\s+)?camera$|^sony dsc$|^exif_jpeg_picture$|^dcim"
                                 r"|^default$|^camera$|^ipad$|^iphone$", re.I)


def is_junk_title(title: str | None) -> bool:
    """True when a metadata title says nothing about the file: empty, "untitled", stray symbols, a URL."""
    flat = " ".join((title or "").split()).strip()
    if not flat:
        return True
    core = _OFFICE_PREFIX.sub("", flat).strip()
    if core != flat and (not core or _FILE_NAME_LIKE.match(core)):
        return True  # "Microsoft Word - x.docx": the name of a file, not a title
    if core.lower().strip(" .:-_") in _JUNK_TITLES or _CAMERA_BOILERPLATE.match(core):
        return True
    if _URL_LIKE.match(core):
        return True
    return len(_LETTER.findall(core)) < 2  # "-", "???", "1", "•••"


_GENERIC_STEM = re.compile(
    r"^(?:scan|img|image|dsc|dscn|pxl|photo|document|doc|download|file|untitled|new|export|output|print)?"
    r"[\s_.()-]*\d*[\s_.()-]*\d*$|^[0-9a-f]{16,}$",
    re.I,
)


def clean_title(*candidates: str | None, name: str = "", from_text: str = "") -> str:
    """The first candidate that is a real title (spaces folded); else the original file's name without its
    extension, which users choose with care, unless it is a camera's or scanner's (`IMG_0042`, `scan0001`):
    then `from_text` (e.g. the first line), then the name all the same."""
    for candidate in candidates:
        if not is_junk_title(candidate):
            return " ".join(str(candidate).split())
    stem = (PurePath(name).stem if name else "").strip()
    if stem and not _GENERIC_STEM.match(stem):
        return stem
    if not is_junk_title(from_text):
        return " ".join(from_text.split())
    return stem or name


def is_url_like(text: str) -> bool:
    """An address or a bare domain path where a person's name was expected."""
    flat = text.strip()
    return bool(_URL_LIKE.match(flat)) or bool(re.match(r"^[\w.-]+\.[a-z]{2,}/\S*$", flat, re.I)) or "://" in flat


def clean_author(*candidates: str | None) -> str:
    """The first candidate that names someone: spaces folded, never an address or a URL (`www.x.com`)."""
    for candidate in candidates:
        flat = " ".join(str(candidate or "").split())
        if flat and not is_url_like(flat) and not is_junk_title(flat):
            return flat
    return ""
