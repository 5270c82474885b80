"""Settings changed while the app runs are written by a background thread, a burst as one write; the last value
reaches the disk when the app quits; a write that fails half-way leaves the old settings.json whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from casefile import settings
from casefile.gui import settings as ui

ROOT = Path(__file__).resolve().parent.parent


class ThreadSpy:
    """Wraps a real function: records the thread of each call, then calls it."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.threads: list[threading.Thread] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.threads.append(threading.current_thread())
        return self.real(*args, **kwargs)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(settings.DIR_ENV, str(tmp_path / "config"))
    monkeypatch.delenv("CASEFILE_SPEECH_MODEL", raising=False)
    monkeypatch.delenv("CASEFILE_NO_OCR", raising=False)
    monkeypatch.setattr(settings._json_writer, "delay_s", 1.0)
    monkeypatch.setattr(ui._ui_writer, "delay_s", 1.0)
    yield tmp_path / "config"
    settings.flush()


def _on_disk(folder: Path) -> dict[str, Any]:
    try:
        return json.loads((folder / settings.FILE_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def test_a_burst_of_changes_is_one_write_off_the_calling_thread(qtbot, folder: Path, monkeypatch) -> None:  # noqa: ANN001
    spy = ThreadSpy(settings.write_atomically)
    monkeypatch.setattr(settings, "write_atomically", spy)
    settings.set_value(ocr=False)
    settings.set_value(ocr_languages=["eng", "fra"])
    now = settings.set_value(ocr_auto=False)
    assert (now.ocr, now.ocr_languages, now.ocr_auto) == (False, ["eng", "fra"], False)
    assert settings.load().ocr_languages == ["eng", "fra"]  # read back at once, before it is written
    assert spy.threads == []  # nothing written by the caller
    qtbot.waitUntil(lambda: _on_disk(folder).get("ocr_auto") is False, timeout=5000)
    saved = _on_disk(folder)
    assert (saved["ocr"], saved["ocr_languages"], saved["version"]) == (False, ["eng", "fra"], settings.VERSION)
    assert len(spy.threads) == 1 and spy.threads[0] is not threading.main_thread()


def test_flush_writes_what_waits_at_once(folder: Path) -> None:
    settings.set_value(speech_language="de")
    assert _on_disk(folder).get("speech_language") != "de"
    settings.flush()
    assert _on_disk(folder)["speech_language"] == "de"


def test_save_supersedes_an_older_change_still_waiting(qtbot, folder: Path) -> None:  # noqa: ANN001
    settings.set_value(speech_language="de")
    settings.save(settings.AppSettings(speech_language="fr"))
    assert _on_disk(folder)["speech_language"] == "fr"
    settings.flush()
    assert _on_disk(folder)["speech_language"] == "fr"  # the older "de" never lands after it


@pytest.mark.parametrize("fails", ["fsync", "replace"])
def test_a_write_that_fails_half_way_leaves_the_old_file_whole(folder: Path, monkeypatch, fails: str) -> None:  # noqa: ANN001
    settings.save(settings.AppSettings(speech_language="nl"))
    before = (folder / settings.FILE_NAME).read_bytes()

    def crash(*_args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, fails, crash)
    settings.set_value(speech_language="de", ocr_languages=["eng", "deu", "fra", "nld"] * 50)
    settings.flush()  # said in the log, not raised at the app's quit
    assert (folder / settings.FILE_NAME).read_bytes() == before
    assert json.loads(before)["speech_language"] == "nl"
    assert sorted(p.name for p in folder.iterdir()) == [settings.FILE_NAME]  # no temporary file left behind
    assert settings.load().speech_language == "de"  # the change still waits
    monkeypatch.undo()
    monkeypatch.setenv(settings.DIR_ENV, str(folder))
    settings.flush()  # the change waited: written once the disk takes it
    assert _on_disk(folder)["speech_language"] == "de"


def test_the_last_change_reaches_the_disk_when_the_app_quits(tmp_path: Path) -> None:
    script = (
        "import os\n"
        "from PySide6.QtCore import QTimer\n"
        "from casefile import settings\n"
        "from casefile.gui import settings as ui\n"
        "from casefile.gui.window.app import make_app\n"
        "app = make_app([])\n"
        "settings.set_value(speech_language='pt')\n"
        "ui.set_value('folders/import', '/home/ana/okafor/inbox')\n"
        "QTimer.singleShot(0, app.quit)\n"
        "app.exec()\n"
        "os._exit(0)  # no interpreter exit: only the app's quit can have written them\n"
    )
    env = {**os.environ, settings.DIR_ENV: str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60, cwd=tmp_path)
    assert _on_disk(tmp_path)["speech_language"] == "pt"
    ini = QSettings(str(tmp_path / "casefile-ui.ini"), QSettings.Format.IniFormat)
    assert ini.value("folders/import") == "/home/ana/okafor/inbox"


def test_ui_state_is_kept_at_once_and_written_off_the_gui_thread(qtbot, folder: Path, monkeypatch) -> None:  # noqa: ANN001
    spy = ThreadSpy(QSettings.sync)

    def sync(self: QSettings) -> None:  # a method, so the spy is given the QSettings it syncs
        spy(self)

    monkeypatch.setattr(QSettings, "sync", sync)
    from casefile.gui.last_folder import remember_folder, start_folder

    inbox = folder.parent / "inbox"
    inbox.mkdir()
    remember_folder("import", inbox)
    assert start_folder("import") == inbox  # the app sees it at once
    assert spy.threads == []
    ini = folder / "casefile-ui.ini"
    qtbot.waitUntil(lambda: ini.is_file() and str(inbox) in ini.read_text(encoding="utf-8"), timeout=5000)
    assert spy.threads and all(t is not threading.main_thread() for t in spy.threads)
