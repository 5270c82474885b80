"""Opening the demo case (prepared in a worker, then opened as any case), and the quick demo's last step: once
the background suggestion pass is done, drop suggestions that repeat the demo's hand-made events
(`casefile.demo.reconcile_demo`), in a worker, then refresh the views."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox

from casefile.gui import settings
from casefile.gui.context import GuiContext


def open_demo(window: Any) -> None:
    """File ▸ Open demo case on `window` (a MainWindow): prepared in a worker, opened, then enriched."""
    from casefile.demo import ensure_demo_case

    def enrich() -> None:
        if window.gctx is not None and window.import_controller is not None:
            after_demo_suggestions(window.gctx, window.import_controller)

    def failed(message: str) -> None:
        QMessageBox.warning(window, "Demo case", message)

    folder = settings.data_dir()
    window.runner.run("Preparing the demo case", lambda _t: ensure_demo_case(folder, quick=True),
                      lambda path: window.request_open(path, then=enrich), failed)


def after_demo_suggestions(gctx: GuiContext, controller: Any) -> None:
    """Reconcile after the first suggestion pass `controller` (an ImportController) reports."""
    from casefile.demo import reconcile_demo

    def suggested(_report: object) -> None:
        controller.suggested.disconnect(suggested)
        case = gctx.case
        gctx.runner.run("Tidying the demo's suggestions", lambda _t: reconcile_demo(case),
                        lambda n: gctx.bus.changed_all() if n else None)

    controller.suggested.connect(suggested)
