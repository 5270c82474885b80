"""The import controller: each stage of `ImportWorkflow` a background job of its own, drops queued in order.

Storing and reading come first, so the exhibits appear at once; then the later passes in the workflow's order
(clips heard, then events and parties found), each with its own progress and Cancel. `phase` says which runs.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from casefile.domain.enums import ImportStatus
from casefile.domain.errors import CaseFileError
from casefile.domain.progress import Progress, Stage
from casefile.domain.records import ImportOutcome, ImportReport
from casefile.gui.capture.flow import link_step
from casefile.gui.context import GuiContext
from casefile.gui.importing.drop import DropPayload
from casefile.gui.worker import Lane, Task
from casefile.services.import_workflow import ImportOptions, link_shortcut, pasted_text
from casefile.services.suggestion_service import ModelState, SuggestReport
from casefile.services.transcription_service import TranscribeReport

log = logging.getLogger("casefile.gui")
IN_APP = ImportOptions(auto_chronology=False)  # a chronology sheet's rows become events after the column mapping


def run_import(gctx: GuiContext, payload: DropPayload, task: Task) -> ImportReport:
    """The store-and-read job (worker thread): files, then links and text; one report. A dropped chronology
    sheet's rows wait for the column mapping (`auto_chronology` off)."""
    produced = [] if payload.capture else [link_shortcut(url, title) for url, title in payload.urls]
    if payload.text.strip():
        produced.append(pasted_text(payload.text, _text_name(payload.text)))
    if payload.html.strip():
        produced.append(pasted_text(payload.html, "Dropped selection.html", "dropped"))

    def progress(p: Progress) -> None:
        task.report(p.done, p.total, p.current)

    report = gctx.case.imports.store(payload.paths, produced=produced, options=IN_APP, progress=progress,
                                     cancelled=task.is_cancelled)
    if payload.capture and payload.urls:  # links the user chose to capture: one worker process each
        captured: list[ImportOutcome] = []
        for i, (url, title) in enumerate(payload.urls):
            if task.is_cancelled():
                captured.append(ImportOutcome(url, ImportStatus.SKIPPED, "not captured (cancelled)"))
                continue
            task.report(i, len(payload.urls), url)
            captured.append(link_step(gctx, url, title, True, task))
        report = dataclasses.replace(report, outcomes=report.outcomes + tuple(captured))
    task.report(len(report.outcomes), len(report.outcomes), "")
    return dataclasses.replace(report, cancelled=report.cancelled or task.is_cancelled())


def run_suggest(gctx: GuiContext, task: Task) -> SuggestReport:
    """The suggestion job (worker thread): every exhibit still waiting, then citations anchored in clips."""
    def progress(p: Progress) -> None:
        task.report(p.done, p.total, p.current)

    result = gctx.case.imports.suggest(progress=progress, cancelled=task.is_cancelled)
    gctx.case.imports.anchor()
    return result


def run_transcribe(gctx: GuiContext, task: Task) -> TranscribeReport:
    """The transcription job (worker thread): every clip without a transcript; reports hundredths of clips."""
    def progress(p: Progress) -> None:
        task.report(int((p.done + p.fraction) * 100), p.total * 100, p.current)

    return gctx.case.imports.transcribe(progress=progress, cancelled=task.is_cancelled)


@dataclass(frozen=True)
class _Count:
    """A worker's count of what waits for `stage` (with the model's state when asked), or why it failed."""

    generation: int
    stage: Stage
    waiting: int = 0
    model: ModelState | None = None
    error: str = ""


def _waiting_for(gctx: GuiContext, generation: int, stage: Stage, announce: bool) -> _Count:
    """Worker job: how many exhibits wait for `stage`; with none waiting for suggestions after an import that
    brought files in, the model's state (asking may load the model) so the report can say it."""
    try:
        if stage is Stage.TRANSCRIBE:
            return _Count(generation, stage, gctx.case.transcriptions.waiting())
        waiting = gctx.case.suggestions.waiting()
        return _Count(generation, stage, waiting, gctx.case.suggestions.model() if not waiting and announce else None)
    except CaseFileError as exc:
        return _Count(generation, stage, error=str(exc))
    except Exception as exc:  # a bug: said, and in the log
        log.exception("counting the work waiting for %s failed", stage.value)
        return _Count(generation, stage, error=f"Something went wrong: {type(exc).__name__}: {exc}")


def _text_name(text: str) -> str:
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "Pasted text")
    safe = "".join(c for c in first[:50] if c.isalnum() or c in " -_,.'").strip(" .") or "Pasted text"
    return f"{safe}.txt"


class Phase(Enum):
    """What the controller is doing; the stages after storing follow `ImportOptions.stages`."""

    IDLE = "idle"
    STORING = "storing"  # an import job (pass 1)
    TRANSCRIBING = "transcribing"
    SUGGESTING = "suggesting"


class ImportController(QObject):
    """Runs imports one after another, each stage of the workflow a job of its own, and tells the window."""

    started = Signal(object)  # Task (an import, or a later pass: see `phase`)
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
        self.last_transcription: TranscribeReport | None = None
        self.phase = Phase.IDLE
        self._stages: list[Stage] = []  # this round's passes still to start, in the workflow's order
        self._count_generation = 0
        self._counting: int | None = None  # the count a worker is doing, until its answer arrives
        self.chronology_dialogs: list[QWidget] = []

    @property
    def busy(self) -> bool:
        return self.task is not None

    @property
    def suggesting(self) -> bool:
        return self.phase is Phase.SUGGESTING

    @property
    def transcribing(self) -> bool:
        return self.phase is Phase.TRANSCRIBING

    @property
    def suggestions_due(self) -> bool:
        """The suggestion pass is running or about to start."""
        return self.suggesting or Stage.SUGGEST in self._stages

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
        if self._counting is not None:  # nothing runs yet: no answer to wait for
            self._counting, self.task = None, None
        self._stages = []  # what is left waits for the next import (the passes are resumable)
        if self.task is not None:
            self.task.cancel()

    def suggest_waiting(self) -> None:
        """Run the passes for what is still waiting (an earlier pass was cancelled or killed, `import --quick`);
        whether anything waits is asked in a worker (it lists every waiting exhibit)."""
        if self.gctx.case.read_only:
            return
        self._stages = list(IN_APP.stages)
        if self.task is None:
            self._next()

    def _next(self) -> None:
        if self.pending:
            payload = self.pending.pop(0)
            gctx = self.gctx
            verb = "Capturing" if payload.capture else "Importing"
            self._run(Phase.STORING, f"{verb} {payload.describe()}", lambda t: run_import(gctx, payload, t),
                      self._done)
            return
        while self._stages and self._stages[0] not in (Stage.TRANSCRIBE, Stage.SUGGEST):
            self._stages.pop(0)
        if not self._stages:
            return
        # the stage stays listed while a worker counts what waits for it (the report says "finding…" meanwhile)
        stage, gctx = self._stages[0], self.gctx
        announce = self.last_report is not None and self.last_report.imported > 0
        self._count_generation += 1
        count = self._counting = self._count_generation
        task = gctx.runner.run("Looking for waiting work", lambda _t: _waiting_for(gctx, count, stage, announce),
                               self._counted, lane=Lane.BACKGROUND)
        if self._counting == count:  # not answered yet (its worker may be done, its answer still on its way)
            self.task = task

    def _counted(self, answer: _Count) -> None:
        """A worker counted what waits for the next stage: run it, or go on to the one after."""
        if answer.generation != self._counting:
            return
        self._counting = None
        self.task = None
        stage, waiting, model = answer.stage, answer.waiting, answer.model
        if answer.error:  # the case went away, a bug: the passes wait for the next import
            self._stages = []
            self.gctx.bus.message.emit(answer.error)
            self._next()
            return
        if not self._stages or self._stages[0] is not stage:
            return  # cancelled meanwhile: what is left waits for the next import
        if self.pending:  # a drop came meanwhile: its import first, then this stage is counted again
            self._next()
            return
        self._stages.pop(0)
        if stage is Stage.TRANSCRIBE:
            if waiting:
                gctx = self.gctx
                self._run(Phase.TRANSCRIBING, "Transcribing clips", lambda t: run_transcribe(gctx, t),
                          self._transcription_done)
            else:
                self._next()
        elif waiting:
            gctx = self.gctx
            self._run(Phase.SUGGESTING, "Finding suggestions", lambda t: run_suggest(gctx, t),
                      self._suggestions_done)
        elif model is not None:
            self.suggested.emit(SuggestReport(model=model))

    def _run(self, phase: Phase, label: str, job: Any, done: Any) -> None:
        self.phase = phase
        task = self.gctx.runner.run(label, job, done, self._error, lane=Lane.BACKGROUND)  # never before a read
        if task.running:
            self.task = task
            self.started.emit(task)

    def _transcription_done(self, result: TranscribeReport) -> None:
        self.task = None
        self.phase = Phase.IDLE
        self.last_transcription = result
        if result.transcripts:
            self.gctx.bus.changed_all()
        self.gctx.bus.message.emit(f"Transcription: {result.summary()}")
        self.transcribed.emit(result)
        self._next()

    def _done(self, report: ImportReport) -> None:
        self.task = None
        self.phase = Phase.IDLE
        self.last_report = report
        # a cancelled or stopped import is not followed by the later passes; they wait for the next import
        self._stages = [] if report.cancelled or report.stopped else list(IN_APP.stages)
        self.gctx.bus.changed_all()
        self.gctx.bus.message.emit(f"Import finished: {report.summary()}")
        self.finished.emit(report)
        self._offer_chronologies(report)
        self._next()

    def _suggestions_done(self, result: SuggestReport) -> None:
        self.task = None
        self.phase = Phase.IDLE
        self.last_suggestions = result
        if result.done:  # new suggestions (and maybe authors found in credit lines) to show
            self.gctx.bus.changed_all()
        self.gctx.bus.message.emit(f"Suggestions: {result.summary()}")
        self.suggested.emit(result)
        self._next()

    def _offer_chronologies(self, report: ImportReport) -> None:
        """A dropped chronology sheet is kept as evidence; its rows become events after the column mapping.
        Which imported sheets are chronologies is read in a worker."""
        from casefile.domain.enums import EvidenceKind

        sheets = [o.evidence_id for o in report.outcomes if o.status is ImportStatus.IMPORTED
                  and o.kind is EvidenceKind.SPREADSHEET and o.evidence_id is not None]
        if not sheets:
            return
        gctx = self.gctx

        def find(_task: Task) -> list[tuple[int, Path, str]]:
            found = []
            for evidence_id in sheets:
                record = gctx.case.evidence.get(evidence_id)
                path = gctx.case.evidence.original_path(evidence_id)
                if record.metadata.get("chronology") and path is not None:
                    found.append((evidence_id, path, record.filename))
            return found

        gctx.runner.run("Looking for chronology sheets", find, self._open_chronologies, gctx.bus.message.emit)

    def _open_chronologies(self, found: list[tuple[int, Path, str]]) -> None:
        from casefile.gui.importing.chronology_dialog import ChronologyDialog

        for evidence_id, path, filename in found:
            dialog = ChronologyDialog(self.gctx, path, evidence_id, self.parent_widget())
            dialog.setWindowTitle(f"Import chronology — {filename}")
            dialog.open()
            self.chronology_dialogs.append(dialog)

    def parent_widget(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def _error(self, message: str) -> None:
        self.task = None
        self.phase = Phase.IDLE
        self.gctx.bus.changed_all()
        self.failed.emit(message)
        self._next()


__all__ = ["IN_APP", "ImportController", "Phase", "run_import", "run_suggest", "run_transcribe"]
