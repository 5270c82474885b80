"""PDF documents via pypdfium2: text page by page, document metadata and a first-page thumbnail.

Pages with no text layer (scans) are rendered and read by OCR, their text placed at their page's offset; PDFium
is held only while a page renders, never while Tesseract reads it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers._common import (
    check_path,
    clean_author,
    clean_title,
    first_sentence,
    pdf_date,
    plausible,
    png_thumbnail,
)
from casefile.importers.base import ImportedItem, Limits
from casefile.ocr.pages import CONTINUE_HINT, PageProgress

# PDFium is not thread-safe: one document at a time in this process.
PDFIUM_LOCK = threading.Lock()

LOCKED_WARNING = "the PDF is password-protected: its text can be read once its password is given"
_PDFIUM_ERRORS = {
    "password": "the password does not open this PDF",
    "format": "the PDF is damaged or not a PDF at all",
    "file": "the PDF could not be opened",
    "security": "the PDF uses an unsupported security handler",
    "page": "the PDF's pages are missing or damaged",
}


def _page_text(page: Any) -> str:
    """The text layer of one PDFium page; the page and its text handle are closed again whatever happens."""
    try:
        textpage = page.get_textpage()
        try:
            return str(textpage.get_text_range())
        finally:
            textpage.close()
    finally:
        page.close()


class PdfImporter:
    name = "pdf"
    kinds = (EvidenceKind.DOCUMENT,)
    extensions = (".pdf",)

    def sniff(self, head: bytes, name: str) -> float:
        # the header must be within the first 1024 bytes (PDF 1.7, 7.5.2)
        return 1.0 if b"%PDF-" in head[:1024] else 0.0

    def read(self, path: Path, name: str, limits: Limits) -> ImportedItem:
        return read_pdf(path, name, limits)


class PdfLockedError(ImportFailedError):
    """The PDF needs a password to be opened (none, or a wrong one, was given)."""


def read_pdf(path: Path, name: str, limits: Limits, password: str | None = None,
             on_page: PageProgress | None = None) -> ImportedItem:
    """Read a PDF; an encrypted one without its password is still a PDF: metadata `encrypted`, a warning, no text.

    Give `password` (the user's) to read an encrypted PDF's text; a wrong password raises ImportFailedError.
    `on_page(n, pages)` is told each scanned page as OCR starts on it. Pages left unread (past the page cap, the
    time limit or the text size limit) are kept in the metadata's `unread_pages` for `casefile ocr`.
    """
    check_path(path, limits, "PDF")
    with path.open("rb") as fh:
        if b"%PDF-" not in fh.read(1024):
            raise ImportFailedError("the file has no PDF header: it is not a PDF")
    locked = True
    deadline = time.monotonic() + limits.seconds
    with PDFIUM_LOCK:
        try:
            item, texts, scanned = _read_locked(path, name, limits, password, deadline)
        except PdfLockedError:
            if password:
                raise
        else:
            locked = False
    if not locked:
        page_count = int(item.metadata.get("page_count") or len(texts))
        if not item.metadata.get("text_full"):  # never reached: past the page cap or the time limit
            _keep_unread(item, list(range(len(texts) + 1, page_count + 1)))
        if scanned:
            _recognise_pages(path, name, password, item, texts, scanned, limits, deadline, on_page)
        return item
    return ImportedItem(
        kind=EvidenceKind.DOCUMENT,
        media_type="application/pdf",
        title=clean_title(name=name),
        metadata={"encrypted": True, "needs_password": True},
        warnings=[LOCKED_WARNING],
    )


def _open(path: Path, password: str | None) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise PdfLockedError(_PDFIUM_ERRORS["password"]) from None
        for key, reason in _PDFIUM_ERRORS.items():
            if key in msg:
                raise ImportFailedError(reason) from None
        raise ImportFailedError("the PDF is damaged or uses features that cannot be read") from None


def _security_revision(pdf: Any) -> int:
    """The standard security handler's revision, or -1 for a PDF that is not encrypted."""
    import pypdfium2.raw as pdfium_c

    try:
        return int(pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw))
    except Exception:
        return -1


def _read_locked(path: Path, name: str, limits: Limits, password: str | None,
                 deadline: float) -> tuple[ImportedItem, list[str], list[int]]:
    """The item with each page's text layer, the page texts, and the 0-based pages that have none (scans)."""
    import pypdfium2 as pdfium

    pdf = _open(path, password)
    warnings: list[str] = []
    try:
        revision = _security_revision(pdf)
        page_count = len(pdf)
        if page_count == 0:
            raise ImportFailedError("the PDF has no pages")
        info = {k: v.strip() for k, v in pdf.get_metadata_dict(skip_empty=True).items() if isinstance(v, str)}
        texts: list[str] = []
        page_starts: list[int] = []
        pos = 0
        chars, full = 0, False
        read_pages = min(page_count, limits.max_pages)
        if page_count > limits.max_pages:
            warnings.append(f"only the first {limits.max_pages} of {page_count} pages were read; {CONTINUE_HINT}")
        for i in range(read_pages):
            if time.monotonic() > deadline:
                warnings.append(f"reading stopped after {i} pages: the time limit was reached; {CONTINUE_HINT}")
                break
            if chars > limits.max_text_chars:
                warnings.append(f"reading stopped after {i} pages: the text size limit was reached")
                full = True
                break
            try:
                page = pdf[i]
            except pdfium.PdfiumError:
                raise ImportFailedError(f"page {i + 1} of the PDF is damaged and cannot be read") from None
            page_text = _page_text(page)
            page_text = page_text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
            page_starts.append(pos)
            texts.append(page_text)
            pos += len(page_text) + 2
            chars += len(page_text)
        text = "\n\n".join(texts)
        thumb = _thumbnail(pdf, limits.thumbnail_px, warnings)
    finally:
        pdf.close()
    first_line = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    title = clean_title(info.get("Title"), name=name,
                        from_text=first_line if len(first_line) <= 120 else first_sentence(text))
    created = plausible(pdf_date(info.get("CreationDate")))
    modified = pdf_date(info.get("ModDate"))
    metadata: dict[str, Any] = {
        "page_count": page_count,
        "producer": info.get("Producer", ""),
        "creator": info.get("Creator", ""),
        "subject": info.get("Subject", ""),
        "keywords": info.get("Keywords", ""),
        "created": created.iso() if created else "",
        "modified": modified.iso() if modified else "",
    }
    metadata = {k: v for k, v in metadata.items() if v != ""}
    if revision >= 0:
        metadata["encrypted"] = True  # opened: no user password, or the one given
    if full:
        metadata["text_full"] = True  # the text size limit: the pages after are not to be read later either
    scanned = [i for i, t in enumerate(texts) if not t]
    item = ImportedItem(
        kind=EvidenceKind.DOCUMENT,
        media_type="application/pdf",
        title=title,
        author=clean_author(info.get("Author")),
        published=created,
        text=text,
        metadata=metadata,
        page_starts=page_starts,
        thumbnail_png=thumb,
        warnings=warnings,
    )
    return item, texts, scanned


def _recognise_pages(path: Path, name: str, password: str | None, item: ImportedItem, texts: list[str],
                     scanned: list[int], limits: Limits, deadline: float, on_page: PageProgress | None) -> None:
    """OCR the pages without a text layer and rebuild the text and page offsets; say what was not read and
    keep it in `unread_pages`, so `casefile ocr` can continue them later."""
    from casefile.ocr import engine
    from casefile.ocr.pages import describe, read_pages

    info = engine.model_info()
    if not info.available:
        _not_recognised(item, scanned, len(texts), info.message)
        _keep_unread(item, [i + 1 for i in scanned])
        return
    started = time.monotonic()
    total = int(item.metadata.get("page_count") or len(texts))
    run = read_pages([i + 1 for i in scanned], lambda n: _render_page(path, password, n - 1, limits), total=total,
                     deadline=deadline, seconds_per_page=limits.seconds, on_page=on_page)
    for page, text in run.texts.items():
        texts[page - 1] = text
    for page in run.low_confidence:
        item.warnings.append(f"page {page}: the text was recognised by OCR with low confidence: check it against "
                             "the page before citing it")
    for page, reason in sorted(run.failed.items()):
        item.warnings.append(f"page {page}: its text was not read: {reason}")
    if run.left:
        why = "the time limit was reached" if run.stopped else "recognition took longer than allowed"
        item.warnings.append(f"text on {len(run.left)} of {len(scanned)} scanned pages was not recognised: {why} "
                             f"({describe(run.left)}); {CONTINUE_HINT}")
    _keep_unread(item, run.left)
    if not run.texts:
        item.metadata["needs_ocr"] = True
        if run.failed:
            item.metadata["ocr"] = {"engine": info.engine, "pages": [],
                                    "failed": {str(k): v for k, v in sorted(run.failed.items())}}
        return
    from casefile.ocr.reading import ocr_languages

    item.metadata["ocr"] = {"engine": info.engine, "pages": sorted(run.texts), "confidence": run.confidence,
                            "seconds": round(time.monotonic() - started, 2), "languages": ocr_languages()[0]}
    if run.failed:
        item.metadata["ocr"]["failed"] = {str(k): v for k, v in sorted(run.failed.items())}
    if run.weight and run.confidence < engine.LOW_CONFIDENCE:
        item.metadata["ocr"]["low_confidence"] = True
    item.text, item.page_starts = _joined(texts)
    item.text = item.text[: limits.max_text_chars]
    if item.title == clean_title(name=name):  # no title of its own: a scanner's file name gives way to the text
        first_line = next((ln.strip() for ln in item.text.split("\n") if ln.strip()), "")
        item.title = clean_title(name=name, from_text=first_line if len(first_line) <= 120 else "")


def _keep_unread(item: ImportedItem, pages: list[int]) -> None:
    """Add `pages` to the ones the exhibit's metadata says are still to be read."""
    from casefile.ocr.pages import UNREAD_KEY, from_ranges, to_ranges

    unread = sorted(set(from_ranges(item.metadata.get(UNREAD_KEY))) | set(pages))
    if unread:
        item.metadata[UNREAD_KEY] = to_ranges(unread)
    else:
        item.metadata.pop(UNREAD_KEY, None)


def _not_recognised(item: ImportedItem, scanned: list[int], pages: int, reason: str) -> None:
    if len(scanned) == pages:
        item.warnings.append(f"the PDF has no text layer (a scan?): {reason}")
        item.metadata["needs_ocr"] = True
    else:
        item.warnings.append(f"{len(scanned)} of {pages} pages have no text layer: {reason}")


def _joined(texts: list[str]) -> tuple[str, list[int]]:
    """The pages' texts separated by a blank line, and where each page starts."""
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 2
    return "\n\n".join(texts), starts


def page_text(path: Path, index: int, password: str | None = None) -> str:
    """The text layer of page `index` (0-based), cleaned as on import; empty for a scanned page.

    Raises ImportFailedError when the PDF cannot be opened (a password it needs, damage)."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        pdf = _open(path, password)
        try:
            if index >= len(pdf):
                return ""
            text = _page_text(pdf[index])
        except pdfium.PdfiumError:
            return ""
        finally:
            pdf.close()
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()


def render_page(path: Path, index: int, limits: Limits, password: str | None = None) -> Any:
    """Page `index` (0-based) as a greyscale picture for OCR, or None when it cannot be rendered."""
    return _render_page(path, password, index, limits)


def _render_page(path: Path, password: str | None, index: int, limits: Limits) -> Any:
    """Page `index` as a greyscale picture at about 200 dpi (fewer pixels for a huge page), or None."""
    import pypdfium2 as pdfium

    from casefile.ocr.engine import MAX_READ_PIXELS

    with PDFIUM_LOCK:
        try:
            pdf = _open(path, password)
        except ImportFailedError:
            return None
        try:
            page = pdf[index]
            try:
                w, h = page.get_size()
                scale = 200 / 72
                budget = min(limits.max_image_pixels, MAX_READ_PIXELS // 2)
                if w * h * scale * scale > budget:
                    scale = (budget / max(w * h, 1)) ** 0.5
                return page.render(scale=scale, grayscale=True).to_pil()
            finally:
                page.close()
        except pdfium.PdfiumError:
            return None
        finally:
            pdf.close()


def _thumbnail(pdf: Any, px: int, warnings: list[str]) -> bytes | None:
    try:
        page = pdf[0]
        try:
            w, h = page.get_size()
            scale = px / max(w, h, 1)
            bitmap = page.render(scale=scale)
            image = bitmap.to_pil()
        finally:
            page.close()
        return png_thumbnail(image, px)
    except Exception as exc:  # a thumbnail is a convenience; its failure is not the file's
        warnings.append(f"no thumbnail: {exc}")
        return None


IMPORTER = PdfImporter()
