"""After a drop, whether exhibits wait for transcription or suggestions is counted in a worker (the count lists
every waiting exhibit; the model's state may load the model), never on the GUI thread."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtWidgets import QApplication

from tests.gui_helpers import drop

CONTROLLER_CODE = str(Path("casefile") / "gui" / "importing")


class Spy:
    """Wraps a real service method: records the thread of each call the import controller makes."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.threads: list[threading.Thread] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if any(CONTROLLER_CODE in f.filename for f in traceback.extract_stack()):
            self.threads.append(threading.current_thread())
        return self.real(*args, **kwargs)


def test_what_waits_after_a_drop_is_counted_off_the_gui_thread(window, qtbot, monkeypatch, article_file) -> None:  # noqa: ANN001
    case = window.gctx.case
    spies = {"suggestions": Spy(case.suggestions.waiting), "transcriptions": Spy(case.transcriptions.waiting),
             "model": Spy(case.suggestions.model)}
    monkeypatch.setattr(case.suggestions, "waiting", spies["suggestions"])
    monkeypatch.setattr(case.transcriptions, "waiting", spies["transcriptions"])
    monkeypatch.setattr(case.suggestions, "model", spies["model"])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article_file))])
    controller = window.import_controller
    with qtbot.waitSignal(controller.suggested, timeout=60000) as blocker:
        drop(window, mime)
    assert blocker.args[0].done == 1
    assert window.report_dialog is not None
    qtbot.waitUntil(lambda: window.report_dialog.model.index(0, 3).data() not in ("finding…", "not yet"))
    assert spies["transcriptions"].threads and spies["suggestions"].threads
    for name, spy in spies.items():
        assert all(t is not threading.main_thread() for t in spy.threads), name
    qtbot.waitUntil(lambda: not controller.busy)

    # the same file again: a duplicate, nothing waits; still counted in a worker, and the controller goes idle
    with qtbot.waitSignal(controller.finished, timeout=30000) as done:
        drop(window, mime)
    assert done.args[0].duplicates == 1
    qtbot.waitUntil(lambda: not controller.busy and not controller.suggestions_due)
    assert all(t is not threading.main_thread() for s in spies.values() for t in s.threads)


def test_a_dropped_chronology_sheet_is_recognised_off_the_gui_thread(window, qtbot, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    case = window.gctx.case
    spy = Spy(case.evidence.get)
    monkeypatch.setattr(case.evidence, "get", spy)
    sheet = tmp_path / "okafor-timeline.csv"
    sheet.write_text("When,What happened,Who\n2024-03-12,Complaint filed,Marguerite Okafor\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sheet))])
    with qtbot.waitSignal(window.import_controller.finished, timeout=30000):
        drop(window, mime)
    qtbot.waitUntil(lambda: bool(window.import_controller.chronology_dialogs))
    dialog = window.import_controller.chronology_dialogs[0]
    assert dialog.windowTitle() == "Import chronology — okafor-timeline.csv"
    assert spy.threads and all(t is not threading.main_thread() for t in spy.threads)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled())  # its reading done before the window closes
    qtbot.waitUntil(lambda: not window.import_controller.busy)


def test_a_drop_while_the_count_is_on_its_way_is_the_task_cancel_reaches(window, qtbot, monkeypatch, article_file) -> None:  # noqa: ANN001
    controller = window.import_controller
    qtbot.waitUntil(lambda: not controller.busy)
    case = window.gctx.case
    counted = threading.Event()
    real = case.transcriptions.waiting

    def waiting() -> int:  # the real count, then a sign the worker is done (its answer not yet delivered)
        n = real()
        counted.set()
        return n

    monkeypatch.setattr(case.transcriptions, "waiting", waiting)
    runner = window.runner
    real_start = runner._start

    def start_and_finish(task: Any, job: Any) -> None:  # a fast worker: done before the GUI thread looks again
        if task.label != "Looking for waiting work":
            real_start(task, job)
            return
        returned = threading.Event()

        def counting(t: Any) -> Any:
            try:
                return job(t)
            finally:
                returned.set()

        real_start(task, counting)
        assert returned.wait(10)
        while task.running:  # the worker marks it done a moment after the job returns
            time.sleep(0.001)

    monkeypatch.setattr(runner, "_start", start_and_finish)
    started: list[Any] = []
    controller.started.connect(started.append)
    controller.suggest_waiting()
    assert counted.wait(10)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article_file))])
    with qtbot.waitSignal(controller.finished, timeout=30000):
        drop(window, mime)  # the count's answer is still on its way to the GUI thread
        qtbot.waitUntil(lambda: bool(started))
        QApplication.processEvents()  # the count's answer arrives
        task = started[0]
        assert task.label.startswith("Importing")
        assert controller.task is task or not task.running  # Cancel reaches the import, not a finished count
    qtbot.waitUntil(lambda: not controller.busy)
