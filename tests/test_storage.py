from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from casefile.domain.enums import VerifyState
from casefile.storage.store import Cancelled, EvidenceStore


def test_put_file_stores_once_read_only_under_its_hash(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    src = tmp_path / "clip.bin"
    data = os.urandom(3 * 1024 * 1024 + 17)  # several chunks and a tail
    src.write_bytes(data)
    blob = store.put_file(src)
    sha = hashlib.sha256(data).hexdigest()
    assert blob.sha256 == sha and blob.size == len(data) and blob.created
    assert blob.path == tmp_path / "evidence" / sha[:2] / sha
    assert blob.path.read_bytes() == data
    assert not blob.path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    again = store.put_file(src)
    assert again.sha256 == sha and not again.created
    assert list((tmp_path / "evidence" / ".tmp").iterdir()) == []


def test_verify_detects_missing_and_altered(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    blob = store.put_bytes(b"original bytes")
    assert store.verify(blob.sha256, blob.size) is VerifyState.OK
    os.chmod(blob.path, 0o644)
    blob.path.write_bytes(b"original bytez")
    assert store.verify(blob.sha256, blob.size) is VerifyState.ALTERED
    blob.path.unlink()
    assert store.verify(blob.sha256, blob.size) is VerifyState.MISSING


def test_cancel_mid_copy_leaves_nothing(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    src = tmp_path / "big.bin"
    src.write_bytes(b"x" * (3 * 1024 * 1024))
    with pytest.raises(Cancelled):
        store.put_file(src, cancelled=lambda: True)
    assert list((tmp_path / "evidence" / ".tmp").iterdir()) == []
    assert [p for p in (tmp_path / "evidence").iterdir() if p.name != ".tmp"] == []


def test_leftover_temporary_files_are_cleaned(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    store.ensure()
    (store.tmp / "import-abc.part").write_bytes(b"half a file")
    assert store.clean_temporary() == 1
    assert list(store.tmp.iterdir()) == []
