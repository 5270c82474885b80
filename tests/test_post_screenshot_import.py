"""A screenshot of a post through the real import and suggestion pass: the post is stored as an exhibit linked to
its image (like an embedded post), its author becomes a party, and the hearing it announces a suggested event
citing the post's words.

The image importer reads the picture with Tesseract and calls `post_from_screenshot` on what it read.
"""

from __future__ import annotations

from pathlib import Path

from casefile.context import Case
from casefile.domain.enums import EvidenceKind, ImportStatus, Status
from casefile.domain.records import EventFilter
from tests.test_post_screenshot_drawing import DARK, draw_document, draw_x
from tests.test_post_screenshot_ocr import POSTS


def test_a_screenshot_of_a_post_gives_the_post_its_author_and_the_hearing(case: Case, tmp_path: Path) -> None:
    shot = tmp_path / "Screenshot 2025-03-03 at 11.02.14.png"
    draw_x(POSTS["x"][0], DARK).save(shot)

    report = case.imports.import_paths([shot])

    assert [o.status for o in report.outcomes] == [ImportStatus.IMPORTED]
    image_id = report.outcomes[0].evidence_id
    assert case.evidence.get(image_id).published is None  # the post's stamp is the post's date, not the picture's
    (post,) = [e for e in case.evidence.list() if e.parent_id == image_id]
    assert post.kind is EvidenceKind.SOCIAL_POST
    assert post.relation == "embedded"
    assert post.author == "Maria Lindqvist (@mlindqvist_news)"
    assert post.published is not None and post.published.iso() == "2025-03-03T10:42"
    assert post.metadata["platform"] == "x"
    assert case.evidence.text(post.id).startswith("The hearing in Okafor v. Halvorsen is set for April 14, 2025")

    hearing = [e for e in case.events.list(EventFilter(statuses=(Status.SUGGESTED,)))
               if e.date.start.iso() == "2025-04-14"]
    assert len(hearing) == 1
    (cite,) = hearing[0].citations
    assert cite.evidence_id == post.id  # the post's words, not the picture's chrome
    assert "April 14, 2025" in cite.quote
    assert case.evidence.text(post.id)[cite.char_start:cite.char_end] == cite.quote

    parties = {p.name: p for p in case.parties.list((Status.SUGGESTED,))}
    assert "Maria Lindqvist" in parties
    assert "@mlindqvist_news" in parties["Maria Lindqvist"].aliases
    posted = [e for e in case.events.list(EventFilter(statuses=(Status.SUGGESTED,)))
              if e.date.start.iso() == "2025-03-03T10:42"]
    assert [e.party_names for e in posted] == [("Maria Lindqvist",)]  # the post's own event names its author
    # the picture's OCR text (name, counts, stamp read as prose) suggests nothing of its own
    every = case.events.list(EventFilter(statuses=tuple(Status)))
    assert all(c.evidence_id == post.id for e in every for c in e.citations)
    assert not any(p.name.startswith(("Reposts", "Follow")) for p in parties.values())


def test_a_screenshot_of_a_letter_gets_no_post(case: Case, tmp_path: Path) -> None:
    shot = tmp_path / "letter.png"
    draw_document().save(shot)
    report = case.imports.import_paths([shot])
    image_id = report.outcomes[0].evidence_id
    assert [e for e in case.evidence.list() if e.parent_id == image_id] == []
    assert "April 14, 2025" in case.evidence.text(image_id)
