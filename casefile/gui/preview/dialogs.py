"""Small dialogs a preview opens: new event citing a passage or a moment, new party, edit exhibit."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import EvidenceKind, PartyKind
from casefile.domain.errors import CaseFileError
from casefile.domain.records import Citation, EventDraft, EvidenceRecord, PartyDraft
from casefile.gui.context import GuiContext
from casefile.gui.preview.commands import CreateEventCommand, CreatePartyCommand, EditExhibitCommand
from casefile.services.evidence_service import EvidenceEdit


def _error_label() -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setStyleSheet("color: #c0392b;")
    return label


def _parse_date(text: str) -> EventDate:
    text = text.strip()
    try:
        return EventDate(CaseDate.parse(text))
    except CaseFileError:
        from casefile.importers.spreadsheet import parse_event_date

        return parse_event_date(text)


class NewEventDialog(QDialog):
    """Prefilled from the selection; creates an event that cites exactly `citation` (undoable)."""

    def __init__(self, gctx: GuiContext, rec: EvidenceRecord, citation: Citation, title: str = "",
                 description: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx, self.citation = gctx, citation
        self.event_id: int | None = None
        self.setWindowTitle("New event")
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.date_edit = QLineEdit(rec.published.iso() if rec.published else "")
        self.date_edit.setPlaceholderText("2025-01-27, Jan 2025, around 2024…")
        self.title_edit = QLineEdit(" ".join(title.split())[:200])
        self.description_edit = QPlainTextEdit(description)
        self.description_edit.setFixedHeight(90)
        cite = QLabel(citation.locator() + (f" — “{citation.quote[:120]}”" if citation.quote else ""))
        cite.setWordWrap(True)
        cite.setObjectName("citationLabel")
        form.addRow("Date", self.date_edit)
        form.addRow("Title", self.title_edit)
        form.addRow("Description", self.description_edit)
        form.addRow("Cites", cite)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create event")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.error = _error_label()
        form.addRow(self.error)
        form.addRow(buttons)

    def accept(self) -> None:
        try:
            draft = EventDraft(
                date=_parse_date(self.date_edit.text()),
                title=self.title_edit.text(),
                description=self.description_edit.toPlainText(),
                citations=(self.citation,),
            )
            cmd = CreateEventCommand(self.gctx, draft)
        except CaseFileError as exc:
            self.error.setText(str(exc))
            return
        self.gctx.undo.push(cmd)
        self.event_id = cmd.event_id
        self.gctx.bus.message.emit(f"Created event '{draft.title}' citing {self.citation.locator()}")
        super().accept()


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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.error = _error_label()
        form.addRow(self.error)
        form.addRow(buttons)

    def accept(self) -> None:
        draft = PartyDraft(self.name_edit.text(), kind=PartyKind(self.kind_combo.currentData()))
        existing = self.gctx.case.parties.find(draft.name)
        if existing is not None:
            self.error.setText(f"'{existing.name}' is already a party in this case.")
            return
        try:
            cmd = CreatePartyCommand(self.gctx, draft)
        except CaseFileError as exc:
            self.error.setText(str(exc))
            return
        self.gctx.undo.push(cmd)
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.error = _error_label()
        form.addRow(self.error)
        form.addRow(buttons)

    def edit(self) -> EvidenceEdit:
        date = self.date_edit.text().strip()
        tags = tuple(t.strip() for t in self.tags_edit.text().split(",") if t.strip())
        return EvidenceEdit(self.exhibit_spin.value(), self.title_edit.text().strip(), self.author_edit.text().strip(),
                            CaseDate.parse(date) if date else None, self.url_edit.text().strip(),
                            EvidenceKind(self.kind_combo.currentData()), tags)

    def accept(self) -> None:
        try:
            cmd = EditExhibitCommand(self.gctx, self.rec.id, self.edit())
        except CaseFileError as exc:
            self.error.setText(str(exc))
            return
        self.gctx.undo.push(cmd)
        super().accept()
