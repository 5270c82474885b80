"""GUI writes survive a busy case: another connection holds the write lock past SQLite's busy timeout.

Each test takes a few seconds: the first write attempt waits out the real busy timeout before it fails.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoStack

from casefile.db.engine import BUSY_TIMEOUT_MS
from casefile.domain.dates import EventDate
from casefile.domain.enums import TargetType
from casefile.domain.records import EventDraft
from casefile.gui.bus import CaseBus
from casefile.gui.commands import EditEventCommand, push
from casefile.gui.context import GuiContext
from casefile.gui.notes.dock import NotesDock
from casefile.gui.worker import BUSY_MESSAGE, SyncRunner


@pytest.fixture
def gctx(case, qapp) -> GuiContext:  # noqa: ANN001
    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


@pytest.fixture
def other_writer(case) -> Iterator[sqlite3.Connection]:  # noqa: ANN001
    """Another program's connection to the case; `BEGIN IMMEDIATE` on it takes the write lock."""
    conn = sqlite3.connect(case.path / "case.db", timeout=0, isolation_level=None)
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.rollback()
        conn.close()


def test_a_note_typed_while_the_case_is_busy_stays_unsaved_then_lands(qtbot, gctx, other_writer) -> None:  # noqa: ANN001
    event_id = gctx.case.events.create(EventDraft(EventDate.on("2024-03-12"), "Lawsuit filed"))
    dock = NotesDock(gctx)
    qtbot.addWidget(dock)
    dock.resize(500, 500)
    dock.show()
    gctx.bus.notes_target.emit("event", event_id)
    other_writer.execute("BEGIN IMMEDIATE")
    messages: list[str] = []
    gctx.bus.message.connect(messages.append)

    qtbot.keyClicks(dock.editor, "Ask for the unedited audio")
    qtbot.waitUntil(lambda: BUSY_MESSAGE in dock.saved_label.text(), timeout=BUSY_TIMEOUT_MS + 3000)
    assert dock.has_unsaved()
    assert any(BUSY_MESSAGE in m for m in messages)
    assert gctx.case.notes.list(TargetType.EVENT, event_id) == []
    # moving on to the case's notes must not drop what was typed on the event
    gctx.bus.notes_target.emit("case", -1)
    assert dock.header.text() == "Notes on the case"

    other_writer.rollback()  # the other program lets go
    qtbot.waitUntil(lambda: [n.text for n in gctx.case.notes.list(TargetType.EVENT, event_id)]
                    == ["Ask for the unedited audio"], timeout=BUSY_TIMEOUT_MS + 6000)
    assert not dock.has_unsaved()
    assert gctx.case.notes.list(TargetType.CASE) == []


def test_an_edit_retries_while_the_case_is_busy(qtbot, gctx, other_writer) -> None:  # noqa: ANN001
    event_id = gctx.case.events.create(EventDraft(EventDate.on("2024-03-12"), "Lawsuit filed"))
    messages: list[str] = []
    gctx.bus.message.connect(messages.append)
    other_writer.execute("BEGIN IMMEDIATE")
    # released during the first pause after the first attempt has waited out the busy timeout
    QTimer.singleShot(BUSY_TIMEOUT_MS - 1000, other_writer.rollback)
    cmd = EditEventCommand(gctx, event_id, EventDraft(EventDate.on("2024-03-12"), "Suit filed in New York"))
    assert push(gctx, cmd), cmd.error
    assert BUSY_MESSAGE in messages
    assert gctx.case.events.get(event_id).title == "Suit filed in New York"
    assert gctx.undo.count() == 1
    gctx.undo.undo()
    assert gctx.case.events.get(event_id).title == "Lawsuit filed"
