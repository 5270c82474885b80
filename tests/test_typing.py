"""mypy over the whole package, with pyproject's `[tool.mypy]` settings (the same run as `mypy` at the root).

Every module must be clean, `gui/` included. mypy comes with the [test] extra, so a missing mypy fails rather
than skips.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_whole_package_is_type_checked_and_clean() -> None:
    assert importlib.util.find_spec("mypy") is not None, "mypy is missing: install the [test] extra"
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    lines = [ln for ln in result.stdout.splitlines() if ": error:" in ln]
    checked = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    assert "source files" in checked, result.stdout + result.stderr  # mypy ran over the package
    assert lines == []
