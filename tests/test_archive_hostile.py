"""Hostile archives made by hand: refused before anything large is written, in one sentence."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from casefile.context import Case
from casefile.services import archive as archive_mod
from casefile.services.archive import ArchiveError, archive_case, unarchive_case


@pytest.fixture
def good(case: Case, tmp_path: Path, article_file: Path) -> Path:
    case.imports.import_paths([article_file])
    out = tmp_path / "good.casezip"
    archive_case(case, out)
    return out


def _parts(archive: Path) -> tuple[dict, bytes, dict[str, bytes]]:
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        db = zf.read("case.db")
        originals = {n: zf.read(n) for n in zf.namelist() if n.startswith("evidence/")}
    return manifest, db, originals


def _build(dest: Path, manifest: dict, db: bytes, originals: dict[str, bytes]) -> Path:
    manifest = {**manifest, "database": {"name": "case.db", "sha256": hashlib.sha256(db).hexdigest(),
                                         "size": len(db)}}
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("case.db", db)
        for name, data in originals.items():
            zf.writestr(name, data)
    return dest


def _with_sql(db: bytes, tmp_path: Path, sql: str) -> bytes:
    work = tmp_path / "work.db"
    work.write_bytes(db)
    conn = sqlite3.connect(work)
    try:
        conn.execute(sql)
        conn.commit()
    finally:
        conn.close()
    return work.read_bytes()


def _count_extracts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    written: list[str] = []
    real = archive_mod._extract

    def counting(zf, info, dest, sha, size, label):  # noqa: ANN001, ANN202
        written.append(info.filename)
        return real(zf, info, dest, sha, size, label)

    monkeypatch.setattr(archive_mod, "_extract", counting)
    return written


def test_a_bomb_of_members_each_within_the_ratio_is_refused_before_writing(good: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    manifest, db, originals = _parts(good)
    for i in range(80):  # 80 MiB of zeros: every member alone compresses "only" ~1000:1
        data = b"\0" * (1024 * 1024 - 1) + bytes([i])
        sha = hashlib.sha256(data).hexdigest()
        originals[f"evidence/{sha[:2]}/{sha}"] = data
        manifest["originals"].append({"sha256": sha, "size": len(data), "exhibit": 100 + i, "filename": "z",
                                      "path": f"evidence/{sha[:2]}/{sha}"})
    bomb = _build(tmp_path / "bomb.casezip", manifest, db, originals)
    assert bomb.stat().st_size < 1024 * 1024
    written = _count_extracts(monkeypatch)
    with pytest.raises(ArchiveError, match="zip bomb"):
        unarchive_case(bomb, tmp_path / "Bombed")
    assert written == []
    assert not [p for p in tmp_path.iterdir() if "Bombed" in p.name]


def test_originals_the_database_does_not_list_are_refused_before_they_are_written(
        good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest, db, originals = _parts(good)
    data = b"an original smuggled in " * 1000
    sha = hashlib.sha256(data).hexdigest()
    originals[f"evidence/{sha[:2]}/{sha}"] = data
    manifest["originals"].append({"sha256": sha, "size": len(data), "exhibit": 9, "filename": "x",
                                  "path": f"evidence/{sha[:2]}/{sha}"})
    bad = _build(tmp_path / "unlisted.casezip", manifest, db, originals)
    written = _count_extracts(monkeypatch)
    with pytest.raises(ArchiveError, match="list different originals"):
        unarchive_case(bad, tmp_path / "Unlisted")
    assert written == ["case.db"]


@pytest.mark.parametrize(("sql", "shown"), [
    ("CREATE INDEX slow ON evidence (length(text) * length(title))", "slow"),
    ("CREATE TABLE stash (x)", "stash"),
    ("CREATE VIEW peek AS SELECT * FROM evidence", "peek"),
])
def test_a_database_with_foreign_objects_is_refused_before_its_pages_are_checked(
        good: Path, tmp_path: Path, sql: str, shown: str) -> None:
    manifest, db, originals = _parts(good)
    bad = _build(tmp_path / "foreign.casezip", manifest, _with_sql(db, tmp_path, sql), originals)
    with pytest.raises(ArchiveError, match=f"'{shown}', which CaseFile did not write"):
        unarchive_case(bad, tmp_path / "Foreign")
    assert not (tmp_path / "Foreign.casefile").exists()


def test_a_changed_definition_of_a_known_object_is_refused(good: Path, tmp_path: Path) -> None:
    manifest, db, originals = _parts(good)
    changed = _with_sql(db, tmp_path, "DROP INDEX ix_evidence_kind")
    changed = _with_sql(changed, tmp_path, "CREATE INDEX ix_evidence_kind ON evidence (upper(text))")
    with pytest.raises(ArchiveError, match="schema CaseFile did not write"):
        unarchive_case(_build(tmp_path / "changed.casezip", manifest, changed, originals), tmp_path / "C")


def test_names_from_a_manifest_never_reach_the_terminal_raw(good: Path, tmp_path: Path) -> None:
    manifest, db, originals = _parts(good)
    manifest["originals"][0]["filename"] = "evil\x1b[2J\nname.txt"
    member = manifest["originals"][0]["path"]
    originals[member] = b"X" + originals[member][1:]  # altered: the error names the exhibit
    with pytest.raises(ArchiveError) as err:
        unarchive_case(_build(tmp_path / "ansi.casezip", manifest, db, originals), tmp_path / "Ansi")
    assert "\x1b" not in str(err.value) and "\n" not in str(err.value)
    assert "evil\\x1b[2J\\nname.txt" in str(err.value)


def test_free_space_keeps_a_margin(good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    size = sum(i.file_size for i in zipfile.ZipFile(good).infolist())

    class Almost:
        total = 10 * 1024 * 1024 * 1024
        free = size + 1024  # it would fit, but leave the disk full

    monkeypatch.setattr(archive_mod.shutil, "disk_usage", lambda _p: Almost)
    with pytest.raises(ArchiveError, match="must stay free"):
        unarchive_case(good, tmp_path / "Full")
