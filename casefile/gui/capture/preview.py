"""A captured web page in the Evidence tab: the page as it looked (its stored screenshot), its text to cite from,
and *Open live page*, which alone hands the address to the system's browser. Nothing here loads from the
network: the picture is the stored original, read from the evidence store."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.records import EvidenceRecord
from casefile.gui.context import GuiContext
from casefile.gui.evidence.preview.text_view import TextPreview
from casefile.gui.icons import icon


class CapturePreview(QWidget):
    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.rec: EvidenceRecord | None = None
        self.where = QLabel("")
        self.where.setTextFormat(Qt.TextFormat.RichText)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.live = QPushButton(icon("capture.live"), "Open live page")
        self.live.setToolTip("Open the address in your web browser (goes online; the capture stays as it was)")
        self.live.clicked.connect(self.open_live)
        top = QHBoxLayout()
        top.setContentsMargins(8, 4, 8, 4)
        top.addWidget(self.where, 1)
        top.addWidget(self.live)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.picture.setAccessibleName("Captured page")
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        self.text = TextPreview(gctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(scroll, "Page as captured")
        self.tabs.addTab(self.text, "Text")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)

    def show_evidence(self, rec: EvidenceRecord) -> None:
        self.rec = rec
        cap = rec.metadata.get("capture") or {}
        when = str(cap.get("ended", "")).replace("T", " ")[:19]
        self.where.setText(f"Captured from <b>{html.escape(rec.url)}</b>" + (f" at {when} UTC" if when else ""))
        self.live.setEnabled(rec.url.startswith(("http://", "https://")))
        path = self.gctx.case.captures.part_path(rec.id, "png")
        pixmap = QPixmap(str(path)) if path is not None else QPixmap()
        if pixmap.isNull():
            self.picture.setText("The screenshot of this capture is missing; its text and other parts remain.")
        else:
            self.picture.setPixmap(pixmap)
        self.text.show_evidence(rec)
        self.tabs.setCurrentIndex(0)

    def highlight(self, start: int, end: int) -> None:
        self.tabs.setCurrentWidget(self.text)
        self.text.highlight(start, end)

    def open_live(self) -> None:
        if self.rec is not None and self.rec.url.startswith(("http://", "https://")):
            QDesktopServices.openUrl(QUrl(self.rec.url))


def add_capture_rows(form: QFormLayout, gctx: GuiContext, rec: EvidenceRecord) -> None:
    """The capture's address, time, status, engine and every part's hash, in the details pane."""
    if "capture" not in rec.metadata:
        return
    details = gctx.case.captures.details(rec.id)
    if details is None:
        return

    def fixed(text: str) -> QLineEdit:
        field = QLineEdit(text)
        field.setReadOnly(True)
        field.setFrame(False)
        field.setCursorPosition(0)
        return field

    form.addRow("Address", fixed(details.address))
    if details.final_address != details.address:
        form.addRow("Redirected to", fixed(details.final_address))
    for hop in details.redirects[:-1]:
        form.addRow("Redirect", fixed(hop))
    form.addRow("Captured at", QLabel(details.captured_at.replace("T", " ").replace("Z", " UTC")))
    form.addRow("HTTP status", QLabel(str(details.status)))
    form.addRow("Engine", fixed(details.engine))
    form.addRow("Manifest SHA-256", fixed(details.manifest_sha256))
    for label, sha, exhibit in details.parts:
        form.addRow(f"Ex. {exhibit}", fixed(f"{label}: {sha}"))
