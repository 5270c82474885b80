"""Readable text of an exhibit, with the passages events cite highlighted and party mentions marked.

Selecting a passage offers "New event from selection" (citing exactly that span) and "New party from
selection". The text is shown as plain text in a browser that loads nothing, so no script or tracker runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextEdit, QVBoxLayout, QWidget

from casefile.domain.records import Citation, EvidenceRecord, MentionRecord, page_at
from casefile.gui.context import GuiContext
from casefile.gui.elided import ElidedLabel, mute
from casefile.gui.evidence.preview.common import from_qt, to_qt
from casefile.gui.evidence.preview.dialogs import NewEventDialog, NewPartyDialog
from casefile.gui.icons import icon
from casefile.gui.markdown import SafeTextBrowser

CHUNK = 200_000  # characters laid out at a time: a 10 MB sheet shows its start at once, the rest as one scrolls
CITED_BACKGROUND = QColor("#fff0a0")
FOCUS_BACKGROUND = QColor("#ffc15e")
MENTION_COLOUR = QColor("#3b6db3")


@dataclass(frozen=True)
class CitedSpan:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class TextContent:
    text: str
    cited: list[CitedSpan]
    mentions: list[MentionRecord]


def load_text_content(gctx: GuiContext, evidence_id: int) -> TextContent:
    """Worker job: the exhibit's text, the spans its events cite, and its party mentions."""
    case = gctx.case
    text = case.evidence.text(evidence_id)
    cited: list[CitedSpan] = []
    for ev in case.events.for_evidence(evidence_id):
        for c in ev.citations:
            if c.evidence_id == evidence_id and c.char_start is not None and c.char_end is not None:
                cited.append(CitedSpan(c.char_start, c.char_end, f"{ev.date.display()} — {ev.title}"))
    return TextContent(text, cited, case.parties.mentions_in(evidence_id))


class TextPreview(QWidget):
    event_created = Signal(int)
    loaded = Signal()  # the text is shown (the image preview then marks cited words on the picture)

    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.rec: EvidenceRecord | None = None
        self.text = ""
        self.cited: list[CitedSpan] = []
        self.mentions: list[MentionRecord] = []
        self.shown = 0  # the text is laid out up to here (a prefix, so offsets stay the exhibit's own)
        self._focus: tuple[int, int] | None = None
        self.dialog: NewEventDialog | NewPartyDialog | None = None

        self.browser = SafeTextBrowser(self)
        self.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.browser.customContextMenuRequested.connect(self._context_menu)
        self.browser.selectionChanged.connect(self._selection_changed)
        self.browser.verticalScrollBar().valueChanged.connect(self._scrolled)
        font = QFont("Georgia")
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSizeF(11.5)
        self.browser.document().setDefaultFont(font)
        self.browser.document().setDocumentMargin(18)

        self.hint = ElidedLabel("Select a passage to cite it.", whole_or_nothing=True)
        self.hint.setObjectName("hint")
        mute(self.hint)
        self.new_event_button = QPushButton(icon("event"), "New event")
        self.new_event_button.setToolTip("New event from the selected passage, citing exactly that text")
        self.new_event_button.setAccessibleName("New event from selection")
        self.new_party_button = QPushButton(icon("party"), "New party")
        self.new_party_button.setToolTip("New party named by the selected text")
        self.new_party_button.setAccessibleName("New party from selection")
        self.new_event_button.clicked.connect(self.new_event_from_selection)
        self.new_party_button.clicked.connect(self.new_party_from_selection)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 4, 4)
        bar.addWidget(self.hint, 1)
        bar.addWidget(self.new_event_button)
        bar.addWidget(self.new_party_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(bar)
        lay.addWidget(self.browser, 1)
        self._selection_changed()
        gctx.bus.changed.connect(self._case_changed)

    # loading ---------------------------------------------------------------------------------------
    def show_evidence(self, rec: EvidenceRecord, focus: tuple[int, int] | None = None) -> None:
        self.rec = rec
        self._focus = focus
        self.browser.setPlainText("Loading…")
        rid = rec.id
        self.gctx.runner.run(f"Reading Ex. {rec.exhibit}", lambda _t: load_text_content(self.gctx, rid),
                             lambda content: self._loaded(rid, content), self._failed)

    def _failed(self, message: str) -> None:
        self.browser.setPlainText(message)

    def _loaded(self, evidence_id: int, content: TextContent) -> None:
        if self.rec is None or self.rec.id != evidence_id:
            return  # the user moved on
        self.text = content.text
        self.cited = content.cited
        self.mentions = content.mentions
        doc = self.browser.document()
        doc.setPlainText("")
        self.shown = 0
        if not content.text:
            self.browser.setPlaceholderText("This exhibit has no readable text.")
        want = self._focus[1] if self._focus is not None else 0
        self._show_up_to(max(CHUNK, want + CHUNK))
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        if self._focus is not None:
            self.highlight(*self._focus)
        self.loaded.emit()

    def _show_up_to(self, limit: int) -> None:
        """Lay out the text up to `limit` (whole lines), with its mentions and cited passages marked there."""
        limit = min(len(self.text), limit)
        if limit <= self.shown:
            return
        if limit < len(self.text):
            newline = self.text.find("\n", limit)
            limit = len(self.text) if newline < 0 or newline - limit > 2000 else newline + 1
        start, piece = self.shown, self.text[self.shown:limit]
        cursor = QTextCursor(self.browser.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        begin = cursor.position()
        cursor.insertText(piece, QTextCharFormat())  # plain: not the last mark's format carried on
        self.shown = limit
        cursor.setPosition(begin)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        block = QTextBlockFormat()
        block.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block.setBottomMargin(4)
        cursor.mergeBlockFormat(block)
        for m in self.mentions:
            if m.char_end > start and m.char_start < limit:
                fmt = QTextCharFormat()
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(MENTION_COLOUR)
                fmt.setToolTip(f"Party mention: {m.text}")
                self._format(m.char_start, m.char_end, fmt)
        for span in self.cited:
            if span.end > start and span.start < limit:
                fmt = QTextCharFormat()
                fmt.setBackground(CITED_BACKGROUND)
                fmt.setToolTip(f"Cited by: {span.label}")
                self._format(span.start, span.end, fmt)

    def _scrolled(self, value: int) -> None:
        bar = self.browser.verticalScrollBar()
        if self.shown < len(self.text) and value >= bar.maximum() - 2 * bar.pageStep():
            self._show_up_to(self.shown + CHUNK)  # near the end of what is laid out: the next piece

    def _format(self, start: int, end: int, fmt: QTextCharFormat) -> None:
        start, end = max(0, start), min(self.shown, end)
        if end <= start:
            return
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(to_qt(self.text, start))
        cursor.setPosition(to_qt(self.text, end), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)

    def highlight(self, start: int, end: int) -> None:
        """Scroll to the span and mark it (for `bus.open_citation`)."""
        if not self.text:
            self._focus = (start, end)
            return
        start, end = max(0, min(start, len(self.text))), max(0, min(end, len(self.text)))
        self._show_up_to(end + CHUNK)
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(to_qt(self.text, start))
        cursor.setPosition(to_qt(self.text, end), QTextCursor.MoveMode.KeepAnchor)
        sel = QTextEdit.ExtraSelection()
        sel.cursor = cursor
        sel.format.setBackground(FOCUS_BACKGROUND)
        self.browser.setExtraSelections([sel])
        self.browser.setTextCursor(cursor)
        self.browser.ensureCursorVisible()
        self._focus = None

    def _case_changed(self, kind: str) -> None:
        if kind in ("events", "parties") and self.rec is not None and self.isVisible():
            bar = self.browser.verticalScrollBar().value()
            self.show_evidence(self.rec)
            self.browser.verticalScrollBar().setValue(bar)

    # selection -------------------------------------------------------------------------------------
    def selection_span(self) -> tuple[int, int] | None:
        """The selected passage as Python offsets into the exhibit's text, trimmed of surrounding spaces."""
        cursor = self.browser.textCursor()
        if not cursor.hasSelection() or not self.text:
            return None
        start = from_qt(self.text, cursor.selectionStart())
        end = from_qt(self.text, cursor.selectionEnd())
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def _selection_changed(self) -> None:
        has = self.browser.textCursor().hasSelection() and self.rec is not None
        writable = not self.gctx.case.read_only
        self.new_event_button.setEnabled(has and writable)
        self.new_party_button.setEnabled(has and writable)

    def _context_menu(self, pos) -> None:  # noqa: ANN001 - QPoint
        menu = self.browser.createStandardContextMenu(pos)
        menu.addSeparator()
        ev = menu.addAction(icon("event"), "New event from selection", self.new_event_from_selection)
        pa = menu.addAction(icon("party"), "New party from selection", self.new_party_from_selection)
        has = self.selection_span() is not None and not self.gctx.case.read_only
        ev.setEnabled(has)
        pa.setEnabled(has)
        menu.exec(self.browser.viewport().mapToGlobal(pos))

    def new_event_from_selection(self) -> NewEventDialog | None:
        span = self.selection_span()
        if span is None or self.rec is None:
            return None
        start, end = span
        quote = self.text[start:end]
        page = page_at(self.rec.metadata.get("page_starts"), start)
        citation = Citation(self.rec.id, self.rec.exhibit, quote, start, end, page)
        flat = " ".join(quote.split())
        title = flat if len(flat) <= 120 else flat[:117].rsplit(" ", 1)[0] + "…"
        mentioned = tuple(dict.fromkeys(m.party_id for m in self.gctx.case.parties.mentions_in(self.rec.id)
                                        if m.char_start < end and m.char_end > start))  # parties named in it
        dialog = NewEventDialog(self.gctx, self.rec, citation, title, quote if len(flat) > 120 else "", self,
                                party_ids=mentioned)
        dialog.accepted.connect(lambda: self.event_created.emit(dialog.event_id or 0))
        self.dialog = dialog
        dialog.open()
        return dialog

    def new_party_from_selection(self) -> NewPartyDialog | None:
        span = self.selection_span()
        if span is None or self.rec is None:
            return None
        dialog = NewPartyDialog(self.gctx, self.text[span[0]:span[1]], self)
        self.dialog = dialog
        dialog.open()
        return dialog
