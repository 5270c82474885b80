"""The language an exhibit is written in, detected offline (py3langid: its model ships inside the package).

Everything downstream reads by language: English rules and model only on English text, another language's
model where one is installed, that language's month names in dates, its Tesseract data. Detection reads a
bounded sample (the start, middle and end of a long text) so a 10 MB sheet costs what a page does, and gives no
answer for text too short or too mixed to tell; the user can always set the language by hand.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

_SAMPLE = 6000  # characters read at most: three slices of a long text
_MIN_LETTERS = 40  # fewer letters than this say too little to tell a language
_MIN_CONFIDENCE = 0.60  # py3langid's normalised probability under which the answer is "unknown"
_URLS = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|[@#]\w+")

# English names for the languages users meet most; others show their ISO 639-1 code.
NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "pl": "Polish", "ro": "Romanian",
    "ca": "Catalan", "ru": "Russian", "uk": "Ukrainian", "ar": "Arabic", "he": "Hebrew", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "tr": "Turkish", "el": "Greek", "hi": "Hindi", "fi": "Finnish",
    "cs": "Czech", "hu": "Hungarian", "vi": "Vietnamese", "id": "Indonesian",
}  # fmt: skip


@dataclass(frozen=True)
class Detected:
    """A language as an ISO 639-1 code ("" when it could not be told) and how sure the detector was (0..1)."""

    code: str
    confidence: float


_lock = threading.Lock()
_identifier: Any = None


def _model() -> Any:
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            # The model file inside the installed package, by path (py3langid/data/model.npz.xz).
            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return _identifier


def sample(text: str) -> str:
    """What detection reads: the whole text when short, else slices from its start, middle and end, without
    addresses, handles and hashtags (which are no language)."""
    if len(text) > _SAMPLE:
        third = _SAMPLE // 3
        middle = len(text) // 2
        text = " ".join((text[:third], text[middle - third // 2 : middle + third // 2], text[-third:]))
    return _URLS.sub(" ", text)


def detect(text: str) -> Detected:
    """The language of `text`, or Detected("", p) when it is too short or too uncertain to tell."""
    probe = sample(text)
    if sum(c.isalpha() for c in probe) < _MIN_LETTERS:
        return Detected("", 0.0)
    try:
        code, probability = _model().classify(probe)
    except Exception as exc:  # a broken install must never stop an import: the language stays unknown
        log.warning("Language detection failed: %s", type(exc).__name__)
        return Detected("", 0.0)
    probability = float(probability)
    if probability < _MIN_CONFIDENCE:
        return Detected("", round(probability, 2))
    return Detected(str(code), round(probability, 2))


def language_name(code: str) -> str:
    """ "French" for "fr"; the code itself for a language without a name here; "Unknown" for ""."""
    return NAMES.get(code, code) if code else "Unknown"


def languages_line(languages: dict[str, bool]) -> str:
    """Which languages were read fully (with a model) and which only for dates and accounts, with how to add a
    model; "" when only English was read (the model line above covers it)."""
    if not any(code not in ("", "en") for code in languages):
        return ""
    full = [language_name(c) for c, ok in sorted(languages.items()) if ok and c]
    bare = [language_name(c) for c, ok in sorted(languages.items()) if not ok and c]
    parts = []
    if full:
        parts.append(f"Read in {_and(full)} with {'its model' if len(full) == 1 else 'their models'}")
    if bare:
        names = _and(bare)
        parts.append(f"{names} read without a model: dates and accounts only — to read people and organisations "
                     f"in {names}, point Edit ▸ Language models… at a spaCy pipeline folder")
    return "; ".join(parts)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
