"""Exhibits: listing, details, text, thumbnails, editing, and verifying originals against their hash."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session, defer, selectinload

from casefile.db.base import utcnow
from casefile.db.engine import CaseStorageError, DamagedCaseError, damaged_message
from casefile.db.models import AuditLog, Cue, Evidence, Thumbnail, Verification
from casefile.domain.dates import CaseDate
from casefile.domain.enums import EvidenceKind, VerifyState
from casefile.domain.errors import NotFoundError, ValidationError
from casefile.domain.records import EvidenceRecord, VerifyProblem
from casefile.languages import detect
from casefile.services.base import Service, audit, claim
from casefile.services.convert import evidence_record
from casefile.services.tags import tags_by_name


@dataclass(frozen=True)
class CueRecord:
    id: int
    start_ms: int
    end_ms: int
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class EvidenceEdit:
    """Fields the user may change on an exhibit (the original itself never changes)."""

    exhibit: int
    title: str
    author: str
    published: CaseDate | None
    url: str
    kind: EvidenceKind
    tags: tuple[str, ...] = ()


class EvidenceService(Service):
    last_recorded = False  # whether the last verify() could keep its results in the case
    def list(self, kinds: Iterable[EvidenceKind] | None = None) -> list[EvidenceRecord]:
        with self._read() as s:
            # records carry no text: never load 20,000 articles' text just to list them
            stmt = (select(Evidence).options(defer(Evidence.text), selectinload(Evidence.tags))
                    .order_by(Evidence.exhibit))
            if kinds is not None:
                stmt = stmt.where(Evidence.kind.in_([k.value for k in kinds]))
            thumbs = set(s.scalars(select(Thumbnail.evidence_id)))
            states = {eid: state for eid, state in s.execute(select(Verification.evidence_id, Verification.state))}
            return [evidence_record(r, r.id in thumbs, states.get(r.id)) for r in s.scalars(stmt)]

    def choices(self) -> builtins.list[tuple[int, int, str, EvidenceKind]]:
        """(id, exhibit, title or file name, kind) of every exhibit, for pickers; no text is loaded."""
        with self._read() as s:
            stmt = select(Evidence.id, Evidence.exhibit, Evidence.title, Evidence.filename, Evidence.kind).order_by(
                Evidence.exhibit)
            return [(i, ex, title or filename, EvidenceKind(kind)) for i, ex, title, filename, kind in s.execute(stmt)]

    def count(self) -> int:
        with self._read() as s:
            return int(s.scalar(select(func.count()).select_from(Evidence)) or 0)

    def get(self, evidence_id: int) -> EvidenceRecord:
        with self._read() as s:
            row = _row(s, evidence_id)
            has = s.get(Thumbnail, evidence_id) is not None
            return evidence_record(row, has, _state(s, row.id))

    def by_exhibit(self, exhibit: int) -> EvidenceRecord:
        with self._read() as s:
            row = s.scalars(select(Evidence).where(Evidence.exhibit == exhibit)).first()
            if row is None:
                raise NotFoundError(f"There is no exhibit {exhibit}.")
            return evidence_record(row, verify_state=_state(s, row.id))

    def text(self, evidence_id: int) -> str:
        with self._read() as s:
            value = s.scalar(select(Evidence.text).where(Evidence.id == evidence_id))
            if value is None:
                raise NotFoundError(f"Exhibit #{evidence_id} does not exist.")
            return value

    def thumbnail(self, evidence_id: int) -> bytes | None:
        with self._read() as s:
            return s.scalar(select(Thumbnail.png).where(Thumbnail.evidence_id == evidence_id))

    def cues(self, evidence_id: int) -> builtins.list[CueRecord]:
        with self._read() as s:
            rows = s.scalars(select(Cue).where(Cue.evidence_id == evidence_id).order_by(Cue.start_ms))
            return [CueRecord(c.id, c.start_ms, c.end_ms, c.text, c.char_start, c.char_end) for c in rows]

    def children(self, evidence_id: int) -> builtins.list[EvidenceRecord]:
        with self._read() as s:
            rows = s.scalars(select(Evidence).where(Evidence.parent_id == evidence_id).order_by(Evidence.exhibit))
            return [evidence_record(r, verify_state=_state(s, r.id)) for r in rows]

    def original_path(self, evidence_id: int) -> Path | None:
        """The stored read-only original, or None for items without a file of their own (one column read: a
        preview asks this on the GUI thread, and the whole row of a 10 MB sheet took 0.7 s)."""
        with self._read() as s:
            found = s.execute(select(Evidence.sha256).where(Evidence.id == evidence_id)).first()
        if found is None:
            raise NotFoundError(f"Exhibit #{evidence_id} does not exist.")
        return self.ctx.store.path_for(found[0]) if found[0] else None

    def transcript_for(self, evidence_id: int) -> EvidenceRecord | None:
        with self._read() as s:
            row = s.scalars(
                select(Evidence).where(Evidence.parent_id == evidence_id, Evidence.relation == "transcript")
            ).first()
            return evidence_record(row, verify_state=_state(s, row.id)) if row else None

    # writing --------------------------------------------------------------------------------------
    def update(self, evidence_id: int, edit: EvidenceEdit, expected_version: int | None = None) -> EvidenceEdit:
        """Change an exhibit's descriptive fields; returns the previous values (for undo). `StaleEditError` when
        someone else edited the exhibit since the copy read at `expected_version`."""
        with self._write() as s:
            claim(s, Evidence, evidence_id, expected_version, "exhibit",
                  lambda s: evidence_record(_row(s, evidence_id), verify_state=_state(s, evidence_id)))
            row = _row(s, evidence_id)
            before = EvidenceEdit(
                row.exhibit, row.title, row.author,
                CaseDate.parse(row.published) if row.published else None,
                row.url, EvidenceKind(row.kind), tuple(sorted(t.name for t in row.tags)),
            )
            if edit.exhibit != row.exhibit:
                if edit.exhibit < 1:
                    raise ValidationError("Exhibit numbers start at 1.")
                taken = s.scalar(select(Evidence.id).where(Evidence.exhibit == edit.exhibit))
                if taken is not None:
                    raise ValidationError(f"Exhibit {edit.exhibit} is already taken.")
            row.exhibit = edit.exhibit
            row.title = edit.title
            row.author = edit.author
            row.published = edit.published.iso() if edit.published else None
            row.url = edit.url
            row.kind = edit.kind.value
            row.tags = tags_by_name(s, edit.tags)
            audit(s, "update", "evidence", evidence_id, f"Edited Ex. {row.exhibit}", before=before, after=edit)
            return before

    def set_language(self, evidence_id: int, language: str | None) -> str | None:
        """Set the language an exhibit is written in (ISO 639-1, "" for unknown); returns the previous value, for
        undo. Suggestions read from then on use it; those already made stay."""
        code = (language or "").strip().lower() if language is not None else None
        if code and not (2 <= len(code) <= 3 and code.isalpha()):
            raise ValidationError(f"'{language}' is not a language code (two letters, e.g. en, fr, de).")
        with self._write() as s:
            claim(s, Evidence, evidence_id, None, "exhibit", lambda s: None)
            row = _row(s, evidence_id)
            before = row.language
            row.language = code
            audit(s, "update", "evidence", evidence_id, f"Language of Ex. {row.exhibit}: {code or 'unknown'}",
                  before={"language": before}, after={"language": code})
            return before

    def backfill_languages(self, batch: int = 500) -> int:
        """Detect the language of exhibits read before languages were recorded (a case upgraded to this version);
        returns how many were set. Reads at most the first 6,000 characters of each text."""
        done = 0
        last = 0
        while True:
            with self._write() as s:
                rows = s.execute(
                    select(Evidence.id, func.substr(Evidence.text, 1, 6000))
                    .where(Evidence.language.is_(None), Evidence.text != "", Evidence.id > last)
                    .order_by(Evidence.id).limit(batch)
                ).all()
                if not rows:
                    return done
                for evidence_id, text in rows:
                    s.execute(update(Evidence).where(Evidence.id == evidence_id)
                              .values(language=detect(text or "").code))
                last = rows[-1][0]
                done += len(rows)

    def verify(
        self,
        evidence_ids: Iterable[int] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> builtins.list[VerifyProblem]:
        """Re-hash originals; returns the missing or altered ones (a link in an original's place is damage).

        Only reads the case: the results go to the `verification` table (no search trigger fires there), and
        only when the case is open for writing; a read-only open (read-only media, a case open elsewhere) still
        verifies.
        """
        with self._read() as s:
            stmt = select(Evidence.id, Evidence.exhibit, Evidence.filename, Evidence.sha256, Evidence.size).where(
                Evidence.sha256.is_not(None)
            )
            if evidence_ids is not None:
                stmt = stmt.where(Evidence.id.in_(list(evidence_ids)))
            items = s.execute(stmt.order_by(Evidence.exhibit)).all()
        problems: list[VerifyProblem] = []
        results: list[dict[str, object]] = []
        now = utcnow()
        for i, (eid, exhibit, filename, sha, size) in enumerate(items):
            if sha is None:  # excluded by the query; narrows the type
                continue
            state, detail = self.ctx.store.check(sha, size)
            results.append({"evidence_id": eid, "state": state.value, "checked_at": now, "detail": detail})
            if state is not VerifyState.OK:
                problems.append(VerifyProblem(eid, exhibit, filename, state, detail))
            if progress:
                progress(i + 1, len(items))
        self.last_recorded = not self.ctx.read_only
        if self.last_recorded:
            try:
                self._record(results, problems)
            except CaseStorageError as exc:  # a full disk or read-only media: the check itself still stands
                if exc.kind == "damaged":
                    raise
                self.last_recorded = False
        return problems

    def _record(self, results: builtins.list[dict[str, object]], problems: builtins.list[VerifyProblem]) -> None:
        if results:
            with self._write() as s:
                stmt = (pg_insert if s.get_bind().dialect.name == "postgresql" else insert)(Verification)
                s.execute(stmt.on_conflict_do_update(
                    index_elements=[Verification.evidence_id],
                    set_={"state": stmt.excluded.state, "checked_at": stmt.excluded.checked_at,
                          "detail": stmt.excluded.detail}), results)
                audit(s, "verify", "case", None, f"Verified {len(results)} originals: {len(problems)} problems",
                      after={"problems": [p.exhibit for p in problems]})

    def check_database(self) -> str:
        """Read every page of the case database; damage (a flipped bit, a torn write) is said, not passed over.

        Returns what was checked, in words. On a server case there is no `quick_check`: every row of every table
        is read (a damaged page the server notices fails the read); its indexes are the server's to check
        (`pg_amcheck`, run by its administrator)."""
        if self.ctx.engine.dialect.name == "postgresql":
            return self._read_every_table()
        with self.ctx.engine.connect() as conn:
            rows = conn.exec_driver_sql("PRAGMA quick_check(5)").scalars().all()
        if rows != ["ok"]:
            raise DamagedCaseError(damaged_message(self.ctx.path / "case.db", "its integrity check failed"))
        return "case.db: every page read (SQLite quick_check)"

    def _read_every_table(self) -> str:
        from sqlalchemy import text

        from casefile.db.base import Base

        with self._read() as s:
            # sequential scans: every heap page is read, not an index standing in for the table
            for setting in ("enable_indexscan", "enable_indexonlyscan", "enable_bitmapscan"):
                s.execute(text(f"SET LOCAL {setting} = off"))
            for table in Base.metadata.sorted_tables:
                s.execute(select(func.count()).select_from(table)).scalar()
            checksums = s.execute(text("SHOW data_checksums")).scalar()
        pages = "with page checksums" if checksums == "on" else "without page checksums (initdb -k turns them on)"
        return (f"server database: every row of every table read; the server keeps its pages {pages}; its "
                "indexes are checked by the server's administrator (pg_amcheck)")

    def orphans(self) -> builtins.list[Orphan]:
        """Originals in the store that no exhibit refers to (left by a killed or failed import), with the name
        the audit log knew them by, if any."""
        stored = self.ctx.store.stored()
        if not stored:
            return []
        with self._read() as s:
            known = set(s.scalars(select(Evidence.sha256).where(Evidence.sha256.is_not(None))))
            loose = stored - known
            names: dict[str, str] = {}
            if loose:
                for after in s.scalars(select(AuditLog.after).where(AuditLog.action == "import")):
                    if isinstance(after, dict) and after.get("sha256") in loose:
                        names[after["sha256"]] = str(after.get("filename") or "")
        out = []
        for sha in sorted(loose):
            path = self.ctx.store.path_for(sha)
            try:
                size = path.lstat().st_size
            except OSError:
                size = 0
            out.append(Orphan(sha, size, path, names.get(sha, "")))
        return out


@dataclass(frozen=True)
class Orphan:
    """A stored original without an exhibit."""

    sha256: str
    size: int
    path: Path
    known_as: str  # the file name the audit log recorded, or ""


def _state(s: Session, evidence_id: int) -> str | None:
    return s.scalar(select(Verification.state).where(Verification.evidence_id == evidence_id))


def _row(s: Session, evidence_id: int) -> Evidence:
    row = s.scalars(select(Evidence).where(Evidence.id == evidence_id).options(selectinload(Evidence.tags))).first()
    if row is None:
        raise NotFoundError(f"Exhibit #{evidence_id} does not exist.")
    return row
