"""The capture worker: one process per capture, `python -m casefile.gui.capture.worker JOB.json`.

It starts the recording proxy (`casefile.capture.proxy`), fetches the address through it, and when the answer
is a web page loads it in QtWebEngine offscreen, in a private off-the-record profile (or the case's "Sign in
first" profile) whose every request goes through the proxy. Once the page is quiet it keeps the DOM as
scripts left it, a full-page PNG and a PDF. It lives in gui/ because the full-page picture needs a
QWebEngineView (Qt widgets); it runs in its own process, so the engine's memory and crashes never reach the
app, and nothing here is imported by the core.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from casefile.capture.job import EXIT_FAILED, CaptureJob, CaptureResult, Hop
from casefile.capture.proxy import Exchange, OriginError, RecordingProxy, WarcRecorder
from casefile.capture.tls import CaptureAuthority
from casefile.capture.urls import normalize

HTML_TYPES = ("text/html", "application/xhtml+xml")


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def chromium_version() -> str:
    from PySide6.QtWebEngineCore import qWebEngineChromiumVersion

    version: object = qWebEngineChromiumVersion()
    return version.decode() if isinstance(version, bytes) else str(version)


def engine_name() -> str:
    import PySide6

    return f"QtWebEngine {PySide6.__version__} (Chromium {chromium_version()})"


def user_agent() -> str:
    major = chromium_version().split(".", 1)[0]
    return f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{major}.0.0.0 " \
           "Safari/537.36"


def chromium_flags(proxy_address: str, authority: CaptureAuthority | None) -> str:
    flags = [f"--proxy-server=http://{proxy_address}", "--proxy-bypass-list=<-loopback>",
             "--disable-background-networking", "--no-pings", "--disable-component-update"]
    if authority is not None:
        flags.append("--ignore-certificate-errors-spki-list=" + ",".join(authority.spki_hashes()))
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox (CI containers only)
    return " ".join(flags)


class Capture:
    def __init__(self, job: CaptureJob) -> None:
        self.job = job
        self.out = Path(job.out)
        self.t0 = time.monotonic()
        self.deadline = time.monotonic() + job.timeout_s
        self.result = CaptureResult(ok=False, url=job.url, started=utc_now(), warc="capture.warc.gz")
        self.authority = CaptureAuthority(self.out)
        self.recorder = WarcRecorder(self.out / self.result.warc, software=f"CaseFile capture, {engine_name()}")
        self.proxy = RecordingProxy(self.recorder, self.authority, max_bytes=job.max_bytes,
                                    deadline=self.deadline, user_agent=user_agent())
        self.result.engine = engine_name()

    def run(self) -> int:
        try:
            return self._run()
        finally:
            self.proxy.close()
            self.recorder.close()
            self.result.ended = utc_now()
            self.result.requests = sum(1 for e in self.proxy.exchanges if e.response is not None)
            self.result.not_recorded = list(self.proxy.refused)[:200]
            self.result.write(self.out / "result.json")

    def mark(self, step: str) -> None:
        self.result.timings[step] = round(time.monotonic() - self.t0, 3)

    def fail(self, reason: str) -> int:
        self.result.ok, self.result.reason = False, reason
        return EXIT_FAILED

    def _run(self) -> int:
        headers = [("User-Agent", user_agent()),
                   ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
                              "*/*;q=0.8"),
                   ("Accept-Language", "en-US,en;q=0.9"), ("Accept-Encoding", "gzip, deflate"),
                   ("Upgrade-Insecure-Requests", "1")]
        self.mark("proxy ready")
        if self.job.profile:
            return self._browse_signed_in()
        try:
            chain = self.proxy.fetch(self.job.url, headers)
        except OriginError as exc:
            return self.fail(str(exc))
        self.mark("first response")
        done = self._answer(chain)
        return done if done is not None else self._browse()

    def _answer(self, chain: list[Exchange]) -> int | None:
        """Status, redirects and type of the first navigation; an exit status when it ends here (a failure or
        a file), None when the page is to be taken."""
        self.result.redirects = [Hop(e.url, e.response.status if e.response else 0,
                                     e.response.reason if e.response else "",
                                     e.response.get("location") if e.response else "") for e in chain]
        final = chain[-1].response
        assert final is not None
        self.result.final_url, self.result.status = chain[-1].url, final.status
        self.result.content_type = final.get("content-type")
        if final.status >= 400:
            return self.fail(f"the server answered {final.status} {final.reason}".rstrip())
        try:
            body = final.payload(self.job.max_bytes)
        except Exception as exc:  # noqa: BLE001 - a body we cannot unpack is a failed capture, said in words
            return self.fail(f"its content could not be read ({exc})")
        if not _is_html(self.result.content_type, body):
            name = _download_name(chain[-1].url, final.get("content-disposition"))
            (self.out / name).write_bytes(body)
            self.result.download = name
            self.result.ok, self.result.reason = True, ""
            return 0
        return None

    def _browse_signed_in(self) -> int:
        """With the case's sign-in profile the browser navigates itself (its cookies go along); status and
        redirects are read afterwards from what the proxy recorded."""
        taken = self._browse(self.job.url)
        chain: list[Exchange] = []
        url = normalize(self.job.url)
        for _ in range(12):
            ex = next((e for e in self.proxy.exchanges if e.url == url), None)
            if ex is None:
                break
            chain.append(ex)
            if ex.response is None:
                return self.fail(ex.error)
            location = ex.response.get("location")
            if ex.response.status not in (301, 302, 303, 307, 308) or not location:
                break
            url = normalize(urljoin(url, location))
        if not chain or chain[-1].response is None:
            return self.fail(self.result.reason or "the page could not be loaded")
        done = self._answer(chain)
        if done is not None:
            self.result.page_html = self.result.png = self.result.pdf = ""
            return done
        return taken

    def _browse(self, url: str = "") -> int:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = chromium_flags(self.proxy.address, self.authority)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from casefile.gui.capture.browser import PageTaker

        taker = PageTaker(self.job, self.authority.der, self.proxy.idle_for, self.deadline, user_agent(),
                          lambda: self.proxy.in_flight)
        self.mark("engine started")
        # the browser walks the redirects too (served from what the proxy already fetched), so cookies they set
        # reach it as they would a reader's
        outcome = taker.take(url or self.job.url, self.out, self.mark)
        self.result.still_loading = taker.still_loading
        if outcome.error:
            return self.fail(outcome.error)
        self.result.title = outcome.title
        self.result.rendered_url = outcome.address
        self.result.page_html, self.result.png, self.result.pdf = outcome.html, outcome.png, outcome.pdf
        self.result.ok = True
        return 0


def _is_html(content_type: str, body: bytes) -> bool:
    ct = content_type.split(";", 1)[0].strip().lower()
    if ct:
        return ct in HTML_TYPES
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _download_name(url: str, disposition: str) -> str:
    m = re.search(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', disposition or "", re.I)
    raw = unquote(m.group(1)) if m else unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    safe = re.sub(r"[^\w.\- ]+", "_", raw).strip(" .")[:120]
    return safe if safe and safe not in ("result.json", "job.json", "capture.warc.gz") else "download"


def signin(job: CaptureJob) -> int:
    """A visible browser window on the case's persistent profile, for pages behind a login; records nothing."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox"
    from casefile.gui.capture.browser import sign_in_window

    return sign_in_window(job)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m casefile.gui.capture.worker JOB.json", file=sys.stderr)
        return 2
    job = CaptureJob.read(Path(argv[1]))
    if job.mode == "signin":
        return signin(job)
    return Capture(job).run()


if __name__ == "__main__":
    code = main(sys.argv)
    sys.stdout.flush()
    os._exit(code)  # the engine's threads are not waited for: everything is written and closed
