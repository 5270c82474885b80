"""The evidence store on a shared folder: two writers of the same bytes both succeed and store one file; nothing
relies on a lock; a rename refused because the file exists is success when it is intact; what lands is re-hashed."""

from __future__ import annotations

import errno
import hashlib
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from casefile.domain.errors import ImportFailedError
from casefile.storage import store as store_mod
from casefile.storage.store import HOST, EvidenceStore


def _store_many(root: str, payloads: list[bytes], start: object, out: multiprocessing.Queue) -> None:
    start.wait()  # type: ignore[attr-defined]
    s = EvidenceStore(Path(root))
    out.put([(b.sha256, b.created) for b in (s.put_bytes(p) for p in payloads)])


def test_two_processes_storing_the_same_files_at_once_keep_one_copy_each(tmp_path: Path) -> None:
    payloads = [(f"article {i} ".encode() * 5000) for i in range(40)]
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_store_many, args=(str(tmp_path / "evidence"), payloads, start, out))
             for _ in range(2)]
    for p in procs:
        p.start()
    start.set()
    results = [out.get(timeout=60), out.get(timeout=60)]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    want = [hashlib.sha256(p).hexdigest() for p in payloads]
    assert [sha for sha, _ in results[0]] == want
    assert [sha for sha, _ in results[1]] == want
    store = EvidenceStore(tmp_path / "evidence")
    assert store.stored() == set(want)
    for sha, payload in zip(want, payloads, strict=True):
        assert store.path_for(sha).read_bytes() == payload
    assert list(store.tmp.iterdir()) == []  # no temporary file left by either writer


def test_a_rename_refused_because_an_identical_original_exists_is_success(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    data = b"the filed complaint, page one" * 100
    sha = hashlib.sha256(data).hexdigest()
    real_replace = os.replace

    def smb_replace(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        # the other writer's copy lands between our check and our rename; then SMB refuses to rename onto it
        if Path(dst) == store.path_for(sha) and not Path(dst).exists():
            Path(dst).parent.mkdir(exist_ok=True)
            Path(dst).write_bytes(data)
            os.chmod(dst, 0o444)
        if Path(dst).exists():
            raise OSError(errno.EEXIST, "File exists", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(store_mod.os, "replace", smb_replace)
    blob = store.put_bytes(data)
    assert blob.created is False
    assert blob.path.read_bytes() == data
    assert list(store.tmp.iterdir()) == []


def test_a_refused_rename_onto_different_bytes_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    data = b"exhibit bytes" * 50

    def refuse(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        raise OSError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(store_mod.os, "replace", refuse)
    with pytest.raises(ImportFailedError, match="cannot store the file"):
        store.put_bytes(data)
    assert list(store.tmp.iterdir()) == []


def test_an_original_that_does_not_read_back_intact_is_reported(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    data = b"a clip's bytes" * 1000
    sha = hashlib.sha256(data).hexdigest()

    def flaky_share(folder: Path) -> None:  # the share holds other bytes than were written
        target = store.path_for(sha)
        if target.exists():
            os.chmod(target, 0o644)
            target.write_bytes(b"x" * len(data))

    monkeypatch.setattr(store_mod, "fsync_dir", flaky_share)
    with pytest.raises(ImportFailedError, match="did not read back intact"):
        store.put_bytes(data)


def test_temporary_names_carry_host_and_process_and_cleaning_spares_other_machines(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    store.ensure()
    fd, tmp = store._create_temporary()
    os.close(fd)
    assert tmp.name.startswith(f"import-{os.getpid()}-{HOST}-")
    tmp.unlink()
    dead = store.tmp / f"import-999999-{HOST}-abc.part"
    other_young = store.tmp / "import-4242-otherhost-abc.part"
    other_old = store.tmp / "import-4243-otherhost-def.part"
    for f in (dead, other_young, other_old):
        f.write_bytes(b"half")
    old = time.time() - 2 * store_mod.FOREIGN_TMP_AGE_S
    os.utime(other_old, (old, old))
    assert store.clean_temporary() == 2
    assert [p.name for p in store.tmp.iterdir()] == [other_young.name]
