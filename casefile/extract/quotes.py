"""Quoted speech and its speaker: `“…,” Baldoni admits`, `X said: “…”`, `“…,” according to X`."""

from __future__ import annotations

import bisect
import re

from casefile.extract.lexicon import TITLE_SMALL_WORDS
from casefile.extract.types import PartySuggestion, QuoteFound

_QUOTE = re.compile(r"“([^“”\n]{1,2000})”|(?<![\w])\"([^\"\n]{1,2000})\"")
_VERBS = (
    r"(?:said|says|say|told|tells|added|adds|admits|admitted|wrote|writes|continued|continues|explained|explains"
    r"|claimed|claims|stated|states|alleged|alleges|insisted|insists|noted|notes|recalled|recalls|posted|tweeted"
    r"|replied|replies|responded|argued|argues|asked|asks|shared|shares|captioned|declared|confirmed|denied"
    r"|acknowledged|joked|quipped|revealed|reveals|testified|warned|wrote\s+on\s+\w+|goes\s+on)"
)
_NAME = r"(?:[A-Z][\w.’'-]*(?:[ \u00a0]+[A-Z][\w.’'-]*){0,3}|@\w+)"
_AFTER = re.compile(
    rf"\s*,?\s*(?:(?P<who>{_NAME}|he|she|they)\s+(?:also\s+|later\s+|then\s+)?{_VERBS}\b"
    rf"|{_VERBS}\s+(?P<who2>{_NAME})|according\s+to\s+(?:the\s+)?(?P<who3>{_NAME}))"
)
_BEFORE = re.compile(rf"(?P<who>{_NAME})\s+(?:also\s+|later\s+|then\s+)?{_VERBS}(?:\s+\w+){{0,3}}\s*[:,]?\s*$")
_PRONOUNS = frozenset({"he", "she", "they"})


def find_quotes(text: str, parties: list[PartySuggestion]) -> list[QuoteFound]:
    mentions = sorted((m.char_start, m.char_end, p.name) for p in parties for m in p.mentions)
    starts = [m[0] for m in mentions]
    out: list[QuoteFound] = []
    last_speaker = ""
    for m in _QUOTE.finditer(text):
        group = 1 if m.group(1) is not None else 2
        start, end = m.start(group), m.end(group)
        while end > start and text[end - 1] in " ,":
            end -= 1
        inner = text[start:end]
        words = inner.split()
        if len(words) < 3 or _is_title(words):
            continue
        speaker = ""
        after = _AFTER.match(text, m.end())
        if after:
            who = next(g for g in ("who", "who2", "who3") if after.group(g))
            speaker = _speaker(text, after.start(who), after.end(who), mentions, starts)
        if not speaker:
            line_start = text.rfind("\n", 0, m.start()) + 1
            before = _BEFORE.search(text, max(line_start, m.start() - 120), m.start())
            if before:
                speaker = _speaker(text, before.start("who"), before.end("who"), mentions, starts)
        if speaker.lower() in _PRONOUNS:
            speaker = last_speaker
        if speaker:
            last_speaker = speaker
        out.append(QuoteFound(inner, speaker, start, end))
    return out


def _speaker(text: str, start: int, end: int, mentions: list[tuple[int, int, str]], starts: list[int]) -> str:
    """The party named at text[start:end], else the words themselves if they look like a name or a pronoun."""
    i = bisect.bisect_left(starts, start)
    if i < len(mentions) and mentions[i][0] < end:
        return mentions[i][2]
    surface = text[start:end]
    if surface.lower() in _PRONOUNS:
        return surface.lower()
    return surface if len(surface.split()) >= 2 and surface.split()[0].lower() not in TITLE_SMALL_WORDS else ""


def _is_title(words: list[str]) -> bool:
    """“It Ends With Us”: short and title-case, a work's name rather than speech."""
    if len(words) > 10 or words[-1][-1] in ",!?;:":
        return False
    return all(w[0].isupper() or w.lower() in TITLE_SMALL_WORDS for w in words)
