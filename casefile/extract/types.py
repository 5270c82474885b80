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
    confidence: float = 0.5  # how sure extraction is that this is a real party of this kind, 0..1


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
    confidence: float = 0.5  # how sure extraction is that this is an event worth writing down, 0..1
    forecast: bool = False  # predicts ("will ... by 2050") rather than reports


@dataclass(frozen=True)
class QuoteFound:
    text: str
    speaker: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class PostFound:
    """A social-media post quoted in running text, e.g. `... — TMZ (@TMZ) January 27, 2025`."""

    author: str
    handle: str  # with the leading @, or "" if none
    date: CaseDate | None
    text: str  # the post's own words
    char_start: int  # span of the whole post (text and attribution line) in the source text
    char_end: int
    url: str = ""
    platform: str = ""  # "x", "instagram", "tiktok", ... when known


@dataclass
class Extraction:
    events: list[EventSuggestion] = field(default_factory=list)
    parties: list[PartySuggestion] = field(default_factory=list)
    quotes: list[QuoteFound] = field(default_factory=list)
    posts: list[PostFound] = field(default_factory=list)
    published: CaseDate | None = None  # a publication date found in the text itself, if any
    title: str = ""  # a headline found at the top of the text itself, if any
    author: str = ""  # a byline ("By Jane Doe") found in the text itself, if any
    authors: list[str] = field(default_factory=list)  # from credit lines: "Reporting by …", "… contributed"
    language: str = ""  # ISO 639-1 code the text was read as ("" when too short to tell)
