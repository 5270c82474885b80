"""Audio and video through PyAV: duration, streams, tags, poster frame and damaged files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from casefile.domain.dates import CaseDate
from casefile.domain.enums import EvidenceKind
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
    assert item.published is None  # a recording time is not a publication date
    assert item.metadata["taken"] == "2025-01-19T21:47"
    assert "tag_creation_time" not in item.metadata
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


# --- every container PyAV opens is audio or video by its streams (issue 11) ------------------------

CONTAINERS = [
    # (file name, make_clip arguments, kind, media type, container)
    ("memo.aiff", {"container": "aiff", "vcodec": None, "acodec": "pcm_s16be"}, "audio", "audio/aiff", "aiff"),
    ("memo.aac", {"container": "adts", "vcodec": None, "acodec": "aac"}, "audio", "audio/aac", "aac"),
    ("broadcast.ts", {"container": "mpegts"}, "video", "video/mp2t", "mpegts"),
    ("00012.MTS", {"container": "mpegts", "options": {"mpegts_m2ts_mode": "1"}}, "video", "video/mp2t", "mpegts"),
    ("old-stream.flv", {"container": "flv"}, "video", "video/x-flv", "flv"),
    ("tape.mpg", {"container": "mpeg", "vcodec": "mpeg2video", "acodec": "mp2"}, "video", "video/mpeg", "mpeg"),
    ("phone.mkv", {"container": "matroska"}, "video", "video/x-matroska", "matroska,webm"),
    ("camera.h264", {"container": "h264", "acodec": None}, "video", "video/h264", "h264"),  # no magic number
]


@pytest.mark.parametrize(("name", "kwargs", "kind", "media_type", "container"), CONTAINERS)
@pytest.mark.parametrize("named", [True, False], ids=["named", "no-extension"])
def test_containers_are_media_by_their_streams(
    tmp_path: Path, name: str, kwargs: dict, kind: str, media_type: str, container: str, named: bool
) -> None:
    src = ff.make_clip(tmp_path / name, **kwargs)
    importer, item = read(src, tmp_path, name=name if named else "recording")
    assert importer.name == "media"
    assert item.kind.value == kind
    assert item.media_type == media_type
    assert item.metadata["container"] == container
    if container == "h264":  # a raw elementary stream carries no duration: the user is told so
        assert "the duration is unknown (the file may be truncated or streamed)" in item.warnings
    else:
        assert item.metadata["duration_s"] > 0.5


def test_mts_with_four_byte_stamps_is_recognised_by_its_head(tmp_path: Path) -> None:
    src = ff.make_clip(tmp_path / "00001.MTS", container="mpegts", options={"mpegts_m2ts_mode": "1"})
    head = src.read_bytes()[:4096]
    assert head[0] != 0x47 and head[4] == 0x47  # the 192-byte packet layout, not plain TS
    assert IMPORTER.sniff(head, "00001") >= 0.9


@pytest.mark.parametrize("content", [b"\x13\x37" * 5000, bytes(range(256)) * 40])
def test_unknown_binary_is_not_taken_for_media(tmp_path: Path, content: bytes) -> None:
    src = tmp_path / "blob.dat"
    src.write_bytes(content)
    importer, item = read(src, tmp_path)
    assert importer.name == "generic"
    assert item.kind is EvidenceKind.OTHER
