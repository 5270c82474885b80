"""An image fitted to the pane, zoomable with the wheel or buttons, with its EXIF details."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QImageReader, QPainter, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casefile.gui.context import GuiContext
from casefile.gui.icons import icon

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


class ImageView(QGraphicsView):
    def __init__(self, owner: ImagePreview) -> None:
        super().__init__()
        self.owner = owner
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.owner.set_zoom(self.owner.zoom_factor * (1.25 ** steps))
        event.accept()

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        if self.owner.fit:
            self.owner.fit_to_pane()


class ImagePreview(QWidget):
    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.zoom_factor = 1.0
        self.fit = True
        self.exif: dict[str, str] = {}
        self._evidence_id: int | None = None
        self.scene = QGraphicsScene(self)
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.item)
        self.view = ImageView(self)
        self.view.setScene(self.scene)
        self.zoom_out_button = QToolButton(icon=icon("zoom.out"), toolTip="Zoom out")
        self.zoom_in_button = QToolButton(icon=icon("zoom.in"), toolTip="Zoom in")
        self.fit_button = QToolButton(icon=icon("zoom.fit"), toolTip="Fit to pane")
        self.actual_button = QToolButton(text="1:1", toolTip="Actual size")
        self.zoom_out_button.clicked.connect(lambda: self.set_zoom(self.zoom_factor / 1.25))
        self.zoom_in_button.clicked.connect(lambda: self.set_zoom(self.zoom_factor * 1.25))
        self.fit_button.clicked.connect(self.fit_to_pane)
        self.actual_button.clicked.connect(lambda: self.set_zoom(1.0))
        self.zoom_label = QLabel("")
        self.status = QLabel("")
        self.exif_label = QLabel("")
        self.exif_label.setWordWrap(True)
        self.exif_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.actual_button, self.zoom_label):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.status)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        self.exif_label.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(self.exif_label)

    def load(self, evidence_id: int, path: Path | None) -> None:
        self._evidence_id = evidence_id
        self.item.setPixmap(QPixmap())
        self.exif_label.setText("")
        if path is None or not path.is_file():
            self.status.setText("The stored original is missing.")
            return
        self.status.setText("Loading…")
        self.gctx.runner.run("Loading image", lambda _t: read_image(path),
                             lambda res, eid=evidence_id: self._loaded(eid, res), self.status.setText)

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
