"""Outlook messages (`.msg`, an OLE compound file) via extract-msg: the same header keys, body and attachments
as an `.eml`, so the preview shows both alike.

extract-msg only reads the file's streams; nothing the message references is fetched and no content runs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers._common import check_path, clean_title, ext_of
from casefile.importers.base import ImportedItem, Limits
from casefile.importers.mail_common import mail_item, note_sent, within_budget

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SUBSTG = "__substg1.0_".encode("utf-16-le")
_DAMAGED = "the Outlook message is damaged: its parts cannot be read"


def outlook_score(head: bytes, name: str) -> float:
    """An OLE file whose directory names MAPI property streams is an Outlook item; Word/Excel files are not."""
    if not head.startswith(OLE_MAGIC):
        return 0.0
    if _SUBSTG in head or "__properties_version1.0".encode("utf-16-le") in head:
        return 0.95
    return 0.6 if ext_of(name) == ".msg" else 0.0


class OutlookImporter:
    name = "outlook"
    kinds = (EvidenceKind.EMAIL,)
    extensions = (".msg",)

    def sniff(self, head: bytes, name: str) -> float:
        return outlook_score(head, name)

    def read(self, path: Path, name: str, limits: Limits) -> ImportedItem:
        check_path(path, limits, "Outlook message")
        # extract-msg logs every unusual stream at WARNING; those notes are not the user's concern
        logging.getLogger("extract_msg").setLevel(logging.ERROR)
        import extract_msg

        try:
            msg = extract_msg.openMsg(str(path), strict=False, delayAttachments=True)
        except Exception:  # damaged OLE structures raise many types inside olefile/extract-msg
            raise ImportFailedError(_DAMAGED) from None
        try:
            return _read(msg, name, limits)
        finally:
            msg.close()


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _stream(msg: Any, prop: str) -> str:
    try:
        return _text(msg.getStringStream(prop))
    except Exception:
        return ""


def _list(value: str) -> list[str]:
    return [(f"{n} <{a}>" if n else a) for n, a in getaddresses([value]) if a or n] if value else []


def _display(value: str) -> list[str]:
    """PR_DISPLAY_TO/CC: names only, separated by semicolons (what Outlook keeps without recipient tables)."""
    return [part.strip() for part in value.split(";") if part.strip()]


def _read(msg: Any, name: str, limits: Limits) -> ImportedItem:
    if not hasattr(msg, "subject") or not hasattr(msg, "body"):
        raise ImportFailedError(
            "the Outlook file is not a message but another Outlook item (a contact, task or appointment)"
        )
    header = getattr(msg, "header", None) if getattr(msg, "headerInit", True) else None
    subject = _text(msg.subject)
    sender = _text(msg.sender)
    meta: dict[str, Any] = {
        "from": (_list(sender) or [sender])[0] if sender else "",
        "to": _list(_text(msg.to)) or _display(_stream(msg, "__substg1.0_0E04")),
        "cc": _list(_text(msg.cc)) or _display(_stream(msg, "__substg1.0_0E03")),
        "bcc": _list(_text(msg.bcc)),
        "subject": subject,
        "message_id": _text(getattr(msg, "messageId", "")),
    }
    if _text(getattr(msg, "inReplyTo", "")):
        meta["in_reply_to"] = _text(msg.inReplyTo)
    published = None
    raw_date = _text(header.get("Date")) if header is not None and header.get("Date") else ""
    dt: datetime | None = None
    if raw_date:
        try:
            dt = parsedate_to_datetime(raw_date)
        except (TypeError, ValueError, IndexError):
            dt = None
    if dt is None and isinstance(msg.date, datetime):
        dt = msg.date
        raw_date = dt.strftime("%a, %d %b %Y %H:%M:%S %z")
    if raw_date:
        meta["date"] = raw_date
    if dt is not None:
        published = note_sent(meta, dt)
    text, body_type = _body(msg)
    warnings: list[str] = []
    attachments = list(within_budget(_attachment_parts(msg, warnings), limits, warnings))
    return mail_item(meta, media_type="application/vnd.ms-outlook", title=clean_title(subject, name=name),
                     published=published, text=text, body_type=body_type, attachments=attachments, warnings=warnings)


def _body(msg: Any) -> tuple[str, str]:
    try:
        body = msg.body
    except Exception:
        body = None
    if body and str(body).strip():
        return str(body).replace("\r\n", "\n").strip(), "plain"
    try:
        html = msg.htmlBody
    except Exception:
        html = None
    if html:
        from casefile.importers.email_msg import html_to_text

        return html_to_text(html.decode("utf-8", errors="replace") if isinstance(html, bytes) else str(html)), "html"
    return "", ""


def _attachment_parts(msg: Any, warnings: list[str]) -> Iterator[tuple[str, bytes, str]]:
    try:
        items = list(msg.attachments)
    except Exception:
        warnings.append("the attachments could not be read")
        return
    for n, att in enumerate(items, start=1):
        filename = _text(getattr(att, "longFilename", "") or getattr(att, "shortFilename", "")) or f"attachment-{n}"
        data = getattr(att, "data", None)
        if not isinstance(data, bytes):
            name = Path(filename.replace("\\", "/")).name or f"attachment-{n}"
            warnings.append(f"attachment {name} is an embedded item that was not extracted")
            continue
        yield filename, data, _text(getattr(att, "mimetype", "")) or "application/octet-stream"


IMPORTER = OutlookImporter()
