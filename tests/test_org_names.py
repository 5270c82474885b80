"""Organisations a reader would name: page furniture, phrases, things and titled people are not bodies."""

from __future__ import annotations

import pytest

from casefile.domain.enums import PartyKind
from casefile.extract.org_names import cut_from_title, is_junk_org, merge_org_variants
from casefile.extract.pipeline import extract
from casefile.extract.types import Mention, PartySuggestion


@pytest.mark.parametrize("name", [
    "& Child", "& Politics", "Discount Codes", "Promo Codes & Deals", "WORLD NEWS POLITICS", "SUBSCRIBE",
    "Sign In", "Most Read", "Unlike Senators", "Former Staff", "People", "Information", "Office Act",
    "Academy Award", "Vietnam War", "Legislative Council Complex", "Council President Andrew Leung",
    "United States District Court Judge Victor Marrero", "Home & Garden", "Follow Us",
    "Operation Silver Tide", "Archbishop of Vellmar", "National Security Advisor", "Harbour Commissioner",
    "Norland Fault", "Vellmar Bay", "Castle Hill", "Agusan del Norte", "Quai des Brumes",
])
def test_furniture_phrases_and_things_are_not_organisations(name):
    assert is_junk_org(name)


@pytest.mark.parametrize("name", [
    "Halvorsen Media Group", "The Daily Ledger", "BBC News", "NATO", "FBI", "Committee to Protect Journalists",
    "Deutsche Bahn", "Senate", "Parliament", "House Oversight and Reform Committee", "Amnesty International",
    "Security Council", "New York Times", "Pacific Gas and Electric Company", "University of Vellmar",
    "Office of the High Commissioner for Refugees", "Operations Research Society", "Rue de la Paix Group",
    "Bay Area Rapid Transit Authority",
])
def test_bodies_stay(name):
    assert not is_junk_org(name)


def _org(name: str, at: int) -> PartySuggestion:
    return PartySuggestion(name, PartyKind.ORGANIZATION, mentions=[Mention(at, at + len(name), name)])


def test_variants_of_one_body_are_merged():
    text = ("Pacific Gas and Electric Company said the U.S. Geological Survey had warned it. "
            "The Geological Survey declined to comment.")
    found = merge_org_variants(text, [_org("Pacific Gas", 0), _org("Electric Company", 20),
                                      _org("U.S. Geological Survey", 46), _org("Geological Survey", 86)])
    assert [(p.name, p.aliases) for p in found] == [
        ("Pacific Gas and Electric Company", []), ("U.S. Geological Survey", ["Geological Survey"])]
    assert len(found[1].mentions) == 2


def _merged(text: str, *names: str, kinds: dict[str, PartyKind] | None = None) -> list[tuple[str, list[str]]]:
    parties = []
    for name in names:
        at = text.index(name)
        kind = (kinds or {}).get(name, PartyKind.ORGANIZATION)
        parties.append(PartySuggestion(name, kind, mentions=[Mention(at, at + len(name), name)]))
    return [(p.name, sorted(p.aliases)) for p in merge_org_variants(text, parties)]


def test_a_name_and_its_acronym_in_brackets_are_one_body_named_in_full():
    text = ("The Lakeshore Department of Parks and Recreation (LDPR) closed the pier on Monday. "
            "A spokesperson for LDPR said it would reopen.")
    assert _merged(text, "Lakeshore Department of Parks", "LDPR") == [
        ("Lakeshore Department of Parks and Recreation", ["LDPR", "Lakeshore Department of Parks"])]
    pieces = ("Officials of the Northern Islands Educational, Scientific and Cultural Office (NIESCO) met. "
              "NIESCO said little.")
    assert _merged(pieces, "Islands Educational", "Cultural Office") == [
        ("Northern Islands Educational, Scientific and Cultural Office",
         ["Cultural Office", "Islands Educational", "NIESCO"])]


def test_a_company_acronym_may_leave_out_company_and_read_ampersands():
    text = "Harbour Light and Power Company (HL&P) cut power. Later HL&P restored it."
    assert _merged(text, "Harbour Light and Power Company", "HL&P") == [
        ("Harbour Light and Power Company", ["HL&P"])]
    # Letters that do not spell the words before them are not an acronym of them.
    assert _merged("The Lakeshore Water Board (LDPR) met.", "Lakeshore Water Board") == [
        ("Lakeshore Water Board", [])]


@pytest.mark.parametrize(("short", "long_"), [
    ("Transport Department", "Norland Department of Transport"),  # "X Department" is "Department of X"
    ("Harbour Board", "Harbour Safety and Standards Board"),  # same first and last word, in order
    ("Coastal Guards", "Northern Coastal Guard Corps"),  # a run of the longer name, plural folded
    ("Riverside Radio", "Riverside Radio News"),
    ("Health Ministry", "Ministry of Health of Norland"),  # "the Ministry of X" and "X Ministry"
    ("Brightline", "Brightline Inc."),  # a company and its style
    ("Brightline Corp.", "Brightline Corporation"),
    ("NDOJ", "Norland Department of Justice"),  # an acronym whose "of" is a letter
    ("DoT", "Department of Transport"),
])
def test_a_shorter_name_of_one_body_joins_the_longer(short, long_):
    text = f"The {long_} said on Monday that it had warned the city. The {short} declined to say more."
    assert _merged(text, long_, short) == [(long_, [short])]


def test_a_shorter_name_that_fits_two_bodies_or_differs_stays_apart():
    text = "The Royal Air Force and the Valdorian Air Force flew. The Air Force said nothing. The Harbour Trust met."
    names = [n for n, _ in _merged(text, "Royal Air Force", "Valdorian Air Force", "Air Force")]
    assert names == ["Royal Air Force", "Valdorian Air Force", "Air Force"]
    assert _merged("The Harbour Board and the Harbour Trust met.", "Harbour Board", "Harbour Trust") == [
        ("Harbour Board", []), ("Harbour Trust", [])]


def test_an_outlet_its_twin_and_an_invisible_joiner():
    text = "Speaking to Channel Nine News, she thanked Channel Nine and the Daily Ledger\u200d's editors."
    kinds = {"Channel Nine News": PartyKind.MEDIA_OUTLET, "Channel Nine": PartyKind.MEDIA_OUTLET}
    assert _merged(text, "Channel Nine News", "Channel Nine", "Daily Ledger\u200d", kinds=kinds) == [
        ("Channel Nine News", ["Channel Nine"]), ("Daily Ledger", [])]
    twins = "The Harbour Trust met. The Harbour Trust voted."
    parties = [_org("Harbour Trust", 4), _org("Harbour Trust", 27)]
    (one,) = merge_org_variants(twins, parties)
    assert (one.name, one.aliases, len(one.mentions)) == ("Harbour Trust", [], 2)


def test_a_name_cut_from_a_title_before_a_person_is_not_a_body():
    text = ("The county's Roads and Safety Commissioner Maya Orrin spoke. "
            "Harbour Research Institute Director Ane Lund agreed.")
    assert cut_from_title(text, _org("Roads and Safety", text.index("Roads")))
    assert not cut_from_title(text, _org("Harbour Research Institute", text.index("Harbour")))
    assert [n for n, _ in _merged(text, "Roads and Safety", "Harbour Research Institute")] == [
        "Harbour Research Institute"]


def test_an_ambiguous_outlet_word_that_opens_a_longer_name_is_not_the_outlet():
    text = ("Marchers carried a banner from People's Vote through the square on Saturday. "
            "She had starred in The Time of Your Life on stage. Later she told People the march was peaceful.")
    outlets = [p for p in extract(text, language="en").parties if p.kind is PartyKind.MEDIA_OUTLET]
    assert [(p.name, [m.char_start for m in p.mentions]) for p in outlets] == [
        ("People", [text.index("People the")])]


def test_a_possessive_is_the_body_itself_and_does_not_name_it():
    text = "The Harbour Trust's board met. Later the Harbour Trust said it would sell."
    assert _merged(text, "Harbour Trust's", "Harbour Trust") == [("Harbour Trust", [])]


def test_a_body_named_inside_a_longer_name_is_not_that_body():
    text = ("Vellmar University said the Vellmar University Press would print the Vellmar University Centre for "
            "Tides (VUCT) report. VUCT staff agreed.")
    parties = [_org("Vellmar University", 0), _org("Vellmar University Press", text.index("Vellmar University Press")),
               _org("Vellmar University", text.index("Vellmar University Centre")), _org("VUCT", text.index("VUCT s"))]
    found = merge_org_variants(text, parties)
    assert [(p.name, p.aliases, len(p.mentions)) for p in found] == [
        ("Vellmar University", [], 2),  # named on its own too: it stays itself
        ("Vellmar University Press", [], 1),
        ("Vellmar University Centre for Tides", ["VUCT"], 1),
    ]


def test_two_bodies_joined_by_and_stay_two():
    text = "Halvorsen Media Group and Brightline Analytics signed a deal; Baylor Scott and White Medical Center agreed."
    names = [n for n, _ in _merged(text, "Halvorsen Media Group", "Brightline Analytics", "Baylor Scott",
                                   "White Medical Center")]
    assert names == ["Halvorsen Media Group", "Brightline Analytics", "Baylor Scott and White Medical Center"]
