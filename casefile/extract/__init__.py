"""Finding dates, parties, quotes and tags in text, each with its character span."""

from casefile.extract.types import EventSuggestion, Extraction, Mention, PartySuggestion, PostFound, QuoteFound

__all__ = ["EventSuggestion", "Extraction", "Mention", "PartySuggestion", "PostFound", "QuoteFound"]
