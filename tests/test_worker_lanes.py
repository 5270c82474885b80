"""Pools by latency: a read the user waits for runs while long work fills the background pool."""

from __future__ import annotations

import threading

from casefile.gui.worker import Lane, TaskRunner


def test_interactive_read_does_not_queue_behind_background_work(qtbot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    started = threading.Semaphore(0)

    def long_import(_task: object) -> str:
        started.release()
        release.wait(10)
        return "imported"

    try:
        for _ in range(4):  # more long jobs than the background pool has threads
            runner.run("Importing", long_import, lane=Lane.BACKGROUND)
        assert started.acquire(timeout=5)
        results: list[object] = []
        runner.run("Loading events", lambda _t: [1, 2, 3], results.append)
        qtbot.waitUntil(lambda: results == [[1, 2, 3]], timeout=3000)
        assert not release.is_set()  # the imports were all still running or waiting
    finally:
        release.set()
        assert runner.wait(10000)


def test_run_and_wait_runs_off_the_gui_thread_and_keeps_timers_firing(qtbot) -> None:
    from PySide6.QtCore import QTimer

    from casefile.gui.worker import run_and_wait

    runner = TaskRunner()
    gui = threading.get_ident()
    beats: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: beats.append(1))
    timer.start(5)
    release = threading.Event()

    def write() -> int:
        assert threading.get_ident() != gui
        qtbot_waits = release.wait(10)  # held until the GUI thread has beaten a few times meanwhile
        return 42 if qtbot_waits else -1

    QTimer.singleShot(60, release.set)
    assert run_and_wait(runner, "Confirming", write) == 42
    timer.stop()
    assert len(beats) >= 3  # the GUI thread's timers kept firing while the write ran

    def fail() -> None:
        raise ValueError("the case is busy")

    try:
        run_and_wait(runner, "Confirming", fail)
    except ValueError as exc:
        assert str(exc) == "the case is busy"
    else:
        raise AssertionError("the worker's error was not raised on the GUI thread")
    assert runner.wait(5000)
