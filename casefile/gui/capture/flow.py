"""Links into the import flow: asking first, File ▸ Capture web page… (Ctrl+L), and the job's one step per link.

A dropped or pasted link is captured when the case allows it (asked once, remembered in the case), or stored as
a bookmark when the case keeps links only. The capture itself runs in the import job on the task runner, so it
shows in the import panel with progress and Cancel, and its outcome in the import report.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from casefile.domain.records import ImportOutcome
from casefile.gui.capture.consent import ask_consent
from casefile.gui.importing.drop import DropPayload, looks_like_url

if TYPE_CHECKING:
    from casefile.gui.context import GuiContext
    from casefile.gui.worker import Task


def decide_links(parent: QWidget | None, gctx: GuiContext, payload: DropPayload,
                 explicit: bool = False) -> DropPayload | None:
    """The payload with `capture` set from the case's answer (asked the first time, and again on an explicit
    request after "links only"); None when the question was dismissed."""
    if not payload.urls or gctx.case.read_only:
        return payload  # a read-only case refuses the import itself, in its own words
    answer = gctx.case.captures.consent()
    if answer is None or (explicit and answer is False):
        answer = ask_consent(parent, [u for u, _ in payload.urls])
        if answer is None:
            return None
        if not gctx.case.read_only:
            gctx.case.captures.set_consent(answer)
    return dataclasses.replace(payload, capture=answer)


def link_step(gctx: GuiContext, url: str, title: str, capture: bool, task: Task) -> ImportOutcome:
    """One link in the import job (worker thread): captured, or kept as a bookmark."""
    if capture:
        from casefile.capture.runner import CaptureCancelled

        try:
            return gctx.case.captures.capture_one(url, task.is_cancelled)
        except CaptureCancelled:
            from casefile.domain.enums import ImportStatus

            return ImportOutcome(url, ImportStatus.SKIPPED, "not captured (cancelled)")
    from casefile.services.import_workflow import STORE_ONLY

    return gctx.case.imports.import_url(url, title, options=STORE_ONLY)


def capture_pages(window: QWidget, gctx: GuiContext | None, submit) -> None:  # noqa: ANN001 - payload -> None
    """File ▸ Capture web page…: addresses one per line (the clipboard's links filled in)."""
    if gctx is None:
        QMessageBox.information(window, "Nothing open", "Open or create a case first, then capture pages into it.")
        return
    clip = QApplication.clipboard().text().strip()
    start = clip if clip and all(looks_like_url(ln) for ln in clip.split()) else ""
    text, ok = QInputDialog.getMultiLineText(window, "Capture web pages",
                                             "Web addresses to capture (one per line):", start)
    urls = [ln.strip() for ln in text.split() if ln.strip()] if ok else []
    if not urls:
        return
    payload = decide_links(window, gctx, DropPayload(urls=[(u, "") for u in urls]), explicit=True)
    if payload is not None:
        submit(payload)


def sign_in_first(window: QWidget, gctx: GuiContext | None) -> None:
    """Opt-in for pages behind a login: a visible browser on a profile kept in the case folder."""
    if gctx is None:
        return
    folder = gctx.case.captures.sign_in_profile()
    url, ok = QInputDialog.getText(window, "Sign in before capturing",
                                   "Address of the site's sign-in page. A browser window opens; sign in, then close "
                                   f"it. Later captures in this case use that sign-in (kept in {folder}).")
    if not ok or not looks_like_url(url):
        return
    from casefile.capture.job import WORKER_MODULE, CaptureJob

    folder.mkdir(exist_ok=True)
    job_path = folder / "sign-in-job.json"
    CaptureJob(url.strip(), str(folder), profile=str(folder), mode="signin").write(job_path)
    subprocess.Popen([sys.executable, "-m", WORKER_MODULE, str(job_path)], stdin=subprocess.DEVNULL,
                     start_new_session=True)


def forget_sign_in(window: QWidget, gctx: GuiContext | None) -> None:
    if gctx is None:
        return
    folder = gctx.case.captures.sign_in_profile()
    if not folder.exists():
        QMessageBox.information(window, "No sign-in kept", "This case keeps no sign-in; captures use a private "
                                "profile.")
        return
    shutil.rmtree(folder, ignore_errors=True)
    QMessageBox.information(window, "Sign-in removed", f"The sign-in profile ({folder}) was removed; captures "
                            "use a private profile again.")
