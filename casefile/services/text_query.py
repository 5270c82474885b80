"""Turning what a user types into a safe full-text query: FTS5 on SQLite, a tsquery on PostgreSQL.

Both read the input the same way: every word matches as a prefix, "quoted phrases" as phrases, all must match.
Only word characters reach the query, so neither engine's syntax in user input does anything.

The query is bounded whatever is typed or pasted: a word repeated is searched once, at most `MAX_WORDS` distinct
words are searched (the first ones typed; `ParsedQuery.shortened` says when more were typed), and a word longer
than `MAX_WORD_CHARS` is searched by its first characters (as a prefix). Each repeat of a term cost both
engines a pass over every other term for each hit (FTS5's snippet, `ts_headline`, `ts_rank_cd`): "a " × 400
took 65 s on 200 articles, and 20,000 words overflowed PostgreSQL's stack while parsing the tsquery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_WORDS = 16  # distinct words searched (a phrase counts each of its words)
MAX_WORD_CHARS = 64  # longer words match by their first characters (as a prefix)

# letters and digits: "_" separates words, as it does in both indexes (FTS5's unicode61, PostgreSQL's parser)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN = re.compile(r'"([^"]*)"|([^\W_]+)', re.UNICODE)


@dataclass(frozen=True)
class ParsedQuery:
    """What will be searched: phrases (word lists) and single words, de-duplicated and capped."""

    phrases: tuple[tuple[str, ...], ...]
    words: tuple[str, ...]
    typed: int  # distinct words typed, before the cap

    @property
    def kept(self) -> int:
        """How many words are searched (the phrases' words included)."""
        return sum(len(p) for p in self.phrases) + len(self.words)

    @property
    def shortened(self) -> bool:
        return self.kept < self.typed

    @property
    def empty(self) -> bool:
        return not self.phrases and not self.words

    def notice(self) -> str | None:
        """The sentence that says the query was shortened, or None when all of it was searched."""
        if not self.shortened:
            return None
        return f"Searched for the first {self.kept} distinct words of {self.typed}."

    def fts(self, *, prefix: bool = True) -> str | None:
        """`baldoni voice` -> `"baldoni"* AND "voice"*`; None when nothing searchable was typed."""
        parts = ['"' + " ".join(p) + '"' for p in self.phrases]
        parts += [f'"{word}"' + ("*" if prefix or len(word) >= MAX_WORD_CHARS else "") for word in self.words]
        return " AND ".join(parts) if parts else None

    def tsquery(self, *, prefix: bool = True) -> str | None:
        """`baldoni voice` -> `'baldoni':* & 'voice':*` for `to_tsquery('simple', ...)`; None when nothing to
        search. Phrases become `'a' <-> 'b'`."""
        parts = ["(" + " <-> ".join(f"'{w.lower()}'" for w in p) + ")" for p in self.phrases]
        parts += [f"'{w.lower()}'" + (":*" if prefix or len(w) >= MAX_WORD_CHARS else "") for w in self.words]
        return " & ".join(parts) if parts else None


def parse_query(text: str, max_words: int = MAX_WORDS) -> ParsedQuery:
    """Read what the user typed, in order: each distinct word and phrase once, until `max_words` words.

    Words are told apart as the index tells them (case-insensitively). A phrase that would pass the cap keeps
    its first words; a phrase's words are not de-duplicated (their order is what a phrase means).
    """
    phrases: list[tuple[str, ...]] = []
    words: list[str] = []
    seen: set[tuple[str, ...]] = set()
    kept = typed = 0
    for m in _TOKEN.finditer(text):
        phrase = m.group(1)
        found = _WORD.findall(phrase) if phrase is not None else [m.group(2)]
        if not found:
            continue
        found = [w[:MAX_WORD_CHARS] for w in found]
        key = tuple(w.casefold() for w in found)
        if key in seen:
            continue
        seen.add(key)
        typed += len(found)
        room = max_words - kept
        if room <= 0:
            continue
        found = found[:room]
        kept += len(found)
        if phrase is not None:
            phrases.append(tuple(found))  # one quoted word: that word exactly, not as a prefix
        else:
            words.extend(found)
    return ParsedQuery(tuple(phrases), tuple(words), typed)


def fts_query(text: str, *, prefix: bool = True) -> str | None:
    """`baldoni voice` -> `"baldoni"* AND "voice"*`; None when nothing searchable was typed.

    Quoted phrases stay phrases. Every token is quoted so FTS5 syntax in user input is inert.
    """
    return parse_query(text).fts(prefix=prefix)


def pg_tsquery(text: str, *, prefix: bool = True) -> str | None:
    """`baldoni voice` -> `'baldoni':* & 'voice':*` for `to_tsquery('simple', ...)`; None when nothing to search.

    The same reading as `fts_query`: phrases become `'a' <-> 'b'`. Each lexeme is quoted and holds only word
    characters, so tsquery operators typed by a user are inert.
    """
    return parse_query(text).tsquery(prefix=prefix)


def like_escaped(text: str) -> str:
    """`text` for a `LIKE ... ESCAPE '\\'` pattern: `%`, `_` and the escape itself match only themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
