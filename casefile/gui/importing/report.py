"""The import report: one row per file (its fate and suggestion count), the transcription and suggestion lines.

The dialog opens at once after a large import: rows are handed to the view a page at a time as it scrolls
(`canFetchMore`/`fetchMore`), and column widths come from what a column can hold (the header, the four
results, the widest exhibit number, a sample of file names), never from measuring every row.
"""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.enums import ImportStatus
from casefile.domain.printable import printable
from casefile.domain.records import ImportOutcome, ImportReport
from casefile.gui.icons import icon
from casefile.gui.importing.controller import ImportController
from casefile.services.suggestion_service import SuggestReport
from casefile.services.transcription_service import TranscribeReport

PAGE_ROWS = 50  # rows handed to the view at a time
NAME_SAMPLE = 60  # file names measured for the File column's width
FILE_WIDTH_MAX = 260
ICON_ROOM = 28  # a decoration and the cell's margins

# the report -----------------------------------------------------------------------------------------
class OutcomeModel(QAbstractTableModel):
    FILE, RESULT, EXHIBIT, SUGGESTIONS, DETAIL = range(5)
    HEADERS = ("File", "Result", "Exhibit", "Suggestions", "Details")
    SORT_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, outcomes: tuple[ImportOutcome, ...] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        order = {ImportStatus.FAILED: 0, ImportStatus.SKIPPED: 1, ImportStatus.DUPLICATE: 2,
                 ImportStatus.IMPORTED: 3}
        self.outcomes = sorted(outcomes, key=lambda o: order.get(o.status, 9))
        self.finding = False  # the suggestion pass is still running: imported files show "finding…"
        self.shown = min(PAGE_ROWS, len(self.outcomes))  # rows the view has been given so far

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self.shown < len(self.outcomes)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or self.shown >= len(self.outcomes):
            return
        more = min(PAGE_ROWS, len(self.outcomes) - self.shown)
        self.beginInsertRows(QModelIndex(), self.shown, self.shown + more - 1)
        self.shown += more
        self.endInsertRows()

    def set_suggestions(self, counts: dict[int, int], finding: bool = False) -> None:
        """Each imported file's suggestion count, once the suggestion pass has read it."""
        self.outcomes = [o if o.evidence_id not in counts or o.status is not ImportStatus.IMPORTED
                         else dataclasses.replace(o, suggestions=counts[o.evidence_id]) for o in self.outcomes]
        self.finding = finding
        if self.shown:
            self.dataChanged.emit(self.index(0, self.SUGGESTIONS), self.index(self.shown - 1, self.SUGGESTIONS))

    def _suggestions_text(self, o: ImportOutcome) -> str:
        if o.status is not ImportStatus.IMPORTED:
            return ""
        if o.suggestions is not None:
            return str(o.suggestions)
        return "finding…" if self.finding else "not yet"

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.shown

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def column_widths(self, metrics: QFontMetrics) -> dict[int, int]:
        """Widths that fit what each narrow column can hold, from a sample rather than every row."""
        def fit(*texts: str) -> int:
            return max(metrics.horizontalAdvance(t) for t in texts) + 16

        names = [self.data(self.index(r, self.FILE)) or "" for r in range(min(NAME_SAMPLE, self.shown))]
        widest = max((o.exhibit or 0 for o in self.outcomes), default=0)
        return {
            self.FILE: min(fit(self.HEADERS[self.FILE], *names) + 12, FILE_WIDTH_MAX),
            self.RESULT: fit(self.HEADERS[self.RESULT], *(s.value.capitalize() for s in ImportStatus)) + ICON_ROOM,
            self.EXHIBIT: fit(self.HEADERS[self.EXHIBIT], f"Ex. {widest}"),
            self.SUGGESTIONS: fit(self.HEADERS[self.SUGGESTIONS], "finding…", "not yet", "99999"),
        }

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.shown:
            return None
        o = self.outcomes[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.FILE:
                return printable(Path(o.path).name or o.path)
            if col == self.RESULT:
                return o.status.value.capitalize()
            if col == self.EXHIBIT:
                return f"Ex. {o.exhibit}" if o.exhibit else ""
            if col == self.SUGGESTIONS:
                return self._suggestions_text(o)
            return printable(o.reason)
        if role == Qt.ItemDataRole.ToolTipRole:
            return printable(o.path) if col == self.FILE else (printable(o.reason) or None)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.SUGGESTIONS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and col == self.RESULT:
            return icon({ImportStatus.IMPORTED: "ok", ImportStatus.DUPLICATE: "info",
                         ImportStatus.FAILED: "error", ImportStatus.SKIPPED: "warning"}[o.status])
        if role == self.SORT_ROLE:
            return (o.path, o.status.value, o.exhibit or 0, o.suggestions or 0, o.reason)[col]
        return None


class _ReadFromTheStart(QStyledItemDelegate):
    """A reason is read from its start, so it is cut at the end ("the file is empty: noth…"), not in the
    middle as the names of files are."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight


def report_html(report: ImportReport) -> str:
    head = f"<b>{report.imported} imported</b>, {report.duplicates} already in the case, " \
           f"{report.failed} failed"
    if report.skipped_hidden:
        head += f", {report.skipped_hidden} hidden or system files skipped"
    if report.cancelled:
        head += " — <b>cancelled</b>; files after that point were not imported"
    if report.stopped:
        head += f" — <b>the import stopped</b>: {html.escape(report.stopped)}; the files marked Failed are not " \
                "in the case"
    return head + "."


def transcription_html(result: TranscribeReport) -> str:
    """The line about the transcription pass: how many clips were heard, or why none could be."""
    if result.unavailable:
        return f"<b>Transcription unavailable:</b> {html.escape(result.unavailable.split(': ', 1)[-1])} " \
               f"{result.total} clip{'' if result.total == 1 else 's'} wait for it. " \
               "<a href='speech-settings'>Choose a speech model…</a>"
    return html.escape(result.summary()[:1].upper() + result.summary()[1:]) + "."


def suggestions_html(result: SuggestReport | None, finding: bool) -> str:
    """The line under the summary about the suggestion pass (and the model, when it is missing)."""
    if finding:
        return "Finding suggested events and parties… the counts appear here when it is done."
    if result is None:
        return ""
    text = f"{result.suggestions} suggested events and parties to review in the Timeline and Parties tabs"
    if result.cancelled:
        text += f"; stopped with {result.total - result.done} exhibits still waiting (they are read after " \
                "the next import, or when the case is opened again)"
    if not result.model.available and result.model.message:
        text += f".<br><b>Suggestions are limited:</b> {html.escape(result.model.message)}"
    return text + ("" if text.endswith(".") else ".")


class ImportReportDialog(QDialog):
    """What each dropped file became: imported (with its exhibit number), duplicate, or failed and why."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None,
                 controller: ImportController | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Import report")
        self.setAccessibleName("Import report")
        self.resize(760, 380)
        lay = QVBoxLayout(self)
        self.summary = QLabel(report_html(report))
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        finding = controller is not None and report.imported > 0 and controller.suggestions_due
        self.suggestion_note = QLabel(suggestions_html(None, finding))
        self.suggestion_note.setWordWrap(True)
        self.suggestion_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.suggestion_note.setVisible(finding)
        lay.addWidget(self.suggestion_note)
        self.model = OutcomeModel(report.outcomes, self)
        self.model.finding = finding
        self.transcription_note = QLabel("")
        self.transcription_note.setWordWrap(True)
        self.transcription_note.setAccessibleName("Transcription")
        self.transcription_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.transcription_note.linkActivated.connect(self.choose_speech_model)
        self.controller = controller
        self.transcription_note.hide()
        lay.addWidget(self.transcription_note)
        if controller is not None:
            controller.suggested.connect(self.show_suggestions)
            controller.transcribed.connect(self.show_transcription)
        self.table = QTableView()
        self.table.setAccessibleName("Imported files")
        self.table.setModel(self.model)
        # one line per file, every row the same height: long names elide in the middle (the full path and
        # reason are tooltips), so a failure's reason never makes its row taller than the others
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        # widths from what each column can hold (ResizeToContents measured every row at every layout)
        for col, width in self.model.column_widths(self.table.fontMetrics()).items():
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        header.setSectionResizeMode(OutcomeModel.DETAIL, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegateForColumn(OutcomeModel.DETAIL, _ReadFromTheStart(self.table))
        lay.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)

    def choose_speech_model(self, _link: str = "") -> None:
        """The model is missing or unusable: choose one, then the waiting clips are transcribed."""
        from casefile.gui.settings import SpeechSettingsDialog

        dialog = SpeechSettingsDialog(self)
        if dialog.exec() and self.controller is not None:
            self.controller.suggest_waiting()

    def show_transcription(self, result: TranscribeReport) -> None:
        """The transcription pass finished: transcripts made, or why clips could not be heard."""
        if result.total:
            self.transcription_note.setText(transcription_html(result))
            self.transcription_note.show()

    def show_suggestions(self, result: SuggestReport) -> None:
        """The suggestion pass finished: each file's count, and a word about the model when it is missing."""
        self.model.set_suggestions(result.counts)
        self.suggestion_note.setText(suggestions_html(result, False))
        self.suggestion_note.setVisible(True)
