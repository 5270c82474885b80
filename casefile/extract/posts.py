"""Social posts quoted in running text, recognised by the attribution line embeds leave behind.

X/Twitter embeds flatten to `post words — Author (@handle) January 27, 2025` (or put the attribution on a line
of its own); Instagram's to `A post shared by Author (@handle)`. The post's words run from the previous line
break to the attribution, or are the line above an attribution that stands alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casefile.domain.dates import CaseDate
from casefile.extract.dates import MONTH_NAME, find_absolute_date
from casefile.extract.sentences import strip_span
from casefile.extract.types import PostFound

_X_ATTRIBUTION = re.compile(
    r"(?:—|–|(?<=\s)--?)[ \t\u00a0]*(?P<author>[^\n()—–]{1,80}?)[ \t\u00a0]*\((?P<handle>@\w{1,30})\)[ \t\u00a0]*"
    rf"(?P<date>{MONTH_NAME}[ \t\u00a0]+\d{{1,2}},[ \t\u00a0]+\d{{4}})"
)
_INSTAGRAM_ATTRIBUTION = re.compile(
    r"A post shared by[ \t\u00a0]+(?P<author>[^\n()]{1,80}?)[ \t\u00a0]*\((?P<handle>@[\w.]{1,30})\)"
)
_STATUS_URL = re.compile(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w+/status/\d+\S*")
_ANY_URL = re.compile(r"https?://\S+")
# handles may hold dots and dashes (Bluesky's @name.bsky.social, Instagram's @okafor.family)
_AUTHOR_WITH_HANDLE = re.compile(r"^\s*(?P<author>[^()@]*?)\s*\(?(?P<handle>@\w[\w.\-]{0,63})?\)?\s*$")


@dataclass(frozen=True)
class PostMatch:
    """A post and the spans the rest of the pipeline needs: its words, its author's name and handle."""

    post: PostFound
    body_start: int
    body_end: int
    author_start: int
    author_end: int
    handle_start: int
    handle_end: int
    attribution_start: int  # from the dash (or "A post shared by") to the end of the date


def find_posts(text: str) -> list[PostMatch]:
    out: list[PostMatch] = []
    for m in _X_ATTRIBUTION.finditer(text):
        body_start, body_end = _body(text, m.start())
        if body_start >= body_end:
            continue
        out.append(_match(text, m, body_start, body_end, find_absolute_date(m.group("date")), "x"))
    for m in _INSTAGRAM_ATTRIBUTION.finditer(text):
        body_start, body_end = _body(text, m.start())
        out.append(_match(text, m, body_start, body_end, None, "instagram"))
    out.sort(key=lambda p: p.body_start)
    return out


def whole_text_post(text: str, author: str, published: CaseDate | None) -> PostMatch | None:
    """The whole evidence is one post (kind SOCIAL_POST); `author` may be "Name (@handle)", "@handle" or a name."""
    start, end = strip_span(text, 0, len(text))
    if start >= end:
        return None
    m = _AUTHOR_WITH_HANDLE.match(author)
    name = (m.group("author") if m else author).strip()
    handle = (m.group("handle") or "") if m else ""
    body = text[start:end]
    post = PostFound(name or handle, handle, published, body, start, end, _url(body), "")
    return PostMatch(post, start, end, -1, -1, -1, -1, end)


def _match(
    text: str, m: re.Match[str], body_start: int, body_end: int, when: CaseDate | None, platform: str
) -> PostMatch:
    body = text[body_start:body_end]
    post = PostFound(
        author=m.group("author").strip(),
        handle=m.group("handle"),
        date=when,
        text=body,
        char_start=body_start,
        char_end=m.end(),
        url=_url(text[body_start : m.end()]),
        platform=platform,
    )
    return PostMatch(
        post, body_start, body_end, m.start("author"), m.end("author"), m.start("handle"), m.end("handle"), m.start()
    )


def _body(text: str, attribution: int) -> tuple[int, int]:
    """The post's words: the line the attribution ends, or the line above when the attribution stands alone
    (the HTML importer lays embeds out as `post words` / `— Author (@handle) date`)."""
    line_start = text.rfind("\n", 0, attribution) + 1
    start, end = strip_span(text, line_start, attribution)
    if start < end or line_start == 0:
        return start, end
    above = text.rfind("\n", 0, max(0, line_start - 1))
    while True:  # skip blank lines between the post and its attribution
        start, end = strip_span(text, above + 1, line_start)
        if start < end or above < 0:
            return start, end
        line_start, above = above + 1, text.rfind("\n", 0, max(0, above))


def _url(passage: str) -> str:
    """The post's own address when the text keeps it, else the first link it carries."""
    m = _STATUS_URL.search(passage) or _ANY_URL.search(passage)
    return m.group().rstrip(".,;)") if m else ""
