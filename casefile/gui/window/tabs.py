"""The case's tabs, in order: each is built from its constructor (`Tab(gctx)`) and reached through `reload()`
and `show_item(id)`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from casefile.domain.enums import TargetType
from casefile.gui.context import GuiContext
from casefile.gui.evidence.tab import EvidenceTab
from casefile.gui.parties.tab import PartiesTab
from casefile.gui.timeline.tab import TimelineTab


@dataclass(frozen=True)
class TabSpec:
    make: Callable[[GuiContext], QWidget]  # the tab's class
    label: str  # with its mnemonic, for the View menu
    meaning: str  # icon meaning, also the View action's id (`tab_<meaning>`)
    shows: TargetType  # the kind of item the tab selects in `show_item`

    def build(self, gctx: GuiContext) -> QWidget:
        return self.make(gctx)


TABS = (
    TabSpec(TimelineTab, "&Timeline", "timeline", TargetType.EVENT),
    TabSpec(PartiesTab, "&Parties", "parties", TargetType.PARTY),
    TabSpec(EvidenceTab, "&Evidence", "evidence", TargetType.EVIDENCE),
)
