"""A WACZ package (Web Archive Collection Zipped, 1.1.1) of a capture's WARC, for the web-archiving tools.

ReplayWeb.page and pywb open it directly: the WARC as it was written (stored, not compressed again), a CDXJ
index of its responses (SURT key, time, offset and length of each record), the page list, and a datapackage
whose SHA-256 of each file lets a reader check the package.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]

WACZ_VERSION = "1.1.1"


def surt(url: str) -> str:
    """The sort-friendly key of an address: `com,example)/path?query` (host reversed, no www, no default port)."""
    p = urlsplit(url)
    host = (p.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    key = host if host.replace(".", "").isdigit() or ":" in host else ",".join(reversed(host.split(".")))
    if p.port and p.port != {"http": 80, "https": 443}.get(p.scheme):
        key += f":{p.port}"
    query = "&".join(sorted(p.query.split("&"))) if p.query else ""
    return f"{key})" + (p.path or "/").lower() + (f"?{query}" if query else "")


def _timestamp(warc_date: str) -> str:
    return "".join(c for c in warc_date if c.isdigit())[:14]


def cdxj_lines(warc: Path, name: str) -> list[str]:
    lines = []
    with warc.open("rb") as f:
        it = ArchiveIterator(f)
        for rec in it:
            if rec.rec_type not in ("response", "resource", "revisit"):
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI") or ""
            entry = {"url": url, "digest": rec.rec_headers.get_header("WARC-Payload-Digest") or "",
                     "filename": name}
            if rec.http_headers is not None:
                entry["status"] = rec.http_headers.get_statuscode() or ""
                entry["mime"] = (rec.http_headers.get_header("Content-Type") or "").split(";")[0].strip()
            date = _timestamp(rec.rec_headers.get_header("WARC-Date") or "")
            entry["offset"] = str(it.get_record_offset())
            entry["length"] = str(it.get_record_length())
            lines.append(f"{surt(url)} {date} {json.dumps(entry, separators=(',', ':'))}")
    return sorted(lines)


def write_wacz(warc: Path, out: Path, *, page_url: str, title: str, captured: str, software: str) -> Path:
    """Package `warc` as `out`; `captured` is the capture's UTC time (ISO 8601)."""
    name = "data.warc.gz"
    index = ("\n".join(cdxj_lines(warc, name)) + "\n").encode()
    pages = (json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}) + "\n"
             + json.dumps({"id": hashlib.sha256(page_url.encode()).hexdigest()[:32], "url": page_url,
                           "ts": captured, "title": title}) + "\n").encode()
    files: list[tuple[str, bytes | Path]] = [(f"archive/{name}", warc), ("indexes/index.cdx", index),
                                             ("pages/pages.jsonl", pages)]
    resources = []
    for path, data in files:
        raw = data.read_bytes() if isinstance(data, Path) else data
        resources.append({"name": Path(path).name, "path": path, "hash": f"sha256:{hashlib.sha256(raw).hexdigest()}",
                          "bytes": len(raw)})
    package = {"profile": "data-package", "wacz_version": WACZ_VERSION, "title": title or page_url,
               "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
               "software": software, "mainPageUrl": page_url, "mainPageDate": captured, "resources": resources}
    with zipfile.ZipFile(out, "w") as z:
        for path, data in files:
            raw = data.read_bytes() if isinstance(data, Path) else data
            z.writestr(zipfile.ZipInfo(path, (1980, 1, 1, 0, 0, 0)), raw,
                       compress_type=zipfile.ZIP_STORED if path.endswith(".gz") else zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo("datapackage.json", (1980, 1, 1, 0, 0, 0)), json.dumps(package, indent=1),
                   compress_type=zipfile.ZIP_DEFLATED)
    return out
