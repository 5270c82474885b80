"""Starting the desktop app: the QApplication, its identity and icon, then the window on a case."""

from __future__ import annotations

import logging
import os
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

APP_NAME = "CaseFile"
DESKTOP_FILE = "casefile"
log = logging.getLogger("casefile.app")


def app_icon() -> QIcon:
    """The app icon (an SVG, crisp at every scale) from the package's assets."""
    svg = resources.files("casefile") / "assets" / "casefile.svg"
    with resources.as_file(svg) as path:
        icon = QIcon(str(path))
    if icon.isNull():
        from casefile.gui.icons import icon as glyph

        return glyph("app")
    return icon


def make_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setOrganizationDomain("casefile.app")
    app.setDesktopFileName(DESKTOP_FILE)
    from casefile import __version__

    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    from casefile import settings as app_settings

    app.aboutToQuit.connect(app_settings.flush)  # settings still waiting to be written reach the disk
    # the palette follows the system (light or dark); icons are redrawn in its colours when it changes
    hints = app.styleHints()
    if hasattr(hints, "colorSchemeChanged"):
        from casefile.gui import icons

        hints.colorSchemeChanged.connect(lambda *_: icons.palette_changed())
    return app


def run_app(case_dir: Path | str | None = None, demo: bool = False, read_only: bool = False) -> int:
    """Open the window: on `case_dir`, on the demo case, or on the welcome page.

    With `CASEFILE_SMOKE_EXIT=1` (CI's check of an installed wheel) the app quits once the case is open and
    loaded, printing what it holds; it exits nonzero when the case is empty or never opens.
    """
    app = make_app()
    from casefile.gui.crash import install_exception_hooks
    from casefile.gui.window.main_window import MainWindow
    from casefile.services.viewer_copies import clean_stale_originals

    install_exception_hooks()
    clean_stale_originals()
    log.info("CaseFile %s starting", app.applicationVersion())
    window = MainWindow()
    from casefile.gui.window.watchdog import install_from_env

    window.stall_watchdog = install_from_env(window)  # CASEFILE_STALL_WATCHDOG=1: log GUI-thread stalls
    window.show()
    if os.environ.get(SMOKE_ENV) == "1":
        _smoke_exit(app, window)
    if case_dir is not None:
        window.request_open(Path(case_dir), read_only=read_only)  # migrates off the GUI thread
    elif demo:
        window.open_demo()
    return app.exec()


def run_archive(archive: Path) -> int:
    """A `.casezip` opened from the file manager (`casefile PATH`): unpacked beside it, or into the documents
    folder when that one is read-only, then the window opens on it. A problem is said on the terminal and in a
    message box, since a file manager shows no terminal."""
    from casefile.domain.errors import CaseFileError
    from casefile.domain.printable import printable
    from casefile.services.archive_open import unpack_for_opening

    try:
        case_dir = unpack_for_opening(archive)
    except (CaseFileError, OSError) as exc:
        message = str(exc) if isinstance(exc, CaseFileError) else f"{exc.strerror or exc} ({exc.filename or archive})"
        print(f"casefile: {printable(message)}", file=sys.stderr)
        if os.environ.get(SMOKE_ENV) != "1":
            from PySide6.QtWidgets import QMessageBox

            make_app()
            QMessageBox.warning(None, APP_NAME, f"The case archive could not be opened: {message}")
        return 1
    print(f"unpacked {printable(str(case_dir))}", flush=True)
    return run_app(case_dir=case_dir)


SMOKE_ENV = "CASEFILE_SMOKE_EXIT"
SMOKE_TIMEOUT_S = 180


def _smoke_exit(app: QApplication, window: Any) -> None:
    """Poll until the window shows an open case and its background work is done, then report and quit."""
    started = time.monotonic()

    def check() -> None:
        gctx = window.gctx
        if gctx is not None and window.isVisible() and not window.runner.active:
            c = gctx.case.case.counts()
            print(f"demo: {c.evidence} exhibits, {c.events} events, {c.parties} parties "
                  f"({app.platformName()})", flush=True)
            app.exit(0 if c.evidence and c.events else 1)
        elif time.monotonic() - started > SMOKE_TIMEOUT_S:
            print(f"smoke: no case open after {SMOKE_TIMEOUT_S} s", file=sys.stderr, flush=True)
            app.exit(3)
        else:
            QTimer.singleShot(200, check)

    QTimer.singleShot(200, check)
