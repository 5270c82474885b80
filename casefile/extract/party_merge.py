"""Tidying party candidates: titles out of names, one party per person or organisation, lone surnames.

Runs on the rules' suggestions alone or fused with the model's (see `fusion.py`).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from casefile.domain.enums import PartyKind, PartyRole
from casefile.extract.lexicon import NOT_A_PERSON, TITLE_WORDS
from casefile.extract.types import Mention

POSSESSIVE = re.compile(r"['’]s?$")
NOT_TITLES = frozenset({"state", "us", "uk", "u.s.", "federal", "foreign", "home", "first", "late", "former"})


@dataclass
class Candidate:
    name: str
    kind: PartyKind
    mentions: dict[int, Mention] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    role: PartyRole = PartyRole.OTHER
    description: str = ""
    from_rules: bool = False
    model_votes: Counter[str] = field(default_factory=Counter)

    def add(self, mention: Mention) -> None:
        self.mentions.setdefault(mention.char_start, mention)
        if mention.text != self.name and mention.text not in self.aliases and not mention.text.startswith("#"):
            self.aliases.append(mention.text)


def strip_titles(candidates: list[Candidate]) -> list[Candidate]:
    """ "President Mnangagwa" is Mnangagwa, described as president; "Angela Merkel's" is Angela Merkel; "Foreign
    Secretary" is nobody."""
    out = []
    for cand in candidates:
        if cand.kind is PartyKind.PERSON:
            words = cand.name.split()
            if all(w.lower() in TITLE_WORDS for w in words):
                continue
            title = []
            while len(words) > 1 and words[0].lower() in TITLE_WORDS:
                title.append(words.pop(0))
            if words and POSSESSIVE.search(words[-1]) and len(words[-1]) > 2:
                words[-1] = POSSESSIVE.sub("", words[-1])
            name = " ".join(words)
            if name != cand.name:
                cand.aliases = [a for a in cand.aliases if a != name] + [cand.name]
                cand.name = name
            if title and not cand.description:
                cand.description = " ".join(title).lower()
        out.append(cand)
    return out


_WORDS_BEFORE = re.compile(r"((?:[A-Za-z][\w.'’-]*[ \u00a0]+){1,3})$")


def describe(text: str, candidates: list[Candidate]) -> None:
    """ "Mayor Delia Frampton", "Defense Secretary Marcus Hale": the office written before a name describes it."""
    for cand in candidates:
        if cand.kind is not PartyKind.PERSON or cand.description:
            continue
        for m in sorted(cand.mentions.values(), key=lambda m: m.char_start)[:5]:
            before = _WORDS_BEFORE.search(text, max(0, m.char_start - 50), m.char_start)
            words = before.group(1).split() if before else []
            title: list[str] = []
            for word in reversed(words):
                if word.lower() not in TITLE_WORDS or (title and word.lower() in NOT_TITLES and word.islower()):
                    break
                title.insert(0, word)
            if title and title[-1].lower() not in NOT_TITLES:
                cand.description = " ".join(title).lower()
                break


_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


@functools.lru_cache(maxsize=4096)
def _name_key(name: str) -> tuple[str, ...]:
    """Folded words without generational suffixes: "John James Conyers Jr." -> (john, james, conyers)."""
    words = [_fold(w.strip(",")) for w in name.split()]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return tuple(words)


def merge_people(candidates: list[Candidate]) -> list[Candidate]:
    """One party per person: "John R. Bolton" and "John Bolton", "De Blasio" and "Bill de Blasio", then a lone
    "Mugabe" joins "Robert Mugabe" (the most mentioned of those it could be)."""
    people = sorted((c for c in candidates if c.kind is PartyKind.PERSON and " " in c.name),
                    key=lambda c: -len(c.mentions))  # fmt: skip
    merged: dict[int, Candidate] = {}  # id(absorbed) -> the party it joined
    by_ends: dict[tuple[str, str], Candidate] = {}
    for c in people:  # same first and last word: one person, with or without a middle name
        key = _name_key(c.name)
        first = by_ends.setdefault((key[0], key[-1]), c)
        if first is not c:
            merged[id(c)] = first
    kept = [c for c in people if id(c) not in merged]
    for c in kept:  # "De Blasio", "Rosselló Nevares": the tail of one longer name only
        key = _name_key(c.name)
        longer = [o for o in kept if o is not c and id(o) not in merged and len(_name_key(o.name)) > len(key)
                  and _name_key(o.name)[-len(key):] == key]  # fmt: skip
        if len(longer) == 1:
            merged[id(c)] = longer[0]
    kept = [c for c in kept if id(c) not in merged]
    sharing: dict[str, list[Candidate]] = {}
    for c in kept:
        key = _name_key(c.name)
        for word in {key[0], key[-1]}:
            sharing.setdefault(word, []).append(c)
    owner: dict[str, Candidate] = {}
    for word, owners in sharing.items():  # a word two people share goes to one only if it is far better known
        if len(owners) == 1 or len(owners[0].mentions) >= 2 * len(owners[1].mentions):
            owner[word] = owners[0]
    out: list[Candidate] = []
    for c in candidates:
        target: Candidate | None = merged.get(id(c))
        if target is None and c.kind is PartyKind.PERSON and " " not in c.name:
            target = owner.get(_fold(c.name))
        if target is not None and target is not c:
            while id(target) in merged:
                target = merged[id(target)]
            _absorb(target, c)
            continue
        out.append(c)
    return out


_CAPITALISED_BEFORE = re.compile(r"\b[A-Z][\w'’-]*[ \u00a0]+$")  # "Kiki Duarte"; not "Monday. Duarte"
_CAPITALISED_AFTER = re.compile(r"[ \u00a0]+[A-Z]")


def lone_surnames(text: str, candidates: list[Candidate], skip: list[tuple[int, int]]) -> None:
    """ "Ashby said": a surname on its own is a mention of the one person of that name, once the rules and the model
    have agreed who is named in full. Not when an organisation starts with it ("Calloway's founder")."""
    taken = sorted((m.char_start, m.char_end) for c in candidates for m in c.mentions.values()) + sorted(skip)
    taken.sort()
    starts = [s for s, _ in taken]
    org_words = {c.name.split()[0] for c in candidates if c.kind is not PartyKind.PERSON and c.name}
    surnames: dict[str, Candidate | None] = {}
    for c in candidates:
        if c.kind is PartyKind.PERSON and " " in c.name:
            key = _name_key(c.name)
            surname = c.name.split()[len(key) - 1].strip(",")
            surnames[surname] = c if surnames.get(surname, c) is c else None
    owners = {
        surname: owner
        for surname, owner in surnames.items()
        if owner is not None and surname not in org_words and len(surname) >= 3 and surname[0].isupper()
    }
    if not owners:
        return
    pattern = "|".join(re.escape(s) for s in sorted(owners, key=len, reverse=True))
    for m in re.finditer(rf"(?<![\w@#&.-])(?:{pattern})(?![\w-])", text):  # one pass for every surname
        owner = owners[m.group()]
        i = bisect.bisect_right(starts, m.end()) - 1
        if i >= 0 and max(e for _, e in taken[max(0, i - 3) : i + 1]) > m.start():
            continue
        if _CAPITALISED_BEFORE.search(text, max(0, m.start() - 30), m.start()) or _CAPITALISED_AFTER.match(
            text, m.end()
        ):
            continue  # part of a longer capitalised run: another name, or a headline
        owner.add(Mention(m.start(), m.end(), m.group()))


@functools.lru_cache(maxsize=8192)
def _fold(word: str) -> str:
    """ "Erdoğan" and "Erdogan" are one word to merge on."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()


def merge_orgs(candidates: list[Candidate]) -> list[Candidate]:
    """ "MDC" is the Movement for Democratic Change, "Thai Raksa Chart" the Thai Raksa Chart Party."""
    orgs = [c for c in candidates if c.kind in (PartyKind.ORGANIZATION, PartyKind.MEDIA_OUTLET)]
    gone: set[int] = set()
    for small in orgs:
        for big in orgs:
            if big is small or id(big) in gone or id(small) in gone or len(big.name) <= len(small.name):
                continue
            if _acronym(big.name) == small.name or _within(small.name, big.name):
                _absorb(big, small)
                gone.add(id(small))
                break
    return [c for c in candidates if id(c) not in gone]


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _within(small: str, big: str) -> bool:
    """ "Thai Raksa Chart" in "Thai Raksa Chart Party": a run of the longer name's words, of two words or more."""
    s, b = small.split(), big.split()
    if len(s) == 1:  # "Congress" and "116th U.S. Congress", "House" and "House of Representatives"
        return (
            len(b) <= 4
            and s[0] in (b[0], b[-1])
            and s[0].lower() in NOT_A_PERSON | {"congress", "senate", "house", "parliament"}
        )
    return any(b[i : i + len(s)] == s for i in range(len(b) - len(s) + 1))


def _absorb(target: Candidate, other: Candidate) -> None:
    for m in other.mentions.values():
        target.add(m)
    for alias in [other.name, *other.aliases]:
        if alias != target.name and alias not in target.aliases:
            target.aliases.append(alias)
    target.model_votes.update(other.model_votes)
    target.from_rules = target.from_rules or other.from_rules
    target.description = target.description or other.description
    if target.role is PartyRole.OTHER:
        target.role = other.role
