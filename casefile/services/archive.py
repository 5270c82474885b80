"""Case archives (`.casezip`): one file holding a consistent copy of a case, checked hash by hash on unpacking.

An archive holds `manifest.json`, `case.db` (a `VACUUM INTO` snapshot) and every original under
`evidence/ab/<sha256>`. Unpacking trusts nothing in the file: member names, sizes, compression ratios and every
hash are checked, the case is built in a hidden staging folder and only moved into place once it opens and
matches the manifest; on any failure nothing is left behind. Everything that can be checked before a byte is
written is checked first: the total size against the archive's size and the free space, every member against
the manifest (in one pass), then the database (its schema must be exactly CaseFile's, its pages sound, its
originals those of the manifest) before any original is unpacked.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from casefile import __version__
from casefile.db import migrate
from casefile.db.engine import check_header, make_engine, sqlite_uri
from casefile.db.migrate import snapshot
from casefile.domain.errors import CaseExistsError, CaseFileError
from casefile.domain.printable import printable
from casefile.domain.sizes import format_size
from casefile.services.archive_errors import ArchiveError, short_reason
from casefile.services.archive_schema import check_database, reference_schema, schema_of
from casefile.services.open_case import OpenCase
from casefile.storage.atomic import OutputError, check_target, clean_stale_parts, write_atomic
from casefile.storage.case_folder import SUFFIX as CASE_SUFFIX
from casefile.storage.case_folder import clean_stale_folders
from casefile.storage.store import CHUNK

FORMAT = "casefile-archive"
FORMAT_VERSION = 1
SUFFIX = ".casezip"
MANIFEST = "manifest.json"
DB_MEMBER = "case.db"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_MEMBER_BYTES = 1 << 40  # 1 TiB: anything claiming more is not a real case
# Deflate cannot expand more than ~1032:1, so a member claiming more lies about its sizes. Real bombs within
# that ratio are stopped by the other checks: sizes must match the manifest, their sum must fit on the disk,
# and unpacking stops at the declared size.
MAX_RATIO = 1100
RATIO_FLOOR = 1024 * 1024  # small members may compress well without being bombs
# The whole case may not expand more than this over the archive's size: originals (PDFs, images, video) barely
# compress, text a few times; a case that claims more is a bomb built of members each within MAX_RATIO.
MAX_TOTAL_RATIO = 100
TOTAL_RATIO_FLOOR = 64 * 1024 * 1024
METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_ORIGINAL = re.compile(r"evidence/([0-9a-f]{2})/([0-9a-f]{64})")

ProgressFn = Callable[[int, int], None]  # (originals done, total)


@dataclass(frozen=True)
class _Original:
    sha256: str
    size: int
    exhibit: int
    filename: str

    @property
    def member(self) -> str:
        return f"evidence/{self.sha256[:2]}/{self.sha256}"


# packing --------------------------------------------------------------------------------------------


def archive_case(case: OpenCase, output: Path | str, progress: ProgressFn | None = None) -> int:
    """Pack `case` (an open case: `OpenCase`) into `output`; returns the number of originals.

    Each original is re-hashed while it is packed: an altered or missing original stops the archive (run
    "verify" to see which) rather than being passed on as if intact. The file appears under its name only
    when complete.
    """
    output = Path(output).expanduser()
    check_target(output)
    store = case.ctx.store
    prefix = f".{output.name}."
    clean_stale_parts(output.parent, prefix)  # snapshots and halves of archives killed before
    fd, db_name = tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}.", suffix=".db.part", dir=output.parent)
    os.close(fd)
    db_copy = Path(db_name)
    try:
        db_copy.unlink()  # VACUUM INTO makes the file itself
        try:
            if case.ctx.engine.dialect.name == "sqlite":
                snapshot(case.ctx.engine, db_copy)
            else:  # a server case: the same archive, its database written as SQLite by the copier
                sqlite_copy(case.ctx.engine, db_copy)
        except sqlite3.Error as exc:
            full = "full" in str(exc).lower()
            raise OutputError(f"The disk is full: '{printable(str(output))}' was not written." if full else
                              f"Cannot copy the case database into the archive ({short_reason(exc)}).") from None
        except OSError as exc:
            from casefile.domain.oserrors import os_sentence

            raise OutputError(os_sentence(exc, output)) from None
        meta, originals = _read_snapshot(db_copy)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": __version__,
            "case_title": meta.get("title", ""),
            "case_created": meta.get("created_at"),
            "archived_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "database": {"name": DB_MEMBER, "sha256": _hash_path(db_copy), "size": db_copy.stat().st_size},
            "originals": [
                {"sha256": o.sha256, "size": o.size, "exhibit": o.exhibit, "filename": o.filename,
                 "path": o.member}
                for o in originals
            ],
        }

        def write(part: Path) -> None:
            with open(part, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
                zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
                zf.write(db_copy, DB_MEMBER)
                for i, o in enumerate(originals):
                    _pack_original(zf, store.path_for(o.sha256), o)
                    if progress is not None:
                        progress(i + 1, len(originals))

        write_atomic(output, write, _check_zip)
    finally:
        db_copy.unlink(missing_ok=True)
    return len(originals)


def sqlite_copy(engine: Any, dest: Path) -> None:
    """Write a server case's database into a new SQLite file at `dest` (one snapshot of it, checked row for row
    by the copier), so the archive unpacks into an ordinary local case."""
    from casefile.db.copy import CopyError, consistent_reader, copy_tables, create_schema
    from casefile.db.engine import make_engine

    target = make_engine(dest, create=True)
    try:
        with consistent_reader(engine) as src, target.begin() as dst:
            create_schema(dst)
            copy_tables(src, dst)
        raw = target.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            cur.close()
        finally:
            raw.close()
    except CopyError as exc:
        raise OutputError(f"The case database could not be copied into the archive: {exc}") from None
    finally:
        target.dispose()
    with open(dest, "rb") as fh:
        os.fsync(fh.fileno())


def _check_zip(part: Path) -> None:
    """The archive just written must open and list its members (its central directory reached the disk)."""
    try:
        with zipfile.ZipFile(part) as zf:
            if MANIFEST not in zf.namelist():
                raise OutputError("The archive was written incompletely; nothing was replaced.")
    except (zipfile.BadZipFile, ValueError) as exc:
        raise OutputError(f"The archive was written incompletely ({short_reason(exc)}); nothing was "
                          "replaced.") from None


def _read_snapshot(db: Path) -> tuple[dict[str, Any], list[_Original]]:
    conn = sqlite3.connect(sqlite_uri(db, "mode=ro"), uri=True)
    try:
        row = conn.execute("SELECT title, created_at FROM case_meta ORDER BY id LIMIT 1").fetchone()
        meta = {"title": row[0], "created_at": str(row[1])} if row else {}
        rows = conn.execute(
            "SELECT sha256, size, exhibit, filename FROM evidence WHERE sha256 IS NOT NULL ORDER BY exhibit"
        ).fetchall()
    finally:
        conn.close()
    return meta, [_Original(r[0], int(r[1]), int(r[2]), r[3]) for r in rows]


def _pack_original(zf: zipfile.ZipFile, src: Path, o: _Original) -> None:
    name = printable(o.filename)
    try:
        st = src.lstat()
        if not stat.S_ISREG(st.st_mode):
            raise ArchiveError(f"The original of Ex. {o.exhibit} ({name}) was replaced by a link or a special "
                               "file; run Verify. No archive was written.")
        fh = open(src, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise ArchiveError(f"The original of Ex. {o.exhibit} ({name}) is missing; run Verify.") from None
    digest = hashlib.sha256()
    info = zipfile.ZipInfo(o.member, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o444) << 16
    with fh, zf.open(info, "w", force_zip64=o.size > 2**31) as out:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != o.sha256:
        raise ArchiveError(f"The original of Ex. {o.exhibit} ({name}) no longer matches its SHA-256; "
                           "run Verify. No archive was written.")


# unpacking ------------------------------------------------------------------------------------------


def unarchive_case(archive: Path | str, case_dir: Path | str) -> Path:
    """Unpack `archive` into the new case folder `case_dir` (".casefile" added when missing); returns it.

    Refuses an existing non-empty target, unexpected or unsafe members (absolute paths, "..", links), absurd
    sizes and compression ratios, and any content whose hash differs from the manifest or its name.
    """
    archive = Path(archive).expanduser()
    target = Path(case_dir).expanduser()
    if target.suffix != CASE_SUFFIX:
        target = target.with_name(target.name + CASE_SUFFIX)
    if target.is_symlink() or (target.exists() and (not target.is_dir() or any(target.iterdir()))):
        raise CaseExistsError(f"'{printable(str(target))}' already exists and is not empty; choose a new folder.")
    if not archive.is_file():
        raise ArchiveError(f"No archive at '{printable(str(archive))}'.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_folders(target.parent)  # staging folders of unpackings that were killed
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.unpacking-", dir=target.parent))
    except OSError as exc:
        from casefile.domain.oserrors import os_sentence

        raise ArchiveError(os_sentence(exc, target)) from None
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private; a case folder is an ordinary folder
    try:
        _unpack(archive, staging)
        _check_case(staging)
        if target.exists():
            target.rmdir()  # empty (checked above)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # read-only files go too: their folders are writable
        raise
    return target


def _unpack(archive: Path, staging: Path) -> None:
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ArchiveError(f"'{printable(archive.name)}' is not a CaseFile archive ({short_reason(exc)}).") from None
    with zf:
        members = zf.infolist()
        by_name = _check_members(members)
        manifest = _read_manifest(zf, by_name)
        db_entry = manifest["database"]
        originals = _manifest_originals(manifest)
        expected = {DB_MEMBER} | {o.member for o in originals} | {MANIFEST}
        extra = sorted(set(by_name) - expected)
        if extra:
            raise ArchiveError(f"The archive holds files its manifest does not list: {extra[0]!r}.")
        missing = sorted(expected - set(by_name))
        if missing:
            raise ArchiveError(f"The archive is incomplete: {missing[0]!r} is missing.")
        sizes = {o.member: o.size for o in originals}
        sizes[DB_MEMBER] = db_entry["size"]
        for name, info in by_name.items():
            _check_sizes(info, sizes.get(name))
        total = sum(info.file_size for info in by_name.values())
        _check_total(archive, total)
        _check_free_space(staging, total)
        _extract(zf, by_name[DB_MEMBER], staging / DB_MEMBER, db_entry["sha256"], db_entry["size"], "case.db")
        check_database(staging / DB_MEMBER, {o.sha256 for o in originals})
        evidence = staging / "evidence"
        evidence.mkdir()
        for o in originals:
            dest = evidence / o.sha256[:2] / o.sha256
            dest.parent.mkdir(exist_ok=True)
            _extract(zf, by_name[o.member], dest, o.sha256, o.size, f"Ex. {o.exhibit} ({o.filename})")
            os.chmod(dest, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    (staging / "evidence" / ".tmp").mkdir(exist_ok=True)


def _check_members(members: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in members:
        name = info.filename
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\\" in name or "\x00" in name:
            raise ArchiveError(f"The archive holds a member with an absolute or unsafe path: {name!r}.")
        if ".." in name.split("/"):
            raise ArchiveError(f"The archive holds a member that points outside its folder: {name!r}.")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ArchiveError(f"The archive holds a symbolic link: {name!r}.")
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise ArchiveError(f"The archive holds an encrypted member: {name!r}.")
        if info.compress_type not in METHODS:
            raise ArchiveError(f"The archive holds {name!r} compressed in a way CaseFile does not write.")
        if name != MANIFEST and name != DB_MEMBER and not _ORIGINAL.fullmatch(name):
            raise ArchiveError(f"The archive holds an unexpected file: {name!r}.")
        m = _ORIGINAL.fullmatch(name)
        if m and m.group(1) != m.group(2)[:2]:
            raise ArchiveError(f"The archive holds a misplaced original: {name!r}.")
        if name in by_name:
            raise ArchiveError(f"The archive holds {name!r} twice.")
        by_name[name] = info
    return by_name


def _read_manifest(zf: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo]) -> dict[str, Any]:
    info = by_name.get(MANIFEST)
    if info is None:
        raise ArchiveError("This is not a CaseFile archive (it has no manifest.json).")
    _check_sizes(info, None)
    if info.file_size > MAX_MANIFEST_BYTES:
        raise ArchiveError("The archive's manifest is absurdly large; refused.")
    try:
        with zf.open(info) as fh:
            raw = fh.read(MAX_MANIFEST_BYTES + 1)
        if len(raw) > MAX_MANIFEST_BYTES:
            raise ArchiveError("The archive's manifest is absurdly large; refused.")
        from casefile.services.archive_schema import load_manifest

        manifest = load_manifest(raw)
    except ArchiveError:
        raise
    except (ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ArchiveError(f"The archive's manifest cannot be read ({short_reason(exc)}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError("This is not a CaseFile archive (its manifest is not CaseFile's).")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ArchiveError("This archive was made by a newer version of CaseFile; update CaseFile to open it.")
    db = manifest.get("database")
    if not (isinstance(db, dict) and _is_sha(db.get("sha256")) and _is_size(db.get("size"))):
        raise ArchiveError("The archive's manifest does not describe its database.")
    return manifest


def _manifest_originals(manifest: dict[str, Any]) -> list[_Original]:
    entries = manifest.get("originals")
    if not isinstance(entries, list):
        raise ArchiveError("The archive's manifest does not list its originals.")
    out: list[_Original] = []
    seen: set[str] = set()
    for e in entries:
        size = e.get("size") if isinstance(e, dict) else None
        if isinstance(size, int) and size > MAX_MEMBER_BYTES:
            raise ArchiveError(f"The archive's manifest claims an original of absurd size ({size} bytes); refused.")
        if not (isinstance(e, dict) and _is_sha(e.get("sha256")) and _is_size(size)):
            raise ArchiveError("The archive's manifest lists an original without a valid SHA-256 and size.")
        if e["sha256"] in seen:
            raise ArchiveError(f"The archive's manifest lists {e['sha256']} twice.")
        seen.add(e["sha256"])
        exhibit = e.get("exhibit")
        out.append(_Original(e["sha256"], e["size"], exhibit if isinstance(exhibit, int) else 0,
                             printable(str(e.get("filename", ""))[:200])))
    return out


def _check_sizes(info: zipfile.ZipInfo, declared: int | None) -> None:
    name = info.filename
    if info.file_size > MAX_MEMBER_BYTES:
        raise ArchiveError(f"{name!r} claims an absurd size ({info.file_size} bytes); refused.")
    if declared is not None and info.file_size != declared:
        raise ArchiveError(f"{name!r} has {info.file_size} bytes but the manifest says {declared}.")
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ArchiveError(f"{name!r} expands more than {MAX_RATIO} times (a zip bomb?); refused.")


def _check_total(archive: Path, total: int) -> None:
    size = archive.stat().st_size
    if total > TOTAL_RATIO_FLOOR and total > MAX_TOTAL_RATIO * max(size, 1):
        raise ArchiveError(f"The archive would expand from {format_size(size)} to {format_size(total)} (a zip "
                           "bomb?); refused.")


def free_space_margin(disk_size: int) -> int:
    """Space left free after unpacking: a full disk breaks every other program too (5 %, 16 MB to 1 GB)."""
    return min(max(disk_size // 20, 16 * 1024 * 1024), 1024 * 1024 * 1024, disk_size // 4)


def _check_free_space(where: Path, needed: int) -> None:
    try:
        usage = shutil.disk_usage(where)
    except OSError:
        return
    margin = free_space_margin(usage.total)
    if needed + margin > usage.free:
        raise ArchiveError(f"Not enough disk space: the case needs {format_size(needed)} and "
                           f"{format_size(margin)} must stay free, but {format_size(usage.free)} are free.")


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, sha: str, size: int, label: str) -> None:
    """Stream one member to `dest`, never writing more than its declared size, and check its hash."""
    digest = hashlib.sha256()
    written = 0
    try:
        with zf.open(info) as src, open(dest, "xb") as out:
            while chunk := src.read(CHUNK):
                written += len(chunk)
                if written > size:
                    raise ArchiveError(f"{label} is larger in the archive than its manifest says; refused.")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except ArchiveError:
        raise
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise ArchiveError(f"{label} is damaged in the archive ({short_reason(exc)}).") from None
    except OSError as exc:
        full = exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))
        raise ArchiveError(f"The disk is full: {label} could not be unpacked; nothing was kept." if full else
                           f"Cannot unpack {label}: {exc.strerror or exc}.") from None
    if written != size or digest.hexdigest() != sha:
        raise ArchiveError(f"{label} does not match its SHA-256 in the manifest; the archive was altered "
                           "or damaged. Nothing was unpacked.")


def _check_case(staging: Path) -> None:
    """Open the unpacked case as the app would (an older schema is upgraded here); it must then have exactly
    this version's schema."""
    db = staging / DB_MEMBER
    engine = None
    try:
        check_header(db)
        engine = make_engine(db)
        migrate.upgrade(engine, db, creating=False)
    except CaseFileError as exc:
        raise ArchiveError(f"The unpacked case does not open: {exc}") from None
    finally:
        if engine is not None:
            engine.dispose()
    conn = sqlite3.connect(sqlite_uri((staging / DB_MEMBER), "mode=ro"), uri=True)
    try:
        schema = schema_of(conn)
    finally:
        conn.close()
    if schema != reference_schema(migrate.head_revision()):
        raise ArchiveError("The archive's database holds objects CaseFile did not write; refused.")


def _hash_path(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _is_sha(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value) is not None


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_MEMBER_BYTES


__all__ = ["ArchiveError", "archive_case", "unarchive_case"]
