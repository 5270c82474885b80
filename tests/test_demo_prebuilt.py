"""The pre-built demo (`assets/demo.casezip`, made by tools/build_demo.py): unpacked on the first quick demo when its
originals are this installation's sample files; otherwise the demo is built as before, with a log line."""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import stat
from pathlib import Path

import pytest

import casefile.demo as demo
from casefile.context import open_case
from casefile.db import migrate
from casefile.demo import build_demo_case, ensure_demo_case, sample_files
from casefile.services.archive import archive_case


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What tools/build_demo.py writes: the quick demo packed as a case archive."""
    work = tmp_path_factory.mktemp("prebuilt")
    path = build_demo_case(work / "Demo case.casefile", enrich=False)
    with open_case(path) as case:
        archive_case(case, work / "demo.casezip")
    return work / "demo.casezip"


def test_the_quick_demo_is_unpacked_from_the_prebuilt_case(tmp_path, prebuilt, monkeypatch, caplog):
    monkeypatch.setattr(demo, "prebuilt_archive", lambda: prebuilt)
    monkeypatch.setattr(demo, "build_demo_case", lambda *a, **k: pytest.fail("built instead of unpacked"))
    with caplog.at_level(logging.INFO, logger="casefile.demo"):
        path = ensure_demo_case(tmp_path, quick=True)
    assert "unpacked from the pre-built archive" in caplog.text
    assert (path / ".demo-complete").is_file()
    with sqlite3.connect(path / "case.db") as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head_revision()
    with open_case(path) as case:
        assert case.case.info().title == demo.DEMO_TITLE
        counts = case.case.counts()
        assert (counts.parties, counts.events, counts.notes) == (len(demo.PARTIES), len(demo.EVENTS), len(demo.NOTES))
        assert case.evidence.verify() == []  # every original matches its recorded hash
        stored = {e.sha256 for e in case.evidence.list() if e.sha256}
    samples = {hashlib.sha256(p.read_bytes()).hexdigest() for p in sample_files()}
    assert stored == samples
    originals = [p for p in (path / "evidence").rglob("*") if p.is_file()]
    assert originals and all(not os.stat(p).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) for p in originals)
    assert ensure_demo_case(tmp_path, quick=True) == path  # a complete demo is reused


def test_a_prebuilt_case_whose_originals_differ_is_not_used(tmp_path, prebuilt, monkeypatch, caplog):
    samples = tmp_path / "samples"
    samples.mkdir()
    for p in sample_files():
        (samples / p.name).write_bytes(p.read_bytes())
    (samples / "2024-05-02-hearing.txt").write_text("A different hearing note.\n", encoding="utf-8")
    monkeypatch.setattr(demo, "samples_dir", lambda: samples)  # this installation's samples changed since
    monkeypatch.setattr(demo, "prebuilt_archive", lambda: prebuilt)
    with caplog.at_level(logging.INFO, logger="casefile.demo"):
        path = ensure_demo_case(tmp_path / "data", quick=True)
    assert "the pre-built one is not used" in caplog.text and "differ" in caplog.text
    with open_case(path) as case:  # built from the samples as they are now
        stored = {e.sha256 for e in case.evidence.list() if e.sha256}
    assert hashlib.sha256(b"A different hearing note.\n").hexdigest() in stored


def test_without_a_prebuilt_case_the_demo_is_built(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(demo, "prebuilt_archive", lambda: None)
    with caplog.at_level(logging.INFO, logger="casefile.demo"):
        path = ensure_demo_case(tmp_path, quick=True)
    assert "no pre-built demo case" in caplog.text
    assert (path / ".demo-complete").is_file()


def test_the_shipped_prebuilt_demo_is_current(tmp_path):
    """The archive in the repository (so in every wheel) holds this version's samples at the head revision:
    after a new migration or a changed sample, `python tools/build_demo.py` must be run again."""
    shipped = demo.prebuilt_archive()
    assert shipped is not None and shipped.is_file()
    path = demo.unpack_prebuilt(tmp_path / "Demo case.casefile", shipped)
    with sqlite3.connect(path / "case.db") as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head_revision()
    assert not list(path.glob("case.db.backup-*"))  # unpacked as it is, not upgraded
