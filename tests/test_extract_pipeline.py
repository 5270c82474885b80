"""End-to-end extraction on invented articles: spans exact, dates honest, parties clean."""

from __future__ import annotations

import pytest

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, DateQualifier, EvidenceKind, PartyKind, PartyRole
from casefile.extract.pipeline import extract
from casefile.extract.types import Extraction

# The same shape as a real gossip article: prose, a film title in quotes, possessives, hashtags, a dollar
# amount, an X post whose text also appears as prose just before it, and posts with attribution lines.
VOICE_NOTE = (
    "Marguerite Okafor and Tobias Lindqvist are in a bitter feud. They made a film together, and now they are "
    "arguing in public.\n\n"
    "The drama keeps unfolding.\n\n"
    "It started with accusations. Okafor says Lindqvist harassed her during the filming of “Salt In The Harbor” "
    "and tried to ruin her reputation. On the other side, Lindqvist is suing Okafor for a whopping $400 million, "
    "claiming she defamed him.\n\n"
    "Recently, Lindqvist's team released a video, though Okafor's lawyers aren't buying it.\n\n"
    "There is buzz that Lindqvist's crew spread rumors about Okafor's husband, Dmitri Vance, being rude to "
    "JB Castellanos—an attempt that flopped.\n\n"
    "This apology was sent at some ungodly hour, around “two in the morning,” according to The Daily Mail.\n\n"
    "“I am far from perfect. I am a flawed man,” Lindqvist admits in the note.\n\n"
    "“I think we have been trying to build something,” he continues.\n\n"
    "#TobiasLindqvist revealed an apology he sent #MargueriteOkafor while they were working on the "
    "#SaltInTheHarbor script. Tobias's note was recorded after their meeting. Full story: https://t.co/Ab12Cd "
    "pic.twitter.com/Zz9 — TMZ (@TMZ) January 27, 2025\n\n"
    "People can't seem to agree if this makes Lindqvist look better or worse.\n\n"
    "Tobias Lindqvist sent Marguerite Okafor a voice note at 2:00 AM. No coworker should do that\n\n"
    "Tobias Lindqvist sent Marguerite Okafor a voice note at 2:00 AM. No coworker should do that "
    "— Wren Halloway (@WrenSaysThings) January 28, 2025\n\n"
    "I know the Lindqvist Marguerite Okafor thing is gossip, but there is a real harassment claim "
    "— Chowder Club (@ChowderClubPod) January 28, 2025"
)
PUBLISHED = CaseDate(2025, 1, 29)


@pytest.fixture(scope="module")
def voice_note() -> Extraction:
    return extract(VOICE_NOTE, published=PUBLISHED)


def _party(x: Extraction, name: str):
    matches = [p for p in x.parties if p.name == name]
    assert matches, f"no party {name!r} in {[p.name for p in x.parties]}"
    return matches[0]


def assert_spans_exact(text: str, x: Extraction) -> None:
    for e in x.events:
        assert text[e.char_start : e.char_end] == e.quote
    for p in x.parties:
        for m in p.mentions:
            assert text[m.char_start : m.char_end] == m.text
    for q in x.quotes:
        assert text[q.char_start : q.char_end] == q.text
    for post in x.posts:
        assert post.text in text[post.char_start : post.char_end]


def test_every_span_is_exact(voice_note: Extraction) -> None:
    assert_spans_exact(VOICE_NOTE, voice_note)


def test_posts_become_events_on_their_own_dates(voice_note: Extraction) -> None:
    posts = [e for e in voice_note.events if "reported" not in e.tags]
    assert [(e.date.start.iso(), e.date.qualifier) for e in posts] == [
        ("2025-01-27", DateQualifier.ON),
        ("2025-01-28", DateQualifier.ON),
        ("2025-01-28", DateQualifier.ON),
    ]
    tmz, wren, chowder = posts
    assert tmz.title.startswith("TMZ posts: Tobias Lindqvist revealed an apology he sent Marguerite Okafor")
    assert len(tmz.title) <= 86
    assert tmz.quote.startswith("#TobiasLindqvist revealed") and tmz.quote.endswith("pic.twitter.com/Zz9")
    assert tmz.party_names[:1] == ["TMZ"] and "Marguerite Okafor" in tmz.party_names
    # The post's words appear twice; the event cites the copy that carries the attribution line.
    attributed = VOICE_NOTE.index("No coworker should do that —") - len(wren.quote) + len("No coworker should do that")
    assert wren.char_start == attributed
    assert wren.title.startswith("Wren Halloway posts: ")
    assert chowder.tags == ["harassment"]


def test_posts_found_with_author_handle_date_and_url(voice_note: Extraction) -> None:
    posts = {p.author: p for p in voice_note.posts}
    assert set(posts) == {"TMZ", "Wren Halloway", "Chowder Club"}
    tmz = posts["TMZ"]
    assert (tmz.handle, tmz.date, tmz.platform) == ("@TMZ", CaseDate(2025, 1, 27), "x")
    assert tmz.url == "https://t.co/Ab12Cd"
    assert VOICE_NOTE[tmz.char_start : tmz.char_end].endswith("— TMZ (@TMZ) January 27, 2025")
    assert tmz.text.endswith("pic.twitter.com/Zz9")


def test_parties_are_the_people_outlets_and_accounts(voice_note: Extraction) -> None:
    kinds = {p.name: p.kind for p in voice_note.parties}
    assert kinds == {
        "Marguerite Okafor": PartyKind.PERSON,
        "Tobias Lindqvist": PartyKind.PERSON,
        "Dmitri Vance": PartyKind.PERSON,
        "JB Castellanos": PartyKind.PERSON,
        "The Daily Mail": PartyKind.MEDIA_OUTLET,
        "TMZ": PartyKind.MEDIA_OUTLET,
        "Wren Halloway": PartyKind.SOCIAL_ACCOUNT,
        "Chowder Club": PartyKind.SOCIAL_ACCOUNT,
    }


def test_aliases_merge_surnames_first_names_handles_and_hashtags(voice_note: Extraction) -> None:
    lindqvist = _party(voice_note, "Tobias Lindqvist")
    assert lindqvist.aliases == ["Lindqvist", "Tobias"]
    texts = [m.text for m in lindqvist.mentions]
    assert "#TobiasLindqvist" in texts and "Tobias" in texts  # "Tobias's note": the possessive is left out
    assert "Lindqvist's" not in texts
    possessive = VOICE_NOTE.index("Lindqvist's team")
    assert any(m.char_start == possessive and m.char_end == possessive + len("Lindqvist") for m in lindqvist.mentions)
    assert _party(voice_note, "TMZ").aliases == ["@TMZ"]
    assert _party(voice_note, "Wren Halloway").aliases == ["@WrenSaysThings"]
    # "the Lindqvist Marguerite Okafor thing" is two mentions, not a three-word person
    okafor = _party(voice_note, "Marguerite Okafor")
    assert "#MargueriteOkafor" in [m.text for m in okafor.mentions]


def test_roles(voice_note: Extraction) -> None:
    assert _party(voice_note, "Tobias Lindqvist").role is PartyRole.PLAINTIFF
    assert _party(voice_note, "Marguerite Okafor").role is PartyRole.DEFENDANT
    assert _party(voice_note, "TMZ").role is PartyRole.MEDIA


def test_no_junk_parties(voice_note: Extraction) -> None:
    names = {p.name for p in voice_note.parties}
    aliases = {a for p in voice_note.parties for a in p.aliases}
    for junk in ("Salt In The Harbor", "Salt", "Harbor", "Full", "People", "The", "January", "Okafor's lawyers",
                 "Tobias's", "Recently", "This", "AM", "It", "Lindqvist Marguerite Okafor"):  # fmt: skip
        assert junk not in names
        assert junk not in aliases


def test_quotes_with_speakers(voice_note: Extraction) -> None:
    quotes = {q.text: q.speaker for q in voice_note.quotes}
    assert quotes == {
        "two in the morning": "The Daily Mail",
        "I am far from perfect. I am a flawed man": "Tobias Lindqvist",
        "I think we have been trying to build something": "Tobias Lindqvist",  # "he continues"
    }


def test_undated_claims_are_reported_on_the_publication_date(voice_note: Extraction) -> None:
    # "two in the morning" and "at 2:00 AM" carry no date: no event of their own. The suit and the allegation
    # carry the story: reported on or before publication, citing their sentences.
    assert all(e.date.start.precision is DatePrecision.DAY for e in voice_note.events)
    reported = [e for e in voice_note.events if "reported" in e.tags]
    assert [(e.date.start, e.date.qualifier) for e in reported] == [(PUBLISHED, DateQualifier.BEFORE)] * 2
    suit, allegation = sorted(reported, key=lambda e: "$400 million" not in e.quote)
    assert suit.quote.startswith("On the other side, Lindqvist is suing Okafor for a whopping $400 million")
    assert allegation.quote.startswith("Okafor says Lindqvist harassed her")
    assert not any("two in the morning" in e.quote or "2:00 AM" in e.quote for e in reported)


def test_whole_text_social_post() -> None:
    text = "Court date is set. I will see Halvorsen Media Group in court. #Justice"
    x = extract(text, published=CaseDate(2025, 3, 1), author="Marguerite Okafor (@MOkaforWrites)",
                kind=EvidenceKind.SOCIAL_POST)  # fmt: skip
    assert len(x.posts) == 1 and x.posts[0].handle == "@MOkaforWrites"
    (event,) = x.events
    assert event.date.start == CaseDate(2025, 3, 1)
    assert event.quote == text and (event.char_start, event.char_end) == (0, len(text))
    assert event.title.startswith("Marguerite Okafor posts: Court date is set")
    author = _party(x, "Marguerite Okafor")
    assert author.kind is PartyKind.SOCIAL_ACCOUNT and author.aliases == ["@MOkaforWrites"]
    assert _party(x, "Halvorsen Media Group").kind is PartyKind.ORGANIZATION
