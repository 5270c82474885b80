"""The case summary as plain frozen data: everything the renderer prints, gathered through the services.

Nothing here touches Qt, so it can be built (and tested) on any thread; `render` turns it into pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from casefile.domain.enums import EvidenceKind, Status, TargetType
from casefile.domain.records import EventFilter, EventRecord, EvidenceRecord, NoteRecord, PartyRecord
from casefile.domain.sizes import format_size_exact
from casefile.domain.sources import SummarySource
from casefile.reports.disagreements import DisagreementEntry, disagreement_entries
from casefile.reports.disagreements import all_text as disagreement_text
from casefile.reports.options import SummaryOptions
from casefile.reports.timeline_data import TimelinePage, timeline_page

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
THUMBNAIL_KINDS = (EvidenceKind.IMAGE, EvidenceKind.WEB_PAGE)
Check = Callable[[], None]


@dataclass(frozen=True)
class CountLine:
    label: str
    shown: int
    total: int


@dataclass(frozen=True)
class PartyEntry:
    name: str
    kind: str
    role: str
    aliases: tuple[str, ...]
    description: str  # first line only
    event_count: int
    status: Status


@dataclass(frozen=True)
class CitationEntry:
    locator: str  # "Ex. 4, p. 2", "Ex. 7 at 01:23"
    exhibit: int | None
    quote: str


@dataclass(frozen=True)
class EventEntry:
    id: int
    date: str  # at its precision: "2025", "Jan 2025", "c. 2024", "between … and …"
    title: str
    description: str
    parties: tuple[str, ...]
    status: Status
    citations: tuple[CitationEntry, ...]


@dataclass(frozen=True)
class ExhibitEntry:
    exhibit: int
    title: str
    kind: str
    date: str
    source: str  # URL, author or where the file came from
    filename: str
    size: str
    sha256: str
    parent_exhibit: int | None
    relation: str
    thumbnail_png: bytes | None


@dataclass(frozen=True)
class NoteEntry:
    attached_to: str  # "Case", "Event: 27 Jan 2025 — Title", "Party: Name", "Ex. 4: Title"
    markdown: str
    updated: str


@dataclass(frozen=True)
class SummaryData:
    title: str
    description: str
    printed_at: datetime
    counts: tuple[CountLine, ...]
    options: SummaryOptions
    parties: tuple[PartyEntry, ...]
    events: tuple[EventEntry, ...]
    exhibits: tuple[ExhibitEntry, ...]
    notes: tuple[NoteEntry, ...]
    suggestions_left_out: int = 0  # suggested events in the date range that the options did not print
    timeline: TimelinePage | None = None  # the timeline graphic page (with the chronology)
    disagreements: tuple[DisagreementEntry, ...] = ()  # where sources disagree (reports.disagreements)

    @property
    def printed(self) -> str:
        return format_day(self.printed_at)


def format_day(when: datetime) -> str:
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year}"


def _first_line(text: str, limit: int = 240) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def build_summary(case: SummarySource, options: SummaryOptions, now: datetime | None = None,
                  check: Check | None = None) -> SummaryData:
    """Read what `options` asks for from the case. `check` is called between steps (it raises to cancel)."""
    tick = check or (lambda: None)
    info = case.case.info()
    counts = case.case.counts()
    tick()
    events = case.events.list(EventFilter(statuses=options.statuses, date_from=options.date_from,
                                          date_to=options.date_to))
    tick()
    left_out = 0
    if not options.includes_suggestions:
        left_out = case.events.count(EventFilter(statuses=(Status.SUGGESTED,), date_from=options.date_from,
                                                 date_to=options.date_to))
    shown_ids = {e.id for e in events}
    per_party: Counter[int] = Counter(pid for e in events for pid in e.party_ids)
    party_statuses = {Status.CONFIRMED, Status.DISPUTED} | ({Status.SUGGESTED} & set(options.statuses))
    parties = [p for p in case.parties.list() if p.status in party_statuses]
    exhibits = case.evidence.list()
    tick()
    by_id = {x.id: x for x in exhibits}
    notes = case.notes.list() if options.has("notes") else []
    tick()

    exhibit_entries = tuple(_exhibit(case, x, by_id, options) for x in exhibits)
    tick()
    note_entries = tuple(_notes(case, notes, shown_ids, {p.id: p for p in parties}, by_id))
    return SummaryData(
        title=options.title or info.title,
        description=info.description,
        printed_at=now or datetime.now(),
        counts=(
            CountLine("Parties", len(parties), counts.parties),
            CountLine("Events", len(events), counts.events),
            CountLine("Exhibits", len(exhibits), counts.evidence),
            CountLine("Notes", len(note_entries), counts.notes),
        ),
        options=options,
        parties=tuple(_party(p, per_party[p.id]) for p in parties),
        events=tuple(_event(e) for e in events),
        exhibits=exhibit_entries,
        notes=note_entries,
        suggestions_left_out=left_out,
        timeline=_timeline(case, options),
        disagreements=disagreement_entries(case, options.date_from, options.date_to)
        if options.has("disagreements") else (),
    )


def all_text(data: SummaryData) -> list[str]:
    """Every string the summary prints that comes from the user's material (to check the fonts cover it)."""
    out = [data.title, data.description]
    for p in data.parties:
        out += [p.name, p.description, *p.aliases]
    for e in data.events:
        out += [e.title, e.description, e.date, *e.parties, *(c.quote for c in e.citations)]
    for x in data.exhibits:
        out += [x.title, x.source, x.filename]
    out += [n.markdown for n in data.notes]
    return out + disagreement_text(data.disagreements)


def _timeline(case: SummarySource, options: SummaryOptions) -> TimelinePage | None:
    """The timeline graphic's events: those the chronology prints (one light query). It accompanies the
    chronology in a summary; a chronology-only print stays a plain table."""
    if "chronology" not in options.sections or len(options.sections) == 1:
        return None
    return timeline_page(case, EventFilter(statuses=options.statuses, date_from=options.date_from,
                                           date_to=options.date_to))


def _party(p: PartyRecord, n_events: int) -> PartyEntry:
    return PartyEntry(p.name, p.kind.label, p.role.label, p.aliases, _first_line(p.description), n_events, p.status)


def _event(e: EventRecord) -> EventEntry:
    cites = tuple(
        CitationEntry(c.locator(), c.exhibit, " ".join(c.quote.split()))
        for c in sorted(e.citations, key=lambda c: (c.exhibit or 0, c.page or 0, c.time_ms or 0))
    )
    return EventEntry(e.id, e.date.display(), e.title, e.description.strip(), e.party_names, e.status, cites)


def _exhibit(case: SummarySource, x: EvidenceRecord, by_id: dict[int, EvidenceRecord],
             options: SummaryOptions) -> ExhibitEntry:
    thumb = None
    if options.thumbnails and options.has("exhibits") and x.has_thumbnail and x.kind in THUMBNAIL_KINDS:
        thumb = case.evidence.thumbnail(x.id)
    parent = by_id.get(x.parent_id) if x.parent_id is not None else None
    source = x.url or x.author or ""
    if x.url and x.author:
        source = f"{x.author} — {x.url}"
    captured = (x.metadata or {}).get("capture") or {}
    if captured.get("ended"):  # a web capture: the address and when it was captured
        source += f" (captured {str(captured['ended']).replace('T', ' ')[:19]} UTC)"
    return ExhibitEntry(
        exhibit=x.exhibit,
        title=x.title or x.filename,
        kind=x.kind.label,
        date=x.published.display() if x.published else "",
        source=source,
        filename=x.filename,
        size=format_size_exact(x.size),
        sha256=x.sha256 or "",
        parent_exhibit=parent.exhibit if parent else None,
        relation=x.relation,
        thumbnail_png=thumb,
    )


def _notes(case: SummarySource, notes: list[NoteRecord], shown_events: set[int],
           parties: dict[int, PartyRecord], exhibits: dict[int, EvidenceRecord]) -> list[NoteEntry]:
    """Case notes first, then notes on events (in chronology order), parties and exhibits.

    A note on an event, party or exhibit left out of this summary is left out with it.
    """
    groups: dict[TargetType, list[tuple[object, NoteEntry]]] = {t: [] for t in TargetType}
    events: dict[int, EventRecord] = {}
    wanted = [n.target_id for n in notes if n.target_type is TargetType.EVENT and n.target_id in shown_events]
    for eid in dict.fromkeys(wanted):
        events[eid] = case.events.get(eid)
    for n in notes:
        if not n.text.strip():
            continue
        updated = format_day(n.updated_at)
        if n.target_type is TargetType.CASE:
            groups[TargetType.CASE].append((n.created_at, NoteEntry("Case", n.text, updated)))
        elif n.target_type is TargetType.EVENT and n.target_id in events:
            e = events[n.target_id]
            key = (e.date.sort_key(), e.id, n.created_at)
            groups[TargetType.EVENT].append((key, NoteEntry(f"Event: {e.date.display()} — {e.title}", n.text,
                                                            updated)))
        elif n.target_type is TargetType.PARTY and n.target_id in parties:
            p = parties[n.target_id]
            groups[TargetType.PARTY].append(((p.name.casefold(), n.created_at),
                                             NoteEntry(f"Party: {p.name}", n.text, updated)))
        elif n.target_type is TargetType.EVIDENCE and n.target_id in exhibits:
            x = exhibits[n.target_id]
            groups[TargetType.EVIDENCE].append(((x.exhibit, n.created_at),
                                                NoteEntry(f"Ex. {x.exhibit}: {x.title or x.filename}", n.text,
                                                          updated)))
    out: list[NoteEntry] = []
    for t in (TargetType.CASE, TargetType.EVENT, TargetType.PARTY, TargetType.EVIDENCE):
        out.extend(entry for _key, entry in sorted(groups[t], key=lambda kv: kv[0]))  # type: ignore[arg-type,return-value]
    return out
