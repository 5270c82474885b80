"""Hostile and broken input: every file gets a clear outcome, the batch goes on, the case stays consistent.

Random bytes behind real magic headers, any file name, damaged documents, bombs, huge files, links and pipes,
names that try to leave the case folder; and the import path never touches the network.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from casefile.context import Case, create_case
from casefile.domain.enums import ImportStatus
from casefile.importers.base import Attachment, ImportedItem
from casefile.storage.store import hash_file
from tests import fixture_files as ff

MAGIC = {
    ".pdf": b"%PDF-1.7\n",
    ".png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ".docx": b"PK\x03\x04\x14\x00\x06\x00",
    ".zip": b"PK\x03\x04",
    ".mp4": b"\x00\x00\x00\x18ftypmp42",
    ".html": b"<!DOCTYPE html><html><head><meta charset='utf-8'>",
    ".eml": b"From: a@b.c\r\nTo: d@e.f\r\nSubject: =?utf-8?b?",
    ".jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    ".srt": b"1\n00:00:01,000 --> ",
    ".txt": b"",
}
OUTCOMES = {ImportStatus.IMPORTED, ImportStatus.DUPLICATE, ImportStatus.FAILED, ImportStatus.SKIPPED}


def _consistent(case: Case) -> None:
    with case.ctx.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    assert case.evidence.verify() == []
    assert not list(case.ctx.store.tmp.iterdir())
    stored = {p.name for p in case.ctx.store.root.glob("??/*")}
    assert stored == {r.sha256 for r in case.evidence.list() if r.sha256}, "store and exhibits disagree"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("the import path tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


names = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ext=st.sampled_from(sorted(MAGIC)), body=st.binary(max_size=4096), stem=names,
       form=st.sampled_from(["NFC", "NFD"]))
def test_fuzzed_files_always_get_a_clear_outcome(case: Case, tmp_path_factory: pytest.TempPathFactory,
                                                 no_network: None, ext: str, body: bytes, stem: str,
                                                 form: str) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    name = unicodedata.normalize(form, stem)[:60] + ext
    path = folder / name
    try:
        path.write_bytes(MAGIC[ext] + body)
    except OSError:  # a name this file system cannot hold (too long in bytes)
        return
    outcome = case.imports.import_file(path)
    assert outcome.status in OUTCOMES
    if outcome.status is ImportStatus.FAILED:
        assert outcome.reason and "Traceback" not in outcome.reason and len(outcome.reason) < 400
    if outcome.evidence_id is not None:
        rec = case.evidence.get(outcome.evidence_id)
        assert rec.filename == name or outcome.status is ImportStatus.DUPLICATE
        assert hash_file(case.ctx.store.path_for(rec.sha256)) == rec.sha256


def test_a_batch_of_broken_files_goes_on(case: Case, tmp_path: Path, no_network: None) -> None:
    src = tmp_path / "batch"
    src.mkdir()
    (src / "good.txt").write_text(ff.article_body(), encoding="utf-8")
    pdf = ff.make_pdf(src / "complaint.pdf")
    (src / "truncated.pdf").write_bytes(pdf.read_bytes()[: len(pdf.read_bytes()) // 3])
    (src / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(5000) + b"\n%%EOF")
    png = ff.make_png(src / "photo.png")
    (src / "truncated.png").write_bytes(png.read_bytes()[:200])
    ff.make_bomb_png(src / "bomb.png")
    wav = ff.make_wav(src / "clip.wav")
    (src / "truncated.wav").write_bytes(wav.read_bytes()[:100])
    (src / "not-a-video.mp4").write_bytes(MAGIC[".mp4"] + os.urandom(3000))
    ff.make_zip_bomb_docx(src / "bomb.docx")
    _zip_bomb(src / "bomb.odt", "content.xml")
    _zip_bomb(src / "bomb.xlsx", "xl/worksheets/sheet1.xml")
    (src / "binary.txt").write_bytes(os.urandom(4000))
    (src / "latin1.txt").write_bytes("Sæther said «non» on 22 January 2025".encode("latin-1"))
    (src / "broken-utf8.txt").write_bytes(b"Okafor \xff\xfe\xc3( filed \xed\xa0\x80 suit")
    (src / "utf16.html").write_bytes("<html><body><p>Okafor</p></body></html>".encode("utf-16"))
    (src / "empty.pdf").write_bytes(b"")
    for odd in ("\u202eexe.txt", "😀 exhibit.txt", unicodedata.normalize("NFD", "Sæther é.txt"), "a\nb.txt",
                "con.txt", " leading space.txt"):
        (src / odd).write_text(f"file called {odd!r}", encoding="utf-8")
    os.mkfifo(src / "pipe.txt")
    (src / "link.txt").symlink_to(src / "good.txt")
    (src / "dangling.txt").symlink_to(tmp_path / "nowhere")
    (src / "outside").symlink_to("/etc")
    report = case.imports.import_paths([src])
    by_name = {Path(o.path).name: o for o in report.outcomes}
    assert set(by_name) >= {p.name for p in src.iterdir()}, "a file got no outcome"
    for name in ("pipe.txt",):
        assert by_name[name].status is ImportStatus.SKIPPED and "not a regular file" in by_name[name].reason
    for name in ("link.txt", "dangling.txt", "outside"):
        assert by_name[name].status is ImportStatus.SKIPPED and "link" in by_name[name].reason
    assert by_name["empty.pdf"].status is ImportStatus.FAILED and "empty" in by_name["empty.pdf"].reason
    assert by_name["good.txt"].status is ImportStatus.IMPORTED
    for name in ("bomb.docx", "bomb.odt", "bomb.xlsx", "bomb.png", "corrupt.pdf", "truncated.pdf"):
        o = by_name[name]
        assert o.status in (ImportStatus.IMPORTED, ImportStatus.FAILED) and o.exhibit, o  # original kept
    for o in report.outcomes:
        assert o.status in OUTCOMES
        assert o.status is not ImportStatus.FAILED or o.reason
    kept = {r.filename for r in case.evidence.list()}
    assert "\u202eexe.txt" in kept and "😀 exhibit.txt" in kept and unicodedata.normalize("NFD", "Sæther é.txt") in kept
    _consistent(case)


def _zip_bomb(path: Path, member: str, size: int = 600 * 1024 * 1024) -> None:
    """A document whose main part inflates to `size` bytes of zeros (a few hundred KB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        with zf.open(member, "w", force_zip64=True) as out:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                out.write(chunk)


def test_attachment_names_never_leave_the_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An e-mail whose attachments are named to escape: stored by hash, shown by a bare file name."""
    evil = ["../../etc/passwd", "/etc/shadow", "..\\..\\boot.ini", "C:\\Windows\\evil.dll", "....//x", "", "..", "a/..", "."]
    real_read = case.imports.registry.read

    def read(path: Path, name: str, limits):  # noqa: ANN001, ANN202
        imp, item = real_read(path, name, limits)
        if name == "mail.eml":
            item = ImportedItem(kind=item.kind, media_type=item.media_type, title="mail", text="hello",
                                attachments=[Attachment(n, f"payload {i}".encode()) for i, n in enumerate(evil)])
        return imp, item

    monkeypatch.setattr(case.imports.registry, "read", read)
    mail = ff.make_eml_with_attachment(tmp_path / "mail.eml")
    before = {p for p in tmp_path.parent.rglob("*")}
    outcome = case.imports.import_file(mail)
    assert outcome.status is ImportStatus.IMPORTED
    names = [r.filename for r in case.evidence.list() if r.relation == "attachment"]
    assert len(names) == len(evil)
    assert all("/" not in n and "\\" not in n and n not in ("..", ".", "") for n in names), names
    created = {p for p in tmp_path.parent.rglob("*")} - before
    assert all(case.path in p.parents for p in created), "something was written outside the case"
    _consistent(case)


def test_html_and_email_import_never_fetch(case: Case, tmp_path: Path, no_network: None) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><link rel=stylesheet href='http://198.51.100.1/x.css'>"
        "<script src='https://198.51.100.1/a.js'></script></head><body>"
        "<img src='http://198.51.100.1/pixel.gif'><iframe src='https://198.51.100.1/'></iframe>"
        "<p>Okafor filed suit on March 12, 2024.</p>"
        "<blockquote class='twitter-tweet'><a href='https://twitter.com/x/status/1'>t</a></blockquote>"
        "<script async src='https://platform.twitter.com/widgets.js'></script></body></html>", encoding="utf-8")
    ff.write_article_html(tmp_path / "article.html")
    ff.make_eml_with_attachment(tmp_path / "mail.eml")
    ff.make_eml_with_attachment(tmp_path / "html-only.eml", html_only=True)
    ff.write_mhtml(tmp_path / "saved.mhtml")
    report = case.imports.import_paths([tmp_path])
    assert report.failed == 0, [o.line() for o in report.outcomes]
    assert case.imports.import_url("https://example.com/article", "An article").status is ImportStatus.IMPORTED


@pytest.mark.slow
def test_huge_sparse_file_streams_in_bounded_memory(tmp_path: Path) -> None:
    """A 2 GB file is hashed and copied in chunks with progress; peak memory grows by far less than 100 MB."""
    huge = tmp_path / "disk-image.mp4"  # media names skip the parse size limit: the whole path is exercised
    subprocess.run(["truncate", "-s", "2G", str(huge)], check=True)
    script = f"""
from pathlib import Path
from casefile.context import create_case

def kb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1])

case = create_case(Path({str(tmp_path / 'Huge')!r}), "Huge")
open("/proc/self/clear_refs", "w").write("5")  # reset the peak (VmHWM) to the current RSS
before = kb("VmRSS:")
calls = []
outcome = case.imports.import_file(Path({str(huge)!r}), on_bytes=lambda d, t: calls.append((d, t)))
peak = kb("VmHWM:")
rec = case.evidence.get(outcome.evidence_id)
print(outcome.status.value, rec.size, len(calls), calls[-1][0], calls[-1][1], peak - before, before)
case.close()
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    status, size, calls, last_done, total, grown_kb, base_kb = done.stdout.split()
    assert int(size) == 2 * 1024**3 and int(last_done) == int(total) == int(size)
    assert int(calls) >= 100, "progress was not reported while copying"
    grown_mb = int(grown_kb) / 1024
    print(f"\n[huge] 2 GiB import: RSS {int(base_kb) / 1024:.0f} MB before, peak grew by {grown_mb:.1f} MB")
    assert grown_mb < 100, f"peak memory grew by {grown_mb:.0f} MB"


def test_name_cannot_escape_through_import_bytes(case: Case, tmp_path: Path) -> None:
    """Names handed in by drops or pastes are labels only: storage is by hash inside the case."""
    before = set(tmp_path.rglob("*"))
    for name in ("../../escape.txt", "/etc/passwd", "..", "a/../../b.txt"):
        outcome = case.imports.import_bytes(f"content for {name}".encode(), name, source="drop")
        assert outcome.status is ImportStatus.IMPORTED
    created = set(tmp_path.rglob("*")) - before
    assert all(case.path in p.parents for p in created)
    _consistent(case)


def test_fuzzing_leaves_a_case_that_reopens(tmp_path: Path) -> None:
    """After garbage of every kind, the case still opens and verifies (a separate, quick end-to-end check)."""
    src = tmp_path / "junk"
    src.mkdir()
    for i, (ext, magic) in enumerate(sorted(MAGIC.items())):
        (src / f"junk{i}{ext}").write_bytes(magic + os.urandom(512 * (i + 1)))
    with create_case(tmp_path / "Junk", "Junk") as case:
        report = case.imports.import_paths([src])
        assert len(report.outcomes) == len(MAGIC)
        path = case.path
    from casefile.context import open_case

    with open_case(path) as reopened:
        _consistent(reopened)
