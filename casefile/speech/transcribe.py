"""One clip in, timed cues out: faster-whisper with the voice-activity filter and word timestamps, fed one
bounded window of sound at a time (`speech/decode.py`).

Pure: a path and a loaded model in, a `Transcript` out. Cue and word times are clamped into the clip and kept in
order, so a citation made from them always points at a moment that exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casefile.domain.records import format_timestamp
from casefile.speech.decode import (
    SAMPLE_RATE,
    WINDOW_SECONDS,
    AudioChunk,
    DecodeCancelled,
    NoAudioStream,
    decode_chunks,
)

# Greedy decoding: on the 2-core development machine beam 5 took twice the time (RTF 0.28 against 0.14) for the
# same word error rate with tiny.en on real read speech (benchmarks/eval_speech.py); accuracy comes from a bigger
# model in the settings, not from a wider beam.
BEAM_SIZE = 1


class TranscriptionError(Exception):
    """A clip that cannot be transcribed (damaged, no sound stream); the message is for the user."""


class TranscriptionCancelled(Exception):
    """The user stopped the pass; nothing of this clip is kept."""


@dataclass(frozen=True)
class Word:
    start_ms: int
    end_ms: int
    text: str
    probability: float


@dataclass(frozen=True)
class Segment:
    start_ms: int
    end_ms: int
    text: str
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class Transcript:
    segments: tuple[Segment, ...]
    language: str
    duration_ms: int
    model: str
    seconds: float = 0.0  # time spent transcribing
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.segments)


def transcribe(model: Any, path: Path, *, model_name: str, multilingual: bool = False, language: str = "",
               progress: Callable[[float], None] | None = None,
               cancelled: Callable[[], bool] | None = None, window_s: float = WINDOW_SECONDS) -> Transcript:
    """Transcribe `path` (any container PyAV opens), one window of sound at a time: memory stays bounded and
    `cancelled` is looked at between windows, between segments and about every second of decoding.

    Raises TranscriptionError or TranscriptionCancelled."""
    import time

    import av

    started = time.monotonic()
    expected_ms = _container_ms(path)
    lang = language or (None if multilingual else "en")
    out: list[Segment] = []
    extra: dict[str, Any] = {}
    decoded = 0  # samples heard so far
    probability: float | None = None
    chunks = decode_chunks(path, window_s=window_s, cancelled=cancelled)
    try:
        while True:
            try:  # only decoding is guarded here: an error while hearing a chunk is not a damaged clip
                chunk = next(chunks)
            except StopIteration:
                break
            except DecodeCancelled:
                raise TranscriptionCancelled() from None
            except NoAudioStream:  # a silent video
                return Transcript((), language or "", 0, model_name, time.monotonic() - started, {"no_audio": True})
            except (av.error.FFmpegError, ValueError) as exc:
                if not decoded:
                    raise TranscriptionError(_decode_reason(exc)) from None
                break  # what was decoded before the damage is kept; the length check below says the clip is partial
            except (OSError, RuntimeError) as exc:
                if not decoded:
                    raise TranscriptionError(f"the clip could not be read ({type(exc).__name__}: {exc})") from None
                break
            decoded = chunk.end_sample
            found, info = _hear(model, chunk, lang, out, cancelled)
            if found and lang is None:  # a multilingual model: the language heard first holds for the clip
                lang = str(info.language or "") or None
            if found and probability is None:
                probability = round(float(info.language_probability), 3)
            if progress is not None and expected_ms:
                progress(min(1.0, decoded * 1000 / SAMPLE_RATE / expected_ms))
    finally:
        chunks.close()  # a stop while hearing closes the clip now, not when the generator is collected
    duration_ms = int(decoded * 1000 / SAMPLE_RATE)
    if expected_ms and expected_ms > 1000 and duration_ms < expected_ms * 0.9:
        # FFmpeg skips what it cannot decode: a damaged clip decodes short, or not at all
        if duration_ms < 500:
            raise TranscriptionError(f"the sound of this clip is damaged: none of its "
                                     f"{format_timestamp(expected_ms)} could be decoded")
        extra["partial"] = (f"only {format_timestamp(duration_ms)} of {format_timestamp(expected_ms)} could be "
                            "decoded (the clip is damaged or truncated); the transcript covers that part")
    if probability is not None:
        extra["language_probability"] = probability
    return Transcript(tuple(out), str(lang or language or ""), duration_ms, model_name,
                      time.monotonic() - started, extra)


def _hear(model: Any, chunk: AudioChunk, lang: str | None, out: list[Segment],
          cancelled: Callable[[], bool] | None) -> tuple[bool, Any]:
    """Recognise one chunk, appending its lines to `out` with the chunk's offset added; (anything heard, info)."""
    offset_ms = chunk.start_sample * 1000 // SAMPLE_RATE
    end_ms = chunk.end_sample * 1000 // SAMPLE_RATE
    segments, info = model.transcribe(chunk.samples, beam_size=BEAM_SIZE, vad_filter=True, word_timestamps=True,
                                      language=lang, condition_on_previous_text=False)
    last_start = out[-1].start_ms if out else 0
    found = False
    for seg in segments:  # a generator: decoding happens as we iterate, so cancel is checked between segments
        if cancelled is not None and cancelled():
            raise TranscriptionCancelled()
        text = " ".join(str(seg.text).split())
        if not text:
            continue
        found = True
        start = _clamp(seg.start, offset_ms, end_ms, last_start)
        end = max(start, _clamp(seg.end, offset_ms, end_ms, start))
        words: list[tuple[Word, str]] = []  # each word with its raw text (leading space kept, to rebuild lines)
        w_last = start
        for w in seg.words or ():
            ws = _clamp(w.start, offset_ms, end_ms, w_last)
            we = max(ws, _clamp(w.end, offset_ms, end_ms, ws))
            words.append((Word(ws, we, str(w.word).strip(), round(float(w.probability), 3)), str(w.word)))
            w_last = ws
        for part in _sentences(start, end, text, words):
            out.append(part)
            last_start = part.start_ms
    return found, info


def _container_ms(path: Path) -> int:
    """The length the container declares (0 when unknown), to tell a damaged clip from a short one."""
    import av

    try:
        with av.open(str(path), "r", options={"protocol_whitelist": "file"}) as container:
            if container.duration and container.duration > 0:
                return int(container.duration / 1000)
            best = 0
            for st in container.streams.audio:
                if st.duration and st.time_base:
                    best = max(best, int(float(st.duration * st.time_base) * 1000))
            return best
    except Exception:  # whatever FFmpeg cannot open, decoding will report
        return 0


def _sentences(start: int, end: int, text: str, words: list[tuple[Word, str]]) -> list[Segment]:
    """A recognised segment (up to 30 s) cut into one line per sentence at its words' times, so the transcript
    follows playback line by line and a line's time is the moment its sentence begins."""
    if not words or "".join(raw for _w, raw in words).strip() == "":
        return [Segment(start, end, text, tuple(w for w, _raw in words))]
    parts: list[list[tuple[Word, str]]] = [[]]
    for i, (w, raw) in enumerate(words):
        parts[-1].append((w, raw))
        if w.text.endswith((".", "?", "!")) and i + 1 < len(words) and parts[-1]:
            parts.append([])
    lines = []
    for n, part in enumerate(p for p in parts if p):
        line = " ".join("".join(raw for _w, raw in part).split())
        if not line:
            continue
        first, last = part[0][0], part[-1][0]
        line_start = start if n == 0 else first.start_ms
        line_end = end if part is parts[-1] else max(last.end_ms, line_start)
        lines.append(Segment(line_start, line_end, line, tuple(w for w, _raw in part)))
    return lines or [Segment(start, end, text, tuple(w for w, _raw in words))]


def _clamp(seconds: float, offset_ms: int, end_ms: int, floor: int) -> int:
    """A time within a chunk as a moment of the clip, kept inside the chunk and never before `floor`."""
    ms = offset_ms + int(round(float(seconds) * 1000))
    return max(floor, min(ms, end_ms))


def _decode_reason(exc: Exception) -> str:
    msg = getattr(exc, "strerror", None) or str(exc)
    reason = str(msg).split(":")[0].strip() or type(exc).__name__
    return f"the clip is damaged or in a format FFmpeg cannot decode ({reason})"


def webvtt(transcript: Transcript, clip_sha256: str, clip_name: str) -> str:
    """The recognised cues as WebVTT; the NOTE names the clip by hash (and makes each transcript file unique)."""
    lines = ["WEBVTT", "",
             f"NOTE Machine transcript by faster-whisper, model {transcript.model}, language "
             f"{transcript.language or 'unknown'}, of {_one_line(clip_name)} (SHA-256 {clip_sha256})", ""]
    for i, seg in enumerate(transcript.segments, 1):
        lines += [str(i), f"{_vtt_time(seg.start_ms)} --> {_vtt_time(seg.end_ms)}", _one_line(seg.text), ""]
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.replace("-->", "->").split())


def _vtt_time(ms: int) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, frac = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{frac:03d}"


__all__ = ["BEAM_SIZE", "Segment", "Transcript", "TranscriptionCancelled", "TranscriptionError", "Word",
           "format_timestamp", "transcribe", "webvtt"]
