"""Tesseract in this process (tesserocr), found by path, loaded once per process and reused for every image.

Why in-process: starting a `tesseract` program per image costs more than reading a screenshot. The engine is
optional: without tesserocr or the English language data, `model_info()` says what is missing and how to add it,
and images import as pictures. Nothing loads at import time.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casefile.ocr.types import OcrLine, OcrPage, OcrWord

LANGUAGE = "eng"
# where installers put the language data, after TESSDATA_PREFIX: Debian/Ubuntu (5 and 4), Fedora, Homebrew
# (Apple silicon and Intel), MacPorts, the Windows installers (UB Mannheim, per machine and per user)
_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
    "/opt/local/share/tessdata",
    r"C:\Program Files\Tesseract-OCR\tessdata",
    r"C:\Program Files (x86)\Tesseract-OCR\tessdata",
)
LOW_CONFIDENCE = 60.0  # mean word confidence (0..100) under which the text is flagged as uncertain
TARGET_LINE_PX = 30  # the inked height of a text line Tesseract reads well (cap height about 22 px)
MAX_SCALE = 4.0
MAX_READ_PIXELS = 30_000_000  # an enlarged image is never bigger than this (time and memory)


def install_hint() -> str:
    """How to add Tesseract and its English data on this platform."""
    if sys.platform == "darwin":
        return "brew install tesseract"
    if sys.platform.startswith("win"):
        return "install Tesseract from https://github.com/UB-Mannheim/tesseract/wiki with English data"
    return "sudo apt-get install tesseract-ocr tesseract-ocr-eng"


@dataclass(frozen=True)
class OcrInfo:
    available: bool
    engine: str = ""  # e.g. "tesseract 5.5.4 (eng)"
    tessdata: str = ""
    message: str = ""  # for the user: empty when OCR runs, else why text in images is not read


class OcrFailure(Exception):
    """A picture whose text could not be read; `str()` is the reason in the user's words, `cause` a short code
    kept in the exhibit's metadata ("too thin", "too large", "engine error", "timeout")."""

    cause = "engine error"


class OcrTimeout(OcrFailure):
    """Recognition did not finish within the time allowed for one image (and only then)."""

    cause = "timeout"


class OcrUnreadable(OcrFailure):
    """The picture's shape rules reading out before it starts: too thin to hold a line, or too large a side."""

    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.cause = cause


class OcrLanguageError(OcrFailure):
    """Language data named in the settings is installed but does not load (damaged, wrong version)."""

    cause = "language data"


MIN_SIDE_PX = 8  # thinner than this, a picture cannot hold a line of text Tesseract can read
MAX_SIDE_PX = 32_767  # Tesseract's page coordinates are 16-bit: a longer side is refused by the engine


def tessdata_candidates() -> list[Path]:
    """Folders that may hold `eng.traineddata`, in the order they are tried (TESSDATA_PREFIX first)."""
    out: list[Path] = []
    prefix = os.environ.get("TESSDATA_PREFIX", "").strip()
    if prefix:
        out += [Path(prefix), Path(prefix) / "tessdata"]
    local = os.environ.get("LOCALAPPDATA", "")
    dirs = list(_TESSDATA_DIRS)
    if local:
        dirs.append(str(Path(local) / "Programs" / "Tesseract-OCR" / "tessdata"))
    out += [Path(d) for d in dirs]
    return out


def find_tessdata(language: str = LANGUAGE) -> Path | None:
    for folder in tessdata_candidates():
        try:
            if (folder / f"{language}.traineddata").is_file():
                return folder
        except OSError:
            continue
    return None


_lock = threading.Lock()  # one Tesseract API per process and language set; it is not thread-safe
_api: Any = None
_info: OcrInfo | None = None
_by_languages: dict[str, Any] = {}  # "eng+fra" -> its API, made when first asked for
# ISO 639-1 (what language detection gives) -> Tesseract's language data name
TESSERACT_CODES = {"en": "eng", "fr": "fra", "de": "deu", "es": "spa", "it": "ita", "pt": "por", "nl": "nld",
                   "ru": "rus", "pl": "pol", "sv": "swe", "da": "dan", "no": "nor", "nb": "nor", "fi": "fin",
                   "tr": "tur", "cs": "ces", "ro": "ron", "hu": "hun", "el": "ell", "uk": "ukr", "zh": "chi_sim",
                   "ja": "jpn", "ko": "kor", "ar": "ara", "he": "heb"}


def installed_languages() -> list[str]:
    """The Tesseract language data installed beside the English data (e.g. ["deu", "eng", "fra"])."""
    folder = find_tessdata()
    if folder is None:
        return []
    return sorted(p.name.removesuffix(".traineddata") for p in folder.glob("*.traineddata")
                  if p.name not in ("osd.traineddata", "equ.traineddata"))


def usable_languages(wanted: list[str] | tuple[str, ...]) -> str:
    """`wanted` narrowed to the installed data, as Tesseract's "eng+fra" (English alone when none is)."""
    have = set(installed_languages())
    chosen = [code for code in dict.fromkeys(wanted) if code in have]
    return "+".join(chosen) or LANGUAGE


def model_info() -> OcrInfo:
    """Whether OCR runs here, with which engine and data, or the message saying what is missing."""
    with _lock:
        _ensure_loaded()
        assert _info is not None
        return _info


def reset_for_tests() -> None:
    """Forget the loaded engine so a test can make the next load fail or succeed."""
    global _api, _info
    with _lock:
        if _api is not None:
            _api.End()
        for api in _by_languages.values():
            api.End()
        _by_languages.clear()
        _api, _info = None, None


def _missing(reason: str) -> OcrInfo:
    return OcrInfo(False, message=f"Text in images is not read: {reason} ({install_hint()})")


def _ensure_loaded() -> None:
    global _api, _info
    if _info is not None:
        return
    from casefile.settings import load

    if not load().ocr:
        by_env = os.environ.get("CASEFILE_NO_OCR", "").strip() not in ("", "0")
        why = "CASEFILE_NO_OCR is set" if by_env else "in the settings"
        _info = OcrInfo(False, message=f"Text in images is not read: OCR is turned off ({why})")
        return
    try:
        import tesserocr
    except ImportError:
        _info = _missing("Tesseract is not installed")
        return
    folder = find_tessdata()
    if folder is None:
        _info = _missing("Tesseract's English language data is not installed")
        return
    try:
        api = tesserocr.PyTessBaseAPI(path=str(folder), lang=LANGUAGE, psm=tesserocr.PSM.AUTO)
        # screenshots carry no resolution; saying 300 dpi stops Tesseract guessing (and warning) per image
        api.SetVariable("user_defined_dpi", "300")
    except Exception as exc:  # a broken install must never stop an import
        _info = _missing(f"Tesseract failed to start ({type(exc).__name__}: {exc})")
        return
    version = tesserocr.tesseract_version().split()[1] if tesserocr.tesseract_version() else ""
    _api = api
    _info = OcrInfo(True, f"tesseract {version} ({LANGUAGE})".replace("  ", " "), str(folder))


# preparing the picture ---------------------------------------------------------------------------------
def prepare(image: Any, *, max_pixels: int = MAX_READ_PIXELS) -> tuple[Any, float, bool]:
    """(greyscale picture with dark text on light, scale applied, whether it was inverted).

    Dark-mode screenshots are inverted (Tesseract's LSTM reads dark on light best); small text is enlarged to
    about TARGET_LINE_PX per line, judged from the height of the rows that hold ink.
    """
    from PIL import Image, ImageOps

    grey = image
    if grey.mode in ("RGBA", "LA", "PA") or (grey.mode == "P" and "transparency" in grey.info):
        backdrop = Image.new("RGBA", grey.size, (255, 255, 255, 255))  # transparent parts read as white
        grey = Image.alpha_composite(backdrop, grey.convert("RGBA"))
    if grey.mode.startswith("I;16") or grey.mode == "I":  # 16-bit scans: keep the range, not just the low byte
        grey = grey.convert("I").point(lambda v: v * (1 / 256))
    grey = grey.convert("L")
    inverted = _is_dark(grey)
    if inverted:
        grey = _deepen_dim_text(ImageOps.invert(grey))
    scale = _scale_for(grey)
    w, h = grey.size
    if w * h * scale * scale > max_pixels:
        scale = max(1.0, (max_pixels / (w * h)) ** 0.5)
    scale = min(scale, max(1.0, MAX_SIDE_PX / max(w, h, 1)))  # enlarging never makes a side the engine refuses
    if scale >= 1.25:  # enlarging by less gains nothing and costs time
        grey = grey.resize((round(w * scale), round(h * scale)), Image.Resampling.LANCZOS)
    else:
        scale = 1.0
    return grey, scale, inverted


def _is_dark(grey: Any) -> bool:
    """A dark background: most of the picture (its median) is dark, or, where a photo fills the middle (a dark
    Instagram post), the dark parts far outweigh the light ones."""
    small = grey.copy()
    small.thumbnail((256, 256))
    histogram = small.histogram()
    total = sum(histogram)
    dark, light = sum(histogram[:60]), sum(histogram[196:])
    if dark > 0.2 * total and dark > 4 * light:
        return True
    half, seen = total / 2, 0
    for value, count in enumerate(histogram):
        seen += count
        if seen >= half:
            return value < 100
    return False


def _deepen_dim_text(grey: Any) -> Any:
    """An inverted dark-mode screenshot has a grey page and its dim text (stamps, handles, counts) close to it:
    where that page is one flat near-white grey over a sixth of the picture or more, it is brought to white and
    the greys darkened (gamma), so binarising keeps the dim text as ink."""
    small = grey.copy()
    small.thumbnail((256, 256))
    histogram = small.histogram()
    page = max(range(128, 256), key=lambda v: histogram[v])  # the commonest light grey: the page
    if page < 200 or histogram[page] < 0.18 * sum(histogram):
        return grey  # no flat page, but a video frame, a photo or a textured slide: leave its greys alone
    return grey.point(lambda v: 255 if v >= page else round(255 * (v / page) ** 2.2))


def _scale_for(grey: Any) -> float:
    """How much to enlarge so a text line is about TARGET_LINE_PX high (1.0 when it already is)."""
    from PIL import Image

    w, h = grey.size
    if w < 2 or h < 2:
        return MAX_SCALE
    ink = grey.point(lambda v: 255 if v < 140 else 0)
    # the mean of each row is its share of ink; runs of inked rows are text lines (or pictures)
    profile = ink.resize((1, h), Image.Resampling.BOX).tobytes()
    runs, run = [], 0
    for value in profile:
        if value > 1:  # more than ~0.4 % of the row is ink
            run += 1
        elif run:
            runs.append(run)
            run = 0
    if run:
        runs.append(run)
    runs = [r for r in runs if r >= 4]  # rules and specks are not lines
    if not runs:
        return 1.0
    runs.sort()
    line = runs[len(runs) // 2]
    return max(1.0, min(MAX_SCALE, TARGET_LINE_PX / line))


# reading ----------------------------------------------------------------------------------------------
def recognise(image: Any, *, seconds: float = 30.0, sparse: bool = False, languages: str = "") -> OcrPage:
    """The words, lines and boxes Tesseract reads in a PIL image; boxes in the image's own pixels.

    `sparse` suits screenshots of posts (scattered text, avatars and icons): Tesseract then looks for text
    anywhere instead of assuming columns of paragraphs. Raises OcrTimeout past `seconds` only, OcrUnreadable for a
    picture too thin or too large to read, OcrFailure when the engine fails, RuntimeError when OCR is not
    available. `languages` is Tesseract's "eng+fra" (installed data only; empty: English).
    """
    import time

    import tesserocr

    width, height = image.size
    check_shape(width, height)
    prepared, scale, _inverted = prepare(image)
    with _lock:
        _ensure_loaded()
        if _api is None:
            raise RuntimeError(_info.message if _info else "OCR is not available")
        api = _api_for(languages)
        assert _info is not None
        api.SetPageSegMode(tesserocr.PSM.SPARSE_TEXT if sparse else tesserocr.PSM.AUTO)
        started = time.monotonic()
        try:
            api.SetImage(prepared)
            ok = api.Recognize(timeout=max(1, int(seconds * 1000)))
        except RuntimeError as exc:
            api.Clear()
            raise OcrFailure(f"the OCR engine failed on this picture ({_short(exc)})") from None
        if not ok:
            api.Clear()
            spent = time.monotonic() - started
            if spent >= seconds * 0.9:  # Tesseract says "failed" alike for a timeout and for an error
                raise OcrTimeout(f"text recognition took longer than {_seconds(seconds)}")
            raise OcrFailure(f"the OCR engine failed on this picture (after {spent:.2f} s, not for lack of time)")
        lines = _lines(api, scale, width, height)
        api.Clear()  # the picture is not kept alive between images
    name = _info.engine if api is _api else _info.engine.replace(f"({LANGUAGE})", f"({languages})")
    return OcrPage(width, height, lines, name)


def _api_for(languages: str) -> Any:
    """The engine for `languages` (under the lock): the English one, or one made once per language set."""
    import tesserocr

    if languages in ("", LANGUAGE):
        return _api
    if languages not in _by_languages:
        assert _info is not None
        try:
            api = tesserocr.PyTessBaseAPI(path=_info.tessdata, lang=languages, psm=tesserocr.PSM.AUTO)
            api.SetVariable("user_defined_dpi", "300")
            missing = set(languages.split("+")) - set(api.GetLoadedLanguages())
            if missing:  # Tesseract skips data it cannot load and reads with the rest
                api.End()
                raise RuntimeError(f"{', '.join(sorted(missing))} did not load")
        except Exception as exc:  # data missing or broken: say which, the caller falls back to English
            raise OcrLanguageError(f"the OCR language data '{languages}' could not be loaded "
                                   f"({_short(exc)})") from None
        _by_languages[languages] = api
    return _by_languages[languages]


def check_shape(width: int, height: int) -> None:
    """Raise OcrUnreadable for a picture whose shape alone rules reading out (a 1 × 100,000 strip)."""
    if min(width, height) < MIN_SIDE_PX:
        raise OcrUnreadable(f"the picture is too thin to hold readable text ({width:,} × {height:,} pixels; "
                            f"a line of text needs at least {MIN_SIDE_PX} pixels)", "too thin")
    if max(width, height) > MAX_SIDE_PX:
        raise OcrUnreadable(f"the picture is too large to read ({width:,} × {height:,} pixels; the OCR engine "
                            f"reads at most {MAX_SIDE_PX:,} pixels a side)", "too large")


def _seconds(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds >= 1 else f"{seconds:.3g} s"


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:160]
    return text or type(exc).__name__


def _lines(api: Any, scale: float, width: int, height: int) -> list[OcrLine]:
    from tesserocr import RIL

    lines: list[OcrLine] = []
    words: list[OcrWord] = []
    iterator = api.GetIterator()
    if iterator is None:
        return lines
    level = RIL.WORD
    while True:
        if iterator.IsAtBeginningOf(RIL.TEXTLINE) and words:
            lines.append(OcrLine(tuple(words)))
            words = []
        try:
            text = (iterator.GetUTF8Text(level) or "").strip()
        except RuntimeError:  # an empty page: the iterator stands on nothing
            break
        box = iterator.BoundingBox(level)
        if text and box is not None:
            x1, y1, x2, y2 = (round(v / scale) for v in box)
            x1, y1 = max(0, min(x1, width)), max(0, min(y1, height))
            x2, y2 = max(x1, min(x2, width)), max(y1, min(y2, height))
            words.append(OcrWord(text, x1, y1, x2 - x1, y2 - y1, round(float(iterator.Confidence(level)), 1)))
        if not iterator.Next(level):
            break
    if words:
        lines.append(OcrLine(tuple(words)))
    lines = _without_glyph_words(lines)
    return [line for line in lines if not _noise(line)]


def _without_glyph_words(lines: list[OcrLine]) -> list[OcrLine]:
    """Drop 'words' Tesseract made of a picture, not of letters: unsure, and far too flat or too tall for the
    page's text (a verified badge read as "sss" 2 px high, an avatar read as "eo" four lines tall)."""
    heights = sorted(w.height for line in lines for w in line.words
                     if w.confidence >= 80 and sum(ch.isalnum() for ch in w.text) >= 2)
    if len(heights) < 5:
        return lines
    median = heights[len(heights) // 2]

    def glyph(w: OcrWord) -> bool:
        return (w.confidence < 65 and sum(ch.isalnum() for ch in w.text) >= 2
                and (w.height < 0.4 * median or w.height > 2.5 * median))

    kept = [OcrLine(tuple(w for w in line.words if not glyph(w))) for line in lines]
    return [line for line in kept if line.words]


def _noise(line: OcrLine) -> bool:
    """A short 'line' Tesseract made of an icon or an avatar: no letter or digit it is even half sure of, no long
    word and no @handle (a dim grey @handle on a dark screenshot is read right at 30-48 % sure; an icon never
    gives 5 letters in a row at 40 %, nor an @ and three letters)."""
    if len(line.words) > 2:
        return False
    joined = "".join(w.text for w in line.words)
    if joined.startswith("@") and sum(ch.isalnum() for ch in joined) >= 3 and \
            min(w.confidence for w in line.words) >= 20:
        return False  # `@j_ okafor2`: a handle OCR split at its underscore
    return not any((w.confidence >= 50 and any(ch.isalnum() for ch in w.text))
                   or (w.confidence >= 40 and sum(ch.isalnum() for ch in w.text) >= 5) for w in line.words)


def mean_confidence(page: OcrPage) -> float:
    """Mean word confidence weighted by word length (a sure long word counts more than a stray glyph)."""
    total = weight = 0.0
    for line in page.lines:
        for w in line.words:
            total += w.confidence * len(w.text)
            weight += len(w.text)
    return round(total / weight, 1) if weight else 0.0
