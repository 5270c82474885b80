"""Organisations a reader would name: page furniture, phrases, things and titled people are not bodies."""

from __future__ import annotations

import pytest

from casefile.domain.enums import PartyKind
from casefile.extract.org_names import is_junk_org, merge_org_variants
from casefile.extract.types import Mention, PartySuggestion


@pytest.mark.parametrize("name", [
    "& Child", "& Politics", "Discount Codes", "Promo Codes & Deals", "WORLD NEWS POLITICS", "SUBSCRIBE",
    "Sign In", "Most Read", "Unlike Senators", "Former Staff", "People", "Information", "Office Act",
    "Academy Award", "Vietnam War", "Legislative Council Complex", "Council President Andrew Leung",
    "United States District Court Judge Victor Marrero", "Home & Garden", "Follow Us",
])
def test_furniture_phrases_and_things_are_not_organisations(name):
    assert is_junk_org(name)


@pytest.mark.parametrize("name", [
    "Halvorsen Media Group", "The Daily Ledger", "BBC News", "NATO", "FBI", "Committee to Protect Journalists",
    "Deutsche Bahn", "Senate", "Parliament", "House Oversight and Reform Committee", "Amnesty International",
    "Security Council", "New York Times", "Pacific Gas and Electric Company",
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
