"""The case itself: its title, description and counts."""

from __future__ import annotations

from sqlalchemy import func, select

from casefile.db.models import AuditLog, CaseMeta, Event, Evidence, Note, Party
from casefile.domain.enums import Status
from casefile.domain.records import CaseInfo, Counts
from casefile.services.base import Service, audit


class CaseService(Service):
    def change_marker(self) -> tuple[int, ...]:
        """The newest row of the audit log and of each counted table: it moves whenever the counts may have
        (every edit is audited, every import and suggestion adds rows), and costs a few index lookups."""
        with self._read() as s:
            return tuple(int(s.scalar(select(func.max(t.id))) or 0) for t in (AuditLog, Event, Party, Evidence, Note))

    def info(self) -> CaseInfo:
        with self._read() as s:
            meta = s.scalars(select(CaseMeta)).first()
            title = meta.title if meta else self.ctx.path.stem
            return CaseInfo(self.ctx.path, title, meta.description if meta else "",
                            meta.created_at if meta else None, self.ctx.read_only)  # type: ignore[arg-type]

    def update(self, title: str, description: str) -> CaseInfo:
        with self._write() as s:
            meta = s.scalars(select(CaseMeta)).first()
            if meta is None:
                meta = CaseMeta(title=title)
                s.add(meta)
            before = {"title": meta.title, "description": meta.description}
            meta.title, meta.description = title.strip() or meta.title, description
            audit(s, "update", "case", None, "Edited the case's title or description", before=before,
                  after={"title": meta.title, "description": description})
        return self.info()

    def counts(self) -> Counts:
        live = [Status.SUGGESTED.value, Status.CONFIRMED.value, Status.DISPUTED.value]
        with self._read() as s:
            def n(stmt) -> int:  # noqa: ANN001
                return int(s.scalar(stmt) or 0)

            return Counts(
                parties=n(select(func.count()).select_from(Party).where(Party.status.in_(live))),
                events=n(select(func.count()).select_from(Event).where(Event.status.in_(live))),
                evidence=n(select(func.count()).select_from(Evidence)),
                notes=n(select(func.count()).select_from(Note)),
                suggested_events=n(select(func.count()).select_from(Event).where(Event.status == "suggested")),
                suggested_parties=n(select(func.count()).select_from(Party).where(Party.status == "suggested")),
            )
