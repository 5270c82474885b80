"""Drops anywhere on the window: collect local paths, web links or text and hand them on; never parse here.

One filter on the application sees drag events for every widget of the window, so a drop on a table, a
preview or an empty pane all import. Text dropped on an editable text field still goes to that field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

ACCEPTED_FORMATS = ("text/uri-list", "text/plain", "text/html")
WEB_SCHEMES = ("http", "https")


@dataclass
class DropPayload:
    """What a drop (or a paste) carries: files and folders, web links with their titles, loose text."""

    paths: list[Path] = field(default_factory=list)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (url, title)
    text: str = ""
    html: str = ""
    capture: bool = False  # links are captured (the case said yes), not kept as bookmarks

    def __bool__(self) -> bool:
        return bool(self.paths or self.urls or self.text.strip() or self.html.strip())

    def describe(self) -> str:
        parts = []
        if self.paths:
            parts.append(f"{len(self.paths)} file{'s' if len(self.paths) != 1 else ''} or folder"
                         f"{'s' if len(self.paths) != 1 else ''}")
        if self.urls:
            parts.append(f"{len(self.urls)} link{'s' if len(self.urls) != 1 else ''}")
        if self.text.strip() or self.html.strip():
            parts.append("text")
        return ", ".join(parts) or "nothing"


def looks_like_url(text: str) -> bool:
    t = text.strip()
    if not t or any(c.isspace() for c in t):
        return False
    url = QUrl(t)
    return url.isValid() and url.scheme().lower() in WEB_SCHEMES and bool(url.host())


def payload_from_mime(mime: QMimeData) -> DropPayload:
    """Sort what a drag or the clipboard holds; nothing is read from disk or the network."""
    out = DropPayload()
    if mime.hasUrls():
        title = mime.text().strip() if mime.hasText() and not looks_like_url(mime.text()) else ""
        for url in mime.urls():
            if url.isLocalFile():
                out.paths.append(Path(url.toLocalFile()))
            elif url.scheme().lower() in WEB_SCHEMES:
                out.urls.append((url.toString(), title if len(mime.urls()) == 1 else ""))
        if out:
            return out
    if mime.hasText() and mime.text().strip():
        text = mime.text().strip()
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        if lines and all(looks_like_url(ln) for ln in lines):
            out.urls.extend((ln, "") for ln in lines)
        else:
            out.text = mime.text()
        return out
    if mime.hasHtml() and mime.html().strip():
        out.html = mime.html()
    return out


def can_accept(mime: QMimeData) -> bool:
    return any(mime.hasFormat(f) for f in ACCEPTED_FORMATS) or mime.hasUrls()


def _is_text_field(widget: QObject | None) -> bool:
    while widget is not None and isinstance(widget, QWidget):
        if isinstance(widget, (QLineEdit, QAbstractSpinBox)):
            return not widget.isReadOnly() if isinstance(widget, QLineEdit) else True
        if isinstance(widget, (QTextEdit, QPlainTextEdit)):
            return not widget.isReadOnly()
        widget = widget.parent()
    return False


class DropCatcher(QObject):
    """Accepts drops on `window` and any of its children; emits `dropped` with what was collected."""

    dropped = Signal(object)  # DropPayload
    hovering = Signal(bool)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.enabled = True
        window.setAcceptDrops(True)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def detach(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop, QEvent.Type.DragLeave):
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self.window or not self.enabled:
            return False
        if kind == QEvent.Type.DragLeave:
            if obj is self.window:
                self.hovering.emit(False)
            return False
        assert isinstance(event, (QDragEnterEvent, QDragMoveEvent, QDropEvent))
        mime = event.mimeData()
        if mime is None or not can_accept(mime):
            return False
        if not mime.hasUrls() and _is_text_field(obj):
            return False  # text dragged into an editor stays text in that editor
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if kind == QEvent.Type.DragEnter:
            self.hovering.emit(True)
        elif kind == QEvent.Type.Drop:
            self.hovering.emit(False)
            payload = payload_from_mime(mime)
            if payload:
                self.dropped.emit(payload)
        return True
