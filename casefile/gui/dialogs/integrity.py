"""Integrity and custody actions of the window: verify originals, show the audit log, export or open archives.

The slow parts (re-hashing, packing) run on the task runner with a progress dialog; results come back as a
report the user can read. File choosers are module functions so tests can answer them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.enums import VerifyState
from casefile.domain.errors import CaseFileError
from casefile.domain.records import VerifyProblem
from casefile.gui.context import GuiContext
from casefile.gui.dialogs.audit import AuditDialog
from casefile.gui.tables import RecordTableModel
from casefile.gui.worker import Lane, Task
from casefile.services.audit_service import AuditService

ARCHIVE_FILTER = "CaseFile archive (*.casezip)"
Index = QModelIndex | QPersistentModelIndex


# file choosers (replaced in tests) -------------------------------------------------------------------

def ask_save_archive(parent: QWidget | None, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "Export case archive", str(suggested), ARCHIVE_FILTER)
    return Path(name) if name else None


def ask_open_archive(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Open case archive", str(_documents()), ARCHIVE_FILTER)
    return Path(name) if name else None


def ask_new_case_folder(parent: QWidget | None, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "Unpack the archive as a new case", str(suggested),
                                          "CaseFile case (*.casefile)")
    return Path(name) if name else None


def _documents() -> Path:
    try:
        from casefile.gui.settings import documents_dir

        return documents_dir()
    except Exception:  # settings are a convenience; never block the action on them
        return Path.home()


# verify ------------------------------------------------------------------------------------------------

class ProblemsModel(RecordTableModel):
    """Missing or altered originals, one per row."""

    HEADERS = ("Exhibit", "File", "State", "Detail")

    def __init__(self, problems: list[VerifyProblem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems = problems

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.problems)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.problems[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return p.evidence_id
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"Ex. {p.exhibit}", p.filename, p.state.label, p.detail)[index.column()]
        return None


class VerifyReportDialog(QDialog):
    """The outcome of a verification: all good, or each missing or altered original with what it means."""

    def __init__(self, checked: int, problems: list[VerifyProblem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Verify originals")
        self.problems = problems
        layout = QVBoxLayout(self)
        if not problems:
            text = f"All {checked} originals match their SHA-256: nothing was changed or lost."
        else:
            text = (f"{len(problems)} of {checked} originals are missing or altered. The case still records "
                    "their hash; restore the files from a backup, or import the original again to repair them.")
        self.summary = QLabel(text)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        if problems:
            self.table = QTableView()
            self.table.setModel(ProblemsModel(problems, self))
            self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
            self.table.verticalHeader().hide()
            layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        if problems:
            self.resize(700, 400)
        else:  # one sentence: a compact box, not a large empty window
            self.summary.setMinimumWidth(380)
            self.adjustSize()


def _progress_dialog(parent: QWidget, title: str, label: str, maximum: int, *, cancel: bool) -> QProgressDialog:
    """A window-modal progress box that shows only when the work takes longer than a moment."""
    progress = QProgressDialog(parent, labelText=label, minimum=0, maximum=maximum)
    if not cancel:
        progress.setCancelButton(None)
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    return progress


def _follow(task: Task, progress: QProgressDialog) -> None:
    """Move `progress` as `task` reports how far it is."""
    def moved(done: int, total: int, _line: str) -> None:
        progress.setMaximum(max(total, 1))
        progress.setValue(done)

    task.progress.connect(moved)


def verify_originals(parent: QWidget, gctx: GuiContext) -> Task:
    """Re-hash every original on the runner; show a progress dialog, then the report (states are saved)."""
    case = gctx.case
    total = case.evidence.count()
    progress = _progress_dialog(parent, "Verify originals", "Checking originals against their SHA-256…",
                                max(total, 1), cancel=True)

    def job(task: Task) -> tuple[int, list[VerifyProblem]]:
        problems = case.evidence.verify(progress=lambda done, n: task.report(done, n, ""))
        return total, problems

    def done(result: tuple[int, list[VerifyProblem]]) -> None:
        progress.close()
        checked, problems = result
        gctx.bus.changed.emit("evidence")
        missing = sum(1 for p in problems if p.state is VerifyState.MISSING)
        gctx.bus.message.emit(f"Verified {checked} originals: {len(problems) - missing} altered, {missing} missing")
        _show(VerifyReportDialog(checked, problems, parent))

    def failed(message: str) -> None:
        progress.close()
        QMessageBox.warning(parent, "Verify originals", message)

    task = gctx.runner.run("Verify originals", job, done, failed, lane=Lane.BACKGROUND)
    _follow(task, progress)
    progress.canceled.connect(task.cancel)  # verification of what was read so far still counts
    return task


# audit log ---------------------------------------------------------------------------------------------

def show_audit_log(parent: QWidget, gctx: GuiContext) -> AuditDialog:
    dialog = AuditDialog(AuditService(gctx.case.ctx), gctx.case.case.info().title, parent)
    _show(dialog)
    return dialog


# archives ----------------------------------------------------------------------------------------------

def export_archive(parent: QWidget, gctx: GuiContext, target: Path | None = None) -> Task | None:
    """Pack the open case into one `.casezip` (database snapshot, every original re-hashed, manifest)."""
    from casefile.services.archive import archive_case

    case = gctx.case
    if target is None:
        target = ask_save_archive(parent, _documents() / f"{_safe_title(case.case.info().title)}.casezip")
        if target is None:
            return None
    if target.suffix != ".casezip":
        target = target.with_name(target.name + ".casezip")
    progress = _progress_dialog(parent, "Export case archive", "Packing the case and re-hashing its originals…", 0,
                                cancel=False)

    def job(task: Task) -> int:
        return archive_case(case, target, progress=lambda d, n: task.report(d, n, ""))

    def done(count: int) -> None:
        progress.close()
        gctx.bus.message.emit(f"Archived {count} originals to {target}")

    def failed(message: str) -> None:
        progress.close()
        QMessageBox.warning(parent, "Export case archive", message)

    task = gctx.runner.run("Export case archive", job, done, failed, lane=Lane.BACKGROUND)
    _follow(task, progress)
    return task


def import_archive(parent: QWidget | None) -> Path | None:
    """Unpack an archive into a new case folder, checking every hash; returns the case folder to open."""
    from casefile.services.archive import unarchive_case

    archive = ask_open_archive(parent)
    if archive is None:
        return None
    target = ask_new_case_folder(parent, archive.with_suffix(".casefile"))
    if target is None:
        return None
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    error = ""
    try:
        return unarchive_case(archive, target)
    except CaseFileError as exc:
        error = str(exc)
    except OSError as exc:
        error = f"Cannot unpack the archive: {exc.strerror or exc}."
    finally:
        QGuiApplication.restoreOverrideCursor()
    QMessageBox.warning(parent, "Open case archive", error)
    return None


def _safe_title(title: str) -> str:
    return "".join(c if c.isalnum() or c in " -_.,()" else "_" for c in title).strip()[:80] or "case"


def _show(dialog: Any) -> None:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


__all__ = ["export_archive", "import_archive", "show_audit_log", "verify_originals"]
