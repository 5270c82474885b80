"""One happening, several tellings: which events from different sources report the same act, and where their
tellings disagree (the day, an amount, who did it). Pure: plain values in, plain values out.

A telling is reduced to a signature — the kind of act ("sue", "resign", "release" …) and what it acted on,
who did it, who took part, the days its date allows and the amounts it states — so that matching a new event
needs only the stored signatures of earlier events with the same act, never their text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import DatePrecision, DateQualifier
from casefile.extract.amounts import Amount, amounts_disagree, amounts_in

# kind, pattern, object words that tell two acts of this kind apart (empty: any), days apart one happening
# may be told (a suit is filed once; people meet and write often), directed (the doer tells two acts apart)
_ACTS: list[tuple[str, re.Pattern[str], bool, int, bool]] = [
    ("countersue", re.compile(r"\bcounter-?(?:su(?:e|es|ed|ing)|suits?|claims?)\b"), False, 60, True),
    ("sue", re.compile(
        r"\bsu(?:e|es|ed|ing)\b|\b(?:filed|files|file|filing|brought|lodged|launched)\s+(?:a|an|the|her|his|their|"
        r"its)?\s*(?:[\w$,.-]+\s+){0,4}?(?:suit|lawsuit|complaint|claim)\b|\b(?:suit|lawsuit|complaint)\s+"
        r"(?:was\s+|had\s+been\s+)?filed\b|\b(?:took|takes|taking|dragged)\s+(?:[\w'’-]+\s+){0,5}?to\s+court\b"),
     False, 60, True),
    ("resign", re.compile(r"\b(?:resign(?:ed|s|ing|ation)?|step(?:ped|s|ping)?\s+down|quit(?:s)?)\b"),
     False, 45, False),
    ("fire", re.compile(r"\b(?:fired|fires|sacked|terminated|ousted|let\s+go|dismissed\s+(?:her|him|them|as)"
                        r"|firing)\b"), False, 45, True),
    ("layoff", re.compile(r"\b(?:laid\s+off|lays?\s+off|layoffs?|cut(?:s|ting)?\s+(?:[\w,-]+\s+){0,2}?jobs"
                          r"|job\s+cuts|eliminated\s+(?:[\w,-]+\s+){0,2}?(?:jobs|positions))\b"), False, 30, False),
    ("release", re.compile(r"\b(?:released|releases|release|leaked|leaks|published|publishes|made\s+public"
                           r"|posted|aired)\b"), True, 30, False),
    ("send", re.compile(r"\b(?:sent|sends|send|delivered|mailed|e-?mailed|served)\b"), True, 14, True),
    ("meet", re.compile(r"\b(?:met|meet|meets|meeting|mediation|mediated|sat\s+down)\b"), False, 10, False),
    ("settle", re.compile(r"\b(?:settled|settles|settlement|reached\s+a\s+deal)\b"), False, 30, False),
    ("offer", re.compile(r"\b(?:offered|offers)\b"), False, 14, True),
    ("rule", re.compile(r"\b(?:ruled|dismissed|granted|denied|threw\s+out|struck\s+down|upheld)\b"), False, 30,
     False),
    ("hearing", re.compile(r"\b(?:hearings?|heard\s+arguments|oral\s+arguments)\b"), False, 7, False),
    ("award", re.compile(r"\b(?:awarded|ordered\s+(?:[\w-]+\s+){0,3}?to\s+pay)\b"), False, 30, False),
    ("fine", re.compile(r"\b(?:fined|fines|penalized|penalised)\b"), False, 30, False),
    ("pay", re.compile(r"\b(?:paid|pays|agreed\s+to\s+pay)\b"), False, 30, True),
    ("apologize", re.compile(r"\b(?:apologi[sz](?:ed|es)|issued\s+an\s+apology|said\s+(?:she|he|they)\s+(?:was|were)\s+"
                             r"sorry)\b"), False, 14, True),
    ("suspend", re.compile(r"\b(?:suspended|banned|barred)\b"), False, 30, False),
    ("vote", re.compile(r"\b(?:voted|vote\s+to)\b"), False, 14, False),
    ("acquire", re.compile(r"\b(?:acquired|bought|purchased|takeover\s+of)\b"), False, 60, True),
    ("arrest", re.compile(r"\b(?:arrested|detained|taken\s+into\s+custody)\b"), False, 14, False),
    ("charge", re.compile(r"\b(?:charged|indicted)\b"), False, 30, False),
    ("hire", re.compile(r"\b(?:hired|appointed|named\s+\w+\s+(?:as\s+)?(?:chief|its|the|new))\b"), False, 30,
     False),
    ("sign", re.compile(r"\b(?:signed|signs)\b"), True, 30, True),
    ("testify", re.compile(r"\b(?:testified|testifies)\b"), False, 7, True),
]  # fmt: skip
_ANY_ACT = re.compile("|".join(f"(?:{pattern.pattern})" for _k, pattern, _o, _d, _r in _ACTS))
_WINDOW = {kind: days for kind, _p, _o, days, _d in _ACTS}
_DIRECTED = {kind: directed for kind, _p, _o, _days, directed in _ACTS}
_OBJECTS = re.compile(
    r"\b(recording|audio|tape|video|footage|memo|letter|e-?mails?|messages?|texts|statement|report|documents?"
    r"|files|photos?|contract|agreement|deal|notice|subpoena|motion|appeal|complaint|audit|results|album|song|single"
    r"|book|film|documentary|trailer|episode|podcast|data|transcript|records|screenshots?)\b"
)
_OBJECT_ALIASES = {"audio": "recording", "tape": "recording", "footage": "video", "emails": "email",
                   "e-mail": "email", "e-mails": "email", "messages": "message", "photos": "photo",
                   "documents": "document", "deal": "agreement", "texts": "message"}  # fmt: skip
_PASSIVE_BY = re.compile(r"\bby\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}?([A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,3})")
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof|sir|dame|judge|former|chief|executive|ceo|cfo)\.?\s+", re.I)
_NAME_STOP = frozenset({"the", "of", "and", "for", "&"})
# words that make a name an organisation's, whose first word alone names it: "Brightline" of "Brightline Foods"
_ORG_WORDS = frozenset({"inc", "corp", "corporation", "co", "llc", "ltd", "plc", "group", "company", "foods", "media",
                        "records", "holdings", "partners", "bank", "press", "news", "studios", "entertainment",
                        "pictures", "capital", "industries", "labs", "systems", "university", "council", "agency",
                        "association", "foundation", "institute", "network", "airlines", "motors", "energy"})
_PASSIVE_AUX = re.compile(r"\b(?:was|were|been|being|is|are|who\s+was)\s+(?:\w+ly\s+)?$", re.I)
_SUBJECT = re.compile(r"\b([A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,3})\s+(?:(?:also|has|had|have|then|later|"
                      r"quietly|publicly|first)\s+)?$")
_NOT_A_DOER = frozenset({"the", "a", "an", "on", "in", "at", "by", "after", "before", "then", "it", "he", "she",
                         "they", "we", "i", "this", "that", "but", "and", "when", "last", "earlier", "january",
                         "february", "march", "april", "may", "june", "july", "august", "september", "october",
                         "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                         "sunday", "yesterday", "today"})
_COMMON_SUBJECTS = frozenset({
    "police", "officers", "prosecutors", "lawyers", "attorneys", "investigators", "officials", "authorities",
    "regulators", "critics", "fans", "users", "residents", "witnesses", "employees", "workers", "staff", "analysts",
    "sources", "reports", "documents", "records", "court", "courts", "judges", "jurors", "protesters", "activists",
    "shareholders", "investors", "members", "directors", "executives", "managers", "parents", "students", "doctors",
    "nurses", "neighbours", "neighbors", "reporters", "journalists", "researchers", "scientists", "experts",
    "detectives", "agents", "troops", "soldiers", "firefighters", "rescuers", "volunteers", "customers", "voters",
    "lawmakers", "senators", "he", "she", "they", "it", "we", "i", "someone", "somebody", "nobody", "everyone",
    "people", "others", "both"
})  # common nouns that open a sentence as its doer without naming anyone
_NEGATED = re.compile(r"\b(?:not|never|no|denied|denies|deny)\b")


_POSSESSIVE = re.compile(r"['’]s\b")
_NAME_WORD = re.compile(r"[\w&-]+")


@lru_cache(maxsize=16384)  # a case's few thousand names and aliases, asked for once per event that names them
def name_keys(name: str) -> frozenset[str]:
    """Keys under which a name is recognised: "Tom Reyes", "Reyes" and "Mr Reyes" share "reyes"."""
    text = _POSSESSIVE.sub("", name.strip().lower().removeprefix("@"))
    while (m := _HONORIFIC.match(text)) is not None:
        text = text[m.end():]
    words = [w for w in _NAME_WORD.findall(text) if w]
    if not words:
        return frozenset()
    keys = {" ".join(words)}
    significant = [w for w in words if w not in _NAME_STOP and w not in _ORG_WORDS and len(w) > 1]
    if not significant:
        return frozenset(keys)
    if any(w in _ORG_WORDS for w in words):
        keys.add(significant[0])  # an organisation's first word: "Brightline" of "Brightline Foods Inc."
    else:
        keys.add(significant[-1])  # a person's surname: "Reyes" of "Tom Reyes" (never a first name alone)
    return frozenset(keys)


@dataclass(frozen=True)
class Act:
    kind: str
    obj: str  # what it acted on, when the kind needs one ("recording", "letter"), else ""
    start: int  # the verb's span in the text it was found in
    end: int


def act_of(text: str) -> Act | None:
    """The kind of act a passage reports (the first one its wording names, by the table's order), or None."""
    low = text.lower()
    if not _ANY_ACT.search(low):
        return None  # most sentences: one pass instead of one per kind
    best: tuple[int, int, Act] | None = None
    for rank, (kind, pattern, needs_object, _days, _directed) in enumerate(_ACTS):
        m = pattern.search(low)
        if m is None or _NEGATED.search(low, max(0, m.start() - 14), m.start()):
            continue
        obj = ""
        o = _OBJECTS.search(low, m.end(), m.end() + 60) if needs_object else None
        if needs_object and o is None:  # passive: "the memo was leaked by …"
            o = next(iter(_OBJECTS.finditer(low, max(0, m.start() - 40), m.start())), None)
        if o is not None:
            obj = _OBJECT_ALIASES.get(o.group(1), o.group(1))
        elif kind == "meet" and "mediat" in low:
            obj = "mediation"
        if needs_object and not obj:
            continue
        key = (0 if rank < 2 else 1, m.start())  # a suit named anywhere in the clause outranks other verbs
        if best is None or key < best[:2]:
            best = (key[0], key[1], Act(kind, obj, m.start(), m.end()))
    return best[2] if best else None


def agent_of(text: str, act: Act, names: list[str]) -> str:
    """Who did the act: a named doer after "by", else the last known name before the verb in its clause."""
    after = text[act.end:act.end + 90]
    m = _PASSIVE_BY.search(after)
    if m is not None and _PASSIVE_BEFORE_BY.search(text[:act.end + m.start()]):
        return m.group(1)
    before = text[:act.start]
    if _PASSIVE_AUX.search(before):
        return ""  # "Castell was fired": Castell is who it was done to
    clause = _CLAUSE_BREAK.split(before)[-1]
    low = clause.lower()
    found: tuple[int, str] | None = None
    for name in names:
        for key in sorted(name_keys(name), key=len, reverse=True):
            for hit in _whole_word(key).finditer(low):
                end = hit.end()
                if clause[end:end + 2] in ("'s", "’s"):
                    continue  # "Castell's lawyers" did it, not Castell
                if found is None or hit.start() > found[0]:
                    found = (hit.start(), _written_name(clause, hit.start(), end))
    if found is not None:
        return found[1]
    subject = _SUBJECT.search(clause)  # a doer no party names: "the watchdog group FoodWatch released"
    if subject is None:
        return ""
    words = subject.group(1).split()
    while words and words[0].lower() in _NOT_A_DOER:
        words.pop(0)
    if len(words) == 1 and not clause[:subject.start()].strip() and words[0].lower() in _COMMON_SUBJECTS:
        return ""  # a common noun opening the sentence: "Police arrested …" names no one
    return " ".join(words)


@lru_cache(maxsize=16384)  # one per name key: more than `re`'s own cache holds in a case of 2,000 parties
def _whole_word(key: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(key) + r"\b")


_PASSIVE_BEFORE_BY = re.compile(r"\b(?:was|were|been|being)\b|^\s*\w*\s*(?:on|in)\b")
_CLAUSE_BREAK = re.compile(r"[;:—]|,\s+(?:who|which|after|before|when|while)\b")
_CAPITALISED_BEFORE = re.compile(r"([A-Z][\w.'’&-]*)\s+$")
_CAPITALISED_AFTER = re.compile(r"(?:\s+[A-Z][\w.'’&-]*)+")
_WORD = re.compile(r"\w+")


def _written_name(text: str, start: int, end: int) -> str:
    """The name as the passage writes it around a match: "Mr Reyes", "Halcyon Records"."""
    while start > 0:
        m = _CAPITALISED_BEFORE.search(text[:start])
        if m is None:
            break
        start = m.start(1)
    m = _CAPITALISED_AFTER.match(text[end:])
    words = text[start:end + (m.end() if m else 0)].split()
    while len(words) > 1 and words[0].lower() in _NOT_A_DOER:
        words.pop(0)
    return " ".join(words)


@dataclass(frozen=True)
class Telling:
    """One event's signature: enough to match and compare it without its text."""

    event_id: int
    exhibit_id: int
    source: str  # the outlet or author; copies of one wire story in two outlets still differ here
    copy_key: str  # the normalised passage: two copies of one wire story share it
    act: str
    obj: str
    agent: str
    participants: tuple[frozenset[str], ...]  # each party's name keys
    day_lo: int  # ordinal days the date allows
    day_hi: int
    exact: bool  # the date names one day
    date_text: str  # as written
    amounts: tuple[Amount, ...] = field(default=())

    @property
    def keys(self) -> frozenset[str]:
        """Every participant's name keys, for the index."""
        return frozenset().union(*self.participants) if self.participants else frozenset()

    @property
    def agent_keys(self) -> frozenset[str]:
        """The doer's name keys, with every alias of the party it names ("Skyward" is "Skyward Robotics")."""
        if not self.agent:
            return frozenset()
        keys = name_keys(self.agent)
        for party in self.participants:
            if party & keys:
                keys = keys | party
        return keys


def day_bounds(when: EventDate) -> tuple[int, int, bool]:
    """The first and last day an event's date allows, and whether it names one day."""
    start = when.start
    lo = date(start.year, start.month, start.day).toordinal()
    hi = _last_day(start)
    if when.qualifier in (DateQualifier.BETWEEN, DateQualifier.SPAN) and when.end is not None:
        hi = _last_day(when.end)
    if when.qualifier is DateQualifier.BEFORE:
        return lo - 365, hi, False
    if when.qualifier is DateQualifier.AFTER:
        return lo, lo + 365, False
    if when.qualifier is DateQualifier.AROUND:
        return lo - 7, hi + 7, False
    exact = start.precision in (DatePrecision.DAY, DatePrecision.MINUTE) and hi == lo
    return lo, hi, exact


def _last_day(d: CaseDate) -> int:
    if d.precision is DatePrecision.YEAR:
        return date(d.year, 12, 31).toordinal()
    if d.precision is DatePrecision.MONTH:
        nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return nxt.toordinal() - 1
    return date(d.year, d.month, d.day).toordinal()


def telling(event_id: int, exhibit_id: int, source: str, title: str, quote: str, when: EventDate,
            parties: list[list[str]], date_text: str) -> Telling | None:
    """The signature of one event (`parties`: each linked party's name and aliases), or None when its passage
    reports no act this module knows."""
    party_names = [n for names in parties for n in names]
    title_act = act_of(title)
    quote_act = act_of(quote) if quote != title else title_act
    act = title_act or quote_act
    if act is None:
        return None
    where = title if title_act else quote
    lo, hi, exact = day_bounds(when)
    agent = agent_of(where, act, party_names)
    if not agent and where is title:
        agent = agent_of(quote, quote_act, party_names) if quote_act and quote_act.kind == act.kind else ""
    participants = tuple(keys for names in parties if (keys := frozenset(k for n in names for k in name_keys(n))))
    amounts = tuple(amounts_in(quote))
    copy_key = " ".join(_WORD.findall(quote.lower()))
    return Telling(event_id, exhibit_id, source, copy_key, act.kind, act.obj, agent, participants, lo, hi, exact,
                   date_text, amounts)


def window(kind: str) -> int:
    """Days apart two tellings of one happening of this kind may be dated."""
    return _WINDOW.get(kind, 14)


def _directed(kind: str) -> bool:
    return _DIRECTED.get(kind, False)


def act_key(kind: str) -> str:
    """The index key: a countersuit is a suit told with its direction."""
    return "sue" if kind == "countersue" else kind


def _distance(a: Telling, b: Telling) -> int:
    if a.day_hi < b.day_lo:
        return b.day_lo - a.day_hi
    if b.day_hi < a.day_lo:
        return a.day_lo - b.day_hi
    return 0


def shared_parties(a: Telling, b: Telling) -> int:
    """How many of `a`'s parties `b` also names (through any name or alias)."""
    return sum(1 for p in a.participants if any(p & q for q in b.participants))


_ONE_DOER = frozenset({"resign", "hire", "testify", "fire"})  # another doer is another happening


def same_happening(a: Telling, b: Telling) -> bool:
    """Two tellings (from different exhibits) of one happening: the same act on the same thing, sharing who took
    part (two parties when both name two or more; or, with no one named, what was acted on), dated within the
    act's window; a different doer only where the thing acted on or the very day pins it down."""
    if a.exhibit_id == b.exhibit_id or act_key(a.act) != act_key(b.act):
        return False
    if a.obj and b.obj and a.obj != b.obj:
        return False
    if _distance(a, b) > window(a.act):
        return False
    shared = shared_parties(a, b)
    same_thing_that_day = bool(a.obj and a.obj == b.obj) and _distance(a, b) == 0
    if a.participants and b.participants:
        if shared < min(2, len(a.participants), len(b.participants)) and not same_thing_that_day:
            return False  # "the album released on July 1" may name no one in common: its doer is disputed
    elif not (a.obj and a.obj == b.obj) and not (a.exact and b.exact and a.day_lo == b.day_lo):
        return False  # no party on one side ("the company laid off …"): the thing acted on, or the very day
    same_doer = bool(a.agent_keys & b.agent_keys)
    if a.act != b.act:  # a countersuit and a suit: one happening only when the same party brought it
        return same_doer
    if a.agent and b.agent and not same_doer:
        if a.act in _ONE_DOER:
            return False
        same_day = a.exact and b.exact and a.day_lo == b.day_lo
        if _directed(a.act):  # "X sued Y" and "Y sued X" are two suits, unless told of the very same day
            return same_day
        return same_day or bool(a.obj and a.obj == b.obj)
    return True


@dataclass(frozen=True)
class Difference:
    kind: str  # "date", "amount" or "actor"
    value_a: str  # as written
    value_b: str


def differences(a: Telling, b: Telling) -> list[Difference]:
    """Where two tellings of one happening disagree; copies of one wire story never do."""
    if a.copy_key == b.copy_key:
        return []
    out: list[Difference] = []
    if dates_disagree(a, b):
        out.append(Difference("date", a.date_text, b.date_text))
    pair = amounts_disagree(list(a.amounts), list(b.amounts))
    if pair is not None:
        out.append(Difference("amount", pair[0].written, pair[1].written))
    if a.agent and b.agent and not (a.agent_keys & b.agent_keys):
        out.append(Difference("actor", a.agent, b.agent))
    return out


def dates_disagree(a: Telling, b: Telling) -> bool:
    """Different days, or a span (a month, "on or before") that excludes the other's day."""
    if a.exact and b.exact:
        return a.day_lo != b.day_lo
    if a.exact or b.exact:
        return a.day_hi < b.day_lo or b.day_hi < a.day_lo
    return False


def written_date(quote: str, when: EventDate, published: CaseDate | None) -> str:
    """The event's date as its passage writes it ("3 March 2025", "Tuesday"), else as CaseFile shows it."""
    from casefile.extract.dates import find_dates

    for hit in find_dates(quote, 0, len(quote), published):
        if hit.date == when or hit.date.start == when.start:
            return quote[hit.start:hit.end].strip()
    shown = when.start.display()
    if when.qualifier is DateQualifier.BEFORE:
        return f"on or before {shown}"
    return shown


__all__ = ["Act", "Difference", "Telling", "act_key", "act_of", "agent_of", "day_bounds", "differences",
           "name_keys", "same_happening", "telling", "window", "written_date"]
