"""An image fitted to the pane, zoomable with the wheel or buttons, with its EXIF details and the text OCR read.

Recognised words are selectable on the picture (press on a word and drag, as in a text) and in the text panel
below it; the two selections follow each other, and the panel's "New event" cites the selected words' exact
span of the exhibit's text, so a citation made on the picture is the same as one made in the text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QImageReader,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QTextCursor,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStyleOptionGraphicsItem,
    QWidget,
)

from casefile.domain.records import EvidenceRecord
from casefile.gui.buttons import tool_button
from casefile.gui.context import GuiContext
from casefile.gui.evidence.preview.common import from_qt, to_qt
from casefile.gui.evidence.preview.text_view import TextPreview
from casefile.gui.layout import flush_column

WORD_OUTLINE = QColor(59, 109, 179, 70)  # shows where text was recognised, without hiding the picture
SELECTED_FILL = QColor(59, 109, 179, 95)
CITED_FILL = QColor(255, 200, 0, 80)

_EXIF_KEYS = ("Make", "Model", "DateTimeOriginal", "DateTime", "Software", "Artist", "Copyright",
              "ImageDescription", "LensModel", "ExposureTime", "FNumber", "ISOSpeedRatings")


def read_image(path: Path) -> tuple[QImage, dict[str, str]]:
    """Worker job: the decoded image (QImage is safe off the GUI thread) and its EXIF tags as text."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        raise ValueError(f"The image could not be decoded: {reader.errorString()}")
    return image, read_exif(path)


def read_exif(path: Path) -> dict[str, str]:
    try:
        from PIL import ExifTags, Image

        with Image.open(path) as img:
            exif = img.getexif()
            tags: dict[str, str] = {}
            merged = dict(exif.items())
            try:
                merged.update(exif.get_ifd(ExifTags.IFD.Exif))
            except Exception:  # noqa: BLE001 - a broken sub-IFD must not hide the rest
                pass
            for key, value in merged.items():
                name = ExifTags.TAGS.get(key, str(key))
                if name in _EXIF_KEYS:
                    tags[name] = str(value).strip("\x00 ")[:120]
            try:
                gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
            except Exception:  # noqa: BLE001
                gps = {}
            if gps and 2 in gps and 4 in gps:
                tags["GPS"] = f"{_deg(gps[2], gps.get(1, 'N'))}, {_deg(gps[4], gps.get(3, 'E'))}"
            return tags
    except Exception:  # noqa: BLE001 - EXIF is a bonus; the image still shows
        return {}


def _deg(dms, ref: str) -> str:  # noqa: ANN001 - PIL rationals
    d, m, s = (float(x) for x in dms)
    value = d + m / 60 + s / 3600
    return f"{-value if ref in ('S', 'W') else value:.5f}"



class WordBox:
    """One recognised word: its span in the exhibit's text and its box in the picture's pixels."""

    __slots__ = ("start", "end", "rect")

    def __init__(self, start: int, end: int, rect: QRectF) -> None:
        self.start, self.end, self.rect = start, end, rect


def word_boxes(metadata: dict) -> list[WordBox]:
    """The word boxes the importer kept (`ocr.words`: [start, end, left, top, width, height]); bad rows skipped."""
    out: list[WordBox] = []
    for row in ((metadata.get("ocr") or {}).get("words") or []):
        try:
            start, end, left, top, width, height = (int(v) for v in row[:6])
        except (TypeError, ValueError):
            continue
        if 0 <= start < end:
            out.append(WordBox(start, end, QRectF(left, top, width, height)))
    return out


class WordLayer(QGraphicsItem):
    """All the words' boxes over the picture, painted in one go (a page of a document has thousands)."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[WordBox] = []
        self.selected: tuple[int, int] | None = None  # char span
        self.cited: list[tuple[int, int]] = []
        self._bounds = QRectF()

    def set_words(self, words: list[WordBox]) -> None:
        self.prepareGeometryChange()
        self.words = words
        self.selected = None
        self.cited = []
        bounds = QRectF()
        for w in words:
            bounds = bounds.united(w.rect)
        self._bounds = bounds.adjusted(-2, -2, 2, 2)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        outline = QPen(WORD_OUTLINE)
        outline.setCosmetic(True)
        for w in self.words:
            fill = None
            if self.selected and w.start < self.selected[1] and w.end > self.selected[0]:
                fill = SELECTED_FILL
            elif any(w.start < e and w.end > s for s, e in self.cited):
                fill = CITED_FILL
            painter.setPen(outline)
            painter.setBrush(fill if fill is not None else Qt.BrushStyle.NoBrush)
            painter.drawRect(w.rect.adjusted(-1, -1, 1, 1))

    def word_at(self, point: QPointF, slack: float = 4.0) -> int | None:
        """The index of the word under `point` (within `slack` pixels), or None."""
        for i, w in enumerate(self.words):
            if w.rect.adjusted(-slack, -slack, slack, slack).contains(point):
                return i
        return None

    def nearest(self, point: QPointF) -> int | None:
        """The word closest to `point`, preferring the line it is on (for dragging past a line's end)."""
        best, best_d = None, float("inf")
        for i, w in enumerate(self.words):
            r = w.rect
            dy = max(r.top() - point.y(), 0.0, point.y() - r.bottom())
            dx = max(r.left() - point.x(), 0.0, point.x() - r.right())
            d = dy * 4 + dx  # leaving a line vertically weighs more than moving along it
            if d < best_d:
                best, best_d = i, d
        return best

    def span(self, a: int, b: int) -> tuple[int, int]:
        lo, hi = min(a, b), max(a, b)
        return self.words[lo].start, self.words[hi].end

    def rect_of(self, start: int, end: int) -> QRectF:
        rect = QRectF()
        for w in self.words:
            if w.start < end and w.end > start:
                rect = rect.united(w.rect)
        return rect


class ImageView(QGraphicsView):
    """The picture: the wheel zooms; pressing on a word and dragging selects words; elsewhere a drag pans."""

    def __init__(self, owner: ImagePreview) -> None:
        super().__init__()
        self.owner = owner
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMouseTracking(True)
        self._anchor: int | None = None

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if steps:
            self.owner.set_zoom(self.owner.zoom_factor * (1.25 ** steps))
        event.accept()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        if self.owner.fit:
            self.owner.fit_to_pane()

    def _scene_point(self, pos: QPoint) -> QPointF:
        return self.mapToScene(pos)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        layer = self.owner.words
        if event.button() == Qt.MouseButton.LeftButton and layer.words:
            hit = layer.word_at(self._scene_point(event.position().toPoint()))
            if hit is not None:
                self._anchor = hit
                self.owner.select_span(*layer.span(hit, hit))
                self.setFocus()
                event.accept()
                return
            self.owner.select_span(None)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        layer = self.owner.words
        point = self._scene_point(event.position().toPoint())
        if self._anchor is not None:
            near = layer.nearest(point)
            if near is not None:
                self.owner.select_span(*layer.span(self._anchor, near))
            event.accept()
            return
        if layer.words and self.dragMode() != QGraphicsView.DragMode.NoDrag:
            over = layer.word_at(point) is not None
            self.viewport().setCursor(Qt.CursorShape.IBeamCursor if over else Qt.CursorShape.OpenHandCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._anchor is not None:
            self._anchor = None
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Copy) and self.owner.selected_text():
            QGuiApplication.clipboard().setText(self.owner.selected_text())
            event.accept()
            return
        super().keyPressEvent(event)


class ImagePreview(QWidget):
    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.zoom_factor = 1.0
        self.fit = True
        self.exif: dict[str, str] = {}
        self._evidence_id: int | None = None
        self.rec: EvidenceRecord | None = None
        self._syncing = False
        self.scene = QGraphicsScene(self)
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.item)
        self.words = WordLayer()
        self.scene.addItem(self.words)
        self.view = ImageView(self)
        self.view.setScene(self.scene)
        self.zoom_out_button = tool_button("Zoom out", "zoom.out")
        self.zoom_in_button = tool_button("Zoom in", "zoom.in")
        self.fit_button = tool_button("Fit to pane", "zoom.fit")
        self.actual_button = tool_button("Actual size", text="1:1")
        self.zoom_out_button.clicked.connect(lambda: self.set_zoom(self.zoom_factor / 1.25))
        self.zoom_in_button.clicked.connect(lambda: self.set_zoom(self.zoom_factor * 1.25))
        self.fit_button.clicked.connect(self.fit_to_pane)
        self.actual_button.clicked.connect(lambda: self.set_zoom(1.0))
        self.zoom_label = QLabel("")
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("3200 % (fit)") + 4)
        self.status = QLabel("")
        self.exif_label = QLabel("")
        self.exif_label.setWordWrap(True)
        self.exif_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # what OCR made of the picture: engine and confidence, nothing found, or what to install
        self.ocr_note = QLabel("")
        self.ocr_note.setWordWrap(True)
        self.ocr_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ocr_note.setAccessibleName("Recognised text")
        self.ocr_note.setContentsMargins(8, 4, 8, 4)
        self.text = TextPreview(gctx)  # the recognised text: selectable, citable, in sync with the boxes
        self.text.browser.selectionChanged.connect(self._text_selection_changed)
        self.text.loaded.connect(self._text_loaded)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.actual_button, self.zoom_label):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.status)
        picture = QWidget()
        self.exif_label.setContentsMargins(8, 4, 8, 4)
        flush_column(picture, bar, self.view, self.exif_label, self.ocr_note, grow=self.view)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(picture)
        self.splitter.addWidget(self.text)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        flush_column(self, self.splitter, grow=self.splitter)
        self.text.hide()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        """Text beside the picture when the pane is wide, below it when it is narrow: the picture keeps room."""
        super().resizeEvent(event)
        wide = self.width() >= 760 and self.width() >= 1.4 * self.height()
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)

    # loading ---------------------------------------------------------------------------------------
    def show_evidence(self, rec: EvidenceRecord, path: Path | None) -> None:
        """Show the picture and, when OCR read it, its words on it and its text below."""
        self.rec = rec
        boxes = word_boxes(rec.metadata)
        self.words.set_words(boxes)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self._show_ocr_note(rec.metadata)
        has_text = bool((rec.metadata.get("ocr") or {}).get("word_count"))
        self.text.setVisible(has_text)
        if has_text:
            self.text.show_evidence(rec)
        self.load(rec.id, path)

    def _show_ocr_note(self, meta: dict) -> None:
        """What OCR made of the picture (a missing Tesseract is said by the pane's "Noted while reading")."""
        ocr = meta.get("ocr") or {}
        if ocr.get("word_count"):
            note = f"Text recognised by OCR ({ocr.get('engine') or 'Tesseract'}, mean confidence " \
                   f"{float(ocr.get('confidence') or 0):.0f} %). Drag over the words to select and cite them."
            if ocr.get("low_confidence"):
                note = "Low confidence: check the recognised words against the picture before citing them. " + note
        elif ocr.get("timed_out"):
            note = "The text in this picture was not read: recognition took too long."
        elif ocr.get("reason"):  # too thin, too large, the engine failing: its true reason
            note = f"The text in this picture was not read: {ocr['reason']}."
        elif ocr:
            note = "No text was recognised in this picture."
        else:
            note = ""
        self.ocr_note.setText(note)
        self.ocr_note.setVisible(bool(note))
        self.ocr_note.setStyleSheet("background: #fdf1dc; color: #5c3b00;" if ocr.get("low_confidence") else "")

    def load(self, evidence_id: int, path: Path | None) -> None:
        self._evidence_id = evidence_id
        self.item.setPixmap(QPixmap())
        self.exif_label.setText("")
        if path is None or not path.is_file():
            self.status.setText("The stored original is missing.")
            return
        self.status.setText("Loading…")
        self.gctx.runner.run("Loading image", lambda _t: read_image(path),
                             lambda res: self._loaded(evidence_id, res), self.status.setText)

    def _loaded(self, evidence_id: int, result: tuple[QImage, dict[str, str]]) -> None:
        if evidence_id != self._evidence_id:
            return
        image, self.exif = result
        self.item.setPixmap(QPixmap.fromImage(image))
        self.scene.setSceneRect(self.item.boundingRect())
        self.status.setText(f"{image.width()} × {image.height()} px")
        self.exif_label.setText(
            "EXIF — " + " · ".join(f"{k}: {v}" for k, v in self.exif.items()) if self.exif else "No EXIF data."
        )
        self.fit_to_pane()

    def _text_loaded(self) -> None:
        self.words.cited = [(c.start, c.end) for c in self.text.cited]
        self.words.update()

    # selection: the picture's words and the text panel follow each other -----------------------------
    def select_span(self, start: int | None, end: int | None = None) -> None:
        """Select exhibit text [start, end) on the picture and in the text panel (None clears both)."""
        span = (start, end) if start is not None and end is not None and end > start else None
        self.words.selected = span
        self.words.update()
        if not self.text.text:
            return
        self._syncing = True
        try:
            cursor = QTextCursor(self.text.browser.document())
            if span is not None:
                cursor.setPosition(to_qt(self.text.text, span[0]))
                cursor.setPosition(to_qt(self.text.text, span[1]), QTextCursor.MoveMode.KeepAnchor)
            self.text.browser.setTextCursor(cursor)
            if span is not None:
                self.text.browser.ensureCursorVisible()
        finally:
            self._syncing = False

    def _text_selection_changed(self) -> None:
        if self._syncing:
            return
        cursor = self.text.browser.textCursor()
        if not cursor.hasSelection():
            self.words.selected = None
        else:
            self.words.selected = (from_qt(self.text.text, cursor.selectionStart()),
                                   from_qt(self.text.text, cursor.selectionEnd()))
            rect = self.words.rect_of(*self.words.selected)
            if not rect.isEmpty():
                self.view.ensureVisible(rect, 24, 24)
        self.words.update()

    def selected_text(self) -> str:
        span = self.words.selected
        return self.text.text[span[0]:span[1]] if span and self.text.text else ""

    def highlight(self, start: int, end: int) -> None:
        """Bring a cited span into view on the picture and in the text (for `bus.open_citation`)."""
        self.text.highlight(start, end)
        self.words.selected = (start, end)
        self.words.update()
        rect = self.words.rect_of(start, end)
        if not rect.isEmpty():
            self.view.ensureVisible(rect, 24, 24)

    # zoom ------------------------------------------------------------------------------------------
    def has_image(self) -> bool:
        return not self.item.pixmap().isNull()

    def fit_to_pane(self) -> None:
        if not self.has_image():
            return
        self.fit = True
        self.view.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)
        self.zoom_factor = self.view.transform().m11()
        self._show_zoom()

    def set_zoom(self, factor: float) -> None:
        if not self.has_image():
            return
        self.fit = False
        self.zoom_factor = max(0.02, min(factor, 32.0))
        self.view.resetTransform()
        self.view.scale(self.zoom_factor, self.zoom_factor)
        self._show_zoom()

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"{self.zoom_factor * 100:.0f} %" + (" (fit)" if self.fit else ""))
