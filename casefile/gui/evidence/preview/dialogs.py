"""Small dialogs a preview opens: new event citing a passage or a moment, new party, edit exhibit."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import EvidenceKind, PartyKind, Status
from casefile.domain.errors import CaseFileError
from casefile.domain.records import Citation, EventDraft, EvidenceRecord, PartyDraft
from casefile.gui.commands import CreateEventCommand, CreatePartyCommand, push
from casefile.gui.context import GuiContext
from casefile.gui.evidence.preview.commands import EditExhibitCommand
from casefile.gui.timeline.event_dialog import EventDialog
from casefile.services.evidence_service import EvidenceEdit


def _close_form(dialog: QDialog, form: QFormLayout, ok: QDialogButtonBox.StandardButton) -> QLabel:
    """End `form` with the line that says what is wrong (returned) and the `ok` and Cancel buttons."""
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    error = QLabel("")
    error.setWordWrap(True)
    error.setStyleSheet("color: #c0392b;")
    form.addRow(error)
    form.addRow(buttons)
    return error


class NewEventDialog(EventDialog):
    """The full event editor, prefilled from a passage or a moment: the citation (exhibit, exact span, page
    or time), a title from the passage, the exhibit's date, the parties mentioned in the passage. Saving
    creates the event (undoable); `event_id` is its id afterwards."""

    def __init__(self, gctx: GuiContext, rec: EvidenceRecord, citation: Citation, title: str = "",
                 description: str = "", parent: QWidget | None = None, party_ids: tuple[int, ...] = ()) -> None:
        self.gctx, self.citation = gctx, citation
        self.event_id: int | None = None
        shown = [Status.SUGGESTED, Status.CONFIRMED, Status.DISPUTED]
        prefill = EventDraft(date=EventDate(CaseDate(2000)), title=" ".join(title.split())[:200],
                             description=description, party_ids=party_ids, citations=(citation,))
        super().__init__(lambda: gctx.case.parties.list(shown), None, save=self._create,
                         show_citation=self._open_citation, exhibits=gctx.case.evidence.choices, parent=parent,
                         prefill=prefill,
                         date_text=rec.published.iso() if rec.published else "", runner=gctx.runner)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Create event")
        self.date_edit, self.title_edit = self.date, self.title  # the names the reduced dialog had

    def _create(self, draft: EventDraft) -> str:
        cmd = CreateEventCommand(self.gctx, draft)
        if not push(self.gctx, cmd):
            return cmd.error
        self.event_id = cmd.event_id
        cites = ", ".join(c.locator() for c in draft.citations) or "no source"
        self.gctx.bus.message.emit(f"Created event '{draft.title}' citing {cites}")
        return ""

    def _open_citation(self, c: Citation) -> None:
        start = c.char_start if c.char_start is not None else -1
        end = c.char_end if c.char_end is not None else -1
        self.gctx.bus.open_citation.emit(c.evidence_id, start, end)


class NewPartyDialog(QDialog):
    def __init__(self, gctx: GuiContext, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.party_id: int | None = None
        self.setWindowTitle("New party")
        self.setMinimumWidth(360)
        form = QFormLayout(self)
        self.name_edit = QLineEdit(" ".join(name.split())[:200])
        self.kind_combo = QComboBox()
        for k in PartyKind:
            self.kind_combo.addItem(k.label, k.value)
        form.addRow("Name", self.name_edit)
        form.addRow("Kind", self.kind_combo)
        self.error = _close_form(self, form, QDialogButtonBox.StandardButton.Ok)

    def accept(self) -> None:
        draft = PartyDraft(self.name_edit.text(), kind=PartyKind(self.kind_combo.currentData()))
        existing = self.gctx.case.parties.find(draft.name)
        if existing is not None:
            self.error.setText(f"'{existing.name}' is already a party in this case.")
            return
        cmd = CreatePartyCommand(self.gctx, draft)
        if not push(self.gctx, cmd):
            self.error.setText(cmd.error)
            return
        self.party_id = cmd.party_id
        super().accept()


class EditExhibitDialog(QDialog):
    """Exhibit number, title, author, date, URL, kind and tags; applied as one undoable command."""

    def __init__(self, gctx: GuiContext, rec: EvidenceRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx, self.rec = gctx, rec
        self.setWindowTitle(f"Edit Ex. {rec.exhibit}")
        self.setMinimumWidth(480)
        form = QFormLayout(self)
        self.exhibit_spin = QSpinBox()
        self.exhibit_spin.setRange(1, 1_000_000)
        self.exhibit_spin.setValue(rec.exhibit)
        self.title_edit = QLineEdit(rec.title)
        self.author_edit = QLineEdit(rec.author)
        self.date_edit = QLineEdit(rec.published.iso() if rec.published else "")
        self.date_edit.setPlaceholderText("YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM")
        self.url_edit = QLineEdit(rec.url)
        self.kind_combo = QComboBox()
        for k in EvidenceKind:
            self.kind_combo.addItem(k.label, k.value)
        self.kind_combo.setCurrentIndex(list(EvidenceKind).index(rec.kind))
        self.tags_edit = QLineEdit(", ".join(rec.tags))
        self.tags_edit.setPlaceholderText("comma-separated")
        for label, w in (("Exhibit", self.exhibit_spin), ("Title", self.title_edit), ("Author", self.author_edit),
                         ("Published", self.date_edit), ("URL", self.url_edit), ("Kind", self.kind_combo),
                         ("Tags", self.tags_edit)):
            form.addRow(label, w)
        self.error = _close_form(self, form, QDialogButtonBox.StandardButton.Save)

    def edit(self) -> EvidenceEdit:
        date = self.date_edit.text().strip()
        tags = tuple(t.strip() for t in self.tags_edit.text().split(",") if t.strip())
        return EvidenceEdit(self.exhibit_spin.value(), self.title_edit.text().strip(), self.author_edit.text().strip(),
                            CaseDate.parse(date) if date else None, self.url_edit.text().strip(),
                            EvidenceKind(self.kind_combo.currentData()), tags)

    def accept(self) -> None:
        try:
            edit = self.edit()
        except CaseFileError as exc:  # a date that cannot be read
            self.error.setText(str(exc))
            return
        cmd = EditExhibitCommand(self.gctx, self.rec.id, edit, self.rec.version)
        if not push(self.gctx, cmd):
            self.error.setText(cmd.error)
            return
        super().accept()
