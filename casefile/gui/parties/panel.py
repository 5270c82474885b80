"""The party detail panel: edit a party (saved through an undoable command), see its events and mentions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.enums import PartyKind, PartyRole, Status
from casefile.domain.errors import CaseFileError
from casefile.domain.records import EventFilter, EventRow, MentionRecord, PartyDraft, PartyRecord
from casefile.gui.context import GuiContext
from casefile.gui.elided import mute
from casefile.gui.icons import icon
from casefile.gui.worker import Task

MENTION_LIMIT = 500
WIDTH = 45  # characters of context either side of a mention
EVENT_LIMIT = 500  # the panel lists this many of a party's events; the Timeline filter shows them all
ID_ROLE = Qt.ItemDataRole.UserRole + 1
MENTION_ROLE = Qt.ItemDataRole.UserRole + 2
_KIND_LABELS = {PartyKind.PERSON: "Person", PartyKind.ORGANIZATION: "Organization",
                PartyKind.MEDIA_OUTLET: "Media outlet", PartyKind.SOCIAL_ACCOUNT: "Social account"}


def _context(excerpt: str, at: int, m: MentionRecord, width: int = WIDTH) -> str:
    """The mention with a little of the sentence around it: '…filed by “Okafor” against…'. `excerpt` is the
    exhibit's text from offset `at`, `width` characters past the mention and one more when the text goes on."""
    start, end = m.char_start - at, m.char_end - at
    if not excerpt or not 0 <= start < end <= len(excerpt):
        return f"“{m.text}”"
    b = min(end + width, len(excerpt))
    before = re.sub(r"\s+", " ", excerpt[:start]).lstrip()
    after = re.sub(r"\s+", " ", excerpt[end:b]).rstrip()
    return f"{'…' if at else ''}{before}“{excerpt[start:end]}”{after}{'…' if b < len(excerpt) else ''}"


@dataclass(frozen=True)
class PartyLinks:
    """What the panel lists for a party, read off the GUI thread: events (the first EVENT_LIMIT) and mentions
    (the first MENTION_LIMIT, each as a short excerpt: no exhibit's whole text is read)."""

    party_id: int
    events: list[EventRow]
    event_total: int
    mentions: list[tuple[MentionRecord, str]]
    mention_total: int


def load_links(gctx: GuiContext, party_id: int) -> PartyLinks:
    """Worker job for the panel's lists."""
    events = gctx.case.events
    flt = EventFilter(party_id=party_id, statuses=tuple(Status))
    rows = events.rows(flt, 0, EVENT_LIMIT)
    total = len(rows) if len(rows) < EVENT_LIMIT else events.count(flt)
    snippets, mention_total = gctx.case.parties.mention_snippets(party_id, MENTION_LIMIT, WIDTH)
    return PartyLinks(party_id, rows, total, [(m, _context(text, at, m)) for m, text, at in snippets],
                      mention_total)


def split_aliases(text: str) -> tuple[str, ...]:
    """One alias a line, or several on a line separated by ';'."""
    parts = [a.strip() for line in text.splitlines() for a in line.split(";")]
    return tuple(dict.fromkeys(a for a in parts if a))


class PartyPanel(QWidget):
    """Shows one party; `save(party_id, draft)` pushes the edit and returns an error message or ''."""

    saved = Signal(int)

    def __init__(self, gctx: GuiContext, save: Callable[[int, PartyDraft], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx, self._save = gctx, save
        self.record: PartyRecord | None = None
        self._links_task: Task | None = None
        self.setObjectName("partyPanel")
        self.setAccessibleName("Party details")

        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind")
        for k in PartyKind:
            self.kind.addItem(icon(f"party.{k.value}"), _KIND_LABELS[k], k)
        self.role = QComboBox()
        self.role.setAccessibleName("Role")
        for r in PartyRole:
            self.role.addItem(r.label, r)
        self.aliases = QPlainTextEdit()
        self.aliases.setAccessibleName("Aliases")
        self.aliases.setPlaceholderText("One alias per line (e.g. HMG, @hmg_news)")
        self.aliases.setTabChangesFocus(True)
        self.aliases.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.description = QPlainTextEdit()
        self.description.setAccessibleName("Description")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.status_label = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Reset)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.revert_button = self.buttons.button(QDialogButtonBox.StandardButton.Reset)
        self.revert_button.setText("Revert")
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(lambda: self.show_party(self.record))
        for w in (self.name,):
            w.textEdited.connect(self._dirty)
            w.returnPressed.connect(self.save)
        for c in (self.kind, self.role):
            c.activated.connect(self._dirty)
        for t in (self.aliases, self.description):
            t.textChanged.connect(self._dirty)

        if gctx.read_only:  # the fields show the party; nothing here can change it
            self.name.setReadOnly(True)
            self.aliases.setReadOnly(True)
            self.description.setReadOnly(True)
            for c in (self.kind, self.role):
                c.setEnabled(False)
            self.buttons.hide()
            self.setToolTip(gctx.read_only_reason)

        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Role:", self.role)
        form.addRow("&Aliases:", self.aliases)
        form.addRow("&Description:", self.description)
        form.addRow("Status:", self.status_label)

        self.event_model = QStandardItemModel(self)
        self.events = QListView()
        self.events.setModel(self.event_model)
        self.events.setAccessibleName("Events with this party")
        self.events.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.events.activated.connect(self._open_event)
        self.events.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.events.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.events.setUniformItemSizes(True)
        self.mention_model = QStandardItemModel(self)
        self.mentions = QListView()
        self.mentions.setModel(self.mention_model)
        self.mentions.setAccessibleName("Mentions in the evidence")
        self.mentions.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.mentions.setWordWrap(True)
        self.mentions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mentions.activated.connect(self._open_mention)
        self.events_label = QLabel("<b>Events</b>")
        self.mentions_label = QLabel("<b>Mentioned in</b>")

        editor = QWidget()
        ev = QVBoxLayout(editor)
        ev.setContentsMargins(0, 0, 0, 0)
        ev.addLayout(form)
        ev.addWidget(self.error)
        ev.addWidget(self.buttons)
        lists = QSplitter(Qt.Orientation.Vertical)
        for label, view in ((self.events_label, self.events), (self.mentions_label, self.mentions)):
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 4, 0, 0)
            lay.addWidget(label)
            lay.addWidget(view)
            lists.addWidget(box)
        body = QWidget()
        bl = QVBoxLayout(body)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(editor)
        bl.addWidget(lists, 1)

        self.placeholder = QLabel("Select a party to see and edit its details, the events it is in and the "
                                  "evidence that mentions it.\n\nSelect two parties to merge them.")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("padding: 16px;")
        mute(self.placeholder)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.show_party(None)

    # showing --------------------------------------------------------------------------------------
    def show_party(self, rec: PartyRecord | None) -> None:
        self.record = rec
        self.error.hide()
        if rec is None:
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        widgets = (self.name, self.kind, self.role, self.aliases, self.description)
        for w in widgets:
            w.blockSignals(True)
        self.name.setText(rec.name)
        self.name.setStyleSheet("")
        self.kind.setCurrentIndex(self.kind.findData(rec.kind))
        self.role.setCurrentIndex(self.role.findData(rec.role))
        self.aliases.setPlainText("\n".join(rec.aliases))
        self.description.setPlainText(rec.description)
        for w in widgets:
            w.blockSignals(False)
        self.status_label.setText(f"{rec.status.label} · {rec.origin.label.lower()}")
        self._set_dirty(False)
        self._load_links(rec)

    def _load_links(self, rec: PartyRecord) -> None:
        """Read the lists in a worker (a party may be in 20,000 events); a newer party supersedes it."""
        if self._links_task is not None:
            self._links_task.cancel()
        self.event_model.clear()
        self.mention_model.clear()
        self.events_label.setText("<b>Events</b> — loading…")
        self.mentions_label.setText("<b>Mentioned in</b> — loading…")
        gctx, pid = self.gctx, rec.id
        self._links_task = gctx.runner.run("Loading the party's events", lambda _t: load_links(gctx, pid),
                                           self._links_loaded, gctx.bus.message.emit)

    def _links_loaded(self, links: PartyLinks) -> None:
        if self.record is None or self.record.id != links.party_id:
            return  # the user moved on
        self._links_task = None
        status_icons = {st: icon(f"status.{st.value}") for st in Status}
        cite = icon("citation")
        event_items = []
        for r in links.events:
            item = QStandardItem(status_icons[r.status], f"{r.date.display()} — {r.title}")
            item.setData(r.id, ID_ROLE)
            item.setToolTip(f"{r.status.label}. Double-click or Enter to open it in the Timeline.")
            event_items.append(item)
        self.event_model.invisibleRootItem().appendRows(event_items)
        total, shown = links.event_total, len(links.events)
        more = f" (first {EVENT_LIMIT} of {total:,})" if total > shown else f" ({total})"
        self.events_label.setText(f"<b>Events</b>{more}" if shown else "<b>Events</b> — none yet")
        mention_items = []
        for m, context in links.mentions:
            item = QStandardItem(cite, f"Ex. {m.exhibit}: {context}")
            item.setData(m, MENTION_ROLE)
            item.setToolTip("Double-click or Enter to show this passage in the Evidence tab.")
            mention_items.append(item)
        self.mention_model.invisibleRootItem().appendRows(mention_items)
        n = links.mention_total
        self.mentions_label.setText(f"<b>Mentioned in</b> ({n:,})" if n else
                                    "<b>Mentioned in</b> — no passages found yet")

    # editing --------------------------------------------------------------------------------------
    def draft(self) -> PartyDraft:
        assert self.record is not None
        rec = self.record
        return PartyDraft(self.name.text().strip(), PartyKind(self.kind.currentData()),
                          PartyRole(self.role.currentData()), split_aliases(self.aliases.toPlainText()),
                          self.description.toPlainText().strip(), rec.status, rec.origin, rec.tags)

    def save(self) -> None:
        if self.record is None:
            return
        if not self.name.text().strip():
            self.name.setStyleSheet("border: 1px solid #c0392b;")
            self._fail("A party needs a name.")
            return
        try:
            message = self._save(self.record.id, self.draft())
        except CaseFileError as exc:
            message = str(exc)
        if message:
            self._fail(message)
            return
        self._set_dirty(False)
        self.saved.emit(self.record.id)

    def is_dirty(self) -> bool:
        return self.save_button.isEnabled()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _dirty(self, *_args: object) -> None:
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    # links ----------------------------------------------------------------------------------------
    def _open_event(self, index: QModelIndex) -> None:
        eid = index.data(ID_ROLE)
        if eid is not None:
            self.gctx.bus.open_item.emit("event", int(eid))

    def _open_mention(self, index: QModelIndex) -> None:
        m: MentionRecord | None = index.data(MENTION_ROLE)
        if m is not None:
            self.gctx.bus.open_citation.emit(m.evidence_id, m.char_start, m.char_end)
