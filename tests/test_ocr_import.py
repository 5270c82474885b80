"""OCR on import: a screenshot's text is stored, searchable and its word boxes kept; a screenshot of a post
becomes a linked post exhibit; a scanned PDF's pages become searchable and citable on the right page; a corrupt
or huge picture is refused clearly; without Tesseract the import report says what to install."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.context import Case
from casefile.domain.enums import EvidenceKind, ImportStatus
from casefile.domain.records import page_at
from casefile.importers import post_screenshot
from casefile.importers.base import ImportedItem
from casefile.ocr import engine
from casefile.ocr.types import OcrPage
from tests.test_ocr_engine import MEMO, draw_lines

POST = ["Dana Whitfield", "@dwhitfield_law", "The hearing in Marsh v. Colton County is set", "for April 14, 2025."]


def _png(path: Path, lines: list[str], **kw: object) -> Path:
    img, _ = draw_lines(lines, **kw)  # type: ignore[arg-type]
    img.save(path)
    return path


def _scanned_pdf(path: Path, pages: list[list[str]]) -> Path:
    """An image-only PDF, as a scanner makes it: each page a picture at 150 dpi, no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    from tests.test_ocr_engine import FONT

    font = ImageFont.truetype(FONT, 30)
    pictures = []
    for lines in pages:
        page = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
        draw = ImageDraw.Draw(page)
        for i, line in enumerate(lines):
            draw.text((120, 160 + i * 52), line, font=font, fill=0)
        pictures.append(page)
    pictures[0].save(path, "PDF", resolution=150, save_all=True, append_images=pictures[1:])
    return path


def test_a_screenshot_is_read_stored_and_searchable(case: Case, tmp_path: Path) -> None:
    src = _png(tmp_path / "Screenshot 2025-03-03 at 10.44.12.png", MEMO, size=15, dark=True)
    out = case.intake.import_paths([src]).outcomes[0]
    assert out.status is ImportStatus.IMPORTED and out.kind is EvidenceKind.IMAGE
    rec = case.evidence.get(out.evidence_id)
    text = case.evidence.text(rec.id)
    assert text == "\n".join(MEMO)
    ocr = rec.metadata["ocr"]
    assert ocr["engine"].startswith("tesseract 5") and ocr["confidence"] > 85
    start, end, left, top, width, height = ocr["words"][-1]
    assert text[start:end] == "4B."
    assert 0 <= left < left + width <= rec.metadata["width"] and 0 <= top < top + height <= rec.metadata["height"]
    hits = case.search.search("Okonkwo")
    assert [h.id for h in hits] == [rec.id]


def test_a_screenshot_of_a_post_becomes_a_linked_post_exhibit(case: Case, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[OcrPage] = []
    real = post_screenshot.post_from_screenshot

    def spy(page: OcrPage) -> ImportedItem | None:  # records what the real post reader was given
        seen.append(page)
        return real(page)

    monkeypatch.setattr(post_screenshot, "post_from_screenshot", spy)
    src = _png(tmp_path / "IMG_2231.PNG", POST, size=16, width=430)
    out = case.intake.import_paths([src]).outcomes[0]
    assert len(seen) == 1 and seen[0].text == "\n".join(POST)  # the post reader got the recognised page
    children = case.evidence.children(out.evidence_id)
    assert [c.kind for c in children] == [EvidenceKind.SOCIAL_POST]
    post = children[0]
    assert post.author == "Dana Whitfield (@dwhitfield_law)" and post.metadata["handle"] == "@dwhitfield_law"
    assert post.metadata["platform"] == "x" and post.title.startswith("Dana Whitfield: The hearing in Marsh v")
    span = post.metadata["embedded"]["span"]
    # the span covers the post's lines in the picture's text; the post keeps them unwrapped (one paragraph)
    assert " ".join(case.evidence.text(out.evidence_id)[span[0]:span[1]].split()) == case.evidence.text(post.id)
    assert case.suggestions.waiting() == 1  # the post is suggested with its parent


def test_a_failing_post_reader_does_not_lose_the_picture(case: Case, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(page: OcrPage) -> None:
        raise KeyError("handle")

    monkeypatch.setattr(post_screenshot, "post_from_screenshot", broken)
    out = case.imports.import_paths([_png(tmp_path / "p.png", POST)]).outcomes[0]
    assert out.status is ImportStatus.IMPORTED and out.kind is EvidenceKind.IMAGE
    assert out.reason == "not read as a post: recognition failed (KeyError)"
    assert case.evidence.text(out.evidence_id) == "\n".join(POST)


def test_a_scanned_pdf_becomes_searchable_and_citable_on_its_page(case: Case, tmp_path: Path) -> None:
    src = _scanned_pdf(tmp_path / "scan0001.pdf", [
        ["Colton County District Court", "Case No. 2024-CV-0113"],
        ["Notice of hearing", "The hearing is set for April 14, 2025 at 9:30 AM."],
    ])
    out = case.intake.import_paths([src]).outcomes[0]
    assert out.status is ImportStatus.IMPORTED and out.kind is EvidenceKind.DOCUMENT
    rec = case.evidence.get(out.evidence_id)
    text = case.evidence.text(rec.id)
    assert text == ("Colton County District Court\nCase No. 2024-CV-0113\n\n"
                    "Notice of hearing\nThe hearing is set for April 14, 2025 at 9:30 AM.")
    assert rec.metadata["page_starts"] == [0, text.index("Notice")]
    assert rec.metadata["ocr"]["pages"] == [1, 2] and rec.metadata["ocr"]["confidence"] > 85
    assert "needs_ocr" not in rec.metadata and out.reason == ""
    assert rec.title == "Colton County District Court"  # a scanner's file name gives way to the first line
    assert [h.id for h in case.search.search("hearing")] == [rec.id]
    case.suggestions.run()
    cited = [c for ev in case.events.for_evidence(rec.id) for c in ev.citations
             if ev.date.start.iso().startswith("2025-04-14")]
    assert cited and {c.page for c in cited} == {2}
    assert page_at(rec.metadata["page_starts"], text.index("April 14")) == 2


def test_only_pages_without_a_text_layer_are_recognised(tmp_path: Path) -> None:
    from casefile.importers.pdf import read_pdf
    from tests import fixture_files as ff

    typed = ff.make_pdf(tmp_path / "typed.pdf")
    from casefile.importers.base import Limits

    item = read_pdf(typed, "typed.pdf", Limits())
    assert "ocr" not in item.metadata  # a PDF with its own text is never OCR'd


def test_a_scan_past_the_time_limit_says_which_pages_were_not_read(tmp_path: Path) -> None:
    from casefile.importers.base import Limits
    from casefile.importers.pdf import read_pdf

    src = _scanned_pdf(tmp_path / "s.pdf", [["Page one of the scan"], ["Page two of the scan"]])
    item = read_pdf(src, "s.pdf", Limits(seconds=0.5))
    assert item.text == "\n\n"
    assert item.metadata["needs_ocr"] is True
    assert item.warnings == ["text on 2 of 2 scanned pages was not recognised: the time limit was reached "
                             "(pages 1–2); `casefile ocr CASE_DIR` (or the exhibit's Read remaining pages) reads "
                             "them later"]
    assert item.metadata["unread_pages"] == [[1, 2]]  # kept, so they can be read later


def test_a_corrupt_image_is_kept_and_reported(case: Case, tmp_path: Path) -> None:
    good = _png(tmp_path / "good.png", MEMO).read_bytes()
    bad = tmp_path / "bad.png"
    bad.write_bytes(good[:40] + bytes(b ^ 0x5A for b in good[40:400]) + good[400:])
    out = case.imports.import_paths([bad]).outcomes[0]
    assert out.status is ImportStatus.FAILED and out.kind is EvidenceKind.OTHER
    assert out.reason.startswith("the file is not an image Pillow can read (unknown or damaged format)")
    assert out.reason.endswith("(original kept as Ex. 1)")
    assert case.evidence.text(out.evidence_id) == ""


def test_a_huge_image_is_refused_before_it_is_decoded(case: Case, tmp_path: Path) -> None:
    from PIL import Image

    huge = tmp_path / "poster.png"
    Image.new("1", (12_000, 10_000), 1).save(huge)  # 120 megapixels, a few kilobytes of PNG
    out = case.imports.import_paths([huge]).outcomes[0]
    assert out.status is ImportStatus.FAILED and out.kind is EvidenceKind.OTHER
    assert out.reason == ("the image claims more pixels than allowed (possible decompression bomb) "
                          "(original kept as Ex. 1)")
    assert case.evidence.text(out.evidence_id) == ""


def test_without_tesseract_images_import_as_pictures_and_the_report_says_so(
        case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "tessdata_candidates", lambda: [])
    engine.reset_for_tests()
    try:
        report = case.imports.import_paths([_png(tmp_path / "memo.png", MEMO),
                                            _scanned_pdf(tmp_path / "scan.pdf", [MEMO])])
    finally:
        monkeypatch.undo()
        engine.reset_for_tests()
    picture, scan = report.outcomes
    assert picture.status is ImportStatus.IMPORTED and picture.kind is EvidenceKind.IMAGE
    assert picture.reason == ("Text in images is not read: Tesseract's English language data is not installed "
                              "(sudo apt-get install tesseract-ocr tesseract-ocr-eng)")
    assert case.evidence.text(picture.evidence_id) == ""
    assert scan.reason == "the PDF has no text layer (a scan?): " + picture.reason
    assert case.evidence.get(scan.evidence_id).metadata["needs_ocr"] is True


def test_a_date_in_a_pictures_text_is_not_the_pictures_date(case: Case, tmp_path: Path) -> None:
    out = case.imports.import_paths([_png(tmp_path / "memo.png", MEMO)]).outcomes[0]
    rec = case.evidence.get(out.evidence_id)
    assert "April 14, 2025" in case.evidence.text(rec.id)
    assert rec.published is None and rec.author == ""  # the hearing's date is not when the picture was made
    assert rec.title == "memo"


def test_pass_one_worker_processes_read_text_in_images(tmp_path: Path) -> None:
    """Big imports read in spawned worker processes: each starts its own Tesseract and returns the page."""
    from casefile.importers.base import Limits
    from casefile.importers.registry import default_registry
    from casefile.services.import_pipeline import Reader, read_extract

    src = _png(tmp_path / "memo.png", MEMO, size=15)
    reader = Reader(default_registry(), read_extract, Limits(), parallel=True)
    try:
        prepared = reader.submit(src, "memo.png", src.stat().st_size).result()
        assert reader.parallel  # it really ran in a worker process
    finally:
        reader.close()
    assert prepared.failure == ""
    assert prepared.item.text == "\n".join(MEMO)
    assert prepared.item.metadata["ocr"]["word_count"] == len(" ".join(MEMO).split())


def test_ocr_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEFILE_NO_OCR", "1")
    engine.reset_for_tests()
    try:
        info = engine.model_info()
        assert not info.available
        assert info.message == "Text in images is not read: OCR is turned off (CASEFILE_NO_OCR is set)"
    finally:
        monkeypatch.undo()
        engine.reset_for_tests()


def test_every_page_of_a_multi_page_tiff_is_read_at_its_offset(case: Case, tmp_path: Path) -> None:
    first, _ = draw_lines(["Fax cover sheet", "To: Colton County Clerk"], size=20)
    second, _ = draw_lines(["The hearing is set for April 14, 2025."], size=20)
    src = tmp_path / "fax.tif"
    first.save(src, save_all=True, append_images=[second])
    out = case.imports.import_paths([src]).outcomes[0]
    rec = case.evidence.get(out.evidence_id)
    text = case.evidence.text(rec.id)
    assert text == "Fax cover sheet\nTo: Colton County Clerk\n\nThe hearing is set for April 14, 2025."
    assert rec.metadata["page_starts"] == [0, text.index("The hearing")]
    assert rec.metadata["ocr"]["pages"] == [1, 2] and rec.metadata["frames"] == 2
    assert [text[s:e] for s, e, *_box in rec.metadata["ocr"]["words"]][:3] == ["Fax", "cover", "sheet"]
    assert page_at(rec.metadata["page_starts"], text.index("April")) == 2


def test_a_tiff_whose_first_page_is_blank_still_gives_the_text_of_the_next(tmp_path: Path) -> None:
    from PIL import Image

    from casefile.importers.base import Limits
    from casefile.importers.image import IMPORTER

    second, _ = draw_lines(["Received March 3, 2025"], size=20)
    src = tmp_path / "batch.tif"
    Image.new("RGB", second.size, (255, 255, 255)).save(src, save_all=True, append_images=[second])
    item = IMPORTER.read(src, "batch.tif", Limits())
    assert item.text == "\n\nReceived March 3, 2025"
    assert item.page_starts == [0, 2]
