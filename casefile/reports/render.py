"""The last step: lay the summary out in a QTextDocument and paint it page by page onto a PDF or a printer.

One layout engine serves both: the document is laid out against the target device, the pages where the
sections start are read back for the contents page and "Page X of Y", then every page is painted with our
own header and footer around the document's slice. Only QtGui / QtPrintSupport here (never QtWidgets);
everything runs on whichever thread calls it, so the GUI can use a worker.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextOption,
)

from casefile import __version__
from casefile.domain.errors import CaseFileError
from casefile.reports.options import SummaryOptions
from casefile.reports.summary_data import SummaryData, build_summary
from casefile.reports.summary_html import FONT, MUTED, RULE, build_html, contents_html
from casefile.reports.timeline_graphic import paint_timeline_page

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf",
              "DejaVuSansMono.ttf")
MM_PER_INCH = 25.4
MARGIN_MM = {"top": 24.0, "bottom": 20.0, "left": 20.0, "right": 20.0}
HEADER_MM = 13.0  # header baseline from the top of the paper
FOOTER_MM = 11.0  # footer baseline from the bottom of the paper
PAPER = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}

_fonts_lock = threading.Lock()
_fonts_loaded: list[str] = []
_app: QGuiApplication | None = None


class SummaryCancelled(CaseFileError):
    def __init__(self) -> None:
        super().__init__("Printing the summary was cancelled.")


# set-up -------------------------------------------------------------------------------------------------
def ensure_app() -> QCoreApplication:
    """A QGuiApplication for headless use (the CLI); offscreen when there is no display to talk to."""
    global _app
    app = QCoreApplication.instance()
    if app is not None:
        if not isinstance(app, QGuiApplication):
            raise RuntimeError("Printing a summary needs a QGuiApplication, not a QCoreApplication.")
        return app
    if sys.platform.startswith("linux") and "QT_QPA_PLATFORM" not in os.environ and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _app = QGuiApplication([sys.argv[0] if sys.argv else "casefile"])
    return _app


def register_fonts() -> list[str]:
    """Load the bundled fonts once (any thread), so every PDF embeds the same faces whatever the machine has."""
    with _fonts_lock:
        if not _fonts_loaded:
            folder = resources.files("casefile") / "assets" / "fonts"
            for name in FONT_FILES:
                data = (folder / name).read_bytes()
                fid = QFontDatabase.addApplicationFontFromData(data)
                if fid >= 0:
                    _fonts_loaded.extend(QFontDatabase.applicationFontFamilies(fid))
        return sorted(set(_fonts_loaded))


# entry points -------------------------------------------------------------------------------------------
def write_pdf(case, path: Path | str, options: SummaryOptions, progress: Progress | None = None,  # noqa: ANN001
              cancelled: Cancelled | None = None) -> int:
    """Write the summary of `case` to `path` as PDF; returns the number of pages.

    The file appears only when complete (written beside it, then renamed), so a failure or a cancel never
    leaves half a PDF or clobbers the previous one.
    """
    ensure_app()
    path = Path(path)
    if not path.parent.is_dir():
        raise CaseFileError(f"Cannot write '{path}': the folder '{path.parent}' does not exist.")
    data = _gather(case, options, progress, cancelled)
    part = path.with_name(f".{path.name}.part")
    writer = QPdfWriter(str(part))
    try:
        writer.setResolution(600)
        writer.setPageSize(QPageSize(PAPER[options.paper]))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
        writer.setTitle(f"{data.title} — case summary")
        writer.setCreator(f"CaseFile {__version__}")
        if options.author:
            writer.setAuthor(options.author)
        pages = paint_summary(data, writer, progress, cancelled)
    except BaseException:
        del writer
        part.unlink(missing_ok=True)
        raise
    del writer  # closes the file
    try:
        os.replace(part, path)
    except OSError:
        part.unlink(missing_ok=True)
        raise
    return pages


def print_summary(case, printer, options: SummaryOptions, progress: Progress | None = None,  # noqa: ANN001
                  cancelled: Cancelled | None = None) -> int:
    """Send the summary to a configured QPrinter (from QPrintDialog); returns the number of pages."""
    ensure_app()
    data = _gather(case, options, progress, cancelled)
    printer.setDocName(f"{data.title} — case summary")
    printer.setCreator(f"CaseFile {__version__}")
    printer.setFullPage(True)  # we place our own margins, header and footer
    return paint_summary(data, printer, progress, cancelled)


def _gather(case, options: SummaryOptions, progress: Progress | None,  # noqa: ANN001
            cancelled: Cancelled | None) -> SummaryData:
    check = _checker(cancelled)
    if progress:
        progress(0, 0, "Reading the case…")
    return build_summary(case, options, check=check)


def _checker(cancelled: Cancelled | None) -> Callable[[], None]:
    def check() -> None:
        if cancelled is not None and cancelled():
            raise SummaryCancelled()
    return check


# layout and painting ------------------------------------------------------------------------------------
class PagedSummary:
    """The summary laid out for one device: one document per section, where each starts, how to paint it."""

    def __init__(self, data: SummaryData, device: QPagedPaintDevice,
                 cancelled: Cancelled | None = None) -> None:
        register_fonts()
        check = _checker(cancelled)
        self.data = data
        self.device = device
        # QPdfWriter and QPrinter, the only devices passed here, both have resolution(); their common base
        # QPagedPaintDevice does not declare it.
        dpi = device.resolution()  # type: ignore[attr-defined]
        self.px_per_mm = dpi / MM_PER_INCH
        full = device.pageLayout().fullRectPixels(dpi)
        self.page_w, self.page_h = float(full.width()), float(full.height())
        mm = self.px_per_mm
        self.left, self.top = MARGIN_MM["left"] * mm, MARGIN_MM["top"] * mm
        self.body = QSizeF(self.page_w - (MARGIN_MM["left"] + MARGIN_MM["right"]) * mm,
                           self.page_h - (MARGIN_MM["top"] + MARGIN_MM["bottom"]) * mm)
        built = build_html(data)
        self.parts: list[tuple[str, QTextDocument]] = []
        for section, html in built.parts:
            check()
            doc = self._document(html, built.images if section == "exhibits" else {})
            doc.pageCount()  # lays it out
            self.parts.append((section, doc))
        if data.options.has("contents"):
            at = 1 if data.options.has("cover") else 0
            self.parts.insert(at, ("contents", self._document(contents_html(data, None))))
            for _ in range(3):  # placeholders are as wide as the numbers; a second round is only a guard
                doc = self._document(contents_html(data, self._starts()))
                same = doc.pageCount() == self.parts[at][1].pageCount()
                self.parts[at] = ("contents", doc)
                if same:
                    break
        self.section_pages = self._starts()
        self.page_count = sum(doc.pageCount() for _s, doc in self.parts) + (1 if data.timeline else 0)

    def _document(self, html: str, images: dict[str, bytes] | None = None) -> QTextDocument:
        doc = QTextDocument()
        doc.setUndoRedoEnabled(False)
        doc.documentLayout().setPaintDevice(self.device)
        doc.setDocumentMargin(0)
        doc.setDefaultFont(QFont(FONT, 9))
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(opt)
        doc.setPageSize(self.body)
        for name, png in (images or {}).items():
            # The stub types `format` as bytes, but PySide6 6.11 rejects bytes there and accepts str.
            image = QImage.fromData(png, "PNG")  # type: ignore[arg-type]
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        doc.setHtml(html)
        return doc

    def _starts(self) -> dict[str, int]:
        """1-based first page of each section."""
        starts: dict[str, int] = {}
        page = 1
        for section, doc in self.parts:
            starts[section] = page
            page += doc.pageCount()
        return starts

    def paint(self, painter: QPainter, progress: Progress | None = None,
              cancelled: Cancelled | None = None) -> None:
        check = _checker(cancelled)
        h = self.body.height()
        number = 0
        for _section, doc in self.parts:
            for i in range(doc.pageCount()):
                check()
                if number:
                    self.device.newPage()
                number += 1
                self._header(painter)
                painter.save()
                painter.translate(self.left, self.top - i * h)
                # a hair inside the page: a line that starts exactly at the next page's top (within
                # rounding) must not be drawn, clipped yet still extractable, at the bottom of this one
                doc.drawContents(painter, QRectF(0, i * h + 2, self.body.width(), h - 4))
                painter.restore()
                self._footer(painter, number)
                if progress and (number % 5 == 0 or number == self.page_count):
                    progress(number, self.page_count, f"Page {number} of {self.page_count}")
        self._timeline_page(painter, number)

    def _timeline_page(self, painter: QPainter, number: int) -> None:
        """The timeline graphic on a last page of its own (the same drawing as the app's visual timeline)."""
        if self.data.timeline is None:
            return
        if number:
            self.device.newPage()
        self._header(painter)
        paint_timeline_page(painter, self.data.timeline, self.left, self.top, self.body.width(),
                            self.body.height(), self.px_per_mm, FONT)
        self._footer(painter, number + 1)

    def _pen_and_font(self, painter: QPainter) -> QFontMetricsF:
        font = QFont(FONT)
        font.setPointSizeF(7.5)
        painter.setFont(font)
        painter.setPen(QColor(MUTED))
        return QFontMetricsF(font, self.device)

    def _rule(self, painter: QPainter, y: float) -> None:
        pen = QPen(QColor(RULE))
        pen.setWidthF(0.25 * self.px_per_mm)
        painter.setPen(pen)
        painter.drawLine(QPointF(self.left, y), QPointF(self.page_w - MARGIN_MM["right"] * self.px_per_mm, y))

    def _header(self, painter: QPainter) -> None:
        """Case title left, "Case summary" right, a thin rule below (painted first: it reads first)."""
        mm = self.px_per_mm
        painter.save()
        fm = self._pen_and_font(painter)
        right = self.page_w - MARGIN_MM["right"] * mm
        y = HEADER_MM * mm
        title = fm.elidedText(self.data.title, Qt.TextElideMode.ElideRight, (right - self.left) * 0.7)
        painter.drawText(QPointF(self.left, y), title)
        label = "Case summary"
        painter.drawText(QPointF(right - fm.horizontalAdvance(label), y), label)
        self._rule(painter, y + 2.2 * mm)
        painter.restore()

    def _footer(self, painter: QPainter, page: int) -> None:
        """Print date left, "Page X of Y" right, a thin rule above."""
        mm = self.px_per_mm
        painter.save()
        fm = self._pen_and_font(painter)
        right = self.page_w - MARGIN_MM["right"] * mm
        y = self.page_h - FOOTER_MM * mm
        painter.drawText(QPointF(self.left, y), f"Printed {self.data.printed} with CaseFile")
        number = f"Page {page} of {self.page_count}"
        painter.drawText(QPointF(right - fm.horizontalAdvance(number), y), number)
        self._rule(painter, y - fm.ascent() - 2.0 * mm)
        painter.restore()


def paint_summary(data: SummaryData, device: QPagedPaintDevice, progress: Progress | None = None,
                  cancelled: Cancelled | None = None) -> int:
    """Lay `data` out for `device` and paint every page; returns the page count."""
    _checker(cancelled)()
    if progress:
        progress(0, 0, "Laying out pages…")
    paged = PagedSummary(data, device, cancelled)
    _checker(cancelled)()
    painter = QPainter()
    if not painter.begin(device):
        raise CaseFileError("Cannot write the summary there (the file or printer could not be opened).")
    try:
        paged.paint(painter, progress, cancelled)
    finally:
        painter.end()
    return paged.page_count
