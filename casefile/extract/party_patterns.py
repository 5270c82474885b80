"""The words and patterns `parties` reads text with: name runs, honorifics, outlets, handles, counsel and
"v." phrases, work titles, and the span helpers it tests them with."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from casefile.extract.lexicon import (
    MEDIA_OUTLETS,
    STOP_WORDS,
    TITLE_SMALL_WORDS,
)

UPPER = "A-ZÀ-ÖØ-Þ"
TOKEN = (
    rf"(?:(?:[A-Z]\.){{1,3}}(?![A-Za-z])|St\.(?=[ \u00a0][A-Z])|(?:O['’]|D['’])?[{UPPER}][^\W\d_]*"
    rf"(?:-[{UPPER}][^\W\d_]*)*(?:['’]s(?=[ \u00a0]+(?:Office|Department|Association|Bureau|Union|Fund|Club)\b))?)"
)
SPACE = r"[ \u00a0]+"
CONNECTOR = r"(?:(?:of|for)(?:[ \u00a0]+the)?|&|de|da|di|du|van|von|der|den|del|bin|al)"
HONORIFIC = (
    r"(?P<hon>(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sen|Rep|Gov|Gen|Sgt|Det|Lt|Capt|Rev)\.?"
    r"|Judge|Justice|Senator|Governor|President|Detective|Officer|Sir|Dame|Magistrate|Mayor|Chief|Sheriff"
    r"|Commissioner|Councilman|Councilwoman|Councilmember)"
)
RUN = re.compile(
    rf"(?=[{UPPER}])(?<![\w@#$’'&.-])(?:{HONORIFIC}{SPACE})?(?P<run>{TOKEN}(?:(?:{SPACE}{CONNECTOR})?{SPACE}{TOKEN})*)"
)
WORD = re.compile(r"\S+")
LEGAL_AFTER = re.compile(r",?[ \u00a0]+(Inc|LLC|LLP|Ltd|Corp|PLC)\b")
HOLIDAY = re.compile(
    r"\b(?:Mother|Father|Valentine|Patrick|Presidents|Veterans|Memorial|Labor|Independence|Boxing|New Year)['’]?s?"
    r"[ \u00a0]+(?:Day|Eve)\b"
)
HONORIFIC_WORDS = frozenset({"Judge", "Justice", "Magistrate", "Mayor", "Sheriff", "Commissioner", "Dr.", "Sen."})
HANDLE = re.compile(r"(?<![\w.@])@(\w{1,30})")
HASHTAG = re.compile(r"(?<![\w#&])#([A-Za-z]\w{2,})")
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
OUTLET = re.compile(
    r"(?=[A-Z])(?<![\w@#])(?:"
    + "|".join(re.escape(k) for k in sorted(MEDIA_OUTLETS, key=len, reverse=True))
    + r")(?![\w])"
)
OUTLET_CONTEXT_BEFORE = re.compile(
    r"(?i:\b(?:told|to|via|by|in|from|with|per|for|on|according\s+to|reported\s+by|interview\s+with|speaking\s+to"
    r"|report\s+from|cover\s+of|source\s+told)\s+(?:the\s+)?)$"
)
OUTLET_CONTEXT_AFTER = re.compile(
    r"\s+(?:magazine|reported|reports|reporting|confirmed|confirms|revealed|reveals|obtained|learned|has\s+learned"
    r"|exclusively|first\s+reported|noted|wrote|writes|published|broke\s+the\s+news)\b"
)
# "People's Vote", "The Time of Your Life": an outlet's word that goes on into a longer name is that name's.
OUTLET_NAME_GOES_ON = re.compile(r"(?:['’]s|\s+of(?:\s+the)?)\s+[A-Z]")
CAPITALISED_WORD_BEFORE = re.compile(rf"[{UPPER}][^\W\d_]+[ \u00a0]+$")
QUOTED = re.compile(r"[“\"]([^”\"\n]{2,90})[”\"]")
WORK_KEYWORD = re.compile(
    r"\b(?:film|movie|series|show|book|novel|album|song|single|documentary|podcast|play|musical|sequel|memoir"
    r"|adaptation|episode|franchise)\s+[“\"‘]?(?=[A-Z])"
)
WORK_WORDS = (
    "film",
    "movie",
    "series",
    "show",
    "book",
    "novel",
    "album",
    "song",
    "single",
    "documentary",
    "podcast",
    "play",
    "musical",
    "sequel",
    "memoir",
    "adaptation",
    "episode",
    "franchise",
)
SUE = re.compile(
    r"\b(?:is\s+|are\s+|has\s+|have\s+|had\s+|was\s+|were\s+|also\s+)?(?P<verb>suing|sued|sues|countersued"
    r"|countersuing|(?:filed|files|filing)\s+(?:a|an)\s+[^.;]{0,50}?(?:lawsuit|suit|complaint|countersuit)\s+against)"
    r"(?P<passive>\s+by)?\b"
)
VERSUS = re.compile(r"\s+(?:v\.|vs\.?|versus)\s+$")
COUNSEL_BEFORE = re.compile(r"(?i:\b(?:attorney|lawyer|counsel|litigator)s?,?\s+(?:for\s+\w+,?\s+)?)$")
COUNSEL_LIST = re.compile(r",\s+(?:and\s+)?|\s+and\s+")  # "lawyers Michael Gottlieb and Esra Hudson"
PLURAL_COUNSEL = re.compile(r"(?i:attorneys|lawyers|counsel|litigators)")
COUNSEL_AFTER = re.compile(
    r"^,\s+(?:(?:an?|the|who\s+is|who\s+represents)\s+)?(?:[\w’']+['’]s\s+)?(?:\w+\s+)?(?:attorney|lawyer|counsel)\b",
    re.IGNORECASE,
)




@dataclass
class NameGroup:
    tokens: list[tuple[str, int, int]]
    honorific: str = ""
    hon_start: int = -1
    headline: bool = False
    org: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t[0] for t in self.tokens)


PERSON_NAME = re.compile(
    rf"^[{UPPER}][^\W\d_'’.-]*(?:['’.-][^\W\d_]+)*(?:[ ][{UPPER}][^\W\d_'’-]*(?:['’-][^\W\d_]+)*){{1,2}}$"
)
SPEAKER_LABEL = re.compile(
    rf"^(?:[A-Z]+[ \t]+\()?(?P<name>[{UPPER}][{UPPER}'’.-]+(?:[ \t][{UPPER}][{UPPER}'’.-]+){{0,2}})\)?:[ \t]",
    re.MULTILINE,
)
LEGAL_SUFFIX = re.compile(r",?[ ](?:Inc\.?|LLC|LLP|Ltd\.?|Corp\.?|PLC|Co\.)$")
COURT = re.compile(r"\b(?:Court|Tribunal|Chancery)\b")


def name_case(name: str) -> str:
    return re.sub(r"[^\W\d_]+", lambda w: w.group().capitalize(), name) if name.isupper() else name


# helpers --------------------------------------------------------------------------------------------
class SpanSet:
    """Spans, merged where they touch, with O(log n) overlap tests."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = merge(spans)
        self._starts = [s for s, _ in self.spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end) - 1
        return i >= 0 and self.spans[i][1] > start

    def contains(self, offset: int) -> bool:
        return self.overlaps(offset, offset + 1)


def breaks_org(word: str) -> bool:
    return word[0].isupper() and word.lower() in STOP_WORDS


def segment(group: NameGroup, known: set[str], always: bool = False) -> list[NameGroup] | None:
    """Split "Baldoni Blake Lively" into the known names it holds (longest first) and leftover single words.

    None when a body group holds no known name but itself: it is then a new name of its own.
    """
    words = group.words
    if len(words) < 3 and not always:
        return None
    pieces: list[NameGroup] = []
    found = False
    i = 0
    while i < len(words):
        for size in range(min(6, len(words) - i), 1, -1):
            if " ".join(words[i : i + size]) in known:
                pieces.append(NameGroup(group.tokens[i : i + size], headline=group.headline))
                found = True
                i += size
                break
        else:
            pieces.append(NameGroup(group.tokens[i : i + 1], headline=group.headline))
            i += 1
    return pieces if found or always else None


def looks_like_name(words: tuple[str, ...]) -> bool:
    if not any(any(c.islower() for c in w) for w in words):
        return False
    return all(len(w) > 1 or w.endswith(".") for w in words[1:])


def is_headline(paragraph: str) -> bool:
    if len(paragraph) > 200 or paragraph.rstrip().endswith((".", ",", ";", ":")):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", paragraph) if w.lower() not in TITLE_SMALL_WORDS]
    if len(words) < 4 or paragraph.rstrip().endswith("."):
        return False
    return sum(1 for w in words if w[0].isupper()) >= 0.8 * len(words)


def work_titles(text: str) -> list[tuple[int, int]]:
    """Spans of film, book and show titles: quoted title-case text, or a capitalised run after "film", "movie"."""
    spans: list[tuple[int, int]] = []
    for m in QUOTED.finditer(text):
        inner = m.group(1)
        words = inner.split()
        if len(words) < 2 or inner.rstrip()[-1] in ",!?;:" or len(words) > 10:
            continue
        if words[0][0].isupper() and all(w[0].isupper() or w.lower() in TITLE_SMALL_WORDS for w in words):
            spans.append((m.start(), m.end()))
    lowered = text.lower()
    if not any(k in lowered for k in WORK_WORDS):
        return merge(spans)
    for m in WORK_KEYWORD.finditer(text):
        run = RUN.match(text, m.end())
        if run:
            spans.append((m.end(), run.end()))
    return merge(spans)


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def nearest_before(spans: list[tuple[int, int, str]], starts: list[int], at: int, floor: int) -> str | None:
    i = bisect.bisect_left(starts, at) - 1
    while i >= 0 and spans[i][0] >= floor:
        if spans[i][1] <= at:
            return spans[i][2]
        i -= 1
    return None


def nearest_after(spans: list[tuple[int, int, str]], starts: list[int], at: int, ceiling: int) -> str | None:
    i = bisect.bisect_left(starts, at)
    if i < len(spans) and spans[i][0] < ceiling:
        return spans[i][2]
    return None
