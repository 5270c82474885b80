"""The language the speech model heard goes to the transcript exhibit: its language (shown, exported, used by
extraction) and its machine metadata, from the transcription itself, before any suggestion pass reads it. The
shipped tiny.en is English-only, so its transcripts are "en"; a multilingual folder's detected language
(faster-whisper's info.language) takes the same path."""

from __future__ import annotations

from pathlib import Path

from casefile.context import Case
from casefile.domain.enums import EvidenceKind
from tests.test_speech_fixtures import speech_clip


def test_the_transcript_exhibit_keeps_the_language_heard(case: Case, tmp_path: Path) -> None:
    clip = speech_clip(tmp_path / "in", name="statement.m4a")
    report = case.intake.import_paths([clip])
    case.transcriptions.run()
    clip_id = report.outcomes[0].evidence_id
    (tr,) = [e for e in case.evidence.list() if e.parent_id == clip_id and e.kind is EvidenceKind.TRANSCRIPT]
    assert tr.language == "en"
    assert tr.metadata["machine"]["language"] == "en"
