"""What the `.eml` and Outlook `.msg` readers share: the sent date, the attachment budget, the item they make."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, EvidenceKind
from casefile.domain.sizes import format_size
from casefile.importers.base import Attachment, ImportedItem, Limits


def note_sent(meta: dict[str, Any], dt: datetime) -> CaseDate:
    """The message's sent time as a CaseDate (to the minute), recorded in `meta` with its UTC offset."""
    published = CaseDate.from_date(dt, DatePrecision.MINUTE)
    meta["sent"] = published.iso()
    if dt.utcoffset() is not None:
        meta["utc_offset"] = dt.strftime("%z")
    return published


def within_budget(parts: Iterable[tuple[str, bytes, str]], limits: Limits,
                  warnings: list[str]) -> Iterator[Attachment]:
    """(name, data, media type) of each attachment, kept while the count and the total size stay within the
    limits; a name never carries a path from the sender."""
    total = kept = 0
    for n, (raw_name, data, media_type) in enumerate(parts, start=1):
        if kept >= limits.max_attachments:
            warnings.append(f"only the first {limits.max_attachments} attachments were kept")
            return
        filename = Path(raw_name.replace("\\", "/")).name or f"attachment-{n}"
        if total + len(data) > limits.max_parse_bytes:
            warnings.append(f"attachment {filename} skipped: attachments exceed {format_size(limits.max_parse_bytes)}")
            continue
        total += len(data)
        kept += 1
        yield Attachment(filename=filename, data=data, media_type=media_type)


def mail_item(meta: dict[str, Any], *, media_type: str, title: str, published: CaseDate | None, text: str,
              body_type: str, attachments: list[Attachment], warnings: list[str]) -> ImportedItem:
    """The imported message: its sender as author, its attachments' names and body type in the metadata."""
    meta["attachment_names"] = [a.filename for a in attachments]
    meta["body_type"] = body_type
    author_name, author_addr = (getaddresses([meta["from"]]) or [("", "")])[0]
    return ImportedItem(
        kind=EvidenceKind.EMAIL,
        media_type=media_type,
        title=title,
        author=author_name or author_addr,
        published=published,
        text=text,
        metadata=meta,
        attachments=attachments,
        warnings=warnings,
    )


__all__ = ["mail_item", "note_sent", "within_budget"]
