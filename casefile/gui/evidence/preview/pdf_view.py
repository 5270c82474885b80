"""PDF pages rendered by QtPdf from the stored original, with page navigation and zoom.

A scan's pages carry no text; the text OCR recognised on them is in the pane's Text (OCR) tab, selectable and
citable, and a note above the pages says so.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from casefile.gui.buttons import tool_button
from casefile.gui.icons import icon
from casefile.gui.layout import flush_column

_ERRORS = {
    QPdfDocument.Error.FileNotFound: "the file was not found",
    QPdfDocument.Error.InvalidFileFormat: "it is damaged or not a PDF",
    QPdfDocument.Error.DataNotYetAvailable: "it is still being written",
    QPdfDocument.Error.Unknown: "an unknown error",
}
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)


def page_ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5] as "1–3, 5"."""
    out: list[str] = []
    run: list[int] = []
    for p in sorted(set(pages)):
        if run and p == run[-1] + 1:
            run.append(p)
            continue
        if run:
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [p]
    if run:
        out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)


class PdfPreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        nav = self.view.pageNavigator()
        nav.currentPageChanged.connect(self._page_changed)

        self.prev_button = tool_button("Previous page", text="‹")
        self.next_button = tool_button("Next page", text="›")
        self.prev_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.page_spin = QSpinBox()
        self.page_spin.setRange(1, 1)
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.valueChanged.connect(self.go_to_page)
        self.count_label = QLabel("of 0")
        self.zoom_out_button = tool_button("Zoom out", "zoom.out")
        self.zoom_in_button = tool_button("Zoom in", "zoom.in")
        self.fit_button = tool_button("Fit to width", "zoom.fit")
        self.zoom_out_button.clicked.connect(lambda: self.zoom(-1))
        self.zoom_in_button.clicked.connect(lambda: self.zoom(+1))
        self.fit_button.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.zoom_label = QLabel("")
        # a message under the bar, wrapped, so it is never cut off beside the controls
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setContentsMargins(8, 4, 8, 4)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("Password")
        self.password_edit.setAccessibleName("PDF password")
        self.password_edit.returnPressed.connect(self.unlock)
        self.unlock_button = QPushButton(icon("verify"), "Open")
        self.unlock_button.setToolTip("Open the PDF with this password (it is not stored)")
        self.unlock_button.clicked.connect(self.unlock)
        self.password_row = QWidget()
        pr = QHBoxLayout(self.password_row)
        pr.setContentsMargins(8, 0, 8, 6)
        pr.addWidget(QLabel("Password:"))
        pr.addWidget(self.password_edit, 1)
        pr.addWidget(self.unlock_button)
        self.password_row.hide()
        self._path: Path | None = None
        self.controls = QWidget()
        bar = QHBoxLayout(self.controls)
        bar.setContentsMargins(6, 4, 6, 4)
        for w in (self.prev_button, QLabel("Page"), self.page_spin, self.count_label, self.next_button):
            bar.addWidget(w)
        bar.addSpacing(16)
        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.zoom_label):
            bar.addWidget(w)
        bar.addStretch(1)
        lay = flush_column(self, self.controls, self.status, self.password_row, self.view, grow=self.view)
        lay.addStretch(0)  # takes the room when there are no pages to show
        self.view.zoomFactorChanged.connect(self._zoom_changed)

    def load(self, path: Path | None, password: str = "") -> bool:
        """Show the PDF at `path`; a password-protected one asks for its password (never stored)."""
        self.document.close()
        self._path = path
        self.password_row.hide()
        if path is None or not path.is_file():
            self._say("The stored original is missing.")
            self._update_controls()
            return False
        self.document.setPassword(password)
        error = self.document.load(str(path))
        ok = error == QPdfDocument.Error.None_
        if ok:
            self._say("")
        elif error == QPdfDocument.Error.IncorrectPassword:
            self._say("This PDF is protected by a password. Enter it to see the pages; the stored original "
                      "stays as it is." if not password else "That password did not open the PDF. Try again.")
            self.password_row.show()
            self.password_edit.selectAll()
        elif error == QPdfDocument.Error.UnsupportedSecurityScheme:
            self._say("This PDF uses a kind of protection that cannot be opened here; use Open original.")
        else:
            self._say(f"The PDF could not be opened: {_ERRORS.get(error, error.name)}. The stored original is "
                      "kept unchanged; use Open original to try another program.")
        self._update_controls()
        if ok:
            self.go_to_page(1)
        return ok

    def show_ocr_note(self, metadata: dict) -> bool:
        """Say which pages' text was recognised by OCR (when the PDF opened); True when some was."""
        ocr = metadata.get("ocr") or {}
        pages = [p for p in ocr.get("pages") or [] if isinstance(p, int)]
        if not pages:
            return False
        if self.status.text():  # an error or a password prompt says more
            return True
        note = f"Text recognised by OCR on {'page' if len(pages) == 1 else 'pages'} {page_ranges(pages)} " \
               f"({ocr.get('engine') or 'Tesseract'}, mean confidence {float(ocr.get('confidence') or 0):.0f} %): " \
               "select and cite it in the Text (OCR) tab."
        if ocr.get("low_confidence"):
            note = "Low confidence: check the recognised text against the pages before citing it. " + note
        self._say(note)
        return True

    def unlock(self) -> bool:
        """Try the typed password."""
        password = self.password_edit.text()
        self.password_edit.clear()
        return self.load(self._path, password) if password else False

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        """The 1-based page the view is on."""
        return self.view.pageNavigator().currentPage() + 1

    def go_to_page(self, page: int) -> None:
        count = self.page_count()
        if count <= 0:
            return
        page = max(1, min(page, count))
        self.view.pageNavigator().jump(page - 1, QPointF(), self.view.pageNavigator().currentZoom())
        self._page_changed(page - 1)

    def zoom(self, direction: int) -> None:
        current = self.view.zoomFactor()
        if direction > 0:
            nxt = next((z for z in ZOOM_STEPS if z > current + 1e-3), ZOOM_STEPS[-1])
        else:
            nxt = next((z for z in reversed(ZOOM_STEPS) if z < current - 1e-3), ZOOM_STEPS[0])
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(nxt)

    def _zoom_changed(self, factor: float) -> None:
        custom = self.view.zoomMode() == QPdfView.ZoomMode.Custom
        self.zoom_label.setText(f"{factor * 100:.0f} %" if custom else "Fit width")

    def _page_changed(self, page0: int) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(page0 + 1)
        self.page_spin.blockSignals(False)
        self.prev_button.setEnabled(page0 > 0)
        self.next_button.setEnabled(page0 + 1 < self.page_count())

    def _update_controls(self) -> None:
        count = self.page_count()
        self.controls.setVisible(count > 0)  # never "Page 1 of 0"
        self.view.setVisible(count > 0)
        self.page_spin.setRange(1, max(1, count))
        self.page_spin.setEnabled(count > 0)
        self.count_label.setText(f"of {count}")
        self._page_changed(0)
        self._zoom_changed(self.view.zoomFactor())
