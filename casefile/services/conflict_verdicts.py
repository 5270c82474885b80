"""The user's word on where sources disagree: a verdict on a disagreement, a manual link or unlink, "not the same
happening" — each one transaction, audited, returning what undo needs to put it back exactly."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from casefile.db.models import DisagreementVerdict, Event, EventAct, HappeningApart, HappeningEvent, Party
from casefile.domain.conflicts import Disagreement, LinkUndo, Verdict, VerdictUndo
from casefile.domain.enums import Origin, PartyKind, Status
from casefile.domain.errors import NotFoundError, ValidationError
from casefile.services.base import Service, audit, bump_versions, lock_happenings
from casefile.services.happening_match import join
from casefile.services.names import norm_name


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


class ConflictVerdicts(Service):
    def give(self, d: Disagreement, verdict: Verdict) -> VerdictUndo:
        """One is right (the other becomes disputed, asserted by its outlet), both stand disputed (each asserted
        by its own), or they are not the same happening (unlinked, remembered)."""
        if verdict is Verdict.NOT_SAME:
            return self.not_same(d.a.event_id, d.b.event_id)
        with self._write() as s:
            lock_happenings(s)
            rows = {e.id: e for e in s.scalars(select(Event).where(Event.id.in_(d.event_ids)).with_for_update())}
            if len(rows) != 2:
                raise NotFoundError("One of the two events no longer exists.")
            before = tuple((e.id, e.status, e.asserted_by_id) for e in rows.values())
            created: list[int] = []
            a, b = rows[d.a.event_id], rows[d.b.event_id]
            asserted_a = asserted_b = ""
            if verdict is Verdict.A_RIGHT:
                a.status, b.status = Status.CONFIRMED.value, Status.DISPUTED.value
                b.asserted_by_id, asserted_b = _asserter(s, d.b.outlet, created)
            elif verdict is Verdict.B_RIGHT:
                a.status, b.status = Status.DISPUTED.value, Status.CONFIRMED.value
                a.asserted_by_id, asserted_a = _asserter(s, d.a.outlet, created)
            else:
                a.status = b.status = Status.DISPUTED.value
                a.asserted_by_id, asserted_a = _asserter(s, d.a.outlet, created)
                b.asserted_by_id, asserted_b = _asserter(s, d.b.outlet, created)
            s.flush()
            bump_versions(s, Event, list(rows))
            ea, eb = _pair(d.a.event_id, d.b.event_id)
            if ea != d.a.event_id:
                asserted_a, asserted_b = asserted_b, asserted_a
            old = s.scalar(select(DisagreementVerdict).where(DisagreementVerdict.event_a == ea,
                                                             DisagreementVerdict.event_b == eb,
                                                             DisagreementVerdict.kind == d.kind.value))
            if old is not None:
                s.delete(old)
                s.flush()
            row = DisagreementVerdict(kind=d.kind.value, event_a=ea, event_b=eb, value_a=d.a.value[:300],
                                      value_b=d.b.value[:300], verdict=verdict.value, asserted_a=asserted_a[:300],
                                      asserted_b=asserted_b[:300], actor=self.ctx.actor(s)[:200])
            s.add(row)
            s.flush()
            audit(s, "verdict", "event", d.a.event_id,
                  f"Sources disagree ({d.kind.value}) on '{d.a.title}': {_said(verdict, d)}",
                  before={"statuses": [list(x) for x in before]},
                  after={"verdict": verdict.value, "events": [d.a.event_id, d.b.event_id],
                         "values": [d.a.value, d.b.value], "asserted_by": [asserted_a, asserted_b]})
            return VerdictUndo(row.id, before, created_parties=tuple(created))

    def undo(self, undo: VerdictUndo) -> None:
        """Put back what `give` or `not_same` changed."""
        with self._write() as s:
            lock_happenings(s)
            if undo.verdict_id is not None:
                s.execute(delete(DisagreementVerdict).where(DisagreementVerdict.id == undo.verdict_id))
            for eid, status, asserted in undo.statuses:
                e = s.get(Event, eid)
                if e is not None:
                    e.status, e.asserted_by_id = status, asserted
            s.flush()
            bump_versions(s, Event, [x[0] for x in undo.statuses])
            for pid in undo.created_parties:
                p = s.get(Party, pid)
                if p is not None and not p.events and not s.scalar(select(Event.id).where(Event.asserted_by_id == pid)):
                    s.delete(p)
            for ea, eb in undo.apart:
                s.execute(delete(HappeningApart).where(HappeningApart.event_a == ea, HappeningApart.event_b == eb))
            for eid, hid, linked_by in undo.unlinked:
                _relink(s, eid, hid, linked_by)
            audit(s, "undo verdict", "event", undo.statuses[0][0] if undo.statuses else None,
                  "Undid a verdict on sources that disagree")

    def not_same(self, a: int, b: int) -> VerdictUndo:
        """Two events are not the same happening: `b` (with the copies of its wire story) leaves the happening and
        the pair is never matched again."""
        with self._write() as s:
            lock_happenings(s)
            member = s.get(HappeningEvent, b)
            if member is None:
                raise NotFoundError("That event is not linked to a happening.")
            copy_key = s.scalar(select(EventAct.copy_key).where(EventAct.event_id == b)) or ""
            leaving = [member]
            if copy_key:
                leaving += [m for m in s.scalars(select(HappeningEvent).join(
                    EventAct, EventAct.event_id == HappeningEvent.event_id).where(
                    HappeningEvent.happening_id == member.happening_id, EventAct.copy_key == copy_key,
                    HappeningEvent.event_id != b))]
            unlinked = tuple((m.event_id, m.happening_id, m.linked_by) for m in leaving)
            pairs = tuple(_pair(a, m.event_id) for m in leaving)
            for m in leaving:
                s.delete(m)
            for ea, eb in pairs:
                if s.get(HappeningApart, (ea, eb)) is None:
                    s.add(HappeningApart(event_a=ea, event_b=eb))
            audit(s, "not same happening", "event", b, f"Events {a} and {b} are not the same happening",
                  after={"events": [a, b], "copies": [m.event_id for m in leaving[1:]]})
            return VerdictUndo(None, (), pairs, unlinked)

    def link(self, event_ids: Sequence[int]) -> LinkUndo:
        """The user links events as one happening (a "not the same" between them is forgotten)."""
        ids = list(dict.fromkeys(event_ids))
        if len(ids) < 2:
            raise ValidationError("Choose two or more events to link as one happening.")
        with self._write() as s:
            lock_happenings(s)
            before = _memberships(s, ids)
            apart = [(r.event_a, r.event_b) for r in s.scalars(select(HappeningApart).where(
                HappeningApart.event_a.in_(ids), HappeningApart.event_b.in_(ids)))]
            for x, y in apart:
                s.execute(delete(HappeningApart).where(HappeningApart.event_a == x, HappeningApart.event_b == y))
            join(s, ids, "user")
            audit(s, "link happening", "event", ids[0], f"Linked {len(ids)} events as one happening",
                  after={"events": ids})
            return LinkUndo(before, apart_removed=tuple(apart))

    def unlink(self, event_id: int) -> LinkUndo:
        """Take one event out of its happening."""
        with self._write() as s:
            lock_happenings(s)
            before = _memberships(s, [event_id])
            s.execute(delete(HappeningEvent).where(HappeningEvent.event_id == event_id))
            audit(s, "unlink happening", "event", event_id, f"Took event {event_id} out of its happening")
            return LinkUndo(before)

    def undo_link(self, undo: LinkUndo) -> None:
        with self._write() as s:
            lock_happenings(s)
            ids = [e for e, _h, _l in undo.before]
            s.execute(delete(HappeningEvent).where(HappeningEvent.event_id.in_(ids)))
            for eid, hid, linked_by in undo.before:
                if hid is not None:
                    _relink(s, eid, hid, linked_by)
            for x, y in undo.apart_removed:
                s.add(HappeningApart(event_a=x, event_b=y))
            audit(s, "undo link", "event", ids[0] if ids else None, "Undid a link of events as one happening")


def _memberships(s: Session, ids: list[int]) -> tuple[tuple[int, int | None, str], ...]:
    """Each event's happening now — and every other member of those happenings, since a link merges them."""
    hids = set(s.scalars(select(HappeningEvent.happening_id).where(HappeningEvent.event_id.in_(ids))))
    rows = {r.event_id: (r.event_id, r.happening_id, r.linked_by) for r in s.scalars(
        select(HappeningEvent).where(HappeningEvent.happening_id.in_(hids)))}
    return tuple(rows.get(e, (e, None, "")) for e in ids) + tuple(v for k, v in rows.items() if k not in ids)


def _relink(s: Session, event_id: int, happening_id: int, linked_by: str) -> None:
    from casefile.db.models import Happening

    if s.get(Happening, happening_id) is None:
        s.add(Happening(id=happening_id))
        s.flush()
    s.execute(delete(HappeningEvent).where(HappeningEvent.event_id == event_id))
    s.execute(insert(HappeningEvent), [{"event_id": event_id, "happening_id": happening_id,
                                        "linked_by": linked_by}])


def _asserter(s: Session, outlet: str, created: list[int]) -> tuple[int | None, str]:
    """The party that asserts a telling: the outlet (or author) of its exhibit, added as an outlet if new."""
    name = outlet.strip()
    if not name:
        return None, ""
    key = norm_name(name)
    pid = s.scalar(select(Party.id).where(Party.name_norm == key).order_by(Party.id).limit(1))
    if pid is None:
        p = Party(name=name[:300], name_norm=key, kind=PartyKind.MEDIA_OUTLET.value, role="other",
                  status=Status.CONFIRMED.value, origin=Origin.MANUAL.value)
        s.add(p)
        s.flush()
        pid = p.id
        created.append(pid)
    return pid, name


def _said(verdict: Verdict, d: Disagreement) -> str:
    if verdict is Verdict.A_RIGHT:
        return f"{d.a.value!r} ({d.a.outlet}) is right; {d.b.value!r} disputed, asserted by {d.b.outlet}"
    if verdict is Verdict.B_RIGHT:
        return f"{d.b.value!r} ({d.b.outlet}) is right; {d.a.value!r} disputed, asserted by {d.a.outlet}"
    return f"both disputed: {d.a.value!r} asserted by {d.a.outlet}, {d.b.value!r} by {d.b.outlet}"


__all__ = ["ConflictVerdicts"]
