"""Capturing web pages: a link becomes a stored exhibit of the page as it was served and as it looked.

Each address is captured by a worker process of its own (`casefile.capture.runner`), then stored: the page's
rendered DOM (what a reader saw, script-written text included) goes through the article path like a dropped
HTML file (title, authors, date, embedded posts; suggestions follow in pass 2), and becomes a *web page*
exhibit whose parts are linked exhibits: the WARC of every request and response, the PDF, the full-page PNG
and a manifest (addresses, redirect chain, status, times in UTC, engine, the parts' SHA-256). A link to a file
(PDF, picture, audio, video) is imported as that kind, with its WARC and manifest. A failed capture stores
nothing and says why in one sentence; the rest of a batch goes on. The network is used only here.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from casefile import __version__
from casefile.capture.job import CaptureJob, CaptureResult
from casefile.capture.runner import CaptureCancelled, run_capture
from casefile.capture.urls import AddressRefused, check_address
from casefile.db.models import AuditLog, Evidence, SuggestionRun, Thumbnail
from casefile.domain.enums import EvidenceKind, ImportStatus
from casefile.domain.errors import ImportFailedError
from casefile.domain.printable import printable
from casefile.domain.progress import Progress, ProgressFn, Stage
from casefile.domain.records import ImportOutcome, ImportReport
from casefile.extract.credits import find_credits
from casefile.services.base import CaseContext, Service, audit, lock_exhibit_numbers
from casefile.services.import_workflow import STORE_ONLY, ImportOptions, ImportWorkflow, WorkflowReport
from casefile.storage.store import StoredBlob

log = logging.getLogger(__name__)
MANIFEST_FORMAT = "casefile-web-capture/1"
CONSENT_ACTIONS = ("capture_allowed", "capture_link_only")
SIGN_IN_FOLDER = "sign-in-profile"  # the opt-in "Sign in first" browser profile, inside the case folder
PART_KINDS = {"warc": (EvidenceKind.OTHER, "application/warc", "WARC (every request and response)", ".warc.gz"),
              "pdf": (EvidenceKind.DOCUMENT, "application/pdf", "PDF of the rendered page", ".pdf"),
              "png": (EvidenceKind.IMAGE, "image/png", "Full-page screenshot", ".png"),
              "wacz": (EvidenceKind.OTHER, "application/wacz", "WACZ package (opens in replay tools)", ".wacz"),
              "manifest": (EvidenceKind.OTHER, "application/json", "Capture manifest", ".manifest.json")}


@dataclass(frozen=True)
class CaptureLimits:
    timeout_s: float = 30.0
    max_bytes: int = 100 * 1024 * 1024


@dataclass(frozen=True)
class CaptureDetails:
    """What the details pane shows for a captured exhibit."""

    address: str
    final_address: str
    captured_at: str  # UTC, ISO 8601
    status: int
    engine: str
    manifest_sha256: str
    parts: tuple[tuple[str, str, int], ...]  # (label, sha256, exhibit)
    redirects: tuple[str, ...]


class CaptureService(Service):
    def __init__(self, ctx: CaseContext, imports: ImportWorkflow, limits: CaptureLimits | None = None) -> None:
        super().__init__(ctx)
        self.imports = imports
        self.limits = limits or CaptureLimits()

    # the case's answer to "may CaptureFile go online for this case?" ------------------------------------
    def consent(self) -> bool | None:
        """True: capture; False: keep links only; None: not asked yet (the app asks before the first)."""
        with self._read() as s:
            action = s.scalar(select(AuditLog.action).where(AuditLog.entity_type == "case",
                                                            AuditLog.action.in_(CONSENT_ACTIONS))
                              .order_by(AuditLog.id.desc()).limit(1))
        return None if action is None else action == "capture_allowed"

    def set_consent(self, allowed: bool) -> None:
        with self._write() as s:
            audit(s, CONSENT_ACTIONS[0] if allowed else CONSENT_ACTIONS[1], "case", None,
                  "Web capture allowed for this case" if allowed else "Links are kept as links only (no capture)")

    def sign_in_profile(self) -> Path:
        return self.ctx.path / SIGN_IN_FOLDER

    # capturing ------------------------------------------------------------------------------------------
    def run(self, urls: Iterable[str], *, options: ImportOptions | None = None, progress: ProgressFn | None = None,
            cancelled: Callable[[], bool] | None = None) -> WorkflowReport:
        """Capture each address, then the import's later passes (`options.stages`) over what was captured: one
        more way into the one import workflow, with its report of what was stored whatever ends the run."""
        options = options or ImportOptions()
        report = self.capture(urls, progress=progress, cancelled=cancelled)
        if report.cancelled or not report.imported or not options.stages:
            pending = options.stages if report.imported else ()
            return WorkflowReport(report, pending=tuple(pending), cancelled=report.cancelled)
        return self.imports.finish(report, options.stages, progress=progress, cancelled=cancelled)

    def capture(self, urls: Iterable[str], progress: ProgressFn | None = None,
                cancelled: Callable[[], bool] | None = None) -> ImportReport:
        """Capture each address in turn (stored and read: pass 1); one outcome each, in order. Never raises for a
        bad address or page."""
        todo = list(urls)
        outcomes: list[ImportOutcome] = []
        was_cancelled = False
        for i, url in enumerate(todo):
            if cancelled is not None and cancelled():
                was_cancelled = True
                break
            if progress:
                progress(Progress(Stage.STORE, i, len(todo), printable(url)))
            try:
                outcomes.append(self.capture_one(url, cancelled))
            except CaptureCancelled:
                was_cancelled = True
                break
        outcomes += [ImportOutcome(u, ImportStatus.SKIPPED, "not captured (cancelled)") for u in todo[len(outcomes):]]
        if progress:
            progress(Progress(Stage.STORE, len(outcomes), len(todo), ""))
        return ImportReport(tuple(outcomes), cancelled=was_cancelled)

    def capture_one(self, url: str, cancelled: Callable[[], bool] | None = None) -> ImportOutcome:
        try:
            url = check_address(url)
        except AddressRefused as exc:
            return ImportOutcome(url, ImportStatus.FAILED, f"refused: {exc}")
        profile = self.sign_in_profile()
        with tempfile.TemporaryDirectory(prefix="casefile-capture-") as tmp:
            job = CaptureJob(url, tmp, self.limits.timeout_s, self.limits.max_bytes,
                             str(profile) if profile.is_dir() else "")
            result = run_capture(job, cancelled)
            if not result.ok:
                return ImportOutcome(url, ImportStatus.FAILED, f"not captured: {result.reason}")
            return self._store(result, Path(tmp), bool(job.profile))

    # storing ----------------------------------------------------------------------------------------------
    def _store(self, result: CaptureResult, folder: Path, signed_in: bool) -> ImportOutcome:
        url = result.url
        parts: dict[str, StoredBlob] = {}
        try:
            from casefile.capture.wacz import write_wacz  # warcio's reader: only when a capture is stored

            write_wacz(folder / result.warc, folder / "capture.wacz", page_url=result.final_url, title=result.title,
                       captured=result.ended, software=f"CaseFile {__version__}, {result.engine}")
            for key, name in (("warc", result.warc), ("wacz", "capture.wacz"), ("pdf", result.pdf),
                              ("png", result.png)):
                if name:
                    parts[key] = self.ctx.store.put_file(folder / name)
            manifest = _manifest(result, parts, signed_in)
            parts["manifest"] = self.ctx.store.put_bytes(json.dumps(manifest, indent=1).encode("utf-8"))
        except ImportFailedError as exc:
            self._discard(parts.values())
            return ImportOutcome(url, ImportStatus.FAILED, f"not saved ({exc})")
        if result.download:
            data, name = (folder / result.download).read_bytes(), result.download
        else:
            html = (folder / result.page_html).read_text(encoding="utf-8")
            data = (f"<!-- Captured by CaseFile from {_comment_safe(result.final_url)} at {result.ended} -->\n"
                    + html).encode("utf-8")
            name = _page_name(result)
        outcome = self._read_as_article(data, name, result.final_url)
        if outcome.status is not ImportStatus.IMPORTED or outcome.evidence_id is None:
            self._discard(parts.values())
            if outcome.status is ImportStatus.DUPLICATE:
                return ImportOutcome(url, ImportStatus.DUPLICATE, f"the file behind this link is {outcome.reason}",
                                     outcome.evidence_id, outcome.exhibit, outcome.kind)
            return ImportOutcome(url, ImportStatus.FAILED, outcome.reason or "not saved")
        try:
            kind = self._attach(outcome.evidence_id, result, parts, manifest)
        except Exception:
            self._undo(outcome.evidence_id)
            self._discard(parts.values())
            raise
        return ImportOutcome(url, ImportStatus.IMPORTED, "", outcome.evidence_id, outcome.exhibit, kind)

    def _read_as_article(self, data: bytes, name: str, source: str) -> ImportOutcome:
        """The one hand-off to the import flow: store the page (or file) and read it as a dropped file would be
        (title, authors, date, embedded posts). The later passes wait until the capture's parts are attached."""
        return self.imports.import_bytes(data, name, source=source, options=STORE_ONLY)

    def _attach(self, evidence_id: int, result: CaptureResult, parts: dict[str, StoredBlob],
                manifest: dict) -> EvidenceKind:
        """Make the read exhibit a capture and link its parts, in one transaction."""
        with self._write() as s:
            lock_exhibit_numbers(s)
            ev = s.get(Evidence, evidence_id)
            assert ev is not None
            if not result.download:
                ev.kind = EvidenceKind.WEB_PAGE.value
                ev.title = ev.title or result.title[:1000]
                credits = find_credits(ev.text or "")  # "Reporting by …; Editing by …": who made it, not parties
                if credits.names:
                    authors = [n for n in credits.names if n not in credits.editors]
                    ev.meta = {**(ev.meta or {}), "credits": {"authors": authors, "editors": credits.editors}}
                    ev.author = ev.author or ", ".join(authors)[:500]
            ev.url = result.final_url[:2000]
            ev.meta = {**(ev.meta or {}), "capture": {k: manifest[k] for k in (
                "requested_url", "final_url", "status", "started", "ended", "engine")}
                | {"manifest_sha256": parts["manifest"].sha256, "parts": {k: b.sha256 for k, b in parts.items()}}}
            for key, blob in parts.items():
                kind, media_type, label, suffix = PART_KINDS[key]
                if s.scalar(select(Evidence.id).where(Evidence.sha256 == blob.sha256)) is not None:
                    continue  # the same bytes as an earlier capture's part (an unchanged page): stored once
                child = Evidence(exhibit=_next_number(s), filename=_part_name(ev.filename, suffix),
                                 sha256=blob.sha256, size=blob.size, media_type=media_type, kind=kind.value,
                                 title=label, url=result.final_url[:2000], source_path=result.url[:4000],
                                 parent_id=ev.id, relation="capture", meta={"capture_part": key})
                s.add(child)
                s.flush()
                s.add(SuggestionRun(evidence_id=child.id, engine="capture part (not read)"))
                if key == "png":
                    thumb = _thumbnail(self.ctx.store.path_for(blob.sha256))
                    if thumb and s.get(Thumbnail, ev.id) is None:
                        s.add(Thumbnail(evidence_id=ev.id, png=thumb))
            audit(s, "capture", "evidence", ev.id, f"Captured {result.final_url} as Ex. {ev.exhibit}",
                  after={"manifest": manifest})
            return EvidenceKind(ev.kind)

    def _undo(self, evidence_id: int) -> None:
        with self._write() as s:
            ev = s.get(Evidence, evidence_id)
            if ev is not None:
                s.delete(ev)

    def _discard(self, blobs: Iterable[StoredBlob]) -> None:
        for blob in blobs:
            if not blob.created:
                continue
            with self._read() as s:
                used = s.scalar(select(Evidence.id).where(Evidence.sha256 == blob.sha256))
            if used is None:
                self.ctx.store.discard(blob.sha256)

    # reading back ---------------------------------------------------------------------------------------------
    def details(self, evidence_id: int) -> CaptureDetails | None:
        """The capture behind an exhibit (a captured page or a file fetched from a link), None for others."""
        with self._read() as s:
            ev = s.get(Evidence, evidence_id)
            if ev is None or "capture" not in (ev.meta or {}):
                return None
            cap = ev.meta["capture"]
            shas: dict[str, str] = cap.get("parts") or {}
            numbers = dict(s.execute(select(Evidence.sha256, Evidence.exhibit).where(
                Evidence.sha256.in_(list(shas.values())))).all()) if shas else {}
            parts = tuple((PART_KINDS[k][2], sha, numbers.get(sha, 0)) for k, sha in shas.items() if k in PART_KINDS)
            redirects: tuple[str, ...] = ()
            if shas.get("manifest"):
                try:
                    data = json.loads(self.ctx.store.path_for(shas["manifest"]).read_text(encoding="utf-8"))
                    redirects = tuple(f"{h['status']} {h['url']}" for h in data.get("redirects", []))
                except (OSError, ValueError, KeyError, TypeError):
                    redirects = ()
            return CaptureDetails(cap.get("requested_url", ""), cap.get("final_url", ev.url), cap.get("ended", ""),
                                  int(cap.get("status") or 0), cap.get("engine", ""),
                                  cap.get("manifest_sha256", ""), parts, redirects)

    def part_path(self, evidence_id: int, part: str) -> Path | None:
        """The stored original of one part (warc, pdf, png, manifest) of a captured exhibit."""
        with self._read() as s:
            meta = s.scalar(select(Evidence.meta).where(Evidence.id == evidence_id)) or {}
        sha = ((meta.get("capture") or {}).get("parts") or {}).get(part)
        return self.ctx.store.path_for(sha) if sha else None


def _next_number(s) -> int:  # noqa: ANN001 - Session
    from sqlalchemy import func

    return (s.scalar(select(func.max(Evidence.exhibit))) or 0) + 1


def _manifest(result: CaptureResult, parts: dict[str, StoredBlob], signed_in: bool) -> dict:
    return {
        "format": MANIFEST_FORMAT,
        "requested_url": result.url,
        "final_url": result.final_url,
        "rendered_url": result.rendered_url or result.final_url,
        "redirects": [{"url": h.url, "status": h.status, "reason": h.reason, "location": h.location}
                      for h in result.redirects],
        "status": result.status,
        "content_type": result.content_type,
        "started": result.started,
        "ended": result.ended,
        "engine": result.engine,
        "profile": "the case's sign-in profile" if signed_in else "private, off the record (no cookies kept)",
        "title": result.title,
        "requests_recorded": result.requests,
        "not_recorded": result.not_recorded,
        "requests_still_loading": result.still_loading,
        "parts": {k: {"sha256": b.sha256, "size": b.size} for k, b in parts.items()},
    }


def _page_name(result: CaptureResult) -> str:
    from urllib.parse import urlsplit

    host = urlsplit(result.final_url).hostname or "page"
    title = " ".join(result.title.split())[:80]
    label = f"{host} — {title}" if title else host
    safe = "".join(c if c.isalnum() or c in " -_.—" else "_" for c in label).strip() or "page"
    return f"{safe}.html"


def _part_name(page_name: str, suffix: str) -> str:
    stem = page_name.rsplit(".", 1)[0] if "." in page_name else page_name
    return f"{stem[:900]}{suffix}"


def _comment_safe(text: str) -> str:
    return text.replace("--", "%2D%2D").replace(">", "%3E")


def _thumbnail(png: Path) -> bytes | None:
    """The top of the screenshot, small, for lists and the summary."""
    from io import BytesIO

    from PIL import Image

    try:
        with Image.open(png) as im:
            top = im.crop((0, 0, im.width, min(im.height, im.width * 3 // 4)))
            top.thumbnail((256, 256))
            out = BytesIO()
            top.save(out, "PNG")
            return out.getvalue()
    except (OSError, ValueError):
        return None
