"""A count and its noun are said one way (`domain.sizes.counted`): one page, two pages, no pages; the passes'
summaries and an import's line say their counts through it."""

from __future__ import annotations

from casefile.domain.enums import EvidenceKind, ImportStatus
from casefile.domain.records import ImportOutcome
from casefile.domain.sizes import counted
from casefile.services.ocr_service import ExhibitPages, OcrReport
from casefile.services.transcription_service import TranscribeReport


def test_counted_is_singular_for_one_only() -> None:
    assert [counted(n, "page") for n in (0, 1, 2, 1000)] == ["0 pages", "1 page", "2 pages", "1000 pages"]


def test_the_pages_summary_counts_pages_and_exhibits() -> None:
    one = OcrReport((ExhibitPages(1, 4, "docket.pdf", read=(3,)),))
    assert one.summary() == "1 page read in 1 exhibit"
    two = OcrReport((ExhibitPages(1, 4, "docket.pdf", read=(3, 4)), ExhibitPages(2, 5, "fax.tif", read=(2,))))
    assert two.summary() == "3 pages read in 2 exhibits"


def test_the_transcription_summary_counts_transcripts_and_waiting_clips() -> None:
    assert TranscribeReport({7: 9}, 1, 2, model="base").summary() == "1 transcript from 1 of 2 clips (base)"
    assert TranscribeReport({7: 9, 8: 10}, 2, 2, model="base").summary() == "2 transcripts from 2 of 2 clips (base)"
    assert TranscribeReport(total=1, unavailable="No model.").summary() == "No model. 1 clip wait for it"
    assert TranscribeReport(total=3, unavailable="No model.").summary() == "No model. 3 clips wait for it"


def test_an_import_line_counts_its_suggestions() -> None:
    out = ImportOutcome("a.txt", ImportStatus.IMPORTED, exhibit=3, kind=EvidenceKind.TEXT, suggestions=1)
    assert out.line() == "a.txt: imported (Ex. 3, text, 1 suggestion)"
    assert ImportOutcome("b.txt", ImportStatus.IMPORTED, exhibit=4, kind=EvidenceKind.TEXT,
                         suggestions=0).line() == "b.txt: imported (Ex. 4, text, 0 suggestions)"
