"""Short event titles: the main clause of a sentence, without links, hashtags' '#', or the date itself."""

from __future__ import annotations

import re

from casefile.extract.lexicon import WEAK_ENDINGS

TITLE_LIMIT = 88
_SLACK = 4  # a clause that ends just past the limit reads better than a cut word

_URL = re.compile(r"(?:https?://|pic\.twitter\.com/|www\.)\S+")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPACES = re.compile(r"\s+")
_LEAD_IN = re.compile(
    r"^(?:(?:and|but|so|now|meanwhile|however|recently|still|also|then|later|earlier|separately|additionally"
    r"|in addition|on the (?:flip|other) side|in a statement|in a (?:post|video|filing|statement|interview)[^,]{0,40}"
    r"|according to [^,]{1,50}|(?:this|last|earlier|later) (?:week|month|year|weekend|morning|afternoon|evening|night)"
    r"|(?:on|in|at|after|before|during|since|following|as of|by) [^,;:.!?]{0,30})"
    r",\s+|(?:and|but|so|now)\s+)",
    re.IGNORECASE,
)
# The words that tie a date to its sentence go with it: "set a trial date of March 9" -> "set a trial date".
_DATE_PREPOSITION = re.compile(
    r"(?:\b(?:on\s+or\s+(?:about|around|before|after)|on|in|at|of|as\s+of|dated|between|from|since|before|after"
    r"|until|till|by|around|about|during|for|early|late|mid|sometime|approximately|roughly|circa|no\s+later\s+than"
    r"|no\s+earlier\s+than|prior\s+to|as\s+early\s+as|the\s+week\s+of|the\s+night\s+of|the\s+morning\s+of)"
    r"(?:\s+(?:early|late|mid-?))?[\s\"“‘']+)?(?:\b(?:last|this\s+past|past)\s+)?$",
    re.IGNORECASE,
)
_YEAR_END = re.compile(r"(?:1[89]|2[01])\d\d$")
# Debris a cut can leave: a comma after nothing, a preposition or article before punctuation or at the end.
_DANGLING = re.compile(
    r"\s*\b(?:of|on|in|at|the|a|an|from|to|by|for|dated|between|since|during)\s*(?=[,;:.!?)]|$)", re.IGNORECASE
)
_DOUBLE_PUNCT = re.compile(r"\s*,(?:\s*,)+|\s+(?=[,;:.!?])|\(\s*[,;]?\s*\)")
_PHRASE_BREAK = re.compile(
    r" (?=[“\"(]|(?:in|on|at|for|during|over|with|after|before|amid|against|from|into|under|about|since|while"
    r"|following|including|to)\b)"
)
_QUOTE_MARKS = re.compile(r"[\"“”]|(?<!\w)[‘'](?=\w)|(?<=[\w.,!?])[’'](?!\w)")
_CLAUSE_MARKERS = re.compile(
    r"; | — | – |—|, (?:which|who|whom|claiming|saying|according to|but|and|as|despite|after|while|though"
    r"|although|because|where|when)\b| (?:because|while|though|although|whereas|after|when|as)\b|, "
)


def make_title(passage: str, cut_out: list[tuple[int, int]] | None = None, limit: int = TITLE_LIMIT) -> str:
    """A readable summary of `passage`; `cut_out` are spans (relative to the passage) to drop, e.g. its date."""
    text = _cut(passage, cut_out or [])
    text = _URL.sub("", text)
    text = _HASHTAG.sub(lambda m: _CAMEL.sub(" ", m.group(1)), text)
    text = _QUOTE_MARKS.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    text = _tidy(text)
    for _ in range(3):
        shorter = _LEAD_IN.sub("", text, count=1)
        if shorter == text or len(shorter.split()) < 3:
            break
        text = shorter
    text = text.strip(" \"“”‘’'").rstrip(" .,;:!?")
    text = _drop_weak_tail(text) or text
    text = _shorten(text, limit)
    return text[:1].upper() + text[1:]


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """Drop each span with the preposition that introduced it, and the comma that closed a "March 9, 2026," date."""
    for start, end in sorted(spans, reverse=True):
        prep = _DATE_PREPOSITION.search(text, max(0, start - 40), start)
        cut_from = prep.start() if prep and prep.start() < start else start
        tail = text[end:]
        head = text[:cut_from].rstrip()
        if cut_from == 0 or head.endswith((",", ";", ":", "(", "—", "–")):
            tail = tail.lstrip(" ,")
        elif tail.startswith(",") and _YEAR_END.search(text, max(0, end - 4), end):
            tail = tail[1:]  # the closing comma of "on January 16, 2025, in ..."
        tail = tail.lstrip(" ")
        text = text[:cut_from].rstrip() + (" " if tail[:1].isalnum() or tail[:1] in "“\"(‘'$£€#@" else "") + tail
    return text


def _tidy(text: str) -> str:
    """Remove the debris of cuts: ", ,", "date of,", " ." and empty brackets."""
    for _ in range(2):
        tidier = _DANGLING.sub("", text)
        tidier = _DOUBLE_PUNCT.sub(lambda m: "," if "," in m.group() and "(" not in m.group() else "", tidier)
        if tidier == text:
            break
        text = tidier
    return text.strip(" ,;:")


def first_sentence(text: str) -> str:
    m = re.search(r"[.!?](?=\s+[\"“A-Z#@])", text)
    return text[: m.start() + 1] if m else text


def _shorten(text: str, limit: int) -> str:
    """Cut a long title at a clause boundary; else before a phrase (a quote, a preposition), marked with "…"."""
    if len(text) <= limit:
        return text
    best = -1
    for m in _CLAUSE_MARKERS.finditer(text, 20, limit + _SLACK + 16):
        if m.start() <= limit + _SLACK:
            best = m.start()
    if best > 0:
        return _drop_weak_tail(text[:best].rstrip(" ,;:—–")) or text[:best]
    cut = -1
    for m in _PHRASE_BREAK.finditer(text, 30):
        if m.start() > limit:
            break
        cut = m.start()
    if cut < 0:
        cut = text.rfind(" ", 0, limit)
    clipped = text[: cut if cut > 20 else limit].rstrip(" ,;:—–")
    clipped = _drop_weak_tail(clipped) or clipped
    return clipped + "…"


def _drop_weak_tail(text: str) -> str:
    """Drop dangling words ("…sent a voice note to") left at the end of a cut."""
    words = text.split(" ")
    while len(words) > 1 and words[-1].lower() in WEAK_ENDINGS:
        words.pop()
    return " ".join(words).rstrip(" ,;:—–")


# The thing a date belongs to, when one sentence holds several: "a trial date of March 9", "a hearing on Feb. 3".
_LABEL_BEFORE = re.compile(
    r"(?:(?P<verb>\b(?:set|sets|scheduled|schedules|moved|moves|postponed|postpones|rescheduled|reschedules"
    r"|pushed|pushes|delayed|delays|fixed|fixes|vacated|vacates|announced|announces)\s+(?:back\s+)?)"
    r"|\b(?:during|at|in|for|before|after|ahead\s+of|following|with)\s+)?"
    r"(?P<det>\b(?:a|an|the|its|his|her|their|a\s+new|the\s+new)\s+)?"
    r"(?P<label>(?:[a-z][\w-]*\s+){0,2}?(?:date|trial|hearing|deadline|conference|deposition|sentencing|arraignment"
    r"|meeting|interview|premiere|release|wedding|election|vote|launch|ceremony|funeral|mediation|arbitration"
    r"|session|appearance|ruling|verdict|settlement|call|deadline|depositions|hearings|trial\s+date))"
    r"\s+(?:(?:was|is|were)\s+)?(?:(?:set|scheduled|slated|planned|held|due)\s+)?(?:of|on|for|in|at)\s+$"
)
_PARTICIPLE = {
    "sets": "set", "schedules": "scheduled", "moves": "moved", "postpones": "postponed",
    "reschedules": "rescheduled", "pushes": "pushed", "delays": "delayed", "fixes": "fixed", "vacates": "vacated",
    "announces": "announced",
}  # fmt: skip


def date_title(passage: str, cut_out: list[tuple[int, int]], date_start: int, main: str) -> str:
    """The title of one of several dates in a passage: what happened on *that* date, when the passage says.

    "Judge X set a trial date of March 9, 2026, during a hearing on Feb. 3." gives "Trial date set by Judge X"
    for March 9 and "Hearing: Judge X set a trial date" for Feb. 3.
    """
    m = _LABEL_BEFORE.search(passage, max(0, date_start - 60), date_start)
    if not m:
        return main
    label = m.group("label")
    label = label[:1].upper() + label[1:]
    verb = m.group("verb")
    if verb:
        subject = make_title(passage[: m.start()], [c for c in cut_out if c[1] <= m.start()], limit=50)
        if 0 < len(subject.split()) <= 6 and not subject.endswith("…"):
            participle = _PARTICIPLE.get(verb.split()[0], verb.split()[0])
            back = " back" if "back" in verb else ""
            return f"{label} {participle}{back} by {subject}"
        return f"{label}: {main}" if label.lower() not in main.lower() else main
    start = m.start("det") if m.group("det") else m.start("label")
    spans = [(start, c[1]) if c[0] == date_start else c for c in cut_out if not start <= c[0] < date_start]
    rest = make_title(passage, spans, limit=TITLE_LIMIT - len(label) - 2)
    return f"{label}: {rest}" if len(rest.split()) >= 2 else main
