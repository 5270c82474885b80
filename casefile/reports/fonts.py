"""Which fonts print which scripts: the bundled DejaVu faces, a system CJK face as their fallback, and a check
that names the scripts nothing installed can print (so a summary never hands on silent empty boxes).

QtGui only; call after a QGuiApplication exists.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

# Preferred first: Noto Sans CJK (Debian/Ubuntu `fonts-noto-cjk`, Fedora `google-noto-sans-cjk-fonts`,
# bundled with macOS as "PingFang"/"Hiragino", on Windows "Microsoft YaHei"). Any face declaring Chinese
# support is the last resort.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans CJK TC", "Noto Sans CJK HK",
    "Source Han Sans SC", "Source Han Sans", "PingFang SC", "Hiragino Sans", "Microsoft YaHei",
    "Noto Serif CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback",
)
_SCRIPT_NAMES = {
    "CJK": "Chinese, Japanese and Korean (Han)", "HIRAGANA": "Japanese (kana)", "KATAKANA": "Japanese (kana)",
    "HANGUL": "Korean (Hangul)", "BOPOMOFO": "Chinese (Bopomofo)",
}


def find_cjk_family() -> str | None:
    """The installed family that prints Han, kana and Hangul, or None."""
    installed = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    for family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        if "mono" not in family.lower():
            return family
    return None


def install_fallback(base: str, fallback: str | None) -> None:
    """Make Qt look in `fallback` for glyphs `base` lacks (a global substitution; only our PDF font uses it)."""
    if fallback and fallback not in QFont.substitutes(base):
        QFont.insertSubstitutions(base, [*QFont.substitutes(base), fallback])


def script_of(ch: str) -> str:
    """A reader's name for the script of `ch` ("Thai", "Korean (Hangul)", "symbols and emoji")."""
    if unicodedata.category(ch) in ("So", "Sk", "Sm"):
        return "symbols and emoji"
    name = unicodedata.name(ch, "")
    word = name.split(" ", 1)[0] if name else "unknown"
    return _SCRIPT_NAMES.get(word, word.title())


@lru_cache(maxsize=4096)
def _printable(ch: str, families: tuple[str, ...]) -> bool:
    # QRawFont is the one face itself, without the fallbacks QFontMetrics would silently consult
    if any(_raw(family).supportsCharacter(ord(ch)) for family in families):
        return True
    # Qt may still find it through the system's own fallback list: ask every installed family
    return any(_raw(family).supportsCharacter(ord(ch)) for family in _installed())


@lru_cache(maxsize=512)
def _raw(family: str) -> QRawFont:
    font = QFont(family)
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    return QRawFont.fromFont(font)


@lru_cache(maxsize=1)
def _installed() -> tuple[str, ...]:
    return tuple(QFontDatabase.families())


def unprintable_scripts(texts: Iterable[str], families: Iterable[str]) -> list[str]:
    """Scripts (sorted, unique) with characters in `texts` that no installed font can draw."""
    chosen = tuple(families)
    seen: set[str] = set()
    for text in texts:
        seen.update(text)
    missing = {
        script_of(ch) for ch in seen
        if ord(ch) > 0x24F and unicodedata.category(ch)[0] not in "CZM" and not _printable(ch, chosen)
    }
    return sorted(missing)
