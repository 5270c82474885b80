"""The app's settings: one versioned file, upgraded from `speech.json`, with environment overrides for one run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile import settings
from casefile.speech.settings import SpeechSettings, load_settings, save_settings


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(settings.DIR_ENV, str(tmp_path / "config"))
    monkeypatch.delenv("CASEFILE_SPEECH_MODEL", raising=False)
    monkeypatch.delenv("CASEFILE_NO_OCR", raising=False)
    return tmp_path / "config"


def test_speech_json_of_an_older_version_is_upgraded_into_the_settings_file(folder: Path) -> None:
    folder.mkdir()
    (folder / "speech.json").write_text(json.dumps({"model_dir": "/models/whisper-small", "language": "de"}))
    loaded = settings.load()
    assert loaded.speech_model_dir == "/models/whisper-small" and loaded.speech_language == "de"
    saved = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    assert saved["version"] == settings.VERSION and saved["speech_model_dir"] == "/models/whisper-small"
    assert load_settings() == SpeechSettings("/models/whisper-small", "de")


def test_saving_speech_settings_keeps_the_others_and_the_version(folder: Path) -> None:
    settings.save(settings.AppSettings(ocr=False))
    save_settings(SpeechSettings("/models/large", "fr"))
    saved = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    assert saved == {"version": settings.VERSION, "speech_model_dir": "/models/large", "speech_language": "fr",
                     "ocr": False, "ocr_languages": ["eng"], "ocr_auto": True, "model_dirs": {}}


def test_languages_json_of_an_older_version_joins_the_settings_file(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps({"version": 1, "ocr": True}), encoding="utf-8")
    (folder / "languages.json").write_text(json.dumps({"version": 1, "ocr_languages": ["eng", "fra"],
                                                       "ocr_auto": False, "model_dirs": {"de": "/models/de"}}))
    loaded = settings.load()
    assert (loaded.ocr_languages, loaded.ocr_auto, loaded.model_dirs) == (["eng", "fra"], False, {"de": "/models/de"})
    saved = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    assert saved["version"] == settings.VERSION == 2 and saved["model_dirs"] == {"de": "/models/de"}


def test_environment_overrides_one_run_and_is_never_saved(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEFILE_NO_OCR", "1")
    monkeypatch.setenv("CASEFILE_SPEECH_MODEL", "/tmp/one-run-model")
    current = settings.load()
    assert current.ocr is False and current.speech_model_dir == "/tmp/one-run-model"
    save_settings(SpeechSettings(language="en"))
    saved = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    assert saved["ocr"] is True and saved["speech_model_dir"] == ""


def test_a_damaged_file_gives_defaults(folder: Path) -> None:
    folder.mkdir()
    (folder / "settings.json").write_text("{not json")
    assert settings.load() == settings.AppSettings()
