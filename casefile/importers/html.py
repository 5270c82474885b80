"""Saved web pages (`.html`, `.htm`, `.mhtml`): the article, its metadata and the social posts embedded in it.

Nothing is fetched and no script runs: the page is parsed as data (lxml) and its main text is found by
trafilatura. Embedded posts (X/Twitter, Bluesky, Instagram, TikTok blockquotes) become child items.
"""

from __future__ import annotations

import email
import re
from email import policy
from pathlib import Path
from typing import Any

from casefile.domain.enums import DatePrecision, EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers._common import clean_title, decode_text, ext_of, first_sentence, read_bytes, try_date
from casefile.importers.base import ImportedItem, Limits
from casefile.importers.html_meta import gather, page_metadata

HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".mhtml", ".mht")
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:html|head|body|meta|title|div|p)[\s>]", re.I)
_ATTRIBUTION = re.compile(r"[—–-]{1,2}\s*(?P<name>.*?)\s*\((?P<handle>@[\w.\-]+)\)\s*(?P<rest>.*)$", re.S)
_SHARED_BY = re.compile(r"shared by\s+(?P<name>.+?)\s*\((?P<handle>@[\w.\-]+)\)", re.I)
_HANDLE_IN_URL = re.compile(r"https?://(?:www\.)?(?:twitter|x)\.com/(\w+)/status", re.I)
_TIKTOK_HANDLE = re.compile(r"tiktok\.com/(@[\w.\-]+)", re.I)
_PLATFORMS = {
    "twitter-tweet": "x",
    "twitter-video": "x",
    "bluesky-embed": "bluesky",
    "instagram-media": "instagram",
    "tiktok-embed": "tiktok",
}


class HtmlImporter:
    name = "html"
    kinds = (EvidenceKind.ARTICLE,)
    extensions = HTML_EXTENSIONS

    def sniff(self, head: bytes, name: str) -> float:
        sample = head[:8192]
        if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
            sample = sample.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
        if _is_mhtml(sample) or (ext_of(name) in (".mhtml", ".mht") and b"MIME-Version" in sample[:2048]):
            return 0.92
        if b"\x00" in sample:
            return 0.0
        if _HTML_START.match(sample.lstrip(b"\xef\xbb\xbf")):
            return 0.85
        if len(_HTML_TAGS.findall(sample)) >= 3:
            return 0.6
        return 0.0

    def read(self, path: Path, name: str, limits: Limits) -> ImportedItem:
        data = read_bytes(path, limits)
        if _is_mhtml(data[:8192]) or ext_of(name) in (".mhtml", ".mht"):
            html, location = html_from_mhtml(data)
            item = read_html(html, name)
            item.media_type = "multipart/related"
            if location and not item.url:
                item.url = location
            item.metadata["saved_from"] = location
            return item
        return read_html(data, name)


def _is_mhtml(head: bytes) -> bool:
    """A browser's saved web archive; an e-mail with inline images is multipart/related too, so it must not
    carry the headers of a message that travelled (Received, Message-ID, To)."""
    from casefile.importers.email_msg import header_block, saved_web_page

    return b"multipart/related" in head[:4096].lower() and saved_web_page(header_block(head[:8192]))


def html_from_mhtml(data: bytes) -> tuple[bytes | str, str]:
    """The page's HTML part of a saved MHTML web archive and the address it was saved from."""
    msg = email.message_from_bytes(data, policy=policy.default)
    location = str(msg.get("Snapshot-Content-Location", "") or "")
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            location = location or str(part.get("Content-Location", "") or "")
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes) or not payload:  # None for a multipart part, else bytes
                continue
            charset = part.get_content_charset()
            if charset:
                try:
                    return payload.decode(charset, errors="replace"), location
                except LookupError:
                    pass
            return payload, location
    raise ImportFailedError("the web archive holds no HTML page")


def _load_tree(html: bytes | str) -> Any:
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        raise ImportFailedError("the file does not contain a readable HTML page")
    return tree


def read_html(html: bytes | str, name: str) -> ImportedItem:
    """Read a web page from its HTML (bytes in any encoding or str)."""
    if isinstance(html, bytes) and html[:2] in (b"\xff\xfe", b"\xfe\xff"):
        html = decode_text(html, name)[0]
    tree = _load_tree(html)
    head_meta = _head_metadata(tree)
    sources = gather(tree)
    posts = [p for p in (_post_from_blockquote(bq) for bq in _embed_blockquotes(tree)) if p is not None]
    for el in tree.xpath("//script|//style|//noscript|//template|//iframe|//object|//embed"):
        if el.getparent() is not None:
            el.getparent().remove(el)

    import trafilatura

    doc = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False
    )
    meta: dict[str, Any] = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else dict(doc or {})
    text = (meta.get("text") or "").strip()
    if not text:
        body = tree.find(".//body")
        text = " ".join((body if body is not None else tree).text_content().split())
    page = page_metadata(sources, meta)
    title = clean_title(page.title, meta.get("title"), name=name, from_text=first_sentence(text))
    url = head_meta.get("canonical") or head_meta.get("og:url") or meta.get("url") or ""
    metadata: dict[str, Any] = {
        "site": head_meta.get("site") or meta.get("sitename") or page.site,
        "description": meta.get("description") or head_meta.get("description") or "",
        "language": meta.get("language") or head_meta.get("language") or "",
        "hostname": meta.get("hostname") or "",
    }
    if meta.get("image"):
        metadata["image"] = meta["image"]
    if page.authors:
        metadata["authors"] = page.authors
    if meta.get("tags"):
        metadata["tags"] = meta["tags"]
    metadata = {k: v for k, v in metadata.items() if v}
    for post in posts:
        post.span_in_parent = _find_span(text, post.text)
    return ImportedItem(
        kind=EvidenceKind.ARTICLE,
        media_type="text/html",
        title=title,
        author=", ".join(page.authors),
        published=page.published,
        url=url,
        text=text,
        metadata=metadata,
        children=posts,
    )


def _head_metadata(tree: Any) -> dict[str, str]:
    """Address, site, description and language; title, authors and date come from `html_meta`."""
    out: dict[str, str] = {}
    for link in tree.xpath("//link[@rel and @href]"):
        if "canonical" in link.get("rel", "").lower().split():
            out.setdefault("canonical", link.get("href", "").strip())
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        value = meta.get("content", "").strip()
        if not value:
            continue
        if key == "og:url":
            out.setdefault("og:url", value)
        elif key in ("og:site_name", "application-name"):
            out.setdefault("site", value)
        elif key in ("description", "og:description"):
            out.setdefault("description", value)
    html_el = tree if tree.tag == "html" else tree.getroottree().getroot()
    if html_el.get("lang"):
        out["language"] = html_el.get("lang")
    return out


def _embed_blockquotes(tree: Any) -> list[Any]:
    found = []
    for bq in tree.iter("blockquote"):
        classes = set((bq.get("class") or "").split())
        if classes & set(_PLATFORMS):
            found.append(bq)
    return found


def _norm(s: str) -> str:
    return " ".join(s.split())


def _post_from_blockquote(bq: Any) -> ImportedItem | None:
    classes = set((bq.get("class") or "").split())
    platform = next(_PLATFORMS[c] for c in _PLATFORMS if c in classes)
    paragraphs = [_norm(p.text_content()) for p in bq.iter("p")]
    links = [a for a in bq.iter("a") if a.get("href")]
    author = handle = url = ""
    published = None
    text = ""
    if platform in ("x", "bluesky"):
        text = paragraphs[0] if paragraphs else ""
        whole = _norm(bq.text_content())
        tail = whole[whole.find(text) + len(text) :] if text and text in whole else whole
        m = _ATTRIBUTION.search(tail)
        if m:
            author, handle = m.group("name").strip(), m.group("handle")
            published = try_date(m.group("rest").strip())
        if links:
            url = links[-1].get("href", "").split("?ref_src")[0].split("?ref=")[0]
            if published is None:
                published = try_date(_norm(links[-1].text_content()))
        if not handle and url:
            h = _HANDLE_IN_URL.search(url)
            handle = "@" + h.group(1) if h else ""
    elif platform == "instagram":
        url = (bq.get("data-instgrm-permalink") or (links[0].get("href") if links else "") or "").split("?")[0]
        whole = _norm(bq.text_content())
        m = _SHARED_BY.search(whole)
        if m:
            author, handle = m.group("name").strip(), m.group("handle")
        text = " ".join(
            p
            for p in paragraphs
            if p and not p.lower().startswith(("a post shared by", "view this post")) and "shared by" not in p.lower()
        )
        t = next(iter(bq.iter("time")), None)
        if t is not None:
            published = try_date(t.get("datetime", ""), DatePrecision.DAY) or try_date(_norm(t.text_content()))
    else:  # tiktok
        url = (bq.get("cite") or "").split("?")[0]
        text = paragraphs[0] if paragraphs else ""
        h = _TIKTOK_HANDLE.search(url)
        handle = h.group(1) if h else ""
        for a in links:
            title = a.get("title") or ""
            if title.startswith("@"):
                handle = handle or title
        author = handle.lstrip("@")
    if not text and not url:
        return None
    return ImportedItem(
        kind=EvidenceKind.SOCIAL_POST,
        media_type="text/html",
        title=first_sentence(text, 80) if text else f"{platform} post",
        author=author or handle,
        published=published,
        url=url,
        text=text,
        metadata={"handle": handle, "platform": platform},
    )


def _find_span(parent: str, text: str) -> tuple[int, int] | None:
    if not text:
        return None
    i = parent.find(text)
    if i >= 0:
        return (i, i + len(text))
    # trafilatura may rejoin lines differently: match with flexible whitespace
    words = text.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, parent)
    return (m.start(), m.end()) if m else None


IMPORTER = HtmlImporter()
