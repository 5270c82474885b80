"""The one entry point the import service calls: text in, suggestions with exact spans out."""

from __future__ import annotations

from casefile.domain.dates import CaseDate
from casefile.domain.enums import EvidenceKind, PartyKind
from casefile.extract.credits import find_credits
from casefile.extract.events import build_events
from casefile.extract.header import read_header
from casefile.extract.ner import load_ner_for
from casefile.extract.org_names import is_junk_org, merge_org_variants
from casefile.extract.parties import find_parties
from casefile.extract.parties_i18n import model_parties, structured_parties
from casefile.extract.posts import find_posts, whole_text_post
from casefile.extract.quotes import find_quotes
from casefile.extract.sentences import SentenceIndex, split_paragraphs, split_sentences
from casefile.extract.types import Extraction
from casefile.languages import detect

_NO_HEADLINE = (EvidenceKind.SOCIAL_POST, EvidenceKind.TRANSCRIPT, EvidenceKind.EMAIL)


def extract(
    text: str,
    *,
    published: CaseDate | None = None,
    author: str = "",
    kind: EvidenceKind = EvidenceKind.ARTICLE,
    ner: object | None = None,
    language: str | None = None,
) -> Extraction:
    """Events, parties, quotes and posts found in `text`; relative dates resolve against `published`
    (or a dateline found at the top of the text). `ner` is the English model from `extract.ner.load_ner()`, or
    None for rules only. `language` is the exhibit's ISO 639-1 code (detected here when None): the English rules
    and model read English (or text too short to tell); another language gets its structured parties, its own
    model's where one is installed (`extract.ner.model_for`), and dates in its words."""
    if language is None:
        language = detect(text).code
    english = language in ("", "en")
    paragraphs = split_paragraphs(text)
    sentences = split_sentences(text, paragraphs)
    index = SentenceIndex(sentences)
    header = read_header(text, paragraphs, want_title=kind not in _NO_HEADLINE)
    # A PDF's or an office file's own date is when the file was made: it bounds what the text reports and
    # hints at the year, but "today" in the text is not that day.
    file_dated = kind is EvidenceKind.DOCUMENT
    reference = (header.published or published) if file_dated else (published or header.published)
    if kind is EvidenceKind.SOCIAL_POST:
        whole = whole_text_post(text, author, reference)
        posts = [whole] if whole else []
    else:
        posts = find_posts(text)
    unread = header.metadata + [s for s in (header.dateline, header.trailer) if s]
    credits = find_credits(text)
    if english:
        parties = find_parties(text, index, paragraphs, posts, unread + credits.spans, ner=ner)
        parties = [p for p in parties if p.kind is not PartyKind.ORGANIZATION or not is_junk_org(p.name)]
        parties = merge_org_variants(text, parties)
    else:
        parties = structured_parties(text, posts, unread + credits.spans)
        model = load_ner_for(language) if ner is not None else None  # rules-only callers stay rules-only
        if model is not None:
            parties += model_parties(model, text, unread + credits.spans)
    quotes = find_quotes(text, parties)
    no_events = header.metadata + [s for s in (header.title_span, header.trailer) if s]
    events = build_events(text, sentences, paragraphs, posts, parties, no_events, reference, header.dateline,
                          anchored=not file_dated or header.published is not None,
                          language=language or "en")  # fmt: skip
    return Extraction(
        events=events,
        parties=parties,
        quotes=quotes,
        posts=[p.post for p in posts],
        published=header.published,
        title=header.title,
        author=header.author,
        authors=credits.names,
        language=language,
    )
