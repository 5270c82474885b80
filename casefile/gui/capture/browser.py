"""QtWebEngine inside the capture worker: load a page, wait until it is quiet, keep its DOM, picture and PDF."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QEventLoop, QTimer, QUrl
from PySide6.QtGui import QImage
from PySide6.QtWebEngineCore import QWebEngineCertificateError, QWebEnginePage, QWebEngineProfile
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication

from casefile.capture.job import MAX_SHOT_HEIGHT, VIEWPORT, CaptureJob

TAKING_GRACE_S = 15.0  # screenshot and PDF of a page already loaded, beyond the loading time limit
PATIENCE = 0.6  # share of the time limit after which a page whose document is there is taken, still loading
SNAPSHOT_JS = """JSON.stringify({html: document.documentElement.outerHTML, title: document.title,
  address: location.href,
  doctype: document.doctype ? new XMLSerializer().serializeToString(document.doctype) : "",
  height: Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)})"""


@dataclass
class Taken:
    error: str = ""
    title: str = ""
    address: str = ""  # where the browser ended up (a script or a meta refresh may have moved it on)
    html: str = ""
    png: str = ""
    pdf: str = ""


def _app() -> QApplication:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication(["casefile-capture"])


def _profile(app: QApplication, folder: str) -> QWebEngineProfile:
    if not folder:
        return QWebEngineProfile(app)  # no name: off the record, nothing on disk, nothing shared
    profile = QWebEngineProfile("casefile-sign-in", app)
    profile.setPersistentStoragePath(folder)
    profile.setCachePath(str(Path(folder) / "cache"))
    profile.setPersistentCookiesPolicy(QWebEngineProfile.PersistentCookiesPolicy.ForcePersistentCookies)
    return profile


class PageTaker:
    def __init__(self, job: CaptureJob, ca_der: bytes, idle_for: Callable[[], float], deadline: float,
                 user_agent: str, in_flight: Callable[[], int] = lambda: 0) -> None:
        import time

        self._now = time.monotonic
        self.job, self.ca_der, self.idle_for, self.deadline = job, ca_der, idle_for, deadline
        self.in_flight = in_flight
        self.patience = self._now() + (deadline - self._now()) * PATIENCE  # then a loaded page is taken as is
        self.still_loading = 0
        self._dom_ready = False
        self.app = _app()
        self.profile = _profile(self.app, job.profile)
        self.profile.setHttpUserAgent(user_agent)
        self.profile.downloadRequested.connect(lambda item: item.cancel())
        self.page = QWebEnginePage(self.profile, self.app)
        self.page.certificateError.connect(self._certificate)
        self.view = QWebEngineView()
        self.view.setPage(self.page)
        self.view.resize(*VIEWPORT)
        self.view.show()
        self.loop = QEventLoop()
        self.taken = Taken()
        self.out = Path(".")
        self._loaded = False
        self._snapshotting = False
        self.mark: Callable[[str], None] = lambda step: None

    def _certificate(self, error: QWebEngineCertificateError) -> None:
        """Only certificates this capture's own authority issued (the proxy checked the origin's real one)."""
        chain = error.certificateChain()
        if chain and bytes(chain[-1].toDer().data()) == self.ca_der:
            error.acceptCertificate()
        else:
            error.rejectCertificate()

    def take(self, url: str, out: Path, mark: Callable[[str], None] = lambda step: None) -> Taken:
        self.out, self.mark = out, mark
        self.page.loadFinished.connect(self._on_loaded)
        tick = QTimer()
        tick.setInterval(100)
        tick.timeout.connect(self._tick)
        tick.start()
        self.page.load(QUrl(url))
        self.loop.exec()
        tick.stop()
        return self.taken

    def _finish(self, error: str = "") -> None:
        if error and not self.taken.error:
            self.taken.error = error
        self.loop.quit()

    def _tick(self) -> None:
        now = self._now()
        if self._snapshotting:  # the page is in hand: its picture and PDF get their own, separate allowance
            if now > self.deadline + TAKING_GRACE_S:
                self._finish(f"its picture and PDF were not made within {TAKING_GRACE_S:g} s")
            return
        if now > self.deadline:
            secs = f"{self.job.timeout_s:g}"
            self._finish(f"it did not finish loading within the time limit ({secs} s)")
        elif self._loaded and self.idle_for() >= self.job.settle_s:
            self._snapshot("page quiet")
        elif now > self.patience and (self._loaded or self._dom_ready):
            # the page itself is there but something it asked for never ends (a hung picture, a long poll):
            # take it as it is rather than lose it; the manifest counts what was still loading
            self._snapshot("gave up waiting")
        elif now > self.patience:
            self.page.runJavaScript("document.readyState", 0, self._on_ready_state)

    def _on_ready_state(self, value: object) -> None:
        self._dom_ready = str(value) in ("interactive", "complete")

    def _snapshot(self, why: str) -> None:
        self._snapshotting = True
        self.still_loading = self.in_flight()
        self.mark(why)
        self.page.runJavaScript(SNAPSHOT_JS, 0, self._on_snapshot)

    def _on_loaded(self, ok: bool) -> None:
        if not ok and not self._loaded:
            self._finish("the browser engine could not show the page")
            return
        self._loaded = True
        self.mark("page loaded")

    def _on_snapshot(self, value: object) -> None:
        try:
            data = json.loads(str(value))
        except ValueError:
            self._finish("the page's content could not be read")
            return
        self.taken.title = str(data.get("title") or "")
        self.taken.address = str(data.get("address") or "")
        doctype = str(data.get("doctype") or "<!DOCTYPE html>")
        (self.out / "page.html").write_text(f"{doctype}\n{data.get('html') or ''}", encoding="utf-8")
        self.mark("text")
        self.taken.html = "page.html"
        height = max(VIEWPORT[1], min(int(data.get("height") or 0), MAX_SHOT_HEIGHT))
        # the PDF is laid out for paper on its own, so it is printed while the picture is taken
        self.page.pdfPrintingFinished.connect(self._on_pdf)
        self.page.printToPdf(str(self.out / "page.pdf"))
        self.view.resize(VIEWPORT[0], height)
        QTimer.singleShot(250, self._shoot)

    def _shoot(self) -> None:
        try:
            self._shoot_and_print()
        except Exception as exc:  # a bug here must end the capture at once, not at the time limit
            self._finish(f"the page could not be kept ({type(exc).__name__}: {exc})")

    def _shoot_and_print(self) -> None:
        image = self.view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)  # opaque: no alpha to keep
        self.mark("grabbed")
        # quality 80 is zlib level 2 for PNG: lossless like any level, in about half the time of the default;
        # the format is a str (PySide6's stub says bytes, which the binding refuses)
        saved = not image.isNull() and image.save(str(self.out / "page.png"), "PNG", 80)  # type: ignore[call-overload]
        self._written("png", saved, "screenshot", "the page's picture could not be made")

    def _on_pdf(self, path: str, ok: bool) -> None:
        self._written("pdf", ok, "pdf", "the page could not be printed to PDF")

    def _written(self, part: Literal["png", "pdf"], ok: bool, step: str, failure: str) -> None:
        """The picture or the PDF is written as page.<part> (or could not be): the capture ends at the first
        failure, or once both are in."""
        if not ok:
            self._finish(failure)
            return
        setattr(self.taken, part, f"page.{part}")
        self.mark(step)
        if self.taken.png and self.taken.pdf:
            self._finish()


def sign_in_window(job: CaptureJob) -> int:
    """A visible browser on the case's own profile: sign in, close the window; later captures use it."""
    app = _app()
    profile = _profile(app, job.profile)
    page = QWebEnginePage(profile, app)
    view = QWebEngineView()
    view.setPage(page)
    view.setWindowTitle("Sign in — CaseFile (close this window when you are signed in)")
    view.resize(1100, 800)
    view.load(QUrl(job.url))
    view.show()
    code = app.exec()
    # the profile writes its cookies to disk when it is destroyed: page first, then the profile, then the engine
    view.setPage(None)  # type: ignore[arg-type]
    page.deleteLater()
    view.deleteLater()
    app.processEvents()
    profile.deleteLater()
    app.processEvents()
    return code
