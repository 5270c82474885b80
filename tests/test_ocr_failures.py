"""An OCR failure is given its true reason: a picture too thin or too large to read, the engine failing, a page
past the pixel limit (a decompression bomb); a timeout is said only when the time really ran out."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.importers.base import Limits
from casefile.importers.image import read_image
from casefile.ocr import engine
from casefile.ocr.reading import recognise_image
from tests.test_ocr_engine import MEMO, draw_lines


def test_a_one_pixel_strip_is_too_thin_not_too_slow(tmp_path: Path) -> None:
    from PIL import Image

    strip = tmp_path / "strip.png"
    Image.new("L", (1, 100_000), 255).save(strip)
    item = read_image(strip, "strip.png", Limits())
    ocr = item.metadata["ocr"]
    assert ocr["failed"] == "too thin" and "timed_out" not in ocr
    assert item.warnings == ["text in the image was not read: the picture is too thin to hold readable text "
                             "(1 × 100,000 pixels; a line of text needs at least 8 pixels)"]
    assert ocr["reason"] == item.warnings[0].removeprefix("text in the image was not read: ")


def test_a_side_longer_than_the_engine_reads_is_too_large() -> None:
    from PIL import Image

    with pytest.raises(engine.OcrUnreadable) as caught:
        engine.recognise(Image.new("L", (40_000, 20), 255))
    assert caught.value.cause == "too large"
    assert "reads at most 32,767 pixels a side" in str(caught.value)


def test_an_engine_failure_is_not_called_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    # without the shape check the strip reaches Tesseract, which refuses it at once (as it did in issue 26)
    monkeypatch.setattr(engine, "check_shape", lambda _w, _h: None)
    with pytest.raises(engine.OcrFailure) as caught:
        engine.recognise(Image.new("L", (1, 100_000), 255), seconds=60)
    assert not isinstance(caught.value, engine.OcrTimeout)
    assert caught.value.cause == "engine error"
    assert str(caught.value).startswith("the OCR engine failed on this picture (after ")
    assert str(caught.value).endswith("s, not for lack of time)")


def test_a_real_timeout_is_still_said_as_one() -> None:
    img, _ = draw_lines(MEMO * 30, size=30, width=1800)
    result = recognise_image(img, seconds=0.001)
    assert result.page is None
    assert result.metadata["ocr"]["failed"] == "timeout" and result.metadata["ocr"]["timed_out"] is True
    assert result.warnings == ["text in the image was not read: text recognition took longer than 0.001 s"]


def test_a_fax_page_past_the_pixel_limit_is_named_and_the_pages_after_it_are_read(tmp_path: Path) -> None:
    from PIL import Image

    first, _ = draw_lines(["Fax cover sheet from Harbour Legal"], size=24)
    last, _ = draw_lines(["Page three confirms the hearing"], size=24)
    huge = Image.new("L", (3000, 3000), 255)  # 9 megapixels: above the limit below, a few kB as G4 TIFF
    fax = tmp_path / "fax.tif"
    first.convert("L").save(fax, "TIFF", save_all=True, append_images=[huge, last.convert("L")])
    item = read_image(fax, "fax.tif", Limits(max_image_pixels=2_000_000))
    assert item.metadata["ocr"]["pages"] == [1, 3]
    assert item.metadata["ocr"]["failed_pages"]["2"].endswith("pixel limit (possible decompression bomb)")
    assert "page 2: its text was not read: the page is 3,000 × 3,000 pixels, above the 2,000,000 pixel limit " \
           "(possible decompression bomb)" in item.warnings
    assert item.text.split("\n\n")[0] == "Fax cover sheet from Harbour Legal"
    assert item.text.split("\n\n")[2] == "Page three confirms the hearing"
    assert item.text.index("Page three") == item.page_starts[2]
    assert "unread_pages" not in item.metadata
