"""OCR in the source's language: the Tesseract languages the user enables (languages.json) are read together, a
page plainly in another installed language is read again in it, and the exhibit keeps which languages OCR used.
French and German pages are drawn here with the bundled DejaVu font; their accents come back only with the
language's own data (Debian tesseract-ocr-fra, tesseract-ocr-deu)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from casefile.context import Case
from casefile.language_settings import LanguageSettings, save_language_settings
from casefile.ocr import engine
from casefile.ocr.reading import recognise_image

FONT = Path(__file__).resolve().parent.parent / "casefile" / "assets" / "fonts" / "DejaVuSans.ttf"
FRENCH = ["Le tribunal a décidé mercredi que l'éditeur", "devra répondre à la plainte déposée en février.",
          "Élise Martin a déclaré être très déçue."]
GERMAN = ["Die Verhandlung vor dem Landgericht wurde", "auf den 14. März verschoben, erklärte Jürgen Weiß.",
          "Die Gebühren müssen außerdem bezahlt werden."]
pytestmark = pytest.mark.skipif(not {"fra", "deu"} <= set(engine.installed_languages()),
                                reason="needs Debian tesseract-ocr-fra and tesseract-ocr-deu")


def page(lines: list[str]) -> Image.Image:
    img = Image.new("RGB", (760, 40 + 44 * len(lines)), "white")
    d = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        d.text((24, 20 + 44 * i), line, font=ImageFont.truetype(str(FONT), 26), fill="black")
    return img


@pytest.fixture(autouse=True)
def _default_settings():
    yield
    save_language_settings(LanguageSettings())


@pytest.mark.parametrize(("lines", "code", "words"), [
    (FRENCH, "fra", ["décidé", "l'éditeur", "répondre", "déposée", "février.", "Élise", "déclaré", "déçue."]),
    (GERMAN, "deu", ["Weiß.", "Jürgen", "Gebühren", "außerdem", "März"]),
], ids=["french", "german"])
def test_accents_are_read_with_the_language_data(lines: list[str], code: str, words: list[str]) -> None:
    english = recognise_image(page(lines), 30, "eng")
    own = recognise_image(page(lines), 30, f"{code}+eng")
    assert own.metadata["ocr"]["languages"] == f"{code}+eng"
    assert own.page is not None and english.page is not None
    read = own.page.text.split()
    assert all(w in read for w in words), own.page.text
    assert not all(w in english.page.text.split() for w in words)  # English data alone loses some accents


def test_a_french_page_is_read_again_in_french_when_only_english_is_enabled() -> None:
    save_language_settings(LanguageSettings(("eng",), ocr_auto=True))
    result = recognise_image(page(FRENCH), 30)
    assert result.metadata["ocr"]["languages"] == "fra+eng"
    assert "déçue." in result.text.split()
    assert "tesseract" in result.page.engine and "(fra+eng)" in result.page.engine


def test_without_automatic_choice_the_enabled_languages_are_used() -> None:
    save_language_settings(LanguageSettings(("eng", "deu", "xyz"), ocr_auto=False))  # xyz is not installed
    result = recognise_image(page(FRENCH), 30)
    assert result.metadata["ocr"]["languages"] == "eng+deu"


def test_the_imported_picture_keeps_the_languages_ocr_used(case: Case, tmp_path: Path) -> None:
    save_language_settings(LanguageSettings(("eng", "deu"), ocr_auto=True))
    shot = tmp_path / "aushang.png"
    page(GERMAN).save(shot)
    report = case.intake.import_paths([shot])
    ev = case.evidence.get(report.outcomes[0].evidence_id)
    assert ev.metadata["ocr"]["languages"] == "eng+deu"
    assert "Jürgen" in case.evidence.text(ev.id)


def test_a_scanned_german_pdf_is_read_with_the_enabled_german_data(case: Case, tmp_path: Path) -> None:
    from tests.test_ocr_import import _scanned_pdf

    save_language_settings(LanguageSettings(("eng", "deu"), ocr_auto=False))
    src = _scanned_pdf(tmp_path / "scan0001.pdf", [["Die Gebühren müssen außerdem bezahlt werden.",
                                                   "Jürgen Weiß, Landgericht Hamburg"]])
    out = case.intake.import_paths([src]).outcomes[0]
    rec = case.evidence.get(out.evidence_id)
    assert rec.metadata["ocr"]["languages"] == "eng+deu"
    words = case.evidence.text(rec.id).split()
    assert {"Gebühren", "müssen", "außerdem", "Jürgen", "Weiß,"} <= set(words)


def test_damaged_language_data_falls_back_to_english_and_says_so(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "tessdata"
    data.mkdir()
    (data / "eng.traineddata").symlink_to(engine.find_tessdata() / "eng.traineddata")
    (data / "fra.traineddata").write_bytes(b"not a model")
    monkeypatch.setenv("TESSDATA_PREFIX", str(data))
    engine.reset_for_tests()
    try:
        save_language_settings(LanguageSettings(("eng", "fra"), ocr_auto=False))
        result = recognise_image(page(FRENCH), 30)
        assert result.metadata["ocr"]["languages"] == "eng"
        assert "tribunal" in result.text.split()
        assert result.warnings[0].startswith("read in English only: the OCR language data 'eng+fra' could not be "
                                             "loaded")
    finally:
        monkeypatch.delenv("TESSDATA_PREFIX")
        engine.reset_for_tests()
