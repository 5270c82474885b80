"""Plain-text and Markdown articles in whatever encoding they were saved in."""

from __future__ import annotations

import re
from pathlib import Path

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, EvidenceKind
from casefile.importers._common import (
    decode_text,
    ext_of,
    first_sentence,
    looks_like_text,
    normalise_newlines,
    read_bytes,
    try_date,
)
from casefile.importers.base import ImportedItem, Limits

TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown")
MARKDOWN_EXTENSIONS = (".md", ".markdown")

# ` date 2025-01-29 Justin Baldoni and ...`: the date users put before the article's first words
_DATE_PREFIX = re.compile(
    r"^\s*(?:date|published|posted)\s*[:\-]?\s*"
    r"(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]+\.? \d{4})"
    r"[ \t]*(?:\n[ \t]*)?",
    re.I,
)
_BYLINE = re.compile(
    r"^\s*(?:[Bb]y|BY|[Aa]uthor:)\s+([A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|van|von|da|del|la|le)){0,4})"
    r"(?:\s*(?:,|\||—|-|and)\s*.*)?$",
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_MD_CODE = re.compile(r"`([^`\n]+)`")


class TextImporter:
    """Articles saved as `.txt` or `.md`: title, byline, a leading `date ...` and the text itself."""

    name = "text"
    kinds = (EvidenceKind.ARTICLE,)
    extensions = TEXT_EXTENSIONS

    def sniff(self, head: bytes, name: str) -> float:
        ext = ext_of(name)
        if looks_like_text(head):
            return 0.4 if ext in TEXT_EXTENSIONS else 0.2
        # claim binary data with a text name so the user learns why it was not read as an article
        return 0.1 if ext in TEXT_EXTENSIONS and head else 0.0

    def read(self, path: Path, name: str, limits: Limits) -> ImportedItem:
        data = read_bytes(path, limits)
        raw, encoding = decode_text(data, name)
        return article_from_text(raw, name, encoding)


def article_from_text(raw: str, name: str, encoding: str = "utf-8") -> ImportedItem:
    """Build the article item from decoded text (also used for pasted text and tests)."""
    text = normalise_newlines(raw).lstrip("\ufeff")
    markdown = ext_of(name) in MARKDOWN_EXTENSIONS
    meta: dict[str, object] = {"encoding": encoding}
    front: dict[str, str] = {}
    if markdown or text.startswith("---\n"):
        m = _FRONT_MATTER.match(text)
        if m:
            front = _parse_front_matter(m.group(1))
            text = text[m.end() :]
            markdown = True
    published = try_date(front.get("date"), DatePrecision.DAY)
    m = _DATE_PREFIX.match(text)
    if m:
        found = try_date(m.group(1), DatePrecision.DAY)
        if found is not None:
            published = published or found
            text = text[m.end() :]
    title = front.get("title", "")
    if markdown:
        if not title:
            h = _MD_HEADING.search(text)
            if h and text[: h.start()].strip() == "":
                title = _md_inline(h.group(1))
        text = markdown_to_text(text)
    text = text.strip("\n").lstrip(" \t")
    text = text.rstrip()
    if not title:
        title = _title_of(text)
    author = front.get("author", "")
    if not author:
        author = byline(text)
    url = front.get("url", "") or front.get("source", "")
    meta.update({k: v for k, v in front.items() if k not in ("title", "author", "date", "url")})
    media_type = "text/markdown" if markdown else "text/plain"
    return ImportedItem(
        kind=EvidenceKind.ARTICLE,
        media_type=media_type,
        title=title or Path(name).stem,
        author=author,
        published=published,
        url=url,
        text=text,
        metadata=meta,
    )


def _title_of(text: str) -> str:
    """The first line if it reads as a heading, else the article's first sentence."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    if not first:
        return ""
    heading_like = len(first) <= 120 and not first.endswith((".", ",", ";", ":")) and rest.strip() != ""
    if heading_like and not _BYLINE.match(first):
        return first.lstrip("# ").strip()
    return first_sentence(text)


def byline(text: str) -> str:
    """`By Marguerite Okafor` near the top of an article → `Marguerite Okafor`."""
    for line in text.split("\n", 15)[:15]:
        m = _BYLINE.match(line) if len(line) <= 120 else None
        if m:
            return m.group(1).strip()
    return ""


def _parse_front_matter(block: str) -> dict[str, str]:
    """The simple `key: value` lines of YAML front matter (no YAML library needed for this)."""
    out: dict[str, str] = {}
    for line in block.split("\n"):
        if ":" not in line or line.startswith((" ", "\t", "-", "#")):
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if value:
            out[key.strip().lower()] = value
    return out


def _md_inline(s: str) -> str:
    s = _MD_LINK.sub(r"\1", s)
    s = _MD_EMPHASIS.sub(r"\2", s)
    s = _MD_ITALIC.sub(r"\1", s)
    return _MD_CODE.sub(r"\1", s)


def markdown_to_text(md: str) -> str:
    """Markdown source as readable text: heading marks, emphasis and link targets removed."""
    lines = []
    for line in md.split("\n"):
        h = _MD_HEADING.match(line)
        if h:
            line = h.group(1)
        elif line.startswith(">"):
            line = line.lstrip("> ")
        lines.append(_md_inline(line))
    return "\n".join(lines)


def published_from_prefix(text: str) -> CaseDate | None:
    m = _DATE_PREFIX.match(text)
    return try_date(m.group(1), DatePrecision.DAY) if m else None


IMPORTER = TextImporter()
