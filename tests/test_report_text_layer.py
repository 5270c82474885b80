"""The summary's text layer gives back the names as printed, in every script CaseFile prints."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from casefile.context import Case
from casefile.domain.enums import PartyKind, PartyRole
from casefile.domain.records import PartyDraft
from casefile.reports.options import SummaryOptions
from casefile.reports.render import write_pdf
from casefile.reports.text_layer import mend_cmap
from tests.report_case import pages_text

# One name per script, each printed in the parties section.
NAMES = {
    "Han (Traditional)": "李小龍",
    "Han (Simplified)": "王小明",
    "Japanese": "山田 花子",
    "Hangul": "김민준",
    "Cyrillic": "Дмитрий Соколов",
    "Greek": "Ελένη Παπαδοπούλου",
    "Latin with marks": "Zoë Łukasiewicz",
    "Vietnamese": "Ngô Thị Hương",
}


def test_radical_twins_in_a_tounicode_map_become_their_ideographs():
    cmap = (b"2 beginbfrange\n<0000> <0000> <0000>\n<0001> <0003> [<674E> <2F29> <2FD3>]\nendbfrange\n"
            b"1 beginbfchar\n<0004> <2F00>\nendbfchar\n1 beginbfrange\n<0010> <0012> <2F28>\nendbfrange")
    mended = mend_cmap(cmap).decode()
    assert "<0001> <0003> [<674E> <5C0F> <9F8D>]" in mended  # 李 小 龍
    assert "<0004> <4E00>" in mended  # 一
    assert "<0010> <0012> [<5BF8> <5C0F> <5C22>]" in mended  # a run holding a twin is written out
    assert "<0000> <0000> <0000>" in mended  # everything else untouched


def test_a_map_without_twins_is_left_byte_for_byte():
    cmap = b"1 beginbfrange\n<0001> <0003> [<0050> <0061> <0072>]\nendbfrange\n"
    assert mend_cmap(cmap) == cmap


def test_every_script_reads_back_from_the_summary_exactly(case: Case, tmp_path: Path):
    from casefile.reports.fonts import find_cjk_family
    from casefile.reports.render import ensure_app

    ensure_app()
    if find_cjk_family() is None:
        pytest.skip("no CJK font installed (fonts-noto-cjk; .ci/run installs it)")
    for name in NAMES.values():
        case.parties.create(PartyDraft(name, PartyKind.PERSON, PartyRole.WITNESS))
    out = tmp_path / "summary.pdf"
    write_pdf(case, out, SummaryOptions())
    text = " ".join(pages_text(out))  # as a reader copies it: no normalisation
    missing = [script for script, name in NAMES.items() if name not in text]
    assert missing == []
    if shutil.which("pdftotext"):  # poppler reads the same layer (search in most PDF viewers)
        poppler = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert "李小龍" in poppler and "王小明" in poppler
