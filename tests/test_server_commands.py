"""Every whole-case command on both backends: export, summary, verify, search, audit, archive, recover."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from casefile import cli
from casefile.context import Case, open_case
from casefile.db.copy import consistent_reader, table_checksums
from casefile.domain.enums import VerifyState
from casefile.services.archive import archive_case, unarchive_case
from tests.report_case import NAMES, build_dispute


@pytest.fixture
def dispute(bcase: Case, tmp_path: Path) -> Case:
    build_dispute(bcase, tmp_path / "files")
    return bcase


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_json_csv_and_audit(dispute: Case, backend: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, "export", dispute.path, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert sorted(e["exhibit"] for e in data["evidence"]) == [1, 2, 3, 4]
    assert {p["name"] for p in data["parties"]} >= set(NAMES)
    code, out, err = _cli(capsys, "export", dispute.path, "--format", "csv")
    assert code == 0, err
    assert "Executives brief reporters against the producer" in out
    code, out, err = _cli(capsys, "export", dispute.path, "--format", "audit")
    assert code == 0, err
    actions = [entry["action"] for entry in json.loads(out)]
    assert actions.count("import") == 4 and "create" in actions


def test_summary_pdf(dispute: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "summary.pdf"
    code, out, err = _cli(capsys, "summary", dispute.path, "-o", pdf)
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF") and "pages)" in out
    import pypdfium2 as pdfium

    text = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))
    assert NAMES[0] in text and "Executives brief reporters" in text


def test_search(dispute: Case, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, "search", dispute.path, "Łukasiewicz")
    assert code == 0, err
    assert NAMES[0] in out and "no matches" not in out


def test_verify_reads_the_database_and_rehashes(dispute: Case, backend: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, "verify", dispute.path)
    assert code == 0, err
    assert "4 exhibits checked, 0 missing or altered" in out
    if backend == "postgresql":
        assert "every row of every table read" in out
    photo = dispute.evidence.by_exhibit(4)
    stored = dispute.ctx.store.path_for(photo.sha256)
    os.chmod(stored, stat.S_IRUSR | stat.S_IWUSR)
    with open(stored, "ab") as fh:
        fh.write(b"tampered")
    code, out, _err = _cli(capsys, "verify", dispute.path)
    assert code == 1
    assert "Ex. 4 set-photo.png: altered" in out
    if backend == "sqlite":  # the test holds the case's lock: verify reads it read-only and says so
        assert "(the results were not recorded in the case" in out
        return
    # a server case has no lock: the results are recorded (PostgreSQL's upsert), for everyone to see
    states = {p.exhibit: p.verify_state for p in dispute.evidence.list()}
    assert states[4] is VerifyState.ALTERED and states[1] is VerifyState.OK
    assert "(the results were not recorded" not in out


def test_archive_round_trip_gives_a_local_case(dispute: Case, backend: str, tmp_path: Path) -> None:
    out = tmp_path / "out" / "okafor.casezip"
    out.parent.mkdir()
    assert archive_case(dispute, out) == 4
    local = unarchive_case(out, tmp_path / "Unpacked")
    assert (local / "case.db").is_file()
    with open_case(local) as unpacked:
        assert unpacked.ctx.backend == "sqlite"
        with consistent_reader(dispute.ctx.engine) as a, consistent_reader(unpacked.ctx.engine) as b:
            assert table_checksums(a) == table_checksums(b)
        assert [h.title for h in unpacked.search.search("Łukasiewicz")]
        assert unpacked.evidence.verify() == []


def test_recover_says_what_applies(dispute: Case, backend: str, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, "recover", dispute.path, tmp_path / "Salvaged")
    if backend == "sqlite":
        assert code == 0, err
        assert "recovered into" in out
        return
    assert code == 2
    assert "PostgreSQL server" in err and "pg_dump" in err and "casefile archive" in err
    assert not (tmp_path / "Salvaged.casefile").exists() and not (tmp_path / "Salvaged").exists()
