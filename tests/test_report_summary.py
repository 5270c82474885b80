"""The case summary PDF, read back: sections, contents page numbers, page furniture, citations, options,
unicode, embedded fonts, metadata, internal links, long tables."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from casefile.context import Case
from casefile.domain.enums import Status
from casefile.reports.options import SummaryOptions
from casefile.reports.render import write_pdf
from tests.report_case import NAMES, build_dispute, first_page_with, flat, pages_text

HAS_POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdffonts") is not None


@pytest.fixture
def dispute(case: Case, tmp_path: Path) -> tuple[Case, dict[str, int]]:
    return case, build_dispute(case, tmp_path / "files")


def render(case: Case, tmp_path: Path, **kw: object) -> tuple[Path, int, list[str]]:
    out = tmp_path / "summary.pdf"
    n = write_pdf(case, out, SummaryOptions(**kw))  # type: ignore[arg-type]
    return out, n, pages_text(out)


def test_every_section_and_contents_page_numbers(dispute, tmp_path):
    case, _ids = dispute
    out, n, pages = render(case, tmp_path)
    assert n == len(pages) >= 6
    cover = flat(pages[0])
    assert "CASE SUMMARY" in cover and "Okafor v. Halvorsen Media Group" in cover
    assert "Defamation claim by a documentary producer" in cover
    assert re.search(r"Parties 6\b", cover) and re.search(r"Events 5\b", cover) and re.search(r"Exhibits 4\b", cover)
    assert "Event statuses confirmed, disputed, suggested" in cover
    contents_page = first_page_with(pages, "Contents")
    assert contents_page == 2
    listed = dict(re.findall(r"(Parties|Chronology|Exhibit index|Notes)\s+(\d+)", pages[contents_page - 1]))
    assert set(listed) == {"Parties", "Chronology", "Exhibit index", "Notes"}
    for title, page in listed.items():
        assert first_page_with(pages, title) == int(page), title


def test_page_x_of_y_and_header_on_every_page(dispute, tmp_path):
    case, _ids = dispute
    out, n, pages = render(case, tmp_path)
    for i, t in enumerate(pages, 1):
        assert f"Page {i} of {n}" in t
        assert t.strip().startswith("Okafor v. Halvorsen Media Group")
        assert re.search(r"Printed \d{1,2} \w{3} \d{4}", t)


def test_chronology_citations_statuses_and_quotes(dispute, tmp_path):
    case, _ids = dispute
    out, n, pages = render(case, tmp_path)
    start = first_page_with(pages, "Chronology")
    chron = flat(" ".join(pages[start - 1:first_page_with(pages, "Exhibit index") - 1]))
    assert "Ex. 2, p. 3" in chron and "Ex. 2, p. 2" in chron  # complaint pages
    assert "Ex. 3 at 01:23" in chron  # the voicemail at 83 s
    assert "“Plaintiff seeks damages of $12,000,000.”" in chron
    assert "between 2023 and 2024" in chron and "c. Jan 2025" in chron and "3 Dec 2024 21:40" in chron
    assert "DISPUTED Executives brief reporters" in chron
    assert "SUGGESTED Statement by Ngô Thị Hương" in chron
    # in date order
    assert chron.index("Set photograph taken") < chron.index("Executives brief") < chron.index("Complaint filed")


def test_exhibit_index_and_thumbnail(dispute, tmp_path):
    case, _ids = dispute
    out, n, pages = render(case, tmp_path)
    start = first_page_with(pages, "Exhibit index")
    index = flat(pages[start - 1])
    for name in ("okafor-sues-halvorsen.txt", "complaint.pdf", "voicemail-2024-12-03.wav", "set-photo.png"):
        assert name in index
    sha = case.evidence.get(_ids["photo"]).sha256
    assert sha[:32] in index and sha[32:] in index
    assert "Daniel Reyes" in index  # the PDF's author as its source
    assert _images_on(out, start) == 1  # the photo's thumbnail
    out2, _n, pages2 = render(case, tmp_path, thumbnails=False)
    assert _images_on(out2, first_page_with(pages2, "Exhibit index")) == 0
    assert "Thumbnails left out" in flat(pages2[0])


def _images_on(pdf: Path, page_no: int) -> int:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[page_no - 1]
        return sum(1 for obj in page.get_objects() if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE)
    finally:
        doc.close()


def test_notes_say_what_they_are_attached_to_and_render_markdown(dispute, tmp_path):
    case, _ids = dispute
    out, n, pages = render(case, tmp_path)
    notes = flat(" ".join(pages[first_page_with(pages, "Notes") - 1:]))
    assert "Case Updated" in notes and "Focus on the December briefing; ask" in notes  # ** removed
    assert "**" not in notes and "## Strategy" not in notes and "Strategy" in notes
    assert "Event: 3 Dec 2024 21:40 — Voicemail left for Łukasiewicz" in notes
    assert "Party: Ngô Thị Hương" in notes and "interpreter needed" in notes
    assert "Ex. 4: set-photo" in notes and "EXIF intact" in notes
    assert notes.index("Case Updated") < notes.index("Event: 3 Dec") < notes.index("Party: Ngô")


def test_options_leave_out_sections_statuses_and_dates(dispute, tmp_path):
    case, _ids = dispute
    out, n, pages = render(case, tmp_path, sections=("chronology", "notes"),
                           statuses=(Status.CONFIRMED,))
    text = flat(" ".join(pages))
    assert "CASE SUMMARY" not in text and "Contents" not in text and "Exhibit index" not in text
    assert first_page_with(pages, "Chronology") == 1
    assert "Complaint filed" in text and "Voicemail left" in text
    assert "Executives brief" not in text  # disputed
    assert "Statement by Ngô" not in text  # suggested, and its note with it
    assert "ask the Ledger" not in text
    out, n, pages = render(case, tmp_path, sections=("cover", "chronology"), date_from="2024-12",
                           date_to="2024-12-31")
    text = flat(" ".join(pages))
    assert "Executives brief" in text and "Voicemail left" in text
    assert "Complaint filed" not in text and "Set photograph" not in text
    assert "Dates Dec 2024 to 31 Dec 2024" in text
    assert re.search(r"Events 2 of 5 in the case", text)


def test_unicode_names_survive(dispute, tmp_path):
    case, _ids = dispute
    out, n, pages = render(case, tmp_path)
    text = " ".join(pages)
    for name in NAMES:
        assert name in text
    assert "Z. Łukasiewicz" in text  # an alias
    # DejaVu Sans has no CJK glyphs, so CJK_NAME prints as boxes unless the machine has a CJK font


@pytest.mark.skipif(not HAS_POPPLER, reason="needs poppler-utils")
def test_fonts_embedded_and_metadata(dispute, tmp_path):
    case, _ids = dispute
    out = tmp_path / "s.pdf"
    write_pdf(case, out, SummaryOptions(author="Ruth Abernathy"))
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    rows = [ln for ln in fonts.splitlines()[2:] if ln.strip()]
    assert rows and all(ln.split()[-5] == "yes" for ln in rows), fonts  # the "emb" column
    assert any(ln.startswith("DejaVuSans ") for ln in rows)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Title:\s+Okafor v\. Halvorsen Media Group — case summary$", info, re.M)
    assert re.search(r"^Author:\s+Ruth Abernathy$", info, re.M)
    assert re.search(r"^Creator:\s+CaseFile ", info, re.M)
    assert re.search(r"^CreationDate:\s+\S", info, re.M)


def test_citations_link_to_the_exhibit_index(dispute, tmp_path):
    case, _ids = dispute
    out, n, pages = render(case, tmp_path)
    index_page = first_page_with(pages, "Exhibit index")
    chron_page = first_page_with(pages, "Chronology")
    targets = _link_targets(out, chron_page)
    assert targets and set(targets) == {index_page}
    contents = _link_targets(out, 2)
    assert sorted(contents) == sorted(first_page_with(pages, t) for t in ("Parties", "Chronology",
                                                                            "Exhibit index", "Notes"))


def _link_targets(pdf: Path, page_no: int) -> list[int]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[page_no - 1]
        out = []
        for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
            annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
            link = pdfium_c.FPDFAnnot_GetLink(annot)
            dest = pdfium_c.FPDFLink_GetDest(doc.raw, link) if link else None
            if dest:
                out.append(pdfium_c.FPDFDest_GetDestPageIndex(doc.raw, dest) + 1)
            pdfium_c.FPDFPage_CloseAnnot(annot)
        return out
    finally:
        doc.close()


def test_long_chronology_breaks_across_pages_with_header_repeated(case, tmp_path):
    build_dispute(case, tmp_path / "files", extra_events=120)
    out, n, pages = render(case, tmp_path, sections=("chronology",))
    assert n >= 4
    for t in pages:
        lines = [ln.strip() for ln in t.splitlines() if ln.strip()]
        # running header, then (on the first page) the section title and legend, then the table header
        head = " ".join(lines[:8])
        assert re.search(r"Date\s*Event\s*Parties\s*Sources", head), head
    text = flat(" ".join(pages))
    assert "Routine production meeting 120" in text and "Routine production meeting 1 " in text


def test_nothing_is_written_when_the_folder_is_missing(dispute, tmp_path):
    case, _ids = dispute
    from casefile.domain.errors import CaseFileError

    with pytest.raises(CaseFileError, match="does not exist"):
        write_pdf(case, tmp_path / "nope" / "s.pdf", SummaryOptions())


def test_cancel_leaves_no_file(dispute, tmp_path):
    case, _ids = dispute
    from casefile.reports.render import SummaryCancelled

    out = tmp_path / "c.pdf"
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(SummaryCancelled):
        write_pdf(case, out, SummaryOptions(), cancelled=cancelled)
    assert not out.exists() and not list(tmp_path.glob(".c.pdf*"))


def test_cli_summary_end_to_end(dispute, tmp_path):
    case, _ids = dispute
    path = case.path
    case.close()
    out = tmp_path / "cli.pdf"
    env_cmd = [sys.executable, "-m", "casefile", "summary", str(path), "-o", str(out),
               "--sections", "cover,chronology,exhibits", "--status", "confirmed,disputed", "--no-thumbnails",
               "--title", "Łukasiewicz matter"]
    proc = subprocess.run(env_cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    m = re.search(r"wrote .*cli\.pdf \((\d+) pages\)", proc.stdout)
    assert m
    pages = pages_text(out)
    assert len(pages) == int(m.group(1))
    text = flat(" ".join(pages))
    assert "Łukasiewicz matter" in text
    with pytest.raises(AssertionError):
        first_page_with(pages, "Notes")
    assert "Statement by Ngô" not in text and "Executives brief" in text
    assert _images_on(out, first_page_with(pages, "Exhibit index")) == 0
    bad = subprocess.run([sys.executable, "-m", "casefile", "summary", str(path), "-o", str(out),
                          "--sections", "cover,appendix"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Unknown section appendix" in bad.stderr and "Traceback" not in bad.stderr
