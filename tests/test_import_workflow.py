"""One import workflow: its options per call, one progress type, and a report built from what was stored
whatever ends the run (issue 26: a database that goes away between passes or during pass 1)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from casefile import cli
from casefile.context import Case, create_case
from casefile.domain.enums import ImportStatus
from casefile.domain.progress import Progress, Stage
from casefile.extract.types import Extraction
from casefile.services.import_workflow import ImportOptions, Produced

RAW = "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n" \
      "\tbefore or while processing the request."


def _no_suggestions(_text: str, **_kw: object) -> Extraction:
    return Extraction()


def _letters(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"letter-{i:02d}.txt"
        path.write_text(f"Dear Ms Okafor,\nThe board met on {i + 1} March 2024 about item {i}.\nR. Halvorsen\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


class DatabaseGoesAway:
    """Every statement on every engine fails, as a server that died would, once `armed` (the connection level:
    SQLAlchemy and the case's own error hook see the driver's error: sqlite3's, or psycopg's on a server)."""

    def __init__(self) -> None:
        self.armed = False

    def __call__(self, conn, _cursor, statement: str, *_args: object) -> None:  # noqa: ANN001
        if not self.armed:
            return
        if conn.dialect.name == "postgresql":
            import psycopg

            raise psycopg.OperationalError(RAW)
        raise sqlite3.OperationalError(RAW)


# what each backend's case says when its database goes away (CaseFile's words, one line)
GONE = {
    "sqlite": "the case database could no longer be reached (its server stopped, or its disk went away)",
    "postgresql": "the server cannot be reached (it stopped, or the network is down)",
}


@pytest.fixture
def goes_away() -> Iterator[DatabaseGoesAway]:
    probe = DatabaseGoesAway()
    event.listen(Engine, "before_cursor_execute", probe)
    try:
        yield probe
    finally:
        event.remove(Engine, "before_cursor_execute", probe)


def test_one_progress_type_names_each_stage_in_order(case: Case, tmp_path: Path) -> None:
    case.imports.extractor = _no_suggestions
    seen: list[Progress] = []
    result = case.imports.run(_letters(tmp_path / "in", 3), progress=seen.append)
    assert result.imported.imported == 3 and not result.stopped and result.pending == ()
    stages = [p.stage for p in seen]
    assert stages[0] is Stage.STORE and Stage.SUGGEST in stages
    assert stages.index(Stage.SUGGEST) > max(i for i, s in enumerate(stages) if s is Stage.STORE)
    assert all(isinstance(p, Progress) for p in seen)


def test_options_are_per_call_and_quick_leaves_the_passes_waiting(case: Case, tmp_path: Path) -> None:
    case.imports.extractor = _no_suggestions
    quick = case.imports.run(_letters(tmp_path / "a", 2), options=ImportOptions(quick=True))
    assert quick.suggested is None and quick.pending == (Stage.TRANSCRIBE, Stage.SUGGEST, Stage.ANCHOR)
    assert case.suggestions.waiting() == 2
    full = case.imports.run(_letters(tmp_path / "b", 1)[:0])  # nothing new: what waited is finished
    assert full.suggested is not None and full.suggested.done == 2
    assert case.suggestions.waiting() == 0


def test_produced_content_enters_with_its_provenance(case: Case) -> None:
    case.imports.extractor = _no_suggestions
    page = Produced("Halvorsen statement.html", source="https://news.example.org/halvorsen",
                    data=b"<html><body><h1>Statement</h1><p>The board met on 3 March 2024.</p></body></html>")
    result = case.imports.run(produced=[page])
    [outcome] = result.imported.outcomes
    assert outcome.status is ImportStatus.IMPORTED
    record = case.evidence.get(outcome.evidence_id)
    assert record.filename == "Halvorsen statement.html" and record.source_path == "https://news.example.org/halvorsen"


def test_database_gone_between_passes_lists_every_stored_file_and_the_passes_left(
        bcase: Case, backend: str, tmp_path: Path, goes_away: DatabaseGoesAway) -> None:
    case = bcase
    case.imports.extractor = _no_suggestions

    def progress(p: Progress) -> None:
        if p.stage is Stage.STORE and p.done == p.total and not p.current:
            goes_away.armed = True  # pass 1 is over: the database goes away before the next pass starts

    result = case.imports.run(_letters(tmp_path / "in", 4), progress=progress)
    goes_away.armed = False
    assert [o.status for o in result.imported.outcomes] == [ImportStatus.IMPORTED] * 4
    assert len(result.stored) == 4
    assert result.stopped == GONE[backend]
    assert "This probably means" not in result.stopped
    assert result.pending == (Stage.TRANSCRIBE, Stage.SUGGEST, Stage.ANCHOR)
    assert case.evidence.count() == 4 and case.suggestions.waiting() == 4  # stored; pass 2 waits for the next run


def test_cli_report_when_the_database_goes_away_during_pass_one(
        bcase: Case, backend: str, tmp_path: Path, goes_away: DatabaseGoesAway,
        capsys: pytest.CaptureFixture[str]) -> None:
    case_dir = bcase.path
    bcase.close()  # the CLI opens the case itself
    folder = tmp_path / "in"
    _letters(folder, 5)
    inserts = {"n": 0}

    def count(_conn, _cursor, statement: str, *_args: object) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("INSERT INTO EVIDENCE"):
            inserts["n"] += 1
            if inserts["n"] == 3:
                goes_away.armed = True

    event.listen(Engine, "before_cursor_execute", count)
    try:
        code = cli.main(["import", str(case_dir), str(folder)])
    finally:
        event.remove(Engine, "before_cursor_execute", count)
        goes_away.armed = False
    out, err = capsys.readouterr()
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 5  # every file has its line
    assert "This probably means" not in out + err and "Traceback" not in err
    failed = [ln for ln in lines if ": failed: " in ln]
    assert failed and all(GONE[backend] in ln for ln in failed)
    assert "still to run: transcribing clips, finding suggestions, anchoring citations" in err


def test_cli_import_writes_a_log_without_document_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    logs = tmp_path / "logs"
    monkeypatch.setenv("CASEFILE_LOG_DIR", str(logs))
    create_case(tmp_path / "Case", "Okafor v. Halvorsen").close()
    secret = "Quillfeather-7 never signed the settlement"
    letter = tmp_path / "in" / "settlement.txt"
    letter.parent.mkdir()
    letter.write_text(f"Dear Ms Okafor,\n{secret}.\n", encoding="utf-8")
    assert cli.main(["import", "--quick", str(tmp_path / "Case.casefile"), str(letter)]) == 0
    text = (logs / "casefile.log").read_text(encoding="utf-8")
    assert "import: 1 paths" in text and "import: pass 1 done: 1 imported" in text
    assert "casefile import: exit 0" in text
    assert secret not in text and "Quillfeather" not in text


def test_a_mistyped_url_never_echoes_its_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    logs = tmp_path / "logs"
    monkeypatch.setenv("CASEFILE_LOG_DIR", str(logs))
    code = cli.main(["new", str(tmp_path / "Team"), "--title", "T", "--database",
                     "postgresql://anna:Hunter2@db.example:5432:x/cases"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "is not a database URL" in err and "anna:***@" in err
    assert "Hunter2" not in out + err
    assert "Hunter2" not in (logs / "casefile.log").read_text(encoding="utf-8")
