"""Every window action declared once: its id, text, icon, shortcuts, when it is enabled and what it does.

As Picard's `ui/mainwindow/actions.py` (`@add_action`) and napari's `_app_model/actions`: a handler is registered
with its action; `build_actions` turns the registry into QActions, the menus and the toolbar (`menus.py`) read
them by id, and MainWindow only places them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QFileDialog, QMessageBox

from casefile.gui.last_folder import remember_folder, start_folder
from casefile.gui.window.tabs import TABS
from casefile.gui.worker import Task

if TYPE_CHECKING:
    from casefile.gui.window.main_window import MainWindow

Shortcut = str | QKeySequence.StandardKey
Handler = Callable[["MainWindow"], None]


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
    handler: Handler | None  # None: undo and redo, which the window's QUndoGroup builds
    shortcuts: tuple[Shortcut, ...] = ()
    when: When = When.ALWAYS
    tip: str = ""  # tooltip (the text when empty)
    status: str = ""  # status-bar tip
    short: str = ""  # the toolbar's label, short so every button fits at 1200 px


ACTIONS: dict[str, ActionSpec] = {}


def add_action(id: str, text: str, icon: str | None = None, *, shortcuts: tuple[Shortcut, ...] = (),
               when: When = When.ALWAYS, tip: str = "", status: str = "",
               short: str = "") -> Callable[[Handler], Handler]:
    """Register the decorated function (it takes the window) as the action `id`."""
    def register(handler: Handler) -> Handler:
        ACTIONS[id] = ActionSpec(id, text, icon, handler, shortcuts, when, tip, status, short)
        return handler
    return register


def build_actions(window: MainWindow, undo_group: QUndoGroup) -> dict[str, QAction]:
    """One QAction per registered action, by id, parented to and triggering on `window`."""
    built: dict[str, QAction] = {}
    for spec in ACTIONS.values():
        if spec.handler is None:
            maker = undo_group.createUndoAction if spec.id == "undo" else undo_group.createRedoAction
            action = maker(window, spec.text)
        else:
            action = QAction(spec.text, window)
            action.triggered.connect(lambda _=False, run=spec.handler: run(window))
        if spec.icon:
            window.set_icon(action, spec.icon)
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


# File -----------------------------------------------------------------------------------------------------------
# Ctrl+N belongs to the tabs ("New event", "New party"); a window-wide Ctrl+N as well would make Qt call the key
# ambiguous and do nothing, so a new case is Ctrl+Shift+N
@add_action("new", "&New case…", "case.new", shortcuts=("Ctrl+Shift+N",))
def new_case(w: MainWindow) -> None:
    w.new_case()


@add_action("open", "&Open case…", "case.open", shortcuts=(QKeySequence.StandardKey.Open,))
def open_case(w: MainWindow) -> None:
    w.choose_case()


@add_action("demo", "Open &demo case", "case.demo")
def open_demo(w: MainWindow) -> None:
    w.open_demo()


IMPORT_TIP = "Import files into the case (or drop them on the window)"


@add_action("import", "&Import files…", "import", shortcuts=("Ctrl+I",), when=When.WRITABLE, tip=IMPORT_TIP,
            status=IMPORT_TIP, short="Import")
def import_files(w: MainWindow) -> None:
    w.import_files()


@add_action("import_folder", "Import &folder…", "import.folder", shortcuts=("Ctrl+Shift+I",), when=When.WRITABLE)
def import_folder(w: MainWindow) -> None:
    w.import_folder()


PASTE_TIP = "Import the link or text on the clipboard"


@add_action("paste", "&Paste as evidence", "paste", shortcuts=("Ctrl+Shift+V",), when=When.WRITABLE, tip=PASTE_TIP,
            status=PASTE_TIP, short="Paste")
def paste_as_evidence(w: MainWindow) -> None:
    w.paste_as_evidence()


PRINT_TIP = "Print or save the case summary as PDF"


@add_action("print", "&Print summary…", "print", shortcuts=(QKeySequence.StandardKey.Print,), when=When.CASE,
            tip=PRINT_TIP, status=PRINT_TIP, short="Print")
def print_summary(w: MainWindow) -> None:
    from casefile.gui.dialogs.print_summary import PrintSummaryDialog

    if w.gctx is not None:
        PrintSummaryDialog(w.gctx, w).exec()


@add_action("export_json", "Case as &JSON…", "export.json", when=When.CASE)
def export_json(w: MainWindow) -> None:
    export(w, "json")


@add_action("export_csv", "Timeline as &CSV…", "export.csv", when=When.CASE)
def export_csv(w: MainWindow) -> None:
    export(w, "csv")


@add_action("audit", "&Audit log…", "audit", when=When.CASE)
def show_audit_log(w: MainWindow) -> None:
    from casefile.gui.dialogs import integrity

    if w.gctx is not None:
        integrity.show_audit_log(w, w.gctx)


@add_action("verify", "&Verify originals…", "verify", when=When.CASE, short="Verify",
            tip="Verify originals: re-hash every stored file and report any missing or altered")
def verify_originals(w: MainWindow) -> None:
    from casefile.gui.dialogs import integrity

    if w.gctx is not None:
        integrity.verify_originals(w, w.gctx)


@add_action("archive_export", "&Export case archive…", "archive.export", when=When.CASE)
def export_archive(w: MainWindow) -> None:
    from casefile.gui.dialogs import integrity

    if w.gctx is not None:
        integrity.export_archive(w, w.gctx)


@add_action("archive_open", "&Open case archive…", "archive.open")
def open_archive(w: MainWindow) -> None:
    from casefile.gui.dialogs import integrity

    path = integrity.import_archive(w)
    if path is not None:
        w.open_case(Path(path))


@add_action("move_to_server", "&Move to server…", "export", when=When.WRITABLE,
            status="Move this case's records to a PostgreSQL server, for a team")
def move_to_server(w: MainWindow) -> None:
    from casefile.gui.team.move_dialog import move_case

    move_case(w)


@add_action("close", "&Close case", "case.close", shortcuts=(QKeySequence.StandardKey.Close,), when=When.CASE)
def close_case(w: MainWindow) -> None:
    w.close_case()


@add_action("quit", "&Quit", "quit", shortcuts=(QKeySequence.StandardKey.Quit,))
def quit_app(w: MainWindow) -> None:
    w.close()


# Edit -----------------------------------------------------------------------------------------------------------
ACTIONS["undo"] = ActionSpec("undo", "&Undo", "undo", None, (QKeySequence.StandardKey.Undo,), short="Undo",
                             tip="Nothing to undo")
ACTIONS["redo"] = ActionSpec("redo", "&Redo", "redo", None, ("Ctrl+Shift+Z", QKeySequence.StandardKey.Redo),
                             short="Redo", tip="Nothing to redo")


@add_action("find", "&Find…", "search", shortcuts=(QKeySequence.StandardKey.Find,), when=When.CASE,
            tip="Search the whole case (Ctrl+F)", short="Find")
def find(w: MainWindow) -> None:
    w.find()


@add_action("speech_model", "Speech &model…", "settings")
def speech_settings(w: MainWindow) -> None:
    """Choose the Whisper model; clips that waited for one are transcribed once it is saved."""
    from casefile.gui.settings import SpeechSettingsDialog

    if SpeechSettingsDialog(w).exec() and w.import_controller is not None:
        w.import_controller.suggest_waiting()


# View: one action per tab, Ctrl+1… ------------------------------------------------------------------------------
def _show_tab(index: int) -> Handler:
    return lambda w: w.tab_widget.setCurrentIndex(index)


for _i, _tab in enumerate(TABS):
    add_action(f"tab_{_tab.meaning}", _tab.label, _tab.meaning, shortcuts=(f"Ctrl+{_i + 1}",),
               when=When.CASE)(_show_tab(_i))


def export(w: MainWindow, fmt: str) -> None:
    """Ask where, then write the case (JSON) or the timeline (CSV) on the task runner."""
    if w.gctx is None:
        return
    title = w.gctx.case.case.info().title
    suffix = {"json": ".json", "csv": ".csv"}[fmt]
    filters = {"json": "JSON (*.json)", "csv": "CSV (*.csv)"}[fmt]
    start = str(start_folder("export") / f"{title}{suffix}")
    target, _ = QFileDialog.getSaveFileName(w, "Export", start, filters)
    if not target:
        return
    remember_folder("export", Path(target).parent)
    exporter = w.gctx.case.export

    def job(_t: Task) -> str:
        exporter.write(fmt, target)  # whole or not at all: a failure leaves an earlier file untouched
        return target

    w.runner.run("Exporting", job, lambda path: w.statusBar().showMessage(f"Exported to {path}", 8000),
                 lambda msg: show_warning(w, "Export", msg))


def show_warning(w: MainWindow, title: str, message: str) -> None:
    QMessageBox.warning(w, title, message)
