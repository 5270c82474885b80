"""People and organisations: the NER model fused with the rules, and the rules alone when the model is missing."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from casefile.domain.enums import PartyKind
from casefile.extract import ner as ner_module
from casefile.extract.ner import load_ner, model_info, reset_for_tests, verify_weights
from casefile.extract.pipeline import extract
from casefile.extract.types import Extraction, PartySuggestion

ARTICLE = """Harbour council sues developer over collapsed pier

By Ines Okonkwo | The Westbrook Sentinel

The town council of Port Ellery on Tuesday filed a lawsuit against Calloway Marine Holdings, the developer that \
rebuilt the Saltmarsh Pier before it collapsed in March.

Mayor Delia Frampton said the town had "no choice left". Frampton told the Westbrook Sentinel that inspectors had \
warned Calloway Marine Holdings twice. Defense Secretary Marcus Hale, who grew up in Port Ellery, called the \
collapse "a disgrace".

Calloway's founder, Rupert Calloway, denied the claims. "Our engineers followed every rule," Rupert Calloway said \
in a statement posted on the company's news site, Calloway Review. Residents shared photos under the hashtag \
#SaveSaltmarsh, and the Westbrook Sentinel counted more than 4,000 posts by Friday.

Flights into Harlow Ridge Airport were diverted while divers searched the water near Kestrel Bay. Governor Alan \
Pryce's office said Pryce would visit Kestrel Bay next week. Angela Merkel's former adviser, Tobias Lindqvist, who \
now teaches at Westbrook University, said the case would be watched across Europe.

(Reporting by Ines Okonkwo and Theo Marchetti in Port Ellery; Editing by Carla Sousa)

Photo: Dmitri Volkov/Harbour Images
"""
CREDITED = ["Ines Okonkwo", "Theo Marchetti", "Carla Sousa", "Dmitri Volkov"]


@pytest.fixture(autouse=True)
def _fresh_loader():
    """Each test sees a loader that has not yet tried: a monkeypatched failure must not leak into the next test."""
    reset_for_tests()
    yield
    reset_for_tests()


@pytest.fixture(scope="module")
def nlp():
    reset_for_tests()
    model = load_ner()
    assert model is not None, model_info().message  # a default dependency: its absence is a broken install
    return model


def _parties(result: Extraction) -> dict[str, PartySuggestion]:
    return {p.name: p for p in result.parties}


def test_model_is_found_by_its_installed_path_and_verified(nlp) -> None:
    info = model_info()
    assert info.available and info.message == ""
    assert "core_web_sm" in info.name and info.version.startswith("3.8")
    assert (Path(info.path) / "meta.json").is_file()
    assert verify_weights(Path(info.path)) == []
    assert nlp.pipe_names == ["tok2vec", "ner"]  # tagger, parser and lemmatizer are not loaded: they cost time


def test_importing_the_module_does_not_load_spacy() -> None:
    code = "import sys, casefile.extract.pipeline, casefile.extract.ner; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("with_model", [False, True])
def test_places_are_not_parties(nlp, with_model: bool) -> None:
    names = " | ".join(_parties(extract(ARTICLE, ner=nlp if with_model else None)))
    for place in ("Port Ellery", "Kestrel Bay", "Harlow Ridge", "Saltmarsh Pier", "Europe"):
        assert place not in names


@pytest.mark.parametrize("with_model", [False, True])
def test_titles_go_to_the_description_not_the_name(nlp, with_model: bool) -> None:
    parties = _parties(extract(ARTICLE, ner=nlp if with_model else None))
    assert parties["Marcus Hale"].description == "defense secretary"
    assert parties["Delia Frampton"].description == "mayor"
    assert parties["Alan Pryce"].description == "governor"
    people = [p.name for p in parties.values() if p.kind is PartyKind.PERSON]
    assert not [n for n in people if n.split()[0] in ("Mayor", "Governor", "Defense", "Secretary", "President")]


@pytest.mark.parametrize("with_model", [False, True])
def test_possessives_are_stripped_and_surnames_join_the_full_name(nlp, with_model: bool) -> None:
    parties = _parties(extract(ARTICLE, ner=nlp if with_model else None))
    assert parties["Angela Merkel"].kind is PartyKind.PERSON
    assert not [n for n in parties if n.endswith(("'s", "’s"))]
    assert "Frampton" in parties["Delia Frampton"].aliases
    assert "Pryce" in parties["Alan Pryce"].aliases
    assert "Frampton" not in parties and "Pryce" not in parties


@pytest.mark.parametrize("with_model", [False, True])
def test_credit_lines_feed_the_authors_not_the_parties(nlp, with_model: bool) -> None:
    result = extract(ARTICLE, ner=nlp if with_model else None)
    assert result.authors == CREDITED
    names = " | ".join(_parties(result))
    for name in CREDITED:
        assert name not in names


def test_contributed_to_this_report_is_a_credit() -> None:
    text = (
        "The board met on Monday and voted to close the plant, spokeswoman Hannah Ruiz said.\n\n"
        "Oskar Brandt in Hamburg and Leila Haddad contributed to this report.\n"
    )
    result = extract(text)
    assert result.authors == ["Oskar Brandt", "Leila Haddad"]
    assert [p.name for p in result.parties] == ["Hannah Ruiz"]


@pytest.mark.parametrize("with_model", [False, True])
def test_hashtags_are_never_persons(nlp, with_model: bool) -> None:
    text = ARTICLE + "\n#JusticeForMarta trended all night; #MartaOduya was the second tag.\n"
    parties = _parties(extract(text, ner=nlp if with_model else None))
    people = [p for p in parties.values() if p.kind is PartyKind.PERSON]
    assert not [p.name for p in people if "#" in p.name or "Saltmarsh" in p.name or "Justice" in p.name]


@pytest.mark.parametrize("with_model", [False, True])
def test_people_organisations_and_outlets_get_their_kinds(nlp, with_model: bool) -> None:
    parties = _parties(extract(ARTICLE, ner=nlp if with_model else None))
    assert parties["Westbrook Sentinel"].kind is PartyKind.MEDIA_OUTLET
    assert parties["Calloway Review"].kind is PartyKind.MEDIA_OUTLET  # a company's news site
    assert parties["Calloway Marine Holdings"].kind is PartyKind.ORGANIZATION
    assert parties["Westbrook University"].kind is PartyKind.ORGANIZATION
    for person in ("Rupert Calloway", "Tobias Lindqvist", "Delia Frampton", "Marcus Hale"):
        assert parties[person].kind is PartyKind.PERSON


@pytest.mark.parametrize("with_model", [False, True])
def test_halvorsen_review_a_website_in_the_demo_is_an_outlet(nlp, with_model: bool) -> None:
    text = (
        "The recording was posted on the company's culture site, Halvorsen Review, on February 3, 2024. "
        "Halvorsen Media Group said the file came from a guest. Peter Halvorsen, the group's chief executive, "
        "stood by it.\n"
    )
    parties = _parties(extract(text, ner=nlp if with_model else None))
    assert parties["Halvorsen Review"].kind is PartyKind.MEDIA_OUTLET
    assert parties["Halvorsen Media Group"].kind is PartyKind.ORGANIZATION
    assert parties["Peter Halvorsen"].kind is PartyKind.PERSON


def test_the_model_rejects_places_the_rules_took_for_people(nlp) -> None:
    text = (
        "Typhoon Merrin reached Vela Harbour on Sunday. Mayor Joanna Petrakis ordered an evacuation, and Petrakis "
        "said the Merrin Valley Water Authority would cut supply. Aid flights left Hong Kong and Costa Rica on "
        "Monday, and a second convoy set out from Tel Aviv.\n"
    )
    rules = _parties(extract(text))
    fused = _parties(extract(text, ner=nlp))
    assert {"Hong Kong", "Costa Rica", "Tel Aviv"} <= set(rules)  # two capitalised words: the rules alone guess a name
    assert sorted(fused) == ["Joanna Petrakis", "Merrin Valley Water Authority"]
    assert fused["Joanna Petrakis"].kind is PartyKind.PERSON
    assert fused["Merrin Valley Water Authority"].kind is PartyKind.ORGANIZATION


@pytest.mark.parametrize("with_model", [False, True])
def test_one_party_per_person_across_middle_names_suffixes_and_particles(nlp, with_model: bool) -> None:
    text = (
        "Former envoy Warren K. Ashby resigned on Monday. Warren Ashby had served two years, and Ashby said he was "
        "proud of it. Councilwoman Lucia de Marchi praised him; De Marchi called him fair. "
        "Judge Harold Quimby Jr. will hear the case; Harold Quimby declined to comment.\n"
    )
    people = [p for p in extract(text, ner=nlp if with_model else None).parties if p.kind is PartyKind.PERSON]
    assert len(people) == 3, [p.name for p in people]
    by_word = {p.name.split()[-1]: p for p in people}
    assert len(by_word["Ashby"].mentions) == 3


def test_confidence_grows_with_agreement_and_mentions(nlp) -> None:
    rules = _parties(extract(ARTICLE))
    fused = _parties(extract(ARTICLE, ner=nlp))
    for parties in (rules, fused):
        assert all(0.0 < p.confidence <= 1.0 for p in parties.values())
    assert fused["Rupert Calloway"].confidence > rules["Rupert Calloway"].confidence  # the model agrees
    assert fused["Rupert Calloway"].confidence >= 0.8
    assert fused["Delia Frampton"].confidence > 0.6


def test_without_the_model_the_rules_run_and_the_message_says_limited(monkeypatch) -> None:
    monkeypatch.setattr(ner_module, "find_model", lambda: None)
    assert load_ner() is None
    info = model_info()
    assert not info.available
    assert info.message.startswith("Suggestions are limited")
    assert "en_core_web_sm is not installed" in info.message and "pip install" in info.message
    parties = _parties(extract(ARTICLE, ner=load_ner()))
    assert parties["Delia Frampton"].kind is PartyKind.PERSON


def _fake_model(folder: Path) -> Path:
    for relative in ("ner/model", "ner/moves", "tok2vec/model"):
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(b"not the weights")
    (folder / "meta.json").write_text('{"lang": "en", "name": "core_web_sm", "version": "3.8.0"}')
    (folder / "config.cfg").write_text('[nlp]\nlang = "en"\npipeline = ["ner"]\n')
    return folder


def test_a_model_whose_weights_differ_is_refused(tmp_path, monkeypatch) -> None:
    folder = _fake_model(tmp_path / "en_core_web_sm-3.8.0")
    monkeypatch.setattr(ner_module, "find_model", lambda: ("en_core_web_sm", folder))
    assert load_ner() is None
    message = model_info().message
    assert message.startswith("Suggestions are limited") and "checksum" in message and "ner/model differs" in message


def test_a_model_that_fails_to_load_is_reported_not_raised(tmp_path, monkeypatch) -> None:
    folder = _fake_model(tmp_path / "en_core_web_sm-3.8.0")
    digest = hashlib.sha256(b"not the weights").hexdigest()
    monkeypatch.setattr(ner_module, "PINNED_SHA256", dict.fromkeys(ner_module.PINNED_SHA256, digest))
    monkeypatch.setattr(ner_module, "find_model", lambda: ("en_core_web_sm", folder))
    assert load_ner() is None
    assert "failed to load" in model_info().message


def test_the_model_loads_once_per_process(nlp) -> None:
    reset_for_tests()
    first = load_ner()
    assert first is not None and load_ner() is first


def test_photo_credits_name_the_photographer_not_the_person_pictured() -> None:
    from casefile.extract.credits import find_credits

    text = (
        "Pictured: Mara Quill at the premiere\n"
        "Video: Police chase suspect\n"
        "(Photo by Sam de la Cruz/Getty Images)\n"
        "Image: Ola Berg (flickr).\n"
    )
    credits = find_credits(text)
    assert credits.names == ["Sam de la Cruz", "Ola Berg"]
    assert [text[s:e] for s, e in credits.spans] == [
        "(Photo by Sam de la Cruz/Getty Images)",
        "Image: Ola Berg (flickr).",
    ]
