"""Case archives: a round trip keeps everything; every kind of damaged or hostile archive is refused cleanly."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from casefile import cli
from casefile.context import Case, open_case
from casefile.domain.dates import CaseDate, EventDate
from casefile.domain.enums import TargetType
from casefile.domain.errors import CaseExistsError
from casefile.domain.records import Citation, EventDraft, PartyDraft
from casefile.services import archive as archive_mod
from casefile.services.archive import ArchiveError, archive_case, unarchive_case
from tests import fixture_files as ff


@pytest.fixture
def full_case(case: Case, tmp_path: Path, article_file: Path) -> Case:
    src = tmp_path / "src"
    src.mkdir()
    ff.make_png(src / "photo.png")
    ff.write_binary(src / "scan.bin", 300_000)
    case.imports.import_paths([article_file, src])
    ex1 = case.evidence.by_exhibit(1)
    pid = case.parties.create(PartyDraft(name="Marguerite Okafor", aliases=("M. Okafor",)))
    case.events.create(EventDraft(date=EventDate(CaseDate.parse("2024-03-12")), title="Suit filed",
                                  party_ids=(pid,), citations=(Citation(evidence_id=ex1.id, quote="filed"),)))
    case.notes.create("Check the *date*.", TargetType.PARTY, pid)
    return case


def _pack(case: Case, tmp_path: Path) -> Path:
    out = tmp_path / "out" / "case.casezip"
    out.parent.mkdir(exist_ok=True)
    archive_case(case, out)
    return out


def _rewrite(src: Path, dest: Path, change: Callable[[str, bytes], tuple[str, bytes] | None],
             extra: list[tuple[zipfile.ZipInfo | str, bytes]] = ()) -> Path:  # type: ignore[assignment]
    """Copy an archive member by member through `change` (None drops a member), then add `extra`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            got = change(info.filename, zin.read(info))
            if got is not None:
                zout.writestr(got[0], got[1])
        for name, data in extra:
            zout.writestr(name, data)
    return dest


def _manifest(path: Path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json"))


def _assert_nothing_left(parent: Path, before: set[str]) -> None:
    assert {p.name for p in parent.iterdir()} == before, "unpacking left something behind"


def test_round_trip_keeps_everything(full_case: Case, tmp_path: Path) -> None:
    before = full_case.export.to_json(include_dismissed=True)
    audit_before = len(full_case.export.audit_log())
    out = _pack(full_case, tmp_path)
    manifest = _manifest(out)
    assert manifest["format_version"] == 1 and manifest["case_title"] == "Okafor v. Halvorsen Media Group"
    originals = {o["sha256"]: o for o in manifest["originals"]}
    assert len(originals) == 3 == full_case.evidence.count()
    with zipfile.ZipFile(out) as zf:
        assert hashlib.sha256(zf.read("case.db")).hexdigest() == manifest["database"]["sha256"]
        for sha, o in originals.items():
            assert hashlib.sha256(zf.read(o["path"])).hexdigest() == sha
            assert o["exhibit"] >= 1 and o["filename"]
    target = unarchive_case(out, tmp_path / "restored")
    assert target.name == "restored.casefile"
    with open_case(target) as restored:
        assert restored.export.to_json(include_dismissed=True) == before
        assert len(restored.export.audit_log()) == audit_before  # the custody trail travels with the case
        assert restored.evidence.verify() == []
    for blob in (target / "evidence").glob("??/*"):
        assert not blob.stat().st_mode & 0o222


def test_cli_round_trip(full_case: Case, tmp_path: Path) -> None:
    path = full_case.path
    full_case.close()
    out = tmp_path / "cli.casezip"
    assert cli.main(["archive", str(path), "-o", str(out)]) == 0
    assert out.is_file() and not list(tmp_path.glob(".*.part"))
    assert cli.main(["unarchive", str(out), str(tmp_path / "Back")]) == 0
    assert cli.main(["verify", str(tmp_path / "Back.casefile")]) == 0


def test_archive_while_the_case_is_open_elsewhere_read_only(full_case: Case, tmp_path: Path) -> None:
    """The writer holds the case; a read-only open can still pack a consistent copy."""
    with open_case(full_case.path, read_only=True) as reader:
        assert archive_case(reader, tmp_path / "ro.casezip") == 3
    assert unarchive_case(tmp_path / "ro.casezip", tmp_path / "RO").is_dir()


def test_altered_original_stops_the_archive(full_case: Case, tmp_path: Path) -> None:
    blob = full_case.evidence.original_path(full_case.evidence.by_exhibit(2).id)
    assert blob is not None
    os.chmod(blob, stat.S_IRUSR | stat.S_IWUSR)
    blob.write_bytes(blob.read_bytes() + b"tampered")
    out = tmp_path / "x.casezip"
    with pytest.raises(ArchiveError, match="Ex. 2 .*no longer matches"):
        archive_case(full_case, out)
    assert not out.exists() and not list(tmp_path.glob(".x.casezip*"))


def test_missing_original_stops_the_archive(full_case: Case, tmp_path: Path) -> None:
    blob = full_case.evidence.original_path(full_case.evidence.by_exhibit(3).id)
    assert blob is not None
    blob.unlink()
    with pytest.raises(ArchiveError, match="Ex. 3 .*missing"):
        archive_case(full_case, tmp_path / "x.casezip")


def test_refuses_an_existing_non_empty_target(full_case: Case, tmp_path: Path) -> None:
    out = _pack(full_case, tmp_path)
    target = tmp_path / "Taken.casefile"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(CaseExistsError):
        unarchive_case(out, target)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    empty = tmp_path / "Empty.casefile"
    empty.mkdir()
    assert unarchive_case(out, empty) == empty and (empty / "case.db").is_file()


HOSTILE: dict[str, tuple[str, Callable[[Path, Path], Path]]] = {}


def hostile(reason: str) -> Callable[[Callable[[Path, Path], Path]], Callable[[Path, Path], Path]]:
    def register(fn: Callable[[Path, Path], Path]) -> Callable[[Path, Path], Path]:
        HOSTILE[fn.__name__] = (reason, fn)
        return fn
    return register


@hostile("outside its folder")
def traversal(good: Path, dest: Path) -> Path:
    return _rewrite(good, dest, lambda n, d: (n, d), [("../../escaped.txt", b"pwned")])


@hostile("absolute or unsafe path")
def absolute(good: Path, dest: Path) -> Path:
    info = zipfile.ZipInfo("x")
    info.filename = "/tmp/casefile-absolute.txt"  # bypass ZipInfo's own normalisation
    return _rewrite(good, dest, lambda n, d: (n, d), [(info, b"pwned")])


@hostile("symbolic link")
def symlink(good: Path, dest: Path) -> Path:
    info = zipfile.ZipInfo("evidence/aa/" + "a" * 64)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return _rewrite(good, dest, lambda n, d: (n, d), [(info, b"/etc/passwd")])


@hostile("unexpected file")
def unexpected(good: Path, dest: Path) -> Path:
    return _rewrite(good, dest, lambda n, d: (n, d), [("evidence/run-me.sh", b"#!/bin/sh\n")])


@hostile("does not match its SHA-256")
def altered_original(good: Path, dest: Path) -> Path:
    return _rewrite(good, dest, lambda n, d: (n, d[:-1] + bytes([d[-1] ^ 1])) if n.startswith("evidence/") else (n, d))


@hostile("does not match its SHA-256")
def altered_database(good: Path, dest: Path) -> Path:
    return _rewrite(good, dest, lambda n, d: (n, d[:100] + b"X" + d[101:]) if n == "case.db" else (n, d))


@hostile("misplaced original")
def renamed_original(good: Path, dest: Path) -> Path:
    def change(n: str, d: bytes) -> tuple[str, bytes]:
        return (f"evidence/00/{n.rsplit('/', 1)[1]}", d) if n.startswith("evidence/") else (n, d)
    return _rewrite(good, dest, change)


@hostile("does not match its SHA-256")
def swapped_content(good: Path, dest: Path) -> Path:
    """Content replaced and the manifest's size fixed up: only the hash catches it."""
    manifest = _manifest(good)
    victim = manifest["originals"][0]
    victim["size"] = 5

    def change(n: str, d: bytes) -> tuple[str, bytes]:
        if n == "manifest.json":
            return n, json.dumps(manifest).encode()
        return (n, b"fake!") if n == victim["path"] else (n, d)
    return _rewrite(good, dest, change)


@hostile("incomplete")
def missing_original(good: Path, dest: Path) -> Path:
    first = _manifest(good)["originals"][0]["path"]
    return _rewrite(good, dest, lambda n, d: None if n == first else (n, d))


@hostile("not list")
def unlisted_original(good: Path, dest: Path) -> Path:
    data = b"an original smuggled in"
    sha = hashlib.sha256(data).hexdigest()
    return _rewrite(good, dest, lambda n, d: (n, d), [(f"evidence/{sha[:2]}/{sha}", data)])


@hostile("no manifest")
def no_manifest(good: Path, dest: Path) -> Path:
    return _rewrite(good, dest, lambda n, d: None if n == "manifest.json" else (n, d))


@hostile("newer version")
def newer_format(good: Path, dest: Path) -> Path:
    manifest = _manifest(good) | {"format_version": 99}
    return _rewrite(good, dest, lambda n, d: (n, json.dumps(manifest).encode()) if n == "manifest.json" else (n, d))


@hostile("not a CaseFile archive")
def not_a_zip(good: Path, dest: Path) -> Path:
    dest.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    return dest


@hostile("absurd size")
def absurd_size(good: Path, dest: Path) -> Path:
    """Headers claiming a member of 2 TiB (the manifest agreeing)."""
    manifest = _manifest(good)
    victim = manifest["originals"][0]
    victim["size"] = 2 << 40
    bad = _rewrite(good, dest, lambda n, d: (n, json.dumps(manifest).encode()) if n == "manifest.json" else (n, d))
    _patch_sizes(bad, victim["path"], 2 << 40)
    return bad


@hostile("zip bomb")
def bomb(good: Path, dest: Path) -> Path:
    """A member whose header claims far more than deflate can expand to (a lying size or a bomb)."""
    manifest = _manifest(good)
    victim = manifest["originals"][0]
    victim["size"] = 0xFFFFFFFE  # 4 GiB claimed by a 500-byte member
    bad = _rewrite(good, dest, lambda n, d: (n, json.dumps(manifest).encode()) if n == "manifest.json" else (n, d))
    _patch_sizes(bad, victim["path"], 0xFFFFFFFE)
    return bad


@hostile("damaged in the archive|larger in the archive than its manifest says|list different originals")
def lying_size(good: Path, dest: Path) -> Path:
    """Headers and manifest both claim 10 bytes; the stream holds 1 MB of zeros: refused before it is written
    (the database does not list it), and unpacking would stop at 10."""
    zeros = b"\0" * 1024 * 1024
    sha = hashlib.sha256(zeros).hexdigest()
    manifest = _manifest(good)
    manifest["originals"].append({"sha256": sha, "size": 10, "exhibit": 99, "filename": "z", "path": ""})
    member = f"evidence/{sha[:2]}/{sha}"
    bad = _rewrite(good, dest, lambda n, d: (n, json.dumps(manifest).encode()) if n == "manifest.json" else (n, d),
                   [(member, zeros)])
    _patch_sizes(bad, member, 10)
    return bad


@hostile("'evil', which CaseFile did not write")
def trigger_in_database(good: Path, dest: Path) -> Path:
    """A database carrying its own trigger (it would run inside the app): refused, with hashes all consistent."""
    manifest = _manifest(good)
    work = dest.with_suffix(".db")
    with zipfile.ZipFile(good) as zf:
        work.write_bytes(zf.read("case.db"))
    with sqlite3.connect(work) as conn:
        conn.execute("CREATE TRIGGER evil AFTER INSERT ON audit_log BEGIN DELETE FROM evidence; END")
    data = work.read_bytes()
    work.unlink()
    manifest["database"] = {"name": "case.db", "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    def change(n: str, d: bytes) -> tuple[str, bytes]:
        if n == "manifest.json":
            return n, json.dumps(manifest).encode()
        return (n, data) if n == "case.db" else (n, d)
    return _rewrite(good, dest, change)


def _patch_sizes(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size a member's headers claim (what a crafted archive does)."""
    import struct

    raw = bytearray(path.read_bytes())
    name = member.encode()
    claim = min(size, 0xFFFFFFFE)  # the 32-bit fields; the manifest carries the full claim
    pos = raw.find(name)
    while pos != -1:
        if raw[pos - 30:pos - 26] == b"PK\x03\x04":
            struct.pack_into("<I", raw, pos - 30 + 22, claim)
        elif raw[pos - 46:pos - 42] == b"PK\x01\x02":
            struct.pack_into("<I", raw, pos - 46 + 24, claim)
        pos = raw.find(name, pos + 1)
    path.write_bytes(bytes(raw))


@pytest.fixture(scope="module")
def good_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One intact archive of a small case, shared by the hostile variants (each copies it)."""
    from casefile.context import create_case

    base = tmp_path_factory.mktemp("good")
    src = base / "src"
    src.mkdir()
    (src / "article.txt").write_text(ff.article_body(), encoding="utf-8")
    ff.write_binary(src / "scan.bin", 300_000)
    with create_case(base / "Good", "Good") as case:
        case.imports.import_paths([src])
        return _pack(case, base)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_refuses_hostile_archives_and_leaves_nothing(good_archive: Path, tmp_path: Path, name: str) -> None:
    reason, make = HOSTILE[name]
    good = good_archive
    (tmp_path / "out").mkdir()
    bad = make(good, tmp_path / "out" / f"{name}.casezip")
    where = tmp_path / "unpack"
    where.mkdir()
    with pytest.raises(ArchiveError, match=reason):
        unarchive_case(bad, where / "Restored")
    _assert_nothing_left(where, set())
    assert not (tmp_path.parent / "escaped.txt").exists() and not Path("/tmp/casefile-absolute.txt").exists()


def test_refuses_when_the_disk_is_too_small(full_case: Case, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    good = _pack(full_case, tmp_path)

    class Tiny:
        free = 1000
        total = 10_000_000

    monkeypatch.setattr(archive_mod.shutil, "disk_usage", lambda _p: Tiny)
    with pytest.raises(ArchiveError, match="Not enough disk space"):
        unarchive_case(good, tmp_path / "Small")
    assert not (tmp_path / "Small.casefile").exists()


def test_unpacking_a_case_from_a_newer_version_is_refused(full_case: Case, tmp_path: Path) -> None:
    """A case whose schema is newer: consistent hashes, but it does not open here; nothing is left."""
    good = _pack(full_case, tmp_path)
    manifest = _manifest(good)
    work = tmp_path / "db"
    with zipfile.ZipFile(good) as zf:
        work.write_bytes(zf.read("case.db"))
    with sqlite3.connect(work) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    data = work.read_bytes()
    manifest["database"]["sha256"] = hashlib.sha256(data).hexdigest()
    manifest["database"]["size"] = len(data)
    bad = _rewrite(good, tmp_path / "new.casezip", lambda n, d: (
        (n, json.dumps(manifest).encode()) if n == "manifest.json" else (n, data) if n == "case.db" else (n, d)))
    where = tmp_path / "unpack"
    where.mkdir()
    with pytest.raises(ArchiveError, match="newer version"):
        unarchive_case(bad, where / "New")
    _assert_nothing_left(where, set())
