"""What the model-choosing dialogs share: a folder field with Browse…, a line that says at once whether the
choice is usable, and a Save offered only when it is (Language models… and Speech model…)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)


class ModelFolderDialog(QDialog):
    """A subclass lays out `folder_row()`, `status` and `buttons`, says in `_assess()` whether what is chosen is
    usable, and writes it in `save()`; Save runs `save()` only after a last check."""

    def __init__(self, title: str, browse_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._browse_title = browse_title
        self.folder = QLineEdit()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def folder_row(self, *before: QWidget) -> QHBoxLayout:
        """`before` (a radio button, say), then the folder field, then Browse…"""
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        for widget in before:
            row.addWidget(widget)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        return row

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self._browse_title, self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _assess(self) -> tuple[bool, str]:  # pragma: no cover - abstract
        """Whether the choice is usable, and the sentence that says so (or why not)."""
        raise NotImplementedError

    def save(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _check(self) -> bool:
        ok, text = self._assess()
        self.status.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)
        return ok

    def accept(self) -> None:
        if self._check():
            self.save()
            super().accept()
