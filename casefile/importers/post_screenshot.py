"""A screenshot of a social post, read back from OCR into the post it shows: author, handle, date, words.

Users keep posts as screenshots far more often than as links, and a screenshot outlives a deleted post. After
OCR, `post_from_screenshot` looks for the layout each app gives a post (X/Twitter, Bluesky, Threads, Instagram,
Facebook, TikTok): who posted (a name over or beside a handle), the post's words, the stamp, and the app's
chrome (counts, buttons). It returns a SOCIAL_POST child item shaped like an embedded post (author
"Name (@handle)", handle and platform in metadata), with the span of the post's words in the page's text so
suggestions cite the words. A screenshot that is not plainly a post (a letter, a chat, a photo) gives None:
a false post is worse than none. A date is only what the screenshot shows: a stamp without a year ("March 3",
"2h") is kept as written, never completed by guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casefile.domain.dates import CaseDate
from casefile.domain.enums import EvidenceKind
from casefile.importers._common import first_sentence
from casefile.importers.base import ImportedItem
from casefile.importers.post_stamps import MONTH as _MONTH
from casefile.importers.post_stamps import PARTIAL_STAMPS as _PARTIAL_STAMPS
from casefile.importers.post_stamps import SEP as _SEP
from casefile.importers.post_stamps import STAMPS as _STAMPS
from casefile.importers.post_stamps import TIME as _TIME
from casefile.importers.post_stamps import stamp_in
from casefile.importers.post_stamps import stamp_only as _stamp_only
from casefile.ocr.types import OcrPage

PLATFORMS = ("x", "bluesky", "threads", "instagram", "facebook", "tiktok")

_AT_HANDLE = re.compile(r"^[(\[{]*[@©®](?P<h>[A-Za-z0-9_][A-Za-z0-9_.\-]{0,63}?)[)\]}.,:;·]*$")
_USERNAME = re.compile(r"^(?=.*[a-z])[a-z0-9_][a-z0-9_.]{1,29}$")
_REPLYING = re.compile(r"\b(?:replying to|en r[ée]ponse [àa]|in reply to)\s+\S*@", re.I)
_PROFILE = re.compile(r"\b\d[\d.,]*\s?[KkMm]?\s+followers\b|\bfollowers\s+\d", re.I)
_TAB_WORDS = {"posts", "replies", "media", "likes", "feeds", "lists", "highlights", "articles", "reels", "tagged",
              "videos", "photos", "about", "starter", "packs"}
_COUNT = re.compile(r"^[OoQ@©®]?\d[\d.,]*\s?[KkMmBb]?$")
_COUNT_WORDS = {"reposts", "repost", "retweets", "retweet", "quotes", "quote", "likes", "like", "bookmarks",
                "bookmark", "views", "view", "comments", "comment", "shares", "share", "replies", "reply", "saves",
                "reactions", "tweets", "posts"}
_BUTTON_WORDS = {"like", "comment", "share", "reply", "repost", "send", "save", "follow", "following", "message",
                 "retweet", "favorite", "more"}
_CHROME_PHRASES = re.compile(
    r"^(?:translate post|translate tweet|show translation|see translation|show more|read more|show this thread"
    r"|post your reply|tweet your reply|write your reply|add a comment.*|view all \S+ comments?|view \S+ more repl.*"
    r"|liked by .*|original audio|replies|(?:replies )?view activity.*|thread|for you|following\s+for you|\+?\s?follow"
    r"|foll|follow back|see more|more|edited|pinned|sponsored|suggested for you|.*original sound.*)$", re.I)
# words that tell one app's layout from another's, with their weight
_SIGNALS: dict[str, list[tuple[re.Pattern[str], int]]] = {
    "x": [(re.compile(r"\b(?:reposts|retweets|bookmarks|quote tweets)\b", re.I), 2),
          (re.compile(r"\b\d[\d.,]*\s?[KkMm]?\s?views\b", re.I), 2),
          (re.compile(r"translate (?:post|tweet)|post your reply|tweet your reply", re.I), 2),
          (re.compile(rf"{_TIME}{_SEP}{_MONTH}\s\d{{1,2}},?\s\d{{4}}"), 2)],
    "bluesky": [(re.compile(r"@[\w.\-]+\.bsky\.social|bsky\.app", re.I), 4),
                (re.compile(rf"{_MONTH}\s\d{{1,2}},\s\d{{4}}\sat\s{_TIME}"), 2),
                (re.compile(r"\b\d[\d.,]*\s?[KkMm]?\s(?:reposts|quotes)\b"), 1),
                (re.compile(r"write your reply", re.I), 2)],
    "threads": [(re.compile(r"^thread$|view activity|^replies$", re.I), 2),
                (re.compile(r"\bthreads(?:\.net| app)\b", re.I), 2)],
    "instagram": [(re.compile(r"^[\d.,]+\s?[KkMm]?\s+likes$|^liked by\b", re.I), 2),
                  (re.compile(r"^view all \S+ comments?$|^add a comment|^original audio$", re.I), 2),
                  (re.compile(r"\binstagram\b", re.I), 1)],
    "facebook": [(re.compile(r"\blike\b.*\bcomment\b.*\bshare\b", re.I), 3),
                 (re.compile(r"\b\d[\d.,]*\s?[KkMm]?\s+(?:comments|shares)\b", re.I), 1),
                 (re.compile(rf"^{_MONTH}\s\d{{1,2}}(?:,\s\d{{4}})?\sat\s{_TIME}"), 2)],
    "tiktok": [(re.compile(r"original sound|\bfor you\b|#fyp\b|\btiktok\b", re.I), 2),
               (re.compile(r"·\s?(?:\d{4}-)?\d{1,2}-\d{1,2}$"), 2)],
}


@dataclass(frozen=True)
class _Line:
    index: int
    start: int  # offset of the line in the page's text
    text: str
    words: tuple[str, ...]
    word_starts: tuple[int, ...]  # offsets of the words in the page's text
    height: float = 0.0  # the median height of its words, in pixels


@dataclass(frozen=True)
class _Header:
    name: str
    handle: str  # without "@"
    line: int  # index of the last header line (the post's words follow it)
    stamp_line: int = -1  # a header that carries the stamp (Facebook, TikTok, Threads)


def post_from_screenshot(page: OcrPage) -> ImportedItem | None:
    """The post a screenshot shows, as a SOCIAL_POST child of the image; None when it does not plainly show one."""
    lines = _lines(page)
    if len(lines) < 2:
        return None
    platform, score = _platform(lines)
    if score < 2:
        return None
    header = _HEADERS[platform](lines)
    if header is None or not (header.name or header.handle):
        return None
    body = _body(lines, header, platform)
    if body is None:
        return None
    start, end = body
    text = page.text
    stamp_lines = _below(lines, end) + [header.stamp_line] if platform in ("x", "bluesky") else \
        [header.stamp_line, *_below(lines, end)[:3]]
    published, shown = _stamp(lines, stamp_lines)
    words = _unwrap(text[start:end])
    if sum(c.isalpha() for c in words) < 8:
        return None
    handle = f"@{header.handle}" if header.handle else ""
    author = f"{header.name} ({handle})" if header.name and handle else (header.name or handle)
    metadata: dict[str, object] = {"handle": handle, "platform": platform, "from_screenshot": True}
    warnings: list[str] = []
    if shown:
        metadata["date_shown"] = shown
        if published is None:
            warnings.append(f"the post's date '{shown}' shows no year; CaseFile does not guess it")
    confidences = [w.confidence for ln in page.lines for w in ln.words]
    if confidences:
        metadata["ocr_confidence"] = round(sum(confidences) / len(confidences), 1)
    who = header.name or handle
    return ImportedItem(
        kind=EvidenceKind.SOCIAL_POST,
        media_type="text/plain",
        title=f"{who}: {first_sentence(words, 90)}",
        author=author,
        published=published,
        text=words,
        metadata=metadata,
        span_in_parent=(start, end),
        warnings=warnings,
    )


# reading the page -----------------------------------------------------------------------------------
def _lines(page: OcrPage) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for i, line in enumerate(page.lines):
        starts, p = [], pos
        for w in line.words:
            starts.append(p)
            p += len(w.text) + 1
        heights = sorted(w.height for w in line.words)
        out.append(_Line(i, pos, line.text, tuple(w.text for w in line.words), tuple(starts),
                         float(heights[len(heights) // 2]) if heights else 0.0))
        pos += len(line.text) + 1
    return out


def _unwrap(words: str) -> str:
    """The post's words with the screenshot's line wraps as spaces (same length, so spans still line up);
    a line that ends a sentence well short of the next keeps its break."""
    return re.sub(r"(?<![.!?:])\n(?=\S)", " ", words)


def _is_noise(word: str) -> bool:
    """Avatars, badges and icons read as glyphs: `©)`, `re)`, `@`, `O`, `···`."""
    if not any(c.isalnum() for c in word):
        return True
    if len(word) == 1 and word not in "aAiI&" and not word.isdigit():
        return True
    return len(word) <= 3 and any(c in "()[]{}|\\/" for c in word)


def _clean(words: tuple[str, ...]) -> list[str]:
    return [w for w in words if not _is_noise(w)]


def _is_chrome(line: _Line) -> bool:
    """Counts, buttons, stamps on their own, `Translate post`: the app's, not the author's."""
    words = _clean(line.words)
    if not words:
        return True
    flat = " ".join(words)
    if _CHROME_PHRASES.match(flat):
        return True
    if _REPLYING.search(flat) or _PROFILE.search(flat):
        return True
    lowered = [w.lower().strip(".,:;·") for w in words]
    if all(_COUNT.match(w) or _counted(w) for w in lowered) and any(_counted(w) for w in lowered):
        return True
    if len(lowered) >= 3 and all(w in _TAB_WORDS for w in lowered):
        return True  # a profile's tabs: Posts Replies Media Likes
    raw = line.words
    counts = sum(bool(_COUNT.match(w)) for w in raw)
    if all(len(w) <= 3 or _COUNT.match(w) for w in raw) and (counts >= 2 or any(not w.isalnum() for w in raw)):
        return True  # an icon row: `© 232 tT) 517`, `QO 8 TL 25`
    buttons = sum(w in _BUTTON_WORDS for w in lowered)
    if buttons >= 2 and all(w in _BUTTON_WORDS or _COUNT.match(w) or len(w) <= 3 for w in lowered):
        return True  # `Like Comment Share`, `4 Reply tT Retweet Wr Favorite` (icons read as letters)
    counts = sum(bool(_COUNT.match(w)) for w in lowered)
    worded = any(sum(c.isalpha() for c in w) >= 4 and not _counted(w) for w in lowered)  # `14, 2025. #justice`
    if counts == len(lowered) or (counts >= 2 and 3 * counts >= 2 * len(lowered) and not worded):
        return True  # a counts row whose icons OCR glued to the numbers (`O1.1K O73 Oao`)
    return _stamp_only(flat)


def _counted(word: str) -> bool:
    """`likes`, or a count glued to its label (`6quote`)."""
    return word in _COUNT_WORDS or re.sub(r"^\d[\d.,]*[km]?", "", word) in _COUNT_WORDS


def _platform(lines: list[_Line]) -> tuple[str, int]:
    scores = dict.fromkeys(PLATFORMS, 0)
    for line in lines:
        flat = " ".join(_clean(line.words))
        for platform, signals in _SIGNALS.items():
            scores[platform] += sum(weight for rx, weight in signals if rx.search(flat))
    for line in lines[: max(6, len(lines) // 2)]:  # an @handle heads X and Bluesky posts; dots only on Bluesky
        handle = next((h for h in (_handle_at(line.words, i) for i in range(len(line.words))) if h), "")
        if handle:
            scores["bluesky" if "." in handle else "x"] += 2
            break
    best = max(PLATFORMS, key=lambda p: scores[p])
    return best, scores[best]


# who posted ------------------------------------------------------------------------------------------------
_NOT_HANDLE_TAIL = {"follow", "following", "replying", "reply", "and", "is", "was", "the"}


def _handle_at(words: list[str] | tuple[str, ...], i: int) -> str:
    """The handle written at words[i] (`@name`, OCR's `©name`, `(@name)`), or "". OCR reads an underscore as a
    space (`@dog rates - Feb 10`): a lone word right after it, before a separator or the line's end, joins it."""
    m = _AT_HANDLE.match(words[i])
    if not m:
        return ""
    handle = m.group("h")
    k = i + 1
    if words[i].endswith(".") and k < len(words) and re.fullmatch(r"[a-z0-9-]+\.?", words[k]):
        handle += "."  # the dot the pattern took as punctuation belongs to the handle
    while words[i].endswith(".") and k < len(words) and re.fullmatch(r"[a-z0-9-]+\.?", words[k]) \
            and (handle + words[k]).count(".") <= 4:
        handle += words[k]  # OCR put a space after a dot: `@dokafor. bsky. social`
        if not words[k].endswith("."):
            break
        k += 1
    handle = handle.rstrip(".-")
    if not any(c.isalpha() for c in handle) or (words[i].lstrip("([{")[0] != "@" and len(handle) < 2):
        return ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    after = words[i + 2] if i + 2 < len(words) else ""
    if (re.fullmatch(r"[A-Za-z0-9_]{1,15}", nxt) and nxt.lower() not in _NOT_HANDLE_TAIL and "." not in handle
            and (not after or after in {"-", "·", "•", "."})):
        handle = f"{handle}{nxt}" if handle.endswith("_") else f"{handle}_{nxt}"
    return handle


def _header_like(line: _Line) -> bool:
    """`Name @handle · 5h` or `@handle`: where a post (or a quoted one) begins, not words that mention a handle."""
    words = line.words
    if len(words) > 16 or _REPLYING.search(line.text):
        return False
    for i, _w in enumerate(words[:11]):
        if _handle_at(words, i):
            rest = [w for w in words[i + 1:] if not _is_noise(w)]
            rest_flat = " ".join(rest)
            return not rest or rest[0] in {"-", "·", "•"} or _stamp_only(rest_flat) or \
                rest_flat.lower() in {"follow", "· follow", "- follow"} or len(rest) == 1 and len(words) > 2
    return False


def _follow_button(word: str) -> bool:
    """`Follow`, `Following`, or the part OCR read of a `+ Follow` button (`Fol`, `+Foll`)."""
    w = word.lower().lstrip("+")
    return w in ("following", "follow") or (len(w) >= 3 and "follow".startswith(w))


def _name_words(words: list[str]) -> str:
    """The leading run of words that can be a display name (up to a badge, a handle or `Follow`)."""
    out: list[str] = []
    for i, w in enumerate(words):
        if _handle_at(words, i) or _follow_button(w) or w in {"·", "-"} or _is_noise(w):
            break
        out.append(w)
    while out and (len(out[-1]) <= 2 and not out[-1].isdigit() or len(out) > 1 and re.fullmatch(r"[seoac]{3}",
                                                                                           out[-1])):
        out.pop()  # a badge, the bird or the `···` menu read as letters (`WV`, `rv`, `see`)
    return " ".join(out).strip(" ·-")


def _at_handle_header(lines: list[_Line]) -> _Header | None:
    """X and Bluesky: a name, then the @handle beside it or on the line below."""
    for line in lines[: max(6, len(lines) // 2)]:
        words = list(line.words)
        if _REPLYING.search(line.text):
            continue
        for i, _w in enumerate(words):
            handle = _handle_at(words, i)
            if not handle:
                continue
            name = _name_words(_clean(tuple(words[:i])))
            if not name:
                above = next((ln for ln in reversed(lines[: line.index]) if not _is_chrome(ln)), None)
                name = _name_words(_clean(above.words)) if above is not None else ""
            return _Header(name, handle, line.index, line.index)
    return None


def _username_header(lines: list[_Line], want_stamp: bool) -> _Header | None:
    """Threads and Instagram: the username (no @) heads the post, with the stamp beside it on Threads."""
    for line in lines[: max(6, len(lines) // 2)]:
        words = _clean(line.words)
        if len(words) > 1 and words[0].endswith(".") and re.fullmatch(r"[a-z0-9_]+", words[1]):
            words = [words[0] + words[1], *words[2:]]  # OCR put a space after the dot: `harbour. gazette`
        if not words or not _USERNAME.match(words[0].rstrip(",")):
            continue
        rest = " ".join(words[1:])
        has_stamp = any(rx.search(rest) for rx in (*_STAMPS, *_PARTIAL_STAMPS))
        if want_stamp and not has_stamp:
            continue
        if not want_stamp and len(words) > 3:
            continue
        if words[0].isalpha() and "." not in words[0] and "_" not in words[0] and not has_stamp:
            continue  # a plain word ("Following") is not a username without more to go on
        return _Header("", words[0].rstrip(","), line.index, line.index if has_stamp else -1)
    return None


def _threads_header(lines: list[_Line]) -> _Header | None:
    return _username_header(lines, want_stamp=True)


def _instagram_header(lines: list[_Line]) -> _Header | None:
    head = _username_header(lines, want_stamp=False) or _repeated_username(lines) or _caption_username(lines)
    if head is None:
        return None
    for line in lines[head.line + 1:]:  # the caption starts with the username again: the words follow it
        words = _clean(line.words)
        if words and len(line.words) > 1 and (words[0] == head.handle or len(head.handle) >= 6
                                              and words[0].startswith(head.handle) and _USERNAME.match(words[0])):
            return _Header("", words[0], line.index - 1)  # the caption's copy is whole where the head was cut
    likes = next((ln for ln in lines[head.line + 1:] if re.search(r"\blikes$|^liked by", ln.text, re.I)), None)
    return _Header("", head.handle, likes.index) if likes is not None else None


def _caption_username(lines: list[_Line]) -> _Header | None:
    """The head line lost (a dark desktop crop): the caption under `2,417 likes` starts with a dotted or
    underscored username."""
    for line in lines[1:]:
        above = " ".join(_clean(lines[line.index - 1].words))
        words = _clean(line.words)
        if (re.fullmatch(r"[\d.,]+\s?[KkMm]?\s+likes", above, re.I) and len(words) > 2 and _USERNAME.match(words[0])
                and ("." in words[0] or "_" in words[0])):
            return _Header("", words[0], line.index - 1)
    return None


def _repeated_username(lines: list[_Line]) -> _Header | None:
    """A plain username (`lenapark`) heads the post and starts the caption again below the likes."""
    for line in lines[: max(6, len(lines) // 2)]:
        words = _clean(line.words)
        if len(words) not in (1, 2) or not _USERNAME.match(words[0]):
            continue
        if any(_clean(ln.words)[:1] == [words[0]] and len(ln.words) > 2 for ln in lines[line.index + 1:]):
            return _Header("", words[0], line.index)
    return None


def _facebook_header(lines: list[_Line]) -> _Header | None:
    """A name over the stamp line (`March 3 at 10:42 AM · (globe)`, `3h`)."""
    for line in lines[1: max(6, len(lines) // 2)]:
        flat = " ".join(_clean(line.words))
        if not any(rx.match(flat) for rx in (*_STAMPS, *_PARTIAL_STAMPS)):
            continue
        name = _name_words(_clean(lines[line.index - 1].words))
        if name and not _is_chrome(lines[line.index - 1]):
            return _Header(name, "", line.index, line.index)
    return None


def _tiktok_header(lines: list[_Line]) -> _Header | None:
    """The username in bold, then `Display Name · 3-3`."""
    for line in lines[1:]:
        flat = line.text
        m = re.match(r"^(?P<name>.+?)\s*[·•\-.«»+:]\s*(?P<stamp>(?:\d{4}-)?\d{1,2}-\d{1,2}|\d+\s?[smhdw](?: ago)?)"
                     r"[,.]?(?:\s+\d[\d.,]*[KkMm]?)?$", flat)  # OCR reads the dot as « + : and a count may follow
        if not m:
            continue
        above = _clean(lines[line.index - 1].words)
        handle = above[0].lstrip("@©®") if len(above) == 1 and _USERNAME.match(above[0].lstrip("@©®")) else ""
        name = _name_words(_clean(tuple(m.group("name").split())))
        return _Header(name, handle, line.index, line.index) if name or handle else None
    return None


_HEADERS = {"x": _at_handle_header, "bluesky": _at_handle_header, "threads": _threads_header,
            "instagram": _instagram_header, "facebook": _facebook_header, "tiktok": _tiktok_header}


# the post's words --------------------------------------------------------------------------------------------
def _body(lines: list[_Line], header: _Header, platform: str) -> tuple[int, int] | None:
    """The span of the post's words: the lines after the header, up to the app's chrome."""
    picked: list[_Line] = []
    for line in lines[header.line + 1:]:
        if picked and _continues(picked[-1], line, stamp_below=platform in ("x", "bluesky")):
            picked.append(line)  # `… set for April 14,` / `2025.`: the sentence goes on
            continue
        if _header_like(line) and platform in ("x", "bluesky"):
            if picked:
                break  # a quoted post, or the next post of a thread
            continue
        if _is_chrome(line):
            if picked:
                break
            continue
        if picked and picked[0].height and line.height and not 0.6 < line.height / picked[0].height < 1.6:
            break  # words in another size: a picture's caption or a quoted card, not the post's
        picked.append(line)
    if not picked:
        return None
    first, last = picked[0], picked[-1]
    i = 0
    if platform == "instagram" and _clean(first.words)[:1] == [header.handle]:
        i = list(first.words).index(header.handle) + 1  # the caption's leading username is not the words
    while i < len(first.words) - 1 and _is_noise(first.words[i]):
        i += 1
    j = len(last.words) - 1
    while j > 0 and _is_noise(last.words[j]) and (last is not first or j > i):
        j -= 1
    if last is first and j < i:
        return None
    start = first.word_starts[i]
    end = last.word_starts[j] + len(last.words[j])
    return (start, end) if start < end else None


def _below(lines: list[_Line], end: int) -> list[int]:
    """Lines under the words that may hold the post's stamp: past a quoted post (X prints the stamp under it),
    up to the counts row (in a timeline, what follows is the next post's)."""
    out: list[int] = []
    for ln in lines:
        if ln.start < end or _header_like(ln):
            continue
        flat = " ".join(_clean(ln.words))
        if not flat:
            continue  # an emoji or an icon on its own line (`👇` read as `U`)
        if _stamp_only(flat):
            return [ln.index]
        if _is_chrome(ln) and not _CHROME_PHRASES.match(flat) or len(out) >= 12:
            break
        out.append(ln.index)
    return []


def _continues(prev: _Line, line: _Line, stamp_below: bool) -> bool:
    """`… set for April 14,` / `2025.` or `… the hearing is` / `April 14, 2025.`: a wrapped sentence goes on,
    though the line alone looks like a count or a stamp. Where the stamp sits below the words (X, Bluesky),
    only a line that ends like a sentence does and carries no time."""
    text = line.text.strip()
    if re.search(r"[.!?]$", prev.text.strip()):
        return False
    if re.fullmatch(r"[\d\s.,;:!?]{1,12}", text):
        return bool(re.search(r"[.,;!?]$", text)) or not stamp_below
    if not _stamp_only(" ".join(_clean(line.words))):
        return False
    return not stamp_below or (bool(re.search(r"[.,;!?]$", text)) and not re.search(_TIME, text))


# when ----------------------------------------------------------------------------------------------------------
def _stamp(lines: list[_Line], candidates: list[int]) -> tuple[CaseDate | None, str]:
    """The post's date from the first stamp among the `candidates` lines (post_stamps.stamp_in)."""
    return stamp_in([(lines[i].text, " ".join(_clean(lines[i].words))) for i in candidates if i >= 0])


__all__ = ["PLATFORMS", "post_from_screenshot"]
