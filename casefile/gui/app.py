"""Starting the desktop app: the QApplication, its identity and icon, then the window on a case."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

APP_NAME = "CaseFile"
DESKTOP_FILE = "casefile"


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
    # the palette follows the system (light or dark); icons are redrawn in its colours when it changes
    hints = app.styleHints()
    if hasattr(hints, "colorSchemeChanged"):
        from casefile.gui import icons

        hints.colorSchemeChanged.connect(lambda *_: icons.palette_changed())
    return app


def run_app(case_dir: Path | str | None = None, demo: bool = False, read_only: bool = False) -> int:
    """Open the window: on `case_dir`, on the demo case, or on the welcome page."""
    app = make_app()
    from casefile.gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if case_dir is not None:
        window.open_case(Path(case_dir), read_only=read_only)
    elif demo:
        window.open_demo()
    return app.exec()


def main() -> int:
    from casefile.cli import main as cli_main

    return cli_main(sys.argv[1:])
