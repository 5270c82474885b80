"""Search across the whole case as you type: results grouped by Evidence, Events, Parties and Notes.

The query runs on the TaskRunner after a short pause in typing; stale answers are dropped. Activating a
result asks the window (through the bus) to show that item in its tab.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QKeyEvent,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
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
from casefile.domain.records import SearchHit
from casefile.gui.context import GuiContext
from casefile.gui.icons import icon

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


class _HtmlDelegate(QStyledItemDelegate):
    """Draws a result's title and its marked snippet (two lines) from HTML."""

    def _doc(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setHtml(index.data(HTML_ROLE) or html.escape(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        doc.setTextWidth(max(option.rect.width() - 28, 80))
        return doc

    def paint(self, painter, option: QStyleOptionViewItem, index) -> None:  # noqa: ANN001
        if not index.data(HTML_ROLE):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._doc(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        painter.save()
        painter.translate(text_rect.topLeft())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        ctx.clip = QRectF(0, 0, text_rect.width(), text_rect.height())
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: ANN001, N802
        if not index.data(HTML_ROLE):
            return super().sizeHint(option, index)
        doc = self._doc(option, index)
        return QSize(int(doc.idealWidth()), int(min(doc.size().height(), option.fontMetrics.height() * 3.6)) + 4)


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
        self.view = QTreeView()
        self.view.setAccessibleName("Search results")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(False)
        self.view.setWordWrap(True)
        self.view.setItemDelegate(_HtmlDelegate(self.view))
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
        if not q:
            self.model.clear()
            self.hits = []
            self.status.setText("Type to search the whole case.")
            return
        search = self.gctx.case.search
        self.status.setText("Searching…")
        self.gctx.runner.run(f"Searching for '{q}'", lambda _t: search.search(q, limit=200),
                             lambda hits, g=gen: self._show(g, hits), lambda msg: self.status.setText(msg))

    def _case_changed(self, _kind: str) -> None:
        if self.isVisible() and self.query.text().strip():
            self.timer.start()

    def _show(self, gen: int, hits: list[SearchHit]) -> None:
        if gen != self._generation:
            return  # the user typed on; a newer search is coming
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
                item = QStandardItem(_hit_icon(h), h.title)
                item.setData(f"<b>{html.escape(h.title)}</b><br>{snippet_html(h.snippet)}", HTML_ROLE)
                item.setData(h.type.value, TYPE_ROLE)
                item.setData(h.id, ID_ROLE)
                item.setToolTip(h.snippet.replace("[", "").replace("]", ""))
                item.setAccessibleText(f"{h.title}: {h.snippet}")
                head.appendRow(item)
            self.model.appendRow(head)
        self.view.expandAll()
        n = len(hits)
        self.status.setText(f"{n} match{'es' if n != 1 else ''}" if n else
                            f"Nothing matches '{self.query.text().strip()}'.")
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
        self.gctx.bus.open_item.emit(str(kind), int(index.data(ID_ROLE)))


def _hit_icon(hit: SearchHit):  # noqa: ANN202
    return icon({"evidence": "evidence", "event": "event", "party": "party"}.get(hit.type.value, "note"))
