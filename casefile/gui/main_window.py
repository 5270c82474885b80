"""The window: the welcome page with no case open; with one, the tabs, the Notes pane, menus and status bar.

MainWindow assembles; each tab is its own module, built by another part of the app and reached only through
its constructor (`Tab(gctx)`), `reload()` and `show_item(id)`. Tabs not yet installed show a placeholder.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from casefile.context import Case, create_case, is_case_dir, open_case
from casefile.domain.enums import TargetType
from casefile.domain.errors import CaseFileError, CaseLockedError
from casefile.gui import icons, settings
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.drop import DropCatcher, DropPayload, payload_from_mime
from casefile.gui.import_progress import ImportController, ImportPanel, ImportReportDialog
from casefile.gui.last_folder import remember_folder, start_folder
from casefile.gui.live_refresh import LiveRefresh
from casefile.gui.search_panel import SearchPanel
from casefile.gui.server_login import password_prompt
from casefile.gui.welcome import NewCaseDialog, WelcomeView, remember_title
from casefile.gui.window_parts import NotesRouter, ReadOnlyBanner, save_notes_before_close
from casefile.gui.worker import Task, TaskRunner

# (module, class, tab label, icon meaning, item type it shows)
TABS = (
    ("timeline_tab", "TimelineTab", "&Timeline", "timeline", TargetType.EVENT),
    ("parties_tab", "PartiesTab", "&Parties", "parties", TargetType.PARTY),
    ("evidence_tab", "EvidenceTab", "&Evidence", "evidence", TargetType.EVIDENCE),
)


DOCK_WIDTH = 320  # the Notes/Search pane on first open; the reader takes the rest
class PlaceholderTab(QLabel):
    """Stands in for a tab whose module is not installed yet."""

    def __init__(self, name: str) -> None:
        super().__init__(f"The {name} view is loading…\nIt arrives with the next update of CaseFile.")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMargin(12)
        self.setAccessibleName(f"{name} (not available yet)")

    def reload(self) -> None:
        pass

    def show_item(self, item_id: int) -> None:
        pass


def load_view(module: str, cls: str, gctx: GuiContext) -> QWidget | None:
    """The tab `cls` from `casefile.gui.<module>`, or None when that module is not part of this installation.

    Only the module itself being absent counts as "not installed"; an import error inside it is a bug and raises.
    """
    name = f"casefile.gui.{module}"
    try:
        mod = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None
    return getattr(mod, cls)(gctx)


COUNTING = "Counting"  # the status bar's background count; not shown as activity

class MainWindow(QMainWindow):
    def __init__(self, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.runner = runner or TaskRunner(self)
        self.gctx: GuiContext | None = None
        self.tabs: list[QWidget] = []
        self._icon_targets: list[tuple[Any, str]] = []
        self.notes_dock: QDockWidget | None = None
        self.search_dock: QDockWidget | None = None
        self.import_controller: ImportController | None = None
        self.live: LiveRefresh | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.setWindowIcon(icons.icon("app"))
        self.setMinimumSize(720, 480)
        self.resize(1200, 780)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        self.stack = QStackedWidget()
        self.welcome = WelcomeView()
        self.workspace = QWidget()
        ws = QVBoxLayout(self.workspace)
        ws.setContentsMargins(0, 0, 0, 0)
        ws.setSpacing(0)
        self.read_only_banner = ReadOnlyBanner()
        ws.addWidget(self.read_only_banner)
        self.tab_widget = QTabWidget()
        self.tab_widget.setDocumentMode(True)
        self.tab_widget.setAccessibleName("Case views")
        ws.addWidget(self.tab_widget, 1)
        self.import_panel_slot = ws
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.workspace)
        self.setCentralWidget(self.stack)
        self.drop_overlay = QLabel("Drop to import into the case", self.stack)
        self.drop_overlay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_overlay.setStyleSheet("background: rgba(40, 110, 200, 0.18); border: 3px dashed #2a6ec8;"
                                        "font-size: 20pt; border-radius: 12px;")
        self.drop_overlay.hide()

        self.welcome.new_requested.connect(self.new_case)
        self.welcome.open_requested.connect(self.choose_case)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.recent_activated.connect(self.open_case)

        self.drop = DropCatcher(self)
        self.drop.dropped.connect(self.handle_drop)
        self.drop.hovering.connect(self._hover)

        build_actions(self)
        self._build_status_bar()
        self.runner.started.connect(self._task_started)
        self.runner.idle.connect(self._update_activity)
        self.runner.idle.connect(self._after_background_work)
        self._counts_stale = False  # a task other than the count itself ran since the status bar was counted
        self._counted_at: tuple[int, ...] | None = None  # CaseService.change_marker() when last counted
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(120)
        self._counts_timer.timeout.connect(self.update_counts)
        self._show_case_ui(False)

    # icons follow the palette ------------------------------------------------------------------------
    def set_icon(self, target: Any, meaning: str) -> None:
        target.setIcon(icons.icon(meaning))
        self._icon_targets.append((target, meaning))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.gctx is not None:
            self._counts_timer.start()  # the case may have changed elsewhere (the command line) meanwhile
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            icons.palette_changed()
            for target, meaning in self._icon_targets:
                target.setIcon(icons.icon(meaning))
        super().changeEvent(event)

    # status bar --------------------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.counts_label = QLabel()
        self.counts_label.setAccessibleName("Case counts")
        self.activity_label = QLabel()
        self.activity_label.setAccessibleName("Background activity")
        self.activity_bar = QProgressBar()
        self.activity_bar.setRange(0, 0)
        self.activity_bar.setMaximumWidth(120)
        self.activity_bar.setMaximumHeight(14)
        self.activity_bar.setTextVisible(False)
        self.activity_bar.hide()
        bar.addPermanentWidget(self.activity_label)
        bar.addPermanentWidget(self.activity_bar)
        bar.addPermanentWidget(self.counts_label)

    def _task_started(self, task: Task) -> None:
        if task.label == COUNTING:
            return  # a fraction of a second, and not something the user started
        self._counts_stale = True
        task.done.connect(self._update_activity)
        self._update_activity()

    def _update_activity(self) -> None:
        active = [t for t in self.runner.active if t.running and t.label != COUNTING]
        if active:
            more = f" (+{len(active) - 1} more)" if len(active) > 1 else ""
            self.activity_label.setText(active[0].label + "…" + more)
        else:
            self.activity_label.setText("")
        self.activity_bar.setVisible(bool(active))

    def _counts_changed(self, _kind: str = "") -> None:
        self._counts_timer.start()

    def _after_background_work(self) -> None:
        """Imports and other background writes change the counts; the count's own task finishing does not."""
        if self._counts_stale:
            self._counts_timer.start()

    def update_counts(self) -> None:
        """Count on a worker: six counts over 100,000 events take tens of milliseconds, too long for the GUI
        thread after every keystroke's background load."""
        gctx = self.gctx
        if gctx is None:
            self.counts_label.setText("")
            return
        self._counts_stale = False
        last = self._counted_at

        def job(_task: object) -> tuple[tuple[int, ...], Any]:
            # the Timeline's loads and other reads change nothing: skip the six counts when no row moved
            marker = gctx.case.case.change_marker()
            return marker, (None if marker == last else gctx.case.case.counts())

        self.runner.run(COUNTING, job, lambda result, g=gctx: self._show_counts(g, *result))

    def _show_counts(self, gctx: GuiContext, marker: tuple[int, ...], c: Any) -> None:
        if gctx is not self.gctx:
            return  # the case was closed or another opened meanwhile
        self._counted_at = marker
        if c is None:
            return
        suggested = f" ({c.suggested_events} suggested)" if c.suggested_events else ""
        self.counts_label.setText(
            f"{c.parties} part{'ies' if c.parties != 1 else 'y'} · {c.events} event{'s' if c.events != 1 else ''}"
            f"{suggested} · {c.evidence} exhibit{'s' if c.evidence != 1 else ''}")

    # opening and closing -------------------------------------------------------------------------------
    def new_case(self) -> None:
        dialog = NewCaseDialog(self)
        if dialog.exec() != NewCaseDialog.DialogCode.Accepted:
            return
        try:
            case = create_case(dialog.target(), dialog.title, dialog.description, database=dialog.database,
                               password=password_prompt(self))
        except CaseFileError as exc:
            QMessageBox.warning(self, "New case", str(exc))
            return
        self.attach_case(case)

    def choose_case(self) -> None:
        start = str(settings.recent_cases()[0].parent) if settings.recent_cases() else str(start_folder("case"))
        chosen = QFileDialog.getExistingDirectory(self, "Open case folder", start)
        if chosen:
            remember_folder("case", Path(chosen).parent)
            self.open_case(Path(chosen))

    def open_demo(self) -> None:
        from casefile.demo import ensure_demo_case

        folder = settings.data_dir()  # ready at once; clips and suggestions follow in the background
        self.runner.run("Preparing the demo case", lambda _t: ensure_demo_case(folder, quick=True),
                        self._open_demo_case, lambda msg: QMessageBox.warning(self, "Demo case", msg))

    def _open_demo_case(self, path: Path) -> None:
        from casefile.gui.demo_enrich import after_demo_suggestions

        if self.open_case(path) and self.gctx is not None and self.import_controller is not None:
            after_demo_suggestions(self.gctx, self.import_controller)

    def open_case(self, path: Path, read_only: bool = False, reason: str = "") -> bool:
        from casefile.context import resolve_case_dir
        from casefile.gui.context import READ_ONLY_IN_USE

        path = resolve_case_dir(Path(path))
        if self.gctx is not None and self.gctx.case.path.resolve() == path.resolve():
            return True
        try:
            case = open_case(path, read_only=read_only, password=password_prompt(self))
        except CaseLockedError as exc:
            answer = QMessageBox.question(
                self, "Case in use", f"{exc}\n\nOpen it read-only instead? You can look but not change anything.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
            return self.open_case(path, read_only=True, reason=READ_ONLY_IN_USE)
        except CaseFileError as exc:
            QMessageBox.warning(self, "Open case", str(exc))
            return False
        self.attach_case(case, reason)
        return True

    def attach_case(self, case: Case, read_only_reason: str = "") -> None:
        """Show `case` in this window (closing the one that was open)."""
        self.close_case()
        bus = CaseBus(self)
        undo = QUndoStack(self)
        self.gctx = gctx = GuiContext(case, self.runner, undo, bus, read_only_reason)
        self.undo_group_bind(undo)
        settings.add_recent(case.path)
        remember_title(case.path, case.case.info().title)
        for module, cls, label, meaning, _type in TABS:
            view = load_view(module, cls, gctx) or PlaceholderTab(label.replace("&", ""))
            self.tabs.append(view)
            self.tab_widget.addTab(view, icons.icon(meaning), label.replace("&", ""))
        self.import_controller = ImportController(gctx, self)
        self.import_panel = ImportPanel(self.import_controller, self.workspace)
        self.import_panel_slot.addWidget(self.import_panel)
        self.import_controller.finished.connect(self.show_import_report)
        self.import_controller.suggest_waiting()  # exhibits a stopped suggestion pass left (e.g. `import --quick`)
        self.import_controller.failed.connect(lambda msg: QMessageBox.warning(self, "Import", msg))
        self._add_docks(gctx)
        self.live = LiveRefresh(gctx, self)  # a team case: other people's changes show up as they commit
        self.notes_router = NotesRouter(self.tab_widget, [t[4] for t in TABS], bus, self)
        bus.changed.connect(self._counts_changed)
        bus.open_item.connect(self.show_item)
        bus.open_citation.connect(lambda *_: self._switch_to(TargetType.EVIDENCE))
        bus.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self._restore_state(case.path)
        self._show_case_ui(True)
        self._counted_at = None  # another case: count it whatever its marker
        self.update_counts()
        if case.backup is not None:
            bus.message.emit(f"Upgraded the case to this version; a backup is at {case.backup}")

    def _add_docks(self, gctx: GuiContext) -> None:
        dock = load_view("notes_dock", "NotesDock", gctx)
        if not isinstance(dock, QDockWidget):
            dock = QDockWidget("Notes")
            dock.setWidget(PlaceholderTab("Notes"))
            dock.setMinimumWidth(240)
        if not dock.objectName():
            dock.setObjectName("notes_dock")
        dock.setAccessibleName("Notes")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.notes_dock = dock
        toggle = dock.toggleViewAction()
        toggle.setText("&Notes pane")
        toggle.setShortcut(QKeySequence("F9"))
        self.set_icon(toggle, "notes")
        self.view_menu.addAction(toggle)
        self.notes_toggle = toggle

        self.search_panel = SearchPanel(gctx)
        search = QDockWidget("Search")
        search.setObjectName("search_dock")
        search.setAccessibleName("Search")
        search.setWidget(self.search_panel)
        search.setMinimumWidth(260)
        # Search and Notes share one dock area as tabs, so the reader keeps the room it needs
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, search)
        self.tabifyDockWidget(dock, search)
        search.hide()
        self.search_panel.closed.connect(self._close_search)
        self.search_dock = search

    def close_case(self) -> bool:
        if self.gctx is None:
            return True
        if self.import_controller is not None and self.import_controller.busy:
            self.import_controller.cancel()
        # running jobs (an import, the suggestion pass after it, the reloads they caused) deliver their results
        # while the tabs still exist
        for _ in range(5):
            self.runner.wait(30000)
            QApplication.processEvents()
            if not self.runner.active:
                break
        save_notes_before_close(self.notes_dock, self, self.statusBar())
        if self.live is not None:
            self.live.stop()
            self.live.deleteLater()
            self.live = None
        self.notes_router.detach()
        self.notes_router.deleteLater()
        self._save_state()
        gctx, self.gctx = self.gctx, None
        for dock in (self.notes_dock, self.search_dock):
            if dock is not None:
                self.removeDockWidget(dock)
                dock.deleteLater()
        if self.notes_dock is not None:
            self.view_menu.removeAction(self.notes_toggle)
        self.notes_dock = self.search_dock = None
        self.tab_widget.clear()
        for tab in self.tabs:
            tab.deleteLater()
        self.tabs = []
        self.import_panel.deleteLater()
        self.import_controller = None
        self.undo_group_bind(None)
        gctx.undo.clear()
        self.runner.wait(30000)
        gctx.case.close()
        self._show_case_ui(False)
        self.welcome.refresh()
        return True

    def _show_case_ui(self, has_case: bool) -> None:
        self.stack.setCurrentWidget(self.workspace if has_case else self.welcome)
        read_only = has_case and self.gctx is not None and self.gctx.case.read_only
        self.read_only_banner.set_reason(self.gctx.read_only_reason if read_only and self.gctx is not None else "")
        for action in self.case_actions:
            action.setEnabled(has_case)
        for action in self.write_actions:
            action.setEnabled(has_case and not read_only)
        self.toolbar.setVisible(has_case)
        if has_case and self.gctx is not None:
            title = self.gctx.case.case.info().title
            self.setWindowTitle(f"{title}{' (read-only)' if read_only else ''} — CaseFile")
            self.setWindowFilePath(str(self.gctx.case.path))
        else:
            self.setWindowTitle("CaseFile")
            self.counts_label.setText("")

    # per-case window state ---------------------------------------------------------------------------
    def _restore_state(self, path: Path) -> None:
        ws = settings.load_window_state(path)
        if ws.geometry is not None:
            self.restoreGeometry(ws.geometry)
        if ws.state is not None:
            self.restoreState(ws.state)
        elif self.notes_dock is not None:  # first time: room to read notes, the rest for the reader
            self.resizeDocks([self.notes_dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        if self.notes_dock is not None:
            self.notes_dock.setVisible(ws.notes_visible)
        if 0 <= ws.tab < self.tab_widget.count():
            self.tab_widget.setCurrentIndex(ws.tab)

    def _save_state(self) -> None:
        if self.gctx is None:
            return
        settings.save_window_state(self.gctx.case.path, settings.WindowState(
            geometry=self.saveGeometry(), state=self.saveState(), tab=self.tab_widget.currentIndex(),
            notes_visible=self.notes_dock is not None and not self.notes_dock.isHidden()))

    # showing items -------------------------------------------------------------------------------------
    def _switch_to(self, kind: TargetType) -> QWidget | None:
        for i, (_m, _c, _l, _i, shows) in enumerate(TABS):
            if shows is kind and i < len(self.tabs):
                self.tab_widget.setCurrentIndex(i)
                return self.tabs[i]
        return None

    def show_item(self, kind: str, item_id: int) -> None:
        """Bus `open_item`: bring the item's tab forward and select it; a note opens what it is attached to."""
        if self.gctx is None:
            return
        target = TargetType(kind)
        if target is TargetType.NOTE:
            try:
                note = self.gctx.case.notes.get(item_id)
            except CaseFileError as exc:
                self.statusBar().showMessage(str(exc), 6000)
                return
            if self.notes_dock is not None:
                self.notes_dock.show()
                self.notes_dock.raise_()
            if note.target_type is not TargetType.CASE and note.target_id is not None:
                self.show_item(note.target_type.value, note.target_id)
            self.gctx.bus.notes_target.emit(note.target_type.value, note.target_id or -1)
            return
        if target is TargetType.CASE:
            if self.notes_dock is not None:
                self.notes_dock.show()
            return
        tab = self._switch_to(target)
        if tab is not None and hasattr(tab, "show_item"):
            tab.show_item(item_id)

    # search ------------------------------------------------------------------------------------------------
    def find(self) -> None:
        if self.search_dock is None:
            return
        notes = self.notes_dock
        if (notes is not None and not notes.isFloating() and not self.search_dock.isFloating()
                and self.search_dock not in self.tabifiedDockWidgets(notes)):
            # a layout saved by an older version (Search on the left) or split by the user: one pane again
            if self.dockWidgetArea(notes) != self.dockWidgetArea(self.search_dock):
                self.addDockWidget(self.dockWidgetArea(notes), self.search_dock)
            self.tabifyDockWidget(notes, self.search_dock)
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_panel.focus_query()

    def _close_search(self) -> None:
        if self.search_dock is not None:
            self.search_dock.hide()
        self.tab_widget.currentWidget() and self.tab_widget.currentWidget().setFocus()

    # importing -----------------------------------------------------------------------------------------------
    def handle_drop(self, payload: DropPayload) -> None:
        if self.gctx is None:
            cases = [p for p in payload.paths if is_case_dir(p)]
            if cases:
                self.open_case(cases[0])
            else:
                QMessageBox.information(self, "Nothing open", "Open or create a case first, then drop files on "
                                        "the window to import them.")
            return
        if self.import_controller is not None:
            self.import_controller.submit(payload)

    def paste_as_evidence(self) -> None:
        mime = QApplication.clipboard().mimeData()
        payload = payload_from_mime(mime) if mime is not None else DropPayload()
        if not payload:
            self.statusBar().showMessage("The clipboard holds no link, file or text to import.", 6000)
            return
        self.handle_drop(payload)

    def import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import files", str(start_folder("import")))
        if files:
            remember_folder("import", Path(files[0]).parent)
            self.handle_drop(DropPayload(paths=[Path(f) for f in files]))

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder (with its sub-folders)",
                                                  str(start_folder("import")))
        if folder:
            remember_folder("import", Path(folder).parent)
            self.handle_drop(DropPayload(paths=[Path(folder)]))

    def show_import_report(self, report: Any) -> None:
        if self.report_dialog is not None:
            self.report_dialog.close()
        self.report_dialog = ImportReportDialog(report, self, self.import_controller)
        self.report_dialog.setModal(False)
        self.report_dialog.show()

    def _hover(self, on: bool) -> None:
        self.drop_overlay.setText("Drop to import into the case" if self.gctx is not None else
                                  "Drop a case folder to open it")
        self.drop_overlay.setGeometry(self.stack.rect().adjusted(16, 16, -16, -16))
        self.drop_overlay.setVisible(on)
        if on:
            self.drop_overlay.raise_()

    # undo --------------------------------------------------------------------------------------------------------
    def undo_group_bind(self, stack: QUndoStack | None) -> None:
        self.undo_group.setActiveStack(stack)
        if stack is not None and stack not in self.undo_group.stacks():
            self.undo_group.addStack(stack)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.close_case()
        self.drop.detach()
        self.runner.wait(30000)
        event.accept()

    def window_icon(self) -> QIcon:
        return self.windowIcon()


def recent_menu_fill(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    paths = settings.recent_cases()
    for p in paths:
        action = menu.addAction(icons.icon("case" if is_case_dir(p) else "case.missing"), p.name)
        action.setToolTip(str(p))
        action.setEnabled(is_case_dir(p))
        action.triggered.connect(lambda _=False, path=p: window.open_case(path))
    if not paths:
        menu.addAction("No recent cases").setEnabled(False)
    else:
        menu.addSeparator()
        clear = menu.addAction("Clear list")
        clear.triggered.connect(lambda: (settings.clear_recent(), window.welcome.refresh()))


def make_action(window: MainWindow, text: str, meaning: str | None, slot: Any, shortcut: Any = None) -> QAction:
    action = QAction(text, window)
    if meaning:
        window.set_icon(action, meaning)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _=False: slot())
    return action


def build_actions(w: MainWindow) -> None:
    """Menus, toolbar and shortcuts. `case_actions` need an open case, `write_actions` a writable one."""
    act = lambda *a: make_action(w, *a)  # noqa: E731
    w.undo_group = QUndoGroup(w)
    w.case_actions, w.write_actions = [], []

    # Ctrl+N belongs to the tabs ("New event", "New party"); a window-wide Ctrl+N as well would make Qt call the
    # key ambiguous and do nothing, so a new case is Ctrl+Shift+N
    new = act("&New case…", "case.new", w.new_case, "Ctrl+Shift+N")
    open_ = act("&Open case…", "case.open", w.choose_case, QKeySequence.StandardKey.Open)
    demo = act("Open &demo case", "case.demo", w.open_demo)
    imp = act("&Import files…", "import", w.import_files, "Ctrl+I")
    imp_folder = act("Import &folder…", "import.folder", w.import_folder, "Ctrl+Shift+I")
    paste = act("&Paste as evidence", "paste", w.paste_as_evidence, "Ctrl+Shift+V")
    print_ = act("&Print summary…", "print", lambda: _print_summary(w), QKeySequence.StandardKey.Print)
    exp_json = act("Case as &JSON…", "export.json", lambda: _export(w, "json"))
    exp_csv = act("Timeline as &CSV…", "export.csv", lambda: _export(w, "csv"))
    exp_audit = act("&Audit log…", "audit", lambda: _integrity(w, "show_audit_log", "audit"))
    verify = act("&Verify originals…", "verify", lambda: _integrity(w, "verify_originals"))
    arch_out = act("&Export case archive…", "archive.export", lambda: _integrity(w, "export_archive"))
    arch_in = act("&Open case archive…", "archive.open", lambda: _open_archive(w))
    move = act("&Move to server…", "export", lambda: _move_to_server(w))
    move.setStatusTip("Move this case's records to a PostgreSQL server, for a team")
    close = act("&Close case", "case.close", w.close_case, QKeySequence.StandardKey.Close)
    quit_ = act("&Quit", "quit", w.close, QKeySequence.StandardKey.Quit)
    for a, tip in ((imp, "Import files into the case (or drop them on the window)"),
                   (paste, "Import the link or text on the clipboard"),
                   (print_, "Print or save the case summary as PDF")):
        a.setToolTip(tip)
        a.setStatusTip(tip)

    file_menu = w.menuBar().addMenu("&File")
    file_menu.addActions([new, open_])
    w.recent_menu = file_menu.addMenu(icons.icon("case.recent"), "&Recent cases")
    w.recent_menu.aboutToShow.connect(lambda: recent_menu_fill(w, w.recent_menu))
    file_menu.addAction(demo)
    file_menu.addSeparator()
    file_menu.addActions([imp, imp_folder, paste])
    file_menu.addSeparator()
    file_menu.addAction(print_)
    export_menu = file_menu.addMenu(icons.icon("export"), "E&xport")
    export_menu.addActions([exp_json, exp_csv, exp_audit])
    file_menu.addAction(verify)
    archive_menu = file_menu.addMenu(icons.icon("archive"), "Case &archive")
    archive_menu.addActions([arch_out, arch_in])
    file_menu.addAction(move)
    file_menu.addSeparator()
    file_menu.addActions([close, quit_])

    undo = w.undo_group.createUndoAction(w, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    w.set_icon(undo, "undo")
    redo = w.undo_group.createRedoAction(w, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
    w.set_icon(redo, "redo")
    w.undo_action, w.redo_action = undo, redo
    find = act("&Find…", "search", w.find, QKeySequence.StandardKey.Find)
    find.setToolTip("Search the whole case (Ctrl+F)")
    edit_menu = w.menuBar().addMenu("&Edit")
    edit_menu.addActions([undo, redo])
    edit_menu.addSeparator()
    edit_menu.addAction(find)
    edit_menu.addSeparator()
    edit_menu.addAction(act("Speech &model…", "settings", lambda: _speech_settings(w)))

    w.view_menu = w.menuBar().addMenu("&View")
    w.tab_actions = []
    for i, (_m, _c, label, meaning, _t) in enumerate(TABS):
        a = act(label, meaning, lambda i=i: w.tab_widget.setCurrentIndex(i), f"Ctrl+{i + 1}")
        w.view_menu.addAction(a)
        w.tab_actions.append(a)
    w.view_menu.addSeparator()

    # toolbar labels stay short so every button fits at 1200 px; the menus and tooltips say it in full
    for a, short in ((imp, "Import"), (paste, "Paste"), (undo, "Undo"), (redo, "Redo"), (find, "Find"),
                     (print_, "Print"), (verify, "Verify")):
        a.setIconText(short)
    verify.setToolTip("Verify originals: re-hash every stored file and report any missing or altered")
    w.undo_group.undoTextChanged.connect(lambda t: undo.setToolTip(f"Undo {t}" if t else "Nothing to undo"))
    w.undo_group.redoTextChanged.connect(lambda t: redo.setToolTip(f"Redo {t}" if t else "Nothing to redo"))
    undo.setToolTip("Nothing to undo")
    redo.setToolTip("Nothing to redo")

    w.toolbar = QToolBar("Main toolbar")
    w.toolbar.setObjectName("main_toolbar")
    w.toolbar.setAccessibleName("Main toolbar")
    w.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    w.toolbar.addActions([imp, paste])
    w.toolbar.addSeparator()
    w.toolbar.addActions([undo, redo])
    w.toolbar.addSeparator()
    w.toolbar.addActions([find, print_, verify])
    w.addToolBar(w.toolbar)

    w.case_actions = [print_, exp_json, exp_csv, exp_audit, verify, arch_out, close, find, *w.tab_actions]
    w.write_actions = [imp, imp_folder, paste, move]
    w.actions_by_name = {"new": new, "open": open_, "demo": demo, "import": imp, "import_folder": imp_folder,
                         "paste": paste, "print": print_, "export_json": exp_json, "export_csv": exp_csv,
                         "audit": exp_audit, "verify": verify, "archive_export": arch_out,
                         "archive_open": arch_in, "close": close, "quit": quit_, "undo": undo, "redo": redo,
                         "find": find, "move_to_server": move}


def _print_summary(w: MainWindow) -> None:
    if w.gctx is None:
        return
    try:
        from casefile.gui.print_dialog import PrintSummaryDialog
    except ImportError:
        QMessageBox.information(w, "Print summary", "Printing arrives with the next update of CaseFile.")
        return
    PrintSummaryDialog(w.gctx, w).exec()


def _integrity(w: MainWindow, name: str, fallback: str = "") -> None:
    if w.gctx is None:
        return
    try:
        fn = getattr(importlib.import_module("casefile.gui.integrity_actions"), name)
    except (ImportError, AttributeError):
        if fallback == "audit":
            _export(w, "audit")
        else:
            QMessageBox.information(w, "CaseFile", "This arrives with the next update of CaseFile.")
        return
    fn(w, w.gctx)


def _move_to_server(w: MainWindow) -> None:
    from casefile.gui.move_dialog import move_case

    move_case(w)


def _open_archive(w: MainWindow) -> None:
    try:
        from casefile.gui.integrity_actions import import_archive
    except ImportError:
        QMessageBox.information(w, "Case archive", "Opening archives arrives with the next update of CaseFile.")
        return
    path = import_archive(w)
    if path is not None:
        w.open_case(Path(path))


def _export(w: MainWindow, fmt: str) -> None:
    if w.gctx is None:
        return
    title = w.gctx.case.case.info().title
    suffix = {"json": ".json", "csv": ".csv", "audit": " audit log.json"}[fmt]
    filters = {"json": "JSON (*.json)", "csv": "CSV (*.csv)", "audit": "JSON (*.json)"}[fmt]
    start = str(start_folder("export") / f"{title}{suffix}")
    target, _ = QFileDialog.getSaveFileName(w, "Export", start, filters)
    if not target:
        return
    remember_folder("export", Path(target).parent)
    export = w.gctx.case.export

    def job(_t: Task) -> str:
        export.write(fmt, target)  # whole or not at all: a failure leaves an earlier file untouched
        return target

    w.runner.run("Exporting", job, lambda path: w.statusBar().showMessage(f"Exported to {path}", 8000),
                 lambda msg: QMessageBox.warning(w, "Export", msg))


def _speech_settings(w: MainWindow) -> None:
    """Choose the Whisper model; clips that waited for one are transcribed once it is saved."""
    from casefile.gui.settings import SpeechSettingsDialog

    if SpeechSettingsDialog(w).exec() and w.import_controller is not None:
        w.import_controller.suggest_waiting()
