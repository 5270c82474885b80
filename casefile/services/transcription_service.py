"""The transcription pass of an import: every clip without a transcript is heard, offline, before suggestions.

Runs after storing and reading (pass 1) and before the suggestion pass (pass 2), so extraction reads what was
said. Each clip is transcribed outside any transaction; its transcript is then stored like an imported `.vtt`
(an original in the evidence store, hashed and read-only) and linked to the clip (`relation="transcript"`) in
one short transaction, so a killed or cancelled pass continues where it stopped. Clips that were heard and held
no speech, or could not be decoded, are marked on the clip (`meta["transcription"]`) so they are not tried again.
Without the engine or the model nothing is marked: the clips wait until it is added.

Corrections: the user may fix a line's words; its timing stays, the machine original stays in the store, and
the corrected text is what search, extraction and citations read.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session

from casefile.db.engine import CaseStorageError
from casefile.db.models import Cue, Event, EventSource, Evidence, Mention
from casefile.domain.enums import EvidenceKind, Origin, Status
from casefile.domain.errors import ImportFailedError, NotFoundError, ReadOnlyCaseError, ValidationError
from casefile.domain.printable import printable
from casefile.domain.progress import Progress, ProgressFn, Stage
from casefile.domain.records import format_timestamp
from casefile.domain.sizes import counted
from casefile.services.base import CaseContext, Service, audit, lock_exhibit_numbers
from casefile.speech.settings import SpeechSettings, load_settings

CLIP_KINDS = (EvidenceKind.AUDIO.value, EvidenceKind.VIDEO.value)
TRANSCRIPT = "transcript"


@dataclass(frozen=True)
class TranscribeReport:
    """What the pass did: the transcript's exhibit number per clip id, and what could not be heard."""

    transcripts: dict[int, int] = field(default_factory=dict)
    done: int = 0
    total: int = 0
    cancelled: bool = False
    silent: tuple[str, ...] = ()  # clips heard that held no speech
    failed: tuple[tuple[str, str], ...] = ()  # (clip, reason)
    unavailable: str = ""  # "Transcription unavailable: ..." when the engine or model is missing
    partial: tuple[tuple[str, str], ...] = ()  # (clip, why) transcribed only as far as it could be decoded
    model: str = ""
    seconds: float = 0.0  # time spent transcribing
    clip_seconds: float = 0.0  # length of the clips transcribed

    def summary(self) -> str:
        if self.unavailable:
            return f"{self.unavailable} {counted(self.total, 'clip')} wait for it"
        if not self.total:
            return "no clips were waiting for a transcript"
        head = f"{counted(len(self.transcripts), 'transcript')} from {self.done} of {self.total} clips ({self.model})"
        if self.silent:
            head += f"; no speech heard in {len(self.silent)}"
        if self.partial:
            head += f"; {len(self.partial)} only partly ({self.partial[0][0]}: {self.partial[0][1]})"
        if self.failed:
            head += f"; {len(self.failed)} could not be transcribed ({self.failed[0][0]}: {self.failed[0][1]})"
        if self.cancelled:
            head += f"; cancelled, {self.total - self.done} still waiting (run it again to continue)"
        return head


Transcriber = Callable[..., Any]  # (model, path, **kw) -> Transcript; tests may swap it


class TranscriptionService(Service):
    def __init__(self, ctx: CaseContext, settings: Callable[[], SpeechSettings] = load_settings) -> None:
        super().__init__(ctx)
        self.settings = settings

    # public ---------------------------------------------------------------------------------------
    def waiting(self) -> int:
        """How many clips have no transcript yet (and were not found silent or undecodable)."""
        with self._read() as s:
            return len(_waiting(s))

    def engine(self) -> tuple[Any, Any]:
        """(model, ModelInfo) for the current settings; loading it once per process."""
        from casefile.speech.model import load_model

        return load_model(self.settings())

    def run(self, progress: ProgressFn | None = None,
            cancelled: Callable[[], bool] | None = None) -> TranscribeReport:
        """Transcribe every waiting clip, one short transaction each; safe to stop and run again."""
        if self.ctx.read_only:
            raise ReadOnlyCaseError("This case is open read-only; no transcripts can be added.")
        with self._read() as s:
            clips = _waiting(s)
        total = len(clips)
        if not total:
            return TranscribeReport()
        model, info = self.engine()
        if model is None:
            return TranscribeReport(total=total, unavailable=info.message)
        from casefile.speech.transcribe import TranscriptionCancelled, TranscriptionError, transcribe

        language = self.settings().language
        made: dict[int, int] = {}
        silent: list[str] = []
        failed: list[tuple[str, str]] = []
        partial: list[tuple[str, str]] = []
        done, was_cancelled, spent, heard = 0, False, 0.0, 0.0
        try:
            for clip_id, name, sha in clips:
                if cancelled is not None and cancelled():
                    was_cancelled = True
                    break
                if progress:
                    progress(Progress(Stage.TRANSCRIBE, done, total, name))

                def step(fraction: float, _name: str = name, _done: int = done) -> None:
                    if progress:
                        progress(Progress(Stage.TRANSCRIBE, _done, total, _name, fraction))

                try:
                    result = transcribe(model, self.ctx.store.path_for(sha), model_name=info.name,
                                        multilingual=info.multilingual, language=language, progress=step,
                                        cancelled=cancelled)
                except TranscriptionCancelled:
                    was_cancelled = True
                    break
                except TranscriptionError as exc:
                    failed.append((name, str(exc)))
                    self._mark(clip_id, {"state": "failed", "reason": str(exc), "model": info.name})
                    done += 1
                    continue
                spent += result.seconds
                heard += result.duration_ms / 1000
                if result.extra.get("partial"):
                    partial.append((name, str(result.extra["partial"])))
                if not result.segments:
                    no_audio = bool(result.extra.get("no_audio"))
                    silent.append(name)
                    self._mark(clip_id, {"state": "no audio" if no_audio else "silent", "model": info.name,
                                         "reason": result.extra.get("partial", "")})
                else:
                    exhibit = self._store(clip_id, result)
                    if exhibit is not None:
                        made[clip_id] = exhibit
                done += 1
        except (OperationalError, DatabaseError, sqlite3.DatabaseError, CaseStorageError) as exc:
            from casefile.services.import_files import db_reason

            raise ImportFailedError(f"The transcription pass stopped after {done} of {total} clips: "
                                    f"{db_reason(exc)}. The rest wait for the next run.") from exc
        if progress:
            progress(Progress(Stage.TRANSCRIBE, done, total))
        return TranscribeReport(made, done, total, was_cancelled, tuple(silent), tuple(failed), "",
                                tuple(partial), info.name, spent, heard)

    def correct_cue(self, cue_id: int, text: str) -> str:
        """Replace a transcript line's words, its timing kept; returns the previous words (for undo)."""
        new = " ".join(text.split())
        if not new:
            raise ValidationError("A transcript line cannot be empty; correct its words instead.")
        with self._write() as s:
            cue = s.get(Cue, cue_id)
            if cue is None:
                raise NotFoundError(f"Transcript line #{cue_id} does not exist.")
            ev = s.get(Evidence, cue.evidence_id)
            if ev is None:
                raise NotFoundError(f"Transcript line #{cue_id} has no exhibit.")
            before = cue.text
            if before == new:
                return before
            old_end, delta = cue.char_end, len(new) - len(before)
            cue.text = new
            cues = list(s.scalars(select(Cue).where(Cue.evidence_id == ev.id).order_by(Cue.start_ms, Cue.id)))
            pos = 0
            for c in cues:  # the text is the cues joined by newlines, as for an imported transcript
                c.char_start, c.char_end = pos, pos + len(c.text)
                pos = c.char_end + 1
            ev.text = "\n".join(c.text for c in cues)
            meta = dict(ev.meta or {})
            corrected = dict(meta.get("corrected") or {})
            original = corrected.get(str(cue_id), before)
            if new == original:
                corrected.pop(str(cue_id), None)  # back to the machine's words: its word timings apply again
            else:
                corrected[str(cue_id)] = original
            meta["corrected"] = corrected
            ev.meta = meta
            ev.version = (ev.version or 1) + 1
            for table in (EventSource, Mention):  # passages after the line moved with it
                s.execute(update(table).where(table.evidence_id == ev.id, table.char_start >= old_end)
                          .values(char_start=table.char_start + delta, char_end=table.char_end + delta))
            audit(s, "correct", "evidence", ev.id,
                  f"Corrected the transcript line at {format_timestamp(cue.start_ms)} of Ex. {ev.exhibit}",
                  before={"cue_id": cue_id, "text": before}, after={"cue_id": cue_id, "text": new})
            return before

    def time_at(self, transcript_id: int, offset: int) -> int | None:
        """The moment (ms) of the word at character `offset` of a transcript's text; its line's start when the
        line was corrected or has no word timings; None when the offset is in no line."""
        with self._read() as s:
            ev = s.get(Evidence, transcript_id)
            return _time_at(s, ev, offset) if ev is not None else None

    def anchor_citations(self) -> int:
        """Suggested events that cite a clip's transcript cite the clip at the moment of the passage instead
        ("Ex. 7 at 01:23"); the quote stays. Run after the suggestion pass; returns how many moved."""
        if self.ctx.read_only:
            return 0
        with self._write() as s:
            stmt = (select(EventSource, Evidence).join(Evidence, Evidence.id == EventSource.evidence_id)
                    .join(Event, Event.id == EventSource.event_id)
                    .where(Evidence.relation == TRANSCRIPT, Evidence.parent_id.is_not(None),
                           EventSource.time_ms.is_(None), EventSource.char_start.is_not(None),
                           Event.origin == Origin.EXTRACTED.value, Event.status == Status.SUGGESTED.value))
            moved = 0
            for src, ev in s.execute(stmt).all():
                ms = _time_at(s, ev, int(src.char_start or 0))
                if ms is None or ev.parent_id is None:
                    continue
                src.evidence_id, src.time_ms = ev.parent_id, ms
                src.char_start = src.char_end = None  # they located the passage in the transcript, not the clip
                moved += 1
            return moved

    def fold_counts(self, counts: dict[int, int]) -> dict[int, int]:
        """Suggestion counts with each machine transcript's added to its clip's, so the import report shows
        what a dropped clip gave (its transcript was not one of the dropped files)."""
        if not counts:
            return counts
        with self._read() as s:
            parents = dict(s.execute(select(Evidence.id, Evidence.parent_id).where(
                Evidence.id.in_(list(counts)), Evidence.relation == TRANSCRIPT, Evidence.parent_id.is_not(None))
                .where(Evidence.meta["machine"].is_not(None))).all())
        out: dict[int, int] = {}
        for eid, n in counts.items():
            key = parents.get(eid) or eid
            out[key] = out.get(key, 0) + n
        return out

    # writing --------------------------------------------------------------------------------------
    def _mark(self, clip_id: int, state: dict[str, Any]) -> None:
        with self._write() as s:
            clip = s.get(Evidence, clip_id)
            if clip is not None:
                clip.meta = {**(clip.meta or {}), "transcription": state}

    def _store(self, clip_id: int, result: Any) -> int | None:
        """Keep the transcript as an original and an exhibit linked to its clip; its exhibit number."""
        from faster_whisper import __version__ as engine_version

        from casefile.speech.transcribe import BEAM_SIZE, webvtt

        with self._read() as s:
            clip = s.get(Evidence, clip_id)
            if clip is None:
                return None
            clip_title, clip_name, clip_sha = clip.title or clip.filename, clip.filename, clip.sha256 or ""
            source = clip.source_path
        blob = self.ctx.store.put_bytes(webvtt(result, clip_sha, clip_name).encode("utf-8"))
        try:
            with self._write() as s:
                lock_exhibit_numbers(s)  # numbers the transcript safely beside imports, and one pass per clip
                clip = s.get(Evidence, clip_id)
                taken = s.scalar(select(Evidence.id).where(Evidence.parent_id == clip_id,
                                                           Evidence.relation == TRANSCRIPT).limit(1))
                if clip is None or taken is not None:
                    return None  # deleted, or transcribed by another window meanwhile
                stem = Path(clip_name).stem or "clip"
                texts = [seg.text for seg in result.segments]
                exhibit = (s.scalar(select(Evidence.exhibit).order_by(Evidence.exhibit.desc()).limit(1)) or 0) + 1
                ev = Evidence(
                    exhibit=exhibit, filename=f"{stem}.transcript.vtt", sha256=blob.sha256, size=blob.size,
                    media_type="text/vtt", kind=EvidenceKind.TRANSCRIPT.value,
                    title=f"Transcript of {clip_title} (machine, {result.model})"[:1000], author="",
                    published=clip.published, text="\n".join(texts), source_path=f"{source} (machine transcript)",
                    parent_id=clip_id, relation=TRANSCRIPT, language=result.language[:12] or None,
                    meta={"format": "vtt", "encoding": "utf-8", "cue_count": len(texts),
                          "duration_s": result.duration_ms / 1000, "link_stem": stem.casefold(),
                          **({"warnings": [result.extra["partial"]]} if result.extra.get("partial") else {}),
                          "machine": {"engine": f"faster-whisper {engine_version}", "model": result.model,
                                      "language": result.language, "beam_size": BEAM_SIZE,
                                      "seconds": round(result.seconds, 2), **result.extra}})
                s.add(ev)
                s.flush()
                words: dict[str, list[list[Any]]] = {}
                pos = 0
                for seg in result.segments:
                    cue = Cue(evidence_id=ev.id, start_ms=seg.start_ms, end_ms=seg.end_ms, text=seg.text,
                              char_start=pos, char_end=pos + len(seg.text))
                    s.add(cue)
                    s.flush()
                    pos = cue.char_end + 1
                    words[str(cue.id)] = [[w.start_ms, w.end_ms, w.text] for w in seg.words]
                ev.meta = {**ev.meta, "words": words}
                clip.meta = {**(clip.meta or {}), "transcription": {"state": "done", "model": result.model,
                                                                    "exhibit": exhibit}}
                audit(s, "transcribe", "evidence", ev.id,
                      f"Transcribed Ex. {clip.exhibit} ({printable(clip_name)}) as Ex. {exhibit} with "
                      f"{result.model}", after={"sha256": blob.sha256, "clip": clip.exhibit,
                                                "cues": len(texts), "model": result.model})
                return exhibit
        except BaseException:
            if blob.created:
                with self._read() as s:
                    used = s.scalar(select(Evidence.id).where(Evidence.sha256 == blob.sha256))
                if used is None:
                    self.ctx.store.discard(blob.sha256)
            raise


def _waiting(s: Session) -> list[tuple[int, str, str]]:
    """(id, shown name, sha256) of clips with a stored original, no transcript and no recorded outcome."""
    linked = select(Evidence.parent_id).where(Evidence.relation == TRANSCRIPT, Evidence.parent_id.is_not(None))
    rows = s.execute(select(Evidence.id, Evidence.filename, Evidence.sha256, Evidence.meta)
                     .where(Evidence.kind.in_(CLIP_KINDS), Evidence.sha256.is_not(None), Evidence.id.not_in(linked))
                     .order_by(Evidence.exhibit))
    return [(i, printable(name), sha) for i, name, sha, meta in rows if not (meta or {}).get("transcription")]


def _time_at(s: Session, ev: Evidence, offset: int) -> int | None:
    cues = list(s.scalars(select(Cue).where(Cue.evidence_id == ev.id).order_by(Cue.char_start)))
    starts = [c.char_start for c in cues]
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0 or offset > cues[i].char_end:
        return None
    cue = cues[i]
    meta = ev.meta or {}
    if str(cue.id) in (meta.get("corrected") or {}):
        return cue.start_ms
    at = offset - cue.char_start
    pos = 0
    for start_ms, _end_ms, word in (meta.get("words") or {}).get(str(cue.id), []):
        found = cue.text.find(word, pos) if word else -1
        if found < 0:
            continue
        pos = found + len(word)
        if at < pos:
            return int(start_ms)
    return cue.start_ms


__all__ = ["TranscribeReport", "TranscriptionService"]
