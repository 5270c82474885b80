"""Edit ▸ Language models…: which Tesseract languages read pictures, and a spaCy pipeline folder per language
for reading people and organisations in languages CaseFile ships no model for. Kept in languages.json (the
user's, beside speech.json), so the CLI reads the same settings. A chosen folder is the user's choice: its
meta.json must name the language and a recogniser, and it is not checked against pinned digests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.language_settings import LanguageSettings, load_language_settings, save_language_settings
from casefile.languages import NAMES


class LanguageModelsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        from casefile.ocr import engine

        super().__init__(parent)
        self.setWindowTitle("Language models")
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
        self.folder = QLineEdit()
        self.folder.setAccessibleName("Pipeline folder")
        self.folder.setPlaceholderText("empty: no model (dates and accounts only)")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form.addRow("Language:", self.language)
        form.addRow("Folder:", folder_row)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        form.addRow(self.status)
        lay.addWidget(names)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
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

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "spaCy pipeline folder", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _check(self) -> bool:
        """Say at once whether the folder is usable for the language; Save is only offered when it is."""
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
        self.status.setText(message)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)
        return ok

    def settings(self) -> LanguageSettings:
        chosen = tuple(code for code, box in self.ocr_boxes.items() if box.isChecked())
        return LanguageSettings(chosen or ("eng",), self.auto.isChecked(), dict(self.folders))

    def accept(self) -> None:
        if not self._check():
            return
        save_language_settings(self.settings())
        from casefile.extract import ner

        ner.forget_other_models()  # the next read loads the folders chosen here
        super().accept()
