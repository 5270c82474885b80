"""The speech settings (which model folder, which language): a view of the app's settings (`casefile.settings`),
shared by the CLI and the app. `CASEFILE_SPEECH_MODEL` overrides the folder for one run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from casefile import settings as app_settings

MODEL_ENV = "CASEFILE_SPEECH_MODEL"


@dataclass(frozen=True)
class SpeechSettings:
    model_dir: str = ""  # empty: the shipped Whisper tiny.en; else a CTranslate2 Whisper folder
    language: str = ""  # empty: English for an English-only model, detected for a multilingual one


def load_settings() -> SpeechSettings:
    """The saved settings (defaults when there are none or they cannot be read), with the env override."""
    current = app_settings.load()
    return SpeechSettings(model_dir=current.speech_model_dir, language=current.speech_language)


def save_settings(settings: SpeechSettings) -> Path:
    """Keep the speech settings (the rest of the app's settings unchanged); returns the file."""
    saved = app_settings.load(overrides=False)
    return app_settings.save(replace(saved, speech_model_dir=settings.model_dir, speech_language=settings.language))


__all__ = ["MODEL_ENV", "SpeechSettings", "load_settings", "save_settings"]
