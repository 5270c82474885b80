"""In the app: dropped clips are transcribed as their own job (progress, Cancel) before suggestions are found."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from casefile.gui.settings import SpeechSettingsDialog
from casefile.gui.window.main_window import MainWindow
from casefile.gui.worker import TaskRunner
from casefile.speech.model import find_shipped_model
from casefile.speech.settings import MODEL_ENV, load_settings
from tests.test_gui_import_suggestions import _drop_folder
from tests.test_speech_fixtures import HEARING, speech_clip


@pytest.fixture
def window(qtbot, case):  # noqa: ANN001, ANN201
    path = case.path
    case.close()
    w = MainWindow(TaskRunner())  # the real thread pool: transcription must not block the GUI thread
    qtbot.addWidget(w)
    w.show()
    assert w.open_case(path)
    yield w
    w.close_case()


def test_dropped_clip_is_transcribed_before_suggestions_with_its_own_progress(window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    folder = tmp_path / "clips"
    speech_clip(folder, HEARING, "board-meeting.m4a")
    controller = window.import_controller
    labels: list[str] = []
    formats: list[str] = []
    order: list[str] = []

    def watch(task) -> None:  # noqa: ANN001
        if controller.transcribing:
            formats.append(window.import_panel.bar.format())
            task.progress.connect(lambda *_: labels.append(window.import_panel.label.text()))

    controller.started.connect(watch)
    controller.transcribed.connect(lambda _r: order.append("transcribed"))
    controller.suggested.connect(lambda _r: order.append("suggested"))
    with qtbot.waitSignal(controller.suggested, timeout=90000):
        _drop_folder(window, folder)
    assert order == ["transcribed", "suggested"]
    assert formats == ["%p%"]
    assert any(t == "Transcribing 1 of 1: board-meeting.m4a" for t in labels), labels
    report = controller.last_transcription
    assert report is not None and len(report.transcripts) == 1
    note = window.report_dialog.transcription_note
    assert note.isVisible() and note.text().startswith("1 transcript from 1 of 1 clips (tiny.en)")
    case = window.gctx.case
    [vote] = [e for e in case.events.list() if e.date.start.iso() == "2025-03-03"]
    assert vote.citations[0].locator().startswith("Ex. 1 at 00:0")
    qtbot.waitUntil(lambda: not window.import_panel.isVisible())


def test_without_a_model_the_report_says_so_and_offers_the_setting(window, qtbot, tmp_path: Path,  # noqa: ANN001
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODEL_ENV, str(tmp_path / "no-such-model"))
    folder = tmp_path / "clips"
    speech_clip(folder, "A short voice note.", "note.m4a")
    controller = window.import_controller
    with qtbot.waitSignal(controller.transcribed, timeout=60000) as blocker:
        _drop_folder(window, folder)
    assert blocker.args[0].unavailable.startswith("Transcription unavailable: the model folder")
    note = window.report_dialog.transcription_note
    assert "<b>Transcription unavailable:</b>" in note.text() and "Choose a speech model" in note.text()
    assert window.gctx.case.evidence.count() == 1  # the clip is in; it waits for a model
    assert window.gctx.case.transcriptions.waiting() == 1
    qtbot.waitUntil(lambda: not controller.busy, timeout=60000)


def test_speech_settings_dialog_checks_the_folder_before_saving(qtbot, tmp_path: Path,  # noqa: ANN001
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEFILE_SETTINGS_DIR", str(tmp_path))
    monkeypatch.delenv(MODEL_ENV, raising=False)
    dialog = SpeechSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.builtin.isChecked() and save.isEnabled()
    qtbot.keyClicks(dialog.folder, str(tmp_path / "nothing-here"))
    assert dialog.custom.isChecked() and not save.isEnabled()
    assert dialog.status.text().startswith("Not usable: the model folder")
    shipped = find_shipped_model()
    assert shipped is not None
    dialog.folder.selectAll()
    qtbot.keyClicks(dialog.folder, str(shipped))
    assert save.isEnabled() and dialog.status.text().startswith("A CTranslate2 Whisper model folder")
    qtbot.keyClicks(dialog.language, "EN")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert load_settings().model_dir == str(shipped) and load_settings().language == "en"
    assert (tmp_path / "settings.json").is_file()  # speech.json became the versioned settings file (issue 24)
