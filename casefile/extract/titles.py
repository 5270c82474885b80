"""Short event titles: the main clause of a sentence, without links, hashtags' '#', or the date itself."""

from __future__ import annotations

import re

from casefile.extract.lexicon import WEAK_ENDINGS

TITLE_LIMIT = 80
_SLACK = 6  # a clause that ends just past the limit reads better than a cut word

_URL = re.compile(r"(?:https?://|pic\.twitter\.com/|www\.)\S+")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPACES = re.compile(r"\s+")
_LEAD_IN = re.compile(
    r"^(?:(?:and|but|so|now|meanwhile|however|recently|still|also|then|later|earlier|separately|additionally"
    r"|in addition|on the (?:flip|other) side|in a statement|in a (?:post|video|filing|statement|interview)[^,]{0,40}"
    r"|according to [^,]{1,50}|(?:this|last|earlier|later) (?:week|month|year|weekend|morning|afternoon|evening|night)"
    r"|(?:on|in|at|after|before|during|since|following|as of|by) [^,;:.!?]{0,30})"
    r",\s+|(?:and|but|so|now)\s+)",
    re.IGNORECASE,
)
_DATE_PREPOSITION = re.compile(
    r"(?:\b(?:on|in|at|as of|dated|between|from|since|before|after|until|till|by|around|about|during|for|early"
    r"|late|mid|sometime|approximately|roughly|circa|no later than|prior to)[\s\"“‘']+)?$",
    re.IGNORECASE,
)
_QUOTE_MARKS = re.compile(r"[\"“”]|(?<!\w)[‘'](?=\w)|(?<=[\w.,!?])[’'](?!\w)")
_EMPTY_PARENS = re.compile(r"\(\s*\)|\s+(?=[,.;:!?])")
_CLAUSE_MARKERS = re.compile(
    r"; | — | – |—|, (?:which|who|whom|claiming|saying|according to|but|and|as|despite|after|while|though"
    r"|although|because|where|when)\b| (?:because|while|though|although|whereas|after|when|as)\b|, "
)


def make_title(passage: str, cut_out: list[tuple[int, int]] | None = None, limit: int = TITLE_LIMIT) -> str:
    """A readable summary of `passage`; `cut_out` are spans (relative to the passage) to drop, e.g. its date."""
    text = passage
    for start, end in sorted(cut_out or [], reverse=True):
        floor = max(0, start - 40)
        prep = _DATE_PREPOSITION.search(text, floor, start)
        cut_from = prep.start() if prep and prep.start() < start else start
        tail = text[end:]
        if cut_from == 0 or text[:cut_from].rstrip().endswith((",", ";", ":")):
            tail = tail.lstrip(" ,")
        text = text[:cut_from] + tail
    text = _URL.sub("", text)
    text = _HASHTAG.sub(lambda m: _CAMEL.sub(" ", m.group(1)), text)
    text = _QUOTE_MARKS.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    text = _EMPTY_PARENS.sub("", text)
    for _ in range(3):
        shorter = _LEAD_IN.sub("", text, count=1)
        if shorter == text or len(shorter.split()) < 3:
            break
        text = shorter
    text = text.strip(" \"“”‘’'").rstrip(" .,;:!?")
    text = _drop_weak_tail(text) or text
    text = _shorten(text, limit)
    return text[:1].upper() + text[1:]


def first_sentence(text: str) -> str:
    m = re.search(r"[.!?](?=\s+[\"“A-Z#@])", text)
    return text[: m.start() + 1] if m else text


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    best = -1
    for m in _CLAUSE_MARKERS.finditer(text, 20, limit + _SLACK + 16):
        if m.start() <= limit + _SLACK:
            best = m.start()
    if best > 0:
        return _drop_weak_tail(text[:best].rstrip(" ,;:—–")) or text[:best]
    cut = text.rfind(" ", 0, limit)
    clipped = text[: cut if cut > 20 else limit].rstrip(" ,;:—–")
    clipped = _drop_weak_tail(clipped) or clipped
    return clipped + "…"


def _drop_weak_tail(text: str) -> str:
    """Drop dangling words ("…sent a voice note to") left at the end of a cut."""
    words = text.split(" ")
    while len(words) > 1 and words[-1].lower() in WEAK_ENDINGS:
        words.pop()
    return " ".join(words).rstrip(" ,;:—–")
