"""Normalising names and aliases so "@TMZ", "TMZ" and "tmz" are recognised as one."""

from __future__ import annotations

import re
import unicodedata

_STRIP = re.compile(r"[^\w]+", re.UNICODE)


def norm_name(name: str) -> str:
    """Casefolded, accents kept, '@', punctuation and spacing removed: `@TMZ` -> `tmz`, `T.J. Miller` -> `tjmiller`."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.removeprefix("@")
    if text.startswith("the "):
        text = text[4:]
    return _STRIP.sub("", text)


def alias_key(alias: str) -> str:
    """Two aliases are the same alias when they differ only in case and spacing ("@TMZ" ≠ "TMZ")."""
    return " ".join(unicodedata.normalize("NFKC", alias).casefold().split())
