"""One rule at a time: dates and qualifiers, header, titles, tags, organisations, outlets, counsel."""

from __future__ import annotations

import pytest

from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import DatePrecision, DateQualifier, PartyKind, PartyRole
from casefile.extract.dates import find_dates
from casefile.extract.pipeline import extract
from casefile.extract.tags import find_tags
from casefile.extract.titles import make_title

PUBLISHED = CaseDate(2025, 1, 29)  # a Wednesday
DAY, MONTH, YEAR, MINUTE = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.MINUTE


def _day(y: int, m: int, d: int) -> CaseDate:
    return CaseDate(y, m, d, precision=DAY)


@pytest.mark.parametrize(
    ("sentence", "surface", "expected"),
    [
        ("She filed on January 27, 2025, in Manhattan.", "January 27, 2025", EventDate(_day(2025, 1, 27))),
        ("She filed on Jan. 27, 2025.", "Jan. 27, 2025", EventDate(_day(2025, 1, 27))),
        ("She filed on 27 Jan 2025.", "27 Jan 2025", EventDate(_day(2025, 1, 27))),
        ("She filed 2025-01-27.", "2025-01-27", EventDate(_day(2025, 1, 27))),
        ("She filed on Jan. 27.", "Jan. 27", EventDate(_day(2025, 1, 27))),
        ("The deal closed on Dec. 20.", "Dec. 20", EventDate(_day(2024, 12, 20))),  # not 11 months ahead
        ("They met in January 2025.", "January 2025", EventDate(CaseDate(2025, 1, precision=MONTH))),
        ("They met in 2024.", "2024", EventDate(CaseDate(2024, precision=YEAR))),
        ("She sued on Monday.", "Monday", EventDate(_day(2025, 1, 27))),
        ("She sued last Wednesday.", "last Wednesday", EventDate(_day(2025, 1, 22))),
        ("She sued yesterday.", "yesterday", EventDate(_day(2025, 1, 28))),
        ("He called yesterday at 2:00 AM.", "yesterday", EventDate(CaseDate(2025, 1, 28, 2, 0, MINUTE))),
        ("He called around 2 a.m. on Jan. 27.", "Jan. 27",
         EventDate(CaseDate(2025, 1, 27, 2, 0, MINUTE), DateQualifier.AROUND)),
        ("He called at two in the morning on January 27.", "January 27", EventDate(CaseDate(2025, 1, 27, 2, 0, MINUTE))),
        ("It was signed before March 3, 2024.", "March 3, 2024", EventDate(_day(2024, 3, 3), DateQualifier.BEFORE)),
        ("They have feuded since 2020.", "2020", EventDate(CaseDate(2020, precision=YEAR), DateQualifier.AFTER)),
        ("It collapsed between Nov. 4 and Dec. 9, 2024.", "Nov. 4 and Dec. 9, 2024",
         EventDate(_day(2024, 11, 4), DateQualifier.BETWEEN, _day(2024, 12, 9))),
        ("She worked there from June 2023 to August 2024.", "June 2023 to August 2024",
         EventDate(CaseDate(2023, 6, precision=MONTH), DateQualifier.SPAN, CaseDate(2024, 8, precision=MONTH))),
        ("Filming ran Jan. 6-10, 2025.", "Jan. 6-10, 2025",
         EventDate(_day(2025, 1, 6), DateQualifier.SPAN, _day(2025, 1, 10))),
        ("The board met last week.", "last week",
         EventDate(_day(2025, 1, 20), DateQualifier.BETWEEN, _day(2025, 1, 26))),
        ("They spoke two weeks ago.", "two weeks ago", EventDate(_day(2025, 1, 15), DateQualifier.AROUND)),
    ],
)  # fmt: skip
def test_dates(sentence: str, surface: str, expected: EventDate) -> None:
    hits = find_dates(sentence, 0, len(sentence), PUBLISHED)
    assert [(sentence[h.start : h.end], h.date) for h in hits] == [(surface, expected)]


@pytest.mark.parametrize(
    "sentence",
    [
        "He is suing for $400 million.",
        "Page 2024 of the filing is blank.",
        "The 2024 election changed everything.",
        "He will appear in court on Friday.",  # future: not resolved against publication
        "It happened a few weeks ago.",  # vague: skipped
        "He may 5 times have called.",  # "may" is a verb
        "The call came at 2:00 AM.",  # a time with no day
    ],
)
def test_not_dates(sentence: str) -> None:
    assert find_dates(sentence, 0, len(sentence), PUBLISHED) == []


def test_unresolvable_without_publication_date() -> None:
    sentence = "She sued on Monday, then again on Jan. 27."
    assert find_dates(sentence, 0, len(sentence), None) == []


def test_header_title_byline_dateline_make_no_events() -> None:
    text = (
        "Okafor Sues Halvorsen Media Group Over Leaked Recording\n"
        "By Dana Whitcombe\n"
        "Published March 14, 2025, 9:30 a.m. ET\n\n"
        "Marguerite Okafor sued Halvorsen Media Group on Monday. Halvorsen said the claims were baseless.\n"
    )
    x = extract(text)
    assert x.title == "Okafor Sues Halvorsen Media Group Over Leaked Recording"
    assert x.author == "Dana Whitcombe"
    assert x.published == CaseDate(2025, 3, 14, 9, 30, MINUTE)
    (event,) = x.events  # "on Monday" resolves against the dateline; the dateline itself is no event
    assert event.date == EventDate(_day(2025, 3, 10))
    assert event.title == "Marguerite Okafor sued Halvorsen Media Group"
    assert "Dana Whitcombe" not in {p.name for p in x.parties}
    okafor = next(p for p in x.parties if p.name == "Marguerite Okafor")
    assert okafor.mentions[0].text == "Okafor" and okafor.mentions[0].char_start == 0  # headline: known name
    assert {p.name for p in x.parties} == {"Marguerite Okafor", "Halvorsen Media Group"}


def test_title_is_the_main_clause_without_the_date() -> None:
    sentence = (
        "On Feb. 3, 2025, Marguerite Okafor sued Halvorsen Media Group for $12.5 million, claiming the company "
        "defamed her in a podcast episode that aired the same week."
    )
    start = sentence.index("Feb. 3, 2025")
    title = make_title(sentence, [(start, start + len("Feb. 3, 2025"))])
    assert title == "Marguerite Okafor sued Halvorsen Media Group for $12.5 million"
    long_one = "Okafor said the studio " + "kept changing the schedule and the script " * 4
    clipped = make_title(long_one)
    assert len(clipped) <= 81 and clipped.endswith("…") and not clipped[:-1].endswith((" the", " and"))


def test_tags() -> None:
    sentence = "Lindqvist is suing Okafor for $400 million, claiming she defamed and harassed him; a settlement failed."
    assert find_tags(sentence, 0, len(sentence)) == [
        "$400 million", "lawsuit", "defamation", "harassment", "settlement"
    ]  # fmt: skip


def test_organisations_outlets_counsel_and_judges() -> None:
    text = (
        "Marguerite Okafor sued Halvorsen Media Group on Jan. 6, 2025, in Los Angeles Superior Court. "
        "Okafor's attorney, Priya Raman, told Variety the case is strong. Judge Amelia Roth set a hearing. "
        "Variety can be a virtue, said Raman. Halvorsen's lawyer Bram Oduya declined to comment to the Daily Mail."
    )
    x = extract(text, published=PUBLISHED)
    parties = {p.name: p for p in x.parties}
    assert parties["Halvorsen Media Group"].kind is PartyKind.ORGANIZATION
    assert parties["Halvorsen Media Group"].role is PartyRole.DEFENDANT
    assert parties["Halvorsen Media Group"].aliases == ["Halvorsen"]
    assert parties["Los Angeles Superior Court"].kind is PartyKind.ORGANIZATION
    assert parties["Priya Raman"].role is PartyRole.COUNSEL
    assert parties["Bram Oduya"].role is PartyRole.COUNSEL
    assert parties["Amelia Roth"].description == "judge"
    assert parties["The Daily Mail"].aliases == ["Daily Mail"]
    variety = parties["Variety"]  # "told Variety" counts; sentence-initial "Variety can be" does not
    assert variety.kind is PartyKind.MEDIA_OUTLET and len(variety.mentions) == 1
    assert parties["Marguerite Okafor"].role is PartyRole.PLAINTIFF
    (event,) = x.events
    assert event.date == EventDate(_day(2025, 1, 6))
    assert event.party_names == ["Marguerite Okafor", "Halvorsen Media Group", "Los Angeles Superior Court"]
    assert event.tags == ["lawsuit"]


def test_handles_and_lone_hashtags() -> None:
    text = "Fans tagged @PopCrave and #Lindqvist on Monday. Nobody named #SomeoneElse."
    x = extract(text, published=PUBLISHED)
    assert [(p.name, p.kind) for p in x.parties] == [("@PopCrave", PartyKind.SOCIAL_ACCOUNT)]


def test_embed_attribution_on_its_own_line_is_the_post_above() -> None:
    text = (
        "Judge Lewis Liman set a trial date of March 9, 2026, during a hearing on February 3.\n"
        "Statement from Blake Lively's attorneys on the Wayfarer lawsuit. pic.twitter.com/abc123\n"
        "— Variety (@Variety) January 30, 2025\n"
        "Ryan Reynolds was added as a defendant."
    )
    x = extract(text, published=CaseDate(2025, 1, 31))
    (post,) = x.posts
    assert (post.author, post.handle, post.date) == ("Variety", "@Variety", CaseDate(2025, 1, 30))
    assert post.text == "Statement from Blake Lively's attorneys on the Wayfarer lawsuit. pic.twitter.com/abc123"
    assert text[post.char_start : post.char_end].endswith("January 30, 2025")
    assert text[post.char_start :].startswith("Statement from")
    titles = {e.date.start.iso(): e.title for e in x.events}
    assert titles == {
        "2026-03-09": "Trial date set by Judge Lewis Liman",
        "2025-01-30": "Variety posts: Statement from Blake Lively's attorneys on the Wayfarer lawsuit",
    }
    assert not any("(@Variety)" in e.title for e in x.events)


@pytest.mark.parametrize(
    ("sentence", "dates", "title"),
    [
        ("In a statement, Lively's lawyers said the suit filed on January 16, 2025, in federal court was meritless.",
         ["January 16, 2025"], "Lively's lawyers said the suit filed in federal court was meritless"),
        ("Monday's meeting was adjourned early after protesters interrupted.", ["Monday"],
         "Monday's meeting was adjourned early after protesters interrupted"),
        ("Gregory Tate, 52, of Pasadena, was arrested on Monday afternoon, according to the District Attorney.",
         ["Monday"], "Gregory Tate was arrested"),
        ("Attorneys for Blake Lively on Thursday called Justin Baldoni's $400 million defamation lawsuit \"another "
         "chapter in the abuser playbook,\" escalating a legal fight.", ["Thursday"],
         "Attorneys for Blake Lively called Justin Baldoni's $400 million defamation…"),
    ],
)  # fmt: skip
def test_titles_read_as_english(sentence: str, dates: list[str], title: str) -> None:
    cuts = [(sentence.index(d), sentence.index(d) + len(d)) for d in dates]
    assert make_title(sentence, cuts) == title


def _titles(text: str, published: CaseDate) -> dict[str, str]:
    return {e.date.start.iso(): e.title for e in extract(text, published=published).events}


def test_each_date_takes_the_title_of_its_own_clause() -> None:
    whose = (
        'Brannigan, whose album "Copper Rain" topped the charts for nine weeks last year, did not respond to '
        "requests for comment on Saturday."
    )
    assert _titles(whose, CaseDate(2024, 6, 8)) == {  # one sentence, one event: the day before the year
        "2024-06-08": "Brannigan did not respond to requests for comment",
    }
    filed = (
        "In a statement, Castell's lawyers Nora Pike and Ivo Brandt said the suit filed on March 4, 2025, in "
        "federal court in Chicago was meritless."
    )
    x = extract(filed, published=CaseDate(2025, 3, 6))
    assert [e.title for e in x.events] == ["Suit filed in federal court in Chicago"]
    assert {p.name: p.role for p in x.parties if p.kind is PartyKind.PERSON} == {
        "Nora Pike": PartyRole.COUNSEL, "Ivo Brandt": PartyRole.COUNSEL,
    }  # fmt: skip
    dinner = (
        "A judge on May 2, 2024 ordered Lantern Radio to hand over the original tape of an October 2023 "
        "dinner in Lisbon, together with every edited version."
    )
    assert _titles(dinner, CaseDate(2024, 5, 3)) == {
        "2024-05-02": "A judge ordered Lantern Radio to hand over the original tape of a dinner…",
    }
    and_that = (
        "The complaint says the tape was cut from three conversations and that Lantern Radio knew it had been "
        "edited before airing it on February 3, 2024."
    )
    assert _titles(and_that, CaseDate(2024, 3, 1)) == {
        "2024-02-03": "The complaint says Lantern Radio knew it had been edited before airing"
    }
    wrote = "The complaint also says that a Lantern editor wrote in a memo on January 29, 2024 that the tape was usable."
    assert _titles(wrote, CaseDate(2024, 3, 1)) == {
        "2024-01-29": "Complaint: A Lantern editor wrote in a memo that the tape was usable"
    }


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        ("Ines Varga, chief executive of Lantern Radio, said that the station would not retract the story.",
         "Ines Varga said the station would not retract the story"),
        ("Her longtime agent, Pavel Rusk, said that the tape was spliced.",
         "Pavel Rusk (longtime agent) said the tape was spliced"),
        ("Nell Ortiz, Varga's attorney, said that her team had asked the court to act.",
         "Nell Ortiz said her team had asked the court to act"),
        ("Varga's publisher, Millbrook Press, postponed the paperback release of \"Tin Harbor\".",
         "Millbrook Press postponed the paperback release of Tin Harbor"),
        ("The complaint, filed in the Northern District of Illinois, says the tape was spliced.",
         "The complaint says the tape was spliced"),
        ("A judge ordered Lantern Radio to give Ines Varga's lawyers the original recording of a dinner in Lisbon "
         "together with every edited version the station made.",
         "A judge ordered Lantern Radio to give Ines Varga's lawyers the original…"),
    ],
)  # fmt: skip
def test_titles_keep_subject_and_verb(sentence: str, title: str) -> None:
    assert make_title(sentence) == title
