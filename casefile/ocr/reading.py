"""OCR as the importers use it: text, the metadata that says it was recognised, and the warnings to show.

The word boxes are kept compact in the exhibit's metadata (`ocr.words`: [char_start, char_end, left, top, width,
height] per word, offsets into the exhibit's text) so the preview can highlight and select words on the image.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from casefile.ocr import engine
from casefile.ocr.types import OcrPage

MAX_WORD_BOXES = 20_000  # a dense poster keeps its text; only the boxes past this many are left out


@dataclass
class Recognised:
    """One picture read: its page (None when nothing could be read), metadata and warnings for the user."""

    page: OcrPage | None
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.page.text if self.page is not None else ""


def word_spans(page: OcrPage) -> list[tuple[int, int]]:
    """Each word's (start, end) in `page.text`, in the order of `page.lines` and their words."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in page.lines:
        for i, word in enumerate(line.words):
            if i:
                pos += 1  # the space between words
            spans.append((pos, pos + len(word.text)))
            pos += len(word.text)
        pos += 1  # the newline between lines
    return spans


def ocr_languages() -> tuple[str, bool]:
    """(Tesseract languages the user enabled and are installed, "eng+fra"; whether to re-read in the detected
    language)."""
    from casefile.language_settings import load_language_settings

    settings = load_language_settings()
    return engine.usable_languages(settings.ocr_languages), settings.ocr_auto


def reread_language(text: str, languages: str) -> str:
    """The Tesseract languages to read a page again with, when its first reading is plainly in a language whose
    data is installed but was not used (French read with English data loses its accents), else ""."""
    from casefile.languages import detect

    found = detect(text)
    code = engine.TESSERACT_CODES.get(found.code, "")
    if not code or code in languages.split("+") or code not in engine.installed_languages():
        return ""
    return f"{code}+{languages}"


def recognise_image(image: Any, seconds: float, languages: str | None = None) -> Recognised:
    """Read the text in a PIL image, time-boxed; never raises for what the picture holds. `languages` ("eng+fra")
    defaults to the user's setting, with a second reading in the detected language where that helps."""
    info = engine.model_info()
    if not info.available:
        return Recognised(None, warnings=[info.message])
    auto = languages is None
    if languages is None:
        languages, auto = ocr_languages()
    started = time.monotonic()
    warnings: list[str] = []
    try:
        try:
            page = engine.recognise(image, seconds=seconds, languages=languages)
        except engine.OcrLanguageError as exc:
            warnings.append(f"read in English only: {exc}")
            languages = engine.LANGUAGE
            page = engine.recognise(image, seconds=max(1.0, seconds - (time.monotonic() - started)))
        again = reread_language(page.text, languages) if auto and page.lines else ""
        left = seconds - (time.monotonic() - started)
        if again and left > 1:
            try:
                page, languages = engine.recognise(image, seconds=left, languages=again), again
            except (engine.OcrTimeout, engine.OcrLanguageError):
                pass  # the first reading stands
    except engine.OcrFailure as exc:
        return Recognised(None, {"ocr": failure_metadata(info.engine, exc)},
                          [f"text in the image was not read: {exc}"])
    except Exception as exc:  # Pillow refusing to enlarge or decode a picture past its pixel limit
        if not isinstance(exc, _bomb_errors()):
            raise
        bomb = engine.OcrUnreadable("the picture claims more pixels than can be read safely (possible "
                                    "decompression bomb)", "decompression bomb")
        return Recognised(None, {"ocr": failure_metadata(info.engine, bomb)},
                          [f"text in the image was not read: {bomb}"])
    elapsed = time.monotonic() - started
    meta = image_metadata(page, elapsed)
    meta["languages"] = languages
    return Recognised(page, {"ocr": meta}, warnings + confidence_warnings(page))


def failure_metadata(engine_name: str, exc: engine.OcrFailure) -> dict[str, Any]:
    """What the exhibit keeps about a picture OCR could not read: the engine, the cause and the reason."""
    meta: dict[str, Any] = {"engine": engine_name, "failed": exc.cause, "reason": str(exc)}
    if isinstance(exc, engine.OcrTimeout):
        meta["timed_out"] = True  # only a real timeout says so
    return meta


def _bomb_errors() -> tuple[type[BaseException], ...]:
    from PIL import Image

    return (Image.DecompressionBombError, Image.DecompressionBombWarning)


def image_metadata(page: OcrPage, seconds: float) -> dict[str, Any]:
    """What the exhibit keeps about its recognised text: engine, confidence, time and compact word boxes."""
    confidence = engine.mean_confidence(page)
    words = [w for line in page.lines for w in line.words]
    boxes = [[s, e, w.left, w.top, w.width, w.height]
             for (s, e), w in zip(word_spans(page), words, strict=True)][:MAX_WORD_BOXES]
    meta: dict[str, Any] = {
        "engine": page.engine,
        "confidence": confidence,
        "seconds": round(seconds, 2),
        "word_count": len(words),
        "width": page.width,
        "height": page.height,
        "words": boxes,
    }
    if words and confidence < engine.LOW_CONFIDENCE:
        meta["low_confidence"] = True
    return meta


def confidence_warnings(page: OcrPage) -> list[str]:
    confidence = engine.mean_confidence(page)
    if page.lines and confidence < engine.LOW_CONFIDENCE:
        return [f"the text was recognised by OCR with low confidence ({confidence:.0f} %): check it against "
                "the picture before citing it"]
    return []
