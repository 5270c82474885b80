"""Timeline events: create, edit, link to parties and sources, review suggestions, list in pages."""

from __future__ import annotations

import builtins
import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, TextClause, and_, bindparam, func, literal, or_, select, update
from sqlalchemy.orm import Session, selectinload

from casefile.db.models import Event, EventSource, Evidence, Note, Party, Tag, event_party, event_tag
from casefile.db.portable import day_number, event_text_match, group_concat, text_like
from casefile.domain.dates import EventDate
from casefile.domain.enums import DateQualifier, Origin, Status
from casefile.domain.errors import NotFoundError, ValidationError
from casefile.domain.records import Citation, EventDraft, EventFilter, EventRecord, EventRow, draft_of
from casefile.domain.sources import Position
from casefile.services.base import Service, add_row, audit, bump_versions, claim
from casefile.services.convert import PASSAGE, event_date, event_record, note_record
from casefile.services.tags import tags_by_name
from casefile.services.text_query import fts_query, like_escaped, pg_tsquery

_LOAD = (
    selectinload(Event.parties),
    selectinload(Event.sources).selectinload(EventSource.evidence),
    selectinload(Event.tags),
)


class EventService(Service):
    # reading --------------------------------------------------------------------------------------
    def get(self, event_id: int) -> EventRecord:
        with self._read() as s:
            return event_record(self._row(s, event_id))

    def list(self, flt: EventFilter | None = None) -> list[EventRecord]:
        """Every matching event with its links (for exports and reports; the GUI pages with `rows`)."""
        with self._read() as s:
            ids = select(Event.id)
            ids = self._filtered(ids, flt or EventFilter())
            stmt = select(Event).where(Event.id.in_(ids)).order_by(Event.date_start, Event.id).options(*_LOAD)
            return [event_record(r) for r in s.scalars(stmt)]

    def count(self, flt: EventFilter | None = None) -> int:
        with self._read() as s:
            stmt = self._filtered(select(func.count()).select_from(Event), flt or EventFilter())
            return int(s.scalar(stmt) or 0)

    def rows(
        self, flt: EventFilter | None = None, offset: int = 0, limit: int = 200, descending: bool = False,
        order: str = "date",
    ) -> builtins.list[EventRow]:
        """A page of Timeline rows in date order (or by `order="confidence"`, weakest first), computed in SQL
        (no ORM objects for big cases)."""
        parties = (
            select(group_concat(Party.name, "; "))
            .select_from(event_party.join(Party, Party.id == event_party.c.party_id))
            .where(event_party.c.event_id == Event.id)
            .scalar_subquery()
        )
        sources = (
            select(func.count()).select_from(EventSource).where(EventSource.event_id == Event.id).scalar_subquery()
        )
        tags = (
            select(group_concat(Tag.name, ", "))
            .select_from(event_tag.join(Tag, Tag.id == event_tag.c.tag_id))
            .where(event_tag.c.event_id == Event.id)
            .scalar_subquery()
        )
        keys = _order_keys(order)
        order_by = [k.desc() for k in keys] if descending else keys
        stmt = select(
            Event.id,
            Event.date_start,
            Event.date_qualifier,
            Event.date_end,
            Event.title,
            parties,
            sources,
            Event.status,
            Event.origin,
            tags,
            Event.confidence,
            Event.forecast,
            Event.version,
        )
        if offset and self.ctx.backend == "postgresql":
            # PostgreSQL works out the select list (the parties and tags subqueries) for every row OFFSET skips:
            # choose the page's ids first, then describe only those (deep page at 100k events: see bench_pg.py)
            page = self._filtered(select(Event.id), flt or EventFilter()).order_by(*order_by).offset(offset)
            stmt = stmt.where(Event.id.in_(page.limit(limit).scalar_subquery())).order_by(*order_by)
        else:
            stmt = self._filtered(stmt, flt or EventFilter()).order_by(*order_by).offset(offset).limit(limit)
        out: list[EventRow] = []
        with self._read() as s:
            for r in s.execute(stmt):
                out.append(
                    EventRow(
                        id=r[0],
                        date=event_date(r[1], r[2], r[3]),
                        title=r[4],
                        parties=r[5] or "",
                        source_count=int(r[6] or 0),
                        status=Status(r[7]),
                        origin=Origin(r[8]),
                        tags=r[9] or "",
                        confidence=r[10],
                        forecast=bool(r[11]),
                        version=int(r[12] or 0),
                    )
                )
        return out

    def positions(self, flt: EventFilter | None = None) -> builtins.list[Position]:
        """(id, day, status, first party id, bar start, bar end, forecast, title) of every matching event, by
        date: one light query for the visual timeline. Days are proleptic ordinals (date.toordinal()) plus the
        time as a fraction. The bar (None for a point) shows what the date leaves open: the stretch of a
        `between` or `from–to` date, the margin of an `around` date, the whole month or year of a vague date."""
        party = (
            select(func.min(event_party.c.party_id))
            .where(event_party.c.event_id == Event.id)
            .scalar_subquery()
        )
        stmt = select(Event.id, day_number(Event.date_start), Event.status, party,
                      day_number(Event.date_end), Event.forecast, Event.title, Event.date_qualifier,
                      Event.date_precision)
        stmt = self._filtered(stmt, flt or EventFilter()).order_by(Event.date_start, Event.id)
        out: list[Position] = []
        with self._read() as s:
            for r in s.execute(stmt):
                day = float(r[1] or 0.0)
                bar = _bar(day, float(r[4]) if r[4] is not None else None, r[7], r[8])
                out.append((r[0], day, r[2], r[3], bar[0], bar[1], bool(r[5]), r[6] or ""))
        return out

    def position_of(
        self, event_id: int, flt: EventFilter | None = None, descending: bool = False, order: str = "date"
    ) -> int | None:
        """The row `event_id` has in `rows(flt, descending=..., order=...)`, or None when the filter hides it."""
        with self._read() as s:
            if order == "confidence":
                return self._confidence_position(s, event_id, flt or EventFilter(), descending)
            start = s.scalar(select(Event.date_start).where(Event.id == event_id))
            if start is None:
                return None
            shown = self._filtered(select(func.count()).select_from(Event).where(Event.id == event_id),
                                   flt or EventFilter())
            if not s.scalar(shown):
                return None
            if descending:
                before = or_(Event.date_start > start, and_(Event.date_start == start, Event.id > event_id))
            else:
                before = or_(Event.date_start < start, and_(Event.date_start == start, Event.id < event_id))
            stmt = self._filtered(select(func.count()).select_from(Event).where(before), flt or EventFilter())
            return int(s.scalar(stmt) or 0)

    def _confidence_position(self, s: Session, event_id: int, flt: EventFilter, descending: bool) -> int | None:
        keys = _order_keys("confidence")
        mine = s.execute(select(*keys).where(Event.id == event_id)).first()
        if mine is None:
            return None
        shown = self._filtered(select(func.count()).select_from(Event).where(Event.id == event_id), flt)
        if not s.scalar(shown):
            return None
        # lexicographic "comes before" over (confidence, date, id)
        before: ColumnElement[bool] | None = None
        for i in reversed(range(len(keys))):
            cmp = keys[i] > mine[i] if descending else keys[i] < mine[i]
            term = cmp if before is None else or_(cmp, and_(keys[i] == mine[i], before))
            before = term
        assert before is not None
        return int(s.scalar(self._filtered(select(func.count()).select_from(Event).where(before), flt)) or 0)

    def to_review_count(self, flt: EventFilter | None = None) -> int:
        """Suggestions still awaiting a verdict among what `flt` matches apart from its statuses."""
        base = dataclasses.replace(flt or EventFilter(), statuses=(Status.SUGGESTED,), to_review=False)
        return self.count(base)

    def tag_names(self) -> builtins.list[str]:
        """Tags used on events, for the Timeline's tag filter."""
        with self._read() as s:
            stmt = (
                select(Tag.name)
                .join(event_tag, event_tag.c.tag_id == Tag.id)
                .group_by(Tag.name)  # not DISTINCT: PostgreSQL orders a DISTINCT only by what it selects
                .order_by(func.lower(Tag.name))
            )
            return list(s.scalars(stmt))

    def date_extent(self) -> tuple[str, str] | None:
        with self._read() as s:
            lo, hi = s.execute(
                select(func.min(Event.date_start), func.max(func.coalesce(Event.date_end, Event.date_start))).where(
                    Event.status != Status.DISMISSED.value
                )
            ).one()
            return (lo, hi) if lo else None

    def for_evidence(self, evidence_id: int) -> builtins.list[EventRecord]:
        return self.list(EventFilter(evidence_id=evidence_id, statuses=tuple(Status)))

    def for_party(self, party_id: int) -> builtins.list[EventRecord]:
        return self.list(EventFilter(party_id=party_id, statuses=tuple(Status)))

    # writing --------------------------------------------------------------------------------------
    def create(self, draft: EventDraft, *, event_id: int | None = None) -> int:
        _check(draft)
        with self._write() as s:
            return add_row(s, Event(id=event_id), _apply, draft, f"Created event '{draft.title}'")

    def update(self, event_id: int, draft: EventDraft, expected_version: int | None = None) -> EventRecord:
        """Replace an event's fields and links with `draft`; returns the record as it was, carrying the version
        this edit wrote (what an undo passes back). `expected_version`: the version the user's copy was read
        at; `StaleEditError` when someone else saved since."""
        _check(draft)
        with self._write() as s:
            version = claim(s, Event, event_id, expected_version, "event", self._current(event_id))
            row = self._row(s, event_id)
            before = dataclasses.replace(event_record(row), version=version)
            _apply(s, row, draft)
            audit(s, "update", "event", event_id, f"Edited event '{draft.title}'", before=before, after=draft)
            return before

    def delete(self, event_ids: Iterable[int]) -> builtins.list[EventRecord]:
        """Delete events; returns what was deleted so it can be restored (undo)."""
        with self._write() as s:
            gone: list[EventRecord] = []
            for eid in event_ids:
                row = self._row(s, eid)
                notes = tuple(note_record(n) for n in s.scalars(select(Note).where(Note.event_id == eid)))
                rec = dataclasses.replace(event_record(row), notes=notes)
                s.delete(row)
                audit(s, "delete", "event", eid, f"Deleted event '{rec.title}'", before=rec)
                gone.append(rec)
            return gone

    def restore(self, records: Sequence[EventRecord]) -> None:
        """Re-create deleted events with their ids, links and citations."""
        with self._write() as s:
            for rec in records:
                row = Event(id=rec.id)
                s.add(row)
                _apply(s, row, draft_of(rec))
                s.flush()
                for n in rec.notes:
                    s.add(Note(id=n.id, text=n.text, event_id=rec.id, created_at=n.created_at,
                               updated_at=n.updated_at))
                audit(s, "restore", "event", rec.id, f"Restored event '{rec.title}'", after=rec)

    def set_status(self, event_ids: Iterable[int], status: Status,
                   versions: dict[int, int] | None = None) -> dict[int, Status]:
        """Confirm, dispute or dismiss; returns the previous status of each event (for undo). `versions`: the
        version each was read at (`StaleEditError`, nothing saved, when one changed since)."""
        with self._write() as s:
            previous: dict[int, Status] = {}
            for eid in event_ids:
                claim(s, Event, eid, (versions or {}).get(eid), "event", self._current(eid))
                row = self._row(s, eid)
                previous[eid] = Status(row.status)
                if row.status != status.value:
                    row.status = status.value
                    audit(
                        s, status.value, "event", eid, f"{status.label} event '{row.title}'",
                        before={"status": previous[eid].value}, after={"status": status.value},
                    )
            return previous

    def set_status_where(self, flt: EventFilter, status: Status) -> dict[int, Status]:
        """Give every event `flt` matches the verdict `status` in one transaction and one SQL update (the
        whole filtered list, not just the rows a view fetched); returns each changed event's previous status."""
        with self._write() as s:
            ids = self._filtered(select(Event.id, Event.status), flt).where(Event.status != status.value)
            if s.get_bind().dialect.name == "postgresql":
                # read committed: the statuses read and the rows updated must be the same, so lock them as read
                # and return what each was (another person's change in between would be lost to undo)
                old = ids.with_for_update(of=Event).cte("old")
                returned = s.execute(update(Event).where(Event.id == old.c.id)
                                     .values(status=status.value, version=Event.version + 1)
                                     .returning(old.c.id, old.c.status)
                                     .execution_options(synchronize_session=False))
                previous = {int(r[0]): Status(r[1]) for r in returned}
                if previous:
                    audit(s, status.value, "event", None, f"{status.label}: {len(previous):,} events at once",
                          before={"count": len(previous)}, after={"status": status.value})
                return previous
            previous = {int(r[0]): Status(r[1]) for r in s.execute(ids)}
            if not previous:
                return previous
            # set-based: one UPDATE over the filter (not 900-id IN lists: 100k events were 220 statements)
            matching = self._filtered(select(Event.id), flt).where(Event.status != status.value)
            s.execute(update(Event).where(Event.id.in_(matching))
                      .values(status=status.value, version=Event.version + 1)
                      .execution_options(synchronize_session=False))
            audit(s, status.value, "event", None, f"{status.label}: {len(previous):,} events at once",
                  before={"count": len(previous)}, after={"status": status.value})
            return previous

    def dismiss_suggestions_from(self, evidence_id: int) -> dict[int, Status]:
        """Dismiss every suggestion citing exhibit `evidence_id` (confirmed and disputed events stay)."""
        return self.set_status_where(EventFilter(evidence_id=evidence_id, statuses=(Status.SUGGESTED,)),
                                     Status.DISMISSED)

    def restore_statuses(self, previous: dict[int, Status]) -> None:
        with self._write() as s:
            if len(previous) > 20:  # a bulk verdict: one update per status, one audit entry
                by_status: dict[Status, list[int]] = {}
                for eid, status in previous.items():
                    by_status.setdefault(status, []).append(eid)
                for status, ids in by_status.items():
                    _bulk_status(s, ids, status)
                    bump_versions(s, Event, ids)
                audit(s, "status", "event", None, f"Restored the status of {len(previous):,} events",
                      before={"count": len(previous)})
                return
            for eid, status in previous.items():
                claim(s, Event, eid, None, "event", self._current(eid))
                row = self._row(s, eid)
                audit(s, "status", "event", eid, f"Set event status to {status.value}",
                      before={"status": row.status}, after={"status": status.value})
                row.status = status.value

    def confirm(self, event_ids: Iterable[int]) -> dict[int, Status]:
        return self.set_status(event_ids, Status.CONFIRMED)

    def dismiss(self, event_ids: Iterable[int]) -> dict[int, Status]:
        return self.set_status(event_ids, Status.DISMISSED)

    def add_citation(self, event_id: int, citation: Citation) -> int:
        with self._write() as s:
            claim(s, Event, event_id, None, "event", self._current(event_id))
            row = self._row(s, event_id)
            src = _source(s, citation)
            row.sources.append(src)
            s.flush()
            audit(s, "cite", "event", event_id, f"Cited Ex. {src.evidence.exhibit} on '{row.title}'",
                  after=citation)
            return src.id

    def remove_citation(self, citation_id: int) -> None:
        with self._write() as s:
            src = s.get(EventSource, citation_id)
            if src is None:
                raise NotFoundError("That citation no longer exists.")
            claim(s, Event, src.event_id, None, "event", self._current(src.event_id))
            audit(s, "uncite", "event", src.event_id, "Removed a citation", before={"quote": src.quote})
            s.delete(src)

    # helpers --------------------------------------------------------------------------------------
    def _current(self, event_id: int) -> Callable[[Session], EventRecord]:
        """The event as it is now, read for a `StaleEditError` (fresh from the database, not the session)."""
        return lambda s: event_record(self._row(s, event_id))

    def _row(self, s: Session, event_id: int) -> Event:
        row = s.scalars(select(Event).where(Event.id == event_id).options(*_LOAD)).first()
        if row is None:
            raise NotFoundError(f"Event {event_id} does not exist (it may have been deleted).")
        return row

    @staticmethod
    def _filtered(stmt: Select, flt: EventFilter) -> Select:
        conds: list[ColumnElement[bool] | TextClause] = []
        if flt.statuses and set(flt.statuses) != set(Status):
            conds.append(Event.status.in_([st.value for st in flt.statuses]))
        if flt.to_review:
            conds.append(Event.status == Status.SUGGESTED.value)
        if flt.event_ids is not None:  # integers written into the SQL: no cap on bound parameters
            conds.append(Event.id.in_(bindparam("only_ids", sorted(flt.event_ids), expanding=True,
                                                literal_execute=True)))
        if flt.min_confidence is not None:
            conds.append(or_(Event.confidence.is_(None), Event.confidence >= flt.min_confidence))
        if flt.party_id is not None:
            conds.append(
                Event.id.in_(select(event_party.c.event_id).where(event_party.c.party_id == flt.party_id))
            )
        if flt.tag:
            conds.append(
                Event.id.in_(
                    select(event_tag.c.event_id)
                    .join(Tag, Tag.id == event_tag.c.tag_id)
                    .where(Tag.name == flt.tag)
                )
            )
        if flt.evidence_id is not None:
            conds.append(
                Event.id.in_(select(EventSource.event_id).where(EventSource.evidence_id == flt.evidence_id))
            )
        if flt.date_from:
            conds.append(or_(Event.date_start >= flt.date_from, Event.date_end >= flt.date_from))
        if flt.date_to:
            conds.append(Event.date_start <= flt.date_to + "\uffff")
        typed = flt.text.replace("\x00", "").strip()  # (no text holds a NUL; PostgreSQL refuses one)
        if typed:
            q = fts_query(typed)
            if q is not None:
                # through the search index (db/portable.py: FTS5 on SQLite, as measured there: first page for 16k
                # hits 6 ms, no hits 12 ms at 100k events; the tsvector index on PostgreSQL)
                conds.append(event_text_match(q, pg_tsquery(typed) or ""))
            else:
                # no word to search (only signs): the text itself, with % and _ meaning themselves
                like = f"%{like_escaped(typed)}%"
                conds.append(or_(text_like(Event.title, like), text_like(Event.description, like)))
        return stmt.where(and_(*conds)) if conds else stmt


_MARGIN = {"minute": 1 / 24, "day": 3.0, "month": 30.0, "year": 365.0}  # either side of an "around" date
_LENGTH = {"month": 30.44, "year": 365.25}


def _bar(day: float, end: float | None, qualifier: str, precision: str) -> tuple[float | None, float | None]:
    if end is not None and qualifier in (DateQualifier.BETWEEN.value, DateQualifier.SPAN.value):
        return day, max(end, day)
    if qualifier == DateQualifier.AROUND.value:
        w = _MARGIN.get(precision, 3.0)
        return day - w, day + w
    if qualifier == DateQualifier.ON.value and precision in _LENGTH:
        return day, day + _LENGTH[precision]
    return None, None
_CHUNK = 900  # ids per IN (...) list, under SQLite's variable limit


def _order_keys(order: str) -> list[ColumnElement[Any]]:
    if order == "confidence":  # weakest suggestions first; hand-made events (no score) last
        return [func.coalesce(Event.confidence, literal(2.0)), Event.date_start.expression, Event.id.expression]
    return [Event.date_start.expression, Event.id.expression]


def _bulk_status(s: Session, ids: builtins.list[int], status: Status) -> None:
    for i in range(0, len(ids), _CHUNK):
        s.execute(update(Event).where(Event.id.in_(ids[i:i + _CHUNK])).values(status=status.value)
                  .execution_options(synchronize_session=False))


def _check(draft: EventDraft) -> None:
    if not draft.title.strip():
        raise ValidationError("An event needs a title.")


def _source(s: Session, c: Citation) -> EventSource:
    ev = s.get(Evidence, c.evidence_id)
    if ev is None:
        raise NotFoundError(f"Exhibit #{c.evidence_id} does not exist.")
    return EventSource(evidence=ev, evidence_id=ev.id, **{name: getattr(c, name) for name in PASSAGE})


def _apply(s: Session, row: Event, d: EventDraft) -> None:
    date: EventDate = d.date
    row.date_start = date.start.iso()
    row.date_precision = date.start.precision.value
    row.date_qualifier = date.qualifier.value
    ranged = date.qualifier in (DateQualifier.BETWEEN, DateQualifier.SPAN)
    row.date_end = date.end.iso() if date.end and ranged else None
    row.title = d.title.strip()
    row.description = d.description
    row.status = d.status.value
    row.origin = d.origin.value
    row.asserted_by_id = d.asserted_by
    parties = list(s.scalars(select(Party).where(Party.id.in_(d.party_ids)))) if d.party_ids else []
    if len(parties) != len(set(d.party_ids)):
        raise NotFoundError("A linked party no longer exists.")
    row.parties = parties
    row.tags = tags_by_name(s, d.tags)
    # replace sources: keep identical ones to preserve their ids
    wanted = [_source(s, c) for c in d.citations]
    row.sources = wanted
