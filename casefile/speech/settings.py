"""The speech settings (which model folder, which language) in a small JSON file the CLI and the app share.

They are the user's, not a case's: a model folder is a property of the machine. `CASEFILE_SETTINGS_DIR` (set by
the tests) moves the file, and `CASEFILE_SPEECH_MODEL` overrides the folder for one run.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

FILE_NAME = "speech.json"
MODEL_ENV = "CASEFILE_SPEECH_MODEL"


@dataclass(frozen=True)
class SpeechSettings:
    model_dir: str = ""  # empty: the shipped Whisper tiny.en; else a CTranslate2 Whisper folder
    language: str = ""  # empty: English for an English-only model, detected for a multilingual one


def config_dir() -> Path:
    """The per-user configuration folder (beside the app's own UI settings)."""
    override = os.environ.get("CASEFILE_SETTINGS_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / "CaseFile"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "CaseFile"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "CaseFile"


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def load_settings() -> SpeechSettings:
    """The saved settings (defaults when there is no file or it cannot be read), with the env override."""
    data: dict[str, object] = {}
    try:
        raw = json.loads(settings_path().read_text(encoding="utf-8"))
        if isinstance(raw, dict):
            data = raw
    except (OSError, ValueError):
        pass
    model_dir = os.environ.get(MODEL_ENV) or str(data.get("model_dir") or "")
    return SpeechSettings(model_dir=model_dir, language=str(data.get("language") or ""))


def save_settings(settings: SpeechSettings) -> Path:
    """Write the settings atomically (a crash never leaves half a file); returns where."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path
