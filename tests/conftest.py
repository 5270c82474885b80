"""Shared fixtures. Qt runs offscreen and never reads the user's real settings."""

from __future__ import annotations

import os
import sys
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

# No network, in this process and in every process it starts (reader workers are spawned interpreters):
# tests/netguard/sitecustomize.py runs at their start-up through PYTHONPATH.
_NETGUARD = str(Path(__file__).resolve().parent / "netguard")
os.environ["CASEFILE_TEST_NO_NETWORK"] = "1"
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (_NETGUARD, os.environ.get("PYTHONPATH", "")) if p)
sys.path.insert(0, _NETGUARD)
import sitecustomize  # noqa: E402, F401 - installs the guard here too

from casefile.context import Case, create_case  # noqa: E402
from tests.articles import ARTICLE  # noqa: E402
from tests.backends import BACKENDS, new_case, server_url, throwaway_database  # noqa: E402


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    """A fresh, empty case on tmp_path, closed after the test."""
    c = create_case(tmp_path / "Test", "Okafor v. Halvorsen Media Group")
    try:
        yield c
    finally:
        c.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """'sqlite' and 'postgresql' in turn (tests/backends.py: the second needs CASEFILE_TEST_PG)."""
    if request.param == "postgresql":
        server_url()  # skips, or fails when CI requires PostgreSQL
    return request.param


@pytest.fixture
def pg_database(backend: str) -> Iterator[str | None]:
    """A throwaway database on the test server for the postgresql run (None for sqlite), dropped afterwards."""
    if backend != "postgresql":
        yield None
        return
    with throwaway_database() as url:
        yield url


@pytest.fixture
def bcase(tmp_path: Path, backend: str, pg_database: str | None) -> Iterator[Case]:
    """A fresh, empty case on each backend in turn, closed after the test."""
    c = new_case(tmp_path, backend, database=pg_database)
    try:
        yield c
    finally:
        c.close()




@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    """A short fictional news article in plain text, with the `date YYYY-MM-DD` first line users' files have."""
    p = tmp_path / "okafor-sues-halvorsen.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


@pytest.fixture
def gctx(qapp, case):  # noqa: ANN001, ANN201
    """What a view gets, on the fresh case, with background work run inline."""
    from PySide6.QtGui import QUndoStack

    from casefile.gui.bus import CaseBus
    from casefile.gui.context import GuiContext
    from casefile.gui.worker import SyncRunner

    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


@pytest.fixture
def window(qtbot, case):  # noqa: ANN001, ANN201
    """The window on the fresh case, with the real thread pool (imports must not block the GUI thread)."""
    from casefile.gui.window.main_window import MainWindow
    from casefile.gui.worker import TaskRunner

    path = case.path
    case.close()  # the window opens it itself, like a user would
    w = MainWindow(TaskRunner())  # the real thread pool: the import must not block the GUI thread
    qtbot.addWidget(w)
    w.show()
    assert w.open_case(path)
    yield w
    w.close_case()
