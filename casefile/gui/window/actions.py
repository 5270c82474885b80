"""Every window action declared once: its id, text, icon, shortcuts, when it is enabled and its handler.

As napari's `_app_model/actions` and Picard's `ui/mainwindow/actions.py`: the registry is data; `build_actions`
turns it into QActions whose handler is the window's method of that name, the menus and the toolbar
(`menus.py`) read them by id, and MainWindow only places them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QWidget

from casefile.gui.window.tabs import TABS

Shortcut = str | QKeySequence.StandardKey


class When(enum.Enum):
    """When an action can be used: always, with a case open, or with a case open for writing."""

    ALWAYS = "always"
    CASE = "case"
    WRITABLE = "writable"


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    icon: str | None
    handler: str  # the window's method; "" for undo and redo, which the window's QUndoGroup builds
    shortcuts: tuple[Shortcut, ...] = ()
    when: When = When.ALWAYS
    tip: str = ""  # tooltip (the text when empty)
    status: str = ""  # status-bar tip
    short: str = ""  # the toolbar's label, short so every button fits at 1200 px
    args: tuple[int, ...] = ()  # passed to the handler


IMPORT_TIP = "Import files into the case (or drop them on the window)"
PASTE_TIP = "Import the link or text on the clipboard"
PRINT_TIP = "Print or save the case summary as PDF"
CASE, WRITABLE = When.CASE, When.WRITABLE

ACTIONS: dict[str, ActionSpec] = {spec.id: spec for spec in (
    # File. Ctrl+N belongs to the tabs ("New event", "New party"); a window-wide Ctrl+N as well would make Qt
    # call the key ambiguous and do nothing, so a new case is Ctrl+Shift+N
    ActionSpec("new", "&New case…", "case.new", "new_case", ("Ctrl+Shift+N",)),
    ActionSpec("open", "&Open case…", "case.open", "choose_case", (QKeySequence.StandardKey.Open,)),
    ActionSpec("demo", "Open &demo case", "case.demo", "open_demo"),
    ActionSpec("import", "&Import files…", "import", "import_files", ("Ctrl+I",), WRITABLE, IMPORT_TIP, IMPORT_TIP,
               "Import"),
    ActionSpec("import_folder", "Import &folder…", "import.folder", "import_folder", ("Ctrl+Shift+I",), WRITABLE),
    ActionSpec("paste", "&Paste as evidence", "paste", "paste_as_evidence", ("Ctrl+Shift+V",), WRITABLE, PASTE_TIP,
               PASTE_TIP, "Paste"),
    ActionSpec("capture", "&Capture web page…", "capture", "capture_web_pages", ("Ctrl+L",), WRITABLE,
               "Keep web pages as they were served and as they looked (asks before going online)"),
    ActionSpec("capture_sign_in", "Sign in before capturing…", "capture.sign_in", "capture_sign_in", (), WRITABLE),
    ActionSpec("capture_forget", "Forget capture sign-in", None, "capture_forget_sign_in", (), WRITABLE),
    ActionSpec("print", "&Print summary…", "print", "print_summary", (QKeySequence.StandardKey.Print,), CASE,
               PRINT_TIP, PRINT_TIP, "Print"),
    ActionSpec("export_json", "Case as &JSON…", "export.json", "export_json", when=CASE),
    ActionSpec("export_csv", "Timeline as &CSV…", "export.csv", "export_csv", when=CASE),
    ActionSpec("audit", "&Audit log…", "audit", "show_audit_log", when=CASE),
    ActionSpec("verify", "&Verify originals…", "verify", "verify_originals", when=CASE, short="Verify",
               tip="Verify originals: re-hash every stored file and report any missing or altered"),
    ActionSpec("archive_export", "&Export case archive…", "archive.export", "export_archive", when=CASE),
    ActionSpec("archive_open", "&Open case archive…", "archive.open", "open_archive"),
    ActionSpec("move_to_server", "&Move to server…", "export", "move_to_server", when=WRITABLE,
               status="Move this case's records to a PostgreSQL server, for a team"),
    ActionSpec("close", "&Close case", "case.close", "close_case", (QKeySequence.StandardKey.Close,), CASE),
    ActionSpec("quit", "&Quit", "quit", "close", (QKeySequence.StandardKey.Quit,)),
    # Edit
    ActionSpec("undo", "&Undo", "undo", "", (QKeySequence.StandardKey.Undo,), tip="Nothing to undo", short="Undo"),
    ActionSpec("redo", "&Redo", "redo", "", ("Ctrl+Shift+Z", QKeySequence.StandardKey.Redo), tip="Nothing to redo",
               short="Redo"),
    ActionSpec("find", "&Find…", "search", "find", (QKeySequence.StandardKey.Find,), CASE,
               tip="Search the whole case (Ctrl+F)", short="Find"),
    ActionSpec("speech_model", "Speech &model…", "settings", "speech_settings"),
    ActionSpec("language_models", "&Language models…", "settings", "language_models",
               status="OCR languages, and a spaCy pipeline folder per language for people and organisations"),
    # Help
    ActionSpec("show_log", "Show &log", None, "show_log", (), When.ALWAYS,
               "The app's log file: what to send when something goes wrong"),
    ActionSpec("check_installation", "&Check installation…", "verify", "check_installation",
               status="Check that every part of CaseFile works here: database, OCR, speech, PDF, media, web"),
    # View: one action per tab, Ctrl+1…
    *(ActionSpec(f"tab_{tab.meaning}", tab.label, tab.meaning, "show_tab", (f"Ctrl+{i + 1}",), CASE, args=(i,))
      for i, tab in enumerate(TABS)),
)}


def build_actions(window: QWidget, undo_group: QUndoGroup,
                  set_icon: Callable[[QAction, str], None]) -> dict[str, QAction]:
    """One QAction per registered action, by id, parented to `window` and calling its handler method;
    `set_icon` gives an action its icon and keeps it in the palette's colours."""
    built: dict[str, QAction] = {}
    for spec in ACTIONS.values():
        if not spec.handler:
            maker = undo_group.createUndoAction if spec.id == "undo" else undo_group.createRedoAction
            action = maker(window, spec.text)
        else:
            action = QAction(spec.text, window)
            method = getattr(window, spec.handler)
            action.triggered.connect(lambda _=False, run=method, args=spec.args: run(*args))
        if spec.icon:
            set_icon(action, spec.icon)
        keys = [QKeySequence(s) for s in spec.shortcuts]
        if any(not k.isEmpty() for k in keys):  # a standard key can be unbound on a platform (Quit on Linux)
            action.setShortcuts([k for k in keys if not k.isEmpty()])
        if spec.tip:
            action.setToolTip(spec.tip)
        if spec.status:
            action.setStatusTip(spec.status)
        if spec.short:
            action.setIconText(spec.short)
        built[spec.id] = action
    undo, redo = built["undo"], built["redo"]
    undo_group.undoTextChanged.connect(lambda t: undo.setToolTip(f"Undo {t}" if t else "Nothing to undo"))
    undo_group.redoTextChanged.connect(lambda t: redo.setToolTip(f"Redo {t}" if t else "Nothing to redo"))
    return built


def actions_when(built: dict[str, QAction], when: When) -> list[QAction]:
    return [built[spec.id] for spec in ACTIONS.values() if spec.when is when]
