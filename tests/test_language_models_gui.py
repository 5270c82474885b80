"""Edit ▸ Language models…: the user ticks OCR languages and points a language at a spaCy pipeline folder; a
folder for another language is refused at once (Save disabled) and nothing is saved."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from casefile.gui.dialogs.language_models import LanguageModelsDialog
from casefile.language_settings import LanguageSettings, load_language_settings, save_language_settings


def pipeline(folder: Path, lang: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text(json.dumps({"lang": lang, "name": "core_news_md", "version": "3.8.0",
                                                  "pipeline": ["tok2vec", "ner"]}), encoding="utf-8")
    return folder


def test_a_german_folder_is_saved_and_a_french_one_refused(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    save_language_settings(LanguageSettings())
    german, french = pipeline(tmp_path / "de_md", "de"), pipeline(tmp_path / "fr_md", "fr")
    dialog = LanguageModelsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.language.setFocus()
    qtbot.keyClicks(dialog.language, "German")
    assert dialog.code() == "de"
    qtbot.keyClicks(dialog.folder, str(french))
    assert not save.isEnabled()
    assert "is for 'fr', not 'de'" in dialog.status.text()
    dialog.folder.clear()
    qtbot.keyClicks(dialog.folder, str(german))
    assert save.isEnabled()
    qtbot.mouseClick(dialog.ocr_boxes["deu"], Qt.MouseButton.LeftButton)  # Debian tesseract-ocr-deu (CI has it)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    saved = load_language_settings()
    assert saved.model_dirs == {"de": str(german)}
    assert saved.ocr_languages == ("deu", "eng")
    save_language_settings(LanguageSettings())
