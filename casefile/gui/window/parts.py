"""Parts of the window that keep the user's work in the right place: the Notes pane's routing to the visible
tab's selection, the read-only banner, and saving a waiting note before the case closes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QMessageBox, QStatusBar, QTabWidget, QWidget

from casefile.domain.enums import TargetType
from casefile.gui.bus import CaseBus
from casefile.gui.worker import BUSY_BACKOFF_MS, pause


class NotesRouter(QObject):
    """Forwards a tab's `bus.selected` to `bus.notes_target` only while that tab is the visible one.

    Hidden tabs re-announce their selection when they refresh (after an edit or a merge anywhere); forwarding
    those moved the Notes pane to an item the user could not see, and what they typed landed there. Switching
    tabs shows the new tab's own last selection (or the case's notes when it has none).
    """

    def __init__(self, tab_widget: QTabWidget, kinds: Sequence[TargetType], bus: CaseBus,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tab_widget, self.kinds, self.bus = tab_widget, list(kinds), bus
        self.selections: dict[str, int] = {}
        bus.selected.connect(self._announced)
        tab_widget.currentChanged.connect(self._tab_changed)

    def detach(self) -> None:
        """Stop routing (the case is closing: its tabs are being removed)."""
        self.bus.selected.disconnect(self._announced)
        self.tab_widget.currentChanged.disconnect(self._tab_changed)

    def visible_kind(self) -> TargetType | None:
        i = self.tab_widget.currentIndex()
        return self.kinds[i] if 0 <= i < len(self.kinds) else None

    def _announced(self, kind: str, item_id: int) -> None:
        self.selections[kind] = item_id
        visible = self.visible_kind()
        if visible is not None and visible.value == kind:
            self.bus.notes_target.emit(kind, item_id)

    def _tab_changed(self, _index: int) -> None:
        visible = self.visible_kind()
        if visible is not None:
            self.bus.notes_target.emit(visible.value, self.selections.get(visible.value, -1))


class ReadOnlyBanner(QLabel):
    """A strip above the tabs saying why nothing can be changed in this window (hidden when it can)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setWordWrap(True)
        self.setAccessibleName("Read-only")
        self.setStyleSheet("#readOnlyBanner { background: palette(alternate-base); padding: 6px 10px;"
                           " border-bottom: 2px solid #c98a1a; }")
        self.hide()

    def set_reason(self, reason: str) -> None:
        self.setText(reason)
        self.setVisible(bool(reason))


def save_notes_before_close(dock: QWidget | None, parent: QWidget, status: QStatusBar) -> None:
    """Every note typed must be on disk before the case closes: wait for a busy case, then ask."""
    if dock is None or not hasattr(dock, "save_now") or dock.save_now():
        return
    while True:
        for delay in BUSY_BACKOFF_MS:
            status.showMessage("Case busy — saving your note before closing…")
            pause(delay)
            if dock.save_now():
                return
        answer = QMessageBox.warning(
            parent, "Note not saved", "The case is busy (another program is writing to it), so your latest note "
            "is not saved yet.\n\nKeep trying, or close and lose the unsaved text?",
            QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Retry)
        if answer == QMessageBox.StandardButton.Discard:
            return
