"""The question asked when someone else saved an item while this window was editing it (a team case).

It shows who changed the item and when (from the audit log), and each field where their version and the user's
differ; the user saves theirs on top or keeps the other's. Keeping theirs is the default: nothing is replaced
unless the user chooses it after seeing what would be replaced.
"""

from __future__ import annotations

import dataclasses
import enum
from html import escape
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.errors import StaleEditError
from casefile.domain.printable import printable
from casefile.gui.context import GuiContext

SAVE_MINE = "Save mine on top"
KEEP_THEIRS = "Keep theirs"
_SKIP = {"version", "origin", "citations"}  # not typed in the editors, or shown elsewhere
_LABEL = {"party_ids": "parties", "asserted_by": "asserted by"}


def differences(current: Any, draft: Any) -> list[tuple[str, str, str]]:
    """(field, theirs, yours) for every field of the draft that differs from the record as it is now."""
    out: list[tuple[str, str, str]] = []
    for f in dataclasses.fields(draft):
        if f.name in _SKIP or not hasattr(current, f.name):
            continue
        theirs, yours = getattr(current, f.name), getattr(draft, f.name)
        if _norm(theirs) != _norm(yours):
            out.append((_LABEL.get(f.name, f.name).replace("_", " "), _shown(theirs), _shown(yours)))
    return out


def _norm(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return tuple(sorted(map(str, value)))
    return value


def _shown(value: Any) -> str:
    if isinstance(value, (EventDate, CaseDate)):
        return value.display()
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (tuple, list)):
        return ", ".join(map(str, value)) or "—"
    if value is None or value == "":
        return "—"
    text = printable(str(value))
    return text if len(text) <= 120 else text[:119] + "…"


def conflict_box(gctx: GuiContext, stale: StaleEditError, draft: Any, parent: QWidget | None = None) -> QMessageBox:
    """The message box (not yet shown): who, when, what they did, and theirs against yours field by field."""
    change = stale.change
    who = printable(getattr(change, "actor", "") or "Someone else")
    when = getattr(change, "at", None)
    at = f" at {when:%Y-%m-%d %H:%M}" if when is not None else ""
    box = QMessageBox(parent or QApplication.activeModalWidget() or QApplication.activeWindow())
    box.setObjectName("conflictBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Changed by someone else")
    box.setText(f"{who} changed this {stale.entity_type}{at}, after you opened it. Your change is not saved yet.")
    rows = "".join(f"<tr><td><b>{escape(name)}</b></td><td>{escape(theirs)}</td><td>{escape(yours)}</td></tr>"
                   for name, theirs, yours in differences(stale.current, draft))
    what = escape(printable(getattr(change, "summary", "") or ""))
    table = (f"<table cellspacing='6'><tr><th></th><th align='left'>Theirs (saved)</th>"
             f"<th align='left'>Yours</th></tr>{rows}</table>" if rows
             else "<p>Your version is the same as theirs.</p>")
    box.setInformativeText((f"<p>{what}</p>" if what else "") + table)
    mine = box.addButton(SAVE_MINE, QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(KEEP_THEIRS, QMessageBox.ButtonRole.RejectRole)
    mine.setObjectName("saveMine")
    keep.setObjectName("keepTheirs")
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    return box


def ask_conflict(gctx: GuiContext, stale: StaleEditError, draft: Any) -> bool:
    """True when the user chose to save their version on top of the other person's."""
    box = conflict_box(gctx, stale, draft)
    box.exec()
    return box.clickedButton() is not None and box.clickedButton().objectName() == "saveMine"
