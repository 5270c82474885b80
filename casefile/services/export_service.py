"""Exports: the whole case as one JSON object, the timeline as CSV (re-importable), the audit log."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from casefile.db.models import AuditLog, Evidence
from casefile.domain.enums import EvidenceKind, Status
from casefile.domain.records import EventFilter, EventRecord
from casefile.services.base import Service
from casefile.storage.atomic import check_target, write_text_atomic

CSV_COLUMNS = ["id", "date", "qualifier", "end", "title", "description", "status", "origin", "parties",
               "sources", "tags"]


class ExportService(Service):
    def __init__(self, ctx, case, events, parties, evidence, notes) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self.case, self.events, self.parties, self.evidence, self.notes = case, events, parties, evidence, notes

    def as_dict(self, include_dismissed: bool = False) -> dict[str, Any]:
        statuses = tuple(Status) if include_dismissed else (Status.SUGGESTED, Status.CONFIRMED, Status.DISPUTED)
        info = self.case.info()
        texts = self._texts()
        return {
            "case": {"title": info.title, "description": info.description},
            "parties": [
                {"id": p.id, "name": p.name, "kind": p.kind.value, "role": p.role.value, "aliases": list(p.aliases),
                 "status": p.status.value, "description": p.description}
                for p in self.parties.list(statuses)
            ],
            "events": [_event_json(e) for e in self.events.list(EventFilter(statuses=statuses))],
            "evidence": [
                {"id": e.id, "exhibit": e.exhibit, "filename": e.filename, "kind": e.kind.value, "sha256": e.sha256,
                 "size": e.size, "media_type": e.media_type, "title": e.title, "author": e.author,
                 "published": e.published.iso() if e.published else None, "url": e.url,
                 "parent": e.parent_id, "relation": e.relation or None, "text": texts.get(e.id),
                 "language": e.language or None,
                 "captured": (e.metadata.get("capture") or {}).get("ended")}  # a web capture's UTC time
                for e in self.evidence.list()
            ],
            "notes": [
                {"id": n.id, "text": n.text,
                 "attached_to": None if n.target_id is None else {"type": n.target_type.value, "id": n.target_id}}
                for n in self.notes.list()
            ],
        }

    def to_json(self, include_dismissed: bool = False) -> str:
        return json.dumps(self.as_dict(include_dismissed), ensure_ascii=False, indent=2)

    def to_csv(self) -> str:
        """The timeline, one event per row; `casefile import` reads it back into the same timeline."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for e in self.events.list():
            writer.writerow([
                e.id,
                e.date.start.iso(),
                e.date.qualifier.value,
                e.date.end.iso() if e.date.end else "",
                e.title,
                e.description,
                e.status.value,
                e.origin.value,
                "; ".join(e.party_names),
                "; ".join(_source_text(c) for c in e.citations),
                "; ".join(e.tags),
            ])
        return buf.getvalue()

    def text(self, fmt: str, include_dismissed: bool = False) -> str:
        """The export as text: "json" (the whole case), "csv" (the timeline) or "audit" (the audit log, JSON)."""
        if fmt == "json":
            return self.to_json(include_dismissed)
        if fmt == "csv":
            return self.to_csv()
        if fmt == "audit":
            return json.dumps(self.audit_log(), ensure_ascii=False, indent=2, default=str)
        raise ValueError(f"unknown export format {fmt!r}")

    def write(self, fmt: str, target: Path | str, include_dismissed: bool = False) -> Path:
        """Write the export to `target` whole or not at all: a full disk or a failure leaves any earlier file
        untouched and raises `OutputError` (a `CaseFileError`) with one sentence."""
        check_target(Path(target).expanduser())
        return write_text_atomic(target, self.text(fmt, include_dismissed))

    @staticmethod
    def save_text(target: Path | str, text: str) -> Path:
        """Write text the user exports (e.g. a filtered audit log) to `target` whole or not at all, like
        `write`: `OutputError` with one sentence on failure, any earlier file untouched."""
        check_target(Path(target).expanduser())
        return write_text_atomic(target, text)

    def _texts(self) -> dict[int, str]:
        """Each exhibit's extracted, recognised (OCR) or transcribed text; a clip without text of its own gives
        its transcript's. Exhibits with no text are left out (exported as null)."""
        with self._read() as s:
            rows = s.execute(select(Evidence.id, Evidence.kind, Evidence.text, Evidence.parent_id, Evidence.relation)
                             .order_by(Evidence.id)).all()
        out = {eid: text for eid, _kind, text, _parent, _rel in rows if text and text.strip()}
        clips = (EvidenceKind.AUDIO.value, EvidenceKind.VIDEO.value)
        kinds = {eid: kind for eid, kind, *_ in rows}
        for _eid, _kind, text, parent, relation in rows:
            if relation == "transcript" and parent in kinds and kinds[parent] in clips and text and text.strip():
                out.setdefault(parent, text)
        return out

    def audit_log(self) -> list[dict[str, Any]]:
        with self._read() as s:
            return [
                {"id": a.id, "at": a.at.isoformat(), "who": a.actor or "", "action": a.action,
                 "entity": a.entity_type, "entity_id": a.entity_id, "summary": a.summary, "before": a.before,
                 "after": a.after}
                for a in s.scalars(select(AuditLog).order_by(AuditLog.id))
            ]


def _source_text(c) -> str:  # noqa: ANN001 - Citation
    loc = c.locator()
    return f'{loc}: "{c.quote}"' if c.quote else loc


def _event_json(e: EventRecord) -> dict[str, Any]:
    return {
        "id": e.id,
        "date": e.date.start.iso(),
        "precision": e.date.start.precision.value,
        "qualifier": e.date.qualifier.value,
        "end": e.date.end.iso() if e.date.end else None,
        "title": e.title,
        "description": e.description,
        "status": e.status.value,
        "origin": e.origin.value,
        "asserted_by": e.asserted_by,
        "parties": list(e.party_ids),
        "sources": [
            {"evidence": c.evidence_id, "exhibit": c.exhibit, "quote": c.quote, "char_start": c.char_start,
             "char_end": c.char_end, "page": c.page, "time_ms": c.time_ms}
            for c in e.citations
        ],
        "tags": list(e.tags),
    }


__all__ = ["CSV_COLUMNS", "ExportService"]
