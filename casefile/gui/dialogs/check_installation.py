"""Help ▸ Check installation: the same checks as `casefile self-test`, run off the GUI thread, a line per part."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.gui import icons
from casefile.gui.worker import Task, TaskRunner

Index = QModelIndex | QPersistentModelIndex


class ResultsModel(QAbstractListModel):
    """One row per checked part: its line and whether it works."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, bool]] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        text, ok = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.DecorationRole:
            return icons.icon("verify" if ok else "info")
        return None

    def set_rows(self, rows: list[tuple[str, bool]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def add(self, text: str, ok: bool) -> None:
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append((text, ok))
        self.endInsertRows()


class CheckInstallationDialog(QDialog):
    """Runs the self-test's checks through the window's task runner and lists each result as it arrives."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None, *, quick: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check installation")
        self.resize(720, 420)
        self.runner, self.quick = runner, quick
        self.model = ResultsModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setAccessibleName("Installation check results")
        self.summary = QLabel("Checking every part of CaseFile…", self)
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton("&Copy", self)
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.task: Task | None = None
        self.finished_checks = False

    def start(self) -> Task:
        from casefile import selftest

        quick = self.quick

        def job(task: Task) -> list[selftest.CheckResult]:
            count = sum(1 for c in selftest.CHECKS if not (quick and c.slow))
            done: list[selftest.CheckResult] = []

            def report(result: selftest.CheckResult) -> None:
                done.append(result)
                task.report(len(done), count, f"{int(result.ok)}{result.line()}")

            return selftest.run_checks(quick=quick, report=report)

        self.task = self.runner.run("Checking the installation", job, self._finished, self._failed)
        self.task.progress.connect(self._progress)
        return self.task

    def _progress(self, _done: int, _total: int, message: str) -> None:
        self.model.add(message[1:], message[:1] == "1")

    def _finished(self, results: list) -> None:  # noqa: ANN401 - list[CheckResult]
        from casefile.selftest import all_essential_work

        # the lines shown as they came are a preview (a fast first check may report before `progress` is
        # connected); the results are the record
        self.model.set_rows([(r.line(), r.ok) for r in results])
        works = sum(r.ok for r in results)
        self.summary.setText(f"{works} of {len(results)} parts work." + (
            "" if all_essential_work(results) else " CaseFile is missing an essential part: see the lines below."))
        self.copy_button.setEnabled(True)
        self.finished_checks = True

    def _failed(self, message: str) -> None:
        self.summary.setText(message)
        self.finished_checks = True

    def copy(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(text for text, _ok in self.model.rows))


def check_installation(parent: QWidget, runner: TaskRunner) -> CheckInstallationDialog:
    """Open the dialog (non-modal: the checks take a few seconds) and start the checks."""
    dialog = CheckInstallationDialog(runner, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.start()
    return dialog
