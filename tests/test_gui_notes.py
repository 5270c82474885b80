"""Notes pane: autosave while typing, following the selection, the all-notes list, surviving a kill."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from casefile.context import create_case, open_case
from casefile.domain.dates import EventDate
from casefile.domain.enums import TargetType
from casefile.domain.records import EventDraft
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.notes.all_notes import ID_ROLE
from casefile.gui.notes.dock import NotesDock
from casefile.gui.worker import SyncRunner


@pytest.fixture
def gctx(case, qapp) -> GuiContext:  # noqa: ANN001
    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


def _dock(qtbot, gctx):  # noqa: ANN001, ANN202
    dock = NotesDock(gctx)
    qtbot.addWidget(dock)
    dock.resize(600, 500)
    dock.show()
    return dock


def test_typing_saves_without_an_explicit_save(qtbot, gctx) -> None:  # noqa: ANN001
    dock = _dock(qtbot, gctx)
    assert dock.header.text() == "Notes on the case"
    dock.editor.setFocus()
    qtbot.keyClicks(dock.editor, "Call **Ruth** about the recording")
    qtbot.waitUntil(lambda: [n.text for n in gctx.case.notes.list(TargetType.CASE)]
                    == ["Call **Ruth** about the recording"], timeout=1000)
    qtbot.keyClicks(dock.editor, " tomorrow")
    qtbot.waitUntil(lambda: gctx.case.notes.list(TargetType.CASE)[0].text.endswith("tomorrow"), timeout=1000)
    assert len(gctx.case.notes.list()) == 1
    assert "Ruth" in dock.rendered.toPlainText() and "**" not in dock.rendered.toPlainText()


def test_notes_follow_the_selection(qtbot, gctx) -> None:  # noqa: ANN001
    gctx.case.notes.create("About the case")
    event_id = gctx.case.events.create(EventDraft(EventDate.on("2024-03-12"), "Lawsuit filed"))
    dock = _dock(qtbot, gctx)
    assert dock.editor.toPlainText() == "About the case"
    gctx.bus.notes_target.emit("event", event_id)
    assert dock.header.text() == "Notes on event: Lawsuit filed"
    assert dock.editor.toPlainText() == ""
    qtbot.keyClicks(dock.editor, "Check the filing date")
    gctx.bus.notes_target.emit("case", -1)  # switching saves at once
    notes = gctx.case.notes.list(TargetType.EVENT, event_id)
    assert [n.text for n in notes] == ["Check the filing date"]
    assert dock.editor.toPlainText() == "About the case"
    gctx.bus.notes_target.emit("event", event_id)
    assert dock.editor.toPlainText() == "Check the filing date"


def test_add_and_delete_notes(qtbot, gctx) -> None:  # noqa: ANN001
    dock = _dock(qtbot, gctx)
    qtbot.keyClicks(dock.editor, "First")
    qtbot.waitUntil(lambda: dock.saved_label.text() == "Saved", timeout=2000)
    qtbot.mouseClick(dock.add_button, Qt.MouseButton.LeftButton)
    assert dock.editor.toPlainText() == ""
    qtbot.keyClicks(dock.editor, "Second")
    qtbot.waitUntil(lambda: sorted(n.text for n in gctx.case.notes.list()) == ["First", "Second"], timeout=2000)
    assert sorted(n.text for n in gctx.case.notes.list()) == ["First", "Second"]
    assert dock.note_list.count() == 2 and dock.note_list.isVisibleTo(dock)
    dock.editor.selectAll()
    qtbot.keyClick(dock.editor, Qt.Key.Key_Backspace)  # an emptied note is deleted without asking
    qtbot.mouseClick(dock.delete_button, Qt.MouseButton.LeftButton)
    assert [n.text for n in gctx.case.notes.list()] == ["First"]
    gctx.undo.undo()
    assert len(gctx.case.notes.list()) == 2


def test_all_notes_list_opens_the_item(qtbot, gctx) -> None:  # noqa: ANN001
    event_id = gctx.case.events.create(EventDraft(EventDate.on("2024-03-12"), "Lawsuit filed"))
    note_id = gctx.case.notes.create("Ask about damages", TargetType.EVENT, event_id)
    gctx.case.notes.create("General remark")
    dock = _dock(qtbot, gctx)
    dock.tabs.setCurrentWidget(dock.all_notes)
    table = dock.all_notes.table
    model = table.model()
    assert model.rowCount() == 2
    labels = {model.index(r, 0).data() for r in range(2)}
    assert labels == {"Event: Lawsuit filed", "Case"}
    row = next(r for r in range(2) if model.index(r, 0).data(ID_ROLE) == note_id)
    rect = table.visualRect(model.index(row, 1))
    with qtbot.waitSignal(gctx.bus.open_item) as blocker:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["event", event_id]
    assert dock.editor.toPlainText() == "Ask about damages"
    assert dock.header.text() == "Notes on event: Lawsuit filed"


_SCRIPT = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    from PySide6.QtGui import QUndoStack
    from PySide6.QtTest import QTest
    app = QApplication([])
    from casefile.context import open_case
    from casefile.gui.bus import CaseBus
    from casefile.gui.context import GuiContext
    from casefile.gui.worker import TaskRunner
    from casefile.gui.notes.dock import NotesDock
    case = open_case(sys.argv[1])
    dock = NotesDock(GuiContext(case, TaskRunner(), QUndoStack(), CaseBus()))
    dock.show()
    dock.editor.setFocus()
    QTest.keyClicks(dock.editor, "Typed just before the crash")
    print("TYPED", flush=True)
    app.exec()
""")


def test_note_survives_being_killed_a_second_after_typing(tmp_path: Path) -> None:
    path = create_case(tmp_path / "Killed", "Kill test")
    case_dir = path.path
    path.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", _SCRIPT, str(case_dir)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, text=True)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "TYPED"
        _wait_for_saved_note(case_dir / "case.db", "Typed just before the crash", proc)  # the autosave, not a sleep
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    with open_case(case_dir, read_only=True) as case:
        assert [n.text for n in case.notes.list()] == ["Typed just before the crash"]


def test_pane_and_summary_render_notes_with_the_same_rules(qtbot, gctx) -> None:  # noqa: ANN001
    from casefile.reports.summary_html import markdown_html

    dock = _dock(qtbot, gctx)
    note = 'See **exhibit 3** <b>raw</b> <img src="https://tracker.example/x.png"> [site](javascript:alert(1))'
    qtbot.keyClicks(dock.editor, note)
    qtbot.waitUntil(lambda: [n.text for n in gctx.case.notes.list(TargetType.CASE)] == [note], timeout=1000)
    shown = dock.rendered.toPlainText()
    assert "exhibit 3" in shown and "**" not in shown  # Markdown is rendered
    assert '<b>raw</b> <img src="https://tracker.example/x.png">' in shown  # raw HTML is text, as in the PDF
    assert "[site](javascript:alert(1))" in shown  # an unsafe link stays text
    assert 'href="javascript' not in dock.rendered.toHtml()
    html = markdown_html(note)
    assert "&lt;b&gt;raw&lt;/b&gt;" in html and "<strong>exhibit 3</strong>" in html and "href" not in html


def _wait_for_saved_note(db: Path, text: str, proc: subprocess.Popen[str], timeout_s: float = 30.0) -> None:
    """Until the note is committed to the case (read from another connection, as after a crash)."""
    deadline = time.monotonic() + timeout_s
    while True:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            saved = con.execute("SELECT count(*) FROM note WHERE text = ?", (text,)).fetchone()[0]
        finally:
            con.close()
        if saved:
            return
        assert proc.poll() is None, "the app ended before saving the note"
        assert time.monotonic() < deadline, "the typed note was never saved"
        time.sleep(0.02)  # polling interval of the condition above
