"""Worker functions for the import pipeline tests (module level, so worker processes can import them)."""

from __future__ import annotations

import os

from casefile.importers.base import Limits
from casefile.services.import_pipeline import Prepared, _prepare_in_worker


def crash_on_boom(path: str, name: str, limits: Limits, size: int) -> Prepared:
    """Reads like the real worker, but dies (as a native crash would) on files named boom*."""
    if name.startswith("boom"):
        os._exit(3)
    return _prepare_in_worker(path, name, limits, size)
