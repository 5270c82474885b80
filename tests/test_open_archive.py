"""`casefile ARCHIVE.casezip` (a .casezip opened from the file manager): unpacked beside it, then opened."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casefile import cli
from casefile.context import Case, open_case
from casefile.services.archive import archive_case
from casefile.services.archive_open import is_archive_argument, unpack_for_opening, unpack_target


@pytest.fixture
def casezip(case: Case, article_file: Path, tmp_path: Path) -> Path:
    case.intake.import_paths([article_file])
    out = tmp_path / "downloads" / "Okafor v Halvorsen.casezip"
    out.parent.mkdir()
    archive_case(case, out)
    return out


def test_a_bare_casezip_argument_is_unpacked_beside_it_and_opened(
        casezip: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Path] = []

    def fake_run_app(case_dir: Path | None = None, **_kw: object) -> int:
        opened.append(Path(case_dir) if case_dir else Path())
        return 0

    monkeypatch.setattr("casefile.gui.window.app.run_app", fake_run_app)  # the window itself is not under test
    assert cli.main([str(casezip)]) == 0
    assert opened == [casezip.parent / "Okafor v Halvorsen.casefile"]
    with open_case(opened[0], read_only=True) as c:
        assert [e.filename for e in c.evidence.list()] == ["okafor-sues-halvorsen.txt"]


def test_opening_the_same_archive_twice_never_touches_the_first_case(casezip: Path) -> None:
    first = unpack_for_opening(casezip)
    second = unpack_for_opening(casezip)
    assert (first.name, second.name) == ("Okafor v Halvorsen.casefile", "Okafor v Halvorsen (2).casefile")


def test_a_read_only_download_folder_unpacks_into_documents(
        casezip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    real_access = os.access
    # a read-only folder (root may write anywhere, so the folder's answer is given here rather than by chmod)
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != casezip.parent and real_access(p, mode))
    assert unpack_target(casezip) == home / "Documents" / "Okafor v Halvorsen.casefile"
    target = unpack_for_opening(casezip)
    assert target.parent == home / "Documents"
    with open_case(target, read_only=True) as c:
        assert c.evidence.count() == 1


def test_a_damaged_archive_is_one_sentence_and_exit_1(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEFILE_SMOKE_EXIT", "1")  # no message box in a test
    bad = tmp_path / "broken.casezip"
    bad.write_bytes(b"not a zip at all")
    assert cli.main([str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("casefile: ")
    assert not (tmp_path / "broken.casefile").exists()


def test_only_casezip_paths_are_archive_arguments() -> None:
    assert is_archive_argument("/home/ana/Downloads/case.CASEZIP")
    assert not is_archive_argument("--demo")
    assert not is_archive_argument("import")
