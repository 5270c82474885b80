"""Results of extraction: suggestions the user will confirm, each tied to the passage it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import PartyKind, PartyRole


@dataclass(frozen=True)
class Mention:
    char_start: int
    char_end: int
    text: str


@dataclass
class PartySuggestion:
    name: str
    kind: PartyKind
    aliases: list[str] = field(default_factory=list)  # e.g. "Baldoni", "@TMZ"
    mentions: list[Mention] = field(default_factory=list)
    role: PartyRole = PartyRole.OTHER
    description: str = ""


@dataclass
class EventSuggestion:
    date: EventDate
    title: str
    description: str  # the sentence
    quote: str  # the exact cited passage: text[char_start:char_end]
    char_start: int
    char_end: int
    party_names: list[str] = field(default_factory=list)  # names as in PartySuggestion.name
    tags: list[str] = field(default_factory=list)  # e.g. "defamation", "$400 million"


@dataclass(frozen=True)
class QuoteFound:
    text: str
    speaker: str
    char_start: int
    char_end: int


@dataclass
class Extraction:
    events: list[EventSuggestion] = field(default_factory=list)
    parties: list[PartySuggestion] = field(default_factory=list)
    quotes: list[QuoteFound] = field(default_factory=list)
    published: CaseDate | None = None  # a publication date found in the text itself, if any
