"""Small helpers the previews share: sources, page numbers, UTF-16 offsets (safe copies of originals for other
programs are `services.viewer_copies`)."""

from __future__ import annotations

from urllib.parse import urlparse

from casefile.domain.records import EvidenceRecord


def source_of(rec: EvidenceRecord) -> str:
    """Author, site or URL host — whatever best says where an exhibit came from."""
    parts: list[str] = []
    if rec.author:
        parts.append(rec.author)
    site = str(rec.metadata.get("site") or rec.metadata.get("handle") or "")
    if site and site not in parts:
        parts.append(site)
    if not site and rec.url:
        host = urlparse(rec.url).hostname or ""
        if host:
            parts.append(host.removeprefix("www."))
    return " · ".join(parts)


def to_qt(text: str, index: int) -> int:
    """A Python (code point) offset as a QTextDocument (UTF-16) position."""
    head = text[:index]
    return index + sum(1 for ch in head if ord(ch) > 0xFFFF)


def from_qt(text: str, position: int) -> int:
    """A QTextDocument (UTF-16) position as a Python (code point) offset."""
    if text.isascii():
        return position
    units = 0
    for i, ch in enumerate(text):
        if units >= position:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)
