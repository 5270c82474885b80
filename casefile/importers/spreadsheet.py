"""Chronology spreadsheets (`.csv`, `.tsv`, `.xlsx`): read as evidence, and mapped column by column to events.

The services and the GUI's column-mapping preview use `read_table`, `guess_mapping` and `rows_to_chronology`.
Files written by `casefile export --format csv` (columns `id,date,qualifier,end,title,description,status,
origin,parties,sources,tags`) map back without any manual choice.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import DatePrecision, DateQualifier, EvidenceKind
from casefile.domain.errors import ImportFailedError, ValidationError
from casefile.importers._common import (
    check_zip,
    decode_text,
    ext_of,
    first_sentence,
    looks_like_text,
    normalise_newlines,
    parse_human_date,
    read_bytes,
)
from casefile.importers.base import ImportedItem, Limits
from casefile.importers.office import zip_kind

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 100_000

# the fields a column can be mapped to, in the order the preview shows them
FIELDS: tuple[str, ...] = (
    "date",
    "time",
    "qualifier",
    "end",
    "title",
    "description",
    "parties",
    "source",
    "status",
    "tags",
    "origin",
    "id",
)
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "#", "no", "nr", "number", "ref", "event id", "row"),
    "date": (
        "date",
        "when",
        "day",
        "start",
        "start date",
        "date start",
        "from",
        "occurred",
        "datetime",
        "date time",
        "event date",
        "date of event",
        "dated",
    ),
    "time": ("time", "hour", "at", "time of day", "start time"),
    "qualifier": ("qualifier", "certainty", "approx", "approximate", "date qualifier", "accuracy"),
    "end": ("end", "end date", "to", "until", "date end", "finish", "through", "end time"),
    "title": ("title", "event", "what", "summary", "headline", "subject", "fact", "name", "happening"),
    "description": (
        "description",
        "details",
        "detail",
        "notes",
        "note",
        "comments",
        "comment",
        "narrative",
        "facts",
        "text",
        "remarks",
        "body",
    ),
    "parties": (
        "parties",
        "party",
        "who",
        "people",
        "persons",
        "person",
        "actors",
        "participants",
        "names",
        "involved",
        "individuals",
        "entities",
    ),
    "source": (
        "source",
        "sources",
        "exhibit",
        "exhibits",
        "citation",
        "citations",
        "cite",
        "url",
        "link",
        "reference",
        "references",
        "evidence",
        "document",
        "doc",
        "bates",
        "proof",
    ),
    "status": ("status", "state", "confirmed", "verified", "review"),
    "tags": (
        "tags",
        "tag",
        "labels",
        "label",
        "category",
        "categories",
        "issue",
        "issues",
        "keywords",
        "topic",
    ),
    "origin": ("origin",),
}
_QUALIFIER_WORDS: dict[str, DateQualifier] = {
    "on": DateQualifier.ON,
    "exact": DateQualifier.ON,
    "": DateQualifier.ON,
    "around": DateQualifier.AROUND,
    "about": DateQualifier.AROUND,
    "approx": DateQualifier.AROUND,
    "approximately": DateQualifier.AROUND,
    "circa": DateQualifier.AROUND,
    "c.": DateQualifier.AROUND,
    "c": DateQualifier.AROUND,
    "ca.": DateQualifier.AROUND,
    "~": DateQualifier.AROUND,
    "before": DateQualifier.BEFORE,
    "by": DateQualifier.BEFORE,
    "after": DateQualifier.AFTER,
    "between": DateQualifier.BETWEEN,
    "span": DateQualifier.SPAN,
    "from": DateQualifier.SPAN,
}
_DATE_PREFIX = re.compile(r"^(circa|ca\.|c\.|~|around|about|approx\.?|approximately|before|after|by)\s*", re.I)
_PREFIX_QUALIFIER = {"before": DateQualifier.BEFORE, "by": DateQualifier.BEFORE, "after": DateQualifier.AFTER}
_TIME = re.compile(r"^(\d{1,2})[:.h](\d{2})(?::\d{2})?\s*([ap]\.?m\.?)?$", re.I)
_RANGE = re.compile(r"^(.+?)\s+(?:–|—|-|to|until)\s+(.+)$")


@dataclass
class Table:
    """A sheet as text cells: one header row and the rows below it (padded to the header's width)."""

    headers: list[str]
    rows: list[list[str]]
    sheet: str = ""
    truncated: bool = False


@dataclass
class ChronologyRow:
    """One row mapped to an event; `date` is None and `error` says why when its date cannot be read."""

    row: int  # the row's number in the sheet as the user sees it (the header is row 1)
    date: EventDate | None
    title: str
    description: str = ""
    parties: list[str] = field(default_factory=list)
    source: str = ""
    status: str = ""
    tags: list[str] = field(default_factory=list)
    origin: str = ""
    id: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


# --- reading -------------------------------------------------------------------------------------------


def read_table(path: Path, name: str, limits: Limits | None = None) -> Table:
    """The first non-empty sheet of an `.xlsx`, or a CSV/TSV file, as text cells."""
    limits = limits or Limits()
    with path.open("rb") as fh:
        head = fh.read(8192)
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, limits)
    data = read_bytes(path, limits, "spreadsheet")
    text, _ = decode_text(data, name)
    return _read_csv(normalise_newlines(text).lstrip("\ufeff"), name)


def _read_csv(text: str, name: str) -> Table:
    sample = text[:20_000]
    delimiter = "\t" if ext_of(name) == ".tsv" else _delimiter(sample)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = [[c.strip() for c in row] for row in reader]
    except csv.Error as exc:
        raise ImportFailedError(f"the CSV file is malformed: {str(exc).rstrip('.')}") from None
    return _table_from_rows(rows, "")


def _delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max(",;\t|", key=first.count)


def _table_from_rows(rows: list[list[str]], sheet: str) -> Table:
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise ImportFailedError("the spreadsheet is empty")
    headers = [h.strip() for h in rows[0]]
    body = rows[1 : MAX_ROWS + 1]
    width = max([len(headers), *(len(r) for r in body)])
    headers += [""] * (width - len(headers))
    padded = [r + [""] * (width - len(r)) for r in body]
    # drop trailing columns that are empty everywhere
    while width and not headers[width - 1] and all(not r[width - 1] for r in padded):
        width -= 1
    return Table(
        headers=headers[:width],
        rows=[r[:width] for r in padded],
        sheet=sheet,
        truncated=len(rows) - 1 > MAX_ROWS,
    )


def _read_xlsx(path: Path, limits: Limits) -> Table:
    with check_zip(path, limits, "spreadsheet") as zf:
        if "xl/workbook.xml" not in zf.namelist():
            raise ImportFailedError("the zip file is not an Excel workbook (.xlsx)")
    from openpyxl import load_workbook

    with path.open("rb") as fh:  # a file object: openpyxl would refuse the stored copy's missing extension
        try:
            wb = load_workbook(fh, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many types on damaged workbooks
            raise ImportFailedError("the Excel workbook is damaged: a part of it is missing or unreadable") from None
        try:
            for ws in wb.worksheets:
                rows: list[list[str]] = []
                for values in ws.iter_rows(values_only=True):
                    rows.append([_cell_text(v) for v in values])
                    if len(rows) > MAX_ROWS + 1:
                        break
                if any(any(c for c in r) for r in rows):
                    return _table_from_rows(rows, ws.title)
        finally:
            wb.close()
    raise ImportFailedError("the workbook has no data")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.hour == value.minute == value.second == 0:
            return value.date().isoformat()
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- mapping -------------------------------------------------------------------------------------------


def _norm_header(h: str) -> str:
    return " ".join(re.sub(r"[^\w#~]+", " ", h.lower().replace("_", " ")).split())


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """Field name → column index for the headers people usually write (`Date`, `When`, `Who`, `Exhibit`…)."""
    norm = [_norm_header(h) for h in headers]
    mapping: dict[str, int] = {}
    taken: set[int] = set()
    # exact names first, then headers that contain a known word (`Event date`, `Source document`)
    for exact in (True, False):
        for fld in FIELDS:
            if fld in mapping:
                continue
            for i, h in enumerate(norm):
                if i in taken or not h:
                    continue
                words = set(h.split())
                syn = _SYNONYMS[fld]
                hit = h in syn if exact else any((" " not in s and s in words and len(s) > 2) for s in syn)
                if hit:
                    mapping[fld] = i
                    taken.add(i)
                    break
    return mapping


def _split_list(value: str, allow_comma: bool) -> list[str]:
    if not value.strip():
        return []
    for sep in (";", "\n", "|"):
        if sep in value:
            return [p.strip() for p in value.split(sep) if p.strip()]
    if allow_comma and "," in value:
        return [p.strip() for p in value.split(",") if p.strip()]
    return [value.strip()]


def parse_event_date(value: str, time_value: str = "", qualifier_value: str = "", end_value: str = "") -> EventDate:
    """An event date from the cells of one row; raises ValidationError with a message for the user."""
    text = " ".join(value.split())
    if not text:
        raise ValidationError("the date is empty")
    qualifier: DateQualifier | None = None
    q = qualifier_value.strip().lower()
    if q:
        if q not in _QUALIFIER_WORDS:
            raise ValidationError(
                f"'{qualifier_value}' is not a date qualifier (on, around, before, after, between, span)"
            )
        qualifier = _QUALIFIER_WORDS[q]
    m = _DATE_PREFIX.match(text)
    if m:
        qualifier = qualifier or _PREFIX_QUALIFIER.get(m.group(1).lower(), DateQualifier.AROUND)
        text = text[m.end() :]
    end_text = end_value.strip()
    if not end_text:
        r = _RANGE.match(text)
        if r and not _is_single_date(text):
            text, end_text = r.group(1), r.group(2)
            qualifier = qualifier or DateQualifier.SPAN
    start = parse_human_date(text)
    if time_value.strip() and start.precision is DatePrecision.DAY:
        t = _TIME.match(time_value.strip())
        if t is None:
            raise ValidationError(f"'{time_value.strip()}' is not a time like 14:30")
        hour, minute = int(t.group(1)), int(t.group(2))
        if t.group(3):
            hour = hour % 12 + (12 if t.group(3).lower().startswith("p") else 0)
        start = CaseDate(start.year, start.month, start.day, hour, minute, DatePrecision.MINUTE)
    end = parse_human_date(end_text) if end_text else None
    if end is not None and qualifier in (None, DateQualifier.ON):
        qualifier = DateQualifier.SPAN
    return EventDate(start, qualifier or DateQualifier.ON, end)


def _is_single_date(text: str) -> bool:
    try:
        parse_human_date(text)
    except ValidationError:
        return False
    return True


def rows_to_chronology(table: Table, mapping: dict[str, int]) -> list[ChronologyRow]:
    """Each row as a `ChronologyRow`; rows without a date or title are skipped, bad dates reported per row."""

    def cell(row: list[str], fld: str) -> str:
        i = mapping.get(fld)
        return row[i].strip() if i is not None and i < len(row) else ""

    out: list[ChronologyRow] = []
    for n, row in enumerate(table.rows, start=2):
        title = cell(row, "title")
        description = cell(row, "description")
        raw_date = cell(row, "date")
        if not (title or description or raw_date):
            continue
        if not title and description:
            title = first_sentence(description, 80)
        error = ""
        event_date: EventDate | None = None
        try:
            event_date = parse_event_date(raw_date, cell(row, "time"), cell(row, "qualifier"), cell(row, "end"))
        except ValidationError as exc:
            reason = str(exc).rstrip(".")
            error = f"row {n}: {reason[0].lower() + reason[1:] if reason else 'bad date'}"
        out.append(
            ChronologyRow(
                row=n,
                date=event_date,
                title=title,
                description=description,
                parties=_split_list(cell(row, "parties"), allow_comma=True),
                source=cell(row, "source"),
                status=cell(row, "status").lower(),
                tags=_split_list(cell(row, "tags"), allow_comma=True),
                origin=cell(row, "origin").lower(),
                id=cell(row, "id"),
                error=error,
            )
        )
    return out


# --- importer ------------------------------------------------------------------------------------------


def render_table(table: Table, limit_chars: int = 5_000_000) -> str:
    """A readable text form of the table: one line per row, `Header: value` pairs separated by ` | `."""
    lines = [f"Sheet: {table.sheet}"] if table.sheet else []
    lines.append(" | ".join(h or f"Column {i + 1}" for i, h in enumerate(table.headers)))
    size = sum(len(s) for s in lines)
    for row in table.rows:
        line = " | ".join(row)
        size += len(line) + 1
        if size > limit_chars:
            break
        lines.append(line)
    return "\n".join(lines)


class SpreadsheetImporter:
    name = "spreadsheet"
    kinds = (EvidenceKind.SPREADSHEET,)
    extensions = (".csv", ".tsv", ".xlsx", ".xlsm")

    def sniff(self, head: bytes, name: str) -> float:
        kind = zip_kind(head)
        if kind == "xlsx":
            return 0.95
        if kind == "zip":
            return 0.5 if ext_of(name) in (".xlsx", ".xlsm") else 0.0
        if not looks_like_text(head):
            return 0.0
        if ext_of(name) in (".csv", ".tsv"):
            return 0.6
        return 0.5 if _csv_like(head) else 0.0

    def read(self, path: Path, name: str, limits: Limits) -> ImportedItem:
        table = read_table(path, name, limits)
        mapping = guess_mapping(table.headers)
        with path.open("rb") as fh:
            is_xlsx = fh.read(4) == b"PK\x03\x04"
        warnings = ["only the first 100,000 rows were read"] if table.truncated else []
        return ImportedItem(
            kind=EvidenceKind.SPREADSHEET,
            media_type=XLSX_TYPE if is_xlsx else "text/csv",
            title=Path(name).stem,
            text=render_table(table, limits.max_text_chars),
            metadata={
                "sheet": table.sheet,
                "headers": table.headers,
                "rows": len(table.rows),
                "columns": len(table.headers),
                "mapping": mapping,
                "chronology": "date" in mapping and ("title" in mapping or "description" in mapping),
            },
            warnings=warnings,
        )


def _csv_like(head: bytes) -> bool:
    """Three or more lines with the same number (≥ 1) of one delimiter, and a short header row."""
    try:
        sample = head[:4096].decode("utf-8", errors="ignore")
    except Exception:
        return False
    lines = [ln for ln in normalise_newlines(sample).split("\n")[:-1] if ln.strip()][:20]
    if len(lines) < 3:
        return False
    for d in (",", ";", "\t", "|"):
        counts = {ln.count(d) for ln in lines}
        if len(counts) == 1 and min(counts) >= 1:
            header = lines[0].split(d)
            if all(len(h.strip()) <= 40 for h in header):
                return True
    return False


IMPORTER = SpreadsheetImporter()
