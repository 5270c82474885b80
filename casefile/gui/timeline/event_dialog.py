"""The event editor: an honest date (precision and qualifier), what happened, who, and on what sources.

The dialog opens at once: the case's parties (2,000 of them take 100+ ms to list) are read by a worker while
the party picker says "Loading parties…"; links chosen before they arrive are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.dates import CaseDate, EventDate, parse_human_date
from casefile.domain.enums import DatePrecision, DateQualifier, Origin, Status
from casefile.domain.errors import CaseFileError, ValidationError
from casefile.domain.records import Citation, EventDraft, EventRecord, PartyRecord
from casefile.gui.icons import icon
from casefile.gui.worker import TaskRunner

PartiesSource = list[PartyRecord] | Callable[[], list[PartyRecord]]
LOADING_PARTIES = "Loading parties…"
NO_PARTIES = "No parties in this case yet."
CITATION_ROLE = Qt.ItemDataRole.UserRole + 1
PARTY_ID_ROLE = Qt.ItemDataRole.UserRole + 2

_QUALIFIER_LABELS = {
    DateQualifier.ON: "On",
    DateQualifier.AROUND: "Around (c.)",
    DateQualifier.BEFORE: "Before",
    DateQualifier.AFTER: "After",
    DateQualifier.BETWEEN: "Between",
    DateQualifier.SPAN: "From (a span)",
}
_ERROR_STYLE = "border: 1px solid #c0392b;"


_ORDER = [DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY, DatePrecision.MINUTE]
_ASK = {
    DatePrecision.MONTH: "Add the month to the date, e.g. {example} — or keep Year precision.",
    DatePrecision.DAY: "Add the day to the date, e.g. {example} — or keep a coarser precision.",
    DatePrecision.MINUTE: "Add the time to the date, e.g. {example} — or keep a coarser precision.",
}


def _example(d: CaseDate, wanted: DatePrecision) -> str:
    """`d` completed with sample values to show the form wanted (2022 -> 2022-03 for Month)."""
    known = _ORDER.index(d.precision)
    return CaseDate(d.year, d.month if known >= 1 else 3, d.day if known >= 2 else 14, 9, 30, wanted).iso()


def _at_precision(d: CaseDate, wanted: DatePrecision) -> CaseDate:
    """`d` at `wanted`: cut when coarser; refused when finer (a precision never invents a month or a day)."""
    if _ORDER.index(wanted) > _ORDER.index(d.precision):
        raise ValidationError(_ASK[wanted].format(example=_example(d, wanted)))
    return d.at(wanted)


def parse_date(text: str) -> CaseDate:
    """What the user typed, read by the one date parser (the same in every locale)."""
    if not text.strip():
        raise ValidationError("Enter a date: 2024, 2024-03, 2024-03-14 or 14 Mar 2024.")
    return parse_human_date(text)


class EventDialog(QDialog):
    """Create or edit one event. `save(draft)` (from the tab) returns an error message or ''."""

    def __init__(self, parties: PartiesSource, record: EventRecord | None = None, *,
                 save: Callable[[EventDraft], str], show_citation: Callable[[Citation], None],
                 exhibits: Callable[[], list[Any]] | None = None, parent: QWidget | None = None,
                 prefill: EventDraft | None = None, date_text: str = "", runner: TaskRunner | None = None) -> None:
        """`parties` is the list, or a function that lists them: run on `runner` (a worker) when given, the
        picker filling in when it returns. `prefill` (for a new event) fills the fields: title, description,
        parties, citations, status; `date_text` the date field as the user would type it."""
        super().__init__(parent)
        self.record, self._save, self._show_citation = record, save, show_citation
        self._exhibits = exhibits  # called when the user adds a source: (id, exhibit, title, kind) rows
        self.setWindowTitle("Edit event" if record else "New event")
        self.setMinimumSize(860, 520)

        # when -------------------------------------------------------------------------------------
        self.qualifier = QComboBox()
        for q, label in _QUALIFIER_LABELS.items():
            self.qualifier.addItem(label, q)
        self.qualifier.setAccessibleName("Date qualifier")
        self.date = QLineEdit(placeholderText="2024-03-14, Mar 2024, 2024…")
        self.date.setAccessibleName("Date")
        self.precision = QComboBox()
        for p in DatePrecision:
            self.precision.addItem(p.label, p)
        self.precision.setCurrentIndex(2)
        self.precision.setAccessibleName("Date precision")
        self.end_label = QLabel("and")
        self.end_date = QLineEdit(placeholderText="end date")
        self.end_date.setAccessibleName("End date")
        when = QHBoxLayout()
        when.addWidget(self.qualifier)
        when.addWidget(self.date, 2)
        when.addWidget(self.precision)
        when.addWidget(self.end_label)
        when.addWidget(self.end_date, 2)

        self.title = QLineEdit()
        self.title.setAccessibleName("Title")
        self.description = QPlainTextEdit()
        self.description.setAccessibleName("Description")
        self.description.setTabChangesFocus(True)
        self.status = QComboBox()
        for st in Status:
            self.status.addItem(icon(f"status.{st.value}"), st.label, st)
        self.status.setAccessibleName("Status")
        self.status.setCurrentIndex(list(Status).index(Status.CONFIRMED))
        self.asserted_by = QComboBox()
        self.asserted_by.setAccessibleName("Asserted by")
        self.asserted_by.addItem("— nobody in particular —", None)
        self.tags = QLineEdit(placeholderText="comma-separated, e.g. lawsuit, recording")
        self.tags.setAccessibleName("Tags")

        form = QFormLayout()
        form.addRow("&When:", when)
        form.addRow("&Title:", self.title)
        form.addRow("&Description:", self.description)
        form.addRow("&Status:", self.status)
        form.addRow("&Asserted by:", self.asserted_by)
        form.addRow("Ta&gs:", self.tags)
        when_label = form.labelForField(when)
        if isinstance(when_label, QLabel):
            when_label.setBuddy(self.date)

        # parties ----------------------------------------------------------------------------------
        self.party_model = QStandardItemModel(self)
        # the links until the parties are listed (saving before then keeps them)
        self._linked: tuple[int, ...] | None = record.party_ids if record else (prefill.party_ids if prefill else ())
        self._asserted_by = record.asserted_by if record else None
        self.party_proxy = QSortFilterProxyModel(self)
        self.party_proxy.setSourceModel(self.party_model)
        self.party_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.party_search = QLineEdit(placeholderText="Find a party…", clearButtonEnabled=True)
        self.party_search.setAccessibleName("Find a party")
        self.party_search.textChanged.connect(self.party_proxy.setFilterFixedString)
        self.party_list = QListView()
        self.party_list.setModel(self.party_proxy)
        self.party_list.setAccessibleName("Parties involved")
        parties_box = QVBoxLayout()
        parties_box.addWidget(QLabel("<b>Parties involved</b>"))
        parties_box.addWidget(self.party_search)
        parties_box.addWidget(self.party_list)
        self.parties_note = QLabel(LOADING_PARTIES)
        self.parties_note.setAccessibleName("Parties note")
        parties_box.addWidget(self.parties_note)

        # sources ----------------------------------------------------------------------------------
        self.source_model = QStandardItemModel(self)
        self.source_list = QListView()
        self.source_list.setModel(self.source_model)
        self.source_list.setWordWrap(True)
        self.source_list.setAlternatingRowColors(True)
        self.source_list.setAccessibleName("Sources")
        self.source_list.doubleClicked.connect(lambda _i: self._show_current())
        self.show_button = QPushButton(icon("citation"), "Show")
        self.show_button.setToolTip("Show the cited passage in the Evidence tab")
        self.show_button.clicked.connect(self._show_current)
        self.remove_button = QPushButton(icon("unlink"), "Remove")
        self.remove_button.setToolTip("Remove this source from the event")
        self.remove_button.clicked.connect(self._remove_source)
        self.add_source_button = QPushButton(icon("citation"), "Add source…")
        self.add_source_button.setToolTip("Cite an exhibit: the passage, its page or the moment in a clip")
        self.add_source_button.clicked.connect(self._ask_source)
        self.add_source_button.setEnabled(exhibits is not None)
        self.no_sources = QLabel("No sources yet. Add one here, or select a passage in the Evidence tab and "
                                 "choose New event from selection.")
        self.no_sources.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_source_button)
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        sources_box = QVBoxLayout()
        sources_box.addWidget(QLabel("<b>Sources</b>"))
        sources_box.addWidget(self.source_list)
        sources_box.addWidget(self.no_sources)
        sources_box.addLayout(buttons)

        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Error")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        grid = QGridLayout(self)
        grid.addLayout(form, 0, 0, 2, 1)
        grid.addLayout(parties_box, 0, 1)
        grid.addLayout(sources_box, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.addWidget(self.error, 2, 0, 1, 2)
        grid.addWidget(self.buttons, 3, 0, 1, 2)

        self.qualifier.currentIndexChanged.connect(self._qualifier_changed)
        self.precision.currentIndexChanged.connect(self._precision_changed)
        self.date.textEdited.connect(self._date_edited)
        self._load(record)
        if record is None and prefill is not None:
            self._prefill(prefill, date_text)
        self._qualifier_changed()
        (self.title if record else self.date).setFocus()
        if not callable(parties):
            self.set_parties(parties)
        elif runner is None:
            self.set_parties(parties())
        else:
            runner.run("Listing parties", lambda _t: parties(), self.set_parties, self._parties_failed)

    # state ----------------------------------------------------------------------------------------
    def set_parties(self, parties: list[PartyRecord]) -> None:
        """Fill the picker and the Asserted-by list; the links known before (or ticked meanwhile) stay ticked."""
        linked = set(self.party_ids())
        self._linked = None
        asserted = self.asserted_by.currentData()
        asserted = self._asserted_by if asserted is None else asserted
        self.asserted_by.blockSignals(True)
        for p in parties:
            self.asserted_by.addItem(icon(f"party.{p.kind.value}"), p.name, p.id)
            item = QStandardItem(icon(f"party.{p.kind.value}"), p.name)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if p.id in linked else Qt.CheckState.Unchecked)
            item.setData(p.id, PARTY_ID_ROLE)
            self.party_model.appendRow(item)
        self.asserted_by.setCurrentIndex(max(self.asserted_by.findData(asserted), 0))
        self.asserted_by.blockSignals(False)
        self.parties_note.setText(NO_PARTIES)
        self.parties_note.setVisible(not parties)

    def parties_loaded(self) -> bool:
        return self._linked is None

    def _parties_failed(self, message: str) -> None:
        self.parties_note.setText(f"The parties could not be listed: {message}")

    def _load(self, rec: EventRecord | None) -> None:
        if rec is None:
            self._update_sources()
            return
        self.qualifier.setCurrentIndex(self.qualifier.findData(rec.date.qualifier))
        self.date.setText(rec.date.start.iso())
        self.precision.blockSignals(True)
        self.precision.setCurrentIndex(self.precision.findData(rec.date.start.precision))
        self.precision.blockSignals(False)
        self.end_date.setText(rec.date.end.iso() if rec.date.end else "")
        self._fill(rec)

    def _prefill(self, d: EventDraft, date_text: str) -> None:
        self.date.setText(date_text)
        self._date_edited(date_text)
        self._fill(d)

    def _fill(self, d: EventDraft) -> None:
        """Title, description, status, tags and sources of an event being edited (a record is its draft and
        more) or of a new one prefilled from a passage."""
        self.title.setText(d.title)
        self.description.setPlainText(d.description)
        self.status.setCurrentIndex(self.status.findData(d.status))
        self.tags.setText(", ".join(d.tags))
        for c in d.citations:
            self._add_source(c)
        self._update_sources()

    def _add_source(self, c: Citation) -> None:
        quote = c.quote.strip()
        if len(quote) > 240:
            quote = quote[:240].rstrip() + "…"
        item = QStandardItem(icon("citation"), f"{c.locator()}\n“{quote}”" if quote else c.locator())
        item.setEditable(False)
        item.setData(c, CITATION_ROLE)
        item.setToolTip(c.quote)
        self.source_model.appendRow(item)

    def citations(self) -> tuple[Citation, ...]:
        return tuple(self.source_model.item(i).data(CITATION_ROLE) for i in range(self.source_model.rowCount()))

    def party_ids(self) -> tuple[int, ...]:
        if self._linked is not None:  # the parties are still being listed
            return tuple(self._linked)
        out = []
        for i in range(self.party_model.rowCount()):
            item = self.party_model.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(PARTY_ID_ROLE)))
        return tuple(out)

    def draft(self) -> EventDraft:
        """The event as entered; raises ValidationError (and marks the field) when something is wrong."""
        for w in (self.date, self.end_date, self.title):
            w.setStyleSheet("")
        qualifier = DateQualifier(self.qualifier.currentData())
        try:
            start = _at_precision(parse_date(self.date.text()), DatePrecision(self.precision.currentData()))
        except ValidationError:
            self.date.setStyleSheet(_ERROR_STYLE)
            self.date.setFocus()
            raise
        end = None
        if qualifier in (DateQualifier.BETWEEN, DateQualifier.SPAN):
            try:
                end = parse_date(self.end_date.text())
            except ValidationError as exc:
                self.end_date.setStyleSheet(_ERROR_STYLE)
                self.end_date.setFocus()
                raise ValidationError(f"End date: {exc}") from None
        try:
            when = EventDate(start, qualifier, end)
        except ValidationError:
            self.end_date.setStyleSheet(_ERROR_STYLE)
            raise
        if not self.title.text().strip():
            self.title.setStyleSheet(_ERROR_STYLE)
            self.title.setFocus()
            raise ValidationError("An event needs a title: what happened?")
        tags = tuple(dict.fromkeys(t.strip() for t in self.tags.text().split(",") if t.strip()))
        return EventDraft(
            date=when,
            title=self.title.text().strip(),
            description=self.description.toPlainText().strip(),
            status=Status(self.status.currentData()),
            origin=self.record.origin if self.record else Origin.MANUAL,
            asserted_by=self.asserted_by.currentData() if self.parties_loaded() else self._asserted_by,
            party_ids=self.party_ids(),
            citations=self.citations(),
            tags=tags,
            version=self.record.version if self.record else 0,
        )

    def accept(self) -> None:
        try:
            draft = self.draft()
        except CaseFileError as exc:
            self._fail(str(exc))
            return
        message = self._save(draft)
        if message:
            self._fail(message)
            return
        super().accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    # reactions ------------------------------------------------------------------------------------
    def _qualifier_changed(self) -> None:
        ranged = self.qualifier.currentData() in (DateQualifier.BETWEEN.value, DateQualifier.SPAN.value)
        self.end_label.setText("until" if self.qualifier.currentData() == DateQualifier.SPAN.value else "and")
        self.end_label.setVisible(ranged)
        self.end_date.setVisible(ranged)

    def _date_edited(self, text: str) -> None:
        try:
            d = parse_date(text)
        except ValidationError:
            return
        self.precision.blockSignals(True)
        self.precision.setCurrentIndex(self.precision.findData(d.precision))
        self.precision.blockSignals(False)
        self.date.setStyleSheet("")
        self.date.setToolTip("")
        self.error.hide()

    def _precision_changed(self) -> None:
        """Coarser cuts the date ("2022-03-14" -> "2022-03"); finer never invents the missing month, day or
        time: the field keeps what was typed and asks for the rest."""
        try:
            d = parse_date(self.date.text())
        except ValidationError:
            return
        wanted = DatePrecision(self.precision.currentData())
        if _ORDER.index(wanted) <= _ORDER.index(d.precision):
            self.date.setText(d.at(wanted).iso())
            self.date.setStyleSheet("")
            self.date.setToolTip("")
            return
        ask = _ASK[wanted].format(example=_example(d, wanted))
        self.date.setStyleSheet(_ERROR_STYLE)
        self.date.setToolTip(ask)
        self._fail(ask)
        self.date.setFocus()
        self.date.setCursorPosition(len(self.date.text()))

    def _current_citation(self) -> tuple[int, Citation] | None:
        idx = self.source_list.currentIndex()
        if not idx.isValid():
            if self.source_model.rowCount() == 1:
                return 0, self.source_model.item(0).data(CITATION_ROLE)
            return None
        return idx.row(), idx.data(CITATION_ROLE)

    def _show_current(self) -> None:
        cur = self._current_citation()
        if cur is not None:
            self._show_citation(cur[1])

    def _ask_source(self) -> None:
        from casefile.gui.timeline.citation_dialog import CitationDialog

        dialog = CitationDialog(self._exhibits() if self._exhibits else [], self)
        citation = dialog.citation() if dialog.exec() else None
        if citation is not None:
            self._add_source(citation)
            self._update_sources()
            self.source_list.setCurrentIndex(self.source_model.index(self.source_model.rowCount() - 1, 0))

    def _remove_source(self) -> None:
        cur = self._current_citation()
        if cur is not None:
            self.source_model.removeRow(cur[0])
            self._update_sources()

    def _update_sources(self) -> None:
        has = self.source_model.rowCount() > 0
        self.source_list.setVisible(has)
        self.no_sources.setVisible(not has)
        self.show_button.setEnabled(has)
        self.remove_button.setEnabled(has)
