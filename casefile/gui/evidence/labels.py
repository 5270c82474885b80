"""How an exhibit is named and described in the window: a title that is never junk metadata, the reason a file
could not be read, EXIF times as readable dates. Plain functions (no widgets), shared by the table and preview.
"""

from __future__ import annotations

import re

from casefile.domain.dates import CaseDate
from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ValidationError
from casefile.domain.printable import printable
from casefile.domain.records import EvidenceRecord

# titles that editors and cameras write by default; they say nothing about the exhibit
JUNK_TITLES = frozenset({
    "untitled", "untitled document", "untitled-1", "document", "document1", "new document", "title", "no title",
    "none", "null", "unknown", "default", "image", "img", "photo", "picture", "scan", "print", "page 1",
    "slide 1", "microsoft word document", "powerpoint presentation", "pdf", "file", "temp",
})
# types CaseFile reads: such a file filed as "other" is one whose reading failed
READABLE_TYPES = ("application/pdf", "image/", "audio/", "video/", "text/", "message/rfc822",
                  "application/vnd.openxmlformats", "application/msword", "application/vnd.oasis",
                  "application/vnd.ms-excel")
_EXIF_TIME = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2})(?::\d{2})?$")


def is_junk_title(title: str) -> bool:
    """True for empty, default ("Untitled", "Document1") or symbol-soup titles."""
    text = " ".join(title.split()).casefold()
    if not text or text in JUNK_TITLES:
        return True
    letters = sum(ch.isalnum() for ch in text)
    return letters < 2 or letters / len(text) < 0.4


def display_title(rec: EvidenceRecord) -> str:
    """The title to show: the metadata title unless it is junk, else the file name."""
    title = rec.title.strip()
    return printable(title if title and not is_junk_title(title) else rec.filename)


def read_failure(rec: EvidenceRecord) -> str:
    """Why the original could not be read ("" when it was read). Cases imported before the reason was kept
    show a file of a readable type filed as "other" with no text: that is what a failed read left behind."""
    reason = rec.read_error or str(rec.metadata.get("read_error") or rec.metadata.get("failure") or "")
    if reason.strip():
        return reason.strip()
    if rec.kind is EvidenceKind.OTHER and rec.metadata.get("encrypted"):
        return "it is protected by a password"
    if (rec.kind is EvidenceKind.OTHER and rec.sha256 and rec.parent_id is None
            and rec.media_type.startswith(READABLE_TYPES)):
        return f"it could not be read as {rec.media_type} when it was imported (the reason was not recorded)"
    return ""


def read_warnings(rec: EvidenceRecord) -> list[str]:
    """What the importer noticed while reading (a truncated clip, pages left unread)."""
    value = rec.metadata.get("warnings") or []
    return [str(w) for w in value] if isinstance(value, list) else [str(value)]


def readable_time(value: str) -> str:
    """An EXIF time ("2003:11:23 18:07:37") or ISO text as "23 Nov 2003 18:07"; anything else unchanged."""
    text = str(value).strip()
    m = _EXIF_TIME.match(text)
    iso = f"{m[1]}-{m[2]}-{m[3]}T{m[4]}:{m[5]}" if m else text
    try:
        return CaseDate.parse(iso).display()
    except (ValidationError, ValueError):
        return text


def date_label(rec: EvidenceRecord) -> tuple[str, str]:
    """("Taken", …) for a photo with a camera time, else ("Published", …)."""
    taken = rec.metadata.get("taken")
    if rec.kind is EvidenceKind.IMAGE and (taken or rec.published):
        return "Taken", readable_time(str(taken)) if taken else rec.published.display()  # type: ignore[union-attr]
    return "Published", rec.published.display() if rec.published else "unknown"
