"""A clip's transcript beside its player: loading the timed lines, why there are none, correcting one line."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from casefile.domain.records import EvidenceRecord, format_timestamp
from casefile.gui.commands import CaseCommand
from casefile.gui.context import GuiContext
from casefile.services.evidence_service import CueRecord

CUE_TEXT_ROLE = Qt.ItemDataRole.UserRole + 1  # the line's words alone (the display adds its time)


def load_cues(gctx: GuiContext, clip_id: int) -> tuple[EvidenceRecord | None, list[CueRecord]]:
    """Worker job: the clip's transcript and its timed cues (on the transcript, else on the clip)."""
    transcript = gctx.case.evidence.transcript_for(clip_id)
    cues = gctx.case.evidence.cues(transcript.id) if transcript is not None else []
    return transcript, cues or gctx.case.evidence.cues(clip_id)


def transcript_state(rec: EvidenceRecord) -> str:
    """Why a clip shows no transcript, from what the transcription pass recorded on it ("" when nothing)."""
    state = rec.metadata.get("transcription") or {}
    if state.get("state") == "silent":
        return "No speech was heard in this clip."
    if state.get("state") == "no audio":
        return "This clip has no sound to transcribe."
    if state.get("state") == "failed":
        return f"This clip could not be transcribed: {state.get('reason') or 'unknown reason'}."
    return ""


class CorrectCueCommand(CaseCommand):
    """Correct the words of one transcript line; undo puts the previous words back (timings never change)."""

    kinds = ("evidence",)

    def __init__(self, gctx: GuiContext, cue: CueRecord, text: str) -> None:
        super().__init__(gctx, f"Correct transcript line at {format_timestamp(cue.start_ms)}")
        self.cue_id = cue.id
        self.new = text
        self.old = cue.text

    def _do(self) -> None:
        self.old = self.gctx.case.transcriptions.correct_cue(self.cue_id, self.new)

    def _undo(self) -> None:
        self.gctx.case.transcriptions.correct_cue(self.cue_id, self.old)


class CueDelegate(QStyledItemDelegate):
    """Edits a line's words only (never its time) and hands the correction on instead of writing the item."""

    corrected = Signal(int, str)  # row, new words

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAccessibleName("Correct transcript line")
        editor.setToolTip("Correct the words; the line keeps its time. Enter saves, Esc cancels.")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(CUE_TEXT_ROLE) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> None:
        text = " ".join(editor.text().split()) if isinstance(editor, QLineEdit) else ""
        if text and text != index.data(CUE_TEXT_ROLE):
            self.corrected.emit(index.row(), text)
