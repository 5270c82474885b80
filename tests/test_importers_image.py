"""Images: size, EXIF date/camera/GPS, thumbnail, detection by content, bombs and damage."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers.base import Limits
from casefile.importers.registry import default_registry
from tests import fixture_files as ff


def read(src: Path, tmp_path: Path, name: str = "", limits: Limits | None = None):  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    store.mkdir(exist_ok=True)
    return default_registry().read(ff.stored_copy(src, store), name or src.name, limits or Limits())


def test_jpeg_exif(tmp_path: Path) -> None:
    importer, item = read(ff.make_jpeg_with_exif(tmp_path / "set.jpg"), tmp_path)
    assert importer.name == "image"
    assert item.kind is EvidenceKind.IMAGE
    assert item.media_type == "image/jpeg"
    assert item.metadata["width"] == 800 and item.metadata["height"] == 600
    assert item.published is None  # when a photo was taken is not when it was published
    assert item.metadata["taken"] == "2025-01-19T21:47"
    assert item.metadata["camera_make"] == "Fujifilm"
    assert item.metadata["camera_model"] == "X100V"
    assert item.metadata["gps_lat"] == pytest.approx(40.6782, abs=1e-4)
    assert item.metadata["gps_lon"] == pytest.approx(-73.9442, abs=1e-4)


def test_thumbnail(tmp_path: Path) -> None:
    from PIL import Image

    _, item = read(ff.make_png(tmp_path / "shot.png", size=(1200, 300)), tmp_path, limits=Limits(thumbnail_px=200))
    thumb = Image.open(io.BytesIO(item.thumbnail_png or b""))
    assert thumb.format == "PNG"
    assert thumb.size == (200, 50)


def test_png_named_jpg_is_detected_by_content(tmp_path: Path) -> None:
    importer, item = read(ff.make_png(tmp_path / "shot.png"), tmp_path, name="shot.jpg")
    assert importer.name == "image"
    assert item.metadata["format"] == "PNG"
    assert item.media_type == "image/png"
    assert item.published is None


def test_decompression_bomb_png(tmp_path: Path) -> None:
    src = ff.make_bomb_png(tmp_path / "bomb.png")
    assert src.stat().st_size < 1000
    with pytest.raises(ImportFailedError, match="decompression bomb"):
        read(src, tmp_path)


def test_pixel_limit_from_limits(tmp_path: Path) -> None:
    with pytest.raises(ImportFailedError, match="pixel limit"):
        read(ff.make_png(tmp_path / "big.png", size=(400, 300)), tmp_path, limits=Limits(max_image_pixels=100_000))


def test_truncated_image_fails_clearly(tmp_path: Path) -> None:
    data = ff.make_png(tmp_path / "s.png").read_bytes()
    bad = tmp_path / "bad.png"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFailedError, match="truncated"):
        read(bad, tmp_path)


def test_heic_photo_is_an_image(tmp_path: Path) -> None:
    """HEIC (iPhone photos) is read in the default install through pillow-heif."""
    src = ff.make_heic(tmp_path / "IMG_4120.HEIC")
    assert src.read_bytes()[4:12] == b"ftypheic"
    importer, item = read(src, tmp_path, name="IMG_4120")
    assert importer.name == "image"
    assert item.kind is EvidenceKind.IMAGE
    assert item.media_type == "image/heic"
    assert (item.metadata["width"], item.metadata["height"]) == (320, 240)
    assert item.metadata["taken"] == "2003-11-23T18:07"
    assert item.published is None
    assert item.thumbnail_png is not None


@pytest.mark.parametrize("description", ["", "   ", "OLYMPUS DIGITAL CAMERA", "untitled", "https://x.example/p"])
def test_junk_description_is_not_a_title(tmp_path: Path, description: str) -> None:
    src = ff.make_heic(tmp_path / "p.heic", description=description)
    _, item = read(src, tmp_path, name="Set visit, gate 3.heic")
    assert item.title == "Set visit, gate 3"
