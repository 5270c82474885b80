"""Common given names (US Census 1990 lists shipped by the MIT-licensed `names` package): a person signal.

"Antoine Quirin" starts with a given name, "Deutsche Bahn" does not: when the model calls a two-word name an
organisation, this tips the balance. Optional: without the package the set is empty and nothing else changes.
"""

from __future__ import annotations

import functools
from importlib import resources

from casefile.extract.lexicon import NOT_A_PERSON, NOT_PERSON_WORDS, STOP_WORDS, TITLE_WORDS, _words

# Given names that are more often a place, a brand or a word in news text.
_AMBIGUOUS = _words(
    """
    virginia georgia carolina paris china dallas houston lincoln austin king prince royal victoria mercedes jordan
    hong chase angel grace holly may june april august christian israel india asia america florida
    sydney london berlin madison brooklyn phoenix denver memphis nevada dakota cleveland berkeley charlotte
    """
)


@functools.cache
def given_names() -> frozenset[str]:
    """Lower-case given names; empty when the `names` package is not installed."""
    words: set[str] = set()
    try:
        folder = resources.files("names")
        for name in ("dist.male.first", "dist.female.first"):
            for line in folder.joinpath(name).read_text(encoding="ascii").splitlines():
                if line.strip():
                    words.add(line.split()[0].lower())
    except (ModuleNotFoundError, FileNotFoundError, OSError, UnicodeDecodeError):
        return frozenset()
    blocked = _AMBIGUOUS | NOT_A_PERSON | NOT_PERSON_WORDS | STOP_WORDS | TITLE_WORDS
    return frozenset(words - blocked)


def starts_with_given_name(name: str) -> bool:
    words = name.split()
    return len(words) >= 2 and words[0].lower() in given_names()
