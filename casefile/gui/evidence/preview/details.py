"""The facts about one exhibit: file, hash and its verification, source, dates, metadata; open or verify it."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.enums import VerifyState
from casefile.domain.errors import CaseFileError
from casefile.domain.records import EvidenceRecord, format_timestamp
from casefile.domain.sizes import format_size
from casefile.gui.capture.preview import add_capture_rows
from casefile.gui.context import GuiContext
from casefile.gui.evidence.labels import date_label, read_failure, readable_time
from casefile.gui.icons import icon
from casefile.services.viewer_copies import readonly_copy

_STATE_TEXT = {
    VerifyState.UNVERIFIED: "not verified yet",
    VerifyState.OK: "verified: the stored original matches",
    VerifyState.MISSING: "MISSING: the stored original is gone",
    VerifyState.ALTERED: "ALTERED: the stored original no longer matches",
}
_SKIP_META = {"warnings", "page_starts", "size", "codecs", "encoding", "taken", "read_error", "failure",
              "encrypted"}
_TIME_META = {"exif_modified", "date", "created", "modified"}


def metadata_lines(rec: EvidenceRecord) -> list[tuple[str, str]]:
    m = rec.metadata
    out: list[tuple[str, str]] = []
    if m.get("duration_s"):
        out.append(("Duration", format_timestamp(int(float(m["duration_s"]) * 1000))))
    if m.get("width") and m.get("height"):
        out.append(("Dimensions", f"{m['width']} × {m['height']} px"))
    if m.get("page_count"):
        out.append(("Pages", str(m["page_count"])))
    for key, value in m.items():
        if key in _SKIP_META or key in ("duration_s", "width", "height", "page_count"):
            continue
        if isinstance(value, (str, int, float)) and str(value).strip():
            text = readable_time(str(value)) if key in _TIME_META or _looks_like_time(value) else str(value)
            out.append((key.replace("_", " ").capitalize(), text[:200]))
    return out[:14]


def _looks_like_time(value: object) -> bool:
    return isinstance(value, str) and readable_time(value) != value


def _selectable(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def _hash_field(sha256: str | None) -> QLineEdit:
    """The hash in a frameless read-only field: one line, scrolls rather than wraps, selectable."""
    field = QLineEdit(sha256 or "— (no file of its own)")
    field.setReadOnly(True)
    field.setFrame(False)
    field.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    field.setCursorPosition(0)
    field.setToolTip(sha256 or "")
    field.setMinimumWidth(120)
    return field


def _icon_label(meaning: str) -> QLabel:
    label = QLabel()
    label.setPixmap(icon(meaning).pixmap(16, 16))
    label.setAccessibleName("Warning")
    return label


class DetailsPanel(QWidget):
    edit_requested = Signal()

    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.rec: EvidenceRecord | None = None
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setHorizontalSpacing(12)
        self.sha_label = _hash_field(None)
        self.state_label = QLabel("")
        self.verify_button = QPushButton(icon("verify"), "Verify")
        self.verify_button.setToolTip("Re-hash the stored original and compare it with its SHA-256")
        self.verify_button.clicked.connect(self.verify)
        self.edit_button = QPushButton(icon("edit"), "Edit…")
        self.edit_button.clicked.connect(self.edit_requested)
        self.open_button = QPushButton(icon("open.external"), "Open original")
        self.open_button.setToolTip("Open a read-only copy in the program your system uses for this type")
        self.open_button.clicked.connect(self.open_original)
        self.folder_button = QPushButton(icon("reveal"), "Show in folder")
        self.folder_button.clicked.connect(self.show_in_folder)
        buttons = QHBoxLayout()
        self._labelled = [(b, b.text(), b.toolTip())
                          for b in (self.edit_button, self.open_button, self.folder_button)]
        self._full_width = sum(b.sizeHint().width() + 6 for b, _l, _t in self._labelled)
        for b, label, _tip in self._labelled:
            b.setAccessibleName(label.rstrip("…"))
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        self._outer = lay
        lay.addLayout(buttons)
        lay.addLayout(self.form)
        lay.addStretch(1)
        self.last_copy = None

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        """In a narrow pane the buttons show only their icons (their names move to the tooltips)."""
        super().resizeEvent(event)
        margins = self._outer.contentsMargins()
        room = event.size().width() - margins.left() - margins.right()
        compact = self._full_width > room
        for b, label, tip in self._labelled:
            b.setText("" if compact else label)
            b.setToolTip((f"{label}: {tip}" if tip else label) if compact else tip)

    def minimumSizeHint(self):  # noqa: ANN201, N802
        hint = super().minimumSizeHint()
        hint.setWidth(min(hint.width(), 220))
        return hint

    def show_evidence(self, rec: EvidenceRecord) -> None:
        self.rec = rec
        while self.form.rowCount():
            self.form.removeRow(0)
        self.sha_label = _hash_field(rec.sha256)
        state, state_text = self._integrity(rec)
        self.state_label = QLabel(state_text)
        self.state_label.setWordWrap(True)
        self.state_label.setObjectName(f"verify_{state.value if state else 'embedded'}")
        if state in (VerifyState.MISSING, VerifyState.ALTERED):
            self.state_label.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.verify_button = QPushButton(icon("verify"), "Verify")
        self.verify_button.clicked.connect(self.verify)
        self.verify_button.setEnabled(bool(rec.sha256) and not self.gctx.case.read_only)
        state_row = QHBoxLayout()
        state_mark = QLabel("")
        if state is not None:
            state_mark.setPixmap(icon(f"integrity.{state.value}").pixmap(16, 16))
        state_row.addWidget(state_mark)
        state_row.addWidget(self.state_label, 1)
        state_row.addWidget(self.verify_button)
        failure = read_failure(rec)
        if failure:
            problem = _selectable(f"Not read: {failure}")
            problem.setStyleSheet("color: #9a5b00;")
            self.form.addRow(_icon_label("warning"), problem)
        self.form.addRow("File", _selectable(rec.filename))
        self.form.addRow("Type", _selectable(f"{rec.kind.label} · {rec.media_type or 'unknown'}"))
        self.form.addRow("Size", QLabel(f"{format_size(rec.size)} ({rec.size:,} bytes)"))
        self.form.addRow("SHA-256", self.sha_label)
        self.form.addRow("Integrity", state_row)
        if rec.url:
            link = QLabel(f'<a href="{html.escape(rec.url, quote=True)}">{html.escape(rec.url)}</a>')
            link.setTextFormat(Qt.TextFormat.RichText)
            link.setWordWrap(True)
            link.setOpenExternalLinks(False)
            link.linkActivated.connect(self._open_link)
            self.form.addRow("Source", link)
        if rec.author:
            self.form.addRow("Author", _selectable(rec.author))
        label, when = date_label(rec)
        self.form.addRow(label, QLabel(when))
        from casefile.gui.evidence.preview.language_row import LanguageCombo

        self.language_combo = LanguageCombo(self.gctx, rec.id, rec.language)
        self.form.addRow("Language", self.language_combo)
        if rec.imported_at:
            self.form.addRow("Imported", QLabel(rec.imported_at.strftime("%d %b %Y %H:%M UTC")))
        if rec.parent_id is not None:
            try:
                parent = self.gctx.case.evidence.get(rec.parent_id)
                self.form.addRow("Part of", QLabel(f"Ex. {parent.exhibit} ({rec.relation or 'embedded'})"))
            except Exception:  # noqa: BLE001 - the parent may have been removed meanwhile
                pass
        if rec.tags:
            self.form.addRow("Tags", QLabel(", ".join(rec.tags)))
        for key, value in metadata_lines(rec):
            self.form.addRow(key, _selectable(value))
        add_capture_rows(self.form, self.gctx, rec)  # a web capture: address, captured at, every part's hash
        has_file = bool(rec.sha256)
        self.open_button.setEnabled(has_file)
        self.folder_button.setEnabled(has_file)
        self.edit_button.setEnabled(not self.gctx.case.read_only)

    def _integrity(self, rec: EvidenceRecord) -> tuple[VerifyState | None, str]:
        """An embedded item (no file of its own) is as safe as the original it came from."""
        if rec.sha256:
            return rec.verify_state, _STATE_TEXT[rec.verify_state]
        if rec.parent_id is not None:
            try:
                parent = self.gctx.case.evidence.get(rec.parent_id)
            except CaseFileError:
                parent = None
            if parent is not None and parent.sha256:
                return parent.verify_state, (f"part of Ex. {parent.exhibit}, whose original is "
                                             f"{_STATE_TEXT[parent.verify_state]}")
        return None, "no file of its own (nothing to verify)"

    @staticmethod
    def _open_link(url: str) -> None:
        if url.startswith(("http://", "https://")):
            QDesktopServices.openUrl(QUrl(url))

    def verify(self) -> None:
        rec = self.rec
        if rec is None:
            return
        self.verify_button.setEnabled(False)
        self.state_label.setText("verifying…")

        def done(problems: list) -> None:
            detail = problems[0].detail if problems else "the stored original matches its SHA-256"
            self.gctx.bus.message.emit(f"Ex. {rec.exhibit}: {detail}")
            self.gctx.bus.changed.emit("evidence")
            if self.rec is not None and self.rec.id == rec.id:
                self.show_evidence(self.gctx.case.evidence.get(rec.id))

        self.gctx.runner.run(f"Verifying Ex. {rec.exhibit}", lambda _t: self.gctx.case.evidence.verify([rec.id]),
                             done, lambda msg: self.state_label.setText(msg))

    def _copy(self):  # noqa: ANN202
        rec = self.rec
        if rec is None:
            return None
        original = self.gctx.case.evidence.original_path(rec.id)
        if original is None or not original.is_file():
            QMessageBox.warning(self, "Open original", "The stored original is missing.")
            return None
        self.last_copy = readonly_copy(original, rec)
        return self.last_copy

    def open_original(self) -> None:
        copy = self._copy()
        if copy is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
            self.no_launcher(copy, "No program is set up to open this kind of file")

    def show_in_folder(self) -> None:
        copy = self._copy()
        if copy is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy.parent))):
            self.no_launcher(copy, "No file manager could be started")

    def no_launcher(self, copy: Path, what: str) -> QMessageBox:
        """The system could not open it: say so, with the path to copy (and the folder, if that can open)."""
        box = QMessageBox(QMessageBox.Icon.Information, "Open original",
                          f"{what} on this system.\n\nA read-only copy of the original is at:\n{copy}\n\n"
                          "Copy the path and open it with a program of your choice.", parent=self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copy_button = box.addButton("Copy path", QMessageBox.ButtonRole.ActionRole)
        folder_button = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(str(copy)))

        def show_folder() -> None:
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy.parent))):
                QGuiApplication.clipboard().setText(str(copy.parent))

        folder_button.clicked.connect(show_folder)
        folder_button.setToolTip("Open the folder holding the copy (its path is copied if that fails too)")
        self.launcher_box = box
        box.open()
        return box
