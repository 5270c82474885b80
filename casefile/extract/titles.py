"""Short event titles: the main clause of a sentence, without links, hashtags' '#', or the date itself."""

from __future__ import annotations

import re

from casefile.extract.lexicon import WEAK_ENDINGS

TITLE_LIMIT = 79
_SLACK = 1  # a clause that ends just past the limit reads better than a cut word
MAX_TITLE = 80  # what a chronology line holds: TITLE_LIMIT + _SLACK, or a cut title and its "…"
# What PDF text, list bullets and e-mail quoting leave before the words: "-- ", "- ", "• ", "> ", "*".
_LEADING_PUNCT = re.compile(r"^[\s\-–—‐‑*•·▪►>|:;,.!?/\\~_=+]+")

_CITATION = re.compile(r"\s*\[(?:\d{1,3}|citation needed|when\?)\]")
_OPENING_PHRASE = re.compile(r"^(?i:in|on|at|during|after|before|following)\s[^,;:!?]{1,40}?\s?,\s+(?=\S)")
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
_KEEP_AFTER = re.compile(r"['’]s\b|\s+(?:was|is|were|will\s+be|marked|marks)\b")
_CONSONANTS = frozenset("bcdfgjklmnpqrstvwxz")
_CLAUSE_AFTER_COMMA = re.compile(r",\s+(?:[a-z]+ing|which|who|whose|according|but|and|while|as|after)\b")
_PART_OF_DAY = re.compile(r"\s+(?:morning|afternoon|evening|night)\b")
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
    text = _cut(passage, cut_out or []) if cut_out else passage
    if "http" in text or "pic." in text or "www." in text:
        text = _URL.sub("", text)
    if "#" in text:
        text = _HASHTAG.sub(lambda m: _CAMEL.sub(" ", m.group(1)), text)
    text = _QUOTE_MARKS.sub("", text)
    if "[" in text:
        text = _CITATION.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    opening = _OPENING_PHRASE.match(text)  # "In Doe v. Roe, the foundation, with others, sued": keep the subject
    if opening and len(text[opening.end() :].split()) >= 3:
        text = text[opening.end() :]
    text = _tidy(_simplify(text))
    if len(text) > limit + _SLACK and "(" in text:  # a role in brackets is the first thing a short line drops
        text = _PARENTHETICAL.sub("", text)
    for _ in range(3):
        shorter = _LEAD_IN.sub("", text, count=1)
        if shorter == text or len(shorter.split()) < 3:
            break
        text = shorter
    text = text.strip(" \"“”‘’'").rstrip(" .,;:!?")
    text = _drop_weak_tail(text) or text
    text = _shorten(text, limit)
    return fit_title(text)


def fit_title(title: str) -> str:
    """Any title, composed or not, as a chronology shows it: no leading punctuation, capitalised, ≤ MAX_TITLE."""
    title = _LEADING_PUNCT.sub("", title)
    if len(title) > MAX_TITLE:
        title = _shorten(title, TITLE_LIMIT)
        if len(title) > MAX_TITLE:
            title = title[: MAX_TITLE - 1].rstrip(" ,;:—–") + "…"
    return title[:1].upper() + title[1:]


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """Drop each span with the preposition that introduced it, and the comma that closed a "March 9, 2026," date."""
    for start, end in sorted(spans, reverse=True):
        if _KEEP_AFTER.match(text, end) and (start == 0 or text[end : end + 1] in "'’"):
            continue  # "Monday's meeting", "Sunday was Mother's Day": the date is the subject, keep it
        prep = _DATE_PREPOSITION.search(text, max(0, start - 40), start)
        cut_from = prep.start() if prep and prep.start() < start else start
        part = _PART_OF_DAY.match(text, end)
        tail = text[part.end() if part else end :]
        head = text[:cut_from].rstrip()
        if cut_from == 0 or head.endswith((",", ";", ":", "(", "—", "–")):
            tail = tail.lstrip(" ,")
        elif (
            tail.startswith(",")
            and _YEAR_END.search(text, max(0, end - 4), end)
            and "," in text[start:end]
            and not _CLAUSE_AFTER_COMMA.match(tail)
        ):
            tail = tail[1:]  # the closing comma of "on January 16, 2025, in ..."
        tail = tail.lstrip(" ")
        if head[-3:] in (" an", " An") and tail[:1].lower() in _CONSONANTS:
            head = head[:-1]  # "an October 2023 dinner" -> "a dinner"
        elif head[-2:] in (" a", " A") and tail[:1].lower() in "aeio":
            head += "n"  # "a June 13 edit" -> "an edit"
        elif head.endswith(",") and 0 < cut_from < start and tail[:1].islower() and text[end : end + 1] != ",":
            head = head[:-1]  # "The Church, on October 18 accused" (no closing comma) -> "The Church accused"
        text = head + (" " if tail[:1].isalnum() or tail[:1] in "“\"(‘'$£€#@" else "") + tail
    return text


_SPEAKER = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ.'’ -]{1,40}(?:\s*\([^)]{1,40}\))?:\s+")
_PARENTHETICAL = re.compile(r"\s*\([^()]{1,60}\)")
# Asides between a subject and its verb: ", 52,", ", of Pasadena,", ", who ...,", ", reached by phone ...,".
_ASIDE = re.compile(
    r"(?:,\s(?:\d{1,3}|of\s[A-Z][^,]{1,30}|(?:who|which|whose|reached|speaking|now|then|a|an|the|also|previously"
    r"|without|with|along\swith|together\swith|as\swell\sas|in|at|after|before|reportedly|allegedly|apparently"
    r"|however|though|too|meanwhile"
    r"|filed|published|posted|released|issued|brought|signed|sent|written|based|founded|owned)\b[^,]{0,70})){1,3},"
    r"(?=\s(?!and\b|or\b|but\b)[a-z])"
)
_LEGAL_COMMA = re.compile(r",\s(?=(?:Inc|LLC|LLP|Ltd|Corp|Co|Jr|Sr)\b)")
# "It was late, and …", "Sunday was Mother's Day, and Trey posted …": the scene goes, what happened stays.
_IT_WAS = re.compile(
    r"^(?:it|this|that|yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s(?:was|is)\s"
    r"[^,]{1,30},\s(?:and|when)\s",
    re.IGNORECASE,
)
_IT_WAS_START = ("it", "th", "ye", "to", "mo", "tu", "we", "fr", "sa", "su")
_ATTRIBUTION_TAIL = re.compile(
    r",\s(?:according\sto\s[^,]{1,80}|(?:[\w'’.-]+\s){0,4}(?:said|says|told\s\w+|reported|added)(?:\s[\w]+){0,3})$"
)
_SAID_THAT = re.compile(
    r"\b(said|says|told\s[\w ]{1,30}?)\s(?:in\s(?:a|the|an|his|her|their|its)\s(?:statement|filing|letter|post|email"
    r"|complaint|lawsuit|suit|interview)|on\sX)\s(?:that\s)?"
    r"|\b(said|says)\sthat\s(?!(?:was|is|were|would|will|had|has|did|does|could)\b)"
)
_NAME = r"(?:[A-ZÀ-Þ][\w.'’-]*\s){0,3}[A-ZÀ-Þ][\w'’-]+"
_ROLE = r"(?:(?i:the|a|an|his|her|their|its)\s)?(?:[A-ZÀ-Þ][\w'’-]*['’]s\s)?[a-z][\w-]*(?:\s[\w&.'’-]+){0,6}?"
# "Peter Halvorsen, chief executive of Halvorsen Media Group, said" -> "Peter Halvorsen said"
_NAME_THEN_ROLE = re.compile(rf"^({_NAME}),\s(?!who\b|whose\b|which\b){_ROLE},\s(?=[a-z])")
# "Her literary agent, Tomasz Wieczorek, said" -> "Tomasz Wieczorek (literary agent) said"
_ROLE_THEN_NAME = re.compile(rf"^({_ROLE}),\s({_NAME}),\s(?=[a-z])")
_ROLE_DETERMINER = re.compile(r"^(?:the|a|an|his|her|their|its)\s", re.IGNORECASE)


def _simplify(text: str) -> str:
    """Drop what a chronology line does without: speaker labels, parentheticals, asides, trailing attributions."""
    if ":" in text[:60]:
        text = _SPEAKER.sub("", text)
    if ", " in text:
        text = _LEGAL_COMMA.sub(" ", text)
    if text[:2].lower() in _IT_WAS_START:
        text = _IT_WAS.sub("", text)
    if "(" in text:
        shorter = _PARENTHETICAL.sub("", text)
        if len(shorter.split()) >= 3:
            text = shorter
    for _ in range(3 if ", " in text else 0):
        shorter = _ASIDE.sub("", text, count=1)
        if shorter == text:
            break
        text = shorter
    if ", " in text[:120]:
        text = _appositive(text)
    shorter = _ATTRIBUTION_TAIL.sub("", text.rstrip(" .!?"))
    if len(shorter.split()) >= 4:
        text = shorter
    return _SAID_THAT.sub(lambda m: (m.group(1) or m.group(2)) + " ", text)


def _appositive(text: str) -> str:
    """A subject's role set off by commas goes: "X, Okafor's attorney, said" -> "X said"; a role that comes
    first stays, in brackets after the name: "Her agent, Tomasz Wieczorek, said" -> "Tomasz Wieczorek (agent) said"."""
    m = _NAME_THEN_ROLE.match(text)
    if m:
        return f"{m.group(1)} {text[m.end():]}"
    m = _ROLE_THEN_NAME.match(text)
    if m:
        role = _ROLE_DETERMINER.sub("", m.group(1))
        return f"{m.group(2)} ({role}) {text[m.end():]}"
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


_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|should|did|does|do|says|said"
    r"|tells?|told|sues|files|seeks|asks|denies|claims|alleges|accuses|returns|plans|wants|gets|gives|makes|takes"
    r"|goes|comes|keeps|[a-z]{2,}ed)\b"
)


def has_verb(title: str) -> bool:
    """A title that says what happened has a verb; "The President of the Church, John Carmichael…" does not."""
    return _VERB.search(title) is not None or _PAST_OR_PRESENT.search(title) is not None


_PAST_OR_PRESENT = re.compile(
    r"\b(?:[a-z]{3,}s|went|made|took|gave|sent|met|left|won|lost|began|found|held|wrote|spoke|paid|ran|saw|got|hit"
    r"|shot|fell|rose|broke|knew|led|sold|sought|stood|told|said|sued|fled|quit|spent|kept|felt|heard|became|built"
    r"|bought|brought|caught|taught|thought|fought)\b"
)


def _shorten(text: str, limit: int) -> str:
    """Cut a long title at a clause boundary; else before a phrase (a quote, a preposition), marked with "…"."""
    if len(text) <= limit + _SLACK:
        return text
    best = -1
    for m in _CLAUSE_MARKERS.finditer(text, 20, limit + _SLACK + 16):
        words = len(text[: m.start()].split())
        enough = words >= (6 if m.group() == ", " else 3)
        if m.start() <= limit + _SLACK and enough and _VERB.search(text, 0, m.start()):
            best = m.start()  # a clause that says something: "X, John Carmichael" without its verb does not
    if best > 0:
        return _drop_weak_tail(text[:best].rstrip(" ,;:—–")) or text[:best]
    cut = -1
    for m in _PHRASE_BREAK.finditer(text, 30):
        if m.start() > limit:
            break
        cut = m.start()
    if cut < limit * 0.6:  # a phrase break early on would throw most of the title away: cut between words
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
    r"(?<![’'])(?<![’']s\s)(?P<label>(?:[a-z][\w-]*\s+){0,2}?(?:date|trial|hearing|deadline|conference|deposition|sentencing|arraignment"
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
    quoted = _QUOTED_AROUND.search(passage)
    while quoted and quoted.end() <= date_start:
        quoted = _QUOTED_AROUND.search(passage, quoted.end())
    if quoted and quoted.start() < date_start:  # a date inside quoted words: what the quote says happened
        inner = [(s - quoted.start(1), e - quoted.start(1)) for s, e in cut_out if quoted.start(1) <= s < quoted.end(1)]
        said = make_title(quoted.group(1), inner)
        if len(said.split()) >= 3:
            return f"Alleged: {said}" if "alleg" in passage.lower() else said
    own = clause_title(passage, cut_out, date_start)
    if own:
        return own
    occasion = _OCCASION_AFTER.match(passage, _date_end(cut_out, date_start))
    if occasion and _ARTICLE_END.search(passage, max(0, date_start - 12), date_start):
        clause = _clause_end(passage, occasion.start(1))  # "an October 2023 dinner in Oslo" -> "Dinner in Oslo"
        return make_title(passage[occasion.start(1) : clause])
    m = _LABEL_BEFORE.search(passage, max(0, date_start - 60), date_start)
    if not m:
        return _conjunct(passage, cut_out, date_start) or main
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


_WHO_CLAUSE = re.compile(r"^((?:[A-Z][\w.'’-]*\s){0,3}[A-Z][\w'’-]+), (who|whose)\s([^,]{5,120}),")
# "the suit filed on January 16, 2025, in federal court was meritless": the date belongs to the filing.
_PARTICIPLE_CLAUSE = re.compile(
    r"(?<![\w'’])(?:the|a|an|its|his|her|their|[A-Z][\w'’-]*['’]s)\s+(?P<noun>(?:[\w$-]+\s+){0,2}?(?:suit|lawsuit"
    r"|complaint|countersuit|motion|petition|claim|appeal|case|report|letter|statement|post|video|episode|recording"
    r"|article|filing|order|ruling|request|email|note|message|interview|apology|contract|agreement|deal))"
    r"(?P<comma>,?)\s+(?P<verb>filed|published|posted|sent|issued|released|aired|made|served|submitted|brought"
    r"|lodged|entered|recorded|signed|written|given|reached|announced|obtained|dated)(?P<gap>\s+(?:on|in|at|last|this)?\s*)$",
    re.IGNORECASE,
)
_CLAUSE_STOP = re.compile(
    r",\s|;|\s\(|\s[—–]|[.!?](?=\s|$)(?<![A-Z]\.)|\s(?=(?:was|is|were|are|has|have|had|will|would|could|remains?"
    r"|alleges?|says|said|claims?|accuses|seeks|names|asks|argues|states|shows)\b)"
)
_FILING_SAYS = re.compile(
    r"(?:according\s+to\s+)?(?:the|a|an|his|her|its|their)\s+(complaint|lawsuit|suit|filing|motion|indictment"
    r"|petition|ruling|order|affidavit|counterclaim)\s+(?:also\s+)?(?:says|said|alleges|alleged|claims|claimed"
    r"|states|stated)\s+(?:that\s+)?",
    re.IGNORECASE,
)
_AND_THAT = re.compile(r"\b(?:says?|said|alleges?|alleged|claims?|claimed|argues?|argued)\s(?:that\s)?")
_OCCASION_AFTER = re.compile(
    r"\s+(?P<noun>(?:[a-z][\w-]*\s+)?(?:dinner|lunch|meeting|interview|hearing|party|trip|call|conversation"
    r"|incident|visit|concert|premiere|election|vote|raid|arrest|crash|ceremony|conference|gala|event|show|screening"
    r"|performance|speech|rally|wedding|funeral|fight|match|game|tour|deposition|audition|photo\s+shoot)\b)"
)
_ARTICLE_END = re.compile(r"\b(?:a|an|the|that|this|his|her|their|its|[A-Z][\w'’-]*['’]s)\s+$")


def _date_end(cut_out: list[tuple[int, int]], date_start: int) -> int:
    return next((e for s, e in cut_out if s == date_start), date_start)


def _clause_end(passage: str, start: int) -> int:
    stop = _CLAUSE_STOP.search(passage, start)
    return stop.start() if stop else len(passage)


def _part(passage: str, cut_out: list[tuple[int, int]], start: int, end: int) -> tuple[str, list[tuple[int, int]]]:
    return passage[start:end], [(s - start, e - start) for s, e in cut_out if start <= s and e <= end]


def clause_title(passage: str, cut_out: list[tuple[int, int]], date_start: int) -> str:
    """The title of the clause a date sits in, when that is not the sentence's main clause; else "".

    "Okafor, whose novel spent eleven weeks on lists last year, declined to comment" gives "Okafor's novel
    spent eleven weeks on lists" for last year; "the suit filed on Jan. 16 in federal court was meritless" gives
    "Suit filed in federal court"."""
    who = _WHO_CLAUSE.search(passage)
    if who and who.start(3) < date_start < who.end(3):  # "Dr. X, who worked there from 2015 to 2023, said"
        did = make_title(*_part(passage, cut_out, who.start(3), who.end(3)))
        name = make_title(who.group(1))
        if who.group(2) == "whose":
            return f"{name}{'’' if name.endswith('s') else chr(39) + 's'} {did[:1].lower()}{did[1:]}"
        return f"{name} {did[:1].lower()}{did[1:]}"
    date_end = _date_end(cut_out, date_start)
    m = _PARTICIPLE_CLAUSE.search(passage, max(0, date_start - 90), date_start)
    if m:
        after = date_end + (2 if passage.startswith(", ", date_end) else 0)
        end = max(_clause_end(passage, after), date_end)
        inner = [(s - m.end("verb"), e - m.end("verb")) for s, e in cut_out if m.end("verb") <= s and e <= end]
        title = make_title(f"{m.group('noun')} {m.group('verb')}{passage[m.end('verb'):end]}",
                           [(s + len(m.group("noun")) + 1 + len(m.group("verb")), e + len(m.group("noun")) + 1
                             + len(m.group("verb"))) for s, e in inner])  # fmt: skip
        return title if len(title.split()) >= 3 else ""
    said = _AND_THAT.search(passage, 0, date_start)
    if said:
        joined = passage.rfind(" and that ", said.end(), date_start)
        if joined > 0:  # "X says A and that B on <date>": the date goes with B
            cut_from, cut_to = said.end(), joined + len(" and that ")
            shifted = [c if c[1] <= cut_from else (c[0] - (cut_to - cut_from), c[1] - (cut_to - cut_from))
                       for c in cut_out if c[1] <= cut_from or c[0] >= cut_to]  # fmt: skip
            return make_title(passage[:cut_from] + passage[cut_to:], shifted)
    filing = _FILING_SAYS.match(passage)
    if filing and filing.end() < date_start:  # "The complaint says that X wrote on Jan. 29" -> "Complaint: X wrote"
        label = filing.group(1).capitalize()
        claim = make_title(*_part(passage, cut_out, filing.end(), len(passage)), limit=TITLE_LIMIT - len(label) + 1)
        return f"{label}: {claim}" if len(claim.split()) >= 3 else ""
    return ""
_QUOTED_AROUND = re.compile(r"[“\"]([^”\"]{8,300})[”\"]")
_AND_VERB = re.compile(r",?\s(?:and|then)\s(?=[a-z]+(?:ed|s)?\b)")
_SUBJECT_END = re.compile(r"\s(?=(?:was|were|is|are|has|had|will|would|[a-z]+ed)\b)")


def _conjunct(passage: str, cut_out: list[tuple[int, int]], date_start: int) -> str:
    """ "X was arrested on Monday and appeared in court on Tuesday": each date gets its own verb phrase."""
    dates = sorted(s for s, _ in cut_out if s > 0 or len(cut_out) > 1)
    joins = [m for m in _AND_VERB.finditer(passage) if dates and dates[0] < m.start() < dates[-1]]
    if len(joins) != 1:
        return ""
    join = joins[0]
    if date_start < join.start():
        return make_title(passage[: join.start()], [c for c in cut_out if c[1] <= join.start()])
    first = make_title(passage[: join.start()], [c for c in cut_out if c[1] <= join.start()])
    subject = _SUBJECT_END.search(first)
    if not subject or len(first[: subject.start()].split()) > 5:
        return ""
    rest = make_title(passage[join.end() :], [(s - join.end(), e - join.end()) for s, e in cut_out if s >= join.end()])
    return first[: subject.start()] + " " + rest[:1].lower() + rest[1:]
