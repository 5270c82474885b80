"""The exhibit's language in its details: shown by name and code, changed by the user from the keyboard, undone
and redone through the window's undo stack, and what the case keeps (audited by EvidenceService.set_language)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from casefile.gui.evidence.preview.details import DetailsPanel

GERMAN = ("Das Landgericht Hamburg hat am 3. März 2025 die Klage von Anna Weber abgewiesen. Die Richterin "
          "sagte, die Beweise reichten nicht aus. Die Verhandlung wird im April fortgesetzt.")


def test_the_language_is_shown_and_changed_undoably(qtbot, gctx, tmp_path: Path) -> None:  # noqa: ANN001
    page = tmp_path / "urteil.txt"
    page.write_text(GERMAN, encoding="utf-8")
    ev_id = gctx.case.imports.import_paths([page]).outcomes[0].evidence_id
    panel = DetailsPanel(gctx)
    qtbot.addWidget(panel)
    panel.show_evidence(gctx.case.evidence.get(ev_id))
    panel.show()
    combo = panel.language_combo
    assert combo.currentText() == "German (de)"
    combo.setFocus()
    qtbot.keyClicks(combo, "French")
    assert combo.currentText() == "French (fr)"
    assert gctx.case.evidence.get(ev_id).language == "fr"
    gctx.undo.undo()
    assert gctx.case.evidence.get(ev_id).language == "de"
    gctx.undo.redo()
    assert gctx.case.evidence.get(ev_id).language == "fr"
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # the row above French in the list: Finnish
    assert gctx.case.evidence.get(ev_id).language == "fi"
