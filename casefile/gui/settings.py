"""UI state only (window geometry, docks, last tab, recent cases) in QSettings; case data lives in the case, the
app's own settings (speech model, OCR) in `casefile.settings`, shared with the CLI.

Per-case state is keyed by a hash of the case folder's resolved path, so two cases keep their own layout.
`CASEFILE_SETTINGS_DIR` (set by the tests) puts the settings file in a folder of its own.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWidget

from casefile.gui.dialogs.model_folder import ModelFolderDialog
from casefile.settings import DebouncedWriter

MAX_RECENT = 10


def ui_settings() -> QSettings:
    folder = os.environ.get("CASEFILE_SETTINGS_DIR")
    if folder:
        return QSettings(str(Path(folder) / "casefile-ui.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "CaseFile", "CaseFile")


def data_dir() -> Path:
    """The per-user data folder (the demo case lives here): `…/share/CaseFile`, not the `CaseFile/CaseFile`
    that AppLocalDataLocation makes of an organisation and application both named CaseFile."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    path = Path(base) / "CaseFile" if base else Path.home() / ".local" / "share" / "CaseFile"
    path.mkdir(parents=True, exist_ok=True)
    return path


def documents_dir() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())


# recent cases ---------------------------------------------------------------------------------------
def recent_cases() -> list[Path]:
    return [Path(v) for v in _strings(ui_settings().value("recent/cases", [])) if v]


def add_recent(path: Path) -> None:
    key = str(Path(path).resolve())
    items = [key] + [str(p) for p in recent_cases() if str(p) != key]
    ui_settings().setValue("recent/cases", items[:MAX_RECENT])


def remove_recent(path: Path) -> None:
    key = str(Path(path))
    ui_settings().setValue("recent/cases", [str(p) for p in recent_cases() if str(p) != key])


def clear_recent() -> None:
    ui_settings().setValue("recent/cases", [])


# per-case window state -------------------------------------------------------------------------------
@dataclass
class WindowState:
    geometry: QByteArray | None = None
    state: QByteArray | None = None  # QMainWindow.saveState(): docks and toolbars
    tab: int = 0
    notes_visible: bool = True


def case_key(path: Path) -> str:
    return hashlib.sha256(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:20]


def load_window_state(path: Path) -> WindowState:
    s = ui_settings()
    s.beginGroup(f"case-{case_key(path)}")
    try:
        geometry = s.value("geometry")
        state = s.value("state")
        return WindowState(
            geometry=geometry if isinstance(geometry, QByteArray) else None,
            state=state if isinstance(state, QByteArray) else None,
            tab=_int(s.value("tab", 0)),
            notes_visible=_bool(s.value("notes_visible", True)),
        )
    finally:
        s.endGroup()


def save_window_state(path: Path, ws: WindowState) -> None:
    s = ui_settings()
    s.beginGroup(f"case-{case_key(path)}")
    if ws.geometry is not None:
        s.setValue("geometry", ws.geometry)
    if ws.state is not None:
        s.setValue("state", ws.state)
    s.setValue("tab", ws.tab)
    s.setValue("notes_visible", ws.notes_visible)
    s.setValue("path", str(Path(path).resolve()))
    s.endGroup()
    s.sync()


def hidden_columns(path: Path, table: str) -> set[str]:
    """Header names of the columns the user hid in `table` of the case at `path`."""
    return {x for x in _strings(ui_settings().value(f"case-{case_key(path)}/columns/{table}/hidden", [])) if x}


def set_hidden_columns(path: Path, table: str, names: set[str]) -> None:
    s = ui_settings()
    s.setValue(f"case-{case_key(path)}/columns/{table}/hidden", sorted(names))
    s.sync()


def value(key: str, default: object = None) -> object:
    waiting = _ui_writer.waiting((os.environ.get("CASEFILE_SETTINGS_DIR", ""), key), _NOT_SET)
    return ui_settings().value(key, default) if waiting is _NOT_SET else waiting


def set_value(key: str, val: object) -> None:
    """Kept at once for `value`; written to disk by a background thread, coalesced (casefile.settings)."""
    _ui_writer.put((os.environ.get("CASEFILE_SETTINGS_DIR", ""), key), val)


def _write_ui(batch: dict[tuple[str, str], object]) -> None:
    for folder in {f for f, _k in batch}:
        s = QSettings(str(Path(folder) / "casefile-ui.ini"), QSettings.Format.IniFormat) if folder else \
            QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "CaseFile", "CaseFile")
        for (f, key), val in batch.items():
            if f == folder:
                s.setValue(key, val)
        s.sync()


_NOT_SET = object()
_ui_writer = DebouncedWriter(_write_ui, name="UI state writer")


def _int(v: object) -> int:
    try:
        return int(v) if isinstance(v, (int, float, str)) else 0
    except ValueError:
        return 0


def _strings(v: object) -> list[str]:
    """A list QSettings kept (an INI file gives a lone item back as a plain string)."""
    if isinstance(v, str):
        return [v]
    return [str(x) for x in v] if isinstance(v, (list, tuple)) else []


def _bool(v: object) -> bool:
    if isinstance(v, str):
        return v.lower() in ("true", "1", "yes")
    return bool(v)


# speech model ---------------------------------------------------------------------------------------
class SpeechSettingsDialog(ModelFolderDialog):
    """Which Whisper model transcribes clips: the shipped tiny.en, or a CTranslate2 folder the user has (bigger
    or multilingual). Kept in the app's settings (`casefile.settings`), so `casefile transcribe` uses it too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        from casefile.speech.settings import load_settings

        super().__init__("Speech model", "Whisper model folder", parent)
        self.setAccessibleName("Speech model settings")
        current = load_settings()
        lay = QVBoxLayout(self)
        intro = QLabel("Clips are transcribed on this computer; nothing is sent anywhere. The built-in model is "
                       "Whisper tiny.en (English, fast). A bigger or multilingual model is more accurate and slower: "
                       "choose a faster-whisper (CTranslate2) model folder you already have.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.builtin = QRadioButton("Built-in Whisper tiny.en")
        self.custom = QRadioButton("Model folder:")
        self.folder.setText(current.model_dir)
        self.folder.setPlaceholderText("e.g. …/faster-whisper-large-v3")
        self.folder.setAccessibleName("Model folder")
        lay.addWidget(self.builtin)
        lay.addLayout(self.folder_row(self.custom))
        self.language = QLineEdit(current.language)
        self.language.setPlaceholderText("automatic (English for an English-only model)")
        self.language.setAccessibleName("Spoken language code")
        form = QFormLayout()
        form.addRow("Spoken language (e.g. de, fr):", self.language)
        lay.addLayout(form)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)
        (self.custom if current.model_dir else self.builtin).setChecked(True)
        self.folder.textChanged.connect(lambda _t: self.custom.setChecked(True))
        self.folder.textChanged.connect(self._check)
        self.builtin.toggled.connect(self._check)
        self.resize(620, self.sizeHint().height())
        self._check()

    def _assess(self) -> tuple[bool, str]:
        from casefile.speech.model import SpeechModelError, check_folder

        ok, text = True, "Uses the built-in model (its weights are checked against pinned digests)."
        if self.custom.isChecked():
            try:
                check_folder(Path(self.folder.text().strip()).expanduser())
                text = "A CTranslate2 Whisper model folder: clips not transcribed yet will use it."
            except SpeechModelError as exc:
                ok, text = False, f"Not usable: {exc}."
        return ok, text

    def save(self) -> None:
        from casefile.speech.settings import SpeechSettings, save_settings

        folder = self.folder.text().strip() if self.custom.isChecked() else ""
        save_settings(SpeechSettings(model_dir=folder, language=self.language.text().strip().lower()))
