"""The window: the welcome page with no case open; with one, the tabs, the Notes pane, menus and status bar.

MainWindow places what others build: the tabs (`tabs.py`), the actions (`actions.py`, one registry), the menus
and toolbar laid out over it (`menus.py`), the status bar's counts (`status.py`), the Notes and Search panes
(`docks.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QIcon, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.context import Case, create_case, is_case_dir, resolve_case_dir
from casefile.domain.enums import TargetType
from casefile.domain.errors import CaseFileError
from casefile.gui import icons, settings
from casefile.gui.bus import CaseBus
from casefile.gui.capture.flow import capture_pages, decide_links, forget_sign_in, sign_in_first
from casefile.gui.context import GuiContext
from casefile.gui.dialogs import integrity
from casefile.gui.dialogs.export import export_case
from casefile.gui.dialogs.print_summary import PrintSummaryDialog
from casefile.gui.importing.drop import DropCatcher, DropPayload, payload_from_mime
from casefile.gui.importing.panel import ImportController, ImportPanel, ImportReportDialog
from casefile.gui.last_folder import remember_folder, start_folder
from casefile.gui.settings import SpeechSettingsDialog
from casefile.gui.team.live_refresh import LiveRefresh
from casefile.gui.team.move_dialog import move_case
from casefile.gui.team.server_login import password_prompt
from casefile.gui.timeline.backlog import cancel_backlog
from casefile.gui.window.actions import When, actions_when, build_actions
from casefile.gui.window.docks import add_notes_dock, add_search_dock, raise_search, remove_docks
from casefile.gui.window.menus import build_menus, build_toolbar
from casefile.gui.window.opening import CaseOpener, OpeningView
from casefile.gui.window.parts import NotesRouter, ReadOnlyBanner, save_notes_before_close
from casefile.gui.window.status import CaseStatus
from casefile.gui.window.tabs import TABS
from casefile.gui.window.welcome import NewCaseDialog, WelcomeView, remember_title
from casefile.gui.worker import TaskRunner

DOCK_WIDTH = 320  # the Notes/Search pane on first open; the reader takes the rest


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
        self.stall_watchdog: object | None = None  # set by `run_app` when CASEFILE_STALL_WATCHDOG=1
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
        self.opening = OpeningView()  # "Opening <case>…" while a worker migrates and reads it
        self.stack.addWidget(self.opening)
        self.setCentralWidget(self.stack)
        self.drop_overlay = QLabel("Drop to import into the case", self.stack)
        self.drop_overlay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_overlay.setStyleSheet("background: rgba(40, 110, 200, 0.18); border: 3px dashed #2a6ec8;"
                                        "font-size: 20pt; border-radius: 12px;")
        self.drop_overlay.hide()

        self.welcome.new_requested.connect(self.new_case)
        self.welcome.open_requested.connect(self.choose_case)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.recent_activated.connect(self.request_open)

        self.drop = DropCatcher(self)
        self.drop.dropped.connect(self.handle_drop)
        self.drop.hovering.connect(self._hover)

        self.undo_group = QUndoGroup(self)
        self.actions_by_name = build_actions(self, self.undo_group, self.set_icon)
        self.case_actions = actions_when(self.actions_by_name, When.CASE)
        self.write_actions = actions_when(self.actions_by_name, When.WRITABLE)
        self.undo_action, self.redo_action = self.actions_by_name["undo"], self.actions_by_name["redo"]
        menus, self.recent = build_menus(self.menuBar(), self.actions_by_name, self.request_open, self.welcome.refresh)
        self.view_menu, self.recent_menu = menus["view"], self.recent.menu
        self.toolbar = build_toolbar(self.actions_by_name)
        self.addToolBar(self.toolbar)
        self.status = CaseStatus(self.statusBar(), self.runner, lambda: self.gctx)
        self.counts_label = self.status.counts_label
        from casefile.gui.context import READ_ONLY_IN_USE

        self.opener = CaseOpener(self, self, self.runner, self.opening, READ_ONLY_IN_USE)
        self._show_case_ui(False)

    # icons follow the palette ------------------------------------------------------------------------
    def set_icon(self, target: Any, meaning: str) -> None:
        target.setIcon(icons.icon(meaning))
        self._icon_targets.append((target, meaning))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.gctx is not None:
            self.status.recount_soon()  # the case may have changed elsewhere (the command line) meanwhile
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            icons.palette_changed()
            for target, meaning in self._icon_targets:
                target.setIcon(icons.icon(meaning))
        super().changeEvent(event)

    def update_counts(self) -> None:
        self.status.update_counts()

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
            self.request_open(Path(chosen))

    def open_demo(self) -> None:
        from casefile.gui.window.demo_enrich import open_demo

        open_demo(self)  # ready at once; clips and suggestions follow in the background

    def request_open(self, path: Path, read_only: bool = False, reason: str = "",
                     then: Callable[[], None] | None = None) -> None:
        """Open `path` in a worker (migration, backup, first reads) while the window shows "Opening…" and keeps
        answering; a newer request wins. Errors arrive as a message; `then` runs once the case is shown."""
        self.opener.request(Path(path), read_only, reason, then)

    def open_case(self, path: Path, read_only: bool = False, reason: str = "") -> bool:
        """`request_open` and wait for it (scripts, tests, the move dialog): True when `path` is the open case."""
        self.request_open(path, read_only, reason)
        self.opener.wait()
        return self.is_open(resolve_case_dir(Path(path)))

    def is_open(self, path: Path) -> bool:
        return self.gctx is not None and self.gctx.case.path.resolve() == Path(path).resolve()

    def show_page(self, opening: bool) -> None:
        """The opening page while a case opens; otherwise the open case's tabs, or the welcome page."""
        self.stack.setCurrentWidget(self.opening if opening else self.workspace if self.gctx else self.welcome)

    def attach_case(self, case: Case, read_only_reason: str = "", title: str | None = None) -> None:
        """Show `case` in this window (closing the one that was open): the case is opened. `title`: its title,
        already read off the GUI thread."""
        self.close_case()
        bus = CaseBus(self)
        undo = QUndoStack(self)
        self.gctx = gctx = GuiContext(case, self.runner, undo, bus, read_only_reason)
        self.undo_group_bind(undo)
        settings.add_recent(case.path)
        remember_title(case.path, title if title is not None else case.case.info().title)
        for spec in TABS:
            view = spec.build(gctx)
            self.tabs.append(view)
            self.tab_widget.addTab(view, icons.icon(spec.meaning), spec.label.replace("&", ""))
        self.import_controller = ImportController(gctx, self)
        self.import_panel = ImportPanel(self.import_controller, self.workspace)
        self.import_panel_slot.addWidget(self.import_panel)
        self.import_controller.finished.connect(self.show_import_report)
        self.import_controller.suggest_waiting()  # exhibits a stopped suggestion pass left (e.g. `import --quick`)
        self.import_controller.failed.connect(lambda msg: QMessageBox.warning(self, "Import", msg))
        self._add_docks(gctx)
        self.live = LiveRefresh(gctx, self)  # a team case: other people's changes show up as they commit
        self.notes_router = NotesRouter(self.tab_widget, [t.shows for t in TABS], bus, self)
        bus.changed.connect(self.status.recount_soon)
        bus.open_item.connect(self.show_item)
        bus.open_citation.connect(lambda *_: self._switch_to(TargetType.EVIDENCE))
        bus.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self._restore_state(case.path)
        self._show_case_ui(True)
        self.status.counted_at = None  # another case: count it whatever its marker
        self.update_counts()
        if case.backup is not None:
            bus.message.emit(f"Upgraded the case to this version; a backup is at {case.backup}")

    def _add_docks(self, gctx: GuiContext) -> None:
        self.notes_dock, self.notes_toggle = add_notes_dock(self, gctx, self.view_menu, self.set_icon)
        self.search_panel, self.search_dock = add_search_dock(self, gctx, self.notes_dock, self._close_search)

    def close_case(self) -> bool:
        if self.gctx is None:
            return True
        if self.import_controller is not None and self.import_controller.busy:
            self.import_controller.cancel()
        cancel_backlog(self.runner)  # comparing an older case's sources stops at its next step (issue 22)
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
        remove_docks(self, self.notes_dock, self.search_dock)
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
        for i, spec in enumerate(TABS):
            if spec.shows is kind and i < len(self.tabs):
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
    def find(self) -> None:  # type: ignore[override]  # Edit ▸ Find, not QWidget.find(window id)
        if self.search_dock is None:
            return
        raise_search(self, self.notes_dock, self.search_dock)
        self.search_panel.focus_query()

    def _close_search(self) -> None:
        if self.search_dock is not None:
            self.search_dock.hide()
        self.tab_widget.currentWidget() and self.tab_widget.currentWidget().setFocus()

    # what the menus' actions do (registered in actions.py) ------------------------------------------------
    def show_tab(self, index: int) -> None:
        self.tab_widget.setCurrentIndex(index)

    def print_summary(self) -> None:
        if self.gctx is not None:
            PrintSummaryDialog(self.gctx, self).exec()

    def export_json(self) -> None:
        self._export("json")

    def export_csv(self) -> None:
        self._export("csv")

    def _export(self, fmt: str) -> None:
        if self.gctx is not None:
            export_case(self, self.gctx, fmt, lambda path: self.statusBar().showMessage(f"Exported to {path}", 8000))

    def show_audit_log(self) -> None:
        if self.gctx is not None:
            integrity.show_audit_log(self, self.gctx)

    def verify_originals(self) -> None:
        if self.gctx is not None:
            integrity.verify_originals(self, self.gctx)

    def export_archive(self) -> None:
        if self.gctx is not None:
            integrity.export_archive(self, self.gctx)

    def open_archive(self) -> None:
        path = integrity.import_archive(self)
        if path is not None:
            self.request_open(Path(path))

    def move_to_server(self) -> None:
        move_case(self)

    def speech_settings(self) -> None:
        """Choose the Whisper model; clips that waited for one are transcribed once it is saved."""
        if SpeechSettingsDialog(self).exec() and self.import_controller is not None:
            self.import_controller.suggest_waiting()

    def check_installation(self) -> None:
        """Help ▸ Check installation: the self-test's checks in a dialog, off the GUI thread."""
        from casefile.gui.dialogs.check_installation import check_installation

        check_installation(self, self.runner)

    def language_models(self) -> None:
        """Choose the OCR languages and a spaCy pipeline folder per language (Edit ▸ Language models…)."""
        from casefile.gui.dialogs.language_models import LanguageModelsDialog

        LanguageModelsDialog(self).exec()

    # importing -----------------------------------------------------------------------------------------------
    def handle_drop(self, payload: DropPayload) -> None:
        if self.gctx is None:
            cases = [p for p in payload.paths if is_case_dir(p)]
            if cases:
                self.request_open(cases[0])
            else:
                QMessageBox.information(self, "Nothing open", "Open or create a case first, then drop files on "
                                        "the window to import them.")
            return
        decided = decide_links(self, self.gctx, payload)  # links: captured or kept as links (asked once per case)
        if self.import_controller is not None and decided is not None:
            self.import_controller.submit(decided)

    def handle_links(self, payload: DropPayload) -> None:
        """Links already decided on (File ▸ Capture web page…): straight to the import panel."""
        if self.import_controller is not None:
            self.import_controller.submit(payload)

    def show_log(self) -> None:
        from casefile.gui.dialogs.log_view import show_log

        self._log_view = show_log(self)

    def capture_web_pages(self) -> None:
        capture_pages(self, self.gctx, self.handle_links)

    def capture_sign_in(self) -> None:
        sign_in_first(self, self.gctx)

    def capture_forget_sign_in(self) -> None:
        forget_sign_in(self, self.gctx)

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
        self.undo_group.setActiveStack(stack)  # type: ignore[arg-type]  # None: no stack is active
        if stack is not None and stack not in self.undo_group.stacks():
            self.undo_group.addStack(stack)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.opener.cancel()  # a case still opening is closed once its worker is done
        self.close_case()
        self.drop.detach()
        self.runner.wait(30000)
        QApplication.sendPostedEvents()  # a case that arrived after Cancel is closed here (its lock released)
        event.accept()

    def window_icon(self) -> QIcon:
        return self.windowIcon()
