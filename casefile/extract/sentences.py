"""Paragraphs and sentences with their character spans, so every suggestion can cite exact text."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A line is a paragraph: plain-text articles, posts and transcripts break paragraphs with newlines.
_PARAGRAPH = re.compile(r"[^\n]+")
# A candidate sentence end: terminal punctuation, closing quotes/brackets, space, then something that can start
# a sentence. The word before the dot is checked against abbreviations afterwards.
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=[ \t\u00a0]+[\"“‘'(\[]?[A-Z0-9#@À-Þ])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_ABBREVIATIONS = _words(
    """
    mr mrs ms mx dr prof sr jr st sen rep gov gen lt col capt sgt det rev hon pres atty esq jan feb mar apr jun
    jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun inc corp ltd co llc no vs v etc approx
    est dept univ fig vol ch pp p a.m p.m u.s u.k e.g i.e
    """
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph (line) holding it
    initial: int  # offset of the first word-like character (after opening quotes), for sentence-initial tests


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str


def split_paragraphs(text: str) -> list[Paragraph]:
    """Non-blank lines, stripped, with their spans."""
    out: list[Paragraph] = []
    for m in _PARAGRAPH.finditer(text):
        s, e = strip_span(text, m.start(), m.end())
        if s < e:
            out.append(Paragraph(s, e, text[s:e]))
    return out


def split_sentences(text: str, paragraphs: list[Paragraph] | None = None) -> list[Sentence]:
    """Sentences inside each paragraph; a dot after a known abbreviation or an initial does not end one."""
    out: list[Sentence] = []
    for index, para in enumerate(paragraphs if paragraphs is not None else split_paragraphs(text)):
        cut = para.start
        for m in _BOUNDARY.finditer(text, para.start, para.end):
            if m.group().startswith(".") and (
                _is_abbreviation(text, para.start, m.start()) or _is_ordinal_date(text, m.start(), m.end())
            ):
                continue
            _add(out, text, cut, m.end(), index)
            cut = m.end()
        _add(out, text, cut, para.end, index)
    return out


# "am 3. März 2025": German writes the day as an ordinal with a dot, and capitalises the month after it.
_ORDINAL_DAY = re.compile(r"(?<![\d.])(?:[12]\d|3[01]|0?[1-9])$")
_GERMAN_MONTH = re.compile(
    r"[ \t\u00a0]+(?:Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November"
    r"|Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)\b\.?"
)


def _is_ordinal_date(text: str, dot: int, after: int) -> bool:
    return bool(_ORDINAL_DAY.search(text, max(0, dot - 3), dot)) and bool(_GERMAN_MONTH.match(text, after))


def _is_abbreviation(text: str, floor: int, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(floor, dot - 12), dot + 1)
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return True
    return word.lower().rstrip(".") in _ABBREVIATIONS


def _add(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    s, e = strip_span(text, start, end)
    if s >= e:
        return
    initial = s
    while initial < e and not (text[initial].isalnum() or text[initial] in "#@$"):
        initial += 1
    out.append(Sentence(s, e, text[s:e], paragraph, initial))


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """`start, end` moved inward past white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class SentenceIndex:
    """Find the sentence holding an offset in O(log n)."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences
        self._starts = [s.start for s in sentences]

    def at(self, offset: int) -> Sentence | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def is_initial(self, offset: int) -> bool:
        sentence = self.at(offset)
        return sentence is not None and sentence.initial == offset
