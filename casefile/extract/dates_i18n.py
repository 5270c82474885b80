"""Dates written in other languages' prose: "am 3. März 2025", "le 4 mars 2025", "el 5 de marzo de 2025".

Part of the one date parser: `extract.dates.find_dates` hands a sentence here when the exhibit's language is not
English. Month and weekday names come from the Unicode CLDR through Babel (wide and abbreviated, in both the
format and stand-alone forms), so a language is added by naming its code, not by typing its months. A bare
weekday ("Mittwoch", "mercredi") resolves from the publication date as "on Monday" does in English.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache

from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import DatePrecision, DateQualifier
from casefile.domain.errors import ValidationError
from casefile.extract.date_math import guess_year, weekday_before

# Languages whose dates are read; others fall back to numbers only (ISO and day-first numeric dates).
LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "pl", "ro", "ca")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
# Words that may stand between the parts: "5 de marzo de 2025", "1er mars", "3. März".
_JOIN = r"(?:\s+(?:de|del|di|van|of)\s+|\s+)"
# A preposition just before a date belongs to it ("am 3. März", "le 4 mars", "el miércoles"): a title without
# the date must not end "… eingereicht am".
_BEFORE = (
    r"(?:(?:am|im|vom|bis|seit|ab|le|du|au|dès|depuis|en|el|del|al|desde|il|dal|nel|em|no|op|den|w|dnia"
    r"|in|a|de|von|van|från|od|hasta|até|jusqu['’]au)\s+(?:(?:zum|zur|dem|den|le|el|il|o)\s+)?)?"
)
# What the preposition says of a single date, as "until" and "since" do in English.
_QUALIFIER_WORDS = {
    "bis": DateQualifier.BEFORE, "hasta": DateQualifier.BEFORE, "até": DateQualifier.BEFORE,
    "jusqu'au": DateQualifier.BEFORE, "jusqu’au": DateQualifier.BEFORE, "seit": DateQualifier.AFTER,
    "ab": DateQualifier.AFTER, "depuis": DateQualifier.AFTER, "dès": DateQualifier.AFTER,
    "desde": DateQualifier.AFTER,
}  # fmt: skip
# "du 28 février au 3 mars 2025": two dates joined by these words are one span.
_SPAN_FROM = re.compile(r"(?i:du|del|vom|von|dal|de|van|från|od)\s")
_SPAN_TO = re.compile(r"\s*(?:[-–]\s*|(?i:au|al|bis(?:\s+zum)?|a|à|ao|tot|till|til|do)\s+)(?=\d)")
# A first day before the day and month it shares: "del 14 al 23 de marzo", "du 3 au 5 mai", "vom 3. bis 5. Mai"
# (a span), "entre el 3 y el 5 de mayo", "zwischen dem 3. und 5. Mai" (between). The articles that may stand
# before either day are those of the languages read here.
_ARTICLE = r"(?:(?:el|le|dem|den|il|o|lo|la)\s+)?"
_TO = r"(?:[-–]|\s+(?:bis(?:\s+zum)?|au|al|a|à|ao|tot|till|til|do|fino\s+al)\s+)"
_AND = r"\s+(?:y|et|und|e|en|och|og|i|și)\s+"
_BETWEEN = r"(?:entre|zwischen|tra|fra|tussen|mellan|między|între)\s+"
_FIRST_DAY = (
    rf"(?:(?P<btw>{_BETWEEN}){_ARTICLE}(?P<d0b>{_DAY})(?:\.|er|º|°)?{_AND}{_ARTICLE}"
    rf"|(?P<d0>{_DAY})(?:\.|er|º|°)?{_TO}\s*{_ARTICLE})?"
)


_Found = tuple[int, int, EventDate, bool, bool]  # start, end, date, relative, inferred


def _fold(word: str) -> str:
    """Lower case without accents, so "Marz", "marz" and "März" meet (OCR and hurried typing drop accents)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).rstrip(".")


@cache
def _names(language: str) -> tuple[dict[str, int], dict[str, int]]:
    """(month name → number, weekday name → Python weekday) for `language`, each name as written and folded;
    empty when the language is unknown."""
    try:
        from babel import Locale, UnknownLocaleError
        from babel.dates import get_day_names, get_month_names
    except ImportError:  # pragma: no cover - Babel is a dependency; numbers still work without it
        return {}, {}
    try:
        Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return {}, {}
    months: dict[str, int] = {}
    days: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, context, language).items():
                if len(_fold(name)) >= 3:  # "mai" yes; one-letter narrow forms never
                    for form in (name.lower().rstrip("."), _fold(name)):
                        months.setdefault(form, number)
            # Babel numbers weekdays from Monday = 0, as Python does.
            for number, name in get_day_names("wide", context, language).items():
                for form in (name.lower(), _fold(name)):
                    days.setdefault(form, number)
    return months, days


def _alternation(words: dict[str, int]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@cache
def _pattern(language: str) -> re.Pattern[str]:
    months, days = _names(language)
    names = _alternation(months) if months else r"(?!x)x"
    month, month_year = rf"(?P<m>{names})\.?", rf"(?P<mm>{names})\.?"
    weekday = rf"(?P<wd>{_alternation(days)})" if days else r"(?P<wd>(?!x)x)"
    return re.compile(
        rf"""
        (?<![\w$£€]){_BEFORE}(?:
          (?P<iso>(?P<iy>{_YEAR})-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01]))(?![\d-])
        | {_FIRST_DAY}(?P<d>{_DAY})(?:\.|er|º|°)?{_JOIN}{month}(?:,?{_JOIN}(?P<y>{_YEAR})(?!\d))?(?![\w])
        | {month_year}{_JOIN}(?P<my>{_YEAR})(?!\d)
        | (?P<nd>0?[1-9]|[12]\d|3[01])[./](?P<nm>0?[1-9]|1[0-2])[./](?P<ny>{_YEAR})(?![\d./])
        | {weekday}(?![\w])
        )
        """,
        re.VERBOSE | re.IGNORECASE,
    )


def find_local_dates(
    text: str, start: int, end: int, language: str, published: CaseDate | None
) -> list[_Found]:
    """(start, end, date, relative, inferred) for each date written in `language` in text[start:end].

    Numbers are read day first (3.3.2025, 03/03/2025), as every language here writes them. A day and month
    without a year take the publication year (the year before when that lands over a month after publication); a
    weekday resolves to the most recent one on or before publication; without a publication date both are
    dropped rather than guessed."""
    months, days = _names(language)
    found: list[_Found] = []
    for m in _pattern(language).finditer(text, start, end):
        g = m.group
        try:
            if g("iso"):
                day = date(int(g("iy")), int(g("im")), int(g("id")))
                found.append((m.start(), m.end(), EventDate(_on(day)), False, False))
            elif g("nd"):
                day = date(int(g("ny")), int(g("nm")), int(g("nd")))
                found.append((m.start(), m.end(), EventDate(_on(day)), False, False))
            elif g("d"):
                month = months[_fold(g("m"))]
                year = int(g("y")) if g("y") else guess_year(month, int(g("d")), published)
                if year is None:
                    continue
                day = date(year, month, int(g("d")))
                first = g("d0") or g("d0b")
                when = EventDate(_on(day), _QUALIFIER_WORDS.get(m.group().split()[0].lower(), DateQualifier.ON))
                if first:
                    qualifier = DateQualifier.BETWEEN if g("btw") else DateQualifier.SPAN
                    when = EventDate(_on(date(year, month, int(first))), qualifier, _on(day))
                # A dot after a month that ends the date ends the sentence: "del 14 al 23 de marzo."
                found.append((m.start(), m.end() if g("y") else m.end("m"), when, False, not g("y")))
            elif g("my"):
                month = months[_fold(g("mm"))]
                qualifier = _QUALIFIER_WORDS.get(m.group().split()[0].lower(), DateQualifier.ON)
                when = EventDate(CaseDate(int(g("my")), month, precision=DatePrecision.MONTH), qualifier)
                found.append((m.start(), m.end(), when, False, False))
            elif g("wd") and published is not None:
                found.append((m.start(), m.end(), weekday_before(days[_fold(g("wd"))], False, published), True, False))
        except (KeyError, ValueError, ValidationError):  # "31. Februar", "del 23 al 14": no such day or span
            continue
    return _spans(text, found)


def _spans(text: str, found: list[_Found]) -> list[_Found]:
    """Two dates written "from the one to the other" become one span; the first takes the second's year when it
    has none of its own (the year before when it would fall after the second)."""
    out: list[_Found] = []
    for hit in found:
        joined = _SPAN_TO.match(text, out[-1][1]) if out else None
        if joined and joined.end() >= hit[0] and _SPAN_FROM.match(text, out[-1][0]):
            a, b = out[-1], hit
            first, last = a[2].start, b[2].start
            if not (a[3] or b[3] or a[2].end or b[2].end):
                if a[4] and first.precision is last.precision:
                    year = last.year - (1 if (first.month, first.day) > (last.month, last.day) else 0)
                    first = CaseDate(year, first.month, first.day, precision=first.precision)
                try:
                    out[-1] = (a[0], b[1], EventDate(first, DateQualifier.SPAN, last), False, a[4] and b[4])
                    continue
                except ValidationError:
                    pass
        out.append(hit)
    return out


def _on(day: date) -> CaseDate:
    return CaseDate(day.year, day.month, day.day, precision=DatePrecision.DAY)


def local_candidates(text: str, language: str) -> list[int]:
    """Offsets where a date in `language` starts, from one pass over the whole text."""
    return [m.start() for m in _pattern(language).finditer(text)]
