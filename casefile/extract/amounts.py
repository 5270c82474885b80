"""Amounts a passage states — money, counts of things, durations — as values, so "$40 million", "$40M" and
"40 million dollars" compare equal and "$14 million" does not."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "a": 1, "an": 1,
}  # fmt: skip
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6, "billion": 1e9, "b": 1e9,
          "bn": 1e9, "trillion": 1e12, "tn": 1e12}  # fmt: skip
_CURRENCY = {"$": "USD", "us$": "USD", "dollars": "USD", "dollar": "USD", "£": "GBP", "pounds": "GBP",
             "€": "EUR", "euros": "EUR"}  # fmt: skip
_NUMBER = r"(?:\d[\d,]*(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|dozen|a hundred|hundred)"  # noqa: E501
_SCALES = r"(?:thousand|million|billion|trillion|mn|mln|bn|tn|[mMbBkK])"
_APPROX = r"(?:(?P<approx>about|around|nearly|almost|roughly|approximately|some|more than|over|at least|up to|less than|fewer than|under)\s+)?"  # noqa: E501
_MONEY = re.compile(
    _APPROX + r"(?:(?P<cur>US\$|\$|£|€)\s?(?P<n1>" + _NUMBER + r")(?:\s?(?P<s1>" + _SCALES + r"))?(?![\w])"
    r"|(?P<n2>" + _NUMBER + r")\s?(?P<s2>thousand|million|billion|trillion)?\s(?P<cur2>dollars|pounds|euros)\b)",
    re.IGNORECASE,
)
# "seeking 40 million in damages": an amount of money without its currency, known by the words around it
_BARE_MONEY = re.compile(
    r"\b(?:seek\w*|sought|demand\w*|claim\w*|worth|paid|pay\w*|fined?|settle\w*|award\w*|for)\s+"
    + _APPROX + r"(?P<n>" + _NUMBER + r")\s(?P<s>million|billion)\b(?!\s+(?:dollars|pounds|euros))",
    re.IGNORECASE,
)
_DURATION_UNITS = {"minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0, "month": 730.0, "year": 8766.0}
_DURATION = re.compile(
    _APPROX + r"(?P<n>" + _NUMBER + r")[- ](?P<unit>minute|hour|day|week|month|year)s?(?:[- ]long)?\b",
    re.IGNORECASE,
)
_COUNT = re.compile(
    _APPROX + r"(?P<n>" + _NUMBER + r")\s(?:(?:[a-z-]+)\s){0,2}?(?P<noun>jobs|workers|employees|people|staff|"
    r"positions|members|counts|charges|claims|women|men|victims|plaintiffs|defendants|stores|shares|pages|"
    r"documents|emails|e-mails|messages|posts|videos|photos|complaints|accounts|tickets)\b",
    re.IGNORECASE,
)
_NOT_A_LENGTH = re.compile(r"(?:\s+(?:after|before|later|earlier|ago|into|since|from|prior|of|old)|-old)\b", re.I)
# "two people familiar with the talks" counts the sources of a story, not anything that happened
_NOT_A_COUNT = re.compile(r"\s+(?:familiar|close\s+to|with\s+(?:direct\s+)?knowledge|briefed|who\s+(?:spoke|asked|"
                          r"requested|declined|were\s+not\s+authori[sz]ed))\b", re.I)
# nouns that count the same thing: "120 jobs" and "210 workers" both count people laid off
_COUNT_FAMILY = {"workers": "people", "employees": "people", "people": "people", "staff": "people",
                 "positions": "people", "jobs": "people", "members": "people", "women": "people", "men": "people",
                 "e-mails": "emails"}  # fmt: skip


@dataclass(frozen=True)
class Amount:
    """`unit` is what is measured ("USD", "hours", "people", ...); `value` in that unit; `approx` when hedged."""

    unit: str
    value: float
    written: str
    approx: bool = False

    def agrees(self, other: Amount) -> bool:
        """Same unit and same value (a hedged one within a fifth, or on the side it leans)."""
        if self.unit != other.unit:
            return True  # nothing to compare
        if abs(self.value - other.value) <= max(abs(self.value), abs(other.value)) * 0.005:
            return True
        if self.approx or other.approx:
            return abs(self.value - other.value) <= max(self.value, other.value) * 0.2
        return False


def _number(text: str) -> float | None:
    t = text.lower().replace(",", "").strip()
    if t.startswith("a "):
        t = t[2:]
    try:
        return float(t)
    except ValueError:
        pass
    total = 0.0
    for part in re.split(r"[- ]", t):
        if part not in _WORD_NUMBERS:
            return None
        total += _WORD_NUMBERS[part]
    return total or None


# words each pattern cannot match without (lower case): most passages hold none, and a pattern tried at every
# character costs about 0.1 ms per sentence (the comparison signs every event of a case)
_NUMBER_WORDS = tuple(w for w in _WORD_NUMBERS if w not in ("a", "an"))  # "a dozen" holds "dozen"
_MONEY_WORDS = ("$", "£", "€", "dollar", "pound", "euro")
_BARE_MONEY_WORDS = ("million", "billion")
_DURATION_WORDS = tuple(_DURATION_UNITS)
_COUNT_WORDS = ("jobs", "workers", "employees", "people", "staff", "positions", "members", "counts", "charges",
                "claims", "women", "men", "victims", "plaintiffs", "defendants", "stores", "shares", "pages",
                "documents", "emails", "e-mails", "messages", "posts", "videos", "photos", "complaints",
                "accounts", "tickets")


def _may_hold(low: str, words: tuple[str, ...]) -> bool:
    return any(w in low for w in words)


def amounts_in(text: str) -> list[Amount]:
    """Every money amount, duration and count of people or things in `text`, in order of appearance."""
    found: list[tuple[int, Amount]] = []
    taken: list[tuple[int, int]] = []
    low = text.lower()
    if not any(c.isdigit() for c in low) and not _may_hold(low, _NUMBER_WORDS):
        return []
    for m in _MONEY.finditer(text) if _may_hold(low, _MONEY_WORDS) else ():
        n = _number(m.group("n1") or m.group("n2") or "")
        if n is None:
            continue
        scale = (m.group("s1") or m.group("s2") or "").lower()
        currency = _CURRENCY.get((m.group("cur") or m.group("cur2") or "").lower(), "USD")
        value = n * _SCALE.get(scale, 1.0)
        found.append((m.start(), Amount(currency, value, m.group(0).strip(), bool(m.group("approx")))))
        taken.append(m.span())
    for m in _BARE_MONEY.finditer(text) if _may_hold(low, _BARE_MONEY_WORDS) else ():
        n = _number(m.group("n"))
        if n is None or any(s < m.end() and m.start("n") < e for s, e in taken):
            continue
        written = text[m.start("approx") if m.group("approx") else m.start("n"):m.end()].strip()
        found.append((m.start("n"), Amount("USD", n * _SCALE[m.group("s").lower()], written,
                                           bool(m.group("approx")))))
        taken.append((m.start("n"), m.end()))
    for pattern, kind, words in ((_DURATION, "duration", _DURATION_WORDS), (_COUNT, "count", _COUNT_WORDS)):
        for m in pattern.finditer(text) if _may_hold(low, words) else ():
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            n = _number(m.group("n"))
            if n is None:
                continue
            if kind == "duration" and _NOT_A_LENGTH.match(text, m.end()):
                continue  # "six weeks after she left" dates one thing from another; it measures nothing
            if kind == "count" and _NOT_A_COUNT.match(text, m.end()):
                continue
            if kind == "duration":
                unit, value = "hours", n * _DURATION_UNITS[m.group("unit").lower()]
            else:
                noun = m.group("noun").lower()
                unit, value = _COUNT_FAMILY.get(noun, noun), n
            found.append((m.start(), Amount(unit, value, m.group(0).strip(), bool(m.group("approx")))))
            taken.append(m.span())
    return [a for _, a in sorted(found, key=lambda x: x[0])]


def amounts_disagree(mine: list[Amount], theirs: list[Amount]) -> tuple[Amount, Amount] | None:
    """The first unit both state where no value of one agrees with any of the other, as (mine, theirs)."""
    for a in mine:
        same_unit = [b for b in theirs if b.unit == a.unit]
        if not same_unit:
            continue
        mine_of_unit = [x for x in mine if x.unit == a.unit]
        if not any(x.agrees(y) for x in mine_of_unit for y in same_unit):
            return a, same_unit[0]
    return None


__all__ = ["Amount", "amounts_disagree", "amounts_in"]
