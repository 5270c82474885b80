"""The stall watchdog reports a slot that blocks the GUI thread, with the slot in the stack it logs."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QTimer

from casefile.gui.window import watchdog
from casefile.gui.window.watchdog import StallWatchdog


def slow_slot_for_the_watchdog() -> None:
    time.sleep(0.2)  # the stall under test: a slot that keeps the GUI thread busy for 200 ms


def test_watchdog_logs_a_200ms_stall_in_a_slot(qtbot, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="casefile.stall")
    dog = StallWatchdog(threshold_ms=100)
    dog.start()
    try:
        qtbot.wait(50)  # a few beats first
        assert dog.stalls == []
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(slow_slot_for_the_watchdog)
        timer.start(0)
        qtbot.waitUntil(lambda: len(dog.stalls) == 1, timeout=3000)
    finally:
        dog.stop()
    stall = dog.stalls[0]
    assert 150 <= stall.ms < 1000
    assert "slow_slot_for_the_watchdog" in stall.stack
    messages = [r.getMessage() for r in caplog.records if r.name == "casefile.stall"]
    assert len(messages) == 1
    assert "stalled" in messages[0] and "slow_slot_for_the_watchdog" in messages[0]


def test_watchdog_is_quiet_when_the_gui_thread_answers(qtbot) -> None:
    dog = StallWatchdog(threshold_ms=100)
    dog.start()
    try:
        timer = QTimer()
        timer.timeout.connect(lambda: time.sleep(0.005))
        timer.start(20)
        qtbot.wait(300)
    finally:
        dog.stop()
    assert dog.stalls == []


def test_watchdog_is_off_unless_asked(monkeypatch, qtbot) -> None:
    from PySide6.QtCore import QObject

    owner = QObject()
    monkeypatch.delenv(watchdog.ENV, raising=False)
    assert watchdog.install_from_env(owner) is None
    monkeypatch.setenv(watchdog.ENV, "1")
    dog = watchdog.install_from_env(owner)
    assert isinstance(dog, StallWatchdog)
    dog.stop()
