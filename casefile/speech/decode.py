"""A clip's sound decoded in bounded windows (16 kHz mono float32), so memory stays flat whatever its length.

Whisper hears 30 s at a time anyway; decoding the whole clip first held a 3-hour recording's 690 M samples
(2.6 GB with FFmpeg's buffers) and could not be stopped while it ran. Each window ends at the quietest moment
of its last few seconds, so a word is not cut in two; the rest is carried into the next window. The cancel
flag is checked about every second of decoded sound, so a stop acts within a fraction of a window.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SAMPLE_RATE = 16000
WINDOW_SECONDS = 30.0  # one Whisper window; the largest chunk ever handed on
CUT_SEARCH_SECONDS = 4.0  # where to look, at a window's end, for a quiet moment to cut at
_CUT_STEP = SAMPLE_RATE // 20  # 50 ms frames when looking for the quietest moment
_CANCEL_EVERY = SAMPLE_RATE  # samples decoded between two looks at the cancel flag


class DecodeCancelled(Exception):
    """The cancel flag was raised while the clip was being decoded."""


class NoAudioStream(Exception):
    """The container holds no sound (a silent video)."""


@dataclass(frozen=True)
class AudioChunk:
    start_sample: int  # where the chunk begins in the whole clip (16 kHz samples): timestamps stay continuous
    samples: Any  # numpy float32, mono, 16 kHz

    @property
    def start_s(self) -> float:
        return self.start_sample / SAMPLE_RATE

    @property
    def end_sample(self) -> int:
        return self.start_sample + len(self.samples)


def decode_chunks(path: Path, *, window_s: float = WINDOW_SECONDS, cut_search_s: float = CUT_SEARCH_SECONDS,
                  cancelled: Callable[[], bool] | None = None) -> Generator[AudioChunk, None, None]:
    """The clip's sound as consecutive chunks of at most `window_s` seconds (the last may be shorter).

    Raises NoAudioStream, DecodeCancelled, or PyAV's errors for a file FFmpeg cannot open. Frames FFmpeg cannot
    decode are skipped (as faster-whisper's own decoder does): a damaged clip decodes short.
    """
    import av
    import numpy as np

    window = max(SAMPLE_RATE, int(window_s * SAMPLE_RATE))
    search = min(window // 2, int(cut_search_s * SAMPLE_RATE))
    with av.open(str(path), mode="r", metadata_errors="ignore") as container:
        if not container.streams.audio:
            raise NoAudioStream()
        stream = container.streams.audio[0]
        resampler = av.audio.resampler.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        pending: list[Any] = []  # int16 arrays not yet handed on
        held = 0  # samples in `pending`
        emitted = 0  # samples handed on so far
        since_check = 0
        try:
            for frame in _frames(container, stream):
                for out in resampler.resample(frame):
                    data = out.to_ndarray().reshape(-1)
                    pending.append(data)
                    held += len(data)
                    since_check += len(data)
                if since_check >= _CANCEL_EVERY:
                    since_check = 0
                    if cancelled is not None and cancelled():
                        raise DecodeCancelled()
                while held >= window:
                    buffer = np.concatenate(pending)
                    cut = _quiet_cut(buffer, window, search)
                    yield AudioChunk(emitted, buffer[:cut].astype(np.float32) / 32768.0)
                    emitted += cut
                    rest = buffer[cut:]
                    pending, held = ([rest] if len(rest) else []), len(rest)
                    if cancelled is not None and cancelled():
                        raise DecodeCancelled()
            for out in resampler.resample(None):  # what the resampler still holds
                pending.append(out.to_ndarray().reshape(-1))
                held += out.samples
            if held:
                buffer = np.concatenate(pending)
                start = 0
                while start < len(buffer):  # the flush can push the tail past one window
                    piece = buffer[start:start + window]
                    yield AudioChunk(emitted, piece.astype(np.float32) / 32768.0)
                    emitted += len(piece)
                    start += len(piece)
        finally:
            del resampler
            gc.collect()  # PyAV's resampler keeps FFmpeg buffers until collected (faster-whisper issue 390)


def _frames(container: Any, stream: Any) -> Iterator[Any]:
    """The stream's decoded frames, skipping the ones FFmpeg reports as invalid."""
    import av

    frames = container.decode(stream)
    while True:
        try:
            frame = next(frames)
        except StopIteration:
            return
        except av.error.InvalidDataError:
            continue
        frame.pts = None  # the resampler would refuse a jump in timestamps of a damaged clip
        yield frame


def _quiet_cut(buffer: Any, window: int, search: int) -> int:
    """Where to end a window: the quietest 50 ms in its last `search` samples (the window's end if none)."""
    import numpy as np

    if search < _CUT_STEP * 2:
        return window
    tail = buffer[window - search:window].astype(np.float32)
    frames = len(tail) // _CUT_STEP
    energy = np.abs(tail[:frames * _CUT_STEP]).reshape(frames, _CUT_STEP).mean(axis=1)
    # latest of the quietest frames: the chunk stays as long as it can be
    quietest = frames - 1 - int(np.argmin(energy[::-1]))
    return window - search + quietest * _CUT_STEP + _CUT_STEP // 2


__all__ = ["SAMPLE_RATE", "WINDOW_SECONDS", "AudioChunk", "DecodeCancelled", "NoAudioStream", "decode_chunks"]
