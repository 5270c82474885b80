""""Print summary…": choose what goes in, then print (system dialog) or save as PDF, rendered on the worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.enums import Status
from casefile.domain.errors import CaseFileError
from casefile.domain.records import EventFilter
from casefile.gui.context import GuiContext
from casefile.gui.last_folder import remember_folder, start_folder
from casefile.gui.worker import Task
from casefile.reports.options import SECTION_TITLES, SECTIONS, STATUSES, SummaryOptions
from casefile.reports.render import register_fonts


class PrintSummaryDialog(QDialog):
    """Options, then Print… or Save as PDF…; the work runs on `gctx.runner` with progress and Cancel."""

    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.task: Task | None = None
        self.printer: QPrinter | None = None  # kept alive while the worker prints
        self.saved_path: Path | None = None
        self.setWindowTitle("Print summary")
        register_fonts()  # on the GUI thread, before any worker lays a page out
        info = gctx.case.case.info()

        self.title = QLineEdit(info.title)
        self.sections = {s: QCheckBox(SECTION_TITLES[s]) for s in SECTIONS}
        sec_box = QGroupBox("Sections")
        sec_layout = QVBoxLayout(sec_box)
        for box in self.sections.values():
            box.setChecked(True)
            sec_layout.addWidget(box)

        # reviewed events by default: the summary is handed on; suggestions only when asked for
        self.statuses = {s: QCheckBox(s.label) for s in STATUSES if s is not Status.SUGGESTED}
        st_box = QGroupBox("Events to include")
        st_layout = QVBoxLayout(st_box)
        for box in self.statuses.values():
            box.setChecked(True)
            st_layout.addWidget(box)
        pending = gctx.case.events.count(EventFilter(statuses=(Status.SUGGESTED,)))
        self.include_suggested = QCheckBox("Include suggestions (not yet reviewed)"
                                           + (f": {pending:,}" if pending else ""))
        self.include_suggested.setToolTip("Events CaseFile found in the exhibits that nobody has confirmed yet. "
                                          "Left out, the cover says how many.")
        st_layout.addWidget(self.include_suggested)

        extent = gctx.case.events.date_extent()
        self.use_from, self.date_from = QCheckBox("From"), self._date_edit(extent[0] if extent else None)
        self.use_to, self.date_to = QCheckBox("To"), self._date_edit(extent[1] if extent else None)
        self.use_from.toggled.connect(self.date_from.setEnabled)
        self.use_to.toggled.connect(self.date_to.setEnabled)
        dates = QGroupBox("Dates")
        dl = QFormLayout(dates)
        dl.addRow(self.use_from, self.date_from)
        dl.addRow(self.use_to, self.date_to)

        self.thumbnails = QCheckBox("Show image thumbnails in the exhibit index")
        self.thumbnails.setChecked(True)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel("")
        self.status.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.print_button = QPushButton("Print…")
        self.pdf_button = QPushButton("Save as PDF…")
        self.open_button = QPushButton("Open PDF")
        self.open_button.setVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.close_button = QPushButton("Close")
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setVisible(False)
        self.print_button.clicked.connect(self.print_to_printer)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.open_button.clicked.connect(self.open_pdf)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow("Title", self.title)
        columns = QHBoxLayout()
        columns.addWidget(sec_box)
        right = QVBoxLayout()
        right.addWidget(st_box)
        right.addWidget(dates)
        columns.addLayout(right)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(columns)
        layout.addWidget(self.thumbnails)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    # options ------------------------------------------------------------------------------------------
    @staticmethod
    def _date_edit(iso: str | None) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        day = QDate.fromString((iso or "")[:10], "yyyy-MM-dd") if iso and len(iso) >= 10 else QDate()
        if not day.isValid() and iso:
            day = QDate(int(iso[:4]), int(iso[5:7]) if len(iso) >= 7 else 1, 1)
        edit.setDate(day if day.isValid() else QDate.currentDate())
        edit.setEnabled(False)
        return edit

    def options(self) -> SummaryOptions:
        """The options as chosen; raises ValidationError (shown to the user) when they make no sense."""
        return SummaryOptions(
            sections=tuple(s for s, box in self.sections.items() if box.isChecked()),
            statuses=tuple(s for s, box in self.statuses.items() if box.isChecked())
            + ((Status.SUGGESTED,) if self.include_suggested.isChecked() else ()),
            date_from=self.date_from.date().toString("yyyy-MM-dd") if self.use_from.isChecked() else None,
            date_to=self.date_to.date().toString("yyyy-MM-dd") if self.use_to.isChecked() else None,
            thumbnails=self.thumbnails.isChecked(),
            title=self.title.text().strip() or None,
        )

    def _checked_options(self) -> SummaryOptions | None:
        try:
            return self.options()
        except CaseFileError as exc:
            QMessageBox.warning(self, "Print summary", str(exc))
            return None

    # actions ------------------------------------------------------------------------------------------
    def print_to_printer(self) -> None:
        options = self._checked_options()
        if options is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(options.title or "Case summary")
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.printer = printer
        case = self.gctx.case

        def job(task: Task) -> int:
            from casefile.reports.render import print_summary

            return print_summary(case, printer, options, task.report, task.is_cancelled)

        self._start("Printing the summary", job, None)

    def save_pdf(self, path: str | Path | None = None) -> None:
        """Ask where to save (unless `path` is given, as tests do), then write the PDF on the worker."""
        options = self._checked_options()
        if options is None:
            return
        if not path:
            name = f"{_safe_name(options.title or self.gctx.case.case.info().title)} - summary.pdf"
            chosen, _ = QFileDialog.getSaveFileName(self, "Save summary as PDF", str(start_folder("pdf") / name),
                                                    "PDF files (*.pdf)")
            if not chosen:
                return
            remember_folder("pdf", Path(chosen).parent)
            path = chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf"
        target = Path(path)
        case = self.gctx.case

        def job(task: Task) -> int:
            from casefile.reports.render import write_pdf

            return write_pdf(case, target, options, task.report, task.is_cancelled)

        self._start("Saving the summary as PDF", job, target)

    def _start(self, label: str, job, target: Path | None) -> None:  # noqa: ANN001
        self._busy(True)
        self.status.setText(f"{label}…")
        self.open_button.setVisible(False)

        def done(pages: int) -> None:
            self._busy(False)
            self.task = None
            self.printer = None
            if target is not None:
                self.saved_path = target
                self.status.setText(f"Saved {target.name} ({pages} pages).")
                self.open_button.setVisible(True)
            else:
                self.status.setText(f"Sent {pages} pages to the printer.")

        def failed(message: str) -> None:
            self._busy(False)
            self.task = None
            self.printer = None
            self.status.setText(message)

        self.task = self.gctx.runner.run(label, job, done, failed)
        if self.task.running:
            self.task.progress.connect(self._on_progress)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, total)  # total 0: busy indicator
        self.progress.setValue(done)
        if message:
            self.status.setText(message)

    def _busy(self, busy: bool) -> None:
        for w in (self.print_button, self.pdf_button, self.close_button, self.title, *self.sections.values(),
                  *self.statuses.values(), self.include_suggested, self.thumbnails):
            w.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText("Cancelling…")

    def open_pdf(self) -> None:
        if self.saved_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_path)))

    def reject(self) -> None:
        """Closing while working cancels the job first; the dialog stays until it has stopped."""
        if self.task is not None and self.task.running:
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.task is not None and self.task.running:
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)


def _safe_name(title: str) -> str:
    keep = "".join(c if c.isalnum() or c in " .,-_()" else "_" for c in title).strip()
    return keep[:80] or "Case"

