"""Reading the pages an import left: a long scan's pages past the time limit or the page cap, read later.

An import time-boxes OCR (a 300-page scan would hold the import for an hour) and keeps the pages it did not
reach in the exhibit's metadata (`unread_pages`). This pass reads them, page by page: a page's text layer when
it has one, else OCR. Each page's text is placed at its own page offset, and every citation, mention and quoted
post after it moves with its passage, so citations stay correct. Pages are written in short transactions
(about every `BATCH_SECONDS`), so a cancelled or killed run keeps what it read and the next run continues.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from casefile.db.models import EventSource, Evidence, Mention
from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError, NotFoundError, ReadOnlyCaseError
from casefile.domain.progress import CancelFn, Progress, ProgressFn, Stage
from casefile.domain.sizes import counted
from casefile.importers.base import Limits
from casefile.ocr.pages import UNREAD_KEY, describe, from_ranges, read_pages, splice, to_ranges
from casefile.services.base import Service, audit

BATCH_SECONDS = 10.0  # pages read are written at least this often: a kill loses no more than this
KINDS = (EvidenceKind.DOCUMENT.value, EvidenceKind.IMAGE.value)


@dataclass(frozen=True)
class ExhibitPages:
    """One exhibit's outcome: the pages read now, those that cannot be read (and why), those still left."""

    evidence_id: int
    exhibit: int
    name: str
    read: tuple[int, ...] = ()
    failed: tuple[tuple[int, str], ...] = ()
    left: tuple[int, ...] = ()
    reason: str = ""  # why nothing could be done (a password it needs, a missing original)


@dataclass(frozen=True)
class OcrReport:
    exhibits: tuple[ExhibitPages, ...] = ()
    cancelled: bool = False
    unavailable: str = ""  # "Text in images is not read: ..." when Tesseract is missing

    @property
    def pages_read(self) -> int:
        return sum(len(e.read) for e in self.exhibits)

    @property
    def pages_left(self) -> int:
        return sum(len(e.left) for e in self.exhibits)

    def summary(self) -> str:
        if self.unavailable:
            return f"{self.unavailable}; {self.pages_left} pages wait for it"
        if not self.exhibits:
            return "no exhibit has pages left to read"
        head = f"{counted(self.pages_read, 'page')} read in {counted(len(self.exhibits), 'exhibit')}"
        failed = sum(len(e.failed) for e in self.exhibits)
        if failed:
            head += f"; {failed} could not be read"
        if self.pages_left:
            head += f"; {self.pages_left} still left"
            head += " (cancelled: run it again to continue)" if self.cancelled else ""
        return head


class OcrService(Service):
    def waiting(self, exhibit: int | None = None) -> list[tuple[int, int, str, list[int]]]:
        """(id, exhibit number, name, pages left) of the exhibits with pages still to read, by exhibit number."""
        with self._read() as s:
            stmt = select(Evidence.id, Evidence.exhibit, Evidence.filename, Evidence.meta).where(
                Evidence.kind.in_(KINDS), Evidence.sha256.is_not(None)).order_by(Evidence.exhibit)
            if exhibit is not None:
                stmt = stmt.where(Evidence.exhibit == exhibit)
            rows = s.execute(stmt).all()
            if exhibit is not None and not rows:
                raise NotFoundError(f"Ex. {exhibit} does not exist in this case, or is not a document or picture.")
        out = []
        for eid, number, name, meta in rows:
            left = from_ranges((meta or {}).get(UNREAD_KEY))
            if left:
                out.append((eid, number, name, left))
        return out

    def run(self, exhibit: int | None = None, progress: ProgressFn | None = None, cancelled: CancelFn | None = None,
            limits: Limits | None = None) -> OcrReport:
        """Read every page left (of one exhibit when `exhibit` is given); safe to stop and run again. Progress
        counts the pages of the whole run; its `current` names the page ("Ex. 4: page 12 of 300")."""
        if self.ctx.read_only:
            raise ReadOnlyCaseError("This case is open read-only; no pages can be added.")
        from casefile.ocr import engine

        todo = self.waiting(exhibit)
        if not todo:
            return OcrReport()
        info = engine.model_info()
        if not info.available:
            return OcrReport(tuple(ExhibitPages(e, n, name, left=tuple(left)) for e, n, name, left in todo),
                             unavailable=info.message)
        limits = limits or Limits()
        total = sum(len(left) for *_x, left in todo)
        counter = [0]
        out: list[ExhibitPages] = []
        stopped = False
        for eid, number, name, left in todo:
            if stopped:
                out.append(ExhibitPages(eid, number, name, left=tuple(left)))
                continue

            def step(page: int, pages: int, _n: int = number) -> None:
                if progress is not None:
                    progress(Progress(Stage.PAGES, counter[0], total, f"Ex. {_n}: page {page} of {pages}"))
                counter[0] += 1

            result, stopped = self._exhibit(eid, number, name, left, limits, step, cancelled, info.engine)
            out.append(result)
        return OcrReport(tuple(out), stopped)

    # one exhibit ------------------------------------------------------------------------------------
    def _exhibit(self, eid: int, number: int, name: str, left: list[int], limits: Limits,
                 step: Callable[[int, int], None], cancelled: Callable[[], bool] | None,
                 engine_name: str) -> tuple[ExhibitPages, bool]:
        with self._read() as s:
            ev = s.get(Evidence, eid)
            if ev is None:
                return ExhibitPages(eid, number, name, reason="the exhibit was deleted"), False
            sha, media, meta = ev.sha256 or "", ev.media_type, dict(ev.meta or {})
        pages = int(meta.get("page_count") or meta.get("frames") or max(left))
        try:
            source = _open_source(self.ctx.store.path_for(sha), media, meta, limits)
        except ImportFailedError as exc:
            return ExhibitPages(eid, number, name, left=tuple(left), reason=str(exc)), False
        read: dict[int, str] = {}
        failed: dict[int, str] = {}
        todo = list(left)
        written: list[int] = []
        confidence: list[tuple[float, float]] = []
        was_cancelled = False
        try:
            last_write = time.monotonic()
            while todo:
                page = todo[0]
                if cancelled is not None and cancelled():
                    was_cancelled = True
                    break
                layer = source.text(page)
                if layer:
                    step(page, pages)
                    read[page] = layer
                    todo.pop(0)
                else:
                    run = read_pages([page], source.picture, total=pages, seconds_per_page=limits.seconds,
                                     cancelled=cancelled, on_page=step)
                    if run.stopped == "cancelled":
                        was_cancelled = True
                        break
                    todo.pop(0)
                    read.update(run.texts)
                    failed.update(run.failed)
                    if run.left:  # timed out even with a whole page's time: it stays left
                        failed[page] = "text recognition took longer than the time allowed for one page"
                    confidence.append((run.confidence, run.weight))
                if time.monotonic() - last_write >= BATCH_SECONDS or not todo:
                    written += self._write_pages(eid, read, failed, engine_name, confidence)
                    read, failed, confidence = {}, {}, []
                    last_write = time.monotonic()
        finally:
            source.close()
            if read or failed:  # what a cancel (or an error) interrupted is kept
                written += self._write_pages(eid, read, failed, engine_name, confidence)
        with self._read() as s:
            ev = s.get(Evidence, eid)
            still = from_ranges((ev.meta or {}).get(UNREAD_KEY)) if ev is not None else []
            failed_now = (ev.meta or {}).get("ocr", {}).get("failed_pages", {}) if ev is not None else {}
        return ExhibitPages(eid, number, name, tuple(sorted(written)),
                            tuple((int(k), str(v)) for k, v in failed_now.items() if int(k) in left),
                            tuple(still)), was_cancelled

    def _write_pages(self, eid: int, texts: dict[int, str], failed: dict[int, str], engine_name: str,
                     confidence: list[tuple[float, float]]) -> list[int]:
        """Place the pages' texts at their offsets in one transaction, moving every passage after each; the
        pages written (a page another run wrote meanwhile is left as it is)."""
        if not texts and not failed:
            return []
        with self._write() as s:
            ev = s.get(Evidence, eid, with_for_update=True)  # two readers on a server: one at a time
            if ev is None:
                return []
            meta = dict(ev.meta or {})
            left = set(from_ranges(meta.get(UNREAD_KEY)))
            text, starts = ev.text or "", list(meta.get("page_starts") or [])
            done: list[int] = []
            for page in sorted(texts):
                if page not in left:
                    continue
                text, starts, at, delta = splice(text, starts, page, texts[page])
                if delta:
                    _move_passages(s, ev, at, delta)
                left.discard(page)
                done.append(page)
            for page in failed:
                left.discard(page)
            ev.text = text
            ocr = dict(meta.get("ocr") or {})
            ocr["engine"] = ocr.get("engine") or engine_name
            ocr["pages"] = sorted(set(ocr.get("pages") or []) | set(done))
            if failed:
                ocr["failed_pages"] = {**(ocr.get("failed_pages") or {}), **{str(k): v for k, v in failed.items()}}
            weight = sum(w for _c, w in confidence)
            if weight and "confidence" not in ocr:
                ocr["confidence"] = round(sum(c * w for c, w in confidence) / weight, 1)
            meta["ocr"], meta["page_starts"] = ocr, starts
            if left:
                meta[UNREAD_KEY] = to_ranges(left)
            else:
                meta.pop(UNREAD_KEY, None)
            if text.strip():
                meta.pop("needs_ocr", None)
            ev.meta = meta
            ev.version = (ev.version or 1) + 1
            if done or failed:
                summary = f"Read {describe(done)} of Ex. {ev.exhibit} later" if done else \
                    f"Could not read {describe(sorted(failed))} of Ex. {ev.exhibit}"
                audit(s, "ocr", "evidence", ev.id, summary,
                      after={"pages": done, "failed": sorted(failed), "left": len(left)})
            return done


def _move_passages(s: Any, ev: Evidence, at: int, delta: int) -> None:
    """Citations, mentions and quoted posts at or after `at` in the exhibit's text move by `delta`."""
    for table in (EventSource, Mention):
        s.execute(update(table).where(table.evidence_id == ev.id, table.char_start >= at)
                  .values(char_start=table.char_start + delta, char_end=table.char_end + delta))
    for child in s.scalars(select(Evidence).where(Evidence.parent_id == ev.id)):
        embedded = dict((child.meta or {}).get("embedded") or {})
        span = embedded.get("span")
        if isinstance(span, list) and len(span) == 2 and span[0] >= at:
            embedded["span"] = [span[0] + delta, span[1] + delta]
            child.meta = {**child.meta, "embedded": embedded}


# where the pages come from ----------------------------------------------------------------------------
@dataclass
class _Source:
    text: Callable[[int], str]  # a page's own text layer ("" for a scan)
    picture: Callable[[int], Any]  # a page as a picture for OCR (None when it cannot be rendered)
    close: Callable[[], None] = field(default=lambda: None)


def _open_source(path: Path, media_type: str, meta: dict[str, Any], limits: Limits) -> _Source:
    if not path.is_file():
        raise ImportFailedError("its stored original is missing (run verify)")
    if media_type == "application/pdf":
        if meta.get("needs_password"):
            raise ImportFailedError("the PDF is password-protected: give its password first")
        from casefile.importers.pdf import page_text, render_page

        return _Source(lambda n: page_text(path, n - 1), lambda n: render_page(path, n - 1, limits))
    if media_type == "image/tiff":
        import warnings

        from PIL import Image

        from casefile.importers.image import tiff_page

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                img = Image.open(path)
        except Exception:  # it was read on import; a picture that no longer opens is damaged
            raise ImportFailedError("the picture can no longer be opened (damaged?)") from None
        return _Source(lambda _n: "", lambda n: tiff_page(img, n, limits), img.close)
    raise ImportFailedError("only PDFs and multi-page TIFFs have pages to read later")


__all__ = ["ExhibitPages", "OcrReport", "OcrService"]
