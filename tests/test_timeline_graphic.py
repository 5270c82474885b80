"""The shared timeline graphic and the review services behind the Timeline (no widgets)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QGuiApplication
from sqlalchemy import update

from casefile.db.models import Event
from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import DateQualifier, Status
from casefile.domain.records import Citation, EventDraft, EventFilter, PartyDraft
from casefile.reports.options import SummaryOptions
from casefile.reports.render import write_pdf
from casefile.reports.summary_data import build_summary
from casefile.reports.timeline_data import Mark, fit_range, marks_from_positions
from casefile.reports.timeline_graphic import layout


def day(iso: str) -> float:
    return float(date.fromisoformat(iso).toordinal())


@pytest.fixture
def gui(qapp) -> QGuiApplication:  # noqa: ANN001
    return qapp


def test_fit_leaves_forecasts_and_far_outliers_beyond_the_arrows(gui) -> None:  # noqa: ANN001
    marks = [Mark(i, day(f"2024-0{1 + i % 6}-1{i % 9}"), "confirmed", title=f"E{i}") for i in range(12)]
    marks.append(Mark(100, day("2050-01-01"), "suggested", forecast=True, title="Forecast"))
    marks.append(Mark(101, day("1971-05-01"), "confirmed", title="Founding"))
    marks.sort(key=lambda m: m.day)
    t0, t1 = fit_range(marks)
    assert day("2023-12-01") < t0 < day("2024-01-10")
    assert day("2024-06-19") < t1 < day("2024-08-01")
    lay = layout(marks, t0, t1, QRectF(0, 0, 1000, 300), QFont())
    assert (lay.before, lay.after, lay.after_forecasts) == (1, 1, 1)
    assert date.fromordinal(int(lay.after_last or 0)).year == 2050
    # a forecast close to the case stays out until it is confirmed
    near = [m for m in marks if m.id not in (100, 101)]
    pending = Mark(200, day("2024-09-01"), "suggested", forecast=True)
    assert fit_range([*near, pending])[1] < day("2024-08-01")
    confirmed = Mark(200, day("2024-09-01"), "confirmed", forecast=True)
    assert fit_range([*near, confirmed])[1] > day("2024-09-01")


def test_titles_never_overlap_and_ranges_are_bars(gui) -> None:  # noqa: ANN001
    marks = [Mark(i, day("2024-03-01") + i * 0.5, "confirmed", title=f"A fairly long event title number {i}")
             for i in range(30)]
    marks.append(Mark(99, day("2024-03-05"), "suggested", bar=(day("2024-03-05"), day("2024-03-20")),
                      title="Between two dates"))
    marks.sort(key=lambda m: m.day)
    lay = layout(marks, day("2024-02-25"), day("2024-03-25"), QRectF(0, 0, 900, 260), QFont())
    labels = [p.label_rect for p in lay.placed if p.label_rect is not None]
    assert 3 <= len(labels) < 31  # as many as fit, no more
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not a.intersects(b)
    bar = next(p for p in lay.placed if 99 in p.ids)
    assert bar.bar and bar.shape.width() > 100 and bar.hollow  # a suggestion spanning two weeks


def test_lanes_by_party_and_clusters_at_scale(gui) -> None:  # noqa: ANN001
    marks = [Mark(i, day("2024-01-01") + i % 300, "confirmed", party=1 + i % 3) for i in range(3000)]
    marks.sort(key=lambda m: m.day)
    lay = layout(marks, day("2023-12-01"), day("2024-12-01"), QRectF(0, 0, 1000, 400), QFont(),
                 lanes_by_party=True, party_names={1: "Okafor", 2: "Halvorsen", 3: "Greyfield"})
    assert [lane.name for lane in lay.lanes] == ["Okafor", "Halvorsen", "Greyfield", "Other / none"]
    assert sum(len(p.ids) for p in lay.placed) == 3000  # every event counted once, in clusters
    assert len(lay.placed) < 200


def test_positions_give_bars_for_qualified_and_vague_dates(case) -> None:  # noqa: ANN001
    ev = case.events
    between = ev.create(EventDraft(EventDate(CaseDate.parse("2024-11-18"), DateQualifier.BETWEEN,
                                             CaseDate.parse("2024-11-20")), "Between"))
    around = ev.create(EventDraft(EventDate(CaseDate.parse("2024-03-10"), DateQualifier.AROUND), "Around"))
    month = ev.create(EventDraft(EventDate.on("2024-05"), "A month"))
    point = ev.create(EventDraft(EventDate.on("2024-06-01"), "A day"))
    marks = {m.id: m for m in marks_from_positions(ev.positions())}
    assert marks[between].bar == (day("2024-11-18"), day("2024-11-20"))
    assert marks[around].bar == (day("2024-03-07"), day("2024-03-13"))
    assert marks[month].bar is not None and marks[month].bar[1] - marks[month].bar[0] > 29
    assert marks[point].bar is None and marks[point].title == "A day"


# services -----------------------------------------------------------------------------------------
def test_bulk_verdict_over_a_filter_and_its_undo(case) -> None:  # noqa: ANN001
    ev = case.events
    ids = [ev.create(EventDraft(EventDate.on(f"2024-01-{i + 1:02d}"), f"S{i}", status=Status.SUGGESTED))
           for i in range(30)]
    disputed = ev.create(EventDraft(EventDate.on("2024-01-05"), "D", status=Status.DISPUTED))
    previous = ev.set_status_where(EventFilter(date_to="2024-01-10"), Status.CONFIRMED)
    assert set(previous) == set(ids[:10]) | {disputed}
    assert ev.count(EventFilter(statuses=(Status.CONFIRMED,))) == 11
    ev.restore_statuses(previous)
    assert ev.get(disputed).status is Status.DISPUTED
    assert ev.count(EventFilter(statuses=(Status.SUGGESTED,))) == 30
    assert ev.to_review_count(EventFilter(date_to="2024-01-10", statuses=tuple(Status))) == 10


def test_dismiss_an_exhibits_suggestions_keeps_reviewed_events(case) -> None:  # noqa: ANN001
    from casefile.db.models import Evidence

    with case.ctx.writes() as s, s.begin():
        x = Evidence(exhibit=1, filename="a.txt", kind="article", text="abc", size=3)
        s.add(x)
        s.flush()
        ex = x.id
    cite = (Citation(ex, quote="abc", char_start=0, char_end=3),)
    ev = case.events
    s1 = ev.create(EventDraft(EventDate.on("2024-01-01"), "S1", status=Status.SUGGESTED, citations=cite))
    c1 = ev.create(EventDraft(EventDate.on("2024-01-02"), "C1", citations=cite))
    s2 = ev.create(EventDraft(EventDate.on("2024-01-03"), "S2", status=Status.SUGGESTED))
    assert set(ev.dismiss_suggestions_from(ex)) == {s1}
    assert (ev.get(s1).status, ev.get(c1).status, ev.get(s2).status) == (
        Status.DISMISSED, Status.CONFIRMED, Status.SUGGESTED)


def test_confidence_floor_order_and_position(case) -> None:  # noqa: ANN001
    ev = case.events
    ids = [ev.create(EventDraft(EventDate.on(f"2024-02-{i + 1:02d}"), f"S{i}", status=Status.SUGGESTED))
           for i in range(4)]
    manual = ev.create(EventDraft(EventDate.on("2024-01-01"), "Manual"))
    with case.ctx.writes() as s, s.begin():
        for eid, c in zip(ids, (0.8, 0.1, 0.5, 0.3), strict=True):
            s.execute(update(Event).where(Event.id == eid).values(confidence=c))
    rows = ev.rows(order="confidence")
    assert [r.id for r in rows] == [ids[1], ids[3], ids[2], ids[0], manual]
    assert ev.position_of(ids[2], order="confidence") == 2
    assert ev.position_of(manual, order="confidence", descending=True) == 0
    assert {r.id for r in ev.rows(EventFilter(min_confidence=0.4))} == {ids[0], ids[2], manual}


def test_summary_pdf_has_a_timeline_page(case, qapp, tmp_path) -> None:  # noqa: ANN001
    pid = case.parties.create(PartyDraft("Marguerite Okafor"))
    for i in range(5):
        case.events.create(EventDraft(EventDate.on(f"2024-0{i + 1}-10"), f"Hearing number {i}", party_ids=(pid,)))
    data = build_summary(case, SummaryOptions())
    assert data.timeline is not None and len(data.timeline.marks) == 5
    assert build_summary(case, SummaryOptions(sections=("parties",))).timeline is None
    assert build_summary(case, SummaryOptions(sections=("chronology",))).timeline is None  # a plain table
    out = tmp_path / "summary.pdf"
    pages = write_pdf(case, out, SummaryOptions(sections=("parties", "chronology")))
    assert pages == 3  # parties, the chronology, then the timeline page
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(out))
    try:
        text = doc[2].get_textpage().get_text_range()
    finally:
        doc.close()
    assert "Timeline" in text and "Hearing number 0" in text and "Marguerite Okafor" in text
