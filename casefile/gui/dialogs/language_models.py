"""Edit ▸ Language models…: which Tesseract languages read pictures, and a spaCy pipeline folder per language
for reading people and organisations in languages CaseFile ships no model for. Kept in the user's settings.json
(`casefile.language_settings`), so the CLI reads the same settings. A chosen folder is the user's choice: its
meta.json must name the language and a recogniser, and it is not checked against pinned digests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from casefile.gui.dialogs.model_folder import ModelFolderDialog
from casefile.language_settings import LanguageSettings, load_language_settings, save_language_settings
from casefile.languages import NAMES


class LanguageModelsDialog(ModelFolderDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        from casefile.ocr import engine

        super().__init__("Language models", "spaCy pipeline folder", parent)
        self.setAccessibleName("Language models")
        self.current = load_language_settings()
        self.folders = dict(self.current.model_dirs)
        lay = QVBoxLayout(self)
        ocr = QGroupBox("Text in pictures (Tesseract languages installed on this computer)")
        ocr_lay = QVBoxLayout(ocr)
        self.ocr_boxes: dict[str, QCheckBox] = {}
        row = QHBoxLayout()
        for code in engine.installed_languages():
            box = QCheckBox(code)
            box.setChecked(code in self.current.ocr_languages)
            self.ocr_boxes[code] = box
            row.addWidget(box)
        row.addStretch(1)
        ocr_lay.addLayout(row)
        self.auto = QCheckBox("Read a page again in its own language when it plainly is another installed one")
        self.auto.setChecked(self.current.ocr_auto)
        ocr_lay.addWidget(self.auto)
        lay.addWidget(ocr)
        names = QGroupBox("People and organisations (a spaCy pipeline folder per language)")
        form = QFormLayout(names)
        self.language = QComboBox()
        self.language.setAccessibleName("Language")
        for code in sorted((c for c in NAMES if c != "en"), key=lambda c: NAMES[c]):
            self.language.addItem(f"{NAMES[code]} ({code})", code)
        self.folder.setAccessibleName("Pipeline folder")
        self.folder.setPlaceholderText("empty: no model (dates and accounts only)")
        form.addRow("Language:", self.language)
        form.addRow("Folder:", self.folder_row())
        form.addRow(self.status)
        lay.addWidget(names)
        lay.addWidget(self.buttons)
        self.language.currentIndexChanged.connect(self._show_folder)
        self.folder.textChanged.connect(self._check)
        self._show_folder()
        self.resize(640, self.sizeHint().height())

    def code(self) -> str:
        return str(self.language.currentData())

    def _show_folder(self) -> None:
        self.folder.setText(self.folders.get(self.code(), ""))
        self._check()

    def _assess(self) -> tuple[bool, str]:
        """Whether the folder is usable for the language (a usable one is noted for it, an empty one cleared)."""
        from casefile.extract.ner import check_user_model

        text, ok = self.folder.text().strip(), True
        if not text:
            self.folders.pop(self.code(), None)
            message = f"{NAMES[self.code()]}: no model; dates and accounts only."
        else:
            try:
                meta = check_user_model(self.code(), Path(text).expanduser())
                self.folders[self.code()] = str(Path(text).expanduser())
                message = (f"A spaCy pipeline for {NAMES[self.code()]} ({meta.get('name', '?')} "
                           f"{meta.get('version', '')}): exhibits read from now on use it.")
            except ValueError as exc:
                ok, message = False, f"Not usable: {exc}."
        return ok, message

    def settings(self) -> LanguageSettings:
        chosen = tuple(code for code, box in self.ocr_boxes.items() if box.isChecked())
        return LanguageSettings(chosen or ("eng",), self.auto.isChecked(), dict(self.folders))

    def save(self) -> None:
        from casefile.extract import ner

        save_language_settings(self.settings())
        ner.forget_other_models()  # the next read loads the folders chosen here
