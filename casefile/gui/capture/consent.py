"""The first capture in a case asks, in words, before CaseFile goes online; the answer is kept in the case."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from PySide6.QtWidgets import QMessageBox, QWidget

CAPTURE_TEXT = "Capture"
LINK_ONLY_TEXT = "Keep as link only"


def consent_text(urls: list[str]) -> str:
    hosts = sorted({urlsplit(u).hostname or u for u in urls})
    shown = ", ".join(hosts[:8]) + (f" and {len(hosts) - 8} more" if len(hosts) > 8 else "")
    return (
        f"<p>To capture {'this page' if len(urls) == 1 else f'these {len(urls)} pages'}, CaseFile will go online "
        f"and open them from <b>{html.escape(shown)}</b>, with everything the pages load (pictures, style sheets, "
        "scripts, and whatever those ask for from other sites).</p>"
        "<p>For each page the case keeps, each with its SHA-256: the text as a reader saw it; a WARC file of every "
        "request and response; a PDF and a full-page screenshot; and a manifest with the address, the redirects, "
        "the time in UTC and the browser engine. A link to a PDF, picture, audio or video is downloaded and "
        "kept as that file.</p>"
        "<p>The pages are opened in a private browser profile: no cookies or sign-ins from your own browser, and "
        "none kept from one capture to the next. <i>Keep as link only</i> stores the address and nothing is "
        "fetched.</p><p>Your answer is remembered for this case.</p>"
    )


def ask_consent(parent: QWidget | None, urls: list[str]) -> bool | None:
    """True: capture; False: keep links only; None: the question was dismissed (nothing happens)."""
    box = QMessageBox(parent)
    box.setWindowTitle("Capture web pages?")
    box.setIcon(QMessageBox.Icon.Question)
    box.setTextFormat(box.textFormat().RichText)
    box.setText(consent_text(urls))
    capture = box.addButton(CAPTURE_TEXT, QMessageBox.ButtonRole.AcceptRole)
    link_only = box.addButton(LINK_ONLY_TEXT, QMessageBox.ButtonRole.RejectRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(capture)
    box.exec()
    clicked = box.clickedButton()
    if clicked is capture:
        return True
    if clicked is link_only:
        return False
    return None
