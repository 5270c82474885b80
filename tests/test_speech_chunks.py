"""Long clips are decoded and heard one bounded window at a time: memory stays flat, a stop acts within a window,
and a line heard after the first window keeps its true moment in the clip."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.speech.decode import SAMPLE_RATE, WINDOW_SECONDS, DecodeCancelled, NoAudioStream, decode_chunks
from casefile.speech.model import load_model
from casefile.speech.settings import SpeechSettings
from casefile.speech.transcribe import TranscriptionCancelled, transcribe
from casefile.testing.audio import silent_flac
from tests.test_speech_fixtures import HEARING, speech_clip


def test_twenty_minutes_decode_in_bounded_continuous_chunks(tmp_path: Path) -> None:
    clip = silent_flac(tmp_path / "room-tone.flac", 20 * 60)
    chunks = list(decode_chunks(clip))
    window = int(WINDOW_SECONDS * SAMPLE_RATE)
    assert max(len(c.samples) for c in chunks) <= window  # never more than one window held and handed on
    assert len(chunks) >= 20 * 60 / WINDOW_SECONDS
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert b.start_sample == a.end_sample  # no gap, no overlap: a chunk's moments are the clip's
    assert chunks[0].start_sample == 0
    assert abs(chunks[-1].end_sample - 20 * 60 * SAMPLE_RATE) <= SAMPLE_RATE // 100  # resampled to 16 kHz
    assert chunks[0].samples.dtype.name == "float32" and chunks[0].samples.ndim == 1


def test_cancel_stops_the_decoder_within_one_chunk(tmp_path: Path) -> None:
    clip = silent_flac(tmp_path / "room-tone.flac", 10 * 60)
    handed: list[int] = []

    def cancelled() -> bool:
        return len(handed) >= 3

    with pytest.raises(DecodeCancelled):
        for chunk in decode_chunks(clip, cancelled=cancelled):
            handed.append(len(chunk.samples))
    assert len(handed) == 3  # the flag raised after the third chunk: no fourth was decoded


def test_cancel_is_looked_at_inside_a_window_while_it_decodes(tmp_path: Path) -> None:
    clip = silent_flac(tmp_path / "room-tone.flac", 5 * 60)
    looks: list[int] = []

    def cancelled() -> bool:
        looks.append(1)
        return len(looks) >= 2

    with pytest.raises(DecodeCancelled):
        next(iter(decode_chunks(clip, cancelled=cancelled)))
    assert len(looks) == 2  # stopped before the first 30 s window was even complete


def test_a_video_without_sound_is_said_as_such(tmp_path: Path) -> None:
    import av
    import numpy as np

    clip = tmp_path / "mute.mp4"
    with av.open(str(clip), "w", format="mp4") as dst:
        v = dst.add_stream("mpeg4", rate=10)
        v.width, v.height, v.pix_fmt = 32, 32, "yuv420p"
        for i in range(5):
            frame = av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), np.uint8), format="rgb24")
            frame.pts = i
            for packet in v.encode(frame):
                dst.mux(packet)
        for packet in v.encode(None):
            dst.mux(packet)
    with pytest.raises(NoAudioStream):
        list(decode_chunks(clip))


@pytest.fixture(scope="module")
def whisper() -> tuple[object, str]:
    model, info = load_model(SpeechSettings())
    assert model is not None, info.message
    return model, info.name


def test_speech_after_the_first_window_keeps_its_moment_in_the_clip(tmp_path: Path,
                                                                     whisper: tuple[object, str]) -> None:
    model, name = whisper
    # 12 s of silence, then two sentences; heard in 10 s windows the words land in the second window or later
    clip = speech_clip(tmp_path, HEARING, "late.m4a", silence_s=12.0)
    fractions: list[float] = []
    result = transcribe(model, clip, model_name=name, window_s=10.0, progress=fractions.append)
    assert result.segments, "nothing was heard"
    heard = {w.strip(".,").casefold() for w in result.text.split()}
    assert {"hearing", "board", "voted"} <= heard, result.text
    first = result.segments[0]
    assert 11_500 <= first.start_ms <= 13_500, first  # the offset of its chunk was added
    assert first.words and first.words[0].start_ms >= 11_500
    for a, b in zip(result.segments, result.segments[1:], strict=False):
        assert a.start_ms <= b.start_ms <= result.duration_ms
    assert result.duration_ms > 17_000
    assert len(fractions) >= 2 and fractions == sorted(fractions) and fractions[-1] > 0.95


def test_a_window_ending_inside_speech_is_cut_between_words(tmp_path: Path, whisper: tuple[object, str]) -> None:
    model, name = whisper
    clip = speech_clip(tmp_path, HEARING, "cut.m4a", silence_s=5.0)  # speech from 5 s to about 12 s
    cuts = [c.end_sample / SAMPLE_RATE for c in decode_chunks(clip, window_s=10.0)][:-1]
    assert len(cuts) == 1 and 6.0 <= cuts[0] <= 10.0  # the window ends while the sentences are spoken
    result = transcribe(model, clip, model_name=name, window_s=10.0)
    heard = {w.strip(".,").casefold() for w in result.text.split()}
    assert {"hearing", "opened", "morning", "march", "board", "voted", "close", "riverside"} <= heard, result.text


def test_cancel_during_a_long_clip_stops_within_a_window(tmp_path: Path, whisper: tuple[object, str]) -> None:
    model, name = whisper
    clip = silent_flac(tmp_path / "long-silence.flac", 10 * 60)
    fractions: list[float] = []

    def cancelled() -> bool:
        return len(fractions) >= 2  # Ctrl+C pressed once two windows were heard

    with pytest.raises(TranscriptionCancelled):
        transcribe(model, clip, model_name=name, progress=fractions.append, cancelled=cancelled)
    assert len(fractions) == 2  # no third window was heard
    assert fractions[-1] < 0.15  # 2 of 20 windows
