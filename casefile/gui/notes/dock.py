"""The Notes pane: Markdown notes on the selected item (or the case), saved as the user types.

Saving is a single small write on the GUI thread, debounced while typing and forced on focus-out, on
switching item and on close, so a note is on disk well within a second of the last keystroke. A write that
meets a busy case (another writer holds the lock) is queued, shown as unsaved ("Case busy — retrying…") and
retried with a growing pause until it lands; switching item never drops it.

The pane follows `bus.notes_target`, which the window emits for the visible tab's selection only. What the
item is called and which notes it has are read by a worker (the newest request wins): selecting rows never
waits for the case on the GUI thread. Meanwhile the editor is an empty new note on the item, so nothing typed
is lost: it becomes that item's note.

Each save passes the version of the note the editor started from. When someone else saved the note meanwhile
(a team case), the typed text is never lost and never overwrites theirs: it becomes a conflict copy beside
their note, shown and selected, and the pane says who changed the note and when.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.enums import TargetType
from casefile.domain.errors import CaseFileError, CaseStorageError, StaleEditError
from casefile.domain.records import NoteRecord
from casefile.gui.context import GuiContext
from casefile.gui.elided import ElidedLabel, mute
from casefile.gui.icons import icon
from casefile.gui.markdown import SafeTextBrowser, render_markdown
from casefile.gui.notes.all_notes import AllNotesView, first_line, target_label
from casefile.gui.notes.parts import DeleteNoteCommand, Listing, Write, note_item, tool_button
from casefile.gui.worker import BUSY_BACKOFF_MS, BUSY_MESSAGE, Task, is_busy

SAVE_DELAY_MS = 300
MIN_WIDTH = 320  # a note's lines and the header read at this width; the window's tabs give up the room
LIST_ROWS = 4  # at most this many notes show before the list scrolls
_HEADER = {TargetType.CASE: "Notes on the case", TargetType.EVENT: "Notes on event",
           TargetType.PARTY: "Notes on party", TargetType.EVIDENCE: "Notes on exhibit"}


class NotesDock(QDockWidget):
    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__("Notes", parent)
        self.setObjectName("NotesDock")
        self.gctx = gctx
        self.target = TargetType.CASE
        self.target_id: int | None = None
        self.note_id: int | None = None
        self._notes: list[NoteRecord] = []
        self._shown: tuple[TargetType, int | None] | None = None  # the item whose notes the editor shows
        self._generation = 0  # of the newest listing asked for; older answers are dropped
        self._names: dict[tuple[TargetType, int | None], str] = {}  # items' names, read by the workers
        self._versions: dict[int, int] = {}  # note id -> the version this pane's copy of it was read or saved at
        self._dirty = False
        self._loading = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush)
        self._pending: list[Write] = []  # writes that met a busy case, oldest first
        self._draft: object = object()
        self._retries = 0
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._drain)

        self.header = ElidedLabel("")
        self.header.setStyleSheet("font-weight: 600;")
        self.add_button = tool_button("New note on this item", meaning="add")
        self.delete_button = tool_button("Delete this note", meaning="delete")
        self.preview_button = tool_button("Show the rendered note below the editor", text="Preview")
        self.preview_button.setCheckable(True)
        self.preview_button.setChecked(True)
        self.add_button.clicked.connect(self.new_note)
        self.delete_button.clicked.connect(self.delete_note)
        self.preview_button.toggled.connect(self._show_preview)
        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.header, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.delete_button)
        top.addWidget(self.preview_button)

        self.note_list = QListWidget()
        self.note_list.setAccessibleName("Notes on this item")
        self.note_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.note_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.note_list.setWordWrap(False)
        self.note_list.setUniformItemSizes(True)
        self.note_list.currentRowChanged.connect(self._note_chosen)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("Write a note in Markdown — it is saved as you type.")
        self.editor.setAccessibleName("Note text")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.textChanged.connect(self._typed)
        self.editor.installEventFilter(self)
        self.rendered = SafeTextBrowser()
        self.rendered.setPlaceholderText("The rendered note appears here.")
        self.rendered.document().setDocumentMargin(8)
        # stacked, not side by side: the pane is narrow, and a note reads best at the pane's full width
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.editor)
        self.split.addWidget(self.rendered)
        self.split.setSizes([1, 1])
        self.saved_label = QLabel("")
        mute(self.saved_label)

        item_page = QWidget()
        il = QVBoxLayout(item_page)
        il.setContentsMargins(6, 6, 6, 4)
        il.setSpacing(6)
        il.addLayout(top)
        il.addWidget(self.note_list)
        il.addWidget(self.split, 1)
        il.addWidget(self.saved_label)
        self.all_notes = AllNotesView(gctx)
        self.all_notes.activated.connect(self._open_from_list)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(item_page, icon("note"), "This item")
        self.tabs.addTab(self.all_notes, icon("notes"), "All notes")
        self.tabs.currentChanged.connect(lambda i: self.flush())
        self.setWidget(self.tabs)
        self.setMinimumWidth(MIN_WIDTH)

        gctx.bus.notes_target.connect(self.show_target)
        gctx.bus.changed.connect(self._case_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)
        self.reload()
        self.all_notes.reload()  # again only when notes change (`bus.changed`), not at each selection

    def _show_preview(self, on: bool) -> None:
        self.rendered.setVisible(on)

    # target ----------------------------------------------------------------------------------------
    def show_target(self, target: str, target_id: int) -> None:
        """Show the notes of an item (`bus.notes_target`); "case" or an id of -1 shows the case's notes."""
        self.flush()
        t = TargetType(target)
        self.target = t
        self.target_id = None if t is TargetType.CASE or target_id < 0 else target_id
        if self.target_id is None:
            self.target = TargetType.CASE
        self.reload()

    def reload(self, keep: int | None = None) -> None:
        """List the item's notes in a worker; `keep` (or the note shown, on the same item) is selected then."""
        self.flush()
        target, target_id = self.target, self.target_id
        moved = (target, target_id) != self._shown
        keep = keep if keep is not None else (None if moved else self.note_id)
        self._shown = (target, target_id)
        self._generation += 1
        generation = self._generation
        self.header.setText(self._header_text(target, target_id, self._names.get((target, target_id))))
        if moved:  # an empty new note on the item until its notes arrive: what is typed lands on the item
            self._notes = []
            self._fill_list_only()
            self._load_note(None, "")
        gctx = self.gctx

        def job(_task: Task) -> Listing:
            name = "" if target is TargetType.CASE else target_label(gctx, target, target_id)
            try:
                return Listing(generation, keep, target, target_id, name, gctx.case.notes.list(target, target_id))
            except CaseFileError as exc:
                return Listing(generation, keep, target, target_id, name, [], str(exc))

        gctx.runner.run("Listing the item's notes", job, self._listed)

    @staticmethod
    def _header_text(target: TargetType, target_id: int | None, name: str | None) -> str:
        label = _HEADER[target]
        if target is TargetType.CASE or not name:
            return label
        return label + (": " + name if target is TargetType.EVIDENCE else ": " + name.split(": ", 1)[-1])

    def _listed(self, listing: Listing) -> None:
        """A worker's listing arrived: shown unless a newer one was asked for meanwhile."""
        if listing.generation != self._generation:
            return
        self._names[(listing.target, listing.target_id)] = listing.name
        self.header.setText(listing.error or self._header_text(listing.target, listing.target_id, listing.name))
        typing = self._dirty or (self.note_id is None and any(w.draft is self._draft for w in self._pending))
        if typing or (self.note_id is not None and listing.keep is None):  # the user started a note meanwhile
            listed = {n.id for n in listing.notes}
            self._notes = listing.notes + [n for n in self._notes if n.id == self.note_id and n.id not in listed]
            self._fill_list_only()
            return
        self._fill(listing.notes, keep=listing.keep)

    def _fill(self, notes: list[NoteRecord], keep: int | None = None) -> None:
        self._notes = notes
        self.note_list.blockSignals(True)
        self.note_list.clear()
        for n in notes:
            self.note_list.addItem(note_item(n))
        self.note_list.blockSignals(False)
        self._fit_list()
        ids = [n.id for n in notes]
        row = ids.index(keep) if keep in ids else (len(notes) - 1 if notes else -1)
        if row >= 0:
            self.note_list.setCurrentRow(row)  # loads it through _note_chosen
            if self.note_list.signalsBlocked() or self.note_id != ids[row]:
                self._note_chosen(row)
        else:
            self._load_note(None, "")
        writable = not self.gctx.read_only
        self.editor.setReadOnly(not writable)
        self.add_button.setEnabled(writable)
        if not writable:
            self.editor.setPlaceholderText("No notes on this item. Notes cannot be written in a read-only window.")
            self.saved_label.setText(self.gctx.read_only_reason)
            self.saved_label.setWordWrap(True)

    def _note_chosen(self, row: int) -> None:
        if row < 0 or row >= len(self._notes):
            return
        self.flush()
        try:
            note = self.gctx.case.notes.get(self._notes[row].id)
        except CaseFileError:
            return
        self._load_note(note.id, note.text, note.version)

    def _load_note(self, note_id: int | None, text: str, version: int = 0) -> None:
        waiting = next((w for w in self._pending if note_id is not None and w.note_id == note_id), None)
        self._loading = True
        self.note_id = note_id
        if note_id is not None and waiting is None:
            self._versions[note_id] = version
        self._draft = waiting.draft if waiting is not None else object()
        self.editor.setPlainText(waiting.text if waiting is not None else text)
        self._loading = False
        self._dirty = False
        render_markdown(self.rendered, self.editor.toPlainText())
        self.delete_button.setEnabled(note_id is not None and not self.gctx.read_only)
        self.saved_label.setText(BUSY_MESSAGE if waiting is not None else
                                 self.gctx.read_only_reason if self.gctx.read_only else "")

    def _open_from_list(self, note_id: int, target: str, target_id: int) -> None:
        self.flush()
        t = TargetType(target)
        self.target, self.target_id = (TargetType.CASE, None) if t is TargetType.CASE or target_id < 0 else (
            t, target_id)
        self.reload(keep=note_id)
        self.tabs.setCurrentIndex(0)

    # editing and saving ----------------------------------------------------------------------------
    def _typed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self.saved_label.setText("Editing…")
        self._save_timer.start()

    def flush(self) -> bool:
        """Write the editor's text now if it changed (creating the note on the first words typed).

        Returns whether everything typed is on disk; when the case is busy the text waits in a queue that
        is retried until it lands, and the pane says so.
        """
        self._save_timer.stop()
        if self.gctx.read_only:
            return True
        if self._dirty:
            self._dirty = False
            self._queue(Write(self._draft, self.note_id, self.target, self.target_id, self.editor.toPlainText()))
        if self._retry_timer.isActive():  # the case is busy: the queued retry writes it (no freeze per keystroke)
            return False
        return self._drain()

    def save_now(self) -> bool:
        """Like flush, but tries at once even while a retry is scheduled (before the case closes)."""
        self.flush()
        return self._drain()

    def has_unsaved(self) -> bool:
        return self._dirty or bool(self._pending)

    def _queue(self, write: Write) -> None:
        for i, w in enumerate(self._pending):
            if w.draft is write.draft:  # newer text of the same note replaces the waiting one
                write.note_id = w.note_id if write.note_id is None else write.note_id
                self._pending[i] = write
                return
        if write.note_id is None and not write.text.strip():
            return  # an empty new note is not a note
        self._pending.append(write)

    def _drain(self) -> bool:
        """Write the queued texts in order; on a busy case, retry later with a longer pause."""
        self._retry_timer.stop()
        while self._pending:
            write = self._pending.pop(0)  # out of the queue while written: views refreshed by it see it saved
            try:
                self._write(write)
            except Exception as exc:
                busy = is_busy(exc)
                if not busy and not isinstance(exc, CaseStorageError):
                    if isinstance(exc, CaseFileError):  # the note itself was refused: retrying cannot help
                        self.saved_label.setText(f"Not saved: {exc}")
                        continue
                    self._pending.insert(0, write)
                    raise
                # a busy, full or read-only case: the text stays queued and is written when the case can take it
                self._pending.insert(0, write)
                delay = BUSY_BACKOFF_MS[min(self._retries, len(BUSY_BACKOFF_MS) - 1)]
                self._retries += 1
                self._retry_timer.start(delay)
                if write.draft is self._draft:
                    render_markdown(self.rendered, write.text)  # the preview follows the text, saved or not
                why = BUSY_MESSAGE if busy else f"{exc} Retrying…"
                self.saved_label.setText(f"Not saved yet. {why}")
                self.gctx.bus.message.emit(f"Note not saved yet. {why}")
                return False
            if write.draft is self._draft:
                self.saved_label.setText("Saved")
        if self._retries:
            self._retries = 0
            self.gctx.bus.message.emit("Notes saved")
        return True

    def _write(self, write: Write) -> None:
        current = write.draft is self._draft
        if write.note_id is None:
            write.note_id = self.gctx.case.notes.create(write.text, write.target, write.target_id)
            self._versions[write.note_id] = 1
            if current:
                self.note_id = write.note_id
            if current and write.target is self.target and write.target_id == self.target_id:
                self._after_create()
            else:
                self.all_notes.reload()
                self.gctx.bus.changed.emit("notes")
        else:
            try:
                _before, version = self.gctx.case.notes.save(write.note_id, write.text,
                                                             self._versions.get(write.note_id))
            except StaleEditError as stale:
                self._keep_conflict_copy(write, stale)
                return
            self._versions[write.note_id] = version
            self.all_notes.model.update_text(write.note_id, write.text)
            if current:
                self._rename_current(write.text)
        if current:
            render_markdown(self.rendered, write.text)

    def _keep_conflict_copy(self, write: Write, stale: StaleEditError) -> None:
        """Someone else saved this note since the pane read it: their text stays, the typed text becomes a new
        note on the same item (a conflict copy), shown and selected, so nothing is lost or silently replaced."""
        change = stale.change
        who = getattr(change, "actor", "") or "someone else"
        when = getattr(change, "at", None)
        at = f" at {when:%Y-%m-%d %H:%M}" if when is not None else ""
        theirs = getattr(stale.current, "version", 0)
        self._versions[stale.entity_id] = theirs
        header = f"Conflict copy — your text; {who} changed the note{at}.\n\n"
        text = header + write.text
        copy_id = self.gctx.case.notes.create(text, write.target, write.target_id)
        self._versions[copy_id] = 1
        message = (f"{who} changed this note{at} while you were writing. Their text is kept as the note; "
                   "yours is kept as a conflict copy (selected).")
        if write.draft is self._draft and write.target is self.target and write.target_id == self.target_id:
            self._notes = self.gctx.case.notes.list(self.target, self.target_id)
            cursor = self.editor.textCursor().position()
            self._load_note(copy_id, text, 1)
            c = self.editor.textCursor()
            c.setPosition(min(len(header) + cursor, len(text)))  # typing goes on where it was
            self.editor.setTextCursor(c)
            self._fill_list_only()
            self.saved_label.setText(message)
            self.saved_label.setWordWrap(True)
        self.all_notes.reload()
        self.gctx.bus.changed.emit("notes")
        self.gctx.bus.message.emit(message)

    def _after_create(self) -> None:
        self._notes = self.gctx.case.notes.list(self.target, self.target_id)
        self.delete_button.setEnabled(True)
        self._fill_list_only()
        self.all_notes.reload()
        self.gctx.bus.changed.emit("notes")

    def _fill_list_only(self) -> None:
        self.note_list.blockSignals(True)
        self.note_list.clear()
        for n in self._notes:
            item = note_item(n)
            self.note_list.addItem(item)
            if n.id == self.note_id:
                self.note_list.setCurrentItem(item)
        self._fit_list()
        self.note_list.blockSignals(False)

    def _fit_list(self) -> None:
        """Show the list only when there is a choice, tall enough for its notes up to LIST_ROWS."""
        count = self.note_list.count()
        self.note_list.setVisible(count > 1)
        row = self.note_list.sizeHintForRow(0) if count else self.note_list.fontMetrics().height() + 4
        frame = 2 * self.note_list.frameWidth()
        self.note_list.setFixedHeight(row * max(2, min(count, LIST_ROWS)) + frame)

    def _rename_current(self, text: str) -> None:
        item = self.note_list.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == self.note_id:
            item.setText(first_line(text))
            item.setToolTip(first_line(text))

    def new_note(self) -> None:
        self.flush()
        self._load_note(None, "")
        self.note_list.blockSignals(True)
        self.note_list.clearSelection()
        self.note_list.setCurrentRow(-1)
        self.note_list.blockSignals(False)
        self.editor.setFocus()

    def delete_note(self) -> None:
        if self.note_id is None:
            return
        self.flush()
        if self.editor.toPlainText().strip():
            answer = QMessageBox.question(self, "Delete note", "Delete this note?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._pending = [w for w in self._pending if w.note_id != self.note_id]
        self.gctx.undo.push(DeleteNoteCommand(self.gctx, self.note_id))
        self.note_id = None
        self.reload()

    def _case_changed(self, kind: str) -> None:
        if kind == "notes":
            if not self.has_unsaved():
                target, target_id, generation = self.target, self.target_id, self._generation
                self.gctx.runner.run("Listing the item's notes",
                                     lambda _t: (generation, self.gctx.case.notes.list(target, target_id)),
                                     self._relisted)
            self.all_notes.reload()
        elif kind in ("events", "parties", "evidence"):
            self.all_notes.reload()

    def _relisted(self, answer: tuple[int, list[NoteRecord]]) -> None:
        """Someone saved, added or deleted notes: the list follows, and the note shown if another changed it."""
        generation, notes = answer
        if generation != self._generation or self.has_unsaved():
            return  # the pane moved on, or the user typed meanwhile (their save refreshes it)
        self._notes = notes
        now = {n.id: n for n in notes}
        if self.note_id not in now:
            self.reload()
            return
        self._fill_list_only()
        mine = now[self.note_id]
        if mine.version != self._versions.get(mine.id, mine.version):
            self._show_newer(mine)  # someone else saved the note shown: show their text

    def _show_newer(self, note: NoteRecord) -> None:
        """The note shown, as another person just saved it (nothing typed here is waiting), cursor kept."""
        cursor = self.editor.textCursor().position()
        self._load_note(note.id, note.text, note.version)
        c = self.editor.textCursor()
        c.setPosition(min(cursor, len(note.text)))
        self.editor.setTextCursor(c)
        self.saved_label.setText("Updated: someone else changed this note")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def closeEvent(self, event) -> None:  # noqa: ANN001
        self.flush()
        super().closeEvent(event)

    def hideEvent(self, event) -> None:  # noqa: ANN001
        self.flush()
        super().hideEvent(event)

