"""Turning what a user types into a safe FTS5 query (prefix match on every word)."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str, *, prefix: bool = True) -> str | None:
    """`baldoni voice` -> `"baldoni"* AND "voice"*`; None when nothing searchable was typed.

    Quoted phrases stay phrases. Every token is quoted so FTS5 syntax in user input is inert.
    """
    parts: list[str] = []
    for phrase in re.findall(r'"([^"]+)"', text):
        words = _WORD.findall(phrase)
        if words:
            parts.append('"' + " ".join(words) + '"')
    rest = re.sub(r'"[^"]*"', " ", text)
    for word in _WORD.findall(rest):
        parts.append(f'"{word}"' + ("*" if prefix else ""))
    return " AND ".join(parts) if parts else None
