"""Parties: people, organizations, outlets and accounts; aliases, mentions, review and merging."""

from __future__ import annotations

import builtins
import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, func, select, update
from sqlalchemy.orm import Session, selectinload

from casefile.db.models import Event, Evidence, Mention, Note, Party, PartyAlias, Tag, event_party, party_tag
from casefile.domain.enums import Origin, PartyKind, PartyRole, Status
from casefile.domain.errors import NotFoundError, ValidationError
from casefile.domain.records import MentionRecord, PartyDraft, PartyRecord, draft_of
from casefile.services.base import Service, add_row, audit, claim
from casefile.services.convert import note_record, party_record
from casefile.services.names import alias_key, norm_name
from casefile.services.tags import tags_by_name

_LOAD = (selectinload(Party.aliases), selectinload(Party.tags))


@dataclass(frozen=True)
class MergeResult:
    """Enough to undo a merge: the removed party as it was, and what moved to the kept one."""

    kept_id: int
    removed: PartyRecord
    kept_before: PartyRecord
    moved_event_ids: tuple[int, ...]
    moved_mention_ids: tuple[int, ...]
    moved_note_ids: tuple[int, ...]
    asserted_event_ids: tuple[int, ...]


class PartyService(Service):
    def list(self, statuses: Iterable[Status] | None = None) -> list[PartyRecord]:
        with self._read() as s:
            return _records(s, statuses)

    def names(self, statuses: Iterable[Status] | None = None) -> builtins.list[tuple[int, str, PartyKind]]:
        """(id, name, kind) of each party by name: one light query for pickers such as the Timeline's party
        filter (`list` also gathers aliases, tags and counts: 100+ ms at 2,000 parties)."""
        stmt = select(Party.id, Party.name, Party.kind).order_by(func.lower(Party.name))
        if statuses is not None:
            stmt = stmt.where(Party.status.in_([st.value for st in statuses]))
        with self._read() as s:
            return [(pid, name, PartyKind(kind)) for pid, name, kind in s.execute(stmt)]

    def get(self, party_id: int) -> PartyRecord:
        with self._read() as s:
            row = _row(s, party_id)
            return party_record(row, *_counts(s, [party_id]).get(party_id, (0, 0)))

    def find(self, name: str) -> PartyRecord | None:
        """The party whose name or an alias matches `name` (normalised)."""
        with self._read() as s:
            row = match_party(s, [name])
            return party_record(row) if row else None

    def mentions(self, party_id: int) -> builtins.list[MentionRecord]:
        return self._mentions(Mention.party_id == party_id, Evidence.exhibit, Mention.char_start)

    def mention_snippets(self, party_id: int, limit: int, width: int = 45
                         ) -> tuple[builtins.list[tuple[MentionRecord, str, int]], int]:
        """The first `limit` mentions of a party, each with `width` characters of its text either side (cut in
        SQL: no exhibit's whole text is read) and where that excerpt starts; and how many mentions there are."""
        start = case((Mention.char_start > width, Mention.char_start - width), else_=0)
        excerpt = func.substr(Evidence.text, start + 1, Mention.char_end - start + width + 1)  # +1: is there more?
        stmt = (
            select(Mention, Evidence.exhibit, excerpt, start)
            .join(Evidence, Evidence.id == Mention.evidence_id)
            .where(Mention.party_id == party_id)
            .order_by(Evidence.exhibit, Mention.char_start)
            .limit(limit)
        )
        with self._read() as s:
            rows = [(_mention(m, ex), text or "", int(at)) for m, ex, text, at in s.execute(stmt)]
            total = len(rows) if len(rows) < limit else s.scalar(
                select(func.count()).select_from(Mention).where(Mention.party_id == party_id)) or 0
        return rows, total

    def mentions_in(self, evidence_id: int) -> builtins.list[MentionRecord]:
        """Every party mention inside one exhibit's text, in reading order (for marking them in a preview)."""
        return self._mentions(Mention.evidence_id == evidence_id, Mention.char_start)

    def _mentions(self, where: ColumnElement[bool], *order: Any) -> builtins.list[MentionRecord]:
        stmt = select(Mention, Evidence.exhibit).join(Evidence, Evidence.id == Mention.evidence_id).where(where)
        with self._read() as s:
            return [_mention(m, ex) for m, ex in s.execute(stmt.order_by(*order))]

    # writing --------------------------------------------------------------------------------------
    def create(self, draft: PartyDraft, *, party_id: int | None = None) -> int:
        if not draft.name.strip():
            raise ValidationError("A party needs a name.")
        with self._write() as s:
            return add_row(s, Party(id=party_id), _apply, draft, f"Added party '{draft.name.strip()}'")

    def update(self, party_id: int, draft: PartyDraft, expected_version: int | None = None) -> PartyRecord:
        """Save `draft`; returns the party as it was, carrying the version this edit wrote (for undo).
        `StaleEditError` when someone else saved since the copy read at `expected_version`."""
        if not draft.name.strip():
            raise ValidationError("A party needs a name.")
        with self._write() as s:
            version = claim(s, Party, party_id, expected_version, "party", _current_of(party_id))
            row = _row(s, party_id)
            before = dataclasses.replace(party_record(row), version=version)
            _apply(s, row, draft)
            audit(s, "update", "party", party_id, f"Edited party '{row.name}'", before=before, after=draft)
            return before

    def set_status(self, party_ids: Iterable[int], status: Status,
                   versions: dict[int, int] | None = None) -> dict[int, Status]:
        with self._write() as s:
            previous: dict[int, Status] = {}
            for pid in party_ids:
                claim(s, Party, pid, (versions or {}).get(pid), "party", _current_of(pid))
                row = _row(s, pid)
                previous[pid] = Status(row.status)
                row.status = status.value
                audit(s, status.value, "party", pid, f"{status.label} party '{row.name}'",
                      before={"status": previous[pid].value}, after={"status": status.value})
            return previous

    def restore_statuses(self, previous: dict[int, Status]) -> None:
        with self._write() as s:
            for pid, status in previous.items():
                claim(s, Party, pid, None, "party", _current_of(pid))
                row = _row(s, pid)
                row.status = status.value
                audit(s, "status", "party", pid, f"Set party status to {status.value}", after={"status": status.value})

    def confirm(self, party_ids: Iterable[int]) -> dict[int, Status]:
        return self.set_status(party_ids, Status.CONFIRMED)

    def dismiss(self, party_ids: Iterable[int]) -> dict[int, Status]:
        return self.set_status(party_ids, Status.DISMISSED)

    def delete(self, party_id: int) -> tuple[PartyRecord, tuple[int, ...], tuple[MentionRecord, ...]]:
        """Delete a party; returns it with its event links and mentions so undo can restore them."""
        with self._write() as s:
            row = _row(s, party_id)
            rec = dataclasses.replace(
                party_record(row),
                notes=tuple(note_record(n) for n in s.scalars(select(Note).where(Note.party_id == party_id))),
                asserted_event_ids=tuple(s.scalars(select(Event.id).where(Event.asserted_by_id == party_id))),
            )
            event_ids = tuple(s.scalars(select(event_party.c.event_id).where(event_party.c.party_id == party_id)))
            mentions = tuple(
                MentionRecord(m.party_id, m.evidence_id, 0, m.char_start, m.char_end, m.text)
                for m in s.scalars(select(Mention).where(Mention.party_id == party_id))
            )
            s.delete(row)
            audit(s, "delete", "party", party_id, f"Deleted party '{rec.name}'", before=rec)
            return rec, event_ids, mentions

    def restore(self, rec: PartyRecord, event_ids: Iterable[int] = (), mentions: Iterable[MentionRecord] = ()) -> None:
        with self._write() as s:
            row = Party(id=rec.id)
            s.add(row)
            _apply(s, row, draft_of(rec))
            s.flush()
            for ev in s.scalars(select(Event).where(Event.id.in_(list(event_ids)))):
                ev.parties.append(row)
            for m in mentions:
                s.add(Mention(party_id=row.id, evidence_id=m.evidence_id, char_start=m.char_start,
                              char_end=m.char_end, text=m.text))
            for n in rec.notes:
                s.add(Note(id=n.id, text=n.text, party_id=row.id, created_at=n.created_at, updated_at=n.updated_at))
            if rec.asserted_event_ids:
                s.execute(update(Event).where(Event.id.in_(rec.asserted_event_ids)).values(asserted_by_id=row.id)
                          .execution_options(synchronize_session=False))
            audit(s, "restore", "party", rec.id, f"Restored party '{rec.name}'", after=rec)

    def merge(self, keep_id: int, other_id: int) -> MergeResult:
        """Fold `other` into `keep`: its name and aliases become aliases; links, mentions and notes move."""
        if keep_id == other_id:
            raise ValidationError("Choose two different parties to merge.")
        with self._write() as s:
            claim(s, Party, keep_id, None, "party", _current_of(keep_id))
            keep, other = _row(s, keep_id), _row(s, other_id)
            kept_before, removed = party_record(keep), party_record(other)
            known = {alias_key(a.alias) for a in keep.aliases} | {alias_key(keep.name)}
            for alias in (other.name, *[a.alias for a in other.aliases]):
                k = alias_key(alias)
                if k and k not in known:
                    keep.aliases.append(PartyAlias(alias=alias, norm=norm_name(alias)))
                    known.add(k)
            moved_events: list[int] = []
            for ev in list(other.events):
                if keep not in ev.parties:
                    ev.parties.append(keep)
                    moved_events.append(ev.id)
            mention_ids = tuple(s.scalars(select(Mention.id).where(Mention.party_id == other_id)))
            # Plain UPDATEs, as on the tables before: the session's loaded rows are left as they are.
            s.execute(update(Mention).where(Mention.party_id == other_id).values(party_id=keep_id)
                      .execution_options(synchronize_session=False))
            note_ids = tuple(s.scalars(select(Note.id).where(Note.party_id == other_id)))
            s.execute(update(Note).where(Note.party_id == other_id).values(party_id=keep_id)
                      .execution_options(synchronize_session=False))
            asserted = tuple(s.scalars(select(Event.id).where(Event.asserted_by_id == other_id)))
            s.execute(update(Event).where(Event.asserted_by_id == other_id).values(asserted_by_id=keep_id)
                      .execution_options(synchronize_session=False))
            if other.description and not keep.description:
                keep.description = other.description
            if Status(keep.status) is Status.SUGGESTED and Status(other.status) is Status.CONFIRMED:
                keep.status = Status.CONFIRMED.value
            s.expire(other)
            s.delete(other)
            audit(s, "merge", "party", keep_id, f"Merged '{removed.name}' into '{keep.name}'",
                  before={"kept": kept_before, "removed": removed})
            return MergeResult(keep_id, removed, kept_before, tuple(moved_events), mention_ids, note_ids, asserted)

    def undo_merge(self, result: MergeResult) -> None:
        with self._write() as s:
            claim(s, Party, result.kept_id, None, "party", _current_of(result.kept_id))
            keep = _row(s, result.kept_id)
            _apply(s, keep, draft_of(result.kept_before))
            keep.status = result.kept_before.status.value
            other = Party(id=result.removed.id)
            s.add(other)
            _apply(s, other, draft_of(result.removed))
            s.flush()
            for ev in s.scalars(select(Event).where(Event.id.in_(result.moved_event_ids))):
                if keep in ev.parties:
                    ev.parties.remove(keep)
                ev.parties.append(other)
            ids = list(result.moved_mention_ids)
            s.execute(update(Mention).where(Mention.id.in_(ids)).values(party_id=other.id)
                      .execution_options(synchronize_session=False))
            s.execute(update(Note).where(Note.id.in_(list(result.moved_note_ids))).values(party_id=other.id)
                      .execution_options(synchronize_session=False))
            s.execute(update(Event).where(Event.id.in_(list(result.asserted_event_ids)))
                      .values(asserted_by_id=other.id).execution_options(synchronize_session=False))
            audit(s, "unmerge", "party", other.id, f"Undid merge of '{result.removed.name}'")


def _mention(m: Mention, exhibit: int) -> MentionRecord:
    return MentionRecord(m.party_id, m.evidence_id, exhibit, m.char_start, m.char_end, m.text)


def _current_of(party_id: int) -> Callable[[Session], PartyRecord]:
    """Reads the party as it is now (for a `StaleEditError`)."""
    def read(s: Session) -> PartyRecord:
        return party_record(_row(s, party_id), *_counts(s, [party_id]).get(party_id, (0, 0)))
    return read


def _row(s: Session, party_id: int) -> Party:
    row = s.scalars(select(Party).where(Party.id == party_id).options(*_LOAD)).first()
    if row is None:
        raise NotFoundError(f"Party {party_id} does not exist (it may have been deleted or merged).")
    return row


def _apply(s: Session, row: Party, d: PartyDraft) -> None:
    row.name = d.name.strip()
    row.name_norm = norm_name(row.name)
    row.kind = d.kind.value
    row.role = d.role.value
    row.description = d.description
    row.status = d.status.value
    row.origin = d.origin.value
    row.tags = tags_by_name(s, d.tags)
    existing = {alias_key(a.alias): a for a in row.aliases}
    keep: list[PartyAlias] = []
    seen = {alias_key(row.name)}
    for alias in d.aliases:
        k = alias_key(alias)
        if not k or k in seen or not norm_name(alias):
            continue
        seen.add(k)
        keep.append(existing.get(k) or PartyAlias(alias=alias.strip(), norm=norm_name(alias)))
    row.aliases = keep


def _counts(s: Session, ids: list[int] | None = None) -> dict[int, tuple[int, int]]:
    ev = select(event_party.c.party_id, func.count()).group_by(event_party.c.party_id)
    mn = select(Mention.party_id, func.count()).group_by(Mention.party_id)
    if ids is not None:
        ev = ev.where(event_party.c.party_id.in_(ids))
        mn = mn.where(Mention.party_id.in_(ids))
    events = {k: v for k, v in s.execute(ev)}
    mentions = {k: v for k, v in s.execute(mn)}
    return {pid: (events.get(pid, 0), mentions.get(pid, 0)) for pid in set(events) | set(mentions)}


def _records(s: Session, statuses: Iterable[Status] | None) -> list[PartyRecord]:
    """Every party as a record, in three flat queries (parties, aliases, tags) without ORM objects:
    loading 2,000 `Party` objects with their aliases and tags took 250–330 ms and both the Timeline and the
    Parties tab list the parties when a case opens."""
    stmt = select(
        Party.id, Party.name, Party.kind, Party.role, Party.description, Party.status, Party.origin,
        Party.confidence,
    ).order_by(func.lower(Party.name))
    if statuses is not None:
        stmt = stmt.where(Party.status.in_([st.value for st in statuses]))
    rows = s.execute(stmt).all()
    aliases: dict[int, list[str]] = {}
    for pid, alias in s.execute(select(PartyAlias.party_id, PartyAlias.alias).order_by(PartyAlias.id)):
        aliases.setdefault(pid, []).append(alias)
    tags: dict[int, list[str]] = {}
    for pid, name in s.execute(select(party_tag.c.party_id, Tag.name).join(Tag, Tag.id == party_tag.c.tag_id)):
        tags.setdefault(pid, []).append(name)
    counts = _counts(s)
    out = []
    for pid, name, kind, role, description, status, origin, confidence in rows:
        n_events, n_mentions = counts.get(pid, (0, 0))
        out.append(PartyRecord(
            id=pid, name=name, kind=PartyKind(kind), role=PartyRole(role), aliases=tuple(aliases.get(pid, ())),
            description=description, status=Status(status), origin=Origin(origin),
            tags=tuple(sorted(tags.get(pid, ()))), event_count=n_events, mention_count=n_mentions,
            confidence=confidence,
        ))
    return out


def match_party(s: Session, names: Iterable[str]) -> Party | None:
    """The existing party whose name or alias equals any of `names` once normalised."""
    norms = [n for n in (norm_name(x) for x in names) if n]
    if not norms:
        return None
    hit = s.scalars(
        select(Party).join(PartyAlias, PartyAlias.party_id == Party.id).where(PartyAlias.norm.in_(norms))
    ).first()
    if hit is not None:
        return hit
    return s.scalars(select(Party).where(Party.name_norm.in_(norms)).order_by(Party.id)).first()
