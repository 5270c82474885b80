"""Audio and video via PyAV (FFmpeg): duration, streams, tags and a poster frame.

Only headers and, for video, one frame are decoded, so large files are cheap to read.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from casefile.domain.enums import DatePrecision, EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers._common import (
    check_size,
    clean_author,
    clean_title,
    exif_datetime,
    plausible,
    png_thumbnail,
    try_date,
)
from casefile.importers.base import ImportedItem, Limits

AUDIO_EXTENSIONS = (
    ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac", ".wma", ".amr", ".aif", ".aiff", ".aifc",
    ".caf", ".au", ".ac3", ".wv", ".ape", ".mka",
)
VIDEO_EXTENSIONS = (
    ".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".3gp", ".ts", ".mts", ".m2ts", ".flv", ".f4v", ".mpg",
    ".mpeg", ".vob", ".wmv", ".asf", ".rm", ".rmvb", ".ogv", ".dv",
)
# FFmpeg demuxers that "open" non-media (ANSI art, raw data, image sequences): never a clip by themselves
_NOT_MEDIA_FORMATS = {"tty", "data", "bin", "image2", "image2pipe", "ico", "txt", "srt", "webvtt", "ass"}
_WEBM_CODECS = {"vp8", "vp9", "av1", "opus", "vorbis"}
_NOT_MEDIA_CODECS = {"ansi", "bintext", "xbin", "idf", "none", "png", "mjpeg", "bmp", "gif", "tiff", "webp"}
_VIDEO_BRANDS = (
    b"isom",
    b"iso2",
    b"mp41",
    b"mp42",
    b"avc1",
    b"qt  ",
    b"3gp4",
    b"3gp5",
    b"3gp6",
    b"m4v ",
    b"mmp4",
    b"dash",
    b"iso5",
    b"iso6",
    b"MSNV",
    b"XAVC",
    b"f4v ",
)
_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"M4P ", b"F4A ")
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis")

_MEDIA_TYPES = {
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "aac": "audio/aac",
    "matroska,webm": "video/webm",
    "mov,mp4,m4a,3gp,3g2,mj2": "video/mp4",
    "avi": "video/x-msvideo",
    "aiff": "audio/aiff",
    "adts": "audio/aac",
    "mpegts": "video/mp2t",
    "flv": "video/x-flv",
    "mpeg": "video/mpeg",
    "asf": "video/x-ms-asf",
}


def media_score(head: bytes) -> float:
    """How surely `head` starts an audio or video container."""
    if len(head) < 12:
        return 0.0
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return 0.0  # still images in an ISO box container (HEIC/AVIF)
        return 0.95 if brand in _VIDEO_BRANDS + _AUDIO_BRANDS else 0.8
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"):
        return 0.7
    if head.startswith(b"RIFF") and head[8:12] in (b"WAVE", b"AVI "):
        return 0.95
    if head.startswith((b"OggS", b"fLaC", b"\x1a\x45\xdf\xa3", b"#!AMR", b"\x30\x26\xb2\x75\x8e\x66\xcf\x11")):
        return 0.95
    if head.startswith(b"ID3") and head[3] < 10:
        return 0.9
    if head.startswith(b"FORM") and head[8:12] in (b"AIFF", b"AIFC"):
        return 0.95
    if head.startswith((b"FLV\x01", b"caff", b".RMF", b"wvpk", b"MAC ")):
        return 0.9
    if head.startswith(b"\x00\x00\x01\xba"):  # MPEG program stream (.mpg, .vob)
        return 0.9
    if head.startswith(b"\x00\x00\x01\xb3"):  # MPEG-1/2 video elementary stream
        return 0.8
    if _sync_every(head, 0, 188) or _sync_every(head, 4, 192):  # MPEG-TS; AVCHD .MTS/.m2ts add a 4-byte stamp
        return 0.9
    if head.startswith(b".snd") and len(head) >= 24:
        return 0.8
    if head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and head[1] != 0xFE:  # FF FE is a UTF-16 BOM
        layer = (head[1] >> 1) & 0x3
        if (head[1] & 0xF6) == 0xF0:  # ADTS AAC
            return 0.6
        if layer != 0 and (head[2] >> 4) not in (0, 15) and (head[2] >> 2) & 3 != 3:  # MPEG audio frame
            return 0.5
    return 0.0


def _sync_every(head: bytes, first: int, step: int, packets: int = 4) -> bool:
    """Transport-stream sync bytes (0x47) at the start of `packets` consecutive packets."""
    if len(head) < first + step * packets:
        return False
    return all(head[first + i * step] == 0x47 for i in range(packets))


def probe_streams(path: Path, limits: Limits) -> bool:
    """Whether FFmpeg opens the file and finds a real audio or video stream (for files no sniffer recognised)."""
    import av

    try:
        container = av.open(str(path), "r", timeout=min(limits.seconds, 10.0),
                            options={"protocol_whitelist": "file"})
    except Exception:  # whatever FFmpeg cannot open is not media
        return False
    try:
        if container.format.name in _NOT_MEDIA_FORMATS:
            return False
        for stream in [*container.streams.audio, *container.streams.video]:
            name = stream.codec_context.name if stream.codec_context is not None else "none"
            if name not in _NOT_MEDIA_CODECS and not _is_cover_art(stream):
                return True
        return False
    except Exception:
        return False
    finally:
        container.close()


class MediaImporter:
    name = "media"
    kinds = (EvidenceKind.AUDIO, EvidenceKind.VIDEO)
    extensions = AUDIO_EXTENSIONS + VIDEO_EXTENSIONS

    def sniff(self, head: bytes, name: str) -> float:
        return media_score(head)

    def read(self, path: Path, name: str, limits: Limits) -> ImportedItem:
        size = path.stat().st_size
        if size == 0:
            check_size(0, limits)
        import av

        try:
            # only local file access: a crafted file must not make FFmpeg open URLs or other files
            container = av.open(str(path), "r", timeout=limits.seconds, options={"protocol_whitelist": "file"})
        except av.error.InvalidDataError:
            raise ImportFailedError(
                "the audio/video file is truncated, damaged or in a format FFmpeg cannot read"
            ) from None
        except av.error.FFmpegError as exc:
            raise ImportFailedError(f"the audio/video file could not be opened ({_ff_reason(exc)})") from None
        try:
            return _read_container(container, name, limits, size)
        except av.error.FFmpegError as exc:
            raise ImportFailedError(f"the audio/video file is damaged ({_ff_reason(exc)})") from None
        finally:
            container.close()


def _ff_reason(exc: Exception) -> str:
    msg = getattr(exc, "strerror", None) or str(exc)
    return str(msg).split(":")[0].strip() or type(exc).__name__


def _is_cover_art(stream: Any) -> bool:
    try:
        import av

        return bool(stream.disposition & av.stream.Disposition.attached_pic)
    except Exception:
        return False


def _read_container(container: Any, name: str, limits: Limits, size: int) -> ImportedItem:
    videos = [s for s in container.streams.video if not _is_cover_art(s)]
    audios = list(container.streams.audio)
    if not videos and not audios:
        raise ImportFailedError("the file has no audio or video stream")
    tags: dict[str, str] = {}
    for stream in [*audios, *videos]:
        tags.update({k.lower(): v for k, v in stream.metadata.items()})
    tags.update({k.lower(): v for k, v in container.metadata.items()})
    duration = _duration(container, videos + audios)
    meta: dict[str, Any] = {
        "container": container.format.name,
        "duration_s": round(duration, 3) if duration is not None else None,
        "size": size,
    }
    if container.bit_rate:
        meta["bit_rate"] = int(container.bit_rate)
    if audios:
        a = audios[0].codec_context
        meta["audio_codec"] = a.name
        meta["sample_rate"] = int(a.sample_rate or 0)
        meta["channels"] = int(getattr(a, "channels", 0) or (a.layout.nb_channels if a.layout else 0))
    thumb = None
    warnings: list[str] = []
    if videos:
        v = videos[0]
        cc = v.codec_context
        meta["video_codec"] = cc.name
        meta["width"], meta["height"] = int(cc.width), int(cc.height)
        rate = v.average_rate or v.guessed_rate or v.base_rate
        if rate:
            meta["frame_rate"] = round(float(rate), 3)
        rotation = _rotation(v)
        if rotation:
            meta["rotation"] = rotation
        thumb = _poster(container, v, limits, duration, warnings)
    if duration is None:
        warnings.append("the duration is unknown (the file may be truncated or streamed)")
    meta["codecs"] = [c for c in (meta.get("video_codec"), meta.get("audio_codec")) if c]
    for key in (
        "artist",
        "album",
        "comment",
        "encoder",
        "location",
        "com.apple.quicktime.location.iso6709",
        "creation_time",
        "date",
        "genre",
    ):
        if tags.get(key):
            meta["tag_" + key.rsplit(".", 1)[-1]] = tags[key]
    # when the clip was recorded (a camera's or phone's clock) is `taken`, like a photo's EXIF date; only a
    # release date tag (`date`, e.g. ID3) is a publication date
    taken = plausible(
        try_date(tags.get("com.apple.quicktime.creationdate"), DatePrecision.MINUTE)
        or try_date(tags.get("creation_time"), DatePrecision.MINUTE)
        or exif_datetime(tags.get("date"))  # an EXIF-style stamp written by a camera
    )
    if taken is not None:
        meta["taken"] = taken.iso()
        meta.pop("tag_creation_time", None)
    published = None if exif_datetime(tags.get("date")) else plausible(try_date(tags.get("date")))
    kind = EvidenceKind.VIDEO if videos else EvidenceKind.AUDIO
    fmt = container.format.name
    media_type = _MEDIA_TYPES.get(fmt, ("video/" if videos else "audio/") + fmt.split(",")[0])
    if fmt == "matroska,webm" and not set(meta["codecs"]) <= _WEBM_CODECS:
        media_type = "video/x-matroska"
    if not videos and media_type.startswith("video/"):
        media_type = "audio/" + media_type.split("/", 1)[1]
    meta = {k: v for k, v in meta.items() if v is not None}
    return ImportedItem(
        kind=kind,
        media_type=media_type,
        title=clean_title(tags.get("title"), name=name),
        author=clean_author(tags.get("artist"), tags.get("author"), tags.get("album_artist")),
        published=published,
        metadata=meta,
        thumbnail_png=thumb,
        warnings=warnings,
    )


def _duration(container: Any, streams: list[Any]) -> float | None:
    if container.duration and container.duration > 0:
        return container.duration / 1_000_000
    best = None
    for s in streams:
        if s.duration and s.time_base:
            d = float(s.duration * s.time_base)
            best = max(best or 0.0, d)
    return best


def _rotation(stream: Any) -> int:
    try:
        return int(stream.metadata.get("rotate", 0))
    except (TypeError, ValueError):
        return 0


def _poster(container: Any, stream: Any, limits: Limits, duration: float | None, warnings: list[str]) -> bytes | None:
    """A frame about one second in (or the first frame of a shorter clip) as a PNG thumbnail."""
    import av

    deadline = time.monotonic() + min(limits.seconds, 10.0)
    stream.thread_type = "AUTO"
    target = 1.0 if duration is None or duration > 2.0 else 0.0
    try:
        if target and stream.time_base:
            container.seek(int(target / stream.time_base), stream=stream, any_frame=False, backward=True)
        frame = None
        for frame in container.decode(stream):
            if frame.time is None or frame.time >= target - 0.05 or time.monotonic() > deadline:
                break
        if frame is None:
            warnings.append("no video frame could be decoded for a thumbnail")
            return None
        image = frame.to_image()
        return png_thumbnail(image, limits.thumbnail_px)
    except (av.error.FFmpegError, ValueError) as exc:
        warnings.append(f"no thumbnail: {_ff_reason(exc)}")
        return None


IMPORTER = MediaImporter()
