"""mypy over the whole package, with pyproject's `[tool.mypy]` settings (the same run as `mypy` at the root).

The core (everything outside `gui/`) must be clean. `gui/` is type-checked in the same run; its errors are
being removed with the GUI's restructuring into feature packages (issue 24) and are printed, not yet failed on.
mypy comes with the [test] extra, so a missing mypy fails rather than skips.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_is_type_checked_and_the_core_is_clean() -> None:
    assert importlib.util.find_spec("mypy") is not None, "mypy is missing: install the [test] extra"
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    lines = [ln for ln in result.stdout.splitlines() if ": error:" in ln]
    checked = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    assert "source files" in checked, result.stdout + result.stderr  # mypy ran over the package
    core = [ln for ln in lines if not ln.startswith("casefile/gui/")]
    assert core == []
    gui = [ln for ln in lines if ln.startswith("casefile/gui/")]
    if gui:
        print(f"{len(gui)} mypy errors left in gui/ (see issue 24)")
