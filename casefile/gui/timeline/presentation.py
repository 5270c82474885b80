"""How the Timeline lays out its rows: the columns' widths, and the visual timeline's tooltip for an event."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from casefile.domain.errors import CaseFileError
from casefile.gui.context import GuiContext
from casefile.gui.tables import ColumnChooser
from casefile.gui.timeline.model import CONFIDENCE, DATE, PARTIES, SOURCES, STATUS, TAGS, TITLE, EventTableModel


def fit_columns(table: QTableView, model: EventTableModel, columns: ColumnChooser) -> None:
    """Date as wide as the widest date loaded (ranges are never cut); Title gets the room: when the table
    is narrow, Tags, Sources, Confidence and then Parties step aside before Title drops under a quarter of
    the table. Columns the user hid (header menu) stay hidden."""
    fm = table.fontMetrics()
    header = table.horizontalHeader()
    hidden = columns.user_hidden
    date = min(max(fm.horizontalAdvance("14 Mar 2024 09:30"), model.widest_date(fm)) + 34,
               fm.horizontalAdvance("between 28 Sep 2024 09:30 and 28 Sep 2024 10:30") + 34)
    status = "Suggested · forecast" if model.any_forecast() else "Suggested"
    widths = {DATE: date, STATUS: fm.horizontalAdvance(status) + 40, PARTIES: 170, TAGS: 120,
              SOURCES: fm.horizontalAdvance("Sources") + 24,
              CONFIDENCE: fm.horizontalAdvance("Confidence") + 22}
    widths = {c: w for c, w in widths.items() if not hidden(c)}
    avail = table.viewport().width()
    title_min = max(fm.horizontalAdvance("M") * 18, avail // 4)
    for col in (TAGS, SOURCES, CONFIDENCE, PARTIES):  # step aside, least useful first
        if col in widths and avail - sum(widths.values()) < title_min:
            del widths[col]
    for col in (TAGS, CONFIDENCE, SOURCES, PARTIES):
        if not hidden(col):
            header.setSectionHidden(col, col not in widths)
    badge = CONFIDENCE not in widths  # no Confidence column: the status shows it ("Suggested · 62%")
    if badge and STATUS in widths:
        widths[STATUS] = fm.horizontalAdvance(f"{status} · 100%") + 40
    if badge != model.confidence_in_status:
        model.confidence_in_status = badge
        if model.total:
            model.dataChanged.emit(model.index(0, STATUS), model.index(model.total - 1, STATUS))
    widths[TITLE] = max(title_min, avail - sum(widths.values()))
    for col, width in widths.items():
        table.setColumnWidth(col, width)


def describe_event(gctx: GuiContext, event_id: int) -> str:
    """The visual timeline's tooltip: title, date, parties, status and confidence."""
    try:
        rec = gctx.case.events.get(event_id)
    except CaseFileError:
        return ""
    status = rec.status.label + (" · forecast" if rec.forecast else "")
    if rec.confidence is not None:
        status += f" · {round(rec.confidence * 100)}% confidence"
    parties = "; ".join(rec.party_names) or "no party linked"
    return f"{rec.title}\n{rec.date.display()}\n{parties}\n{status}"
