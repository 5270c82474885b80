"""Citing an exhibit by hand from the event editor: which exhibit, the passage, and where it is."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.enums import EvidenceKind
from casefile.domain.records import Citation

_TIME = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")
Choice = tuple[int, int, str, EvidenceKind]


def parse_timestamp(text: str) -> int | None:
    """`01:23` or `1:02:03` as milliseconds; None for an empty field. Raises ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    m = _TIME.match(text)
    if not m:
        raise ValueError("Enter the moment as mm:ss or h:mm:ss, e.g. 01:23.")
    h, mnt, sec = int(m[1] or 0), int(m[2]), int(m[3])
    if sec >= 60 or (m[1] and mnt >= 60):
        raise ValueError("Minutes and seconds run from 00 to 59.")
    return ((h * 60 + mnt) * 60 + sec) * 1000


class CitationDialog(QDialog):
    """Pick an exhibit and describe the passage; `citation()` gives the result after accept."""

    def __init__(self, choices: list[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a source")
        self.setMinimumWidth(520)
        self.exhibit = QComboBox()
        self.exhibit.setEditable(True)  # type to find an exhibit by number or title
        self.exhibit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.exhibit.setAccessibleName("Exhibit")
        for eid, number, title, kind in choices:
            self.exhibit.addItem(f"Ex. {number} · {title} ({kind.label.lower()})", eid)
        self.quote = QPlainTextEdit()
        self.quote.setPlaceholderText("The passage this event rests on (optional)")
        self.quote.setAccessibleName("Quoted passage")
        self.quote.setTabChangesFocus(True)
        self.page = QSpinBox()
        self.page.setRange(0, 100000)
        self.page.setSpecialValueText("—")
        self.page.setAccessibleName("Page")
        self.moment = QLineEdit(placeholderText="mm:ss, for audio and video")
        self.moment.setAccessibleName("Moment in the clip")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        form = QFormLayout()
        form.addRow("Exhibit", self.exhibit)
        form.addRow("Passage", self.quote)
        form.addRow("Page", self.page)
        form.addRow("At", self.moment)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        if not choices:
            lay.addWidget(QLabel("There are no exhibits yet: import the source first."))
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self._result: Citation | None = None

    def accept(self) -> None:
        index = self.exhibit.findText(self.exhibit.currentText())
        if index < 0:
            return self._fail("Choose an exhibit from the list.")
        try:
            time_ms = parse_timestamp(self.moment.text())
        except ValueError as exc:
            return self._fail(str(exc))
        number = int(self.exhibit.itemText(index).split()[1])
        self._result = Citation(evidence_id=self.exhibit.itemData(index), exhibit=number,
                                quote=self.quote.toPlainText().strip(), page=self.page.value() or None,
                                time_ms=time_ms)
        super().accept()
        return None

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def citation(self) -> Citation | None:
        return self._result
