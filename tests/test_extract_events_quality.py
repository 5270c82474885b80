"""Events a careful reader would write down (issue 11): no page furniture, no undated "today", forecasts marked,
the story's undated claims reported on the publication date, short titles, one event per sentence, no flood."""

from __future__ import annotations

import pytest

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, DateQualifier, EvidenceKind
from casefile.extract.events import event_cap
from casefile.extract.pipeline import extract
from casefile.extract.sentences import split_paragraphs, split_sentences
from casefile.importers.base import Limits
from casefile.importers.pdf import IMPORTER
from tests.fixture_files import make_pdf

SUBJECTS = ["The Harbor Commission", "Commissioner Ada Brennan", "Auditor Felix Moreau", "Keel & Sons",
            "The port director"]  # fmt: skip
ACTS = ["reviewed the dredging contract", "questioned a change order", "filed a revised invoice",
        "asked for the signed delivery notes"]  # fmt: skip


def _printout(pages: int) -> str:
    """What a browser's "print to PDF" gives back as text: a header, the page's words, a footer on every page."""
    out = []
    for n in range(pages):
        body = f"{SUBJECTS[n % 5]} {ACTS[n // 5 % 4]} on March {n + 1}, 2025, during session {n + 1}."
        out.append(f"Harbor Commission minutes – public record\n{body}")
        out.append(f"Printed by jmorales on 4/28/2025 at 10:{n:02d} AM    Page {n + 1} of {pages}")
    return "\n".join(out)


def test_a_footer_on_every_page_gives_no_event() -> None:
    text = _printout(20)
    x = extract(text, published=CaseDate(2025, 4, 28))
    assert x.events, "the minutes themselves carry dated events"
    assert not [e for e in x.events if "Printed by" in e.quote or "Page " in e.quote]
    assert not [e for e in x.events if e.date.start == CaseDate(2025, 4, 28)]
    assert sorted(e.date.start.day for e in x.events) == list(range(1, 21))  # one event per page's own sentence
    assert not [e for e in x.events if "minutes" in e.title]


def test_repeated_sentences_give_one_event() -> None:
    body = "Keel & Sons filed a revised invoice with the Harbor Commission on March 12, 2025."
    text = "\n".join([body, "The auditor questioned it.", body, "Nobody signed it.", body])
    x = extract(text)
    assert len(x.events) <= 1


def test_a_single_printed_by_line_is_still_furniture() -> None:
    text = (
        "Printed by jmorales on April 28, 2025\n"
        "The commission voted on April 2, 2025, to suspend payments to Keel & Sons pending a review.\n"
        "© 2025 Harbor Gazette. All rights reserved. Updated April 27, 2025.\n"
        "Home | News | Harbor | Opinion | Contact"
    )
    x = extract(text)
    assert [e.date.start.iso() for e in x.events] == ["2025-04-02"]


OPINION = (
    "Our city cannot keep ignoring its seawall.\n"
    "Today, we face a choice between repairing it and paying for the flood that follows. "
    "The council must act before the storms arrive."
)


def test_today_in_an_undated_opinion_piece_gives_nothing() -> None:
    assert extract(OPINION).events == []


def test_today_in_a_present_tense_opinion_gives_nothing_even_when_dated() -> None:
    assert extract(OPINION, published=CaseDate(2025, 10, 2)).events == []


def test_today_anchored_to_a_publication_date_gives_one_event() -> None:
    text = "The Riverside council voted today to fund the seawall repairs, ending a two-year dispute with Keel & Sons."
    x = extract(text, published=CaseDate(2025, 10, 2))
    (event,) = x.events
    assert (event.date.start, event.date.qualifier) == (CaseDate(2025, 10, 2), DateQualifier.ON)
    assert event.title.startswith("The Riverside council voted")
    assert extract(text).events == []  # the same words with no publication date: nothing to anchor "today"


def test_a_forecast_is_marked_and_unsure() -> None:
    text = (
        "Sea levels along the Riverside coast rose four inches between 1990 and 2020, the survey found.\n"
        "The report warns that the lower harbor will be underwater before 2050 unless the seawall is raised."
    )
    x = extract(text, published=CaseDate(2025, 10, 2))
    forecasts = [e for e in x.events if e.forecast]
    (forecast,) = forecasts
    assert forecast.date.start.year == 2050 and forecast.date.qualifier is DateQualifier.BEFORE
    assert forecast.confidence <= 0.3
    (past,) = [e for e in x.events if not e.forecast]
    assert past.date.start.year == 1990 and past.confidence > forecast.confidence


def test_a_hearing_set_for_next_month_is_a_plan_not_a_forecast() -> None:
    text = "Judge Irma Castillo set a hearing on the motion for November 18, 2025."
    (event,) = extract(text, published=CaseDate(2025, 10, 2)).events
    assert not event.forecast


CLAIMS = (
    "Harbor feud spills into court\n"
    "By Lena Fischer\n"
    "Keel & Sons is suing the Harbor Commission for $3.4 million, claiming the commission broke its contract.\n"
    "Commissioner Ada Brennan says Keel & Sons owner Viktor Keel threatened her after a meeting.\n"
    "Neither side answered calls. Lawsuits like this one can take years."
)


def test_undated_claims_are_reported_on_the_publication_date() -> None:
    published = CaseDate(2025, 5, 6)
    x = extract(CLAIMS, published=published)
    assert len(x.events) == 2
    for e in x.events:
        assert (e.date.start, e.date.qualifier) == (published, DateQualifier.BEFORE)
        assert e.tags[0] == "reported" and CLAIMS[e.char_start : e.char_end] == e.quote
        assert 0.3 <= e.confidence <= 0.6
    suit, threat = x.events
    assert suit.quote.startswith("Keel & Sons is suing the Harbor Commission for $3.4 million")
    assert "$3.4 million" in suit.tags and "lawsuit" in suit.tags
    assert suit.title == "Keel & Sons is suing the Harbor Commission for $3.4 million"[: len(suit.title)]
    assert threat.quote.startswith("Commissioner Ada Brennan says Keel & Sons owner Viktor Keel threatened her")


def test_undated_claims_need_a_publication_date() -> None:
    assert extract(CLAIMS).events == []


def test_a_claim_already_dated_is_not_reported_twice() -> None:
    text = (
        "Keel & Sons sued the Harbor Commission on May 2, 2025, over unpaid invoices.\n"
        "The company is suing the commission for $3.4 million, its lawyer Tomas Reyes said."
    )
    x = extract(text, published=CaseDate(2025, 5, 6))
    assert [e.date.start.iso() for e in x.events] == ["2025-05-02"]


@pytest.mark.parametrize(
    "line",
    [
        "-- On March 3, 2025, the Harbor Commission met to review the dredging contract awarded to Keel & Sons.",
        "- On March 3, 2025, the Harbor Commission met to review the dredging contract awarded to Keel & Sons.",
        "• On March 3, 2025, the Harbor Commission met to review the dredging contract awarded to Keel & Sons.",
        "On March 3, 2025, Harbor Commission members Ada Brennan, Felix Moreau, Ines Castillo and Viktor Almeida "
        "voted to review the dredging contract awarded to Keel & Sons after a long and heated public session.",
    ],
)
def test_titles_are_short_and_start_with_words(line: str) -> None:
    (event,) = extract(line).events
    assert len(event.title) <= 80
    assert event.title[:1].isalnum(), event.title


def test_one_sentence_gives_one_event_at_most() -> None:
    text = (
        "Viktor Keel was arrested on Monday, March 3, 2025, and appeared in court on Tuesday, March 4, 2025, "
        "where a judge set a trial date of June 9, 2025.\n"
        "The commission met on March 12, 2025. It voted on April 2, 2025, to suspend payments."
    )
    x = extract(text, published=CaseDate(2025, 4, 10))
    sentences = split_sentences(text, split_paragraphs(text))
    for s in sentences:
        assert len([e for e in x.events if s.start <= e.char_start < s.end]) <= 1
    assert [e.date.start.iso() for e in x.events] == ["2025-03-03", "2025-03-12", "2025-04-02"]


def test_confidence_follows_how_the_date_was_written() -> None:
    text = (
        "The commission met on March 12, 2025, to hear the auditor.\n"
        "The auditor had flagged the invoices in February 2025.\n"
        "Keel & Sons was founded in 1998 by Viktor Keel."
    )
    x = extract(text, published=CaseDate(2025, 4, 10))
    by_precision = {e.date.start.precision: e.confidence for e in x.events}
    assert by_precision[DatePrecision.DAY] > by_precision[DatePrecision.MONTH] > by_precision[DatePrecision.YEAR]


def test_a_long_chronology_is_capped_relative_to_its_length() -> None:
    lines = [f"Invoice {n} was paid to Keel & Sons on March {n % 28 + 1}, 20{10 + n % 15}." for n in range(300)]
    text = "\n".join(lines)
    x = extract(text)
    assert len(x.events) == event_cap(text) < 300


def test_a_files_own_date_does_not_anchor_today() -> None:
    """A PDF's creation date is when someone printed it, not when the piece was written."""
    body = "The Riverside council voted today to fund the seawall repairs, ending a dispute with Keel & Sons."
    printed = CaseDate(2025, 11, 20)
    assert extract(body, published=printed, kind=EvidenceKind.DOCUMENT).events == []
    dated = "Riverside Ledger\nPublished October 2, 2025\n" + body
    (event,) = extract(dated, published=printed, kind=EvidenceKind.DOCUMENT).events
    assert event.date.start == CaseDate(2025, 10, 2)
    (as_article,) = extract(body, published=CaseDate(2025, 10, 2)).events
    assert as_article.date.start == CaseDate(2025, 10, 2)


def test_a_printed_pdf_through_the_importer_gives_one_event_per_page(tmp_path) -> None:
    """The issue's case end to end: a generated 20-page PDF, each page with a running header, its own dated line
    and a "Printed by … on <date> … Page n of 20" footer, read by the real PDF importer."""
    pages = [
        "Harbor Commission minutes - public record\n"
        f"On March {n + 1}, 2025, the commission reviewed invoice {300 + n} from Keel & Sons.\n"
        f"Printed by jmorales on 4/28/2025 at 10:{n:02d} AM   Page {n + 1} of 20"
        for n in range(20)
    ]
    path = make_pdf(tmp_path / "minutes.pdf", pages=pages, created="D:20250428100000+00'00'")
    item = IMPORTER.read(path, "minutes.pdf", Limits())
    assert item.text.count("Printed by") == 20
    x = extract(item.text, published=item.published, kind=item.kind)
    assert [e.date.start for e in x.events] == [CaseDate(2025, 3, n + 1) for n in range(20)]
    assert not [e for e in x.events if "Printed" in e.quote or "minutes" in e.title]


def test_dates_that_lean_on_the_event_just_told() -> None:
    text = (
        "On October 24, 2001, Keel & Sons paid $1,000 to the Harbor Fund. The fund paid $3,000 to the mayor's "
        "campaign on the same day.\n"
        "Keel & Sons won the dredging contract on December 16, 2002. Earlier that October, Viktor Keel had met the "
        "port director."
    )
    x = extract(text)
    assert [(e.date.start.iso(), e.date.start.precision) for e in x.events] == [
        ("2001-10-24", DatePrecision.DAY), ("2001-10-24", DatePrecision.DAY), ("2002-12-16", DatePrecision.DAY),
        ("2001-10", DatePrecision.MONTH),  # the October told of, not the one before the December
    ]  # fmt: skip
    assert x.events[1].title.startswith("The fund paid $3,000")


def test_a_month_named_alone_takes_the_publication_year() -> None:
    text = "The account was blocked for a week in February for posting the auditor's home address."
    (event,) = extract(text, published=CaseDate(2006, 7, 24)).events
    assert (event.date.start, event.date.qualifier) == (
        CaseDate(2006, 2, precision=DatePrecision.MONTH), DateQualifier.ON,
    )  # fmt: skip
    assert extract(text).events == []  # no publication date: no year to give it
    late = extract("Keel & Sons has not paid the port since November.", published=CaseDate(2006, 3, 2)).events
    assert [(e.date.start.iso(), e.date.qualifier) for e in late] == [("2005-11", DateQualifier.AFTER)]


def test_a_date_in_brackets_takes_the_brackets_words() -> None:
    text = (
        "The edit was reverted within the hour, and the account was not blocked (it did receive a brief block "
        "in February for vandalism)."
    )
    (event,) = extract(text, published=CaseDate(2006, 7, 24)).events
    assert event.title == "It did receive a brief block for vandalism"
