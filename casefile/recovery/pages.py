"""Reading a damaged SQLite file page by page, as the sqlite3 shell's `.recover` does, in pure Python.

Python's `sqlite3` has no recovery extension, and the sqlite3 shell's `.recover` needs a library built with
`sqlite_dbpage` (Debian's is not), so the file format is read here directly (https://sqlite.org/fileformat.html):
the schema from page 1's b-tree, then each table's b-tree from its root page. A page that is missing (the file
was cut short), zeroed or not a b-tree page loses only the rows on it and below it; table leaf pages that no
surviving b-tree reaches are given to the one table whose column count fits them, as `.recover`'s
`lost_and_found` does (when none or several fit, they are counted and left out).

Nothing here knows CaseFile: a path in, the rows of each table out. Bytes are never written back.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

HEADER = b"SQLite format 3\x00"
LEAF_TABLE, INTERIOR_TABLE, LEAF_INDEX, INTERIOR_INDEX = 13, 5, 10, 2
MAX_DEPTH = 40  # deeper than any real b-tree: a loop of pages pointing at each other ends here
Row = tuple[int, list[object]]  # rowid, the record's values


class NotADatabase(Exception):
    """Nothing in the file looks like SQLite pages."""


@dataclass
class TableRows:
    """What was read of one table: its rows by rowid, and how many of its pages could not be read."""

    name: str
    rows: dict[int, list[object]] = field(default_factory=dict)
    lost_pages: int = 0
    lost_cells: int = 0
    orphan_rows: int = 0  # rows found on pages no b-tree reached, given to this table by their shape
    lost_ranges: list[tuple[int | None, int | None]] = field(default_factory=list)  # (lo, hi] of lost pages
    # which rows to hold, maybe trimmed (None: all, whole); a table not asked for is walked but holds none
    keep: Callable[[int, list[object]], list[object] | None] | None = None
    holds: bool = True

    def lost_rows(self, found: Collection[int] = ()) -> int:
        """Rows known to be lost: rowids inside the bounded range of a lost page that were neither read nor
        `found` another way (a range open at either end, as the tail of a file cut short, has no count)."""
        lost = 0
        for lo, hi in self.lost_ranges:
            if lo is not None and hi is not None and 0 < hi - lo <= 1_000_000:
                lost += sum(1 for rowid in range(lo + 1, hi + 1) if rowid not in self.rows and rowid not in found)
        return lost


@dataclass
class SchemaEntry:
    type: str
    name: str
    tbl_name: str
    rootpage: int
    sql: str


@dataclass
class Salvage:
    page_size: int
    page_count: int
    encoding: str
    schema: list[SchemaEntry]
    schema_lost_pages: int
    tables: dict[str, TableRows]
    orphan_pages: int = 0  # table leaf pages that no table could claim
    indexes: dict[str, list[list[object]]] = field(default_factory=dict)  # index name -> its keys


def varint(buf: bytes, at: int) -> tuple[int, int]:
    """SQLite's big-endian varint at `at`: (value, offset after it)."""
    value = 0
    for i in range(8):
        byte = buf[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    return (value << 8) | buf[at + 8], at + 9


class PageFile:
    """The file's pages, read on demand; a page past the end is None."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        self.data = data
        if data[:16] == HEADER:
            size = struct.unpack(">H", data[16:18])[0]
            self.page_size = 65536 if size == 1 else size
            reserved = data[20]
            self.encoding = {2: "utf-16-le", 3: "utf-16-be"}.get(struct.unpack(">I", data[56:60])[0], "utf-8")
            self.freelist_head = struct.unpack(">I", data[32:36])[0]
        else:  # the header itself is gone: guess the size from the pages that look like b-tree pages
            self.page_size, reserved, self.encoding, self.freelist_head = _guess_page_size(data), 0, "utf-8", 0
        if self.page_size < 512 or self.page_size & (self.page_size - 1):
            raise NotADatabase("no page size")
        self.usable = self.page_size - reserved
        self.count = (len(data) + self.page_size - 1) // self.page_size  # the header's count is not trusted

    def page(self, number: int) -> bytes | None:
        if number < 1 or number > self.count:
            return None
        start = (number - 1) * self.page_size
        page = self.data[start:start + self.page_size]
        return page.ljust(self.page_size, b"\x00")

    def kind(self, number: int) -> int:
        page = self.page(number)
        if page is None:
            return -1
        return page[100 if number == 1 else 0]

    def freelist(self) -> set[int]:
        """Pages on the free list (their bytes are old, deleted rows): never salvaged."""
        free: set[int] = set()
        trunk, seen = self.freelist_head, 0
        while trunk and seen < self.count:
            page = self.page(trunk)
            if page is None or trunk in free:
                break
            free.add(trunk)
            n = struct.unpack(">I", page[4:8])[0]
            for i in range(min(n, (self.usable - 8) // 4)):
                free.add(struct.unpack(">I", page[8 + 4 * i:12 + 4 * i])[0])
            trunk = struct.unpack(">I", page[0:4])[0]
            seen += 1
        return free

    # b-trees ---------------------------------------------------------------------------------------
    def table_rows(self, root: int, into: TableRows, visited: set[int]) -> None:
        """Every readable row of the table b-tree at `root`; unreadable pages are counted, not fatal, and the
        rowids they covered (known from their parent's keys) are kept in `into.lost_ranges`."""
        stack: list[tuple[int, int, int | None, int | None]] = [(root, 0, None, None)]
        while stack:
            number, depth, lo, hi = stack.pop()
            if number in visited or depth > MAX_DEPTH:
                into.lost_pages += 1
                continue
            kind = self.kind(number)
            if kind in (LEAF_INDEX, INTERIOR_INDEX) and depth == 0:  # a WITHOUT ROWID table: not ours to read
                continue
            if kind not in (LEAF_TABLE, INTERIOR_TABLE):
                into.lost_pages += 1
                into.lost_ranges.append((lo, hi))
                continue
            visited.add(number)
            if kind == LEAF_TABLE:
                self.leaf_rows(number, into)
                continue
            try:
                children = self._children(number)
            except (IndexError, struct.error):
                into.lost_pages += 1
                into.lost_ranges.append((lo, hi))
                continue
            low = lo
            spans = []
            for child, key in children:
                spans.append((child, depth + 1, low, key if key is not None else hi))
                low = key
            stack.extend(reversed(spans))

    def _children(self, number: int) -> list[tuple[int, int | None]]:
        """An interior page's children, each with the largest rowid it holds (None for the right-most)."""
        page = self.page(number)
        assert page is not None
        base = 100 if number == 1 else 0
        cells, right = struct.unpack(">H", page[base + 3:base + 5])[0], struct.unpack(">I", page[base + 8:base + 12])[0]
        out: list[tuple[int, int | None]] = []
        for ptr in self._cell_pointers(page, base + 12, cells):
            out.append((struct.unpack(">I", page[ptr:ptr + 4])[0], varint(page, ptr + 4)[0]))
        return [*out, (right, None)]

    def _cell_pointers(self, page: bytes, at: int, cells: int) -> Iterator[int]:
        for i in range(min(cells, (self.page_size - at) // 2)):
            ptr = struct.unpack(">H", page[at + 2 * i:at + 2 * i + 2])[0]
            if 8 <= ptr < self.usable:
                yield ptr

    def leaf_rows(self, number: int, into: TableRows) -> int:
        """The rows of one table leaf page; a cell that does not decode is counted and skipped."""
        page = self.page(number)
        if page is None:
            into.lost_pages += 1
            return 0
        base = 100 if number == 1 else 0
        cells = struct.unpack(">H", page[base + 3:base + 5])[0]
        if not into.holds:  # its pages are only marked as reached (its rows are not wanted)
            return cells
        found = 0
        for ptr in self._cell_pointers(page, base + 8, cells):
            try:
                rowid, values = self._cell(page, ptr)
            except (IndexError, struct.error, ValueError, UnicodeDecodeError):
                into.lost_cells += 1
                continue
            kept = values if into.keep is None else into.keep(rowid, values)
            if kept is not None:
                into.rows.setdefault(rowid, kept)
            found += 1
        return found

    def _cell(self, page: bytes, at: int) -> Row:
        size, at = varint(page, at)
        rowid, at = varint(page, at)
        if rowid >= 1 << 63:
            rowid -= 1 << 64
        if size > len(self.data):
            raise ValueError("payload larger than the file")
        payload = self._payload(page, at, size)
        return rowid, self._record(payload)

    def _payload(self, page: bytes, at: int, size: int, index: bool = False) -> bytes:
        u = self.usable
        most = (u - 12) * 64 // 255 - 23 if index else u - 35
        if size <= most:
            if at + size > u:
                raise ValueError("cell past the page")
            return page[at:at + size]
        least = (u - 12) * 32 // 255 - 23
        local = least + (size - least) % (u - 4)
        if local > most:
            local = least
        parts = [page[at:at + local]]
        left = size - local
        nxt = struct.unpack(">I", page[at + local:at + local + 4])[0]
        seen: set[int] = set()
        while left > 0:
            over = self.page(nxt)
            if over is None or nxt in seen:
                raise ValueError("overflow page missing")
            seen.add(nxt)
            take = min(left, u - 4)
            parts.append(over[4:4 + take])
            left -= take
            nxt = struct.unpack(">I", over[0:4])[0]
        return b"".join(parts)

    def _record(self, payload: bytes) -> list[object]:
        header_size, at = varint(payload, 0)
        if header_size > len(payload) or header_size < 1:
            raise ValueError("bad record header")
        types = []
        while at < header_size:
            serial, at = varint(payload, at)
            types.append(serial)
        body = header_size
        values: list[object] = []
        for serial in types:
            value, body = self._value(payload, body, serial)
            values.append(value)
        if body > len(payload):
            raise ValueError("record past its payload")
        return values

    def _value(self, buf: bytes, at: int, serial: int) -> tuple[object, int]:
        if serial == 0:
            return None, at
        if 1 <= serial <= 6:
            width = (0, 1, 2, 3, 4, 6, 8)[serial]
            if at + width > len(buf):
                raise ValueError("value past the record")
            return int.from_bytes(buf[at:at + width], "big", signed=True), at + width
        if serial == 7:
            return struct.unpack(">d", buf[at:at + 8])[0], at + 8
        if serial in (8, 9):
            return serial - 8, at
        if serial < 12:
            raise ValueError("reserved serial type")
        width = (serial - 12) // 2
        raw = buf[at:at + width]
        if len(raw) < width:
            raise ValueError("value past the record")
        if serial % 2:
            return raw.decode(self.encoding, errors="replace"), at + width
        return bytes(raw), at + width

    def index_keys(self, root: int, visited: set[int]) -> list[list[object]]:
        """Every readable key of the index b-tree at `root` (its columns, then the row's rowid): an index often
        outlives the table pages it points into, and still says which rowid held which unique value."""
        keys: list[list[object]] = []
        stack = [(root, 0)]
        while stack:
            number, depth = stack.pop()
            kind = self.kind(number)
            if number in visited or depth > MAX_DEPTH or kind not in (LEAF_INDEX, INTERIOR_INDEX):
                continue
            visited.add(number)
            page = self.page(number)
            assert page is not None
            base = 100 if number == 1 else 0
            interior = kind == INTERIOR_INDEX
            cells = struct.unpack(">H", page[base + 3:base + 5])[0]
            if interior:
                stack.append((struct.unpack(">I", page[base + 8:base + 12])[0], depth + 1))
            for ptr in self._cell_pointers(page, base + (12 if interior else 8), cells):
                try:
                    if interior:
                        stack.append((struct.unpack(">I", page[ptr:ptr + 4])[0], depth + 1))
                        ptr += 4
                    size, at = varint(page, ptr)
                    keys.append(self._record(self._payload(page, at, size, index=True)))
                except (IndexError, struct.error, ValueError):
                    continue
        return keys

    def table_leaves(self) -> Iterator[int]:
        for number in range(1, self.count + 1):
            if self.kind(number) == LEAF_TABLE:
                yield number


def _guess_page_size(data: bytes | mmap.mmap) -> int:
    """The page size of a file whose header is lost: the smallest size at which b-tree page headers stand at
    page starts about as often as at any size. Twice the true size finds every other page (as often), half of it
    finds text at every other start (half as often), so the smallest size near the best share is the true one."""
    shares: dict[int, float] = {}
    for size in (512, 1024, 2048, 4096, 8192, 16384, 32768, 65536):
        starts = range(size, len(data) - 8, size)
        if len(starts) < 1:
            continue
        shares[size] = sum(1 for start in starts if _looks_like_btree(data, start, size)) / len(starts)
    best = max(shares.values(), default=0.0)
    if best <= 0:
        return 4096
    return min(size for size, share in shares.items() if share >= 0.75 * best)


def _looks_like_btree(data: bytes | mmap.mmap, start: int, size: int) -> bool:
    """A b-tree page header at `start` that fits a page of `size`: its kind, cell count and content start agree."""
    kind = data[start]
    if kind not in (LEAF_TABLE, INTERIOR_TABLE, LEAF_INDEX, INTERIOR_INDEX):
        return False
    cells = int.from_bytes(data[start + 3 : start + 5], "big")
    content = int.from_bytes(data[start + 5 : start + 7], "big") or 65536
    header = 12 if kind in (INTERIOR_TABLE, INTERIOR_INDEX) else 8
    return header + 2 * cells <= content <= size and data[start + 7] < 64


def read_schema(pages: PageFile, visited: set[int]) -> tuple[list[SchemaEntry], int]:
    """sqlite_schema's rows (type, name, tbl_name, rootpage, sql) and how many of its pages were lost."""
    schema = TableRows("sqlite_schema")
    if pages.data[:16] == HEADER:
        pages.table_rows(1, schema, visited)
    entries = []
    for values in schema.rows.values():
        if len(values) < 5:
            continue
        kind, name, tbl, root, sql = values[:5]
        if isinstance(kind, str) and isinstance(name, str) and isinstance(root, int):
            entries.append(SchemaEntry(kind, name, str(tbl or name), root, sql if isinstance(sql, str) else ""))
    return entries, schema.lost_pages + schema.lost_cells


Shapes = dict[str, list[tuple[type, ...]]]  # table name -> the types each of its columns may hold, in order


Keep = Callable[[int, list[object]], list[object] | None]  # (rowid, values) -> the values to hold, or None


def salvage(path: Path, shapes_for: Callable[[list[SchemaEntry]], Shapes] | None = None,
            indexes_of: tuple[str, ...] = (), also: dict[str, Keep] | None = None) -> Salvage:
    """Every row that can be read of every table in the file at `path`.

    `shapes_for` tells, from the schema that survived, the tables expected and their shapes: pages that no b-tree
    reached go to the one table whose shape fits every row on them; a table missing from the schema is then read
    from such pages only. Without `shapes_for`, every table's rows are held; with it, those of the tables it
    names and those `also` names (through its filter): the other tables' pages are only marked as reached, so
    they are never mistaken for stray pages. The keys of the indexes on the tables in `indexes_of` are read too.
    """
    with path.open("rb") as fh:
        if path.stat().st_size < 512:
            raise NotADatabase("too short")
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _salvage(PageFile(data), shapes_for, indexes_of, also or {})


def _salvage(pages: PageFile, shapes_for: Callable[[list[SchemaEntry]], Shapes] | None,
             indexes_of: tuple[str, ...], also: dict[str, Keep]) -> Salvage:
    visited: set[int] = set(pages.freelist())
    schema, schema_lost = read_schema(pages, visited)
    shapes = shapes_for(schema) if shapes_for else {}
    tables: dict[str, TableRows] = {}
    for entry in schema:
        if entry.type != "table" or entry.rootpage <= 0 or entry.name.startswith("sqlite_"):
            continue
        holds = shapes_for is None or entry.name in shapes or entry.name in also
        into = tables.setdefault(entry.name, TableRows(entry.name, keep=also.get(entry.name), holds=holds))
        pages.table_rows(entry.rootpage, into, visited)
    for name in shapes:
        tables.setdefault(name, TableRows(name))
    out = Salvage(pages.page_size, pages.count, pages.encoding, schema, schema_lost, tables)
    for entry in schema:
        if entry.type == "index" and entry.tbl_name in indexes_of and entry.rootpage > 0:
            out.indexes[entry.name] = pages.index_keys(entry.rootpage, visited)
    _claim_orphans(pages, visited, shapes, out)
    return out


def _fits(shape: list[tuple[type, ...]], values: list[object]) -> bool:
    return len(values) == len(shape) and all(isinstance(v, kinds) for v, kinds in zip(values, shape, strict=True))


def _claim_orphans(pages: PageFile, visited: set[int], shapes: Shapes, out: Salvage) -> None:
    """Table leaf pages no b-tree reached (under a lost interior page, or a lost schema): by their shape."""
    for number in pages.table_leaves():
        if number in visited:
            continue
        found = TableRows("?")
        if not pages.leaf_rows(number, found):
            continue
        owners = [name for name, shape in shapes.items()
                  if all(_fits(shape, values) for values in found.rows.values())]
        if len(owners) != 1:
            out.orphan_pages += 1
            continue
        into = out.tables[owners[0]]
        for rowid, values in found.rows.items():
            if rowid not in into.rows:
                into.rows[rowid] = values
                into.orphan_rows += 1
