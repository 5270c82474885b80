"""The last step: lay the summary out in a QTextDocument and paint it page by page onto a PDF or a printer.

One layout engine serves both: the document is laid out against the target device, the pages where the
sections start are read back for the contents page and "Page X of Y", then every page is painted with our
own header and footer around the document's slice. Only QtGui / QtPrintSupport here (never QtWidgets);
everything runs on whichever thread calls it, so the GUI can use a worker.
"""

from __future__ import annotations

import logging
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
    QTextTable,
)

from casefile import __version__
from casefile.domain.errors import CaseFileError
from casefile.domain.sources import SummarySource
from casefile.reports.fonts import find_cjk_family, install_fallback, unprintable_scripts
from casefile.reports.options import SummaryOptions
from casefile.reports.summary_data import SummaryData, all_text, build_summary
from casefile.reports.summary_html import FONT, MUTED, RULE, build_html, contents_html
from casefile.reports.text_layer import mend_pdf_text_layer
from casefile.reports.timeline_graphic import paint_timeline_page

log = logging.getLogger(__name__)
# (pages done, pages, what is under way): the app's task runner reports it as is; a CLI print shows none
PaintProgress = Callable[[int, int, str], None]
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
_fallbacks: list[str] = []
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
            cjk = find_cjk_family()
            if cjk:
                _fallbacks.append(cjk)
                install_fallback(FONT, cjk)
            else:
                log.info("No CJK font installed (e.g. fonts-noto-cjk): Chinese, Japanese and Korean text "
                         "cannot be printed in summaries.")
        return sorted(set(_fonts_loaded))


def font_notices(data: SummaryData) -> tuple[str, ...]:
    """Sentences for the cover (and the log) naming the scripts in the material that no font can print."""
    register_fonts()
    scripts = unprintable_scripts(all_text(data), [FONT, *_fallbacks])
    if not scripts:
        return ()
    hint = " (install a font such as Noto CJK)" if any("Han" in s or "kana" in s or "Hangul" in s
                                                       for s in scripts) else ""
    line = (f"Some characters could not be printed and show as empty boxes: no installed font covers "
            f"{', '.join(scripts)}{hint}.")
    log.warning("Summary of %s: %s", data.title, line)
    return (line,)


# entry points -------------------------------------------------------------------------------------------
def write_pdf(case: SummarySource, path: Path | str, options: SummaryOptions, progress: PaintProgress | None = None,
              cancelled: Cancelled | None = None) -> int:
    """Write the summary of `case` to `path` as PDF; returns the number of pages.

    The file appears only when complete (written beside it, checked, synced, then renamed): Qt's PDF writer
    fails silently on a full disk, so the result must be a whole PDF of plausible size before it replaces the
    previous one. A failure or a cancel never leaves half a PDF or clobbers the previous one.
    """
    from casefile.storage.atomic import check_pdf, check_target, write_atomic

    ensure_app()
    path = Path(path).expanduser()
    check_target(path)
    data = _gather(case, options, progress, cancelled)
    pages = 0

    def write(part: Path) -> None:
        nonlocal pages
        writer = QPdfWriter(str(part))
        writer.setResolution(600)
        writer.setPageSize(QPageSize(PAPER[options.paper]))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
        writer.setTitle(f"{data.title} — case summary")
        writer.setCreator(f"CaseFile {__version__}")
        if options.author:
            writer.setAuthor(options.author)
        try:
            pages = paint_summary(data, writer, progress, cancelled)
        finally:
            del writer  # closes the file
        if pages:  # names in CJK scripts copy and search as printed (a failed write is left to `check_pdf`)
            mend_pdf_text_layer(part)

    write_atomic(path, write, lambda part: check_pdf(pages)(part))
    return pages


def print_summary(case: SummarySource, printer, options: SummaryOptions,  # noqa: ANN001 - a QPrinter
                  progress: PaintProgress | None = None, cancelled: Cancelled | None = None) -> int:
    """Send the summary to a configured QPrinter (from QPrintDialog); returns the number of pages."""
    ensure_app()
    data = _gather(case, options, progress, cancelled)
    printer.setDocName(f"{data.title} — case summary")
    printer.setCreator(f"CaseFile {__version__}")
    printer.setFullPage(True)  # we place our own margins, header and footer
    pages = paint_summary(data, printer, progress, cancelled)
    target = printer.outputFileName() if printer.outputFormat() == printer.OutputFormat.PdfFormat else ""
    if target and Path(target).is_file():  # "Print to file" as PDF: the same text layer as write_pdf's
        mend_pdf_text_layer(target)
    return pages


def _gather(case: SummarySource, options: SummaryOptions, progress: PaintProgress | None,
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
        built = build_html(data, font_notices(data))
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

    def paint(self, painter: QPainter, progress: PaintProgress | None = None,
              cancelled: Cancelled | None = None) -> None:
        check = _checker(cancelled)
        h = self.body.height()
        number = 0
        for section, doc in self.parts:
            continued = continued_rows(doc, h) if section == "chronology" else {}
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
                if i in continued:
                    self._continued_date(painter, *continued[i])
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

    def _continued_date(self, painter: QPainter, text: str, where: QRectF) -> None:
        """The date of a row split by a page break, repeated under the repeated table header."""
        painter.save()
        font = QFont(FONT)
        font.setPointSizeF(9)
        painter.setFont(font)
        painter.setPen(QColor(MUTED))
        where = where.translated(0, 1.5 * self.px_per_mm)  # the cell's own padding
        painter.drawText(where, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                         f"{text} (cont.)")
        painter.restore()

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


def continued_rows(doc: QTextDocument, page_h: float) -> dict[int, tuple[str, QRectF]]:
    """For each page (0-based) that opens in the middle of a table row: that row's first-cell text and where
    to repeat it (below the header Qt repeats), in document coordinates."""
    table = next((f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)), None)
    if table is None or table.rows() < 2:
        return {}
    layout = doc.documentLayout()
    ends: list[float] = []  # the bottom of the row's lowest text line
    texts: list[str] = []
    lefts: list[tuple[float, float]] = []
    date_ends: list[float] = []  # where the first cell's first line ends (Qt may push it to the next page)
    for r in range(table.rows()):
        cell = table.cellAt(r, 0)
        block = cell.firstCursorPosition().block()
        first = layout.blockBoundingRect(block)
        lines = block.layout()
        date_ends.append(first.top() + (lines.lineAt(0).rect().bottom() if lines.lineCount() else 0.0))
        ends.append(max(_cell_bottom(layout, table.cellAt(r, c)) for c in range(table.columns())))
        cursor = cell.firstCursorPosition()
        cursor.setPosition(cell.lastCursorPosition().position(), cursor.MoveMode.KeepAnchor)
        texts.append(" ".join(cursor.selectedText().replace("\u2029", " ").split()))
        second = table.cellAt(r, 1) if table.columns() > 1 else cell
        right = layout.blockBoundingRect(second.firstCursorPosition().block()).left()
        lefts.append((first.left(), right))
    header_h = layout.blockBoundingRect(table.cellAt(1, 0).firstCursorPosition().block()).top() - \
        layout.blockBoundingRect(table.cellAt(0, 0).firstCursorPosition().block()).top()
    bottom = layout.frameBoundingRect(table).bottom()
    out: dict[int, tuple[str, QRectF]] = {}
    for page in range(1, int(bottom // page_h) + 1):
        edge = page * page_h
        for r in range(1, table.rows()):
            if date_ends[r] < edge < ends[r] and texts[r]:
                left, right = lefts[r]
                out[page] = (texts[r], QRectF(left, edge + header_h, max(right - left - 8, 10), header_h * 4))
                break
    return out


def _cell_bottom(layout, cell) -> float:  # noqa: ANN001 - QAbstractTextDocumentLayout, QTextTableCell
    block = cell.firstCursorPosition().block()
    last = cell.lastCursorPosition().block().blockNumber()
    bottom = 0.0
    while block.isValid() and block.blockNumber() <= last:
        bottom = max(bottom, layout.blockBoundingRect(block).bottom())
        block = block.next()
    return bottom


def paint_summary(data: SummaryData, device: QPagedPaintDevice, progress: PaintProgress | None = None,
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
