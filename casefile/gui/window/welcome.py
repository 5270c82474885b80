"""What the window shows with no case open: create, open, try the demo, or pick a recent case."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from casefile.context import (
    DB_NAME,
    SUFFIX,
    URL_FORM,
    ServerSettingsError,
    check_database_url,
    is_case_dir,
    is_server_case_dir,
    server_case_title,
)
from casefile.domain.printable import printable
from casefile.gui import settings
from casefile.gui.elided import muted_colour
from casefile.gui.icons import icon
from casefile.gui.worker import TaskRunner
from casefile.services.recent_cases import peek_title

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def folder_name(title: str) -> str:
    """A safe folder name from a case title: `Okafor v. Halvorsen` → `Okafor v. Halvorsen.casefile`."""
    name = re.sub(r'[<>:"/\\|?*\x00-\x1f]', " ", title).strip().strip(".")
    name = re.sub(r"\s+", " ", name)[:80] or "New case"
    return name + SUFFIX


def remember_title(path: Path, title: str) -> None:
    """Keep the title of a case just opened, so the welcome list can show it without opening the case."""
    settings.set_value(f"titles/{settings.case_key(path)}", title)


def case_title(path: Path) -> str | None:
    """The case's title, read from its database read-only (one row, no migration, no lock); when that fails
    (a read-only folder, an older or damaged file), the title remembered from when it was last open."""
    try:
        if is_server_case_dir(Path(path)):  # the title its settings file keeps: no server is asked from here
            title = printable(server_case_title(Path(path))).strip()
            return title or remembered_title(path)
        title = peek_title(Path(path) / DB_NAME)
    except ServerSettingsError:
        title = ""
    if title:
        return title
    return remembered_title(path)


def remembered_title(path: Path) -> str | None:
    remembered = settings.value(f"titles/{settings.case_key(path)}")
    return remembered if isinstance(remembered, str) and remembered else None


class NewCaseDialog(QDialog):
    """Title, description and the folder to create `NAME.casefile` in; for a team case, the database URL."""

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New case")
        self.setAccessibleName("New case")
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Case title")
        self.title_edit.setPlaceholderText("e.g. Okafor v. Halvorsen Media Group")
        self.description_edit = QPlainTextEdit()
        self.description_edit.setAccessibleName("Case description")
        self.description_edit.setPlaceholderText("What the dispute is about (optional)")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(80)
        self.folder_edit = QLineEdit(str(folder or settings.documents_dir()))
        self.folder_edit.setAccessibleName("Parent folder")
        browse = QPushButton(icon("case.open"), "Browse…")
        browse.setAccessibleName("Choose the parent folder")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        self.target_label = QLabel()
        self.target_label.setWordWrap(True)
        self.target_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Description:", self.description_edit)
        folder_label = QLabel("&Folder:")  # a layout cannot be a buddy: give the label its line edit
        folder_label.setBuddy(self.folder_edit)
        form.addRow(folder_label, row)
        self.team_check = QCheckBox("&Team case on a server (PostgreSQL)")
        self.team_check.setAccessibleName("Team case on a server")
        self.url_edit = QLineEdit()
        self.url_edit.setAccessibleName("Database URL")
        self.url_edit.setPlaceholderText(URL_FORM)
        self.url_label = QLabel("Data&base:")
        self.url_label.setBuddy(self.url_edit)
        self.team_check.setToolTip("Several people work on the case at once; its records live on the server")
        self.url_hint = QLabel("Several people can work on a team case at once. Give an empty database made for "
                               "it; the folder above keeps the originals, so put it on a drive the team shares. "
                               "No password here: CaseFile reads ~/.pgpass or asks when it connects.")
        self.url_hint.setWordWrap(True)
        self.url_hint.setStyleSheet(f"color: {muted_colour(self.palette()).name()}")
        form.addRow("", self.team_check)
        form.addRow(self.url_label, self.url_edit)
        form.addRow("", self.url_hint)
        form.addRow("", self.target_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create case")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.title_edit.textChanged.connect(self._update)
        self.folder_edit.textChanged.connect(self._update)
        self.url_edit.textChanged.connect(self._update)
        self.team_check.toggled.connect(self._update)
        self._update()

    @property
    def title(self) -> str:
        return self.title_edit.text().strip()

    @property
    def description(self) -> str:
        return self.description_edit.toPlainText().strip()

    @property
    def database(self) -> str | None:
        """The team case's database URL, or None for a local case."""
        return self.url_edit.text().strip() if self.team_check.isChecked() else None

    def target(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser() / folder_name(self.title)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Create the case in", self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def _update(self) -> None:
        ok = bool(self.title) and bool(self.folder_edit.text().strip())
        problem = ""
        if ok and self.target().exists():
            problem, ok = "A folder with that name already exists; choose another title or folder.", False
        team = self.team_check.isChecked()
        for w in (self.url_label, self.url_edit, self.url_hint):
            w.setVisible(team)
        if team and ok:
            try:
                check_database_url(self.url_edit.text())
            except ServerSettingsError as exc:
                problem, ok = ("Enter the database URL: " + URL_FORM) if not self.url_edit.text().strip() \
                    else str(exc), False
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        where = " (records in the database above)" if team else ""
        self.target_label.setText(problem or (f"Creates <b>{self.target()}</b>{where}" if self.title else
                                              "Give the case a title."))


class WelcomeView(QWidget):
    """The start page. Emits what the user asked for; the window does the opening."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_activated = Signal(object)  # Path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(self, max_threads=1, interactive_threads=1)
        self._generation = 0
        self.setAccessibleName("Welcome")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 32, 40, 32)
        card = QFrame()
        card.setMaximumWidth(760)
        col = QVBoxLayout(card)
        col.setSpacing(14)
        head = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(56, 56))
        title = QLabel("<h1 style='margin:0'>CaseFile</h1>"
                       "<div>Keep every original safe, build a sourced chronology, print a case summary.</div>")
        title.setWordWrap(True)
        head.addWidget(logo)
        head.addWidget(title, 1)
        col.addLayout(head)

        buttons = QHBoxLayout()
        self.new_button = self._big_button("case.new", "New case…", "Create a case folder")
        self.open_button = self._big_button("case.open", "Open case…", "Open an existing case folder")
        self.demo_button = self._big_button("case.demo", "Open demo case", "A fictional dispute to explore")
        self.new_button.clicked.connect(self.new_requested.emit)
        self.open_button.clicked.connect(self.open_requested.emit)
        self.demo_button.clicked.connect(self.demo_requested.emit)
        for b in (self.new_button, self.open_button, self.demo_button):
            buttons.addWidget(b)
        col.addLayout(buttons)

        recent_head = QHBoxLayout()
        recent_label = QLabel("<b>Recent cases</b>")
        self.remove_button = QPushButton(icon("remove"), "Remove from list")
        self.remove_button.setAccessibleName("Remove the selected case from the recent list")
        self.remove_button.clicked.connect(self._remove_selected)
        recent_head.addWidget(recent_label, 1)
        recent_head.addWidget(self.remove_button)
        col.addLayout(recent_head)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent cases")
        self.recent.setIconSize(QSize(20, 20))
        self.recent.setSpacing(2)
        self.recent.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.recent.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.recent.itemActivated.connect(self._activated)
        self.recent.itemClicked.connect(self._activated)
        self.recent.currentItemChanged.connect(lambda *_: self._update_remove())
        recent_label.setBuddy(self.recent)
        col.addWidget(self.recent, 1)

        self.hint = QLabel()
        self.hint.setPixmap(icon("drop").pixmap(20, 20))
        hint_row = QHBoxLayout()
        hint_text = QLabel("Tip: drop a case folder here to open it. Once a case is open, drop articles, "
                           "screenshots, voice notes, clips or links anywhere on the window to import them.")
        hint_text.setWordWrap(True)
        hint_row.addWidget(self.hint)
        hint_row.addWidget(hint_text, 1)
        col.addLayout(hint_row)
        outer.addWidget(card, 1, Qt.AlignmentFlag.AlignHCenter)
        self.refresh()

    def _big_button(self, meaning: str, text: str, tip: str) -> QToolButton:
        b = QToolButton()
        b.setIcon(icon(meaning))
        b.setIconSize(QSize(32, 32))
        b.setText(text)
        b.setToolTip(tip)
        b.setAccessibleName(text.rstrip("…"))
        b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        b.setMinimumSize(QSize(170, 84))
        return b

    def refresh(self) -> None:
        """List the recent cases with the titles remembered when they were last open; each case's own title is
        then read in a worker (opening ten databases here could hold the window)."""
        self.recent.clear()
        paths = settings.recent_cases()
        existing = []
        for p in paths:
            exists = is_case_dir(p)
            title = remembered_title(p) if exists else None
            if exists:
                existing.append(p)
            item = QListWidgetItem(icon("case" if exists else "case.missing"),
                                   f"{title or p.name.removesuffix(SUFFIX)}\n{p}")
            item.setData(PATH_ROLE, str(p))
            item.setToolTip(str(p) if exists else f"{p}\n(missing: moved or deleted)")
            if not exists:
                item.setForeground(self.palette().color(self.palette().ColorGroup.Disabled,
                                                        self.palette().ColorRole.Text))
                item.setText(item.text() + "    (missing)")
            self.recent.addItem(item)
        if not paths:
            empty = QListWidgetItem("No recent cases yet.\nCreate one, open one, or try the demo case.")
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable; enabled so its colour stays readable
            empty.setForeground(muted_colour(self.recent.palette(), QPalette.ColorRole.Base))
            empty.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            empty.setSizeHint(QSize(0, 6 * self.recent.fontMetrics().height()))
            self.recent.addItem(empty)
        self.remove_button.setVisible(bool(paths))
        self._update_remove()
        if existing:
            self._generation += 1
            gen = self._generation
            self.runner.run("Reading recent cases", lambda _t: {str(p): case_title(p) for p in existing},
                            lambda titles: self._titles_read(gen, titles))

    def _titles_read(self, generation: int, titles: dict[str, Any]) -> None:
        if generation != self._generation or not isValid(self.recent):  # a newer read, or the window closed
            return
        for i in range(self.recent.count()):
            item = self.recent.item(i)
            path = item.data(PATH_ROLE)
            title = titles.get(path) if path else None
            if title:
                item.setText(f"{title}\n{path}")

    def _activated(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path and is_case_dir(Path(path)):
            self.recent_activated.emit(Path(path))

    def _remove_selected(self) -> None:
        item = self.recent.currentItem()
        if item is not None and item.data(PATH_ROLE):
            settings.remove_recent(Path(item.data(PATH_ROLE)))
            self.refresh()

    def _update_remove(self) -> None:
        item = self.recent.currentItem()
        self.remove_button.setEnabled(item is not None and bool(item.data(PATH_ROLE)))
