"""The quick demo's last step: once the background suggestion pass is done, drop suggestions that repeat the
demo's hand-made events (`casefile.demo.reconcile_demo`), in a worker, then refresh the views."""

from __future__ import annotations

from typing import Any

from casefile.gui.context import GuiContext


def after_demo_suggestions(gctx: GuiContext, controller: Any) -> None:
    """Reconcile after the first suggestion pass `controller` (an ImportController) reports."""
    from casefile.demo import reconcile_demo

    def suggested(_report: object) -> None:
        controller.suggested.disconnect(suggested)
        case = gctx.case
        gctx.runner.run("Tidying the demo's suggestions", lambda _t: reconcile_demo(case),
                        lambda n: gctx.bus.changed_all() if n else None)

    controller.suggested.connect(suggested)
