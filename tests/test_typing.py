"""The core (everything but `gui/` and `extract/`) stays mypy clean, as STYLE.md asks."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

MYPY_ARGS = [
    "casefile",
    "--exclude", "casefile/(gui|extract)/",
    "--ignore-missing-imports",
    "--follow-imports=silent",
]


def test_core_is_mypy_clean() -> None:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (it comes with the [test] extra)")
    result = subprocess.run([sys.executable, "-m", "mypy", *MYPY_ARGS],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
