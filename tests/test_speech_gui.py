"""The media player: a machine transcript beside the clip, corrected in place with real keys and clicks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from casefile.domain.enums import EvidenceKind
from casefile.gui.evidence.tab import EvidenceTab
from tests.test_speech_fixtures import silent_clip, speech_clip

LINE = "The tenant paid the deposit in cash."


def _player(qtbot, gctx, clip_id: int):  # noqa: ANN001, ANN202
    pytest.importorskip("PySide6.QtMultimedia")
    tab = EvidenceTab(gctx)
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.show()
    tab.show_item(clip_id)
    media = tab.preview.media
    assert tab.preview.content.currentWidget() is media
    return tab, media


def _open_editors(media) -> list[QLineEdit]:  # noqa: ANN001
    return [e for e in media.cue_list.findChildren(QLineEdit) if e.isVisible()]


def _editor(media) -> QLineEdit:  # noqa: ANN001
    editors = _open_editors(media)
    assert len(editors) == 1, "no line editor opened"
    return editors[0]


def test_double_click_corrects_a_line_keeping_its_time_and_undo_restores(qtbot, gctx, tmp_path: Path) -> None:  # noqa: ANN001
    clip = speech_clip(tmp_path / "in", LINE, "deposit.m4a")
    clip_id = gctx.case.imports.import_paths([clip]).outcomes[0].evidence_id
    _tab, media = _player(qtbot, gctx, clip_id)
    assert media.transcript_panel.isVisible() and media.cue_list.count() == 1
    assert media.transcript_label.text().endswith(", machine)")
    cue = media.cues[0]
    machine = cue.text
    rect = media.cue_list.visualItemRect(media.cue_list.item(0))
    # a real double-click: QTest's mouseDClick alone sends only the second press, a user's starts with a click
    qtbot.mouseClick(media.cue_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(media.cue_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = _editor(media)
    assert editor.text() == machine  # the words only, not the time shown before them
    editor.selectAll()
    qtbot.keyClicks(editor, "The tenant paid the deposit by cheque.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gctx.undo.count() == 1, timeout=3000)  # the view commits on its next event loop turn
    transcript = gctx.case.evidence.transcript_for(clip_id)
    [fixed] = gctx.case.evidence.cues(transcript.id)
    assert fixed.text == "The tenant paid the deposit by cheque."
    assert (fixed.start_ms, fixed.end_ms) == (cue.start_ms, cue.end_ms)
    qtbot.waitUntil(lambda: media.cue_list.item(0).text().endswith("by cheque."), timeout=3000)
    assert media.cue_list.item(0).text().startswith("00:00  ")
    assert gctx.undo.undoText() == "Correct transcript line at 00:00"
    gctx.undo.undo()
    assert gctx.case.evidence.cues(transcript.id)[0].text == machine
    qtbot.waitUntil(lambda: media.cue_list.item(0).text().endswith(machine), timeout=3000)


def test_f2_edits_and_escape_leaves_the_line_alone(qtbot, gctx, tmp_path: Path) -> None:  # noqa: ANN001
    clip = speech_clip(tmp_path / "in", LINE, "deposit.mp4", video=True)
    clip_id = gctx.case.imports.import_paths([clip]).outcomes[0].evidence_id
    _tab, media = _player(qtbot, gctx, clip_id)
    machine = media.cues[0].text
    rect = media.cue_list.visualItemRect(media.cue_list.item(0))
    qtbot.mouseClick(media.cue_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    media.cue_list.setFocus()
    qtbot.keyClick(media.cue_list, Qt.Key.Key_F2)
    editor = _editor(media)
    editor.selectAll()
    qtbot.keyClicks(editor, "Something else entirely")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not _open_editors(media), timeout=3000)
    transcript = gctx.case.evidence.transcript_for(clip_id)
    assert gctx.case.evidence.cues(transcript.id)[0].text == machine
    assert gctx.undo.count() == 0
    qtbot.keyClick(media.cue_list, Qt.Key.Key_F2)
    editor = _editor(media)
    editor.selectAll()
    qtbot.keyClicks(editor, "The landlord paid the deposit in cash.")
    qtbot.keyClick(editor, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: gctx.undo.count() == 1, timeout=3000)
    assert gctx.case.evidence.cues(transcript.id)[0].text == "The landlord paid the deposit in cash."
    assert any(h.id == transcript.id for h in gctx.case.search.search("landlord"))


def test_silent_clip_says_why_there_is_no_transcript(qtbot, gctx, tmp_path: Path) -> None:  # noqa: ANN001
    clip_id = gctx.case.imports.import_paths([silent_clip(tmp_path / "in")]).outcomes[0].evidence_id
    assert gctx.case.evidence.get(clip_id).kind is EvidenceKind.AUDIO
    _tab, media = _player(qtbot, gctx, clip_id)
    assert media.transcript_panel.isVisible() and not media.cue_list.isVisible()
    assert media.transcript_label.text() == "No speech was heard in this clip."
