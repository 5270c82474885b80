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


def test_a_job_cancelled_before_its_turn_does_not_run(qtbot) -> None:
    runner = TaskRunner(interactive_threads=1)
    release = threading.Event()
    ran: list[str] = []
    try:
        runner.run("Loading preview 1", lambda _t: release.wait(10))
        stale = runner.run("Loading preview 2", lambda _t: ran.append("stale"))
        stale.cancel()
        fresh: list[object] = []
        runner.run("Loading preview 3", lambda _t: "fresh", fresh.append)
        release.set()
        qtbot.waitUntil(lambda: fresh == ["fresh"], timeout=3000)
    finally:
        release.set()
        assert runner.wait(10000)
    assert ran == []
    assert not stale.running
