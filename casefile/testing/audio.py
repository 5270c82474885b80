"""Audio made on the spot for tests and benchmarks, so no recording is committed or downloaded.

PyAV and NumPy come with faster-whisper (the speech extra); they are imported only when a clip is made.
"""

from __future__ import annotations

from pathlib import Path


def silent_flac(path: Path, seconds: float, rate: int = 44100) -> Path:
    """`seconds` of digital silence as mono FLAC at `rate` (a 20-minute clip is a few hundred kB and made in a
    second), written in 10-second frames so an hour never sits in memory."""
    import av
    import numpy as np

    with av.open(str(path), "w", format="flac") as dst:
        stream = dst.add_stream("flac", rate=rate)
        stream.layout = "mono"
        step, total = rate * 10, int(seconds * rate)
        zero = np.zeros((1, step), np.int16)
        for start in range(0, total, step):
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(zero[:, :min(step, total - start)]),
                                               format="s16", layout="mono")
            frame.sample_rate, frame.pts = rate, start
            for packet in stream.encode(frame):
                dst.mux(packet)
        for packet in stream.encode(None):
            dst.mux(packet)
    return path


__all__ = ["silent_flac"]
