"""Fuse the rules' party suggestions with the statistical NER model's entities, and tidy both.

The rules know handles, outlets, honorifics, aliases and roles; the model knows which capitalised words are people,
which are organisations and which are places or things. A person is kept when the model agrees or the rules had
strong evidence (a role, an honorific); the model's places reject candidates; titles go to the description; a
lone surname joins the full name it belongs to. Every suggestion gets a confidence from that evidence.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from casefile.domain.enums import PartyKind, PartyRole
from casefile.extract.given_names import starts_with_given_name
from casefile.extract.lexicon import (
    MEDIA_OUTLETS,
    NEWSPAPER_WORDS,
    NOT_A_PERSON,
    NOT_PERSON_WORDS,
    PERSON_NOUNS,
    STOP_WORDS,
    TITLE_WORDS,
)
from casefile.extract.party_merge import (
    NOT_TITLES,
    POSSESSIVE,
    Candidate,
    describe,
    lone_surnames,
    merge_orgs,
    merge_people,
    strip_titles,
)
from casefile.extract.types import Mention, PartySuggestion

_REJECT = frozenset({"GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"})
_CHUNK = 50_000  # characters per model call: bounds memory on book-length exhibits

_PARTICLES = frozenset(
    ["de", "da", "di", "du", "van", "von", "der", "den", "del", "bin", "ibn", "al", "el", "la", "le", "dos", "das"]
)
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|bin|ibn|de|da|di|d|le|la|van|von)[-'’][A-Z]")  # "al-Assad", "d'Souza"
_EDGE_PUNCT = re.compile(r"^[\s\"“”‘'(\[]+|[\s\"“”’'),;:\]]+$")
_ACRONYM_TAIL = re.compile(r"\s*\(([A-Za-z][\w&.-]{1,12})\)?$")  # "… Seismology (Phivolcs" -> "Phivolcs"


@dataclass
class _Entity:
    label: str
    start: int
    end: int
    name: str  # cleaned: no "the", possessive, edge punctuation or leading title
    title: str = ""  # the title cut from the front, e.g. "Sheriff"


def fuse(
    text: str, rules: list[PartySuggestion], ner: Any | None, skip: Iterable[tuple[int, int]] = ()
) -> list[PartySuggestion]:
    """The final suggestions: the rules' alone when `ner` is None, else the rules and the model fused."""
    skip = list(skip)
    entities = model_entities(ner, text, skip) if ner is not None else None
    index = _EntityIndex(entities or [])
    candidates: list[Candidate] = []
    covered: list[tuple[int, int]] = []
    for party in rules:
        cand = Candidate(party.name, party.kind, {m.char_start: m for m in party.mentions}, list(party.aliases),
                          party.role, party.description, from_rules=True)  # fmt: skip
        if entities is not None:  # the rules alone skip this: no model, nothing to count
            for m in party.mentions:
                cand.model_votes.update(index.labels(m.char_start, m.char_end))
                if not (cand.kind is PartyKind.ORGANIZATION and _holds_person(index, m)):
                    covered.append((m.char_start, m.char_end))
        judged = _judge_rule_party(text, cand, index) if entities is not None else cand
        if judged is not None:
            candidates.append(judged)
    if entities is not None:
        candidates.extend(_model_only(text, entities, covered, candidates))
    candidates = strip_titles(candidates)
    describe(text, candidates)
    candidates = [c for c in candidates if c.kind is not PartyKind.PERSON or _plausible_person(c.name)]
    candidates = merge_people(candidates)
    candidates = merge_orgs(candidates)
    lone_surnames(text, candidates, skip)
    candidates = [c for c in candidates if c.from_rules or c.kind is not PartyKind.PERSON or " " in c.name]
    return _suggestions(candidates, with_model=entities is not None)


def model_entities(ner: Any, text: str, skip: list[tuple[int, int]]) -> list[_Entity]:
    """The model's entities in `text`, cleaned, outside `skip`; the text goes in chunks cut at blank lines."""
    out: list[_Entity] = []
    skip_starts = [s for s, _ in skip]
    for base, chunk in _chunks(text):
        for ent in ner(chunk).ents:
            start, end = base + ent.start_char, base + ent.end_char
            i = bisect.bisect_right(skip_starts, end) - 1
            if i >= 0 and skip[i][1] > start:
                continue
            entity = _clean(text, ent.label_, start, end)
            if entity is not None:
                out.append(entity)
    return out


def _chunks(text: str) -> Iterable[tuple[int, str]]:
    start = 0
    while start < len(text):
        end = min(len(text), start + _CHUNK)
        if end < len(text):
            cut = text.rfind("\n\n", start + _CHUNK // 2, end)
            end = cut + 2 if cut > 0 else end
        yield start, text[start:end]
        start = end


def _clean(text: str, label: str, start: int, end: int) -> _Entity | None:
    surface = text[start:end]
    lead = _EDGE_PUNCT.match(surface)
    if lead and lead.end():
        start += lead.end()
    trail = re.search(r"[\s\"“”’'),;:\]]+$|(?<=[a-z]{2})\.$", text[start:end])
    if trail:
        end -= len(trail.group())
    words = text[start:end].split()
    if words and words[0].lower() == "the":
        start += text[start:end].index(words[0]) + len(words[0]) + 1
        words = words[1:]
    title = []
    if label == "PERSON":
        while len(words) > 1 and words[0].lower() in TITLE_WORDS:
            title.append(words.pop(0))
    if not words:
        return None
    if title:
        start = text.index(words[0], start)
    last = words[-1]
    possessive = POSSESSIVE.search(last)
    if possessive and len(last) > 2:
        cut = len(possessive.group())
        end -= cut
        words[-1] = last[:-cut]
    name = " ".join(words)
    tail = _ACRONYM_TAIL.search(name) if label == "ORG" else None
    if tail:
        name = name[: tail.start()]
        end = start + len(text[start:end].rsplit("(", 1)[0].rstrip())
    if not name or not name[0].isupper():
        return None
    return _Entity(label, start, end, name, " ".join(title))


class _EntityIndex:
    def __init__(self, entities: list[_Entity]) -> None:
        self.entities = sorted(entities, key=lambda e: e.start)
        self.starts = [e.start for e in self.entities]

    def overlapping(self, start: int, end: int) -> list[_Entity]:
        i = bisect.bisect_left(self.starts, end)
        out = []
        while i > 0:
            i -= 1
            e = self.entities[i]
            if e.end > start:
                out.append(e)
            elif e.start < start - 200:
                break
        return out

    def labels(self, start: int, end: int) -> list[str]:
        return [e.label for e in self.overlapping(start, end)]


def _judge_rule_party(text: str, cand: Candidate, index: _EntityIndex) -> Candidate | None:
    """Keep, re-kind, rename or drop a party the rules found, by what the model says about its mentions.

    A mention of the full name counts twice: the model tags a lone surname as a place or a company more often."""
    votes: Counter[str] = Counter()
    full: Counter[str] = Counter()  # what the model says where the whole name is written
    for m in cand.mentions.values():
        labels = {e.label for e in index.overlapping(m.char_start, m.char_end)}
        votes.update(labels)
        if m.text == cand.name and " " in cand.name:
            full.update(labels)
    person, org = votes["PERSON"], votes["ORG"]
    place = sum(votes[label] for label in _REJECT)
    if cand.kind is PartyKind.PERSON:
        titled = _has_title(cand.name) or _titled_before(text, cand)
        strong = cand.role is not PartyRole.OTHER or bool(cand.description) or titled
        overall = person > org + place  # "Tsvangirai" thrice a person, "Morgan Tsvangirai of the MDC" an ORG
        if full:  # else the model's reading of the whole name decides
            person, org = full["PERSON"], full["ORG"]
            place = sum(full[label] for label in _REJECT)
        if overall or (person and person >= org + place):
            _rename_from_model(cand, index)
            return cand
        if titled and place <= org + person:  # "First Minister of Scotland Nicola Sturgeon", even if tagged ORG
            return cand
        if starts_with_given_name(cand.name):
            return cand  # "Antoine Quirin" tagged ORG: the small model often takes unknown names for companies
        if org and org >= place and not person:
            cand.kind = PartyKind.MEDIA_OUTLET if cand.name in MEDIA_OUTLETS else PartyKind.ORGANIZATION
            return cand
        if place or org or not strong:
            return None
        return cand
    if cand.kind is PartyKind.ORGANIZATION:
        if place > org + person:
            return None
        _rename_org_from_model(cand, index)
    return cand


def _holds_person(index: _EntityIndex, m: Mention) -> bool:
    """ "Amazon Environmental Research Institute Director Ane Alencar": a person the rules took into an org's name."""
    return any(
        e.label == "PERSON" and e.start > m.char_start and e.end <= m.char_end and " " in e.name
        for e in index.overlapping(m.char_start, m.char_end)
    )


def _rename_org_from_model(cand: Candidate, index: _EntityIndex) -> None:
    for m in cand.mentions.values():
        inner = [e for e in index.overlapping(m.char_start, m.char_end) if e.label == "ORG" and e.start >= m.char_start]
        if inner and _holds_person(index, m):
            cand.aliases = [a for a in cand.aliases if a != inner[0].name]
            cand.name = inner[0].name
            return


def _rename_from_model(cand: Candidate, index: _EntityIndex) -> None:
    """ "Prayuth Chan" -> "Prayuth Chan-o-cha", "Syrian President Bashar" -> "Bashar al-Assad": the model's span wins
    when it holds more of the name or the rules' holds a title."""
    names: Counter[str] = Counter()
    for m in cand.mentions.values():
        for e in index.overlapping(m.char_start, m.char_end):
            if e.label == "PERSON" and " " in e.name and _plausible_person(e.name):
                names[e.name] += 1
    if not names:
        return
    best = names.most_common(1)[0][0]
    titled = any(w.lower() in TITLE_WORDS for w in cand.name.split())
    if best != cand.name and (best not in cand.name or titled):
        old = cand.name
        cand.aliases = [a for a in cand.aliases if a != best]
        if not titled:
            cand.aliases.append(old)
        elif not cand.description:  # "Defense Secretary Marcus Hale": the office becomes the description
            title = (
                [w for w in old.split()[: old.split().index(best.split()[0])] if w.lower() in TITLE_WORDS]
                if best.split()[0] in old.split()
                else []
            )
            cand.description = " ".join(title).lower()
        cand.name = best


def _has_title(name: str) -> bool:
    return name.split()[0].lower() in TITLE_WORDS


_TITLE_BEFORE = re.compile(r"\b([A-Za-z][a-z]+\.?)(?:\s+of\s+(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)?,?\s+$")


def _titled_before(text: str, cand: Candidate) -> bool:
    """ "First Minister of Scotland Nicola Sturgeon", "Judge Liman": a title right before a mention of the name."""
    for m in cand.mentions.values():
        before = _TITLE_BEFORE.search(text, max(0, m.char_start - 40), m.char_start)
        word = before.group(1).lower() if before else ""
        if (word in TITLE_WORDS and word not in NOT_TITLES) or word in PERSON_NOUNS:
            return True
    return False


def _model_only(
    text: str, entities: list[_Entity], covered: list[tuple[int, int]], kept: list[Candidate]
) -> list[Candidate]:
    """People and organisations the model found where the rules found nothing."""
    spans = sorted(covered)
    starts = [s for s, _ in spans]
    labels_by_name: dict[str, Counter[str]] = {}
    for e in entities:
        labels_by_name.setdefault(e.name, Counter())[e.label] += 1
    person_words = {w for c in kept if c.kind is PartyKind.PERSON for w in c.name.split()}
    out: dict[str, Candidate] = {}
    for e in entities:
        i = bisect.bisect_left(starts, e.end) - 1
        if i >= 0 and spans[i][1] > e.start:
            continue
        labels = labels_by_name[e.name]
        mention = Mention(e.start, e.end, text[e.start : e.end])
        agreed = labels[e.label] >= labels.total() - labels[e.label]
        if e.label == "PERSON" and agreed and (_plausible_person(e.name) or " " not in e.name):
            cand = out.setdefault(e.name, Candidate(e.name, PartyKind.PERSON))
            cand.add(mention)
            cand.model_votes["PERSON"] += 1
            if e.title and not cand.description:
                cand.description = e.title.lower()
        elif e.label == "ORG" and agreed and _plausible_org(e.name, person_words, labels["ORG"]):
            outlet = e.name in MEDIA_OUTLETS or (" " in e.name and e.name.split()[-1] in NEWSPAPER_WORDS)
            kind = PartyKind.MEDIA_OUTLET if outlet else PartyKind.ORGANIZATION
            name = MEDIA_OUTLETS.get(e.name, e.name)
            cand = out.setdefault(name, Candidate(name, kind))
            if kind is PartyKind.MEDIA_OUTLET:
                cand.role = PartyRole.MEDIA
            cand.add(mention)
            cand.model_votes["ORG"] += 1
    return list(out.values())


def _plausible_person(name: str) -> bool:
    words = name.split()
    if any(c.isdigit() for c in name) or len(words) > 5 or name.startswith(("#", "@")):
        return False
    if any(w.lower().strip(".") in NOT_A_PERSON or w.lower() in NOT_PERSON_WORDS for w in words):
        return False
    return all(w[0].isupper() or w.lower() in _PARTICLES or _PARTICLE_PREFIX.match(w) for w in words)


def _plausible_org(name: str, person_words: set[str], times: int) -> bool:
    """A lone word must be an acronym or be tagged ORG more than once: the model calls many towns ORG."""
    words = name.split()
    if len(words) == 1 and not name.isupper() and times < 2:
        return False
    if len(words) == 1 and (name.lower() in STOP_WORDS or name.lower() in NOT_PERSON_WORDS or len(name) < 2):
        return False
    if all(w in person_words for w in words):  # "O'Rourke", "Nicola Sturgeon" tagged ORG: a person's name
        return False
    if words[0].lower() in STOP_WORDS or all(w.lower() in TITLE_WORDS or w.lower() in NOT_PERSON_WORDS for w in words):
        return False  # "Unlike Senators", "City Councillor"
    return not any(c.isdigit() for c in name) and len(words) <= 10


def _suggestions(candidates: list[Candidate], *, with_model: bool) -> list[PartySuggestion]:
    out = []
    for c in candidates:
        mentions = sorted(c.mentions.values(), key=lambda m: m.char_start)
        aliases = [a for a in c.aliases if a != c.name]
        out.append(PartySuggestion(c.name, c.kind, aliases, mentions, c.role, c.description,
                                   confidence=_confidence(c, with_model)))  # fmt: skip
    out.sort(key=lambda p: p.mentions[0].char_start if p.mentions else -1)
    return out


def _confidence(c: Candidate, with_model: bool) -> float:
    """0..1 from kind certainty, rules and model agreeing, and how often the party is named."""
    if c.kind in (PartyKind.MEDIA_OUTLET, PartyKind.SOCIAL_ACCOUNT):
        base = 0.85  # a known outlet's name or an @handle: the kind is certain
    elif not with_model:
        base = 0.55 if c.kind is PartyKind.PERSON else 0.5
        if c.role is not PartyRole.OTHER or c.description:
            base += 0.1
    else:
        agrees = c.model_votes["PERSON" if c.kind is PartyKind.PERSON else "ORG"]
        total = max(1, sum(c.model_votes.values()))
        share = agrees / total
        base = 0.35 + 0.35 * share + (0.15 if c.from_rules else 0.0)
        if c.role is not PartyRole.OTHER or c.description:
            base += 0.05
    count = len(c.mentions)
    base += 0.05 * min(count - 1, 3) if count else 0.0
    if c.kind is PartyKind.PERSON and " " not in c.name:
        base -= 0.1  # a lone name is less certain to be a person
    return round(min(0.99, max(0.05, base)), 2)
