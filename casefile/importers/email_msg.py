"""E-mail messages (`.eml`) via the standard library: headers, body text and attachments.

HTML bodies are turned into text locally; nothing they reference (images, trackers) is ever loaded.

Metadata keys for the preview's header block (the Outlook importer fills the same ones):
`from` (str, "Name <address>"), `to`/`cc`/`bcc` (lists of str), `subject` (str), `date` (the Date header as
written), `sent` (ISO minutes in the sender's clock, "2025-01-24T17:05"), `utc_offset` ("+0100"),
`message_id`, optional `reply_to`/`in_reply_to`/`references`, `attachment_names`, `body_type` ("plain"/"html"),
`date_unparsed` (True when the Date header could not be read).
"""

from __future__ import annotations

import email
import re
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers._common import clean_title, ext_of, read_bytes
from casefile.importers.base import ImportedItem, Limits
from casefile.importers.mail_common import mail_item, note_sent, within_budget

_HEADER_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9_-]{0,75}):", re.M)
_MAIL_HEADERS = {
    b"from", b"to", b"cc", b"bcc", b"subject", b"date", b"message-id", b"received", b"return-path",
    b"mime-version", b"delivered-to", b"reply-to", b"x-mailer", b"dkim-signature", b"content-type",
    b"thread-index", b"thread-topic", b"in-reply-to", b"references", b"sender", b"x-received", b"received-spf",
    b"authentication-results", b"arc-seal", b"arc-message-signature", b"arc-authentication-results",
    b"x-originating-ip", b"x-google-smtp-source", b"user-agent", b"importance", b"x-priority",
    b"content-transfer-encoding", b"x-ms-has-attach", b"x-mozilla-status", b"envelope-to", b"list-unsubscribe",
}
# headers only a message that travelled carries (a browser's saved .mht has none of them)
_TRANSIT_HEADERS = {b"received", b"message-id", b"to", b"delivered-to", b"return-path", b"dkim-signature",
                    b"in-reply-to", b"x-received", b"authentication-results"}


def header_block(head: bytes) -> bytes:
    """The lines before the first blank line (the whole head when the headers run past it)."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith(b"From ") and b"\n" in head:  # mbox separator line
        head = head.split(b"\n", 1)[1]
    return re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]


def mail_score(head: bytes) -> float:
    """How surely `head` is an Internet message, judged by its header lines (names, folding), not its name."""
    if not _HEADER_LINE.match(head.removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n")) and not head.startswith(b"From "):
        return 0.0  # the first line is not a header: prose, markup or binary (cheap exit for the text path)
    block = header_block(head)
    if not block or b"\x00" in block or not block.lstrip()[:1].isalpha():
        return 0.0
    lines = [ln for ln in block.splitlines() if ln.strip()]
    header_lines = sum(1 for ln in lines if _HEADER_LINE.match(ln) or ln[:1] in (b" ", b"\t"))
    if header_lines < 0.9 * len(lines):
        return 0.0  # prose with a colon, not a header block
    names = {m.group(1).lower() for m in _HEADER_LINE.finditer(block)}
    known = names & _MAIL_HEADERS
    if saved_web_page(block):
        return 0.3  # a browser's web archive (.mht) looks like mail; the HTML importer takes it
    if b"from" in known and known & _TRANSIT_HEADERS and len(known) >= 3:
        return 0.95
    if {b"from", b"date"} <= known or len(known) >= 3:
        return 0.85
    if known:
        return 0.4
    return 0.0


def saved_web_page(block: bytes) -> bool:
    """A web archive saved by a browser (Chrome's Snapshot-Content-Location, IE's 'Saved by')."""
    lower = block.lower()
    names = {m.group(1).lower() for m in _HEADER_LINE.finditer(block)}
    if b"snapshot-content-location" in names or re.search(rb"^from:\s*<?saved by", lower, re.M):
        return True
    return b"multipart/related" in lower and not (names & _TRANSIT_HEADERS)


_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "tr",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "table",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "hr",
    "ul",
    "ol",
}


class EmailImporter:
    name = "email"
    kinds = (EvidenceKind.EMAIL,)
    extensions = (".eml",)

    def sniff(self, head: bytes, name: str) -> float:
        score = mail_score(head)
        if score == 0.4 and ext_of(name) not in self.extensions:
            return 0.0
        return score

    def read(self, path: Path, name: str, limits: Limits) -> ImportedItem:
        data = read_bytes(path, limits, "e-mail").removeprefix(b"\xef\xbb\xbf")
        if data.startswith(b"From ") and b"\n" in data:  # mbox "From " separator line
            data = data.split(b"\n", 1)[1]
        msg = email.message_from_bytes(data, policy=policy.default)
        if not isinstance(msg, EmailMessage) or not (msg.get("From") or msg.get("Subject") or msg.get("Date")):
            raise ImportFailedError("the file has no e-mail headers (From, Subject, Date)")
        return read_message(msg, name, limits)


def _header(msg: EmailMessage, key: str) -> str:
    try:
        value = msg.get(key)
    except Exception:  # malformed header values raise in the header registry
        value = msg.get_all(key, failobj=[""])[0] if msg.get_all(key) else ""
    return " ".join(str(value or "").split())


def _addresses(msg: EmailMessage, key: str) -> list[str]:
    raw = [str(v) for v in (msg.get_all(key) or [])]
    return [(f"{n} <{a}>" if n else a) for n, a in getaddresses(raw) if a or n]


def read_message(msg: EmailMessage, name: str, limits: Limits) -> ImportedItem:
    """Read a parsed message (also used for messages attached to messages)."""
    sender = _addresses(msg, "From")
    subject = _header(msg, "Subject")
    meta: dict[str, Any] = {
        "from": sender[0] if sender else _header(msg, "From"),
        "to": _addresses(msg, "To"),
        "cc": _addresses(msg, "Cc"),
        "bcc": _addresses(msg, "Bcc"),
        "subject": subject,
        "message_id": _header(msg, "Message-ID"),
    }
    for key in ("Reply-To", "In-Reply-To", "References"):
        if msg.get(key):
            meta[key.lower().replace("-", "_")] = _header(msg, key)
    published = None
    raw_date = _header(msg, "Date")
    if raw_date:
        meta["date"] = raw_date
        try:
            published = note_sent(meta, parsedate_to_datetime(raw_date))
        except (TypeError, ValueError, IndexError):
            meta["date_unparsed"] = True
    text, body_type = _body(msg)
    warnings: list[str] = []
    attachments = list(within_budget(_attachment_parts(msg), limits, warnings))
    return mail_item(meta, media_type="message/rfc822",
                     title=clean_title(subject, name=name) if subject or name else "(no subject)",
                     published=published, text=text, body_type=body_type, attachments=attachments, warnings=warnings)


def _body(msg: EmailMessage) -> tuple[str, str]:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):  # None for a multipart part; a leaf part always gives bytes
            payload = b""
        content = payload.decode("utf-8", errors="replace")
    if not isinstance(content, str):
        return "", ""
    content = content.replace("\r\n", "\n")
    if part.get_content_subtype() == "html":
        return html_to_text(content), "html"
    return content.strip(), "plain"


def html_to_text(html: str) -> str:
    """Readable text of an HTML fragment; scripts, styles and remote content are dropped, never loaded."""
    import lxml.html

    if not html.strip():
        return ""
    try:
        root = lxml.html.fromstring(html)
    except Exception:
        return re.sub(r"<[^>]+>", " ", html).strip()
    for el in root.xpath("//script|//style|//head|//noscript|//template"):
        if el.getparent() is not None:
            el.getparent().remove(el)
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    text = "".join(parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def _attachment_parts(msg: EmailMessage) -> Iterator[tuple[str, bytes, str]]:
    for n, part in enumerate(msg.iter_attachments(), start=1):
        ctype = part.get_content_type()
        filename = part.get_filename() or ""
        if ctype == "message/rfc822":
            inner = part.get_payload()
            inner_msg = inner[0] if isinstance(inner, list) and inner else inner
            data = inner_msg.as_bytes() if hasattr(inner_msg, "as_bytes") else b""
            filename = filename or f"attached-message-{n}.eml"
        else:
            data = part.get_payload(decode=True) or b""
            filename = filename or f"attachment-{n}{_guess_ext(ctype)}"
        yield filename, data, ctype


def _guess_ext(ctype: str) -> str:
    import mimetypes

    return mimetypes.guess_extension(ctype) or ".bin"


IMPORTER = EmailImporter()
