"""Turning what a user types into a safe full-text query: FTS5 on SQLite, a tsquery on PostgreSQL.

Both read the input the same way: every word matches as a prefix, "quoted phrases" as phrases, all must match.
Only word characters reach the query, so neither engine's syntax in user input does anything.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)


def _terms(text: str) -> tuple[list[list[str]], list[str]]:
    """(phrases as word lists, the other words) in what the user typed."""
    phrases = [words for phrase in re.findall(r'"([^"]+)"', text) if (words := _WORD.findall(phrase))]
    rest = re.sub(r'"[^"]*"', " ", text)
    return phrases, _WORD.findall(rest)


def fts_query(text: str, *, prefix: bool = True) -> str | None:
    """`baldoni voice` -> `"baldoni"* AND "voice"*`; None when nothing searchable was typed.

    Quoted phrases stay phrases. Every token is quoted so FTS5 syntax in user input is inert.
    """
    phrases, words = _terms(text)
    parts = ['"' + " ".join(p) + '"' for p in phrases]
    parts += [f'"{word}"' + ("*" if prefix else "") for word in words]
    return " AND ".join(parts) if parts else None


def pg_tsquery(text: str, *, prefix: bool = True) -> str | None:
    """`baldoni voice` -> `'baldoni':* & 'voice':*` for `to_tsquery('simple', ...)`; None when nothing to search.

    The same reading as `fts_query`: phrases become `'a' <-> 'b'`. Each lexeme is quoted and holds only word
    characters, so tsquery operators typed by a user are inert.
    """
    phrases, words = _terms(text)
    parts = ["(" + " <-> ".join(f"'{w.lower()}'" for w in p) + ")" for p in phrases]
    parts += [f"'{w.lower()}'" + (":*" if prefix else "") for w in words]
    return " & ".join(parts) if parts else None
