"""Search across the whole case as you type: results grouped by Evidence, Events, Parties and Notes.

The query runs on the TaskRunner after a short pause in typing; typing again cancels the query still running
(the service stops it inside the database) and its answer, or its error, is dropped. Activating a result asks the
window (through the bus) to show that item in its tab.
"""

from __future__ import annotations

import html
import re
from functools import partial

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeyEvent,
    QPalette,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.enums import TargetType
from casefile.domain.records import SearchHit, SearchResult
from casefile.gui.context import GuiContext
from casefile.gui.icons import icon
from casefile.gui.worker import Task

DEBOUNCE_MS = 250
GROUPS = (
    (TargetType.EVIDENCE, "Evidence", "evidence"),
    (TargetType.EVENT, "Events", "event"),
    (TargetType.PARTY, "Parties", "party"),
    (TargetType.NOTE, "Notes", "note"),
)
TYPE_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
HTML_ROLE = Qt.ItemDataRole.UserRole + 3
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 4  # the service's snippet with hits as [word]; None on group headers
HIT_BACKGROUND = QColor(255, 200, 0, 115)
_MARK = re.compile(r"\[([^\[\]]+)\]")


def snippet_html(snippet: str) -> str:
    """The search service marks hits as [word]; show them bold and highlighted, the rest escaped."""
    out, last = [], 0
    for m in _MARK.finditer(snippet):
        out.append(html.escape(snippet[last:m.start()]))
        out.append(f"<b style='background-color: rgba(255, 200, 0, 0.45)'>{html.escape(m.group(1))}</b>")
        last = m.end()
    out.append(html.escape(snippet[last:]))
    return "".join(out).replace("\n", " ")


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """The snippet as (text, is_hit) runs on one line: the service marks hits as [word]."""
    parts: list[tuple[str, bool]] = []
    last = 0
    flat = " ".join(snippet.split())
    for m in _MARK.finditer(flat):
        if m.start() > last:
            parts.append((flat[last:m.start()], False))
        parts.append((m.group(1), True))
        last = m.end()
    if last < len(flat):
        parts.append((flat[last:], False))
    return parts


def _lead_to_first_hit(parts: list[tuple[str, bool]], fm: QFontMetrics, width: int) -> list[tuple[str, bool]]:
    """Drop words before the first hit when they would push it out of sight (the line then starts with …)."""
    if not parts or parts[0][1] or len(parts) < 2:
        return parts
    lead = parts[0][0]
    budget = width // 3
    if fm.horizontalAdvance(lead) <= budget:
        return parts
    words = lead.split(" ")
    kept = ""
    for word in reversed(words):
        trial = word + " " + kept if kept else word
        if fm.horizontalAdvance("… " + trial) > budget:
            break
        kept = trial
    return [("… " + kept + (" " if lead.endswith(" ") and kept else ""), False), *parts[1:]]


class _ResultDelegate(QStyledItemDelegate):
    """A result in two lines: its title (elided) and the snippet with each hit marked; group headers bold."""

    PAD = 4

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: ANN001, N802
        base = super().sizeHint(option, index)
        line = option.fontMetrics.height()
        if index.data(SNIPPET_ROLE) is None:  # a group header
            return QSize(base.width(), line + 2 * self.PAD + 4)
        return QSize(base.width(), 2 * line + 2 * self.PAD + 2)

    def paint(self, painter, option: QStyleOptionViewItem, index) -> None:  # noqa: ANN001
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        snippet = index.data(SNIPPET_ROLE)
        style = opt.widget.style() if opt.widget else QApplication.style()
        if snippet is None:
            self._paint_header(painter, opt, style)
            return
        title = opt.text
        opt.text = ""
        opt.icon = QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_colour = opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        rect = opt.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        icon_size = opt.decorationSize.width()
        line = opt.fontMetrics.height()
        item_icon = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(item_icon, QIcon):
            item_icon.paint(painter, QRect(rect.left(), rect.top() + (line - icon_size) // 2, icon_size, icon_size))
        left = rect.left() + icon_size + 6
        width = rect.right() - left
        painter.save()
        title_font = QFont(opt.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(text_colour)
        fm = QFontMetrics(title_font)
        painter.drawText(QRect(left, rect.top(), width, line), int(Qt.AlignmentFlag.AlignVCenter),
                         fm.elidedText(title, Qt.TextElideMode.ElideRight, width))
        self._paint_snippet(painter, opt, str(snippet), QRect(left, rect.top() + line + 2, width, line), selected)
        painter.restore()

    def _paint_header(self, painter, opt: QStyleOptionViewItem, style: QStyle) -> None:  # noqa: ANN001
        opt.font.setBold(True)
        opt.fontMetrics = QFontMetrics(opt.font)
        painter.save()
        band = opt.rect.adjusted(0, 2, 0, 0)
        painter.fillRect(band, opt.palette.color(QPalette.ColorRole.AlternateBase))
        painter.setPen(opt.palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(band.bottomLeft(), band.bottomRight())
        painter.restore()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

    def _paint_snippet(self, painter, opt: QStyleOptionViewItem, snippet: str, rect: QRect,  # noqa: ANN001
                       selected: bool) -> None:
        plain_font = QFont(opt.font)
        hit_font = QFont(opt.font)
        hit_font.setBold(True)
        plain_fm, hit_fm = QFontMetrics(plain_font), QFontMetrics(hit_font)
        strong = opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = QColor(strong)
        if not selected:  # the snippet a shade lighter than the title, still well above 4.5:1
            muted.setAlpha(200)
        x, right = rect.left(), rect.right()
        ellipsis = plain_fm.horizontalAdvance("…")
        for text, hit in _lead_to_first_hit(snippet_parts(snippet), plain_fm, rect.width()):
            fm = hit_fm if hit else plain_fm
            advance = fm.horizontalAdvance(text)
            cut = x + advance > right
            if cut:
                text = fm.elidedText(text, Qt.TextElideMode.ElideRight, max(right - x, 0))
                advance = fm.horizontalAdvance(text)
                if not text or text == "…":
                    if x + ellipsis <= right + 1:
                        painter.setFont(plain_font)
                        painter.setPen(muted)
                        painter.drawText(QRect(x, rect.top(), ellipsis, rect.height()),
                                         int(Qt.AlignmentFlag.AlignVCenter), "…")
                    break
            box = QRect(x, rect.top(), advance, rect.height())
            if hit:
                painter.fillRect(box.adjusted(-1, 1, 1, -1), HIT_BACKGROUND)
            painter.setFont(hit_font if hit else plain_font)
            painter.setPen(strong if hit and selected else (QColor("black") if hit else muted))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignVCenter), text)
            x += advance
            if cut:
                break


class _ResultsView(QTreeView):
    """The results tree; a group header's band runs under its branch arrow too."""

    def drawBranches(self, painter, rect, index) -> None:  # noqa: ANN001, N802
        if not index.parent().isValid():
            band = rect.adjusted(0, 2, 0, 0)
            painter.fillRect(band, self.palette().color(QPalette.ColorRole.AlternateBase))
            painter.save()
            painter.setPen(self.palette().color(QPalette.ColorRole.Midlight))
            painter.drawLine(band.bottomLeft(), band.bottomRight())
            painter.restore()
        super().drawBranches(painter, rect, index)


class _QueryEdit(QLineEdit):
    escape = Signal()
    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.escape.emit()
            return
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    """Find anything in the case. Sits in a dock; Ctrl+F shows it with the query selected."""

    closed = Signal()
    results_ready = Signal(int)  # number of hits shown

    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self._generation = 0
        self._running: Task | None = None  # the search still running, cancelled when the user types on
        self.hits: list[SearchHit] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        self.query = _QueryEdit()
        self.query.setPlaceholderText("Search evidence, events, parties, notes…")
        self.query.setAccessibleName("Search the case")
        self.query.setClearButtonEnabled(True)
        self.query.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.status = QLabel("Type to search the whole case. Words match as prefixes; use \"quotes\" for phrases.")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Search status")
        self.model = QStandardItemModel(self)
        self.view = _ResultsView()
        self.view.setAccessibleName("Search results")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(False)
        self.view.setWordWrap(False)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setIndentation(14)
        self.view.setItemDelegate(_ResultDelegate(self.view))
        self.view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.view.activated.connect(self._activate)
        self.view.clicked.connect(self._activate)
        lay.addWidget(self.query)
        lay.addWidget(self.status)
        lay.addWidget(self.view, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _t: self.timer.start())
        self.query.returnPressed.connect(self._return)
        self.query.escape.connect(self.closed.emit)
        self.query.down.connect(self._focus_results)
        gctx.bus.changed.connect(self._case_changed)

    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def run_search(self) -> None:
        self.timer.stop()
        q = self.query.text().strip()
        self._generation += 1
        gen = self._generation
        if self._running is not None:
            self._running.cancel()  # its query stops inside the database; its answer is dropped
            self._running = None
        if not q:
            self.model.clear()
            self.hits = []
            self.status.setText("Type to search the whole case.")
            return
        search = self.gctx.case.search

        def job(task: Task) -> SearchResult:
            return search.find(q, limit=200, cancelled=task.is_cancelled)

        self.status.setText("Searching…")
        self._running = self.gctx.runner.run(f"Searching for '{_echo(q)}'", job, partial(self._show, gen),
                                             partial(self._failed, gen))
        if not self._running.running:
            self._running = None  # finished already (a synchronous runner)

    def _case_changed(self, _kind: str) -> None:
        if self.isVisible() and self.query.text().strip():
            self.timer.start()

    def _failed(self, gen: int, message: str) -> None:
        if gen != self._generation:
            return  # an older search, cancelled because the user typed on
        self._running = None
        self.status.setText(message)

    def _show(self, gen: int, result: SearchResult) -> None:
        if gen != self._generation:
            return  # the user typed on; a newer search is coming
        self._running = None
        hits = list(result.hits)
        self.hits = hits
        self.model.clear()
        for target, label, meaning in GROUPS:
            group = [h for h in hits if h.type is target]
            if not group:
                continue
            head = QStandardItem(icon(meaning), f"{label} ({len(group)})")
            head.setSelectable(False)
            f = head.font()
            f.setBold(True)
            head.setFont(f)
            for h in group:
                title = "Note" if h.type is TargetType.NOTE and h.title in ("", "(note)") else h.title
                item = QStandardItem(_hit_icon(h), title)
                item.setData(f"<b>{html.escape(title)}</b><br>{snippet_html(h.snippet)}", HTML_ROLE)
                item.setData(h.snippet, SNIPPET_ROLE)
                item.setData(h.type.value, TYPE_ROLE)
                item.setData(h.id, ID_ROLE)
                item.setToolTip(f"{title}\n{h.snippet.replace('[', '').replace(']', '')}")
                item.setAccessibleText(f"{h.title}: {h.snippet}")
                head.appendRow(item)
            self.model.appendRow(head)
        self.view.expandAll()
        n = len(hits)
        found = f"{n} match{'es' if n != 1 else ''}" if n else f"Nothing matches '{_echo(self.query.text())}'"
        self.status.setText(f"{found}. {result.notice}" if result.notice else f"{found}." if not n else found)
        self.results_ready.emit(n)

    def result_index(self, row_in_group: int = 0, group: int = 0) -> QModelIndex:
        return self.model.index(row_in_group, 0, self.model.index(group, 0))

    def _focus_results(self) -> None:
        first = self.result_index()
        if first.isValid():
            self.view.setFocus()
            self.view.setCurrentIndex(first)

    def _return(self) -> None:
        self.run_search() if self.timer.isActive() or not self.hits else self._activate(self.result_index())

    def _activate(self, index: QModelIndex) -> None:
        kind = index.data(TYPE_ROLE)
        if not kind:
            return
        item_id = int(index.data(ID_ROLE))
        self.gctx.bus.open_item.emit(str(kind), item_id)
        snippet = index.data(SNIPPET_ROLE)
        if kind == TargetType.EVIDENCE.value and snippet:
            # then bring the words themselves into view, highlighted (found on the worker: texts can be long)
            case = self.gctx.case
            bus = self.gctx.bus

            def show(span: tuple[int, int] | None) -> None:
                if span:
                    bus.open_citation.emit(item_id, *span)

            self.gctx.runner.run("Finding the words", lambda _t: hit_span(case.evidence.text(item_id), snippet), show)


def hit_span(text: str, snippet: str) -> tuple[int, int] | None:
    """Where the snippet's first marked word sits in `text`: inside the snippet's own context when it can be
    found there (the same word may occur earlier), else its first occurrence. None when it is not there."""
    parts = snippet_parts(snippet)
    hits = [i for i, (_t, is_hit) in enumerate(parts) if is_hit]
    if not hits or not text:
        return None
    first = hits[0]
    word = parts[first][0]
    before = "".join(t for t, _h in parts[:first]).replace("…", "")
    lead = before.split()[-3:]  # a few words of context just before the hit
    flat_pattern = r"\s+".join(re.escape(w) for w in [*lead, word])
    m = re.search(flat_pattern, text, re.IGNORECASE) if lead else None
    if m is not None:
        return m.end() - len(word), m.end()
    m = re.search(re.escape(word), text, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def _echo(typed: str) -> str:
    """What was typed, short enough to repeat in a status line (a pasted page is not echoed whole)."""
    typed = " ".join(typed.split())
    return typed if len(typed) <= 60 else typed[:59] + "…"


def _hit_icon(hit: SearchHit):  # noqa: ANN202
    return icon({"evidence": "evidence", "event": "event", "party": "party"}.get(hit.type.value, "note"))
