"""The one owner of an import: store → read → transcribe → suggest → anchor, with its options given per call.

Every caller runs an import through `ImportWorkflow`: the CLI (`import`, `transcribe`, `suggest`), the app's
import controller (each stage a job of its own, in the order `ImportOptions.stages` gives), archives and, later,
web capture. Progress is one type (`domain.progress.Progress`, its stage naming the pass); `cancelled` is asked
between files. Whatever ends a run — a cancel, a refused write, a server that goes away between passes — the
`WorkflowReport` is built from what was stored: every file's fate, the reason in CaseFile's words, and the passes
still to run.

Content CaseFile produced itself (a captured web page, a dropped link, pasted text) enters as `Produced` items:
bytes or a file already on disk, the name to keep and its provenance (`source`, e.g. the page's URL):

    workflow.run(produced=[Produced("Article.html", source=url, data=html_bytes)], options=ImportOptions())
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DBAPIError, IntegrityError

from casefile.domain.enums import ImportStatus
from casefile.domain.errors import CaseFileError, ImportFailedError
from casefile.domain.progress import CancelFn, Progress, ProgressFn, Stage
from casefile.domain.records import ImportOutcome, ImportReport
from casefile.importers.registry import ImporterRegistry
from casefile.services.import_files import db_reason
from casefile.services.import_pipeline import Extractor
from casefile.services.import_service import ImportService
from casefile.services.suggestion_service import SuggestionService, SuggestReport
from casefile.services.transcription_service import TranscribeReport, TranscriptionService

log = logging.getLogger(__name__)

LATER_STAGES = (Stage.TRANSCRIBE, Stage.SUGGEST, Stage.ANCHOR)


@dataclass(frozen=True)
class ImportOptions:
    """What one import does, given per call (never flipped on a shared service)."""

    quick: bool = False  # store and read only; the later passes wait for `casefile transcribe` / `suggest`
    transcribe: bool = True  # clips heard before suggestions, so extraction reads what was said
    suggest: bool = True  # events and parties found (pass 2), then citations anchored in clips
    auto_chronology: bool = True  # a chronology sheet's rows become events at once (the app asks first)

    @property
    def stages(self) -> tuple[Stage, ...]:
        """The passes this import runs after storing, in order."""
        if self.quick or not self.suggest:
            return ()
        return (Stage.TRANSCRIBE, Stage.SUGGEST, Stage.ANCHOR) if self.transcribe else (Stage.SUGGEST, Stage.ANCHOR)


STORE_ONLY = ImportOptions(quick=True)


@dataclass(frozen=True)
class Produced:
    """Content CaseFile made or received rather than a file the user picked: a captured page, a dropped link,
    pasted text. Either `data` or `path` (a file already written, e.g. by a capture) is given."""

    name: str  # the file name the exhibit keeps
    source: str = ""  # provenance: the page's URL, "pasted", "dropped"
    data: bytes | None = None
    path: Path | None = None


@dataclass(frozen=True)
class WorkflowReport:
    """What an import did, built from what was stored whatever ended it."""

    imported: ImportReport  # pass 1: one outcome per file, with its suggestion count once pass 2 ran
    transcribed: TranscribeReport | None = None
    suggested: SuggestReport | None = None
    stopped: str = ""  # why a later pass stopped, in CaseFile's words ("" when none did)
    pending: tuple[Stage, ...] = ()  # passes still to run (the next import, `casefile transcribe`/`suggest`)
    cancelled: bool = False

    @property
    def stored(self) -> tuple[ImportOutcome, ...]:
        """The files that are in the case (imported, duplicate, or kept unread)."""
        return tuple(o for o in self.imported.outcomes if o.evidence_id is not None)

    def pending_line(self) -> str:
        """The passes still to run, said for a person ("" when none)."""
        return ", ".join(s.label for s in self.pending)


class ImportWorkflow:
    """Runs every stage of an import; the services it drives hold no per-import flags."""

    def __init__(self, intake: ImportService, transcriptions: TranscriptionService,
                 suggestions: SuggestionService) -> None:
        self.intake = intake
        self.transcriptions = transcriptions
        self.suggestions = suggestions

    # what tests and callers configure on pass 1 ----------------------------------------------------
    @property
    def registry(self) -> ImporterRegistry:
        return self.intake.registry

    @property
    def extractor(self) -> Extractor | None:
        return self.intake.extractor

    @extractor.setter
    def extractor(self, value: Extractor | None) -> None:
        """Both passes read with the same extraction (a test's stub serves both)."""
        self.intake.extractor = value
        self.suggestions.extractor = value

    # the whole flow -----------------------------------------------------------------------------------
    def run(self, paths: Iterable[Path | str] = (), *, produced: Sequence[Produced] = (),
            options: ImportOptions = ImportOptions(), progress: ProgressFn | None = None,
            cancelled: CancelFn | None = None, finish_waiting: bool = True) -> WorkflowReport:
        """Store and read `paths` (files and folders) and `produced` items, then run the later passes.

        `finish_waiting` also runs the passes when nothing new was stored (what an earlier run left waiting)."""
        report = self.store(paths, produced=produced, options=options, progress=progress, cancelled=cancelled)
        stages = options.stages
        if report.stopped:
            return self._ended(report, pending=stages or LATER_STAGES, stopped="")
        if not stages:
            return WorkflowReport(report, pending=LATER_STAGES, cancelled=report.cancelled)
        if finish_waiting:  # a cancelled run leaves every later pass for the next one
            if report.cancelled:
                return WorkflowReport(report, pending=stages, cancelled=True)
            return self.finish(report, stages, progress=progress, cancelled=cancelled)
        if not report.imported:
            return WorkflowReport(report, cancelled=report.cancelled)
        # what was imported before a cancel is still read for suggestions (an item's count in its report)
        return dataclasses.replace(self.finish(report, stages), cancelled=report.cancelled)

    def store(self, paths: Iterable[Path | str] = (), *, produced: Sequence[Produced] = (),
              options: ImportOptions = ImportOptions(), progress: ProgressFn | None = None,
              cancelled: CancelFn | None = None) -> ImportReport:
        """Pass 1 alone: every file stored and read, in order; never raises for bad input."""
        paths = list(paths)
        log.info("import: %d paths, %d produced items (%s)", len(paths), len(produced), _said(options))
        outcomes: list[ImportOutcome] = []
        hidden, was_cancelled, stopped = 0, False, ""
        extra = len(produced)
        if paths:
            def on_files(p: Progress) -> None:
                if progress:
                    progress(dataclasses.replace(p, total=p.total + extra))

            first = self.intake.import_paths(paths, progress=on_files, cancelled=cancelled,
                                             chronology=options.auto_chronology)
            outcomes.extend(first.outcomes)
            hidden, was_cancelled, stopped = first.skipped_hidden, first.cancelled, first.stopped
        done, total = len(outcomes), len(outcomes) + extra
        for item in produced if not stopped else ():
            if was_cancelled or (cancelled is not None and cancelled()):
                was_cancelled = True
                break
            if progress:
                progress(Progress(Stage.STORE, done, total, item.name))
            outcomes.append(self._store_produced(item, options))
            done += 1
        if progress and produced:
            progress(Progress(Stage.STORE, done, total))
        report = ImportReport(tuple(outcomes), hidden, was_cancelled, stopped)
        log.info("import: pass 1 done: %s", report.summary())
        for o in report.outcomes:
            if o.status is ImportStatus.FAILED:
                log.warning("import: %s: %s", o.path, o.reason)
        return report

    def finish(self, report: ImportReport | None = None, stages: Sequence[Stage] = LATER_STAGES, *,
               progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> WorkflowReport:
        """The passes after storing (also what earlier runs left waiting); a pass that cannot go on ends the run
        with the report of what is stored and the passes still to run."""
        report = report if report is not None else ImportReport(())
        transcribed: TranscribeReport | None = None
        suggested: SuggestReport | None = None
        todo = list(stages)
        try:
            while todo:
                if todo[0] is not Stage.ANCHOR and cancelled is not None and cancelled():
                    return WorkflowReport(report, transcribed, suggested, pending=tuple(todo), cancelled=True)
                stage = todo[0]
                if stage is Stage.TRANSCRIBE:
                    transcribed = self.transcribe(progress=progress, cancelled=cancelled)
                    if transcribed.cancelled:
                        return WorkflowReport(report, transcribed, pending=tuple(todo), cancelled=True)
                elif stage is Stage.SUGGEST:
                    suggested = self.suggest(progress=progress, cancelled=cancelled)
                    report = report.with_suggestions(suggested.counts)
                    if suggested.cancelled:
                        return WorkflowReport(report, transcribed, suggested, pending=tuple(todo), cancelled=True)
                elif stage is Stage.ANCHOR:
                    self.anchor()
                todo.pop(0)
        except (IntegrityError, sqlite3.IntegrityError):
            raise  # a bug: two writers were kept apart by locks, so this must never happen
        except (ImportFailedError, CaseFileError, DBAPIError, sqlite3.DatabaseError) as exc:
            return self._ended(report, transcribed, suggested, pending=tuple(todo), stopped=stop_reason(exc))
        log.info("import: finished%s%s", f"; {transcribed.summary()}" if transcribed and transcribed.total else "",
                 f"; {suggested.suggestions} suggestions" if suggested else "")
        return WorkflowReport(report, transcribed, suggested)

    # the stages, for callers that run them as jobs of their own (the app) ---------------------------
    def transcribe(self, *, progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> TranscribeReport:
        result = self.transcriptions.run(progress=progress, cancelled=cancelled)
        log.info("transcription: %s", result.summary())
        return result

    def suggest(self, *, progress: ProgressFn | None = None, cancelled: CancelFn | None = None,
                fold: bool = True) -> SuggestReport:
        """Pass 2; with `fold`, each clip's count includes what its machine transcript gave."""
        result = self.suggestions.run(progress=progress, cancelled=cancelled)
        log.info("suggestions: %s", result.summary())
        return dataclasses.replace(result, counts=self.transcriptions.fold_counts(result.counts)) if fold else result

    def anchor(self) -> int:
        """Events read from a transcript cite the clip at the moment of the passage."""
        return self.transcriptions.anchor_citations()

    # one item at a time (drops, pasted text, links) ------------------------------------------------
    def import_paths(self, paths: Iterable[Path | str], progress: ProgressFn | None = None,
                     cancelled: CancelFn | None = None, *, options: ImportOptions = ImportOptions()) -> ImportReport:
        """`run` for callers that want pass 1's report with each file's suggestion count. A later pass that
        cannot go on raises its error (`ImportFailedError`), as pass 1's report has no room for it."""
        result = self.run(paths, options=options, progress=progress, cancelled=cancelled, finish_waiting=False)
        if result.stopped:
            raise ImportFailedError(result.stopped)
        return result.imported

    def import_file(self, path: Path, *, options: ImportOptions = ImportOptions(), cancelled: CancelFn | None = None,
                    on_bytes: Callable[[int, int], None] | None = None) -> ImportOutcome:
        outcome = self.intake.import_file(path, on_bytes=on_bytes, cancelled=cancelled,
                                          chronology=options.auto_chronology)
        return self._one(outcome, options)

    def import_bytes(self, data: bytes, name: str, source: str = "", *,
                     options: ImportOptions = ImportOptions()) -> ImportOutcome:
        return self._one(self._store_produced(Produced(name, source, data=data), options), options)

    def import_url(self, url: str, title: str = "", *, options: ImportOptions = ImportOptions()) -> ImportOutcome:
        """A link dropped from a browser: stored as an internet shortcut; nothing is fetched."""
        return self._one(self._store_produced(link_shortcut(url, title), options), options)

    def import_text(self, text: str, name: str = "Pasted text.txt", *,
                    options: ImportOptions = ImportOptions()) -> ImportOutcome:
        return self._one(self._store_produced(pasted_text(text, name), options), options)

    # inside ---------------------------------------------------------------------------------------
    def _store_produced(self, item: Produced, options: ImportOptions) -> ImportOutcome:
        if item.path is not None:
            return self.intake.import_file(item.path, source=item.source or None, name=item.name,
                                           chronology=options.auto_chronology)
        return self.intake.import_bytes(item.data or b"", item.name, item.source, chronology=options.auto_chronology)

    def _one(self, outcome: ImportOutcome, options: ImportOptions) -> ImportOutcome:
        if outcome.status is not ImportStatus.IMPORTED or not options.stages:
            return outcome
        done = self.finish(ImportReport((outcome,)), options.stages)
        if done.stopped:
            raise ImportFailedError(done.stopped)
        return done.imported.outcomes[0]

    def _ended(self, report: ImportReport, transcribed: TranscribeReport | None = None,
               suggested: SuggestReport | None = None, *, pending: tuple[Stage, ...], stopped: str) -> WorkflowReport:
        result = WorkflowReport(report, transcribed, suggested, stopped, pending)
        log.warning("import: stopped (%s); %d files stored; still to run: %s", stopped or report.stopped,
                    len(result.stored), result.pending_line() or "nothing")
        return result


def stop_reason(exc: BaseException) -> str:
    """Why a pass could not go on, in CaseFile's words: one line, never the driver's text or a password."""
    if isinstance(exc, ImportFailedError):
        return str(exc).splitlines()[0]
    return db_reason(exc)


def link_shortcut(url: str, title: str = "") -> Produced:
    """A dropped link as an internet shortcut file (nothing is fetched)."""
    body = f"[InternetShortcut]\r\nURL={url.strip()}\r\n"
    if title:
        body += f"Title={title.strip()}\r\n"
    label = title.strip() or url.strip().split("//", 1)[-1]
    safe = "".join(c if c.isalnum() or c in " -_." else "_" for c in label)[:80].strip() or "link"
    return Produced(f"{safe}.url", url.strip(), data=body.encode("utf-8"))


def pasted_text(text: str, name: str = "Pasted text.txt", source: str = "pasted") -> Produced:
    return Produced(name, source, data=text.encode("utf-8"))


def _said(options: ImportOptions) -> str:
    return ", ".join(f.name for f in dataclasses.fields(options) if getattr(options, f.name)) or "defaults off"


__all__ = ["STORE_ONLY", "ImportOptions", "ImportWorkflow", "Produced", "WorkflowReport", "link_shortcut",
           "pasted_text", "stop_reason"]
