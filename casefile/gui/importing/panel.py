"""Imports in the background: a progress panel (count, current file, Cancel) under the tabs.

The jobs and their order are `import_controller`'s (each a stage of `ImportWorkflow`); the report after an
import is `import_report`'s. Both are re-exported here for the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from casefile.domain.printable import printable
from casefile.gui.icons import icon
from casefile.gui.importing.controller import ImportController, Phase, run_import
from casefile.gui.importing.report import ImportReportDialog, OutcomeModel
from casefile.gui.worker import Task


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


__all__ = ["ImportController", "ImportPanel", "ImportReportDialog", "OutcomeModel", "Phase", "run_import"]
