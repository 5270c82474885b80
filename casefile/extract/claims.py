"""Undated claims that carry a story: a suit filed, an allegation made, charges brought, an amount claimed.

"Baldoni is suing Lively for $400 million" has no date, yet it is what the article is about. A careful reader
writes it down as reported on or before the publication date, citing the sentence; nothing more is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import DatePrecision, DateQualifier
from casefile.extract.sentences import Sentence
from casefile.extract.tags import find_tags
from casefile.extract.tense import predicts
from casefile.extract.titles import make_title
from casefile.extract.types import EventSuggestion

REPORTED = "reported"  # the tag of every claim event: dated by its source's publication, not by the text
MAX_CLAIMS = 3  # the story's own claims are few; more would be the same story told again

_KINDS = [
    ("lawsuit", re.compile(
        r"(?i:\b(?:su(?:es|ed|ing)|countersu\w+|(?:filed|files|filing|brought|brings|launched|lodged)\s+(?:a|an|the)"
        r"\s+(?:[\w$,.-]+\s+){0,4}?(?:suit|lawsuit|complaint|claim|petition|action|countersuit)"
        r"|(?:suit|lawsuit|complaint|petition)\s+(?:was\s+|had\s+been\s+)?filed)\b)"
    )),
    ("charges", re.compile(
        r"(?i:\b(?:charged\s+with|on\s+charges\s+of|indicted|arrested|arrest\s+warrant|pleaded\s+(?:not\s+)?guilty"
        r"|(?:was|were|been)\s+(?:convicted|sentenced)|convicted\s+(?:of|him|her|them)|sentenced\s+to)\b)"
    )),
    ("ruling", re.compile(
        r"(?i:\b(?:judge|court|jury|tribunal|justices?)\b.{0,80}?\b(?:dismissed|ruled|acquitted|overturned|upheld"
        r"|struck\s+down|threw\s+out)\b)"
    )),
    ("allegation", re.compile(
        r"(?i:(?<!the\s)(?<!an\s)\b(?:alleg(?:es|ed|ing)|accus(?:e|es|ed|ing)|harass(?:ed|es|ing)|assaulted|abused"
        r"|defamed|threatened|raped|stalked|discriminated|retaliated|extorted|blackmailed|defrauded)\b)"
    )),
    ("amount", re.compile(r"(?i:\b(?:seek\w*|demand\w*|damages|owe[sd]?|paid|claim\w*|fine[sd]?|settle\w*)\b)")),
]  # fmt: skip
_MONEY = re.compile(r"[$£€]\s?\d|\b\d[\d,.]*\s(?:million|billion)\s(?:dollars|pounds|euros)\b")
# Tags a dated event carries when it already tells the same kind of claim.
KIND_OF_TAG = {
    "lawsuit": "lawsuit", "complaint": "lawsuit", "charges": "charges", "arrest": "charges",
    "harassment": "allegation", "sexual assault": "allegation", "defamation": "allegation",
    "retaliation": "allegation", "extortion": "allegation", "verdict": "ruling", "motion to dismiss": "ruling",
}  # fmt: skip
# Stems one of the kinds needs; a plain substring test per stem is far cheaper than a regex over every sentence.
_CLAIM_STEMS = (
    "sue", "suing", "suit", "complaint", "petition", "charge", "indict", "arrest", "guilty", "convict", "sentenc",
    "dismiss", "ruled", "acquit", "overturn", "upheld", "struck", "threw", "alleg", "accus", "harass", "assault",
    "abuse", "defam", "threat", "rape", "stalk", "discriminat", "retaliat", "extort", "blackmail", "defraud", "$",
    "£", "€", "illion",
)  # fmt: skip
_UNCERTAIN = re.compile(
    r"(?i:\b(?:not\s+(?:yet\s+)?known|unclear|not\s+clear|no\s+(?:suit|lawsuit|charges?|complaint)s?\s+(?:has|have|had"
    r"|was|were)|(?:has|have|had)\s+not\s+been\s+(?:filed|charged|sued)|never\s+(?:filed|sued|charged))\b)"
)
_NEARBY = 400  # characters: a dated sentence this close tells the same claim ("The company is suing …")
_NOT_A_REPORT = re.compile(r"^[\W_]*(?i:if|whether|unless|when|should|would|could|can|will|do|does|did|is|are)\b")


def claim_kind(text: str, sentence: Sentence) -> str:
    """The kind of story claim a sentence makes ("lawsuit", "charges", "ruling", "allegation", "amount"), or ""."""
    low = sentence.text.lower()
    if not any(stem in low for stem in _CLAIM_STEMS):
        return ""  # most sentences
    if sentence.text.rstrip().endswith("?") or _NOT_A_REPORT.match(sentence.text):
        return ""
    if _UNCERTAIN.search(text, sentence.start, sentence.end):
        return ""  # "it is not known when the suit was filed", "no charges have been filed"
    if not 5 <= len(sentence.text.split()) <= 80 or predicts(text, sentence.start, sentence.end):
        return ""
    for kind, pattern in _KINDS:
        if pattern.search(text, sentence.start, sentence.end):
            if kind == "amount" and not _MONEY.search(text, sentence.start, sentence.end):
                continue
            return kind
    return ""


def claim_events(
    text: str,
    sentences: list[Sentence],
    published: CaseDate,
    names_within: Callable[[int, int], list[str]],
    covered: list[tuple[str, set[str], int]],
) -> list[EventSuggestion]:
    """At most one event per kind of claim, the strongest sentence of each; none where a dated event already
    tells that kind of claim about one of the same parties or close by (`covered`: kind, party names, offset)."""
    best: dict[str, tuple[float, Sentence, list[str]]] = {}
    for sentence in sentences:
        kind = claim_kind(text, sentence)
        if not kind:
            continue
        names = names_within(sentence.start, sentence.end)
        if not names:
            continue  # a claim with nobody named is commentary ("lawsuits are expensive")
        if any(k == kind and (who & set(names) or abs(sentence.start - at) < _NEARBY) for k, who, at in covered):
            continue  # a dated event tells it already
        strength = _strength(text, sentence, names)
        if kind not in best or strength > best[kind][0]:
            best[kind] = (strength, sentence, names)
    reported = EventDate(_day(published), DateQualifier.BEFORE)
    chosen = sorted(best.values(), key=lambda b: -b[0])[:MAX_CLAIMS]
    return [
        EventSuggestion(
            reported, make_title(s.text), s.text, s.text, s.start, s.end, list(names),
            [REPORTED, *find_tags(text, s.start, s.end)], confidence=strength,
        )  # fmt: skip
        for strength, s, names in chosen
    ]


def _strength(text: str, sentence: Sentence, names: list[str]) -> float:
    """Reported claims rank below dated actions: 0.35..0.55."""
    strength = 0.45
    if _MONEY.search(text, sentence.start, sentence.end):
        strength += 0.05
    if len(names) >= 2:
        strength += 0.05
    if sentence.text[:1] in "“\"‘'":
        strength -= 0.1  # someone's words, not the report's
    return round(strength, 2)


def _day(published: CaseDate) -> CaseDate:
    if published.precision in (DatePrecision.YEAR, DatePrecision.MONTH):
        return published
    return published.at(DatePrecision.DAY)
