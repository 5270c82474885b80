"""One table from meaning to icon: widgets ask for "print" or "evidence.audio", never for a font glyph.

Icons are qtawesome glyphs (Material Design Icons 6), drawn at any size so they stay crisp on high-DPI
screens, and coloured from the application palette so they follow the system light/dark theme.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

# meaning -> qtawesome name
ICONS: dict[str, str] = {
    # app and case
    "app": "mdi6.briefcase-outline",
    "case": "mdi6.briefcase-outline",
    "case.new": "mdi6.briefcase-plus-outline",
    "case.open": "mdi6.folder-open-outline",
    "case.close": "mdi6.briefcase-remove-outline",
    "case.recent": "mdi6.history",
    "case.demo": "mdi6.school-outline",
    "case.missing": "mdi6.briefcase-off-outline",
    "read_only": "mdi6.lock-outline",
    "quit": "mdi6.exit-to-app",
    "remove": "mdi6.close",
    # actions
    "import": "mdi6.file-import-outline",
    "import.folder": "mdi6.folder-download-outline",
    "paste": "mdi6.content-paste",
    "drop": "mdi6.tray-arrow-down",
    "print": "mdi6.printer-outline",
    "export": "mdi6.export",
    "export.json": "mdi6.code-json",
    "export.csv": "mdi6.file-delimited-outline",
    "audit": "mdi6.clipboard-text-clock-outline",
    "archive": "mdi6.archive-outline",
    "archive.export": "mdi6.archive-arrow-up-outline",
    "archive.open": "mdi6.archive-arrow-down-outline",
    "search": "mdi6.magnify",
    "clear": "mdi6.close-circle-outline",
    "add": "mdi6.plus",
    "edit": "mdi6.pencil-outline",
    "delete": "mdi6.trash-can-outline",
    "link": "mdi6.link-variant",
    "unlink": "mdi6.link-variant-off",
    "merge": "mdi6.call-merge",
    "filter": "mdi6.filter-variant",
    "settings": "mdi6.cog-outline",
    "info": "mdi6.information-outline",
    "warning": "mdi6.alert-outline",
    "error": "mdi6.alert-circle-outline",
    "ok": "mdi6.check-circle-outline",
    "cancel": "mdi6.cancel",
    "confirm": "mdi6.check",
    "dismiss": "mdi6.close",
    "dispute": "mdi6.help-circle-outline",
    "undo": "mdi6.undo",
    "redo": "mdi6.redo",
    "note": "mdi6.note-text-outline",
    "notes": "mdi6.notebook-outline",
    "verify": "mdi6.shield-check-outline",
    "citation": "mdi6.format-quote-open",
    "open.external": "mdi6.open-in-new",
    "reveal": "mdi6.folder-search-outline",
    "play": "mdi6.play",
    "pause": "mdi6.pause",
    "stop": "mdi6.stop",
    "zoom.in": "mdi6.magnify-plus-outline",
    "zoom.out": "mdi6.magnify-minus-outline",
    "zoom.fit": "mdi6.fit-to-page-outline",
    # tabs and item types
    "timeline": "mdi6.timeline-text-outline",
    "event": "mdi6.calendar-text-outline",
    "parties": "mdi6.account-group-outline",
    "party": "mdi6.account-outline",
    "party.person": "mdi6.account-outline",
    "party.organization": "mdi6.office-building-outline",
    "party.media_outlet": "mdi6.newspaper-variant-outline",
    "party.social_account": "mdi6.at",
    "evidence": "mdi6.file-cabinet",
    "evidence.article": "mdi6.newspaper-variant-outline",
    "evidence.social_post": "mdi6.comment-text-outline",
    "evidence.document": "mdi6.file-document-outline",
    "evidence.image": "mdi6.image-outline",
    "evidence.audio": "mdi6.microphone-outline",
    "evidence.video": "mdi6.video-outline",
    "evidence.email": "mdi6.email-outline",
    "evidence.transcript": "mdi6.closed-caption-outline",
    "evidence.link": "mdi6.web",
    "evidence.web_page": "mdi6.web-check",
    "capture": "mdi6.web-sync",
    "capture.live": "mdi6.open-in-new",
    "capture.sign_in": "mdi6.account-key-outline",
    "evidence.text": "mdi6.text-box-outline",
    "evidence.spreadsheet": "mdi6.table",
    "evidence.other": "mdi6.file-outline",
    # review states
    "status.suggested": "mdi6.lightbulb-on-outline",
    "status.confirmed": "mdi6.check-decagram-outline",
    "status.disputed": "mdi6.scale-balance",
    "status.dismissed": "mdi6.close-circle-outline",
    "forecast": "mdi6.crystal-ball",
    "review": "mdi6.clipboard-check-outline",
    "disagree": "mdi6.scale-unbalanced",  # sources tell one happening differently (issue 22)
    "sources.agree": "mdi6.newspaper-variant-multiple-outline",
    # integrity
    "integrity.ok": "mdi6.shield-check-outline",
    "integrity.missing": "mdi6.file-question-outline",
    "integrity.altered": "mdi6.shield-alert-outline",
    "integrity.unverified": "mdi6.shield-outline",
}

# meanings drawn in a fixed semantic colour (readable on light and dark) instead of the text colour
_ACCENTS: dict[str, str] = {
    "status.suggested": "#d08a00",
    "status.confirmed": "#2e9d4f",
    "status.disputed": "#c0392b",
    "disagree": "#c0392b",
    "status.dismissed": "#8a8a8a",
    "confirm": "#2e9d4f",
    "ok": "#2e9d4f",
    "integrity.ok": "#2e9d4f",
    "warning": "#d08a00",
    "error": "#c0392b",
    "integrity.missing": "#c0392b",
    "integrity.altered": "#c0392b",
}


def icon(meaning: str) -> QIcon:
    """The icon for `meaning` (see ICONS) in the palette's colours; unknown meanings raise KeyError."""
    name = ICONS[meaning]
    return _build(name, _ACCENTS.get(meaning) or _text_colour(), _disabled_colour())


def icon_names() -> list[str]:
    return sorted(ICONS)


def palette_changed() -> None:
    """Forget cached icons so the next call draws them in the new palette's colours."""
    _build.cache_clear()


@lru_cache(maxsize=512)
def _build(name: str, colour: str, disabled: str) -> QIcon:
    import qtawesome

    return qtawesome.icon(name, color=colour, color_disabled=disabled)


def _palette() -> QPalette:
    app = QApplication.instance()
    return app.palette() if isinstance(app, QApplication) else QPalette()


def _text_colour() -> str:
    return _palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText).name()


def _disabled_colour() -> str:
    c = QColor(_palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText))
    return c.name()
