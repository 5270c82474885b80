"""The reading-language settings (OCR languages, spaCy pipelines the user points at) in a small JSON file the CLI
and the app share, beside the speech settings.

They are the user's, not a case's: installed Tesseract data and model folders are properties of the machine.
`CASEFILE_SETTINGS_DIR` (set by the tests) moves the file. Version 1.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from casefile.speech.settings import config_dir

FILE_NAME = "languages.json"
VERSION = 1


@dataclass(frozen=True)
class LanguageSettings:
    ocr_languages: tuple[str, ...] = ("eng",)  # Tesseract codes read together ("eng+fra")
    ocr_auto: bool = True  # re-read a page in its detected language when that language's data is installed
    model_dirs: dict[str, str] = field(default_factory=dict)  # ISO 639-1 code -> a spaCy pipeline folder


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def load_language_settings() -> LanguageSettings:
    """The saved settings, or the defaults when there is no file or it cannot be read."""
    try:
        raw = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return LanguageSettings()
    if not isinstance(raw, dict):
        return LanguageSettings()
    langs = tuple(str(x) for x in raw.get("ocr_languages") or () if str(x).strip()) or ("eng",)
    dirs = raw.get("model_dirs")
    if not isinstance(dirs, dict):
        dirs = {}
    return LanguageSettings(langs, bool(raw.get("ocr_auto", True)),
                            {str(k): str(v) for k, v in dirs.items() if str(v).strip()})


def save_language_settings(settings: LanguageSettings) -> Path:
    """Write the settings atomically; returns where."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    data = {"version": VERSION, "ocr_languages": list(settings.ocr_languages), "ocr_auto": settings.ocr_auto,
            "model_dirs": dict(settings.model_dirs)}
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path
