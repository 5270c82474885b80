"""The app's settings (not a case's, not the window's): one versioned file, upgraded from older places.

What lives here belongs to the machine and its user and is shared by the app and the CLI: the speech model
folder and language (once `speech.json`), whether pictures are read with OCR and in which languages, and the
spaCy pipeline folder per language (once `languages.json`). Window geometry, splitters and
recent cases are UI state, kept by the app in QSettings (`gui/settings.py`). An environment variable overrides
a setting for one run (`ENV_OVERRIDES`), the tests move the folder with `CASEFILE_SETTINGS_DIR`.

Each change of layout bumps `VERSION` and adds a step to `UPGRADES` (as Picard's config_upgrade does): a file
of version N is brought forward step by step on load and saved at the current version.

`save` writes at once (the CLI, a dialog's OK). `set_value` is for changes made while the app runs: the newest
settings wait a moment (`WRITE_DELAY_S`) and are written by a background thread, so a burst of changes is one
write and the GUI thread never waits on the disk; `flush` (at the app's quit, and at interpreter exit) writes
what is waiting. Every write goes to a temporary file in the same folder, fsynced, then replaces
settings.json: a crash mid-write leaves the old file whole. `DebouncedWriter` does the same for any key-value
store (the UI state in `gui/settings.py`).
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import tempfile
import threading
import time
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
WRITE_DELAY_S = 0.4  # changes closer together than this are written once


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
    environment variables of `ENV_OVERRIDES`. An upgraded file is saved back at once. Settings set and not
    yet written (`set_value`) are what is returned."""
    folder = settings_dir()
    path = folder / FILE_NAME
    waiting = _waiting_settings(path)
    if waiting is not None:
        return with_overrides(waiting) if overrides else waiting
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
    """Write the settings now, atomically (a crash never leaves half a file), at the current version; a change
    still waiting to be written is superseded."""
    path = settings_path()
    _json_writer.replace_waiting(path, settings)
    return path


def set_value(**changes: Any) -> AppSettings:
    """Change some settings (`set_value(ocr=False)`); written shortly after by a background thread, coalesced
    with the changes that follow. Returns the new settings (with the environment's overrides)."""
    path = settings_path()
    current = _waiting_settings(path) or load(overrides=False)
    updated = replace(current, **changes)
    _json_writer.put(path, updated)
    return with_overrides(updated)


def flush() -> None:
    """Write every change still waiting, in every writer (at the app's quit; also at interpreter exit)."""
    for writer in list(_WRITERS):
        try:
            writer.flush()
        except OSError:
            log.exception("%s could not write at exit", writer.name)


def write_atomically(path: Path, text: str) -> None:
    """`text` to `path` through a temporary file in the same folder, fsynced, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class DebouncedWriter:
    """Coalesces writes to one store: `put(key, value)` keeps the newest value per key; a background thread
    hands them to `write` once WRITE_DELAY_S has passed without another put. `flush` writes what waits, now,
    on the calling thread. Writes never overlap, and an older value never lands after a newer one."""

    def __init__(self, write: Callable[[dict[Any, Any]], None], delay_s: float = WRITE_DELAY_S,
                 name: str = "settings-writer") -> None:
        self._write = write
        self.delay_s = delay_s
        self.name = name
        self._cond = threading.Condition()
        self._writing = threading.Lock()  # held while a batch is taken and written
        self._waiting: dict[Any, Any] = {}
        self._due = 0.0
        self._thread: threading.Thread | None = None
        self.written = 0  # batches written (for tests and benchmarks)
        _WRITERS.append(self)  # `flush()` writes what every writer holds

    def put(self, key: Any, value: Any) -> None:
        with self._cond:
            self._waiting[key] = value
            self._due = time.monotonic() + self.delay_s
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def waiting(self, key: Any, default: Any = None) -> Any:
        """The value waiting to be written for `key`, or `default`."""
        with self._cond:
            return self._waiting.get(key, default)

    def waiting_items(self) -> dict[Any, Any]:
        with self._cond:
            return dict(self._waiting)

    def replace_waiting(self, key: Any, value: Any) -> None:
        """Write `value` for `key` now (on this thread), dropping an older one that waits for it."""
        with self._writing:
            with self._cond:
                self._waiting.pop(key, None)
            self._write({key: value})
            self.written += 1

    def flush(self) -> None:
        with self._writing:
            with self._cond:
                batch, self._waiting = self._waiting, {}
            if not batch:
                return
            try:
                self._write(batch)
            except BaseException:
                with self._cond:  # kept for the next try, unless newer values came meanwhile
                    self._waiting = {**batch, **self._waiting}
                    self._due = time.monotonic() + 10 * self.delay_s
                raise
            self.written += 1

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._waiting:
                    self._cond.wait()
                while self._waiting and (left := self._due - time.monotonic()) > 0:
                    self._cond.wait(left)
            try:
                self.flush()
            except Exception:  # a full disk or a read-only home: the values wait for the next try or the flush
                log.exception("%s could not write", self.name)


_WRITERS: list[DebouncedWriter] = []


def _write_settings(batch: dict[Path, AppSettings]) -> None:
    for path, settings in batch.items():
        write_atomically(path, json.dumps({"version": VERSION, **asdict(settings)}, indent=2))


_json_writer = DebouncedWriter(_write_settings, name="settings.json writer")
atexit.register(flush)


def _waiting_settings(path: Path) -> AppSettings | None:
    waiting = _json_writer.waiting(path)
    return waiting if isinstance(waiting, AppSettings) else None


__all__ = ["ENV_OVERRIDES", "UPGRADES", "VERSION", "AppSettings", "DebouncedWriter", "flush", "load", "save",
           "set_value", "settings_dir", "settings_path", "upgrade", "with_overrides", "write_atomically"]
