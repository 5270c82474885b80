"""Timeline events: one per dated sentence and one per quoted post, each citing its exact passage."""

from __future__ import annotations

import bisect
import re

from casefile.domain.dates import CaseDate, EventDate
from casefile.extract.dates import date_candidates, find_dates
from casefile.extract.lexicon import MEDIA_OUTLETS
from casefile.extract.posts import PostMatch
from casefile.extract.sentences import Paragraph, Sentence
from casefile.extract.tags import find_tags
from casefile.extract.titles import TITLE_LIMIT, clause_title, date_title, first_sentence, make_title
from casefile.extract.types import EventSuggestion, PartySuggestion


class _PartyIndex:
    """Which parties are mentioned inside a span, by bisecting the sorted mentions."""

    def __init__(self, parties: list[PartySuggestion]) -> None:
        self._mentions = sorted((m.char_start, m.char_end, p.name) for p in parties for m in p.mentions)
        self._starts = [m[0] for m in self._mentions]
        self._by_alias = {a: p.name for p in parties for a in [p.name, *p.aliases]}

    def within(self, start: int, end: int, first: str = "") -> list[str]:
        names = [first] if first else []
        i = bisect.bisect_left(self._starts, start)
        while i < len(self._mentions) and self._mentions[i][0] < end:
            name = self._mentions[i][2]
            if self._mentions[i][1] <= end and name not in names:
                names.append(name)
            i += 1
        return names

    def name_of(self, author: str, handle: str) -> str:
        return (
            self._by_alias.get(author)
            or self._by_alias.get(MEDIA_OUTLETS.get(author, ""))
            or (self._by_alias.get(handle, author or handle))
        )


def build_events(
    text: str,
    sentences: list[Sentence],
    paragraphs: list[Paragraph],
    posts: list[PostMatch],
    parties: list[PartySuggestion],
    skip: list[tuple[int, int]],
    published: CaseDate | None,
    dateline: tuple[int, int] | None = None,
) -> list[EventSuggestion]:
    """`skip` spans yield no events; the `dateline` ("LOS ANGELES (AP) —") is left out of its sentence's title."""
    index = _PartyIndex(parties)
    events = [e for p in posts if (e := _post_event(text, p, index, published))]
    attributions = sorted((p.attribution_start, p.post.char_end) for p in posts)
    bodies = {_norm(p.post.text) for p in posts}
    post_spans = [(p.body_start, p.post.char_end) for p in posts]
    repeated = {
        i for i, para in enumerate(paragraphs)
        if _norm(para.text) in bodies and not any(s <= para.start < e for s, e in post_spans)
    }  # fmt: skip
    seen: set[tuple[int, EventDate]] = set()
    candidates = date_candidates(text)
    for number, sentence in enumerate(sentences):
        i = bisect.bisect_left(candidates, sentence.start)
        if i == len(candidates) or candidates[i] >= sentence.end:
            continue  # nothing date-like here: skip the full scan
        if sentence.paragraph in repeated or _overlaps(skip, sentence.start, sentence.end):
            continue
        end = sentence.end
        for a_start, a_end in attributions:
            if a_start < end and a_end > sentence.start:
                end = min(end, a_start)
        begin = sentence.start
        if dateline and dateline[0] <= sentence.start < dateline[1]:
            begin = dateline[1]
        hits = [h for h in find_dates(text, begin, end, published) if not _overlaps(skip, h.start, h.end)]
        if not hits:
            continue
        cut = [(h.start - sentence.start, h.end - sentence.start) for h in hits]
        if begin > sentence.start:
            cut.append((0, begin - sentence.start))
        cut += [(h.time_start - sentence.start, h.time_end - sentence.start) for h in hits if h.time_start >= 0]
        title = make_title(sentence.text, cut)
        quote_start, quote_end = sentence.start, sentence.end
        if not _is_readable(title):  # "It was March 3, 2021." says when; the next sentence says what
            after = sentences[number + 1] if number + 1 < len(sentences) else None
            if after is None or after.paragraph != sentence.paragraph or not _is_readable(make_title(after.text)):
                continue
            title, quote_end = make_title(after.text), after.end
        several = len({h.date for h in hits}) > 1
        names = index.within(sentence.start, sentence.end)
        tags = find_tags(text, sentence.start, sentence.end)
        for hit in hits:
            key = (sentence.start, hit.date)
            if key in seen:
                continue
            seen.add(key)
            at = hit.start - sentence.start
            if several:
                own = date_title(sentence.text, cut, at, title)
            else:  # one date, but maybe in a clause of its own: "the suit filed on Jan. 16 ... was meritless"
                own = (clause_title(sentence.text, cut, at) if quote_end == sentence.end else "") or title
            events.append(
                EventSuggestion(
                    hit.date, own, text[quote_start:quote_end], text[quote_start:quote_end], quote_start, quote_end,
                    list(names), list(tags),
                )  # fmt: skip
            )
    events.sort(key=lambda e: e.char_start)
    return events


def _post_event(text: str, match: PostMatch, index: _PartyIndex, published: CaseDate | None) -> EventSuggestion | None:
    post = match.post
    when = post.date or (published if match.author_start < 0 else None)
    if when is None or not post.text:
        return None
    author = index.name_of(post.author, post.handle)
    prefix = f"{author} posts: " if author else "Post: "
    title = prefix + make_title(first_sentence(post.text), limit=max(30, TITLE_LIMIT - len(prefix)))
    names = index.within(match.body_start, match.body_end, first=author if author in index._by_alias else "")
    return EventSuggestion(
        EventDate(when), title, post.text, post.text, match.body_start, match.body_end, names,
        find_tags(text, match.body_start, match.body_end),
    )  # fmt: skip


_EMPTY_WORDS = frozenset(
    ["it", "was", "is", "that", "this", "there", "then", "so", "and", "the", "a", "an", "yes", "no", "well"]
)
_ATTRIBUTION_ONLY = re.compile(r"^[\W_]*(?:[\w.&'’ -]{0,60}\(@\w+\)|@\w+)[\W_]*$")


def _is_readable(title: str) -> bool:
    """A title says something: not just an attribution ("— Variety (@Variety)") or a handle, and two words at least."""
    if "@" in title and _ATTRIBUTION_ONLY.match(title):
        return False
    words = [w for w in title.split() if any(c.isalpha() for c in w)]
    return len(words) >= 2 and not all(w.lower() in _EMPTY_WORDS for w in words)


def _norm(value: str) -> str:
    return " ".join(value.split())


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and e > start for s, e in spans)
