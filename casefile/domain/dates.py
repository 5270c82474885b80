"""Dates that are honest about uncertainty: a point known to a precision, and a qualifier around it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from casefile.domain.enums import DatePrecision, DateQualifier
from casefile.domain.errors import ValidationError

_ISO = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = MONTH_ABBR


@dataclass(frozen=True, order=True)
class CaseDate:
    """A moment known to `precision`; fields finer than the precision are 1 (month/day) or 0 (time)."""

    year: int
    month: int = 1
    day: int = 1
    hour: int = 0
    minute: int = 0
    precision: DatePrecision = DatePrecision.DAY

    def __post_init__(self) -> None:
        try:
            datetime(self.year, self.month, self.day, self.hour, self.minute)
        except ValueError as exc:
            raise ValidationError(f"Not a valid date: {exc}.") from None
        if not 1 <= self.year <= 9999:
            raise ValidationError("The year must be between 1 and 9999.")

    # construction -----------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> CaseDate:
        """Parse ISO 8601 cut to a precision: `2025`, `2025-01`, `2025-01-27`, `2025-01-27T02:00`."""
        m = _ISO.match(text.strip())
        if not m:
            raise ValidationError(f"'{text}' is not a date like 2025, 2025-01, 2025-01-27 or 2025-01-27T02:00.")
        y, mo, d, h, mi = m.groups()
        if h is not None:
            return cls(int(y), int(mo), int(d), int(h), int(mi), DatePrecision.MINUTE)
        if d is not None:
            return cls(int(y), int(mo), int(d), precision=DatePrecision.DAY)
        if mo is not None:
            return cls(int(y), int(mo), precision=DatePrecision.MONTH)
        return cls(int(y), precision=DatePrecision.YEAR)

    @classmethod
    def from_date(cls, value: date | datetime, precision: DatePrecision | None = None) -> CaseDate:
        if isinstance(value, datetime):
            p = precision or (DatePrecision.MINUTE if (value.hour or value.minute) else DatePrecision.DAY)
            return cls(value.year, value.month, value.day, value.hour, value.minute, DatePrecision.DAY).at(p)
        return cls(value.year, value.month, value.day, precision=DatePrecision.DAY).at(precision or DatePrecision.DAY)

    def at(self, precision: DatePrecision) -> CaseDate:
        """The same moment cut (or extended with defaults) to another precision."""
        keep = _ORDER.index(precision)
        return CaseDate(
            self.year,
            self.month if keep >= 1 else 1,
            self.day if keep >= 2 else 1,
            self.hour if keep >= 3 else 0,
            self.minute if keep >= 3 else 0,
            precision,
        )

    # output -------------------------------------------------------------------------------------
    def iso(self) -> str:
        p = self.precision
        if p is DatePrecision.YEAR:
            return f"{self.year:04d}"
        if p is DatePrecision.MONTH:
            return f"{self.year:04d}-{self.month:02d}"
        if p is DatePrecision.DAY:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}T{self.hour:02d}:{self.minute:02d}"

    def display(self) -> str:
        """Human form at the precision: `2025`, `Jan 2025`, `27 Jan 2025`, `27 Jan 2025 02:00`."""
        p = self.precision
        if p is DatePrecision.YEAR:
            return str(self.year)
        if p is DatePrecision.MONTH:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        base = f"{self.day} {_MONTHS[self.month - 1]} {self.year}"
        return base if p is DatePrecision.DAY else f"{base} {self.hour:02d}:{self.minute:02d}"

    def to_datetime(self) -> datetime:
        return datetime(self.year, self.month, self.day, self.hour, self.minute)

    def __str__(self) -> str:
        return self.iso()


_ORDER = [DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY, DatePrecision.MINUTE]

# how a qualified date reads (`on` is the date alone; a range without its end reads as its start)
_QUALIFIED_FORMS = {
    DateQualifier.AROUND: "c. {start}",
    DateQualifier.BEFORE: "before {start}",
    DateQualifier.AFTER: "after {start}",
    DateQualifier.BETWEEN: "between {start} and {end}",
    DateQualifier.SPAN: "{start} – {end}",
}


@dataclass(frozen=True)
class EventDate:
    """When an event happened: a start, a qualifier and, for `between` and `span`, an end."""

    start: CaseDate
    qualifier: DateQualifier = DateQualifier.ON
    end: CaseDate | None = None

    def __post_init__(self) -> None:
        ranged = self.qualifier in (DateQualifier.BETWEEN, DateQualifier.SPAN)
        if ranged and self.end is None:
            raise ValidationError(f"A '{self.qualifier.value}' date needs an end date.")
        if not ranged and self.end is not None:
            object.__setattr__(self, "end", None)
        if self.end is not None and self.end.to_datetime() < self.start.to_datetime():
            raise ValidationError("The end date is before the start date.")

    @classmethod
    def on(cls, text: str) -> EventDate:
        return cls(CaseDate.parse(text))

    def display(self) -> str:
        s = self.start.display()
        form = _QUALIFIED_FORMS.get(self.qualifier)
        if form is None:
            return s
        if "{end}" in form:
            return form.format(start=s, end=self.end.display()) if self.end else s
        return form.format(start=s)

    def sort_key(self) -> str:
        return self.start.iso()


# --- the one parser of dates people write (editor, spreadsheets, metadata) -------------------------
# English month names only, never the system locale, so a date parses the same on every machine.

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_MONTH_RE = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_TIME_RE = r"(?:(?:,|\s+at)?\s+(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap]\.?m\.?)?)?"

_MDY = re.compile(rf"^(?:\w+day,?\s+)?{_MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){_TIME_RE}$", re.I)
_DMY = re.compile(
    rf"^(?:\w+day,?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE},?\s+(\d{{4}}){_TIME_RE}$", re.I
)
_MY = re.compile(rf"^{_MONTH_RE},?\s+(\d{{4}})$", re.I)
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::\d{2})?)?$")
_YMD_SLASH = re.compile(r"^(\d{4})([/.-])(\d{1,2})(?:\2(\d{1,2}))?$")  # also TikTok's `2025-3-3`
# a time before its date, as X prints a post's: `10:42 AM · Mar 3, 2025`
_TIME_FIRST = re.compile(r"^(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?\s*[·•,-]?\s+(.+)$", re.I)
_ISO_LOOSE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})")


def _hour(h: str | None, ampm: str | None) -> int:
    hour = int(h or 0)
    if ampm:
        pm = ampm.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    return hour


def parse_human_date(text: str, day_first: bool = True) -> CaseDate:
    """Parse the ways people write dates, at the precision written.

    `2025`, `2025-01`, `2025-01-27`, `2025-01-27T02:00`, `January 27, 2025`, `27 Jan 2025`,
    `Jan 2025`, `27/01/2025` (day first unless impossible), `2025/01/27`, `2025-3-3`, and a time before the
    date as X prints it, `10:42 AM · Mar 3, 2025`. Raises ValidationError.
    """
    s = " ".join(text.strip().split())
    if not s:
        raise ValidationError("The date is empty.")
    try:
        return CaseDate.parse(s)
    except ValidationError:
        pass
    m = _ISO_LOOSE.match(s)
    if m:
        year, month, day, hour, minute = (int(g) for g in m.groups())
        return CaseDate(year, month, day, hour, minute, DatePrecision.MINUTE)
    m = _MDY.match(s)
    if m:
        mon, d, y, h, mi, ampm = m.groups()
        return _with_time(int(y), MONTHS[mon.lower()], int(d), h, mi, ampm)
    m = _DMY.match(s)
    if m:
        d, mon, y, h, mi, ampm = m.groups()
        return _with_time(int(y), MONTHS[mon.lower()], int(d), h, mi, ampm)
    m = _MY.match(s)
    if m:
        return CaseDate(int(m.group(2)), MONTHS[m.group(1).lower()], precision=DatePrecision.MONTH)
    m = _NUMERIC.match(s)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a > 12 or (day_first and b <= 12):
            day, month = a, b
        else:
            month, day = a, b
        return _with_time(year, month, day, m.group(4), m.group(5), None)
    m = _YMD_SLASH.match(s)
    if m:
        y, _sep, mo, d = m.groups()
        if d is None:
            return CaseDate(int(y), int(mo), precision=DatePrecision.MONTH)
        return CaseDate(int(y), int(mo), int(d))
    m = _TIME_FIRST.match(s)
    if m and not _TIME_FIRST.match(m.group(4)):
        on: CaseDate | None
        try:
            on = parse_human_date(m.group(4), day_first)
        except ValidationError:
            on = None
        if on is not None and on.precision is DatePrecision.DAY:
            return _with_time(on.year, on.month, on.day, m.group(1), m.group(2), m.group(3))
    raise ValidationError(f"'{text.strip()}' is not a date like 2025-01-27, January 27, 2025 or 27/01/2025.")


def _with_time(y: int, mo: int, d: int, h: str | None, mi: str | None, ampm: str | None) -> CaseDate:
    if h is None:
        return CaseDate(y, mo, d)
    return CaseDate(y, mo, d, _hour(h, ampm), int(mi or 0), DatePrecision.MINUTE)
