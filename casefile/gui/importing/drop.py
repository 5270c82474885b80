"""Drops anywhere on the window: collect local paths, web links or text and hand them on; never parse here.

One filter on the application sees drag events for every widget of the window, so a drop on a table, a
preview or an empty pane all import. Text dropped on an editable text field still goes to that field.

A drag sends an enter and a stream of moves (one per mouse move, another enter at each widget crossed); what
the drag carries is asked once per drag (its format list: on Windows and macOS each question goes to the
system) and kept until the drag drops or leaves the window. The links themselves are read only at the drop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

ACCEPTED_FORMATS = ("text/uri-list", "text/plain", "text/html")
URI_LIST = "text/uri-list"
_DRAG_EVENTS = frozenset((QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop, QEvent.Type.DragLeave))
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
    return _DragKind.of(mime).accept


@dataclass(frozen=True)
class _DragKind:
    """What a drag carries, from one look at its format list: whether it can be dropped, whether it has links."""

    accept: bool
    has_urls: bool

    @classmethod
    def of(cls, mime: QMimeData) -> _DragKind:
        formats = set(mime.formats())
        return cls(accept=any(f in formats for f in ACCEPTED_FORMATS), has_urls=URI_LIST in formats)


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
        self._drag: tuple[QMimeData, _DragKind] | None = None  # the drag under way and what it carries
        self._left = False  # a widget saw the drag leave: it ends unless another widget sees it enter
        self._hover_shown = False
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
        if kind not in _DRAG_EVENTS:
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self.window or not self.enabled:
            return False
        if kind == QEvent.Type.DragLeave:
            if self._drag is not None and not self._left:
                self._left = True  # crossing into another widget enters it at once; leaving the window does not
                QTimer.singleShot(0, self, self._maybe_ended)
            return False
        assert isinstance(event, (QDragEnterEvent, QDragMoveEvent, QDropEvent))
        mime = event.mimeData()
        if mime is None:
            return False
        self._left = False
        if self._drag is None or self._drag[0] is not mime:
            self._drag = (mime, _DragKind.of(mime))
        assert self._drag is not None
        carries = self._drag[1]
        if kind == QEvent.Type.Drop:
            self._end_drag()
        if not carries.accept:
            return False
        if not carries.has_urls and _is_text_field(obj):
            return False  # text dragged into an editor stays text in that editor
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if kind == QEvent.Type.Drop:
            payload = payload_from_mime(mime)
            if payload:
                self.dropped.emit(payload)
        elif not self._hover_shown:
            self._hover_shown = True
            self.hovering.emit(True)
        return True

    def _maybe_ended(self) -> None:
        if self._left:
            self._end_drag()

    def _end_drag(self) -> None:
        """The drag dropped or left the window: the overlay goes, the next drag is looked at afresh."""
        shown = self._hover_shown
        self._drag, self._left, self._hover_shown = None, False, False
        if shown:
            self.hovering.emit(False)
