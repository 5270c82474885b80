"""Parties in text that is not English: what is structured always, a language's own model where one is installed.

CaseFile's party rules read English (honorifics, "said", capitalised runs): on German or French pages they took
sentence openings ("Die Meinungsfreiheit") and ordinary nouns ("Informationen") for parties. Here a page in
another language gives the accounts its posts and handles name, and, only with a verified model for that
language, the people and organisations the model finds — whole names, never fragments that open with an article
or a function word, each mention kept with its span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from casefile.domain.enums import PartyKind
from casefile.extract.posts import PostMatch
from casefile.extract.types import Mention, PartySuggestion

_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_]{2,30})\b")
# Words a name never begins with in the languages we read: articles, pronouns, prepositions.
_WORDS = """
le la les l un une des du de d au aux ce cette ces il elle ils elles on nous vous leur son sa ses et ou
mais donc dans sur sous pour par avec sans selon chez der die das den dem des ein eine einer eines einem
und oder aber im am vom zum zur mit von für auf bei nach el los las lo del al y o en con por para según
gli i di da nel nella della dei degli e per su os as do dos das no na em com pelo pela het een van voor met
"""
_FUNCTION_WORDS = frozenset(_WORDS.split())
# A title before a name is not the name: "Maître Julien Moreau", "Frau Anna Berger", "Sr. Pérez".
_HONORIFIC = re.compile(
    r"^(?:M\.|Mme|Mlle|Me|Maître|Dr\.?|Pr\.?|Prof\.?|Herr|Frau|Sr\.|Sra\.|Señor|Señora|Don|Doña|Sig\.|Sig\.ra"
    r"|Dott\.|Avv\.)\s+"
)
_ORG_CUES = re.compile(
    r"(?i)\b(?:SA|SAS|SARL|GmbH|AG|KG|S\.A\.|S\.L\.|SpA|BV|NV|Inc|Ltd|LLC|Group|Groupe|Gruppe|Bank|Banque"
    r"|Ministère|Ministerium|Ministerio|Tribunal|Gericht|Cour|Court|Parlement|Parlament|Université|Universität"
    r"|Universidad|Association|Verband|Fondation|Stiftung|Partei|Parti|Partido|Le Monde|Libération|Figaro)\b"
)


def structured_parties(
    text: str, posts: list[PostMatch], skip: Iterable[tuple[int, int]] = ()
) -> list[PartySuggestion]:
    """The accounts a page names in a structured way: posts' authors with their handles, and bare @handles."""
    spans = list(skip)
    found: dict[str, PartySuggestion] = {}
    by_handle: dict[str, str] = {}
    for match in posts:
        post = match.post
        name = post.author or post.handle
        if not name:
            continue
        party = found.setdefault(name, PartySuggestion(name, PartyKind.SOCIAL_ACCOUNT, confidence=0.7))
        if post.handle:
            by_handle[post.handle.lower()] = name
            if post.handle not in party.aliases and post.handle != name:
                party.aliases.append(post.handle)
        if match.author_start >= 0:
            party.mentions.append(Mention(match.author_start, match.author_start + len(post.author), post.author))
    for m in _HANDLE.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        owner = by_handle.get(m.group().lower())
        known = found.get(owner) if owner else None
        if known is None:
            known = found.setdefault(m.group(), PartySuggestion(m.group(), PartyKind.SOCIAL_ACCOUNT, confidence=0.6))
            by_handle[m.group().lower()] = m.group()
        known.mentions.append(Mention(m.start(), m.end(), m.group()))
    return list(found.values())


def model_parties(nlp: Any, text: str, skip: Iterable[tuple[int, int]] = ()) -> list[PartySuggestion]:
    """People (two words or more) and organisations from a language's model, cleaned; lone surnames join the
    person whose name ends with them."""
    spans = list(skip)
    people: dict[str, PartySuggestion] = {}
    orgs: dict[str, PartySuggestion] = {}
    for base, chunk in _chunks(text):
        for ent in nlp(chunk).ents:
            start, end = base + ent.start_char, base + ent.end_char
            if any(s < end and e > start for s, e in spans):
                continue
            name = _HONORIFIC.sub("", " ".join(ent.text.split()).strip(" .,;:'’\"«»()"))
            if ent.label_ in ("PER", "PERSON") and _plausible_person(name):
                table, kind = people, PartyKind.PERSON
            elif ent.label_ == "ORG" and _plausible_org(name):
                table, kind = orgs, PartyKind.ORGANIZATION
            else:
                continue
            party = table.setdefault(name, PartySuggestion(name, kind, confidence=0.6))
            party.mentions.append(Mention(start, end, text[start:end]))
    _fold_surnames(people)
    kept = [p for p in people.values() if " " in p.name]
    kept += [o for o in orgs.values() if len(o.mentions) > 1 or _ORG_CUES.search(o.name)]
    for party in kept:
        party.confidence = round(min(0.85, 0.55 + 0.1 * len(party.mentions)), 2)
    return kept


def _plausible_person(name: str) -> bool:
    words = name.split()
    return (
        1 <= len(words) <= 4
        and all(w[:1].isupper() or w.lower() in ("de", "da", "van", "von", "del", "le", "la", "di") for w in words)
        and words[0].lower() not in _FUNCTION_WORDS
        and not any(c.isdigit() for c in name)
    )


def _plausible_org(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 6 or words[0].lower() in _FUNCTION_WORDS - {"le", "la", "el", "der", "die"}:
        return False
    if name.isupper() and len(words) > 2:  # a menu line in capitals
        return False
    return name[:1].isupper() and not name.startswith("&") and any(c.isalpha() for c in name)


def _fold_surnames(people: dict[str, PartySuggestion]) -> None:
    """ "Macron" alone joins "Emmanuel Macron" when exactly one full name ends with it."""
    for short in [n for n in people if " " not in n]:
        owners = [p for n, p in people.items() if " " in n and n.split()[-1] == short]
        if len(owners) == 1:
            owner = owners[0]
            owner.mentions.extend(people.pop(short).mentions)
            if short not in owner.aliases:
                owner.aliases.append(short)


def _chunks(text: str, size: int = 20_000) -> Iterable[tuple[int, str]]:
    """The text in pieces cut at blank lines, small enough for the model's memory."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            end = cut if cut > start else end
        yield start, text[start:end]
        start = end
