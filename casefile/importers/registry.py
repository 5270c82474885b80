"""Chooses the importer for a file by scoring its content (and, secondarily, its name)."""

from __future__ import annotations

import importlib
import logging
import time
from pathlib import Path

from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers.base import ImportedItem, Importer, Limits

# Modules that define `IMPORTER`; imported lazily on first use so start-up stays fast.
IMPORTER_MODULES: tuple[str, ...] = (
    "casefile.importers.text",
    "casefile.importers.html",
    "casefile.importers.pdf",
    "casefile.importers.email_msg",
    "casefile.importers.outlook",
    "casefile.importers.office",
    "casefile.importers.spreadsheet",
    "casefile.importers.image",
    "casefile.importers.media",
    "casefile.importers.subtitles",
    "casefile.importers.dropped",
)

HEAD_BYTES = 64 * 1024
_log = logging.getLogger(__name__)

# what each importer reads, in words a user knows (for failure sentences)
_LABELS = {
    "text": "text file",
    "html": "web page",
    "pdf": "PDF",
    "email": "e-mail",
    "outlook": "Outlook message",
    "office": "Word or OpenDocument document",
    "spreadsheet": "spreadsheet",
    "image": "image",
    "media": "audio or video file",
    "subtitles": "subtitle or transcript file",
    "dropped": "link",
}


def failure_sentence(importer_name: str, what: str = "") -> str:
    """One sentence for a user when a parser broke on a file; the exception's text stays in the log."""
    label = _LABELS.get(importer_name, "file")
    if what == "memory":
        return f"the {label} needs more memory to read than CaseFile allows; the original is kept unread"
    return (f"the {label} could not be read: it is damaged or uses a variant CaseFile cannot read yet; "
            "the original is kept unread")


class GenericImporter:
    """Fallback: stores any file as evidence of kind `other` with what its name and size tell."""

    name = "generic"
    kinds: tuple[EvidenceKind, ...] = (EvidenceKind.OTHER,)
    extensions: tuple[str, ...] = ()

    def sniff(self, head: bytes, name: str) -> float:
        return 0.01

    def read(self, path: Path, name: str, limits: Limits) -> ImportedItem:
        return ImportedItem(kind=EvidenceKind.OTHER, media_type="application/octet-stream", title=name)


class ImporterRegistry:
    def __init__(self, importers: list[Importer]) -> None:
        self.importers = list(importers)
        self.fallback: Importer = GenericImporter()

    def detect(self, path: Path, name: str, head: bytes | None = None) -> Importer:
        """The importer whose content score (plus a small bonus for a matching extension) is highest."""
        if head is None:
            with open(path, "rb") as fh:
                head = fh.read(HEAD_BYTES)
        best, best_score = self.fallback, 0.0
        ext = Path(name).suffix.lower()
        if not head:  # an empty file: the importer of its extension claims it, so the user learns it is empty
            return next((imp for imp in self.importers if ext in imp.extensions), self.fallback)
        for imp in self.importers:
            try:
                score = imp.sniff(head, name)
            except Exception:  # a sniffer bug must not stop detection
                score = 0.0
            if score > 0 and ext in imp.extensions:
                score += 0.05
            if score > best_score:
                best, best_score = imp, score
        if best is self.fallback and head:
            return self._probe_media(path) or best
        return best

    def _probe_media(self, path: Path) -> Importer | None:
        """A file no sniffer knows: whatever FFmpeg opens with an audio or video stream is a clip."""
        media = next((imp for imp in self.importers if imp.name == "media"), None)
        if media is None:
            return None
        from casefile.importers.media import probe_streams

        return media if probe_streams(path, Limits()) else None

    def read(self, path: Path, name: str, limits: Limits) -> tuple[Importer, ImportedItem]:
        """Read `path` (original name `name`) with the detected importer.

        Parser errors on hostile input become ImportFailedError with a one-line reason.
        """
        importer = self.detect(path, name)
        start = time.monotonic()
        try:
            item = importer.read(path, name, limits)
        except ImportFailedError:
            raise
        except MemoryError:
            raise ImportFailedError(failure_sentence(importer.name, "memory")) from None
        except Exception as exc:  # any parser error on hostile input is a per-file failure
            _log.info("%s importer failed on %s: %s: %s", importer.name, name, type(exc).__name__, _short(exc))
            raise ImportFailedError(failure_sentence(importer.name)) from None
        if time.monotonic() - start > limits.seconds:
            item.warnings.append(f"reading took longer than {limits.seconds:.0f} s")
        if len(item.text) > limits.max_text_chars:
            item.text = item.text[: limits.max_text_chars]
            item.warnings.append("text truncated to the size limit")
        return importer, item


def _short(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return msg[:200]


_default: ImporterRegistry | None = None


def default_registry() -> ImporterRegistry:
    global _default
    if _default is None:
        found: list[Importer] = []
        for name in IMPORTER_MODULES:
            module = importlib.import_module(name)
            found.append(module.IMPORTER)
        _default = ImporterRegistry(found)
    return _default
