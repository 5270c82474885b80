"""Imports in the background: a progress panel (count, current file, Cancel) and the final report.

`ImportController` turns a drop or paste into one job on the TaskRunner, queueing drops that arrive while
one is running, so exhibits are numbered in the order things were dropped. Storing and reading (pass 1) come
first, so the exhibits appear at once; clips are then transcribed (its own job, progress and Cancel, so the
suggestions read what was said); finding events and parties (pass 2, slower) follows as its own job with
its own progress and Cancel, and the report fills in how many suggestions each file gave.
"""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.enums import ImportStatus
from casefile.domain.printable import printable
from casefile.domain.records import ImportOutcome, ImportReport
from casefile.gui.context import GuiContext
from casefile.gui.drop import DropPayload
from casefile.gui.icons import icon
from casefile.gui.worker import Lane, Task
from casefile.services.suggestion_service import SuggestProgress, SuggestReport
from casefile.services.transcription_service import TranscribeProgress, TranscribeReport


def run_import(gctx: GuiContext, payload: DropPayload, task: Task) -> ImportReport:
    """The job (worker thread): files through import_paths, then links and text; one combined report."""
    imports = gctx.case.imports
    imports.suggest_inline = False  # pass 2 is its own job, after this one
    outcomes: list[ImportOutcome] = []
    hidden = 0
    cancelled = False
    stopped = ""
    extra = len(payload.urls) + (1 if payload.text.strip() else 0) + (1 if payload.html.strip() else 0)
    if payload.paths:
        def progress(p: Any) -> None:
            task.report(p.done, p.total + extra, p.current)

        report = imports.import_paths(payload.paths, progress=progress, cancelled=task.is_cancelled)
        outcomes.extend(report.outcomes)
        hidden, cancelled, stopped = report.skipped_hidden, report.cancelled, report.stopped
        if stopped:  # the database refuses writes: nothing more can be imported now
            return ImportReport(tuple(outcomes), hidden, cancelled, stopped)
    done = len(outcomes)
    total = done + extra
    for url, title in payload.urls:
        if task.is_cancelled():
            cancelled = True
            break
        task.report(done, total, url)
        outcomes.append(imports.import_url(url, title))
        done += 1
    if payload.text.strip() and not task.is_cancelled():
        task.report(done, total, "dropped text")
        outcomes.append(imports.import_text(payload.text, _text_name(payload.text)))
        done += 1
    if payload.html.strip() and not task.is_cancelled():
        task.report(done, total, "dropped page")
        outcomes.append(imports.import_bytes(payload.html.encode("utf-8"), "Dropped selection.html", "dropped"))
        done += 1
    task.report(done, total, "")
    return ImportReport(tuple(outcomes), hidden, cancelled or task.is_cancelled(), stopped)


def run_suggest(gctx: GuiContext, task: Task) -> SuggestReport:
    """The suggestion job (worker thread): every exhibit still waiting, one short transaction each."""
    def progress(p: SuggestProgress) -> None:
        task.report(p.done, p.total, p.current)

    result = gctx.case.suggestions.run(progress=progress, cancelled=task.is_cancelled)
    gctx.case.transcriptions.anchor_citations()  # events read from a transcript cite the clip at the moment
    # a clip's row in the report counts what its machine transcript gave
    return dataclasses.replace(result, counts=gctx.case.transcriptions.fold_counts(result.counts))


def run_transcribe(gctx: GuiContext, task: Task) -> TranscribeReport:
    """The transcription job (worker thread): every clip without a transcript; reports hundredths of clips."""
    def progress(p: TranscribeProgress) -> None:
        task.report(int((p.done + p.fraction) * 100), p.total * 100, p.current)

    return gctx.case.transcriptions.run(progress=progress, cancelled=task.is_cancelled)


def _text_name(text: str) -> str:
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "Pasted text")
    safe = "".join(c for c in first[:50] if c.isalnum() or c in " -_,.'").strip(" .") or "Pasted text"
    return f"{safe}.txt"


class ImportController(QObject):
    """Runs imports one after another and tells the window what happened."""

    started = Signal(object)  # Task (an import, or the suggestion pass when `suggesting`)
    finished = Signal(object)  # ImportReport: the files are in the case
    suggested = Signal(object)  # SuggestReport: the suggestion pass after it is done (or cancelled)
    transcribed = Signal(object)  # TranscribeReport: the transcription pass (before the suggestions)
    failed = Signal(str)

    def __init__(self, gctx: GuiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.task: Task | None = None
        self.pending: list[DropPayload] = []
        self.last_report: ImportReport | None = None
        self.last_suggestions: SuggestReport | None = None
        self.suggesting = False  # the running task is the suggestion pass
        self.transcribing = False  # the running task is the transcription pass
        self._transcribed = False  # this round's transcription pass has run (or is running)
        self.last_transcription: TranscribeReport | None = None
        self._suggest_due = False
        self.chronology_dialogs: list[QWidget] = []
        gctx.case.imports.auto_chronology = False  # rows become events after the column-mapping preview

    @property
    def busy(self) -> bool:
        return self.task is not None

    @property
    def suggestions_due(self) -> bool:
        """The suggestion pass is running or about to start."""
        return self.suggesting or self._suggest_due

    def submit(self, payload: DropPayload) -> None:
        if not payload:
            return
        if self.gctx.case.read_only:
            self.failed.emit("This case is open read-only; nothing can be imported into it.")
            return
        self.pending.append(payload)
        if self.task is None:
            self._next()

    def import_paths(self, paths: list[Path]) -> None:
        self.submit(DropPayload(paths=list(paths)))

    def cancel(self) -> None:
        self.pending.clear()
        self._suggest_due = False  # what is left waits for the next import (the pass is resumable)
        if self.task is not None:
            self.task.cancel()

    def suggest_waiting(self) -> None:
        """Run the passes for what is still waiting (an earlier pass was cancelled or killed, `import --quick`)."""
        case = self.gctx.case
        if case.read_only or (case.suggestions.waiting() == 0 and case.transcriptions.waiting() == 0):
            return
        self._suggest_due = True
        self._transcribed = False
        if self.task is None:
            self._next()

    def _next(self) -> None:
        if not self.pending:
            if self._suggest_due:
                self._start_suggestions()
            return
        payload = self.pending.pop(0)
        label = f"Importing {payload.describe()}"
        gctx = self.gctx
        self.suggesting = self.transcribing = False
        task = gctx.runner.run(label, lambda t: run_import(gctx, payload, t), self._done, self._error,
                               lane=Lane.BACKGROUND)
        if task.running:
            self.task = task
            self.started.emit(task)

    def _start_transcription(self) -> bool:
        """Clips are heard before suggestions are looked for, so extraction reads the transcripts."""
        gctx = self.gctx
        if self._transcribed or gctx.case.transcriptions.waiting() == 0:
            return False
        self._transcribed = True
        self.transcribing, self.suggesting = True, False
        task = gctx.runner.run("Transcribing clips", lambda t: run_transcribe(gctx, t), self._transcription_done,
                               self._error, lane=Lane.BACKGROUND)
        if task.running:
            self.task = task
            self.started.emit(task)
        return True

    def _transcription_done(self, result: TranscribeReport) -> None:
        self.task = None
        self.transcribing = False
        self.last_transcription = result
        if result.transcripts:
            self.gctx.bus.changed_all()
        self.gctx.bus.message.emit(f"Transcription: {result.summary()}")
        self.transcribed.emit(result)
        self._next()

    def _start_suggestions(self) -> None:
        if self._start_transcription():
            return
        self._suggest_due = False
        gctx = self.gctx
        if gctx.case.suggestions.waiting() == 0:
            if self.last_report is not None and self.last_report.imported:
                self.suggested.emit(SuggestReport(model=gctx.case.suggestions.model()))
            return
        self.suggesting = True
        task = gctx.runner.run("Finding suggestions", lambda t: run_suggest(gctx, t), self._suggestions_done,
                               self._error, lane=Lane.BACKGROUND)
        if task.running:
            self.task = task
            self.started.emit(task)

    def _done(self, report: ImportReport) -> None:
        self.task = None
        self.last_report = report
        # a cancelled or stopped import is not followed by suggestions; they wait for the next import
        self._suggest_due = not report.cancelled and not report.stopped
        self._transcribed = False  # a new round: the clips just imported are heard first
        self.gctx.bus.changed_all()
        self.gctx.bus.message.emit(f"Import finished: {report.summary()}")
        self.finished.emit(report)
        self._offer_chronologies(report)
        self._next()

    def _suggestions_done(self, result: SuggestReport) -> None:
        self.task = None
        self.suggesting = False
        self.last_suggestions = result
        if result.done:  # new suggestions (and maybe authors found in credit lines) to show
            self.gctx.bus.changed_all()
        self.gctx.bus.message.emit(f"Suggestions: {result.summary()}")
        self.suggested.emit(result)
        self._next()

    def _offer_chronologies(self, report: ImportReport) -> None:
        """A dropped chronology sheet is kept as evidence; its rows become events after the column mapping."""
        from casefile.domain.enums import EvidenceKind, ImportStatus
        from casefile.gui.chronology_dialog import ChronologyDialog

        for o in report.outcomes:
            if o.status is not ImportStatus.IMPORTED or o.kind is not EvidenceKind.SPREADSHEET or o.evidence_id is None:
                continue
            record = self.gctx.case.evidence.get(o.evidence_id)
            path = self.gctx.case.evidence.original_path(o.evidence_id)
            if record.metadata.get("chronology") and path is not None:
                dialog = ChronologyDialog(self.gctx, path, o.evidence_id, self.parent_widget())
                dialog.setWindowTitle(f"Import chronology — {record.filename}")
                dialog.open()
                self.chronology_dialogs.append(dialog)

    def parent_widget(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def _error(self, message: str) -> None:
        self.task = None
        self.suggesting = self.transcribing = False
        self.gctx.bus.changed_all()
        self.failed.emit(message)
        self._next()


class ImportPanel(QFrame):
    """A slim bar under the tabs while an import runs: progress, the current file, Cancel."""

    def __init__(self, controller: ImportController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Import progress")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.icon_label = QLabel()
        self.icon_label.setPixmap(icon("import").pixmap(20, 20))
        self.label = QLabel("Importing…")
        self.label.setMinimumWidth(200)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Import progress bar")
        self.bar.setTextVisible(True)
        self.bar.setFormat("%v of %m files")
        self.cancel_button = QPushButton(icon("cancel"), "Cancel")
        self.cancel_button.setAccessibleName("Cancel import")
        self.cancel_button.clicked.connect(self._cancel)
        row.addWidget(self.icon_label)
        row.addWidget(self.label, 1)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.hide()
        controller.started.connect(self._start)
        controller.finished.connect(self._stop)
        controller.suggested.connect(self._stop)
        controller.transcribed.connect(self._stop)
        controller.failed.connect(self._stop)

    def _start(self, task: Task) -> None:
        self.cancel_button.setEnabled(True)
        self.bar.setRange(0, 0)  # busy until the first report says how many files
        suggesting = self.controller.suggesting
        self.bar.setFormat("%v of %m exhibits" if suggesting else "%v of %m files")
        self.cancel_button.setAccessibleName("Stop finding suggestions" if suggesting else "Cancel import")
        if self.controller.transcribing:
            self.bar.setFormat("%p%")
            self.cancel_button.setAccessibleName("Stop transcribing")
        self.icon_label.setPixmap(icon("evidence.audio" if self.controller.transcribing else "import").pixmap(20, 20))
        self.label.setText(task.label + "…")
        task.progress.connect(self._progress)
        self.show()

    def _progress(self, done: int, total: int, current: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        if self.controller.transcribing:  # done and total in hundredths of a clip
            clip, clips = min(done // 100 + 1, max(total // 100, 1)), total // 100
            self.label.setText(f"Transcribing {clip} of {clips}: {printable(current)}" if current
                               else "Finishing…")
            self.label.setToolTip("Clips are transcribed on this computer; nothing is sent anywhere.")
            return
        if self.controller.suggesting:
            self.label.setText(f"Finding suggestions… {min(done + 1, total)} of {total}" if current
                               else "Finishing…")
            self.label.setToolTip(printable(current))
            return
        name = Path(current).name if current and "://" not in current else current
        self.label.setText(f"Importing {min(done + 1, total)} of {total}: {printable(name)}" if name
                           else "Finishing…")

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Stopping; the rest wait for the next import…"
                           if self.controller.suggesting or self.controller.transcribing
                           else "Cancelling after the current file…")
        self.controller.cancel()

    def _stop(self, *_: object) -> None:
        if not self.controller.busy:
            self.hide()


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

    def set_suggestions(self, counts: dict[int, int], finding: bool = False) -> None:
        """Each imported file's suggestion count, once the suggestion pass has read it."""
        self.outcomes = [o if o.evidence_id not in counts or o.status is not ImportStatus.IMPORTED
                         else dataclasses.replace(o, suggestions=counts[o.evidence_id]) for o in self.outcomes]
        self.finding = finding
        if self.outcomes:
            self.dataChanged.emit(self.index(0, self.SUGGESTIONS), self.index(len(self.outcomes) - 1,
                                                                                self.SUGGESTIONS))

    def _suggestions_text(self, o: ImportOutcome) -> str:
        if o.status is not ImportStatus.IMPORTED:
            return ""
        if o.suggestions is not None:
            return str(o.suggestions)
        return "finding…" if self.finding else "not yet"

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.outcomes)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
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
        header.setSectionResizeMode(OutcomeModel.FILE, QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnToContents(OutcomeModel.FILE)
        header.resizeSection(OutcomeModel.FILE, min(header.sectionSize(OutcomeModel.FILE) + 12, 260))
        header.setSectionResizeMode(OutcomeModel.RESULT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OutcomeModel.EXHIBIT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OutcomeModel.SUGGESTIONS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OutcomeModel.DETAIL, QHeaderView.ResizeMode.Stretch)
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
