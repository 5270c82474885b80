"""The reading languages (OCR languages, spaCy pipelines the user points at) as one typed view of the app's
settings file (`casefile.settings`, `settings.json`): the CLI, the OCR reader and the app read and write them here.

They are the user's, not a case's: installed Tesseract data and model folders are properties of the machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from casefile import settings as app_settings


@dataclass(frozen=True)
class LanguageSettings:
    ocr_languages: tuple[str, ...] = ("eng",)  # Tesseract codes read together ("eng+fra")
    ocr_auto: bool = True  # re-read a page in its detected language when that language's data is installed
    model_dirs: dict[str, str] = field(default_factory=dict)  # ISO 639-1 code -> a spaCy pipeline folder


def load_language_settings() -> LanguageSettings:
    """The saved settings, or the defaults when there is no file or it cannot be read."""
    saved = app_settings.load(overrides=False)
    langs = tuple(str(x) for x in saved.ocr_languages if str(x).strip()) or ("eng",)
    dirs = {str(k): str(v) for k, v in saved.model_dirs.items() if str(v).strip()}
    return LanguageSettings(langs, bool(saved.ocr_auto), dirs)


def save_language_settings(chosen: LanguageSettings) -> None:
    """Write the reading languages into the settings file, leaving the other settings as they are."""
    saved = app_settings.load(overrides=False)
    app_settings.save(replace(saved, ocr_languages=list(chosen.ocr_languages), ocr_auto=chosen.ocr_auto,
                              model_dirs=dict(chosen.model_dirs)))
