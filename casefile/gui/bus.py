"""Signals that tie the window together: what changed in the case, what the user selected or opened."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class CaseBus(QObject):
    # "events", "parties", "evidence", "notes", "case" — views reload what they show of that kind
    changed = Signal(str)
    # a tab's selection changed: (target type value: "event"/"party"/"evidence"/"case", id or -1). Hidden tabs
    # announce too (after a refresh); the window forwards only the visible tab's selection as `notes_target`
    selected = Signal(str, int)
    # the item whose notes the Notes pane shows (same values); emitted by the window only
    notes_target = Signal(str, int)
    # ask the window to show an item in its tab: (target type value, id); optional citation span via cite
    open_item = Signal(str, int)
    # show an exhibit with a passage highlighted: (evidence id, char_start, char_end); -1 when none
    open_citation = Signal(int, int, int)
    # a status-bar message
    message = Signal(str)

    def changed_all(self) -> None:
        for kind in ("events", "parties", "evidence", "notes", "case"):
            self.changed.emit(kind)
