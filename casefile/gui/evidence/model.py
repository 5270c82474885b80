"""The evidence table's model: one row per exhibit, embedded items right under their parent, fetched lazily."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap

from casefile.domain.enums import DatePrecision, EvidenceKind, VerifyState
from casefile.domain.records import EvidenceRecord
from casefile.domain.sizes import format_size
from casefile.gui.context import GuiContext
from casefile.gui.evidence.labels import display_title, read_failure
from casefile.gui.evidence.preview.common import source_of
from casefile.gui.icons import ICONS, icon

COL_EXHIBIT, COL_TITLE, COL_KIND, COL_DATE, COL_SOURCE, COL_PARENT, COL_SIZE, COL_VERIFY = range(8)
HEADERS = ("Ex.", "Title", "Kind", "Date", "Source", "In", "Size", "Integrity")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
RECORD_ROLE = Qt.ItemDataRole.UserRole + 3
BATCH = 200
THUMB_SIZE = 32
_STATE_LABEL = {VerifyState.UNVERIFIED: "unverified", VerifyState.OK: "verified",
                VerifyState.MISSING: "MISSING", VerifyState.ALTERED: "ALTERED"}
_STATE_TEXT = {VerifyState.UNVERIFIED: "not verified yet", VerifyState.OK: "verified, matches its SHA-256",
               VerifyState.MISSING: "MISSING", VerifyState.ALTERED: "ALTERED since it was imported"}
_STATE_COLOUR = {VerifyState.OK: QColor("#2e9d4f"), VerifyState.MISSING: QColor("#c0392b"),
                 VerifyState.ALTERED: QColor("#c0392b")}

Index = QModelIndex | QPersistentModelIndex


def tree_order(records: list[EvidenceRecord]) -> list[tuple[EvidenceRecord, int]]:
    """Records with their depth: each top-level exhibit followed by what is embedded in it."""
    ids = {r.id for r in records}
    children: dict[int, list[EvidenceRecord]] = {}
    roots: list[EvidenceRecord] = []
    for r in records:
        if r.parent_id is not None and r.parent_id in ids and r.parent_id != r.id:
            children.setdefault(r.parent_id, []).append(r)
        else:
            roots.append(r)
    out: list[tuple[EvidenceRecord, int]] = []
    seen: set[int] = set()

    def add(r: EvidenceRecord, depth: int) -> None:
        if r.id in seen:
            return
        seen.add(r.id)
        out.append((r, depth))
        for c in children.get(r.id, []):
            add(c, depth + 1)

    for r in roots:
        add(r, 0)
    for r in records:  # cycles, if any, still show
        add(r, 0)
    return out


_MISSING = object()


class EvidenceTableModel(QAbstractTableModel):
    loaded = Signal()

    def __init__(self, gctx: GuiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self._all: list[tuple[EvidenceRecord, int]] = []
        self._shown = 0
        self._row_of: dict[int, int] = {}
        self._exhibit_of: dict[int, int] = {}
        self._by_id: dict[int, EvidenceRecord] = {}
        self._thumbs: dict[int, QIcon] = {}
        self._wanted: set[int] = set()
        self._requested: set[int] = set()
        # what sorting and filtering ask for again and again, worked out once per row and column
        self._sort_cache: dict[tuple[int, int], Any] = {}
        self._haystacks: dict[int, str] = {}
        self._tree: list[tuple[EvidenceRecord, int]] = []
        self._ordered: list[tuple[EvidenceRecord, int]] = []  # every exhibit in the chosen order
        self._needle = ""  # what the filter field holds, case-folded: `_all` is `_ordered` filtered by it
        self._sorted: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._sort_wanted: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    # loading ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        case = self.gctx.case
        self.gctx.runner.run("Listing exhibits", lambda _t: _Rows(case.evidence.list()), self._set_records)

    def _set_records(self, records: list[EvidenceRecord] | _Rows) -> None:
        rows = records if isinstance(records, _Rows) else _Rows(records)
        self.beginResetModel()
        self._exhibit_of = rows._exhibit_of
        self._by_id = rows._by_id
        self._tree = list(rows._all)  # the unsorted order (parents with their items beneath)
        self._ordered = list(rows._all)
        self._sorted = (-1, Qt.SortOrder.AscendingOrder)
        self._thumbs.clear()
        self._requested.clear()
        self._sort_cache = rows.sort_keys
        self._haystacks = rows.haystacks
        self._all = self._matching(self._ordered)
        self._shown = min(BATCH, len(self._all))
        self._row_of = {r.id: i for i, (r, _d) in enumerate(self._all)}
        self.endResetModel()
        if self._sort_wanted[0] >= 0:  # a reload keeps the order the user chose
            self.sort(*self._sort_wanted)
        self.loaded.emit()

    def total(self) -> int:
        """Every exhibit in the case, whatever the filter shows."""
        return len(self._tree)

    def _matching(self, rows: list[tuple[EvidenceRecord, int]]) -> list[tuple[EvidenceRecord, int]]:
        needle, hay = self._needle, self._haystacks
        if not needle:
            return list(rows)
        return [rd for rd in rows if needle in (hay.get(rd[0].id) or self._haystack_of(*rd))]

    def set_needle(self, text: str) -> None:
        """Show the exhibits whose shown texts hold `text` (any case): one list comprehension over cached
        haystacks and a reset, not a Python filter call per row through a proxy (seconds at 20,000)."""
        needle = text.casefold()
        if needle == self._needle:
            return
        self.beginResetModel()
        self._needle = needle
        self._all = self._matching(self._ordered)
        self._shown = min(BATCH, len(self._all))
        self._row_of = {r.id: i for i, (r, _d) in enumerate(self._all)}
        self.endResetModel()

    def has(self, evidence_id: int) -> bool:
        """Whether the exhibit is in the case (shown or hidden by the filter)."""
        return evidence_id in self._by_id

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._shown < len(self._all)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = min(BATCH, len(self._all) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort every row here, by cached keys in one Python sort (a sorting proxy asked data() twice per
        comparison: seconds at 20,000 exhibits, again after every filter keystroke); column -1: tree order."""
        if not self._all or (column, order) == self._sorted:
            self._sort_wanted = (column, order)
            return
        self._sorted = self._sort_wanted = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        kept = [(self._all[i.row()][0].id, i.column()) for i in old]
        if column < 0:
            self._ordered = list(self._tree)
        else:
            keys = {}
            for rec, _depth in self._tree:
                key = self._sort_cache.get((rec.id, column), _MISSING)
                if key is _MISSING:
                    key = self._sort_cache[(rec.id, column)] = self._sort_value(rec, column)
                keys[rec.id] = key
            self._ordered = sorted(self._tree, key=lambda rd: keys[rd[0].id],
                                   reverse=order == Qt.SortOrder.DescendingOrder)
        self._all = self._matching(self._ordered)
        self._row_of = {r.id: i for i, (r, _d) in enumerate(self._all)}
        rows = [self._row_of[rid] for rid, _c in kept]
        self._shown = max([self._shown, *(r + 1 for r in rows)])
        self.changePersistentIndexList(old, [self.index(r, c) for r, (_id, c) in zip(rows, kept, strict=True)])
        self.layoutChanged.emit()

    def row_of(self, evidence_id: int) -> int | None:
        """The row of an exhibit, fetching rows up to it when it is not shown yet."""
        row = self._row_of.get(evidence_id)
        if row is None:
            return None
        while row >= self._shown:
            self.fetchMore()
        return row

    def record(self, row: int) -> EvidenceRecord:
        return self._all[row][0]

    def haystack(self, row: int) -> str:
        """The row's shown texts, case-folded and joined: what the filter field matches (worked out once)."""
        return self._haystack_of(*self._all[row])

    def _haystack_of(self, rec: EvidenceRecord, depth: int) -> str:
        text = self._haystacks.get(rec.id)
        if text is None:
            text = self._haystacks[rec.id] = "\t".join(
                self._display(rec, depth, c) for c in range(len(HEADERS))).casefold()
        return text

    # table -----------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if section == COL_VERIFY else HEADERS[section]
        if role == Qt.ItemDataRole.DecorationRole and section == COL_VERIFY:
            return icon("verify")
        if role == Qt.ItemDataRole.ToolTipRole and section == COL_VERIFY:
            return "Integrity of the stored original (verified, not verified yet, missing or altered)"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._shown:
            return None
        rec, depth = self._all[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return rec.id
        if role == RECORD_ROLE:
            return rec
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(rec, depth, col)
        if role == SORT_ROLE:
            key = (rec.id, col)
            value = self._sort_cache.get(key, _MISSING)
            if value is _MISSING:
                value = self._sort_cache[key] = self._sort_value(rec, col)
            return value
        if role == Qt.ItemDataRole.DecorationRole:
            if col == COL_EXHIBIT:
                return self._decoration(rec)
            if col in (COL_KIND, COL_TITLE) and read_failure(rec):  # the Kind column may be hidden
                return icon("warning").pixmap(16, 16)
            if col == COL_VERIFY:  # a pixmap, so it keeps its small size beside the table's 32 px thumbnails
                state = self.integrity(rec)
                return icon(f"integrity.{state.value}").pixmap(16, 16) if state is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            failure = read_failure(rec)
            if failure and col in (COL_TITLE, COL_KIND, COL_EXHIBIT):
                return (f"{rec.filename}\nCould not be read: {failure}\n"
                        "The original is kept unchanged; open it with another program.")
            if col == COL_TITLE:
                tip = [display_title(rec), rec.filename]
                if source_of(rec):
                    tip.append(f"From {source_of(rec)}")
                parent = self._exhibit_of.get(rec.parent_id) if rec.parent_id is not None else None
                if parent is not None:
                    tip.append(f"Part of Ex. {parent}")
                return "\n".join(tip)
            if col in (COL_EXHIBIT, COL_KIND):
                return rec.kind.label
            if col == COL_SOURCE and rec.url:
                return rec.url
            if col == COL_VERIFY:
                return self._integrity_tip(rec)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_SIZE, COL_EXHIBIT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_VERIFY:
            state = self.integrity(rec)
            return _STATE_COLOUR.get(state) if state is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_KIND and read_failure(rec):
            return QColor("#b06f00")
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_DATE and rec.published:
            return rec.published.display()
        return None

    def _display(self, rec: EvidenceRecord, depth: int, col: int) -> str:
        if col == COL_EXHIBIT:
            return str(rec.exhibit)
        if col == COL_TITLE:
            title = display_title(rec)
            return ("    " * (depth - 1) + "  ↳ " + title) if depth else title
        if col == COL_KIND:
            return "Not read" if read_failure(rec) else rec.kind.label
        if col == COL_DATE:
            if rec.published is None:
                return ""
            p = rec.published
            return p.at(DatePrecision.DAY).display() if p.precision is DatePrecision.MINUTE else p.display()
        if col == COL_SOURCE:
            return source_of(rec)
        if col == COL_PARENT:
            parent = self._exhibit_of.get(rec.parent_id) if rec.parent_id is not None else None
            return f"Ex. {parent}" if parent is not None else ""
        if col == COL_SIZE:
            return format_size(rec.size)
        if col == COL_VERIFY:  # the shield says "not a problem"; only problems are spelled out
            state = self.integrity(rec)
            problem = state in (VerifyState.MISSING, VerifyState.ALTERED)
            return _STATE_LABEL[state] if problem and state is not None else ""
        return ""

    def integrity(self, rec: EvidenceRecord) -> VerifyState | None:
        """The record's own state; an item with no file of its own (an embedded post) shares its parent's,
        or has none (None) when it stands alone."""
        if rec.sha256:
            return rec.verify_state
        parent = self._by_id.get(rec.parent_id) if rec.parent_id is not None else None
        seen = {rec.id}
        while parent is not None and not parent.sha256 and parent.parent_id is not None and parent.id not in seen:
            seen.add(parent.id)
            parent = self._by_id.get(parent.parent_id)
        return parent.verify_state if parent is not None and parent.sha256 else None

    def _integrity_tip(self, rec: EvidenceRecord) -> str:
        state = self.integrity(rec)
        if rec.sha256:
            return f"Stored original: {_STATE_TEXT[rec.verify_state]}"
        if state is None:
            return "No file of its own (nothing to verify)"
        parent = self._exhibit_of.get(rec.parent_id) if rec.parent_id is not None else None
        return f"No file of its own; part of Ex. {parent}, whose original is {_STATE_TEXT[state]}"

    def _sort_value(self, rec: EvidenceRecord, col: int) -> Any:
        if col == COL_EXHIBIT:
            return rec.exhibit
        if col == COL_TITLE:
            return display_title(rec).casefold()
        if col == COL_KIND:
            return "" if read_failure(rec) else rec.kind.value
        if col == COL_DATE:
            return rec.published.iso() if rec.published else ""
        if col == COL_SOURCE:
            return source_of(rec).casefold()
        if col == COL_PARENT:
            return self._exhibit_of.get(rec.parent_id, 0) if rec.parent_id is not None else 0
        if col == COL_SIZE:
            return rec.size
        if col == COL_VERIFY:
            state = self.integrity(rec)
            return state.value if state is not None else ""
        return None

    # thumbnails ------------------------------------------------------------------------------------
    def _decoration(self, rec: EvidenceRecord) -> QIcon:
        cached = self._thumbs.get(rec.id)
        if cached is not None:
            return cached
        if rec.has_thumbnail and rec.id not in self._requested:
            if not self._wanted:
                QTimer.singleShot(0, self._fetch_thumbnails)
            self._wanted.add(rec.id)
        return kind_icon(rec.kind)

    def _fetch_thumbnails(self) -> None:
        ids = sorted(self._wanted)[:64]
        self._wanted.difference_update(ids)
        self._requested.update(ids)
        if not ids:
            return
        case = self.gctx.case

        def job(_task: object) -> dict[int, QImage]:
            out: dict[int, QImage] = {}
            for eid in ids:
                png = case.evidence.thumbnail(eid)
                if png:
                    img = QImage.fromData(png)
                    if not img.isNull():
                        out[eid] = img.scaled(THUMB_SIZE, THUMB_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation)
            return out

        self.gctx.runner.run("Loading thumbnails", job, self._thumbnails_loaded)
        if self._wanted:
            QTimer.singleShot(0, self._fetch_thumbnails)

    def _thumbnails_loaded(self, images: dict[int, QImage]) -> None:
        for eid, img in images.items():
            self._thumbs[eid] = QIcon(QPixmap.fromImage(img))
            row = self._row_of.get(eid)
            if row is not None and row < self._shown:
                idx = self.index(row, COL_EXHIBIT)
                self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])

    def has_thumbnail_cached(self, evidence_id: int) -> bool:
        return evidence_id in self._thumbs


def kind_icon(kind: EvidenceKind) -> QIcon:
    meaning = f"evidence.{kind.value}"
    return padded_icon(meaning if meaning in ICONS else "evidence.other", 20)


_PADDED: dict[tuple[str, int], QIcon] = {}


def padded_icon(meaning: str, glyph: int) -> QIcon:
    """A glyph drawn at `glyph` px centred in a thumbnail-sized box, so icons and thumbnails line up."""
    key = (meaning, glyph)
    if key not in _PADDED:
        box = QPixmap(THUMB_SIZE, THUMB_SIZE)
        box.fill(Qt.GlobalColor.transparent)
        painter = QPainter(box)
        off = (THUMB_SIZE - glyph) // 2
        painter.drawPixmap(off, off, icon(meaning).pixmap(glyph, glyph))
        painter.end()
        _PADDED[key] = QIcon(box)
    return _PADDED[key]


class _Rows:
    """The exhibits in tree order with the filter's haystack of each row, worked out in the listing worker
    (plain Python: `EvidenceTableModel`'s display rules on these rows, no Qt)."""

    # the model's own rules, run on these plain rows (they read only `_exhibit_of`, `_by_id` and `integrity`)
    integrity: Any = EvidenceTableModel.integrity
    _display: Any = EvidenceTableModel._display
    _sort_value: Any = EvidenceTableModel._sort_value

    def __init__(self, records: list[EvidenceRecord]) -> None:
        self._all = tree_order(records)
        self._exhibit_of = {r.id: r.exhibit for r, _d in self._all}
        self._by_id = {r.id: r for r, _d in self._all}
        self.haystacks = {rec.id: "\t".join(self._display(rec, depth, c) for c in range(len(HEADERS))).casefold()
                          for rec, depth in self._all}
        self.sort_keys = {(rec.id, c): self._sort_value(rec, c) for rec, _d in self._all for c in range(len(HEADERS))}
