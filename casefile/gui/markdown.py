"""Showing untrusted text safely: a browser that never fetches anything, showing notes rendered by the one
Markdown renderer (`casefile.markdown`, the same as the summary PDF's)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from casefile.markdown import render_html

_REMOTE = {"http", "https", "ftp", "file", "data"}


class SafeTextBrowser(QTextBrowser):
    """A read-only text view that loads no resources (no remote images, no local files) and runs nothing.

    Links are not followed inside the view; http(s) links open in the user's browser only when clicked.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open_link)

    def loadResource(self, type: int, name: QUrl | str) -> object:  # noqa: A002 - Qt's signature
        """Refuse every resource: exhibits and notes may reference remote trackers or local files."""
        return None

    @staticmethod
    def _open_link(url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)


def render_markdown(view: QTextBrowser, text: str) -> None:
    """Show a note's Markdown as the summary prints it (markdown-it, raw HTML shown as text, never run)."""
    view.setHtml(render_html(text))
