"""Notes in Markdown on the case or on one event, party or exhibit; saved as the user types."""

from __future__ import annotations

from sqlalchemy import select

from casefile.db.base import utcnow
from casefile.db.models import Event, Evidence, Note, Party
from casefile.domain.enums import TargetType
from casefile.domain.errors import NotFoundError
from casefile.domain.records import NoteRecord
from casefile.services.base import Service, audit, claim
from casefile.services.convert import note_record

_COLUMN = {TargetType.EVENT: Note.event_id, TargetType.PARTY: Note.party_id, TargetType.EVIDENCE: Note.evidence_id}
_MODEL = {TargetType.EVENT: Event, TargetType.PARTY: Party, TargetType.EVIDENCE: Evidence}


class NoteService(Service):
    def list(self, target: TargetType | None = None, target_id: int | None = None) -> list[NoteRecord]:
        """Notes on one target (`CASE` for the case's own), or every note when target is None."""
        with self._read() as s:
            stmt = select(Note).order_by(Note.created_at, Note.id)
            if target is TargetType.CASE:
                stmt = stmt.where(Note.event_id.is_(None), Note.party_id.is_(None), Note.evidence_id.is_(None))
            elif target is not None:
                stmt = stmt.where(_COLUMN[target] == target_id)
            return [note_record(n) for n in s.scalars(stmt)]

    def get(self, note_id: int) -> NoteRecord:
        with self._read() as s:
            row = s.get(Note, note_id)
            if row is None:
                raise NotFoundError("That note no longer exists.")
            return note_record(row)

    def create(self, text: str, target: TargetType = TargetType.CASE, target_id: int | None = None,
               *, note_id: int | None = None) -> int:
        with self._write() as s:
            row = Note(id=note_id, text=text) if note_id is not None else Note(text=text)
            if target is not TargetType.CASE:
                if target_id is None or s.get(_MODEL[target], target_id) is None:
                    raise NotFoundError(f"The {target.value} for this note no longer exists.")
                setattr(row, _COLUMN[target].key, target_id)
            s.add(row)
            s.flush()
            audit(s, "create", "note", row.id, f"Added a note on {target.value}", after={"text": text})
            return row.id

    def set_text(self, note_id: int, text: str, expected_version: int | None = None) -> str:
        """Save the note's text (called as the user types); returns the previous text. `StaleEditError` when
        someone else saved the note since the copy read at `expected_version` (nothing is written)."""
        return self.save(note_id, text, expected_version)[0]

    def save(self, note_id: int, text: str, expected_version: int | None = None) -> tuple[str, int]:
        """`set_text` that also returns the version now stored: the next save of the same copy passes it."""
        with self._write() as s:
            row = s.get(Note, note_id)
            if row is None:
                raise NotFoundError("That note no longer exists.")
            if row.text == text and (not expected_version or row.version == expected_version):
                return row.text, row.version
            version = claim(s, Note, note_id, expected_version, "note",
                            lambda s: note_record(s.get_one(Note, note_id, populate_existing=True)))
            s.refresh(row)  # as it is now that this transaction holds it
            before = row.text
            if before != text:
                row.text = text
                row.updated_at = utcnow()
                audit(s, "edit", "note", note_id, "Edited a note", before={"text": before}, after={"text": text})
            return before, version

    def delete(self, note_id: int) -> NoteRecord:
        with self._write() as s:
            row = s.get(Note, note_id)
            if row is None:
                raise NotFoundError("That note no longer exists.")
            rec = note_record(row)
            s.delete(row)
            audit(s, "delete", "note", note_id, "Deleted a note", before={"text": rec.text})
            return rec

    def restore(self, rec: NoteRecord) -> None:
        self.create(rec.text, rec.target_type, rec.target_id, note_id=rec.id)
