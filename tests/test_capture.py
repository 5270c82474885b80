"""Web capture end to end through `casefile capture`, against servers on loopback that the tests start."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casefile.cli import main
from casefile.context import create_case, open_case
from casefile.domain.enums import EvidenceKind, TargetType
from tests.capture_site import Site, serve, tls_context

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The capture workers may reach the tests' loopback servers; any other name does not resolve."""
    monkeypatch.setenv("CASEFILE_TEST_LOOPBACK_ONLY", "1")


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    create_case(tmp_path / "Harbour", "Norvik Marine v. Lakeside Harbour Board").close()
    return tmp_path / "Harbour.casefile"


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _records(warc: Path) -> list[tuple[str, str, int]]:
    from warcio.archiveiterator import ArchiveIterator

    out = []
    with warc.open("rb") as f:
        for rec in ArchiveIterator(f):
            status = int(rec.http_headers.get_statuscode()) if rec.rec_type == "response" else 0
            out.append((rec.rec_type, rec.rec_headers.get_header("WARC-Target-URI") or "", status))
    return out


def _check_wacz(path: Path, page_url: str) -> None:
    """The package's files match its datapackage hashes, and its index points at the page's response."""
    import hashlib
    import io
    import zipfile

    from warcio.archiveiterator import ArchiveIterator

    with zipfile.ZipFile(path) as z:
        package = json.loads(z.read("datapackage.json"))
        assert package["wacz_version"] == "1.1.1" and package["mainPageUrl"] == page_url
        for res in package["resources"]:
            assert res["hash"] == "sha256:" + hashlib.sha256(z.read(res["path"])).hexdigest()
        warc = z.read("archive/data.warc.gz")
        entries = [json.loads(line.split(" ", 2)[2]) for line in z.read("indexes/index.cdx").decode().splitlines()]
        assert json.loads(z.read("pages/pages.jsonl").decode().splitlines()[1])["url"] == page_url
    entry = next(e for e in entries if e["url"] == page_url)
    assert entry["status"] == "200" and entry["mime"] == "text/html"
    start, length = int(entry["offset"]), int(entry["length"])
    record = next(iter(ArchiveIterator(io.BytesIO(warc[start:start + length]))))
    assert record.rec_headers.get_header("WARC-Target-URI") == page_url


def test_article_is_captured_with_its_parts_and_read_like_an_article(case_dir: Path, tmp_path: Path, qapp,  # noqa: ANN001
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    # qapp: the summary prints with Qt's text engine, and a later GUI test needs the application to be a QApplication
    site = Site()
    with serve(site) as base:
        code = main(["capture", str(case_dir), f"{base}/old-address", f"{base}/cookies"])
        out = capsys.readouterr().out
    assert code == 0, out
    assert out.count(": imported (Ex.") == 2

    # no cookie travelled: the article set one, used it for its own style sheet, and the next capture had none
    assert ("/static/site.css", "reader=ingrid-7731") in site.hits
    assert ("/cookies", "") in site.hits

    with open_case(case_dir) as case:
        rows = case.evidence.list()
        page = next(r for r in rows if r.kind is EvidenceKind.WEB_PAGE and "harbour" in r.url)
        assert page.url == f"{base}/news/harbour-board-sued"
        assert page.title == "Harbour board sued over dredging contract"
        assert "Ingrid Solberg" in page.author
        assert page.published is not None and page.published.iso() == "2025-04-09"
        text = case.evidence.text(page.id)
        assert "Sigrid Holm, declined to comment" in text  # written by a script
        assert "scheduled for 14 May 2025" in text  # loaded with fetch
        assert (TargetType.EVIDENCE, page.id) in {(h.type, h.id) for h in case.search.search("Sigrid Holm")}
        assert (TargetType.EVIDENCE, page.id) in {(h.type, h.id) for h in case.search.search("registry confirmed")}
        parties = {p.name for p in case.parties.list()}
        assert "Tomas Brekke" not in parties  # an editor on the credit line is no party
        assert page.metadata["credits"] == {"authors": ["Ingrid Solberg"], "editors": ["Tomas Brekke"]}

        parts = {r.metadata.get("capture_part"): r for r in rows if r.parent_id == page.id}
        assert set(parts) == {"warc", "wacz", "pdf", "png", "manifest"}
        assert all(r.relation == "capture" and len(r.sha256 or "") == 64 for r in parts.values())
        store = case.ctx.store
        warc = store.path_for(parts["warc"].sha256)
        records = _records(warc)
        uris = {(t, u) for t, u, _ in records}
        for path in ("/news/harbour-board-sued", "/static/site.css", "/static/harbour.png", "/api/update.json"):
            assert ("response", f"{base}{path}") in uris and ("request", f"{base}{path}") in uris
        assert ("response", f"{base}/old-address", 301) in records
        check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(warc)], capture_output=True,
                               text=True, timeout=60)
        assert check.returncode == 0, check.stdout + check.stderr

        _check_wacz(store.path_for(parts["wacz"].sha256), f"{base}/news/harbour-board-sued")

        from PIL import Image

        with Image.open(store.path_for(parts["png"].sha256)) as im:
            assert im.width == 1280 and im.height >= 900
            colours = im.convert("RGB").getcolors(1_000_000)
            assert colours is not None and len(colours) > 50  # text and the picture, not a blank page
            assert (30, 90, 160) in {c for _, c in colours}  # the harbour picture was drawn

        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(store.path_for(parts["pdf"].sha256)))
        pdf_text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        pdf.close()
        assert "Norvik Marine" in pdf_text and "Sigrid Holm" in pdf_text

        manifest = json.loads(store.path_for(parts["manifest"].sha256).read_text())
        assert manifest["requested_url"] == f"{base}/old-address"
        assert manifest["final_url"] == f"{base}/news/harbour-board-sued"
        assert [(h["status"], h["url"]) for h in manifest["redirects"]] == [
            (301, f"{base}/old-address"), (200, f"{base}/news/harbour-board-sued")]
        assert manifest["status"] == 200 and "QtWebEngine" in manifest["engine"]
        assert manifest["started"].endswith("Z") and manifest["ended"] >= manifest["started"]
        assert manifest["parts"]["warc"]["sha256"] == parts["warc"].sha256
        details = case.captures.details(page.id)
        assert details is not None and details.manifest_sha256 == parts["manifest"].sha256

        cookies = next(r for r in rows if r.kind is EvidenceKind.WEB_PAGE and r.url.endswith("/cookies"))
        assert "Cookies received: none" in case.evidence.text(cookies.id)

    # the export says when each page was captured; verify, the summary and an archive carry captures
    exported = tmp_path / "case.json"
    assert main(["export", str(case_dir), "--format", "json", "-o", str(exported)]) == 0
    pages = [e for e in json.loads(exported.read_text())["evidence"] if e["kind"] == "web_page"]
    assert len(pages) == 2 and all(e["captured"].endswith("Z") for e in pages)
    assert main(["verify", str(case_dir)]) == 0
    summary = tmp_path / "summary.pdf"
    assert main(["summary", str(case_dir), "-o", str(summary)]) == 0
    words = subprocess.run(["pdftotext", str(summary), "-"], capture_output=True, text=True).stdout
    assert "/news/harbour-board-sued" in words and "captured" in words
    packed = tmp_path / "harbour.casezip"
    assert main(["archive", str(case_dir), "-o", str(packed)]) == 0
    assert main(["unarchive", str(packed), str(tmp_path / "Copy")]) == 0
    assert main(["verify", str(tmp_path / "Copy")]) == 0
    with open_case(tmp_path / "Copy") as copy:
        assert sum(1 for r in copy.evidence.list() if r.kind is EvidenceKind.WEB_PAGE) == 2


def test_failures_say_why_store_nothing_and_the_batch_goes_on(case_dir: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    site = Site()
    closed = _closed_port()
    with serve(site) as base:
        addresses = [f"{base}/no-such-story", f"http://127.0.0.1:{closed}/", "file:///etc/passwd",
                     "data:text/html,<p>hi</p>", "javascript:alert(1)", "ftp://127.0.0.1/x",
                     "http://no-such-host.invalid/news", f"{base}/huge.bin", f"{base}/files/ruling.pdf"]
        code = main(["capture", str(case_dir), "--max-mb", "1", *addresses])
        captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert code == 1
    assert len(lines) == len(addresses)
    reasons = {a: line[len(a) + 2:] for a, line in zip(addresses, lines, strict=True)}
    assert all(line.startswith(f"{a}: ") for a, line in zip(addresses, lines, strict=True))
    assert reasons[f"{base}/no-such-story"] == "failed: not captured: the server answered 404 Not Found"
    assert reasons[f"http://127.0.0.1:{closed}/"] == "failed: not captured: the connection was refused"
    for refused in ("file:///etc/passwd", "javascript:alert(1)", "ftp://127.0.0.1/x"):
        assert "failed: refused:" in reasons[refused] and "not captured (only http and https" in reasons[refused]
    assert "refused" in reasons["data:text/html,<p>hi</p>"]
    assert reasons["http://no-such-host.invalid/news"] == \
        "failed: not captured: there is no such host (no-such-host.invalid)"
    assert "over the limit" in reasons[f"{base}/huge.bin"] and "size limit" in reasons[f"{base}/huge.bin"]
    assert reasons[f"{base}/files/ruling.pdf"].startswith("imported (Ex. 1, document")
    assert "Traceback" not in captured.err

    with open_case(case_dir) as case:
        rows = case.evidence.list()
        pdf = next(r for r in rows if r.exhibit == 1)
        assert "Norvik Marine v. Lakeside Harbour Board" in case.evidence.text(pdf.id)
        assert pdf.url == f"{base}/files/ruling.pdf"
        parts = {r.metadata.get("capture_part") for r in rows if r.parent_id == pdf.id}
        assert parts == {"warc", "wacz", "manifest"}
        assert len(rows) == 4  # the PDF, its WARC, WACZ and manifest; the failures left nothing
        warc = next(r for r in rows if r.metadata.get("capture_part") == "warc")
        assert ("response", f"{base}/files/ruling.pdf", 200) in _records(case.ctx.store.path_for(warc.sha256))
        assert len(case.ctx.store.stored()) == 4


def test_a_page_that_never_answers_hits_the_time_limit(case_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = Site()
    site.slow_s = 60.0  # far beyond the 2 s limit, so finishing early can only mean the limit stopped it
    with serve(site) as base:
        started = time.monotonic()
        code = main(["capture", str(case_dir), "--timeout", "2", f"{base}/slow"])
        elapsed = time.monotonic() - started
    out = capsys.readouterr().out
    assert code == 1
    assert out.strip() == f"{base}/slow: failed: not captured: the server did not answer within the time limit"
    assert elapsed < site.slow_s
    with open_case(case_dir) as case:
        assert case.evidence.list() == []


def test_a_page_whose_picture_never_arrives_is_taken_as_it_is(case_dir: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    site = Site()
    site.slow_s = 60.0
    with serve(site) as base:
        code = main(["capture", str(case_dir), "--timeout", "5", f"{base}/news/with-a-hung-picture"])
    assert code == 0, capsys.readouterr().out
    with open_case(case_dir) as case:
        (page,) = [r for r in case.evidence.list() if r.kind is EvidenceKind.WEB_PAGE]
        assert "Sigrid Holm" in case.evidence.text(page.id)  # the script's paragraph was there
        manifest = json.loads(case.captures.part_path(page.id, "manifest").read_text())
        assert manifest["requests_still_loading"] == 1
        took = dt.datetime.fromisoformat(manifest["ended"][:-1]) - dt.datetime.fromisoformat(manifest["started"][:-1])
        assert took.total_seconds() < site.slow_s  # taken before the picture could have arrived


def test_https_is_recorded_and_an_unverified_certificate_is_refused(case_dir: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    site = Site()
    trusted, ca_pem = tls_context(tmp_path, trusted=True)
    self_signed, _ = tls_context(tmp_path, trusted=False)
    assert ca_pem is not None
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_pem))  # the worker's trust store: the test authority only
    with serve(site, trusted) as good, serve(site, self_signed) as bad:
        code = main(["capture", str(case_dir), f"{bad}/news/harbour-board-sued", f"{good}/news/harbour-board-sued"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0].startswith(f"{bad}/news/harbour-board-sued: failed: not captured: its TLS certificate does not "
                             "verify (")
    assert out[0].endswith("; the page was refused")
    assert out[1].startswith(f"{good}/news/harbour-board-sued: imported (Ex. 1, web_page")
    with open_case(case_dir) as case:
        rows = case.evidence.list()
        page = next(r for r in rows if r.kind is EvidenceKind.WEB_PAGE)
        assert "Sigrid Holm" in case.evidence.text(page.id)
        warc = next(r for r in rows if r.metadata.get("capture_part") == "warc")
        uris = {u for t, u, _ in _records(case.ctx.store.path_for(warc.sha256)) if t == "response"}
        assert {f"{good}/news/harbour-board-sued", f"{good}/static/site.css", f"{good}/api/update.json"} <= uris
    assert os.environ["CASEFILE_TEST_LOOPBACK_ONLY"] == "1"


def test_sign_in_first_keeps_a_profile_in_the_case_that_later_captures_use(case_dir: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The visible sign-in window (closed here by a timer, as the user would close it) stores the site's cookie in
    the case's own profile; a later capture in that case sends it (without it none is: the first test)."""
    site = Site()
    profile = case_dir / "sign-in-profile"
    with serve(site) as base:
        script = (
            "import sys\nfrom PySide6.QtCore import QTimer\nfrom PySide6.QtWidgets import QApplication\n"
            "from casefile.capture.job import CaptureJob\nfrom casefile.gui.capture.browser import sign_in_window\n"
            "app = QApplication(['casefile'])\nQTimer.singleShot(2500, app.closeAllWindows)\n"
            f"sys.exit(sign_in_window(CaptureJob({base + '/news/harbour-board-sued'!r}, {str(profile)!r}, "
            f"profile={str(profile)!r}, mode='signin')))\n")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        if os.geteuid() == 0:
            env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox"
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr[-2000:]
        assert profile.is_dir()
        assert main(["capture", str(case_dir), f"{base}/cookies"]) == 0
    assert ("/cookies", "reader=ingrid-7731") in site.hits
    with open_case(case_dir) as case:
        (page,) = [r for r in case.evidence.list() if r.kind is EvidenceKind.WEB_PAGE]
        assert "Cookies received: reader=ingrid-7731" in case.evidence.text(page.id)
        manifest = json.loads(case.captures.part_path(page.id, "manifest").read_text())
        assert manifest["profile"] == "the case's sign-in profile"
    capsys.readouterr()
