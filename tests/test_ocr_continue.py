"""Long scans: pages an import left (page cap, time, no engine yet) are kept in the exhibit's metadata and read
later, page by page with progress, each at its own page offset so citations stay on their passage; a cancelled
run keeps what it read and the next one continues; `casefile ocr CASE_DIR [--exhibit N]` does it from a shell."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from casefile.context import Case, open_case
from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.progress import Stage
from casefile.domain.records import Citation, EventDraft, page_at
from casefile.importers.base import Limits
from casefile.ocr import engine
from casefile.ocr.pages import describe, from_ranges, splice, split_pages, to_ranges
from tests import fixture_files as ff
from tests.backends import new_case

PAGES = [
    ["Colton County District Court", "Docket sheet page one"],
    ["Motion to compel filed by Harbour Legal"],
    ["Order granting the motion in part"],
    ["Hearing reset to May 2 by the clerk"],
]


def scanned_pdf(path: Path, pages: list[list[str]]) -> Path:
    """An image-only PDF (each page a picture, no text layer), pages small so OCR stays quick."""
    from PIL import Image, ImageDraw, ImageFont

    from tests.test_ocr_engine import FONT

    font = ImageFont.truetype(FONT, 28)
    pictures = []
    for lines in pages:
        page = Image.new("L", (900, 300), 255)
        draw = ImageDraw.Draw(page)
        for i, line in enumerate(lines):
            draw.text((40, 40 + i * 50), line, font=font, fill=0)
        pictures.append(page)
    pictures[0].save(path, "PDF", resolution=150, save_all=True, append_images=pictures[1:])
    return path


def test_ranges_and_splicing_keep_pages_in_place() -> None:
    assert to_ranges([5, 1, 2, 3, 9, 10]) == [[1, 3], [5, 5], [9, 10]]
    assert from_ranges([[1, 3], [5, 5], [9, 10]]) == [1, 2, 3, 5, 9, 10]
    assert from_ranges("1-3") == [] and from_ranges([[3, 1], ["a", 2]]) == []
    assert describe([4]) == "page 4" and describe([4, 5, 6, 9]) == "pages 4–6 and 9"
    text, starts = "one\n\n\n\nthree", [0, 5, 7]
    assert split_pages(text, starts) == ["one", "", "three"]
    new, new_starts, at, delta = splice(text, starts, 2, "two")
    assert new == "one\n\ntwo\n\nthree" and new_starts == [0, 5, 10] and (at, delta) == (5, 3)
    assert new[new_starts[2]:] == "three"
    grown, grown_starts, at, delta = splice(new, new_starts, 5, "five")  # past the last page (a page cap)
    assert split_pages(grown, grown_starts) == ["one", "two", "three", "", "five"]
    assert at == len(new) and delta == len(grown) - len(new)


def test_a_capped_scan_is_continued_page_by_page_with_progress(case: Case, tmp_path: Path) -> None:
    src = scanned_pdf(tmp_path / "docket.pdf", PAGES)
    case.intake.limits = Limits(max_pages=2)
    out = case.intake.import_paths([src]).outcomes[0]
    rec = case.evidence.get(out.evidence_id)
    assert rec.metadata["unread_pages"] == [[3, 4]] and rec.metadata["ocr"]["pages"] == [1, 2]
    assert "only the first 2 of 4 pages were read; `casefile ocr CASE_DIR`" in out.reason
    assert case.ocr.waiting() == [(rec.id, out.exhibit, "docket.pdf", [3, 4])]
    seen: list[tuple[Stage, int, int, str]] = []
    report = case.ocr.run(progress=lambda p: seen.append((p.stage, p.done, p.total, p.line())))
    assert seen == [(Stage.PAGES, 0, 2, f"Reading Ex. {out.exhibit}: page 3 of 4"),
                    (Stage.PAGES, 1, 2, f"Reading Ex. {out.exhibit}: page 4 of 4")]
    assert report.pages_read == 2 and report.pages_left == 0 and not report.cancelled
    assert report.summary() == "2 pages read in 1 exhibit"
    rec = case.evidence.get(rec.id)
    text = case.evidence.text(rec.id)
    assert split_pages(text, rec.metadata["page_starts"]) == ["\n".join(lines) for lines in PAGES]
    assert page_at(rec.metadata["page_starts"], text.index("Hearing reset")) == 4
    assert "unread_pages" not in rec.metadata and rec.metadata["ocr"]["pages"] == [1, 2, 3, 4]
    assert [h.id for h in case.search.search("clerk")] == [rec.id]
    assert case.ocr.run().summary() == "no exhibit has pages left to read"


def _mixed_pdf(tmp_path: Path) -> Path:
    """Page 1 a scan (no text layer), page 2 typed (a text layer): a cover sheet scanned onto a typed letter."""
    import pypdfium2 as pdfium

    scan = scanned_pdf(tmp_path / "cover.pdf", [["Fax cover sheet from Harbour Legal"]])
    typed = ff.make_pdf(tmp_path / "typed.pdf", pages=["The hearing is set for April 14, 2025."])
    merged = pdfium.PdfDocument.new()
    for part in (scan, typed):
        doc = pdfium.PdfDocument(str(part))
        merged.import_pages(doc)
        doc.close()
    out = tmp_path / "letter.pdf"
    merged.save(str(out))
    merged.close()
    return out


@pytest.fixture
def any_case(tmp_path: Path, backend: str, pg_database: str | None) -> Iterator[Case]:
    """A fresh case on each backend (the passages move by SQL on both)."""
    c = new_case(tmp_path, backend, database=pg_database)
    try:
        yield c
    finally:
        c.close()


def test_a_page_read_later_moves_the_citations_after_it(any_case: Case, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    case = any_case
    src = _mixed_pdf(tmp_path)
    monkeypatch.setenv("CASEFILE_NO_OCR", "1")  # Tesseract not installed yet when the letter is imported
    engine.reset_for_tests()
    try:
        out = case.intake.import_paths([src]).outcomes[0]
    finally:
        monkeypatch.delenv("CASEFILE_NO_OCR")
        engine.reset_for_tests()
    rec = case.evidence.get(out.evidence_id)
    assert rec.metadata["unread_pages"] == [[1, 1]]
    text = case.evidence.text(rec.id)
    quote = "April 14, 2025"
    start = text.index(quote)
    event_id = case.events.create(EventDraft(date=EventDate(CaseDate.parse("2025-04-14")), title="Hearing",
                                             citations=(Citation(rec.id, quote=quote, char_start=start,
                                                                 char_end=start + len(quote), page=2),)))
    report = case.ocr.run(exhibit=out.exhibit)
    assert report.pages_read == 1, report
    text = case.evidence.text(rec.id)
    assert text.startswith("Fax cover sheet from Harbour Legal\n\n")
    [cite] = case.events.get(event_id).citations
    assert cite.char_start is not None and cite.char_end is not None
    assert text[cite.char_start:cite.char_end] == quote  # the passage moved with the page put before it
    assert cite.page == 2 == page_at(case.evidence.get(rec.id).metadata["page_starts"], cite.char_start)
    assert "needs_ocr" not in case.evidence.get(rec.id).metadata


def test_a_cancelled_run_keeps_what_it_read_and_the_next_one_continues(case: Case, tmp_path: Path) -> None:
    src = scanned_pdf(tmp_path / "docket.pdf", PAGES)
    case.intake.limits = Limits(max_pages=1)
    out = case.intake.import_paths([src]).outcomes[0]
    eid = out.evidence_id
    seen: list[str] = []
    report = case.ocr.run(progress=lambda p: seen.append(p.current), cancelled=lambda: len(seen) >= 1)
    assert report.cancelled and seen == [f"Ex. {out.exhibit}: page 2 of 4"]
    assert report.pages_read == 1 and report.pages_left == 2
    assert "cancelled: run it again to continue" in report.summary()
    assert case.evidence.get(eid).metadata["unread_pages"] == [[3, 4]]
    again = case.ocr.run(progress=lambda p: seen.append(p.current))
    assert seen == [f"Ex. {out.exhibit}: page {n} of 4" for n in (2, 3, 4)]
    assert again.pages_read == 2 and not again.cancelled
    rec = case.evidence.get(eid)
    assert split_pages(case.evidence.text(eid), rec.metadata["page_starts"]) == ["\n".join(x) for x in PAGES]


def test_the_ocr_command_continues_one_exhibit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from casefile.cli import main
    from casefile.context import create_case

    with create_case(tmp_path / "Case", "Marsh v. Colton County") as case:
        case.intake.limits = Limits(max_pages=3)
        out = case.intake.import_paths([scanned_pdf(tmp_path / "docket.pdf", PAGES)]).outcomes[0]
    assert main(["ocr", str(tmp_path / "Case"), "--exhibit", "99"]) == 2
    assert "Ex. 99 does not exist" in capsys.readouterr().err
    assert main(["ocr", str(tmp_path / "Case"), "--exhibit", str(out.exhibit)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"Ex. {out.exhibit} docket.pdf: read page 4\n"
    assert captured.err == "1 page read in 1 exhibit\n"
    with open_case(tmp_path / "Case") as case:
        rec = case.evidence.get(out.evidence_id)
        assert "unread_pages" not in rec.metadata
        assert case.evidence.text(rec.id).endswith("Hearing reset to May 2 by the clerk")


def test_the_exhibit_menu_reads_the_remaining_pages(qtbot, case: Case, tmp_path: Path) -> None:  # noqa: ANN001
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QContextMenuEvent, QUndoStack
    from PySide6.QtWidgets import QApplication, QMenu

    from casefile.gui.bus import CaseBus
    from casefile.gui.context import GuiContext
    from casefile.gui.evidence.tab import EvidenceTab
    from casefile.gui.worker import SyncRunner

    case.intake.limits = Limits(max_pages=3)
    eid = case.intake.import_paths([scanned_pdf(tmp_path / "docket.pdf", PAGES)]).outcomes[0].evidence_id
    gctx = GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())
    messages: list[str] = []
    gctx.bus.message.connect(messages.append)
    tab = EvidenceTab(gctx)
    qtbot.addWidget(tab)
    tab.resize(1000, 600)
    tab.show()
    tab.show_item(eid)
    qtbot.waitUntil(lambda: tab.current_id() == eid)
    chosen: list[bool] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        action = next(a for a in menu.actions() if a.text() == "Read remaining pages")
        chosen.append(action.isEnabled())
        menu.close()
        action.trigger()

    QTimer.singleShot(0, choose)
    rect = tab.table.visualRect(tab.table.selectionModel().selectedRows()[0])
    viewport = tab.table.viewport()
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, rect.center(),
                                                       viewport.mapToGlobal(rect.center())))  # a right-click
    qtbot.waitUntil(lambda: bool(messages))
    assert chosen == [True]
    assert messages[-1].endswith(": 1 page read in 1 exhibit")
    assert case.evidence.text(eid).endswith("Hearing reset to May 2 by the clerk")
    assert "unread_pages" not in case.evidence.get(eid).metadata


def test_a_capped_fax_is_continued_from_its_tiff(case: Case, tmp_path: Path) -> None:
    from tests.test_ocr_engine import draw_lines

    pages = [draw_lines([" ".join(lines)], size=24)[0].convert("L") for lines in PAGES[:3]]
    fax = tmp_path / "fax.tif"
    pages[0].save(fax, "TIFF", save_all=True, append_images=pages[1:])
    case.intake.limits = Limits(max_pages=1)
    out = case.intake.import_paths([fax]).outcomes[0]
    rec = case.evidence.get(out.evidence_id)
    assert rec.metadata["unread_pages"] == [[2, 3]] and rec.metadata["ocr"]["pages"] == [1]
    assert "text on 2 of 3 pages was not read (the time or page limit: pages 2–3)" in out.reason
    seen: list[str] = []
    report = case.ocr.run(progress=lambda p: seen.append(p.line()))
    assert seen == [f"Reading Ex. {out.exhibit}: page 2 of 3", f"Reading Ex. {out.exhibit}: page 3 of 3"]
    assert report.pages_read == 2
    rec = case.evidence.get(rec.id)
    assert split_pages(case.evidence.text(rec.id), rec.metadata["page_starts"]) == [" ".join(x) for x in PAGES[:3]]
    assert rec.metadata["ocr"]["pages"] == [1, 2, 3] and "unread_pages" not in rec.metadata


def test_an_import_can_hear_each_page_of_a_long_scan(tmp_path: Path) -> None:
    from casefile.importers.pdf import read_pdf
    from casefile.ocr.pages import reporting_pages

    src = scanned_pdf(tmp_path / "docket.pdf", PAGES[:3])
    seen: list[str] = []
    with reporting_pages(lambda n, total: seen.append(f"page {n} of {total}")):
        item = read_pdf(src, "docket.pdf", Limits())
    assert seen == ["page 1 of 3", "page 2 of 3", "page 3 of 3"]
    assert item.metadata["ocr"]["pages"] == [1, 2, 3]
    read_pdf(src, "docket.pdf", Limits())
    assert len(seen) == 3  # outside the block nothing is reported


def test_an_import_reports_each_page_of_a_long_scan(case: Case, tmp_path: Path) -> None:
    """The import's own progress says "page 2 of 3" while a scan is read, not only the file's turn."""
    from casefile.domain.progress import Progress

    src = scanned_pdf(tmp_path / "docket.pdf", PAGES[:3])
    seen: list[Progress] = []
    report = case.intake.import_paths([src], progress=seen.append)
    assert report.outcomes[0].evidence_id is not None
    pages = [p.current for p in seen if "(page" in p.current]
    assert pages == ["docket.pdf (page 1 of 3)", "docket.pdf (page 2 of 3)", "docket.pdf (page 3 of 3)"]
    assert all(p.done == 0 and p.total == 1 for p in seen if "(page" in p.current)
