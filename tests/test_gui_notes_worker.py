"""The Notes pane reads the selected item's name and notes in a worker: selecting a row never waits for the case
on the GUI thread, and what the user types while the notes are being read lands on the item selected."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from casefile.context import create_case
from casefile.db.models import Evidence
from casefile.domain.dates import EventDate
from casefile.domain.enums import PartyKind, PartyRole, TargetType
from casefile.domain.records import EventDraft, PartyDraft
from casefile.gui.evidence.model import COL_TITLE
from casefile.gui.timeline.model import TITLE
from tests.gui_window import active_window

NOTES_CODE = str(Path("casefile") / "gui" / "notes")


class Spy:
    """Wraps a real service method: records the thread (and arguments) of each call the Notes pane makes, and
    can hold those calls until the test lets them go."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.threads: list[threading.Thread] = []
        self.args: list[tuple[Any, ...]] = []
        self.hold = False
        self.gate = threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if any(NOTES_CODE in frame.filename for frame in traceback.extract_stack()):
            self.threads.append(threading.current_thread())
            self.args.append(args)
            if self.hold:
                assert self.gate.wait(10), "the test never let the call go"
        return self.real(*args, **kwargs)

    def from_gui_thread(self) -> int:
        return sum(1 for t in self.threads if t is threading.main_thread())


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    with create_case(tmp_path / "Notes", "Okafor v. Halvorsen") as c:
        okafor = c.parties.create(PartyDraft("Marguerite Okafor", PartyKind.PERSON, PartyRole.PLAINTIFF))
        ids = {"suit": c.events.create(EventDraft(EventDate.on("2024-03-12"), "Lawsuit filed", party_ids=(okafor,)))}
        with c.ctx.writes() as s, s.begin():
            ev = Evidence(exhibit=1, filename="halvorsen-statement.txt", kind="article", title="Halvorsen statement",
                          text="Halvorsen Media Group denies the claims.", size=40)
            s.add(ev)
            s.flush()
            ids["statement"] = ev.id
        return c.path, ids


@pytest.fixture
def window(qtbot, seeded):  # noqa: ANN001, ANN201
    yield from active_window(qtbot, seeded[0], 1400)


@pytest.fixture
def spies(window, monkeypatch) -> dict[str, Spy]:  # noqa: ANN001
    case = window.gctx.case
    out = {"events": Spy(case.events.get), "evidence": Spy(case.evidence.get), "notes": Spy(case.notes.list)}
    monkeypatch.setattr(case.events, "get", out["events"])
    monkeypatch.setattr(case.evidence, "get", out["evidence"])
    monkeypatch.setattr(case.notes, "list", out["notes"])
    yield out
    for s in out.values():
        s.gate.set()


def _click(qtbot, table, index) -> None:  # noqa: ANN001
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def test_selecting_rows_names_the_item_from_a_worker(qtbot, window, spies, seeded) -> None:  # noqa: ANN001
    _path, ids = seeded
    dock = window.notes_dock
    timeline = window.tabs[0]
    qtbot.waitUntil(lambda: timeline.proxy.rowCount() == 1)
    _click(qtbot, timeline.table, timeline.proxy.index(0, TITLE))
    qtbot.waitUntil(lambda: dock.header.text() == "Notes on event: Lawsuit filed")
    assert spies["events"].threads and spies["events"].from_gui_thread() == 0

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # View ▸ Evidence
    evidence = window.tabs[2]
    qtbot.waitUntil(lambda: evidence.proxy.rowCount() == 1)
    _click(qtbot, evidence.table, evidence.proxy.index(0, COL_TITLE))
    qtbot.waitUntil(lambda: dock.header.text() == "Notes on exhibit: Ex. 1 — Halvorsen statement")
    assert spies["evidence"].threads and spies["evidence"].from_gui_thread() == 0
    # each selection lists that item's notes, in a worker (the list of every note, read when the case changes,
    # too: those are the calls without an item)
    items = [a for a in spies["notes"].args if a]
    items = [a for i, a in enumerate(items) if i == 0 or a != items[i - 1]]
    while items and items[0] == (TargetType.CASE, None):  # the case's own notes, listed as the case opened
        items.pop(0)
    assert items == [(TargetType.EVENT, ids["suit"]), (TargetType.CASE, None),  # Evidence: nothing selected yet
                     (TargetType.EVIDENCE, ids["statement"])]
    assert spies["notes"].from_gui_thread() == 0
    # back on the Timeline before the window closes: closing from Evidence shows the Parties tab for a moment,
    # whose listing then returns to a deleted table (a known teardown race outside the Notes pane)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.runner.active)


def test_typing_while_the_notes_are_read_lands_on_the_item_selected(qtbot, window, spies, seeded) -> None:  # noqa: ANN001
    _path, ids = seeded
    dock, case = window.notes_dock, window.gctx.case
    timeline = window.tabs[0]
    qtbot.waitUntil(lambda: timeline.proxy.rowCount() == 1)
    qtbot.waitUntil(lambda: not window.runner.active)
    spies["events"].hold = True  # the case answers slowly
    _click(qtbot, timeline.table, timeline.proxy.index(0, TITLE))
    qtbot.waitUntil(lambda: len(spies["events"].threads) == 1)  # the worker is reading the event
    assert dock.header.text() == "Notes on event"  # the pane has moved to the event already
    qtbot.mouseClick(dock.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dock.editor, "Filed at the Oslo district court")
    qtbot.waitUntil(lambda: [n.text for n in case.notes.list(TargetType.EVENT, ids["suit"])]
                    == ["Filed at the Oslo district court"], timeout=3000)
    spies["events"].gate.set()
    qtbot.waitUntil(lambda: dock.header.text() == "Notes on event: Lawsuit filed")
    assert dock.editor.toPlainText() == "Filed at the Oslo district court"  # still the note being written
    qtbot.keyClicks(dock.editor, ", 12 March.")
    qtbot.waitUntil(lambda: [n.text for n in case.notes.list(TargetType.EVENT, ids["suit"])]
                    == ["Filed at the Oslo district court, 12 March."], timeout=3000)
    assert case.notes.list(TargetType.CASE, None) == []
    assert spies["events"].from_gui_thread() == 0
    qtbot.waitUntil(lambda: not window.runner.active)
