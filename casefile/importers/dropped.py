"""Things dropped or pasted without a file of their own (a URL, a snippet of text), and internet shortcuts.

No network access ever: a link is recorded as a link; fetching a page is the user's choice elsewhere.
"""

from __future__ import annotations

import plistlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers._common import decode_text, ext_of, first_sentence, normalise_newlines, read_bytes
from casefile.importers.base import ImportedItem, Limits

_URL = re.compile(r"^(?:https?|ftp)://[^\s<>\"]+$|^www\.[^\s<>\"]+\.[a-z]{2,}[^\s<>\"]*$", re.I)
_SCHEMES = ("http", "https", "ftp", "mailto", "file", "tel", "news")


def _normalise_url(url: str) -> str:
    url = url.strip().strip("<>\"'")
    if url.lower().startswith("www."):
        url = "https://" + url
    return url


def is_url(text: str) -> bool:
    """A single URL (optionally surrounded by whitespace or angle brackets), and nothing else."""
    return bool(_URL.match(text.strip().strip("<>")))


def item_from_url(url: str, title: str = "") -> ImportedItem:
    """A link item for a dropped or pasted address; `title` is what the drop carried (e.g. a link's text)."""
    url = _normalise_url(url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES or not (parts.netloc or parts.scheme.lower() in ("mailto", "tel")):
        raise ImportFailedError(f"'{url[:80]}' is not a web address")
    host = parts.netloc.lower().removeprefix("www.")
    shown = title.strip() or (host + parts.path.rstrip("/"))[:120] or url[:120]
    meta = {"host": host, "scheme": parts.scheme.lower()}
    return ImportedItem(
        kind=EvidenceKind.LINK,
        media_type="text/uri-list",
        title=" ".join(shown.split()),
        url=url,
        text=url,
        metadata=meta,
    )


def item_from_text(text: str) -> ImportedItem:
    """A pasted snippet as a text item; a lone URL becomes a link item instead."""
    text = normalise_newlines(text).strip()
    if not text:
        raise ImportFailedError("nothing to import: the pasted text is empty")
    if is_url(text):
        return item_from_url(text)
    first_line = text.split("\n", 1)[0].strip()
    title = first_line if len(first_line) <= 100 else first_sentence(first_line)
    return ImportedItem(kind=EvidenceKind.TEXT, media_type="text/plain", title=title, text=text)


class ShortcutImporter:
    """Internet shortcuts saved by browsers: Windows `.url` (INI) and macOS `.webloc` (property list)."""

    name = "shortcut"
    kinds = (EvidenceKind.LINK,)
    extensions = (".url", ".webloc", ".website")

    def sniff(self, head: bytes, name: str) -> float:
        sample = head[:2048].lstrip(b"\xef\xbb\xbf")
        if sample.lstrip().startswith(b"[InternetShortcut]") or b"\n[InternetShortcut]" in sample:
            return 0.95
        if sample.startswith(b"bplist00") and ext_of(name) == ".webloc":
            return 0.9
        if b"<plist" in sample and b"<key>URL</key>" in sample:
            return 0.9
        return 0.0

    def read(self, path: Path, name: str, limits: Limits) -> ImportedItem:
        data = read_bytes(path, limits, "shortcut")
        url = ""
        if data.startswith(b"bplist00") or b"<plist" in data[:2048]:
            try:
                plist = plistlib.loads(data)
            except Exception:  # plistlib raises several types on damaged input
                raise ImportFailedError("the .webloc shortcut is damaged") from None
            if isinstance(plist, dict):
                url = str(plist.get("URL", ""))
        else:
            text = decode_text(data, name)[0]
            for line in normalise_newlines(text).split("\n"):
                key, sep, value = line.partition("=")
                if sep and key.strip().lower() == "url":
                    url = value.strip()
                    break
        if not url:
            raise ImportFailedError("the shortcut holds no URL")
        item = item_from_url(url, title=Path(name).stem)
        item.metadata["shortcut"] = ext_of(name).lstrip(".") or "url"
        return item


IMPORTER = ShortcutImporter()
