"""Where sources disagree, in the Timeline, driven as a user would: the flag on rows and strip, the "Sources
disagree (n)" filter beside "To review", the side-by-side pane and its verdict buttons with undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from casefile.domain.conflicts import Verdict
from casefile.domain.enums import Status
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.timeline.model import DISAGREE_ROLE, ID_ROLE, TITLE
from casefile.gui.worker import SyncRunner
from tests.conflict_fixtures import write_dispute
from tests.gui_helpers import click_row, make_tab


@pytest.fixture
def gctx(qapp, case, tmp_path: Path):  # noqa: ANN001, ANN201
    case.suggestions.use_model = False
    case.imports.import_paths(write_dispute(tmp_path / "src"))
    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


def _row(tab, title_part: str) -> int:  # noqa: ANN001
    for r in range(tab.proxy.rowCount()):
        if title_part in tab.proxy.index(r, TITLE).data():
            return r
    raise AssertionError(f"no row titled like {title_part!r}")


def _flagged_titles(tab) -> set[str]:  # noqa: ANN001
    return {tab.proxy.index(r, TITLE).data() for r in range(tab.proxy.rowCount())
            if tab.proxy.index(r, TITLE).data(DISAGREE_ROLE)}


def test_flags_filter_pane_and_verdict_with_undo(qtbot, gctx) -> None:  # noqa: ANN001
    tab = make_tab(qtbot, gctx)
    ctl = tab.disagreements
    qtbot.waitUntil(lambda: bool(ctl.state.found))
    assert ctl.action.text() == "Sources disagree (2)"  # two happenings: the suit's date, the album's doer
    flagged = _flagged_titles(tab)
    assert "Singer Tom Reyes filed a lawsuit against Halcyon Records" in flagged
    assert not any("letter" in t for t in flagged)  # the letter before the suit is another happening
    assert tab.strip.flagged == ctl.state.flagged
    total = tab.proxy.rowCount()

    # the filter, clicked on its toolbar button beside "To review"
    button = tab.toolbar.widgetForAction(ctl.action)
    actions = tab.toolbar.actions()
    assert actions.index(ctl.action) == actions.index(tab.filter_bar.review) + 1
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.proxy.rowCount() < total)
    shown = {int(tab.proxy.index(r, TITLE).data(ID_ROLE)) for r in range(tab.proxy.rowCount())}
    assert shown == set(ctl.state.flagged)

    # the pane shows both tellings side by side, with outlets, exhibits and passages
    click_row(qtbot, tab, _row(tab, "filed a lawsuit"))
    pane = ctl.pane
    qtbot.waitUntil(pane.isVisible)
    assert "the date" in pane.heading.text() and "Open" in pane.heading.text()
    left, right = (s.text() for s in pane.sides)
    assert "June 2, 2025" in left + right and "4 June 2025" in left + right
    assert "Northgate Herald" in left + right and "Ex. 1" in left + right
    d = pane.current
    assert d is not None
    herald_is_a = d.a.outlet == "Northgate Herald"
    herald_button = pane.buttons[Verdict.A_RIGHT if herald_is_a else Verdict.B_RIGHT]
    assert herald_button.text() == f"“{(d.a if herald_is_a else d.b).value}” is right"
    qtbot.mouseClick(herald_button, Qt.MouseButton.LeftButton)
    other = d.b if herald_is_a else d.a
    herald = d.a if herald_is_a else d.b
    assert gctx.case.events.get(herald.event_id).status is Status.CONFIRMED
    disputed = gctx.case.events.get(other.event_id)
    assert disputed.status is Status.DISPUTED
    assert gctx.case.parties.get(disputed.asserted_by).name == other.outlet  # who asserts it
    qtbot.waitUntil(lambda: ctl.action.text() == "Sources disagree (1)")
    assert gctx.undo.undoText().startswith("Sources disagree:")

    # undo with the keyboard, as a user would
    tab.table.setFocus()
    gctx.undo.undo()
    assert gctx.case.events.get(other.event_id).status is Status.SUGGESTED
    qtbot.waitUntil(lambda: ctl.action.text() == "Sources disagree (2)")


def test_not_the_same_happening_by_button(qtbot, gctx) -> None:  # noqa: ANN001
    tab = make_tab(qtbot, gctx)
    ctl = tab.disagreements
    qtbot.waitUntil(lambda: bool(ctl.state.found))
    click_row(qtbot, tab, _row(tab, "Halcyon Records released"))
    qtbot.waitUntil(ctl.pane.isVisible)
    assert "who did it" in ctl.pane.heading.text()
    qtbot.mouseClick(ctl.pane.buttons[Verdict.NOT_SAME], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ctl.action.text() == "Sources disagree (1)")
    assert not any("released" in t for t in _flagged_titles(tab))
    gctx.undo.undo()
    qtbot.waitUntil(lambda: ctl.action.text() == "Sources disagree (2)")


def test_corroboration_counts_sources_not_copies(qtbot, gctx) -> None:  # noqa: ANN001
    tab = make_tab(qtbot, gctx)
    ctl = tab.disagreements
    qtbot.waitUntil(lambda: bool(ctl.state.found))
    click_row(qtbot, tab, _row(tab, "filed a lawsuit"))
    qtbot.waitUntil(ctl.pane.isVisible)
    # the Herald, and one wire story carried by two outlets: two sources, not three
    assert ctl.pane.heading.text().startswith("Told by 2 sources")
    row = _row(tab, "filed a lawsuit")
    assert "Told by 2 sources" in tab.proxy.index(row, TITLE).data(Qt.ItemDataRole.ToolTipRole)


def test_link_by_hand_with_the_keyboard_then_undo(qtbot, gctx) -> None:  # noqa: ANN001
    tab = make_tab(qtbot, gctx)
    ctl = tab.disagreements
    qtbot.waitUntil(lambda: bool(ctl.state.found))
    letter_row, suit_row = _row(tab, "cease-and-desist letter"), _row(tab, "filed a lawsuit")
    letter = int(tab.proxy.index(letter_row, TITLE).data(ID_ROLE))
    suit = int(tab.proxy.index(suit_row, TITLE).data(ID_ROLE))
    assert gctx.case.conflicts.happening_of(letter) == []
    click_row(qtbot, tab, letter_row)
    click_row(qtbot, tab, suit_row, Qt.KeyboardModifier.ControlModifier)
    assert sorted(tab.selected_ids()) == sorted([letter, suit])
    qtbot.keyClick(tab.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert letter in gctx.case.conflicts.happening_of(suit)
    assert gctx.undo.undoText() == "Link 2 events as one happening"
    gctx.undo.undo()
    assert gctx.case.conflicts.happening_of(letter) == []
    assert suit in gctx.case.conflicts.happening_of(suit)


def test_the_visual_timeline_marks_a_disagreement(qtbot, gctx) -> None:  # noqa: ANN001
    from PySide6.QtGui import QColor

    tab = make_tab(qtbot, gctx)
    ctl = tab.disagreements
    qtbot.waitUntil(lambda: bool(ctl.state.flagged))
    strip = tab.strip
    strip.fit_everything()
    flagged = next(iter(ctl.state.flagged))
    qtbot.waitUntil(lambda: strip.marker_center(flagged) is not None)
    image = strip.grab().toImage()
    red = QColor("#c0392b")

    def badge_pixels(item) -> int:  # noqa: ANN001
        x, top = round(item.shape.center().x()), round(item.shape.top())
        return sum(image.pixelColor(x + dx, top - 9 + dy) == red for dx in range(-5, 6) for dy in range(-5, 6))

    placed = next(p for p in strip._layout.placed if flagged in p.ids)
    assert badge_pixels(placed) >= 40  # the red "≠" disc above the mark
    flagged_x = [p.shape.center().x() for p in strip._layout.placed if ctl.state.flagged.intersection(p.ids)]
    plain = [p for p in strip._layout.placed if not ctl.state.flagged.intersection(p.ids)
             and all(abs(p.shape.center().x() - x) > 14 for x in flagged_x)]
    assert plain and all(badge_pixels(p) == 0 for p in plain)  # the letter before the suit, for one
