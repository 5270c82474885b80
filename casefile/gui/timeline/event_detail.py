"""The Timeline's detail pane: the selected event's date, parties, confidence and every cited passage with
its exhibit, so a suggestion can be judged without opening the editor."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QLabel, QTextBrowser, QToolBar, QVBoxLayout, QWidget

from casefile.domain.enums import Status
from casefile.domain.records import Citation, EventRecord
from casefile.gui.tables import confidence_text

EMPTY = "Select an event to read its cited passages here."
MANY = "{n:,} events selected — C, D, X apply to all of them."


class EventDetail(QWidget):
    """Shows one `EventRecord`; links open a passage (`citation_opened`) or dismiss every suggestion that
    cites an exhibit (`dismiss_exhibit`)."""

    citation_opened = Signal(object)  # Citation
    dismiss_exhibit = Signal(int, int)  # evidence id, exhibit number

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventDetail")
        self.setAccessibleName("Selected event")
        self.record: EventRecord | None = None
        self.bar = QToolBar("Verdict", self)
        self.bar.setObjectName("detailVerdicts")
        for a in actions:
            self.bar.addAction(a)
        self.heading = QLabel(EMPTY)
        self.heading.setObjectName("detailHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)
        self.body = QTextBrowser()
        self.body.setObjectName("detailBody")
        self.body.setOpenLinks(False)
        self.body.anchorClicked.connect(self._link)
        self.body.setAccessibleName("Event details and cited passages")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 0, 0, 0)
        lay.addWidget(self.bar)
        lay.addWidget(self.heading)
        lay.addWidget(self.body, 1)
        self.show_none()

    def show_none(self, selected: int = 0) -> None:
        self.record = None
        self.heading.setVisible(False)
        text = MANY.format(n=selected) if selected > 1 else EMPTY
        colour = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        self.body.setHtml(f"<p style='color:{colour}'>{escape(text)}</p>")
        self.bar.setVisible(selected > 1)

    def show_event(self, rec: EventRecord) -> None:
        self.record = rec
        self.bar.setVisible(True)
        self.heading.setVisible(True)
        self.heading.setText(rec.title)
        self.body.setHtml(render_detail(rec))

    def _link(self, url: QUrl) -> None:
        if self.record is None:
            return
        kind, _, arg = url.toString().partition(":")
        if kind == "cite" and arg.isdigit() and int(arg) < len(self.record.citations):
            self.citation_opened.emit(self.record.citations[int(arg)])
        elif kind == "dismiss" and arg.isdigit():
            ex = next((c.exhibit for c in self.record.citations if c.evidence_id == int(arg)), None)
            self.dismiss_exhibit.emit(int(arg), ex or 0)


def render_detail(rec: EventRecord) -> str:
    """The pane's HTML (plain text escaped; names and quotes come from the evidence)."""
    status = rec.status.label + (" · forecast (the passage predicts it)" if rec.forecast else "")
    rows = [("When", rec.date.display()), ("Status", status)]
    if rec.confidence is not None:
        rows.append(("Confidence", confidence_text(rec.confidence)))
    rows.append(("Parties", "; ".join(rec.party_names) or "none linked"))
    if rec.tags:
        rows.append(("Tags", ", ".join(rec.tags)))
    out = ["<table cellspacing='0' cellpadding='2'>"]
    out += [f"<tr><td><b>{escape(k)}</b>&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in rows]
    out.append("</table>")
    if rec.description.strip():
        out.append(f"<p>{escape(rec.description)}</p>")
    if not rec.citations:
        out.append("<p><i>No cited passage: nothing in the evidence backs this event yet.</i></p>")
    else:
        out.append(f"<h4>Cited passages ({len(rec.citations)})</h4>")
    for i, c in enumerate(rec.citations):
        out.append(_passage(i, c, rec.status is Status.SUGGESTED))
    return "".join(out)


def _passage(i: int, c: Citation, suggested: bool) -> str:
    quote = escape(c.quote.strip()) if c.quote.strip() else "<i>(no passage recorded)</i>"
    links = f"<a href='cite:{i}'>Open {escape(c.locator())}</a>"
    if suggested:
        links += (f" &nbsp;·&nbsp; <a href='dismiss:{c.evidence_id}'>Dismiss every suggestion from "
                  f"{escape(c.locator().split(',')[0])}</a>")
    return (f"<p style='margin-bottom:2px'><b>{escape(c.locator())}</b></p>"
            f"<blockquote style='margin-left:10px'>“{quote}”</blockquote><p>{links}</p>")
