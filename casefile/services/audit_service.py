"""Reading the audit log: every change and import, what and when, with the values before and after."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select

from casefile.db.models import AuditLog
from casefile.domain.records import AuditEntry
from casefile.services.base import Service

CSV_COLUMNS = ["id", "at", "who", "action", "entity", "entity_id", "summary", "before", "after"]


class AuditService(Service):
    def entries(self, *, action: str | None = None, entity_type: str | None = None,
                entity_id: int | None = None) -> list[AuditEntry]:
        """Entries oldest first, optionally only one action or one item's history."""
        with self._read() as s:
            stmt = select(AuditLog).order_by(AuditLog.id)
            if action:
                stmt = stmt.where(AuditLog.action == action)
            if entity_type:
                stmt = stmt.where(AuditLog.entity_type == entity_type)
            if entity_id is not None:
                stmt = stmt.where(AuditLog.entity_id == entity_id)
            return [AuditEntry(a.id, a.at, a.action, a.entity_type, a.entity_id, a.summary, a.before, a.after,
                               a.actor or "") for a in s.scalars(stmt)]

    def count(self) -> int:
        with self._read() as s:
            return int(s.scalar(select(func.count()).select_from(AuditLog)) or 0)

    def actions(self) -> list[str]:
        with self._read() as s:
            return sorted(s.scalars(select(AuditLog.action).distinct()))

    def entity_types(self) -> list[str]:
        with self._read() as s:
            return sorted(s.scalars(select(AuditLog.entity_type).distinct()))


def entry_dict(e: AuditEntry) -> dict[str, Any]:
    return {"id": e.id, "at": e.at.isoformat(), "who": e.actor, "action": e.action, "entity": e.entity_type,
            "entity_id": e.entity_id, "summary": e.summary, "before": e.before, "after": e.after}


def to_json(entries: Iterable[AuditEntry]) -> str:
    return json.dumps([entry_dict(e) for e in entries], ensure_ascii=False, indent=2) + "\n"


def to_csv(entries: Iterable[AuditEntry]) -> str:
    """One row per entry; before/after as compact JSON so nothing is lost."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        d = entry_dict(e)
        writer.writerow([d["id"], d["at"], d["who"], d["action"], d["entity"],
                         "" if d["entity_id"] is None else d["entity_id"],
                         d["summary"], compact(d["before"]), compact(d["after"])])
    return buf.getvalue()


def compact(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


__all__ = ["AuditService", "compact", "entry_dict", "to_csv", "to_json"]
