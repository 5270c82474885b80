"""Timeline events a careful reader would write down, each citing its exact passage: one per dated sentence at
most, one per quoted post, and the story's undated claims reported on the publication date. Page furniture,
repeated lines and "today" without a real anchor give none; forecasts are marked; every one carries a confidence;
the whole is deduplicated and capped relative to the text's length."""

from __future__ import annotations

import bisect
import re
from datetime import date

from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import DatePrecision, DateQualifier
from casefile.extract import anaphora
from casefile.extract.boilerplate import boilerplate_spans
from casefile.extract.claims import KIND_OF_TAG, claim_events
from casefile.extract.dates import DateHit, date_candidates, find_dates
from casefile.extract.lexicon import MEDIA_OUTLETS
from casefile.extract.posts import PostMatch
from casefile.extract.sentences import Paragraph, Sentence
from casefile.extract.tags import find_tags
from casefile.extract.tense import predicts, reports_past
from casefile.extract.titles import (
    TITLE_LIMIT,
    clause_title,
    date_title,
    first_sentence,
    fit_title,
    has_verb,
    make_title,
)
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
    *,
    anchored: bool = True,
    language: str = "en",
) -> list[EventSuggestion]:
    """`skip` spans yield no events; the `dateline` ("LOS ANGELES (AP) —") is left out of its sentence's title.

    One sentence gives one event at most; page furniture gives none; undated story claims are reported on the
    publication date; the whole is deduplicated and capped relative to the text's length. `anchored` is False
    when `published` is only a file's creation date: then "today" and "on Monday" resolve to nothing. In a
    `language` other than English, dates are read in its words and the English-only cues (tense, anaphora,
    undated claims) stay out."""
    english = language == "en"
    index = _PartyIndex(parties)
    skip = skip + boilerplate_spans(paragraphs)
    events = [e for p in posts if (e := _post_event(text, p, index, published))]
    post_count = len(events)  # posts are reactions: they cover no claim of the story's own
    attributions = sorted((p.attribution_start, p.post.char_end) for p in posts)
    bodies = {_norm(p.post.text) for p in posts}
    post_spans = [(p.body_start, p.post.char_end) for p in posts]
    whole_posts = [(p.post.char_start, p.post.char_end) for p in posts]
    repeated = {
        i for i, para in enumerate(paragraphs)
        if _norm(para.text) in bodies and not any(s <= para.start < e for s, e in post_spans)
    }  # fmt: skip
    now = published or CaseDate.from_date(date.today())
    undated: list[Sentence] = []
    candidates = date_candidates(text, language)
    sentences = _clauses(sentences, candidates)
    told: list[tuple[int, EventDate]] = []  # sentence numbers and dates of the events told so far
    for number, sentence in enumerate(sentences):
        if sentence.paragraph in repeated or _overlaps(skip, sentence.start, sentence.end):
            continue
        end = sentence.end
        for a_start, a_end in attributions:
            if a_start < end and a_end > sentence.start:
                end = min(end, a_start)
        begin = sentence.start
        if dateline and dateline[0] <= sentence.start < dateline[1]:
            begin = dateline[1]
        i = bisect.bisect_left(candidates, sentence.start)
        hits: list[DateHit] = []
        if i < len(candidates) and candidates[i] < sentence.end:  # something date-like here: the full scan
            hits = [
                h for h in find_dates(text, begin, end, published, relative=anchored, language=language)
                if not _overlaps(skip, h.start, h.end) and (not english or _anchored(text, h, begin, end))
            ]  # fmt: skip
        in_post = _overlaps(whole_posts, sentence.start, sentence.end)
        if english and not hits and not in_post and any(stem in sentence.text for stem in anaphora.STEMS):
            recent = [d for n, d in reversed(told) if number - n <= _CONTEXT_SENTENCES]
            leaning = anaphora.told_before(text, begin, end, recent) or anaphora.bare_month(text, begin, end, published)
            hits = [leaning] if leaning and not _overlaps(skip, leaning.start, leaning.end) else []
        if not hits:
            if not in_post:
                undated.append(sentence)
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
        hit = _best_hit(hits, now)
        at = hit.start - sentence.start
        if len({h.date for h in hits}) > 1:
            title = date_title(sentence.text, cut, at, title)
        elif quote_end == sentence.end:  # one date, maybe in a clause of its own: "the suit filed on Jan. 16 ..."
            title = clause_title(sentence.text, cut, at) or _aside_title(sentence.text, cut, at) or title
        forecast = _is_forecast(text, hit, sentence, now)
        told.append((number, hit.date))
        events.append(
            EventSuggestion(
                hit.date, fit_title(title), text[quote_start:quote_end], text[quote_start:quote_end], quote_start,
                quote_end, index.within(sentence.start, sentence.end), find_tags(text, sentence.start, sentence.end),
                confidence=_confidence(hit, sentence, forecast, title), forecast=forecast,
            )  # fmt: skip
        )
    if published is not None and english:
        covered = [
            (KIND_OF_TAG[t], set(e.party_names), e.char_start)
            for e in events[post_count:] for t in e.tags if t in KIND_OF_TAG
        ]  # fmt: skip
        events += claim_events(text, undated, published, index.within, covered)
    return sorted(_capped(_deduplicated(events), text), key=lambda e: e.char_start)


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
        EventDate(when), fit_title(title), post.text, post.text, match.body_start, match.body_end, names,
        find_tags(text, match.body_start, match.body_end), confidence=0.75 if post.date else 0.5,
    )  # fmt: skip


_EMPTY_WORDS = frozenset(
    ["it", "was", "is", "that", "this", "there", "then", "so", "and", "the", "a", "an", "yes", "no", "well"]
)
_ATTRIBUTION_ONLY = re.compile(r"^[\W_]*(?:[\w.&'’ -]{0,60}\(@\w+\)|@\w+)[\W_]*$")


def _clauses(sentences: list[Sentence], candidates: list[int]) -> list[Sentence]:
    """A sentence whose clauses, split at a semicolon, each hold a date tells as many events: "Work starts in
    September 2025; the school opens on 1 August 2027." """
    out: list[Sentence] = []
    for sentence in sentences:
        cuts = [sentence.start + i + 1 for i, c in enumerate(sentence.text) if c == ";"]
        bounds = [sentence.start, *cuts, sentence.end]
        parts = list(zip(bounds, bounds[1:], strict=False))
        dated = [bisect.bisect_left(candidates, a) < bisect.bisect_left(candidates, b) for a, b in parts]
        if len(parts) == 1 or not all(dated):
            out.append(sentence)
            continue
        for a, b in parts:
            clause = sentence.text[a - sentence.start : b - sentence.start]
            a += len(clause) - len(clause.lstrip())
            out.append(Sentence(a, b, clause.lstrip(), sentence.paragraph, a))
    return out


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


_PRECISION_RANK = {DatePrecision.MINUTE: 3, DatePrecision.DAY: 3, DatePrecision.MONTH: 2, DatePrecision.YEAR: 1}
_BASE_CONFIDENCE = {DatePrecision.MINUTE: 0.85, DatePrecision.DAY: 0.8, DatePrecision.MONTH: 0.65,
                    DatePrecision.YEAR: 0.55}  # fmt: skip
_CONTEXT_SENTENCES = 4  # "on the same day" leans on an event told at most this many sentences before
_PAST_WORDS = re.compile(r"(?i:yesterday|last|ago|earlier|past)")


def _anchored(text: str, hit: DateHit, start: int, end: int) -> bool:
    """ "today", "this morning", "on Monday" count only in a sentence that reports what happened."""
    if not hit.relative or _PAST_WORDS.search(text, hit.start, hit.end):
        return True
    return reports_past(text, start, end)


def _best_hit(hits: list[DateHit], now: CaseDate) -> DateHit:
    """The date a sentence is about: one in the past before one to come, a precise one before a vague one."""
    return min(
        hits,
        key=lambda h: (h.date.start.to_datetime() > now.to_datetime(), -_PRECISION_RANK[h.date.start.precision],
                       h.inferred, h.start),
    )  # fmt: skip


def _is_forecast(text: str, hit: DateHit, sentence: Sentence, now: CaseDate) -> bool:
    """A date after publication in a sentence that predicts or demands ("will … by 2050"), or years away; a
    hearing set for next month is a plan, not a forecast."""
    start = hit.date.start
    if start.to_datetime() <= now.to_datetime() or start.year <= now.year and start.precision is DatePrecision.YEAR:
        return False
    by_year = hit.date.qualifier is DateQualifier.BEFORE and start.precision is DatePrecision.YEAR  # "by 2050"
    return start.year - now.year >= 5 or by_year or predicts(text, sentence.start, sentence.end)


def _confidence(hit: DateHit, sentence: Sentence, forecast: bool, title: str) -> float:
    """0..1: an explicit full date beats an inferred year or a relative day; questions, quotes and fragments
    are less sure; forecasts are least."""
    value = 0.6 if hit.relative else _BASE_CONFIDENCE[hit.date.start.precision] - (0.1 if hit.inferred else 0.0)
    if hit.date.qualifier in (DateQualifier.AROUND, DateQualifier.BEFORE, DateQualifier.AFTER):
        value -= 0.05
    words = sentence.text.split()
    if sentence.text.rstrip().endswith("?"):
        value -= 0.2
    if sentence.text[:1] in "“\"‘'":
        value -= 0.05
    if len(words) < 6:
        value -= 0.15  # a fragment: a caption, a list item, a line of furniture that slipped through
    if not has_verb(title):
        value -= 0.1  # a title without a verb: the sentence may say when but not what
    if forecast:
        value = min(value, 0.25)
    return round(max(0.05, min(0.95, value)), 2)


def _aside_title(passage: str, cut: list[tuple[int, int]], at: int) -> str:
    """A date inside brackets belongs to the bracket's words: "(it did receive a brief block in February …)"."""
    opening = passage.rfind("(", 0, at)
    closing = passage.find(")", at)
    if opening < 0 or closing < 0 or ")" in passage[opening:at]:
        return ""
    inner = [(s - opening - 1, e - opening - 1) for s, e in cut if opening < s and e <= closing]
    title = make_title(passage[opening + 1 : closing], inner)
    return title if len(title.split()) >= 3 else ""


def _title_key(title: str) -> str:
    return " ".join(re.findall(r"\w+", title.lower()))


def _deduplicated(events: list[EventSuggestion]) -> list[EventSuggestion]:
    """One event per date and normalised title: the surest copy, else the first."""
    kept: dict[tuple[EventDate, str], EventSuggestion] = {}
    for e in events:
        key = (e.date, _title_key(e.title))
        if key not in kept or e.confidence > kept[key].confidence:
            kept[key] = e
    return list(kept.values())


def event_cap(text: str) -> int:
    """How many suggestions one exhibit may make: ten, plus one per fifty words (a dense court chronology has
    about one dated line per fifty words; more is a flood, and only the surest stay)."""
    return 10 + len(text.split()) // 50


def _capped(events: list[EventSuggestion], text: str) -> list[EventSuggestion]:
    cap = event_cap(text)
    if len(events) <= cap:
        return events
    return sorted(events, key=lambda e: (-e.confidence, e.char_start))[:cap]
