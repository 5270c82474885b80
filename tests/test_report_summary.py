"""The case summary PDF, read back: sections, contents page numbers, page furniture, citations, options,
unicode, embedded fonts, metadata, internal links, long tables."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from casefile.context import Case
from casefile.domain.enums import Status
from casefile.reports.options import SummaryOptions
from casefile.reports.render import write_pdf
from tests.report_case import NAMES, build_dispute, first_page_with, flat, pages_text

LEFT_OUT = re.compile(r"not yet reviewed (was|were|is|are) left out")  # the cover's and legend's note

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
    assert re.search(r"Parties 5 of 6 in the case", cover) and re.search(r"Events 4 of 5 in the case", cover)
    assert re.search(r"Exhibits 4\b", cover)
    assert "Event statuses confirmed, disputed" in cover and "suggested" not in cover.split("Event statuses")[1]
    assert "1 suggestion not yet reviewed was left out." in cover
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
    out, n, pages = render(case, tmp_path, statuses=(Status.CONFIRMED, Status.DISPUTED, Status.SUGGESTED))
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
    out, n, pages = render(case, tmp_path, statuses=(Status.CONFIRMED, Status.DISPUTED, Status.SUGGESTED))
    index_page = first_page_with(pages, "Exhibit index")
    chron_page = first_page_with(pages, "Chronology")
    targets = _link_targets(out, chron_page)
    assert targets and set(targets) == {index_page}
    contents = _link_targets(out, 2)
    assert sorted(contents) == sorted(first_page_with(pages, t) for t in ("Parties", "Chronology",
                                                                            "Where sources disagree",
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


# suggestions, split rows, scripts --------------------------------------------------------------------------
def _pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.skipif(not HAS_POPPLER, reason="needs poppler-utils")
def test_suggestions_are_left_out_by_default_and_counted_on_the_cover(dispute, tmp_path):
    case, ids = dispute
    out = tmp_path / "reviewed.pdf"
    write_pdf(case, out, SummaryOptions())
    text = flat(_pdftotext(out))
    assert "Statement by Ngô Thị Hương" not in text and "The Daily Ledger" not in text
    assert "Executives brief reporters" in text and "in the Southern District" in text
    assert "1 suggestion not yet reviewed was left out." in text
    assert "1 suggested event not yet reviewed is left out." in text  # the chronology's legend

    out2 = tmp_path / "all.pdf"
    write_pdf(case, out2, SummaryOptions(statuses=(Status.CONFIRMED, Status.DISPUTED, Status.SUGGESTED)))
    text2 = flat(_pdftotext(out2))
    assert "SUGGESTED" in text2 and "Statement by Ngô Thị Hương" in text2 and "The Daily Ledger" in text2
    assert not LEFT_OUT.search(text2)


def test_cli_include_suggested(dispute, tmp_path):
    case, _ids = dispute
    path = case.path
    case.close()
    texts = {}
    for flag in ([], ["--include-suggested"]):
        out = tmp_path / f"cli{len(flag)}.pdf"
        proc = subprocess.run([sys.executable, "-m", "casefile", "summary", str(path), "-o", str(out),
                               "--sections", "cover,chronology", *flag], capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 0, proc.stderr
        texts[bool(flag)] = flat(" ".join(pages_text(out)))
    assert "Statement by Ngô" not in texts[False] and "1 suggestion not yet reviewed was left out" in texts[False]
    assert "Statement by Ngô" in texts[True] and not LEFT_OUT.search(texts[True])


def _long_rows(case: Case, tmp_path: Path) -> None:
    ids = build_dispute(case, tmp_path / "files", extra_events=60)
    from casefile.domain.dates import CaseDate, EventDate
    from casefile.domain.records import Citation, EventDraft

    quote = " ".join(["The witness repeated that the recording had been edited before broadcast."] * 6)
    for i in range(3):
        case.events.create(EventDraft(
            EventDate(CaseDate.parse(f"2024-06-{10 + i:02d}")), f"Long disputed event {i}", "Details. " * 40,
            Status.DISPUTED, citations=tuple(Citation(ids["complaint"], page=1 + j % 3, quote=quote)
                                             for j in range(4))))


def test_split_rows_repeat_their_date_and_keep_the_header(case, tmp_path):
    _long_rows(case, tmp_path)
    out, n, pages = render(case, tmp_path, sections=("chronology",))
    continued = [(i, t) for i, t in enumerate(pages) if "(cont.)" in t]
    assert continued, "no row was split across pages"
    for i, t in continued:
        lines = [ln.strip() for ln in t.splitlines() if ln.strip()]
        head = " ".join(lines[:6])
        assert re.search(r"Date\s*Event\s*Parties\s*Sources", head), head
        m = re.search(r"(\d{1,2} \w{3} 2024)\s*\(cont\.\)", flat(t))
        assert m, flat(t)
        assert m.group(1) in pages[i - 1]  # the row that began on the page before
        assert _header_rule_unbroken(out, i), f"header painted over on page {i + 1}"
    # a page that starts with a fresh row does not claim to continue one
    fresh = [t for t in pages if "(cont.)" not in t]
    assert len(fresh) >= 2 and any("Routine production meeting" in t.split("Sources", 1)[1][:200] for t in fresh)


def _header_rule_unbroken(pdf: Path, index: int) -> bool:
    """The dark rule under the repeated table header spans the table (nothing painted over it)."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        image = doc[index].render(scale=2).to_pil().convert("RGB")
    finally:
        doc.close()
    w, h = image.size
    xs = [int(w * f) for f in (0.15, 0.4, 0.7, 0.85)]  # under Date, Event, Parties, Sources
    for y in range(int(h * 0.05), int(h * 0.25)):
        if all(sum(image.getpixel((x, y))) < 300 and image.getpixel((x, y))[2] > image.getpixel((x, y))[0]
               for x in xs):
            return True
    return False


def test_cjk_names_print_with_a_cjk_font_when_installed(dispute, tmp_path):
    from casefile.reports.fonts import find_cjk_family
    from tests.report_case import CJK_NAME

    case, _ids = dispute
    from casefile.reports.render import ensure_app

    ensure_app()
    family = find_cjk_family()
    if family is None:
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    out, n, pages = render(case, tmp_path)
    # Qt maps 小 to its Kangxi radical twin (U+2F29) in the PDF's text layer; NFKC folds it back
    assert CJK_NAME in unicodedata.normalize("NFKC", " ".join(pages))
    assert "could not be printed" not in flat(pages[0])
    if HAS_POPPLER:
        fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
        assert "CJK" in fonts, fonts


def test_scripts_no_font_can_print_are_named_on_the_cover(dispute, tmp_path, monkeypatch):
    """A machine without a CJK font: the cover says which script is missing instead of printing boxes."""
    from casefile.reports import fonts
    from casefile.reports import render as render_module

    case, _ids = dispute
    render_module.ensure_app()
    render_module.register_fonts()
    fonts._printable.cache_clear()
    monkeypatch.setattr(render_module, "_fallbacks", [])
    monkeypatch.setattr(fonts, "_installed", lambda: ())
    try:
        out, n, pages = render(case, tmp_path, sections=("cover", "parties"))
    finally:
        fonts._printable.cache_clear()
    cover = flat(pages[0])
    assert "Some characters could not be printed" in cover
    assert "Chinese, Japanese and Korean (Han)" in cover and "Noto CJK" in cover
    assert "Cyrillic" not in cover  # DejaVu prints Дмитрий


def test_unprintable_scripts_names_them():
    from casefile.reports.fonts import script_of

    assert script_of("王") == "Chinese, Japanese and Korean (Han)"
    assert script_of("한") == "Korean (Hangul)"
    assert script_of("ก") == "Thai"
