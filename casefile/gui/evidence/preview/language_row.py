"""The exhibit's language in its details: a list of language names with their ISO 639-1 codes; choosing one
sets it through the undo stack (SetLanguageCommand), so extraction reads the exhibit in that language next."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from casefile.gui.commands import SetLanguageCommand
from casefile.gui.context import GuiContext
from casefile.languages import NAMES


def language_text(code: str | None) -> str:
    """`French (fr)`, `Unknown`, or `Not read yet`."""
    if code is None:
        return "Not read yet"
    return f"{NAMES.get(code, code)} ({code})" if code else "Unknown"


class LanguageCombo(QComboBox):
    """One row per known language (and the exhibit's own code if it is another); its data is the code."""

    def __init__(self, gctx: GuiContext, evidence_id: int, code: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx, self.evidence_id = gctx, evidence_id
        self.setAccessibleName("Language")
        self.setToolTip("The language this exhibit is written in: suggestions read it in this language")
        if code is None:
            self.addItem(language_text(None), None)
        self.addItem(language_text(""), "")
        codes = sorted(NAMES, key=lambda c: NAMES[c]) + ([code] if code and code not in NAMES else [])
        for c in codes:
            self.addItem(language_text(c), c)
        self.setCurrentIndex(self.findData(code))
        self.setEnabled(not gctx.case.read_only)
        self.activated.connect(self._chosen)

    def _chosen(self, index: int) -> None:
        code = self.itemData(index)
        current = self.gctx.case.evidence.get(self.evidence_id).language
        if code is None or code == current:
            return
        self.gctx.undo.push(SetLanguageCommand(self.gctx, self.evidence_id, code))
