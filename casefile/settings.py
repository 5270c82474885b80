"""The app's settings (not a case's, not the window's): one versioned file, upgraded from older places.

What lives here belongs to the machine and its user and is shared by the app and the CLI: the speech model
folder and language (once `speech.json`), whether pictures are read with OCR and in which languages, and the
spaCy pipeline folder per language (once `languages.json`). Window geometry, splitters and
recent cases are UI state, kept by the app in QSettings (`gui/settings.py`). An environment variable overrides
a setting for one run (`ENV_OVERRIDES`), the tests move the folder with `CASEFILE_SETTINGS_DIR`.

Each change of layout bumps `VERSION` and adds a step to `UPGRADES` (as Picard's config_upgrade does): a file
of version N is brought forward step by step on load and saved at the current version.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

VERSION = 2
FILE_NAME = "settings.json"
DIR_ENV = "CASEFILE_SETTINGS_DIR"
LEGACY_SPEECH_FILE = "speech.json"  # version 0: the speech settings in a file of their own
LEGACY_LANGUAGES_FILE = "languages.json"  # version 1: the reading languages in a file of their own


@dataclass(frozen=True)
class AppSettings:
    speech_model_dir: str = ""  # empty: the shipped Whisper tiny.en; else a CTranslate2 Whisper folder
    speech_language: str = ""  # empty: English for an English-only model, detected for a multilingual one
    ocr: bool = True  # read the text in pictures and scanned PDFs (Tesseract)
    ocr_languages: list[str] = field(default_factory=lambda: ["eng"])  # Tesseract codes read together ("eng+fra")
    ocr_auto: bool = True  # re-read a page in its detected language when that language's data is installed
    model_dirs: dict[str, str] = field(default_factory=dict)  # ISO 639-1 code -> a spaCy pipeline folder


# environment variable -> (setting, how its text becomes the value); set for one run, never saved
ENV_OVERRIDES: dict[str, tuple[str, Callable[[str], Any]]] = {
    "CASEFILE_SPEECH_MODEL": ("speech_model_dir", str),
    "CASEFILE_NO_OCR": ("ocr", lambda text: text.strip() in ("", "0")),
}


def settings_dir() -> Path:
    """The per-user configuration folder (platformdirs' user config dir for CaseFile, roaming on Windows)."""
    override = os.environ.get(DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("CaseFile", appauthor=False, roaming=True))


def settings_path() -> Path:
    return settings_dir() / FILE_NAME


def _from_speech_json(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """0 -> 1: the speech settings move in from `speech.json` (left in place for an older CaseFile)."""
    try:
        old = json.loads((folder / LEGACY_SPEECH_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    if isinstance(old, dict):
        data.setdefault("speech_model_dir", str(old.get("model_dir") or ""))
        data.setdefault("speech_language", str(old.get("language") or ""))
    return data


# version N -> the step that brings a file of version N to N + 1
def _from_languages_json(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """1 -> 2: the reading languages (OCR languages, model folders) move in from `languages.json`."""
    try:
        old = json.loads((folder / LEGACY_LANGUAGES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = None
    if isinstance(old, dict):
        for key in ("ocr_languages", "ocr_auto", "model_dirs"):
            if key in old:
                data.setdefault(key, old[key])
    return data


UPGRADES: dict[int, Callable[[dict[str, Any], Path], dict[str, Any]]] = {0: _from_speech_json,
                                                                        1: _from_languages_json}


def upgrade(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The settings brought to `VERSION`, step by step; a file from a newer CaseFile is read as it is."""
    version = data.get("version", 0)
    version = version if isinstance(version, int) else 0
    while version < VERSION:
        data = UPGRADES[version](dict(data), folder)
        version += 1
        log.info("settings upgraded to version %d", version)
    data["version"] = max(version, VERSION)
    return data


def load(*, overrides: bool = True) -> AppSettings:
    """The saved settings (defaults for what is missing or unreadable), upgraded; `overrides` applies the
    environment variables of `ENV_OVERRIDES`. An upgraded file is saved back at once."""
    folder = settings_dir()
    path = folder / FILE_NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    except FileNotFoundError:
        data = {}
    except (OSError, ValueError):
        log.warning("settings file %s could not be read; defaults used", path)
        data = {}
    before = data.get("version")
    data = upgrade(data, folder)
    known = {f.name for f in fields(AppSettings)}
    settings = AppSettings(**{k: v for k, v in data.items() if k in known and isinstance(v, type(getattr(
        AppSettings(), k)))})
    legacy = (folder / LEGACY_SPEECH_FILE).exists() or (folder / LEGACY_LANGUAGES_FILE).exists()
    if before != data["version"] and (path.exists() or legacy):
        try:
            save(settings)
        except OSError:
            pass  # a read-only home: the upgrade is done again next time
    return with_overrides(settings) if overrides else settings


def with_overrides(settings: AppSettings) -> AppSettings:
    for env, (name, parse) in ENV_OVERRIDES.items():
        text = os.environ.get(env)
        if text is not None and (text.strip() or name != "speech_model_dir"):
            settings = replace(settings, **{name: parse(text)})
    return settings


def save(settings: AppSettings) -> Path:
    """Write the settings atomically (a crash never leaves half a file), at the current version."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"version": VERSION, **asdict(settings)}, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path


__all__ = ["ENV_OVERRIDES", "UPGRADES", "VERSION", "AppSettings", "load", "save", "settings_dir", "settings_path",
           "upgrade", "with_overrides"]
