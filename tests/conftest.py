"""Shared fixtures. Qt runs offscreen and never reads the user's real settings."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QSettings and any per-user state go to a throwaway folder, never the user's own
_SETTINGS_HOME = tempfile.mkdtemp(prefix="casefile-test-home-")
os.environ["XDG_CONFIG_HOME"] = _SETTINGS_HOME
os.environ["XDG_DATA_HOME"] = _SETTINGS_HOME
os.environ["CASEFILE_SETTINGS_DIR"] = _SETTINGS_HOME
os.environ["CASEFILE_LOG_DIR"] = os.path.join(_SETTINGS_HOME, "logs")
os.environ["CASEFILE_TEMP_DIR"] = _SETTINGS_HOME  # copies of originals opened by tests

from casefile.context import Case, create_case  # noqa: E402


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    """A fresh, empty case on tmp_path, closed after the test."""
    c = create_case(tmp_path / "Test", "Okafor v. Halvorsen Media Group")
    try:
        yield c
    finally:
        c.close()


ARTICLE = """date 2024-03-14 Okafor sues Halvorsen Media Group over leaked recording

By Dana Whitcombe

Marguerite Okafor filed a defamation lawsuit against Halvorsen Media Group on March 12, 2024, seeking $12 million in damages.

The complaint says that Halvorsen Media Group published a doctored recording of Okafor on February 3, 2024. "We will prove every word of it was edited," said Okafor's attorney, Ruth Abernathy.

Peter Halvorsen, the company's chief executive, denied the claims in a statement to The Daily Ledger.
"""


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    """A short fictional news article in plain text, with the `date YYYY-MM-DD` first line users' files have."""
    p = tmp_path / "okafor-sues-halvorsen.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p
