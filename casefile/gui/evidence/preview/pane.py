"""The preview beside the evidence table: picks the view that suits the exhibit, with its details below."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QStackedWidget, QTabWidget, QWidget

from casefile.domain.enums import EvidenceKind
from casefile.domain.printable import printable
from casefile.domain.records import EvidenceRecord, page_at
from casefile.gui.capture.preview import CapturePreview
from casefile.gui.context import GuiContext
from casefile.gui.elided import ElidedLabel, mute
from casefile.gui.evidence.labels import display_title, read_failure, read_warnings
from casefile.gui.evidence.preview.details import DetailsPanel
from casefile.gui.evidence.preview.image_view import ImagePreview
from casefile.gui.evidence.preview.pdf_view import PdfPreview
from casefile.gui.evidence.preview.text_view import TextPreview
from casefile.gui.layout import flush_column

EMPTY_HINT = "Select an exhibit to read it here.\nCited passages are highlighted; select text to cite it."


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setMargin(24)
    return mute(label)


def email_header_html(rec: EvidenceRecord) -> str:
    """The header block people expect above a message: From, To, Cc, Date, Subject (empty ones left out)."""
    m = rec.metadata

    def joined(value: object) -> str:
        return ", ".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value or "")

    date = rec.published.display() if rec.published else str(m.get("date") or "")
    if rec.published and m.get("utc_offset"):
        date += f" (UTC{str(m['utc_offset'])[:3]}:{str(m['utc_offset'])[3:]})"
    rows = [("From", joined(m.get("from")) or rec.author), ("To", joined(m.get("to"))), ("Cc", joined(m.get("cc"))),
            ("Date", date), ("Subject", str(m.get("subject") or rec.title))]
    cells = "".join(
        f'<tr><td style="padding: 1px 10px 1px 0; color: #808080;" align="right">{label}</td>'
        f"<td style=\"padding: 1px 0;\">{'<b>' if label == 'Subject' else ''}{html.escape(printable(value))}"
        f"{'</b>' if label == 'Subject' else ''}</td></tr>"
        for label, value in rows if value.strip())
    return f'<table cellspacing="0" cellpadding="0">{cells}</table>' if cells else ""


class PreviewPane(QWidget):
    edit_requested = Signal()

    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.rec: EvidenceRecord | None = None
        self.title = ElidedLabel("")
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600; padding: 4px 8px 4px 8px;")
        self.problem = QLabel("")  # why the file could not be read, or what the importer noticed
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.setAccessibleName("Reading problem")
        self.problem.hide()
        self.email_header = QLabel("")  # From / To / Cc / Date / Subject above an e-mail's text
        self.email_header.setTextFormat(Qt.TextFormat.RichText)
        self.email_header.setWordWrap(True)
        self.email_header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.email_header.setAccessibleName("E-mail header")
        self.email_header.setContentsMargins(10, 4, 10, 6)
        self.email_header.hide()
        self.empty = _hint(EMPTY_HINT)
        self.no_preview = _hint("")
        self.text = TextPreview(gctx)
        self.pdf = PdfPreview()
        self.pdf_text = TextPreview(gctx)
        self.pdf_tabs = QTabWidget()
        self.pdf_tabs.setDocumentMode(True)
        self.pdf_tabs.addTab(self.pdf, "Pages")
        self.pdf_tabs.addTab(self.pdf_text, "Text")
        self.image = ImagePreview(gctx)
        self.capture_view = CapturePreview(gctx)
        self._media = None
        self.content = QStackedWidget()
        for w in (self.empty, self.text, self.pdf_tabs, self.image, self.no_preview, self.capture_view):
            self.content.addWidget(w)
        self.details = DetailsPanel(gctx)
        self.details.edit_requested.connect(self.edit_requested)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.details)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details_scroll = scroll
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.content)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 220])
        flush_column(self, self.title, self.problem, self.email_header, self.splitter, grow=self.splitter)
        self.clear()

    @property
    def media(self):  # noqa: ANN201 - MediaPreview, built on first use so QtMultimedia loads lazily
        if self._media is None:
            from casefile.gui.evidence.preview.media_player import MediaPreview

            self._media = MediaPreview(self.gctx)
            self.content.addWidget(self._media)
        return self._media

    def clear(self) -> None:
        self.rec = None
        self.title.setText("")
        self.title.hide()
        self.problem.hide()
        self.email_header.hide()
        self.content.setCurrentWidget(self.empty)
        self.details_scroll.hide()
        if self._media is not None:
            self._media.stop()

    def is_pdf(self, rec: EvidenceRecord) -> bool:
        return bool(rec.sha256) and rec.media_type == "application/pdf"

    def show_evidence(self, rec: EvidenceRecord) -> None:
        if self._media is not None and (self.rec is None or self.rec.id != rec.id):
            self._media.stop()
        self.rec = rec
        self.title.setText(f"Ex. {rec.exhibit} — {display_title(rec)}")
        self.title.show()
        self._show_problem(rec)
        header = email_header_html(rec) if rec.kind is EvidenceKind.EMAIL else ""
        self.email_header.setText(header)
        self.email_header.setVisible(bool(header))
        self.details_scroll.show()
        self.details.show_evidence(rec)
        path = self.gctx.case.evidence.original_path(rec.id)
        if self.is_pdf(rec):
            self.pdf.load(path)
            ocr = self.pdf.show_ocr_note(rec.metadata)
            self.pdf_tabs.setTabText(1, "Text (OCR)" if ocr else "Text")
            self.pdf_text.show_evidence(rec)
            self.pdf_tabs.setCurrentWidget(self.pdf)
            self.content.setCurrentWidget(self.pdf_tabs)
        elif rec.kind is EvidenceKind.IMAGE and rec.sha256:
            self.image.show_evidence(rec, path)
            self.content.setCurrentWidget(self.image)
        elif rec.kind in (EvidenceKind.AUDIO, EvidenceKind.VIDEO) and rec.sha256:
            self.media.show_evidence(rec, path)
            self.content.setCurrentWidget(self.media)
        elif rec.kind is EvidenceKind.WEB_PAGE:  # from the stored screenshot and text; nothing loads online
            self.capture_view.show_evidence(rec)
            self.content.setCurrentWidget(self.capture_view)
        else:
            self.text.show_evidence(rec)
            self.content.setCurrentWidget(self.text)

    def _show_problem(self, rec: EvidenceRecord) -> None:
        failure = read_failure(rec)
        notes = read_warnings(rec)
        if failure:
            self.problem.setText(f"<b>Could not be read:</b> {html.escape(failure)}.<br/>The original is kept "
                                 "unchanged (see its hash below); use <i>Open original</i> to view it elsewhere.")
            self.problem.setStyleSheet("background: #fdf1dc; color: #5c3b00; padding: 6px 10px;")
        elif notes:
            self.problem.setText("<b>Noted while reading:</b> " + html.escape("; ".join(notes)) + ".")
            self.problem.setStyleSheet("background: #f4f4f4; color: #444; padding: 4px 10px;")
        self.problem.setVisible(bool(failure or notes))

    def show_citation(self, start: int | None, end: int | None, page: int | None = None,
                      time_ms: int | None = None) -> None:
        """Bring the cited passage, page or moment of the shown exhibit into view."""
        rec = self.rec
        if rec is None:
            return
        has_span = start is not None and end is not None and start >= 0 and end >= start
        if self.is_pdf(rec):
            if page is None and has_span:
                page = page_at(rec.metadata.get("page_starts"), start or 0)
            if has_span:
                self.pdf_text.highlight(start or 0, end or 0)
            if page is not None:
                self.pdf.go_to_page(page)
                self.pdf_tabs.setCurrentWidget(self.pdf)
            elif has_span:
                self.pdf_tabs.setCurrentWidget(self.pdf_text)
        elif self.content.currentWidget() is self.image and has_span:
            self.image.highlight(start or 0, end or 0)
        elif self.content.currentWidget() is self.capture_view and has_span:
            self.capture_view.highlight(start or 0, end or 0)
        elif self.content.currentWidget() is self.text and has_span:
            self.text.highlight(start or 0, end or 0)
        elif self._media is not None and self.content.currentWidget() is self._media and time_ms is not None:
            self._media.seek(time_ms)
