"""Audio and video through PyAV: duration, streams, tags, poster frame and damaged files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers.base import Limits
from casefile.importers.media import IMPORTER
from casefile.importers.registry import default_registry
from tests import fixture_files as ff


def read(src: Path, tmp_path: Path, name: str = ""):  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    store.mkdir(exist_ok=True)
    return default_registry().read(ff.stored_copy(src, store), name or src.name, Limits())


def test_mp4_video(tmp_path: Path) -> None:
    from PIL import Image

    importer, item = read(ff.make_video_mp4(tmp_path / "setvisit.mp4"), tmp_path)
    assert importer.name == "media"
    assert item.kind is EvidenceKind.VIDEO
    assert item.media_type == "video/mp4"
    assert item.title == "Okafor set visit, Brooklyn"
    assert item.published == CaseDate(2025, 1, 19, 21, 47, DatePrecision.MINUTE)
    meta = item.metadata
    assert meta["duration_s"] == pytest.approx(2.0, abs=0.1)
    assert meta["video_codec"] == "h264" and meta["audio_codec"] == "aac"
    assert (meta["width"], meta["height"]) == (320, 240)
    assert meta["frame_rate"] == pytest.approx(10.0)
    assert meta["sample_rate"] == 48_000 and meta["channels"] == 1
    thumb = Image.open(io.BytesIO(item.thumbnail_png or b""))
    assert thumb.size == (256, 192)


def test_webm_video(tmp_path: Path) -> None:
    src = ff.make_video_mp4(tmp_path / "clip.webm", container="webm", codec="libvpx")
    _, item = read(src, tmp_path)
    assert item.kind is EvidenceKind.VIDEO
    assert item.metadata["video_codec"] == "vp8"
    assert item.metadata["audio_codec"] == "opus"
    assert item.thumbnail_png is not None


def test_wav_audio(tmp_path: Path) -> None:
    _, item = read(ff.make_wav(tmp_path / "voicenote.wav", seconds=1.5), tmp_path)
    assert item.kind is EvidenceKind.AUDIO
    assert item.media_type == "audio/wav"
    assert item.metadata["duration_s"] == pytest.approx(1.5, abs=0.01)
    assert item.metadata["sample_rate"] == 16_000
    assert item.thumbnail_png is None


@pytest.mark.parametrize(
    ("name", "container", "codec", "media_type"),
    [
        ("note.ogg", "ogg", "libopus", "audio/ogg"),
        ("note.flac", "flac", "flac", "audio/flac"),
        ("note.mp3", "mp3", "libmp3lame", "audio/mpeg"),
        ("note.m4a", "ipod", "aac", "audio/mp4"),
    ],
)
def test_audio_formats_with_tags(tmp_path: Path, name: str, container: str, codec: str, media_type: str) -> None:
    rate = 48_000 if codec == "libopus" else 44_100
    src = ff.make_audio(tmp_path / name, container=container, codec=codec, rate=rate)
    _, item = read(src, tmp_path)
    assert item.kind is EvidenceKind.AUDIO
    assert item.media_type == media_type
    assert item.title == "Voice note to M. Okafor"
    assert item.author == "Halvorsen Media Group"
    assert item.published == CaseDate(2025, 1, 19)
    assert item.metadata["duration_s"] == pytest.approx(1.0, abs=0.1)


def test_mp4_named_txt_is_read_as_video(tmp_path: Path) -> None:
    importer, item = read(ff.make_video_mp4(tmp_path / "v.mp4", audio=False), tmp_path, name="clip.txt")
    assert importer.name == "media"
    assert item.kind is EvidenceKind.VIDEO


def test_truncated_mp4_fails_clearly(tmp_path: Path) -> None:
    data = ff.make_video_mp4(tmp_path / "v.mp4").read_bytes()
    bad = tmp_path / "cut.mp4"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFailedError, match="truncated"):
        read(bad, tmp_path)


def test_zero_byte_media_fails_clearly(tmp_path: Path) -> None:
    src = tmp_path / "zero.mp4"
    src.write_bytes(b"")
    with pytest.raises(ImportFailedError, match="empty"):
        IMPORTER.read(src, "zero.mp4", Limits())
