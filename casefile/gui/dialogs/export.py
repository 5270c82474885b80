"""File ▸ Export: the case as JSON or the timeline as CSV, to a file the user picks, written on the runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from casefile.gui.context import GuiContext
from casefile.gui.last_folder import remember_folder, start_folder
from casefile.gui.worker import Task

SUFFIX = {"json": ".json", "csv": ".csv"}
FILTERS = {"json": "JSON (*.json)", "csv": "CSV (*.csv)"}


def export_case(parent: QWidget, gctx: GuiContext, fmt: str, written: Callable[[str], None]) -> None:
    """Ask where, then write; `written` gets the file's path. Whole or not at all: a failure leaves an earlier
    file untouched."""
    title = gctx.case.case.info().title
    start = str(start_folder("export") / f"{title}{SUFFIX[fmt]}")
    target, _ = QFileDialog.getSaveFileName(parent, "Export", start, FILTERS[fmt])
    if not target:
        return
    remember_folder("export", Path(target).parent)
    exporter = gctx.case.export

    def job(_t: Task) -> str:
        exporter.write(fmt, target)
        return target

    def failed(message: str) -> None:
        QMessageBox.warning(parent, "Export", message)

    gctx.runner.run("Exporting", job, written, failed)
