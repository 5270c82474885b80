"""Render the app to PNG without a screen: the welcome page, every tab of the demo case, search, a drop report.

    QT_QPA_PLATFORM=offscreen python tools/render_screens.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_home = tempfile.mkdtemp(prefix="casefile-screens-")
os.environ["CASEFILE_SETTINGS_DIR"] = _home  # never touch the user's own settings or recent list
os.environ["XDG_DATA_HOME"] = _home


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: render_screens.py OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from casefile.demo import build_demo_case
    from casefile.gui.app import make_app
    from casefile.gui.drop import DropPayload
    from casefile.gui.main_window import MainWindow
    from casefile.gui.worker import SyncRunner

    app = make_app([])
    window = MainWindow(SyncRunner())
    window.resize(1280, 800)
    window.show()

    def shot(name: str, widget=None) -> None:  # noqa: ANN001
        for _ in range(5):
            app.processEvents()
        path = out / f"{name}.png"
        (widget or window).grab().save(str(path))
        print(path)

    shot("01-welcome")
    case_dir = build_demo_case(Path(_home) / "Demo")
    window.open_case(case_dir)
    for i in range(window.tab_widget.count()):
        window.tab_widget.setCurrentIndex(i)
        shot(f"0{i + 2}-{window.tab_widget.tabText(i).lower()}")
    window.find()
    window.search_panel.query.setText("splice")
    window.search_panel.run_search()
    shot("05-search")
    window.search_dock.hide()

    samples = Path(tempfile.mkdtemp(prefix="casefile-drop-"))
    (samples / "new-article.txt").write_text(
        "date 2024-06-01 Halvorsen hands over audio files\n\nBy Dana Whitcombe\n\nHalvorsen Media Group "
        "delivered the original dinner recording to Okafor's lawyers on June 1, 2024.\n", encoding="utf-8")
    (samples / "empty.txt").write_bytes(b"")
    window.handle_drop(DropPayload(paths=[samples / "new-article.txt", samples / "empty.txt",
                                          case_dir / "evidence"],
                                   urls=[("https://example.org/okafor-ruling", "Ruling coverage")]))
    if window.report_dialog is not None:
        shot("06-drop-report", window.report_dialog)
    window.report_dialog and window.report_dialog.close()
    window.import_panel.show()
    window.import_panel.bar.setRange(0, 12)
    window.import_panel.bar.setValue(4)
    window.import_panel.label.setText("Importing 5 of 12: okafor-interview.ogg")
    shot("07-import-progress")
    window.import_panel.hide()
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
