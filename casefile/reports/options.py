"""What a summary includes: sections, date range, event statuses, thumbnails. Shared by the CLI and the dialog."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

from casefile.domain.dates import CaseDate
from casefile.domain.enums import Status
from casefile.domain.errors import ValidationError

SECTIONS: tuple[str, ...] = ("cover", "contents", "parties", "chronology", "disagreements", "exhibits", "notes")
SECTION_TITLES: dict[str, str] = {
    "cover": "Cover",
    "contents": "Contents",
    "parties": "Parties",
    "chronology": "Chronology",
    "disagreements": "Where sources disagree",
    "exhibits": "Exhibit index",
    "notes": "Notes",
}
STATUSES: tuple[Status, ...] = (Status.CONFIRMED, Status.DISPUTED, Status.SUGGESTED)
# A summary is handed on: by default it holds what the user has reviewed, not what the extractor guessed.
DEFAULT_STATUSES: tuple[Status, ...] = (Status.CONFIRMED, Status.DISPUTED)
PAPER_SIZES: tuple[str, ...] = ("a4", "letter")


@dataclass(frozen=True)
class SummaryOptions:
    """Choices for one summary; the defaults print every section and the reviewed (confirmed, disputed) events."""

    sections: tuple[str, ...] = SECTIONS
    date_from: str | None = None  # ISO prefix, inclusive
    date_to: str | None = None  # ISO prefix, inclusive
    statuses: tuple[Status, ...] = DEFAULT_STATUSES
    thumbnails: bool = True
    title: str | None = None  # overrides the case title on the cover and in the header
    paper: str = "a4"  # for PDF output; a printer uses its own page setup
    author: str = field(default="")

    def __post_init__(self) -> None:
        unknown = [s for s in self.sections if s not in SECTIONS]
        if unknown:
            raise ValidationError(f"Unknown section {', '.join(unknown)}; choose from {', '.join(SECTIONS)}.")
        # keep the document order whatever order the user typed
        object.__setattr__(self, "sections", tuple(s for s in SECTIONS if s in self.sections))
        if not self.sections:
            raise ValidationError("Choose at least one section to print.")
        bad = [s for s in self.statuses if s not in STATUSES]
        if bad:
            raise ValidationError(f"Events with status {bad[0].value} cannot be printed.")
        if not self.statuses:
            raise ValidationError("Choose at least one event status to include.")
        object.__setattr__(self, "statuses", tuple(s for s in STATUSES if s in self.statuses))
        for label, value in (("from", self.date_from), ("to", self.date_to)):
            if value is not None:
                try:
                    CaseDate.parse(value)
                except ValidationError as exc:
                    raise ValidationError(f"The '{label}' date: {exc}") from None
        if self.date_from and self.date_to and _upper(self.date_to) < self.date_from:
            raise ValidationError("The 'to' date is before the 'from' date.")
        if self.paper not in PAPER_SIZES:
            raise ValidationError(f"Unknown paper size '{self.paper}'; choose from {', '.join(PAPER_SIZES)}.")

    def has(self, section: str) -> bool:
        return section in self.sections

    @property
    def includes_suggestions(self) -> bool:
        return Status.SUGGESTED in self.statuses

    @property
    def filtered(self) -> bool:
        """True when the chronology leaves out some events the case holds."""
        return bool(self.date_from or self.date_to or set(self.statuses) != set(STATUSES))

    def describe(self) -> list[tuple[str, str]]:
        """The options as label/value lines for the cover page."""
        if self.date_from and self.date_to:
            dates = f"{_show(self.date_from)} to {_show(self.date_to)}"
        elif self.date_from:
            dates = f"from {_show(self.date_from)}"
        elif self.date_to:
            dates = f"up to {_show(self.date_to)}"
        else:
            dates = "all dates"
        return [
            ("Sections", ", ".join(SECTION_TITLES[s] for s in self.sections)),
            ("Dates", dates),
            ("Event statuses", ", ".join(s.value for s in self.statuses)),
            ("Thumbnails", "shown" if self.thumbnails else "left out"),
        ]


def _upper(iso_prefix: str) -> str:
    return iso_prefix + "\uffff"


def _show(iso_prefix: str) -> str:
    return CaseDate.parse(iso_prefix).display()


def _split(text: str) -> list[str]:
    return [p.strip().lower() for p in text.split(",") if p.strip()]


def options_from_args(args: argparse.Namespace) -> SummaryOptions:
    """SummaryOptions from `casefile summary` flags (see `cli.add_summary_options`)."""
    statuses: list[Status] = []
    for name in _split(getattr(args, "status", None) or ",".join(s.value for s in DEFAULT_STATUSES)):
        try:
            status = Status(name)
        except ValueError:
            raise ValidationError(
                f"Unknown status '{name}'; choose from {', '.join(s.value for s in STATUSES)}."
            ) from None
        statuses.append(status)
    if getattr(args, "include_suggested", False) and Status.SUGGESTED not in statuses:
        statuses.append(Status.SUGGESTED)
    sections = _split(getattr(args, "sections", None) or ",".join(SECTIONS))
    return SummaryOptions(
        sections=tuple(sections),
        date_from=getattr(args, "date_from", None) or None,
        date_to=getattr(args, "date_to", None) or None,
        statuses=tuple(statuses),
        thumbnails=not getattr(args, "no_thumbnails", False),
        title=(getattr(args, "title", None) or "").strip() or None,
        paper=(getattr(args, "paper", None) or "a4").lower(),
        author=(getattr(args, "author", None) or "").strip(),
    )
