"""Clips of real synthetic speech for the speech tests: espeak-ng speaks, PyAV packs it as .m4a or .mp4.

Each clip is made in the test run (nothing binary is committed) and kept under 8 s, since CI has 2 cores.
"""

from __future__ import annotations

import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

HEARING = "The hearing opened in the morning. On March 3, 2025 the board voted to close the Riverside clinic."



def speak(text: str, wav: Path, speed: int = 165) -> Path:
    """espeak-ng's voice saying `text`, as a WAV file."""
    if shutil.which("espeak-ng") is None:  # a missing tool fails the tests, never skips them
        pytest.fail("espeak-ng is needed to make the test speech: apt-get install espeak-ng")
    subprocess.run(["espeak-ng", "-s", str(speed), "-w", str(wav), text], check=True, capture_output=True)
    return wav


def pack(wav: Path, out: Path, *, video: bool = False, silence_s: float = 0.0) -> Path:
    """The WAV's sound as AAC in an MP4/M4A container (with a small moving picture when `video`)."""
    import av
    import numpy as np

    with av.open(str(wav)) as src:
        frames = [f.to_ndarray() for f in src.decode(audio=0)]
        rate = src.streams.audio[0].rate
    samples = np.concatenate(frames, axis=1).astype(np.int16) if frames else np.zeros((1, 0), np.int16)
    if silence_s:
        samples = np.concatenate([np.zeros((1, int(rate * silence_s)), np.int16), samples], axis=1)
    # the sample table first (as phones and streaming sites write it), so a cut file still opens
    with av.open(str(out), "w", format="mp4", options={"movflags": "faststart"}) as dst:
        v = None
        if video:
            v = dst.add_stream("mpeg4", rate=10)
            v.width, v.height, v.pix_fmt = 96, 64, "yuv420p"
        a = dst.add_stream("aac", rate=rate)
        a.layout = "mono"
        if v is not None:
            seconds = samples.shape[1] / rate
            for i in range(int(seconds * 10) + 1):
                img = np.full((64, 96, 3), (i * 7) % 255, np.uint8)
                frame = av.VideoFrame.from_ndarray(img, format="rgb24")
                frame.pts = i
                frame.time_base = Fraction(1, 10)
                for packet in v.encode(frame):
                    dst.mux(packet)
        step = 1024
        for start in range(0, samples.shape[1], step):
            chunk = samples[:, start:start + step]
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(chunk), format="s16", layout="mono")
            frame.sample_rate = rate
            frame.pts = start
            for packet in a.encode(frame):
                dst.mux(packet)
        for stream in (a, v):
            if stream is not None:
                for packet in stream.encode(None):
                    dst.mux(packet)
    return out


def speech_clip(folder: Path, text: str = HEARING, name: str = "board-meeting.m4a", *, video: bool = False,
                silence_s: float = 0.0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    wav = speak(text, folder / (Path(name).stem + ".wav"))
    out = pack(wav, folder / name, video=video, silence_s=silence_s)
    wav.unlink()
    return out


def silent_clip(folder: Path, name: str = "room-tone.m4a", seconds: float = 3.0) -> Path:
    """A clip with sound but no speech."""
    import wave

    folder.mkdir(parents=True, exist_ok=True)
    wav = folder / "silence.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x00" * int(16000 * seconds))
    out = pack(wav, folder / name)
    wav.unlink()
    return out


def scrambled_clip(folder: Path, name: str = "damaged.m4a") -> Path:
    """A clip whose header is fine (it imports as audio) but whose sound data is noise: nothing decodes."""
    import random

    good = speech_clip(folder / "src", "Nothing of this can be heard.", "src.m4a")
    data = good.read_bytes()
    mdat = data.find(b"mdat")
    rng = random.Random(7)
    body = bytes(rng.getrandbits(8) for _ in range(len(data) - mdat - 4))
    out = folder / name
    # the sample table (moov) is before or after the data; scramble only the data
    moov = data.find(b"moov")
    if moov > mdat:
        size = int.from_bytes(data[mdat - 4:mdat], "big")
        out.write_bytes(data[:mdat + 4] + body[:size - 8] + data[mdat - 4 + size:])
    else:
        out.write_bytes(data[:mdat + 4] + body)
    return out


def test_speech_clip_is_short_and_holds_sound(tmp_path: Path) -> None:
    import av

    clip = speech_clip(tmp_path, video=True, name="v.mp4")
    with av.open(str(clip)) as c:
        assert c.streams.audio and c.streams.video
        assert 2.0 < c.duration / 1_000_000 < 8.0
