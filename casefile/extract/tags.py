"""Tags for an event: amounts of money as written, and the legal actions a sentence names."""

from __future__ import annotations

import re

_MONEY = re.compile(
    r"(?:[$£€]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|trillion|thousand|[mMbBkK])(?![\w]))?"
    r"|\b\d[\d,]*(?:\.\d+)?\s(?:million|billion|thousand)\s(?:dollars|pounds|euros)\b)"
)
_LEGAL = [
    ("lawsuit", r"\b(?:su(?:e|es|ed|ing)|lawsuits?|countersu(?:e|ed|es|ing|it|its)|class[- ]action)\b"),
    ("defamation", r"\b(?:defam\w*|libel\w*|slander\w*)"),
    ("harassment", r"\bharass\w*"),
    ("sexual assault", r"\bsexual(?:ly)? assault\w*"),
    ("retaliation", r"\bretaliat\w*"),
    ("extortion", r"\bextort\w*"),
    ("settlement", r"\bsettle(?:ment|ments|d)\b"),
    ("subpoena", r"\bsubpoena\w*"),
    ("injunction", r"\binjunctions?\b"),
    ("restraining order", r"\brestraining orders?\b"),
    ("complaint", r"\bcomplaints?\b"),
    ("motion to dismiss", r"\bmotions? to dismiss\b"),
    ("trial", r"\btrials?\b"),
    ("appeal", r"\bappeal(?:s|ed)?\b"),
    ("verdict", r"\bverdicts?\b"),
    ("charges", r"\b(?:charged with|indicted|indictment)\b"),
    ("arrest", r"\barrest(?:ed)?\b"),
    ("cease and desist", r"\bcease[- ]and[- ]desist\b"),
    ("breach of contract", r"\bbreach of contract\b"),
]
# One pass; the leading word-start check lets the engine skip the middle of words cheaply.
_LEGAL_ANY = re.compile(
    r"(?<![A-Za-z])(?=[a-zA-Z])(?:"
    + "|".join(f"(?P<t{i}>{p.removeprefix(chr(92) + 'b')})" for i, (_, p) in enumerate(_LEGAL))
    + ")",
    re.IGNORECASE,
)


def find_tags(text: str, start: int, end: int) -> list[str]:
    """Money first (as written, whitespace normalised), then legal actions, each once, in order of appearance."""
    tags: list[str] = []
    for m in _MONEY.finditer(text, start, end):
        tag = " ".join(m.group().split())
        if tag not in tags:
            tags.append(tag)
    for m in _LEGAL_ANY.finditer(text, start, end):
        tag = _LEGAL[int(m.lastgroup[1:])][0] if m.lastgroup else ""
        if tag and tag not in tags:
            tags.append(tag)
    return tags
