"""OCR engine: pictures drawn here (light, dark, small and large) read word for word, boxes in the picture's own
pixels, language data found by path, a clear message when Tesseract is missing, and a time box."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from casefile.ocr import engine
from casefile.ocr.reading import recognise_image, word_spans

FONT = str(resources.files("casefile.assets") / "fonts" / "DejaVuSans.ttf")
BOLD = str(resources.files("casefile.assets") / "fonts" / "DejaVuSans-Bold.ttf")
MEMO = ["Notice of hearing in Marsh v. Colton County", "The hearing is set for April 14, 2025",
        "before Judge Renata Okonkwo in courtroom 4B."]


def draw_lines(lines: list[str], *, size: int = 16, dark: bool = False, width: int | None = None,
               margin: int | None = None) -> tuple[Any, list[tuple[int, int, int, int]]]:
    """A picture of `lines` in DejaVu Sans, and the drawn box (left, top, right, bottom) of every word."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, size)
    margin = margin if margin is not None else size
    step = round(size * 1.6)
    measure = ImageDraw.Draw(Image.new("L", (1, 1)))
    need = max(int(measure.textlength(line, font=font)) for line in lines) + 2 * margin
    img = Image.new("RGB", (max(width or 0, need), step * len(lines) + 2 * margin),
                    (21, 32, 43) if dark else (255, 255, 255))
    draw = ImageDraw.Draw(img)
    boxes = []
    for i, line in enumerate(lines):
        y = margin + i * step
        draw.text((margin, y), line, font=font, fill=(231, 233, 234) if dark else (20, 20, 20))
        start = 0
        for word in line.split(" "):
            x = margin + draw.textlength(line[:start], font=font)  # where the word starts in the drawn line
            boxes.append(draw.textbbox((x, y), word, font=font))
            start += len(word) + 1
    return img, boxes


def words_of(page: Any) -> list[str]:
    return [w.text for line in page.lines for w in line.words]


def expected_words() -> list[str]:
    return " ".join(MEMO).split()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_memo_is_read_word_for_word_in_light_and_dark_mode(dark: bool) -> None:
    img, _ = draw_lines(MEMO, size=22, dark=dark)
    page = engine.recognise(img)
    assert page.text == "\n".join(MEMO)
    assert page.engine.startswith("tesseract 5")
    assert engine.mean_confidence(page) > 85


def test_a_dark_screenshot_is_inverted_before_reading() -> None:
    img, _ = draw_lines(MEMO, dark=True)
    _grey, _scale, inverted = engine.prepare(img)
    assert inverted
    _grey, _scale, inverted = engine.prepare(draw_lines(MEMO)[0])
    assert not inverted


def test_small_text_is_enlarged_and_its_boxes_come_back_in_the_pictures_pixels() -> None:
    img, boxes = draw_lines(MEMO, size=10, margin=6)  # a 1x phone screenshot's small print
    _grey, scale, _inv = engine.prepare(img)
    assert scale >= 2.5
    page = engine.recognise(img)
    assert words_of(page) == expected_words()
    words = [w for line in page.lines for w in line.words]
    for word, (left, top, right, bottom) in zip(words, boxes, strict=True):
        assert abs(word.left - left) <= 3 and abs(word.left + word.width - right) <= 3, word
        # vertically Tesseract's box may reach the line's descender depth: it still covers the drawn word
        assert word.top <= top + 1 and word.top + word.height >= bottom - 1, word
        assert word.height <= (bottom - top) * 1.6 + 2, word
        assert word.left + word.width <= img.width and word.top + word.height <= img.height


def test_a_large_photo_of_a_page_is_read_without_enlarging() -> None:
    img, _ = draw_lines(MEMO * 6, size=44, width=2400)
    _grey, scale, _inv = engine.prepare(img)
    assert scale == 1.0
    page = engine.recognise(img)
    assert page.text == "\n".join(MEMO * 6)


def test_a_screenshot_with_an_avatar_reads_only_its_text() -> None:
    from PIL import ImageDraw, ImageFont

    img, _ = draw_lines(["", "", "The hearing is set for April 14, 2025"], size=15, width=420)
    draw = ImageDraw.Draw(img)
    draw.ellipse((12, 10, 52, 50), fill=(29, 155, 240))  # avatar
    draw.text((62, 12), "Dana Whitfield", font=ImageFont.truetype(BOLD, 15), fill=(20, 20, 20))
    draw.text((62, 32), "@dwhitfield_law", font=ImageFont.truetype(FONT, 14), fill=(83, 100, 113))
    page = engine.recognise(img)
    assert page.text == "Dana Whitfield\n@dwhitfield_law\nThe hearing is set for April 14, 2025"


def test_word_spans_index_the_page_text() -> None:
    page = engine.recognise(draw_lines(MEMO, size=20)[0])
    spans = word_spans(page)
    assert [page.text[s:e] for s, e in spans] == expected_words()


def test_recognised_metadata_is_compact_and_says_what_read_it() -> None:
    img, _ = draw_lines(MEMO, size=20)
    result = recognise_image(img, seconds=20)
    meta = result.metadata["ocr"]
    assert meta["engine"].startswith("tesseract 5") and meta["confidence"] > 85
    assert meta["word_count"] == len(expected_words()) == len(meta["words"])
    start, end, left, top, width, height = meta["words"][8]  # "The", first word of the second line
    assert result.text[start:end] == "The" and width > 0 and height > 0
    assert "low_confidence" not in meta and result.warnings == []


def test_a_blurred_picture_gives_low_confidence_and_says_so() -> None:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    img = Image.new("L", (900, 160), 255)
    ImageDraw.Draw(img).text((10, 40), "Meeting moved to Friday at noon", font=ImageFont.truetype(FONT, 26), fill=0)
    result = recognise_image(img.filter(ImageFilter.GaussianBlur(3.5)), seconds=20)  # a shaken phone photo
    assert result.text != "Meeting moved to Friday at noon"
    assert result.metadata["ocr"]["low_confidence"] is True
    assert result.metadata["ocr"]["confidence"] < engine.LOW_CONFIDENCE
    assert result.warnings[0].startswith("the text was recognised by OCR with low confidence")


def test_reading_is_time_boxed() -> None:
    img, _ = draw_lines(MEMO * 30, size=30, width=1800)
    with pytest.raises(engine.OcrTimeout):
        engine.recognise(img, seconds=0.001)
    assert words_of(engine.recognise(draw_lines(MEMO, size=20)[0])) == expected_words()  # the engine still reads


def test_language_data_is_found_through_tessdata_prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "tessdata"
    folder.mkdir()
    (folder / "eng.traineddata").write_bytes(b"x")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # the parent, as Tesseract 4 expected it
    assert engine.find_tessdata() == folder
    monkeypatch.setenv("TESSDATA_PREFIX", str(folder))  # the folder itself, as Tesseract 5 expects it
    assert engine.find_tessdata() == folder
    monkeypatch.delenv("TESSDATA_PREFIX")
    # without it, the system folders are searched in order: the first holding the data wins (whatever the OS)
    empty, system = tmp_path / "usr-share-tesseract-4", tmp_path / "usr-share-tesseract-5"
    empty.mkdir()
    system.mkdir()
    (system / "eng.traineddata").write_bytes(b"x")
    monkeypatch.setattr(engine, "_TESSDATA_DIRS", (str(empty), str(system)))
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    assert engine.find_tessdata() == system


def test_without_language_data_the_message_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "tessdata_candidates", lambda: [])
    engine.reset_for_tests()
    try:
        info = engine.model_info()
        assert not info.available
        assert info.message == ("Text in images is not read: Tesseract's English language data is not installed "
                                "(sudo apt-get install tesseract-ocr tesseract-ocr-eng)")
        result = recognise_image(draw_lines(MEMO)[0], seconds=10)
        assert result.page is None and result.text == "" and result.warnings == [info.message]
    finally:
        monkeypatch.undo()
        engine.reset_for_tests()
    assert engine.model_info().available


def test_without_tesserocr_the_message_names_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "tesserocr", None)  # import fails as if it was never installed
    engine.reset_for_tests()
    try:
        assert engine.model_info().message == ("Text in images is not read: Tesseract is not installed "
                                             "(sudo apt-get install tesseract-ocr tesseract-ocr-eng)")
    finally:
        monkeypatch.undo()
        engine.reset_for_tests()


def test_a_16_bit_greyscale_scan_is_read() -> None:
    from PIL import Image

    img, _ = draw_lines(MEMO, size=20)
    deep = Image.frombytes("I;16", img.size, bytes(b for v in img.convert("L").tobytes() for b in (0, v)))
    assert deep.getpixel((0, 0)) == 255 * 256  # white is 65280, far above an 8-bit value
    assert engine.recognise(deep).text == "\n".join(MEMO)
