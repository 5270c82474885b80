"""Checking a model's weight files against SHA-256 digests pinned in the code (the NER and speech models)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path


def mismatched_weights(folder: Path, pinned: Mapping[str, str]) -> list[str]:
    """The pinned files under `folder` whose SHA-256 differs (or that are missing); empty when all match."""
    bad = []
    for relative, expected in pinned.items():
        file = folder / relative
        if not file.is_file():
            bad.append(f"{relative} missing")
            continue
        digest = hashlib.sha256()
        with file.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != expected:
            bad.append(f"{relative} differs")
    return bad
