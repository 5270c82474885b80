"""Word-processor documents: `.docx` (python-docx) and `.odt` (odfpy), text in reading order and properties.

Both are zip containers; their declared unpacked size is checked before any parsing (zip-bomb guard).
"""

from __future__ import annotations

import zipfile
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers._common import (
    check_path,
    check_zip,
    clean_author,
    clean_title,
    first_sentence,
    plausible,
    try_date,
)
from casefile.importers.base import ImportedItem, Limits

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
DOCX_DAMAGED = "the Word document is damaged: a part of it is missing or unreadable"


def zip_kind(head: bytes) -> str:
    """`docx`, `xlsx`, `pptx`, `odt`, `ods`, `zip` (another zip) or "" for a zip container's head."""
    if not head.startswith(b"PK\x03\x04"):
        return ""
    if head[30:38] == b"mimetype":
        if b"opendocument.text" in head[38:120]:
            return "odt"
        if b"opendocument.spreadsheet" in head[38:120]:
            return "ods"
        return "zip"
    if b"word/" in head:
        return "docx"
    if b"xl/" in head:
        return "xlsx"
    if b"ppt/" in head:
        return "pptx"
    return "zip"


class OfficeImporter:
    name = "office"
    kinds = (EvidenceKind.DOCUMENT,)
    extensions = (".docx", ".docm", ".odt")

    def sniff(self, head: bytes, name: str) -> float:
        kind = zip_kind(head)
        if kind in ("docx", "odt"):
            return 0.95
        if kind == "zip" and name.lower().endswith((".docx", ".docm", ".odt")):
            return 0.5  # the parts we look for are beyond the head; the reader will tell
        return 0.0

    def read(self, path: Path, name: str, limits: Limits) -> ImportedItem:
        check_path(path, limits, "document")
        with path.open("rb") as fh:
            head = fh.read(4)
        if head != b"PK\x03\x04":
            raise ImportFailedError("the document is not a zip container: damaged, or not a .docx/.odt")
        with check_zip(path, limits, "document") as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
        if "word/document.xml" in names:
            return read_docx(path, name)
        if b"opendocument.text" in mimetype or ("content.xml" in names and name.lower().endswith(".odt")):
            return read_odt(path, name)
        raise ImportFailedError("the zip file is not a Word (.docx) or OpenDocument (.odt) text document")


# --- docx --------------------------------------------------------------------------------------------


def read_docx(path: Path, name: str) -> ImportedItem:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, zlib.error):
        raise ImportFailedError(DOCX_DAMAGED) from None
    blocks: list[str] = []
    try:
        found = _docx_blocks(document)
    except (KeyError, ValueError, zlib.error):
        raise ImportFailedError(DOCX_DAMAGED) from None
    for block in found:
        if block.strip():
            blocks.append(block)
    text = "\n".join(blocks)
    props = document.core_properties
    meta: dict[str, Any] = {}
    for key in ("subject", "keywords", "category", "comments", "last_modified_by", "revision"):
        value = getattr(props, key, None)
        if value:
            meta[key] = value
    created = _dt(props.created)
    modified = _dt(props.modified)
    if created:
        meta["created"] = created.iso()
    if modified:
        meta["modified"] = modified.iso()
    meta["tables"] = len(document.tables)
    return ImportedItem(
        kind=EvidenceKind.DOCUMENT,
        media_type=DOCX_TYPE,
        title=clean_title(props.title, name=name, from_text=_title_from_text(text)),
        author=clean_author(props.author),
        published=created,
        text=text,
        metadata=meta,
    )


def _docx_blocks(document: Any) -> list[str]:
    """Paragraphs and tables in document order; a table row becomes one tab-separated line."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    body = document.element.body
    _drop_comments(body)
    for child in body.iterchildren():
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, document).text)
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if not cells or cells[-1] != value:  # merged cells repeat their text
                        cells.append(value)
                out.append("\t".join(cells))
    return out


def _drop_comments(root: Any) -> None:
    """XML comments and processing instructions (left by template engines) are not content; python-docx
    expects elements only, so they go before reading. Their tail text stays."""
    for node in root.xpath("//comment()|//processing-instruction()"):
        parent = node.getparent()
        if parent is None:
            continue
        if node.tail:
            prev = node.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + node.tail
            else:
                parent.text = (parent.text or "") + node.tail
        parent.remove(node)


def _dt(value: datetime | None) -> CaseDate | None:
    if not isinstance(value, datetime):
        return None
    return plausible(CaseDate.from_date(value, DatePrecision.MINUTE))


def _title_from_text(text: str) -> str:
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    return first if len(first) <= 120 else first_sentence(first)


# --- odt ---------------------------------------------------------------------------------------------


def read_odt(path: Path, name: str) -> ImportedItem:
    from odf import opendocument, teletype
    from odf.namespaces import DCNS, METANS, TABLENS, TEXTNS

    try:
        doc = opendocument.load(str(path))
    except Exception:  # odfpy raises many exception types on damaged input
        raise ImportFailedError("the OpenDocument file is damaged: a part of it is missing or unreadable") from None
    lines: list[str] = []

    def walk(node: Any) -> None:
        qname = getattr(node, "qname", None)
        if qname in ((TEXTNS, "p"), (TEXTNS, "h")):
            lines.append(teletype.extractText(node))
            return
        if qname == (TABLENS, "table-row"):
            cells = [
                " ".join(teletype.extractText(c).split())
                for c in node.childNodes
                if getattr(c, "qname", None) == (TABLENS, "table-cell")
            ]
            lines.append("\t".join(cells))
            return
        for child in node.childNodes:
            walk(child)

    walk(doc.text)
    text = "\n".join(line for line in lines if line.strip())
    meta_values: dict[str, str] = {}
    for node in doc.meta.childNodes:
        qname = getattr(node, "qname", None)
        if qname is None:
            continue
        key = {
            (DCNS, "title"): "title",
            (DCNS, "creator"): "creator",
            (DCNS, "date"): "modified",
            (DCNS, "subject"): "subject",
            (DCNS, "description"): "description",
            (METANS, "initial-creator"): "initial_creator",
            (METANS, "creation-date"): "created",
            (METANS, "keyword"): "keywords",
        }.get(qname)
        if key:
            meta_values[key] = teletype.extractText(node).strip()
    created = plausible(try_date(meta_values.get("created"), DatePrecision.MINUTE))
    modified = try_date(meta_values.get("modified"), DatePrecision.MINUTE)
    meta: dict[str, Any] = {k: v for k, v in meta_values.items() if k in ("subject", "description", "keywords")}
    if created:
        meta["created"] = created.iso()
    if modified:
        meta["modified"] = modified.iso()
    return ImportedItem(
        kind=EvidenceKind.DOCUMENT,
        media_type=ODT_TYPE,
        title=clean_title(meta_values.get("title"), name=name, from_text=_title_from_text(text)),
        author=clean_author(meta_values.get("initial_creator"), meta_values.get("creator")),
        published=created,
        text=text,
        metadata=meta,
    )


IMPORTER = OfficeImporter()
