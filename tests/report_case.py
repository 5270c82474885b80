"""A fictional dispute built through the services, for the summary tests and for looking at the pages.

Exhibits: 1 a news article (text), 2 a three-page complaint (PDF), 3 a voice note (WAV), 4 a photo (PNG,
with a thumbnail). Events cite "Ex. 2, p. 3" and "Ex. 3 at 01:23"; parties have non-Latin names.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from casefile.context import Case
from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import DateQualifier, PartyKind, PartyRole, Status, TargetType
from casefile.domain.records import Citation, EventDraft, PartyDraft
from tests.fixture_files import make_pdf, make_png, make_wav

NAMES = ("Zoë Łukasiewicz", "Ngô Thị Hương", "Дмитрий Соколов")
CJK_NAME = "王小明"


def build_dispute(case: Case, tmp: Path, extra_events: int = 0) -> dict[str, int]:
    """Fill `case`; returns ids by name. `extra_events` adds routine events to make a long chronology."""
    case.imports.extractor = None  # no suggestions: the test decides every event and party
    ids: dict[str, int] = {}
    case.case.update(case.case.info().title, "Defamation claim by a documentary producer against a broadcaster "
                                             "over statements made after she complained about conditions on set.")
    tmp.mkdir(parents=True, exist_ok=True)

    def imported(path: Path) -> int:
        outcome = case.imports.import_file(path)
        assert outcome.evidence_id is not None, outcome
        return outcome.evidence_id

    ids["article"] = imported(_article(tmp / "okafor-sues-halvorsen.txt"))
    ids["complaint"] = imported(make_pdf(tmp / "complaint.pdf"))
    ids["voice"] = imported(make_wav(tmp / "voicemail-2024-12-03.wav", seconds=2.0))
    ids["photo"] = imported(make_png(tmp / "set-photo.png"))

    party = case.parties.create
    ids["zoe"] = party(PartyDraft(NAMES[0], PartyKind.PERSON, PartyRole.PLAINTIFF, aliases=("Z. Łukasiewicz",),
                                  description="Documentary producer.\nSecond line is not printed."))
    ids["huong"] = party(PartyDraft(NAMES[1], PartyKind.PERSON, PartyRole.WITNESS,
                                    description="Camera operator on the series."))
    ids["dmitry"] = party(PartyDraft(NAMES[2], PartyKind.PERSON, PartyRole.DEFENDANT,
                                     description="Executive producer at Halvorsen Media Group."))
    ids["wang"] = party(PartyDraft(CJK_NAME, PartyKind.PERSON, PartyRole.OTHER, description="Translator."))
    ids["halvorsen"] = party(PartyDraft("Halvorsen Media Group", PartyKind.ORGANIZATION, PartyRole.DEFENDANT))
    ids["ledger"] = party(PartyDraft("The Daily Ledger", PartyKind.MEDIA_OUTLET, PartyRole.MEDIA,
                                     status=Status.SUGGESTED))

    ev = case.events.create
    ids["briefing"] = ev(EventDraft(
        EventDate(CaseDate.parse("2024-12")), "Executives brief reporters against the producer",
        "Two reporters are told she is “impossible to work with”.", Status.DISPUTED,
        party_ids=(ids["dmitry"], ids["halvorsen"]),
        citations=(Citation(ids["complaint"], page=2, quote="Defendant's executives told reporters that "
                                                             "Plaintiff was \"impossible to work with\""),)))
    ids["voicemail"] = ev(EventDraft(
        EventDate(CaseDate.parse("2024-12-03T21:40")), "Voicemail left for Łukasiewicz",
        "A caller warns her to keep quiet.", Status.CONFIRMED, party_ids=(ids["zoe"],),
        citations=(Citation(ids["voice"], time_ms=83_000, quote="keep quiet or never work again"),)))
    ids["filing"] = ev(EventDraft(
        EventDate(CaseDate.parse("2025-01-20")), "Complaint filed in the Southern District of New York",
        "Seeks damages of $12,000,000.", Status.CONFIRMED, party_ids=(ids["zoe"], ids["halvorsen"]),
        citations=(Citation(ids["complaint"], page=3, quote="Plaintiff seeks damages of $12,000,000."),
                   Citation(ids["article"], quote="filed a lawsuit against Halvorsen Media Group"))))
    ids["statement"] = ev(EventDraft(
        EventDate(CaseDate.parse("2025-01"), DateQualifier.AROUND), "Statement by Ngô Thị Hương to the press",
        "", Status.SUGGESTED, party_ids=(ids["huong"], ids["ledger"]),
        citations=(Citation(ids["article"], quote="called the suit “a publicity stunt”"),)))
    ids["photo_event"] = ev(EventDraft(
        EventDate(CaseDate.parse("2023"), DateQualifier.BETWEEN, CaseDate.parse("2024")),
        "Set photograph taken", "Shows the working conditions on set.", Status.CONFIRMED,
        party_ids=(ids["huong"], ids["wang"]), citations=(Citation(ids["photo"]),)))
    for i in range(extra_events):
        day = CaseDate.parse(f"2024-{1 + i % 11:02d}-{1 + i % 27:02d}")
        ev(EventDraft(EventDate(day), f"Routine production meeting {i + 1}",
                      "Weekly meeting of the production team; minutes circulated afterwards by e-mail to all "
                      "attendees and kept on the shared drive.", Status.CONFIRMED, party_ids=(ids["zoe"],),
                      citations=(Citation(ids["complaint"], page=1 + i % 3, quote=f"minutes of meeting {i + 1}"),)))

    note = case.notes.create
    ids["note_case"] = note("## Strategy\n\nFocus on the **December briefing**; ask for the reporters' notes.\n\n"
                            "- Check the voicemail metadata\n- Get Дмитрий Соколов's calendar")
    ids["note_event"] = note("The caller's number is *withheld*.", TargetType.EVENT, ids["voicemail"])
    ids["note_party"] = note("Speaks Vietnamese and French; interpreter needed.", TargetType.PARTY, ids["huong"])
    ids["note_exhibit"] = note("Original photo from the camera card; EXIF intact.", TargetType.EVIDENCE,
                               ids["photo"])
    ids["note_suggested"] = note("Unverified: ask the Ledger for its source.", TargetType.EVENT, ids["statement"])
    return ids


def _article(path: Path) -> Path:
    path.write_text(
        "Okafor sues Halvorsen Media Group\n\nZoë Łukasiewicz filed a lawsuit against Halvorsen Media Group on "
        "January 20, 2025. The network's counsel called the suit “a publicity stunt”.\n",
        encoding="utf-8",
    )
    return path


# reading a summary PDF back -------------------------------------------------------------------------
def pages_text(pdf: Path) -> list[str]:
    """Text of each page, in reading order (pypdfium2)."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def flat(text: str) -> str:
    return " ".join(text.split())


def first_page_with(pages: list[str], heading: str) -> int:
    """1-based page whose first line after the running header is `heading`."""
    for i, t in enumerate(pages, 1):
        lines = [ln.strip() for ln in t.splitlines() if ln.strip()]
        if heading in lines[:4]:
            return i
    raise AssertionError(f"no page starts with {heading!r}")
