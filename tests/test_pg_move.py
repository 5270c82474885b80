"""The table copier and `move-to-server`: a case moves whole, or not at all."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert, inspect, null, select, text

from casefile.context import create_case, open_case
from casefile.db.copy import (
    CopyCancelled,
    CopyError,
    consistent_reader,
    copy_tables,
    create_schema,
    table_checksums,
)
from casefile.db.engine import make_engine
from casefile.db.models import AuditLog, Evidence
from casefile.domain.enums import PartyKind, PartyRole
from casefile.domain.records import PartyDraft
from casefile.services.move_to_server import MoveCancelled, MoveError, move_to_server
from tests import fixture_files as ff
from tests.backends import throwaway_database
from tests.report_case import build_dispute


@pytest.fixture
def dispute(tmp_path: Path):  # noqa: ANN201
    """A case with every kind of row: exhibits with thumbnails, events, parties, aliases, notes, audit log."""
    case = create_case(tmp_path / "Okafor", "Okafor v. Halvorsen Media Group")
    build_dispute(case, tmp_path / "files")
    with case.ctx.writes() as s, s.begin():  # a SQL NULL beside the JSON nulls the ORM writes
        s.execute(insert(AuditLog).values(action="note", entity_type="case", summary="raw", before=null(),
                                          after={"k": [1, 2.5, "ü"]}))
    yield case
    case.close()


def _sqlite_target(path: Path):  # noqa: ANN202
    return make_engine(path, create=True)


def _raw_rows(db: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2').fetchall()
    finally:
        conn.close()


def test_copy_sqlite_to_sqlite_is_exact(dispute, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    engine = _sqlite_target(target)
    with consistent_reader(dispute.ctx.engine) as src, engine.begin() as dst:
        create_schema(dst)
        report = copy_tables(src, dst)
    with consistent_reader(dispute.ctx.engine) as src, engine.connect() as dst:
        assert table_checksums(src) == table_checksums(dst)
    engine.dispose()
    counts = report.by_name()
    assert counts["evidence"].rows == 4 and counts["thumbnail"].rows == 2 and counts["note"].rows > 0
    # byte for byte in SQLite: ids, exhibit numbers, JSON text (a SQL NULL stays NULL, JSON null stays 'null')
    source = dispute.path / "case.db"
    for table in ("evidence", "event", "party", "party_alias", "note", "event_source", "thumbnail", "case_meta"):
        assert _raw_rows(target, table) == _raw_rows(source, table), table
    nulls = sqlite3.connect(target).execute(
        "SELECT sum(before IS NULL), sum(before = 'null') FROM audit_log").fetchone()
    assert nulls[0] == 1 and nulls[1] > 0


def test_copied_case_opens_and_searches(dispute, tmp_path: Path) -> None:
    folder = tmp_path / "Copy.casefile"
    (folder / "evidence").mkdir(parents=True)
    engine = _sqlite_target(folder / "case.db")
    with consistent_reader(dispute.ctx.engine) as src, engine.begin() as dst:
        create_schema(dst)
        copy_tables(src, dst)
    engine.dispose()
    with open_case(folder) as copy:
        hits = copy.search.search("Łukasiewicz")
        assert {h.title for h in hits} == {h.title for h in dispute.search.search("Łukasiewicz")}
        assert hits
        before = max(p.id for p in copy.parties.list())
        assert copy.parties.create(PartyDraft("Ines Carvalho", PartyKind.PERSON, PartyRole.WITNESS)) > before


def test_child_before_its_parent_in_id_order(case, tmp_path: Path) -> None:
    with case.ctx.writes() as s, s.begin():
        s.add(Evidence(id=1, exhibit=2, filename="quoted-post", relation="embedded"))
        s.add(Evidence(id=2, exhibit=1, filename="article.html", sha256="a" * 64))
        s.flush()
        s.execute(text("UPDATE evidence SET parent_id = 2 WHERE id = 1"))
    engine = _sqlite_target(tmp_path / "copy.db")
    with consistent_reader(case.ctx.engine) as src, engine.begin() as dst:
        create_schema(dst)
        copy_tables(src, dst)
    with engine.connect() as conn:
        assert conn.execute(select(Evidence.id, Evidence.parent_id).order_by(Evidence.id)).all() == [(1, 2), (2, None)]
    engine.dispose()


def _copy(case, engine, prepare=None, **kw) -> None:  # noqa: ANN001
    """Migrate and copy in one target transaction, as a move does."""
    with consistent_reader(case.ctx.engine) as src, engine.begin() as dst:
        create_schema(dst)
        if prepare is not None:
            prepare(dst)
        copy_tables(src, dst, **kw)


def _tables(engine) -> list[str]:  # noqa: ANN001
    with engine.connect() as conn:
        return inspect(conn).get_table_names()


def test_cancel_leaves_the_target_without_a_table(dispute, tmp_path: Path) -> None:
    engine = _sqlite_target(tmp_path / "copy.db")
    seen: list[str] = []

    def progress(done: int, total: int, table: str) -> None:
        seen.append(table)

    with pytest.raises(CopyCancelled):
        _copy(dispute, engine, batch=2, progress=progress, cancelled=lambda: "evidence" in seen)
    assert "evidence" in seen and _tables(engine) == []
    engine.dispose()


def test_a_copy_that_differs_is_refused(dispute, tmp_path: Path) -> None:
    engine = _sqlite_target(tmp_path / "copy.db")

    def spoil(dst) -> None:  # noqa: ANN001
        # a target that quietly changes what it is given (as a faulty driver or a foreign trigger might)
        dst.exec_driver_sql("CREATE TRIGGER spoil AFTER INSERT ON event_source BEGIN "
                            "UPDATE event_source SET quote = quote || ' ' WHERE id = NEW.id; END")

    with pytest.raises(CopyError, match="event_source"):
        _copy(dispute, engine, spoil)
    assert _tables(engine) == []
    engine.dispose()


def test_a_target_holding_rows_is_refused(dispute, tmp_path: Path) -> None:
    engine = _sqlite_target(tmp_path / "copy.db")

    def occupy(dst) -> None:  # noqa: ANN001
        dst.execute(insert(AuditLog).values(action="x", entity_type="case", summary="already here"))

    with pytest.raises(CopyError, match="not empty"):
        _copy(dispute, engine, occupy)
    engine.dispose()


# moving a case to a server (PostgreSQL from CASEFILE_TEST_PG) ------------------------------------------------


def _move(folder: Path, url: str, **kw):  # noqa: ANN003, ANN202
    """As the CLI moves a case: open it for writing (its lock), move, close."""
    with open_case(folder) as case:
        return move_to_server(case, url, **kw)


@pytest.fixture
def empty_db() -> Iterator[str]:
    with throwaway_database() as url:
        yield url


def _folder_state(folder: Path) -> dict[str, str]:
    """Every file of a case folder with the SHA-256 of its bytes; aside: the lock file (it holds a pid) and
    SQLite's shared-memory index and an empty WAL (a reader leaves them, the next writer tidies them away)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        transient = p.name == "case.db-shm" or (p.name == "case.db-wal" and p.stat().st_size == 0)
        if p.is_file() and p.name != "case.lock" and not transient:
            out[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _relations(url: str) -> list[str]:
    engine = make_server_engine_for(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public'")).scalars())
    finally:
        engine.dispose()


@pytest.fixture
def closed_dispute(dispute) -> Path:  # noqa: ANN001
    with consistent_reader(dispute.ctx.engine) as src:
        dispute.checksums = table_checksums(src)
    dispute.close()
    return dispute


def test_move_is_lossless(closed_dispute, empty_db: str) -> None:  # noqa: ANN001
    folder = closed_dispute.path
    stages: list[str] = []
    result = _move(folder, empty_db, progress=lambda p: stages.append(p.stage))
    assert stages[0] == "originals" and "copy" in stages and stages[-1] == "check"
    assert result.originals == 4 and result.report.by_name()["event"].rows == 5
    assert not (folder / "case.db").exists() and result.kept.parent == folder
    assert result.kept.name.startswith("case.db.moved-")
    assert (folder / "casefile-server.json").is_file()
    assert "password" not in (folder / "casefile-server.json").read_text().lower()
    with open_case(folder) as moved:
        assert moved.ctx.backend == "postgresql"
        with consistent_reader(moved.ctx.engine) as src:
            sums = table_checksums(src)
        logged = moved.export.audit_log()
        assert logged[-1]["action"] == "move" and logged[-1]["after"]["rows"] == result.report.rows
        assert logged[-1]["after"]["tables"]["event"]["sha256"] == closed_dispute.checksums["event"][1]
        assert sums.pop("audit_log")[0] == closed_dispute.checksums.pop("audit_log")[0] + 1
        assert sums == closed_dispute.checksums  # every other table exactly as in the SQLite case
        assert {h.title for h in moved.search.search("Łukasiewicz")}
        before = max(p.id for p in moved.parties.list())
        assert moved.parties.create(PartyDraft("Ines Carvalho", PartyKind.PERSON, PartyRole.WITNESS)) == before + 1
        assert moved.evidence.verify() == []
    # the SQLite case is kept whole beside the originals, under a name that no longer opens as the case
    kept = sqlite3.connect(result.kept)
    assert kept.execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert kept.execute("SELECT count(*) FROM event").fetchone() == (5,)
    kept.close()


def test_a_database_that_holds_anything_is_refused(closed_dispute, empty_db: str) -> None:  # noqa: ANN001
    from casefile.db.engine import make_server_engine
    from casefile.db.server import parse_database_url

    engine = make_server_engine(parse_database_url(empty_db))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE payroll (id integer)"))
    engine.dispose()
    before = _folder_state(closed_dispute.path)
    with pytest.raises(MoveError, match="public.payroll"):
        _move(closed_dispute.path, empty_db)
    assert _folder_state(closed_dispute.path) == before
    assert _relations(empty_db) == ["payroll"]


def test_an_altered_original_stops_the_move_and_is_named(closed_dispute, empty_db: str) -> None:  # noqa: ANN001
    with open_case(closed_dispute.path, read_only=True) as c:
        photo = c.evidence.by_exhibit(4)
        stored = c.ctx.store.path_for(photo.sha256)
    os.chmod(stored, stat.S_IRUSR | stat.S_IWUSR)
    stored.write_bytes(stored.read_bytes()[:-1] + b"X")
    before = _folder_state(closed_dispute.path)
    with pytest.raises(MoveError, match=r"Ex\. 4 \(set-photo\.png\): the stored original no longer"):
        _move(closed_dispute.path, empty_db)
    assert _folder_state(closed_dispute.path) == before
    assert _relations(empty_db) == []


def test_cancel_halfway_leaves_both_sides_as_they_were(closed_dispute, empty_db: str) -> None:  # noqa: ANN001
    before = _folder_state(closed_dispute.path)
    copied: list[str] = []

    def progress(p) -> None:  # noqa: ANN001
        if p.stage == "copy":
            copied.append(p.current)

    with pytest.raises(MoveCancelled):
        _move(closed_dispute.path, empty_db, progress=progress, cancelled=lambda: "event" in copied)
    assert "evidence" in copied
    assert _folder_state(closed_dispute.path) == before
    assert _relations(empty_db) == []
    with open_case(closed_dispute.path) as again:  # still the SQLite case, whole
        assert again.ctx.backend == "sqlite" and len(again.events.rows(None, 0, 50)) == 5


def test_a_failure_after_the_commit_is_undone(closed_dispute, empty_db: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """The folder cannot be switched (here: the disk fills as case.db is renamed): the server is emptied again."""
    before = _folder_state(closed_dispute.path)
    real_replace = os.replace

    def full_disk(src, dst) -> None:  # noqa: ANN001
        if Path(dst).name.startswith("case.db.moved-"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr("casefile.services.move_to_server.os.replace", full_disk)
    with pytest.raises(OSError):
        _move(closed_dispute.path, empty_db)
    assert _folder_state(closed_dispute.path) == before
    assert _relations(empty_db) == []


def test_cli_move_and_refusals(closed_dispute, empty_db: str, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    from casefile import cli

    code = cli.main(["move-to-server", str(closed_dispute.path), "--database", empty_db.replace("://", "://u:pw@")])
    _out, err = capsys.readouterr()
    assert code == 2 and "Leave the password out" in err
    code = cli.main(["move-to-server", str(closed_dispute.path), "--database", empty_db])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "4 originals re-hashed" in out and "case.db.moved-" in out
    code = cli.main(["move-to-server", str(closed_dispute.path), "--database", empty_db])
    _out, err = capsys.readouterr()
    assert code == 2 and "already a case on a server" in err


# the app: File ▸ Move to server… ------------------------------------------------------------------------------


def _run_move_dialog(qtbot, window, url: str, finish) -> None:  # noqa: ANN001
    """Open the dialog from the File menu's action, type `url`, press Move, then `finish(dialog)`."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from casefile.gui.team.move_dialog import MoveDialog

    def interact() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, MoveDialog)
        qtbot.keyClicks(dialog.url, url)
        qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
        finish(dialog)

    QTimer.singleShot(0, interact)
    window.actions_by_name["move_to_server"].trigger()


def test_gui_move_refused_keeps_the_case_open_as_it_was(qtbot, window) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt

    path = window.gctx.case.path
    said: list[str] = []

    def finish(dialog) -> None:  # noqa: ANN001
        said.append(dialog.status.text())
        assert window.gctx is not None  # said before the case was closed
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    _run_move_dialog(qtbot, window, "mysql://newsdesk@db.example.org/okafor", finish)
    assert said and "Only PostgreSQL servers hold team cases" in said[0]
    assert window.gctx is not None and window.gctx.case.path == path
    assert window.gctx.case.ctx.backend == "sqlite" and (path / "case.db").is_file()


def test_gui_move_to_server(qtbot, window, empty_db: str) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt

    path = window.gctx.case.path
    said: list[str] = []

    def finish(dialog) -> None:  # noqa: ANN001
        qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=60000)
        said.append(dialog.status.text())
        assert dialog.cancel_button.text() == "&Close" and not dialog.move_button.isVisible()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    _run_move_dialog(qtbot, window, empty_db, finish)
    assert said and "originals re-hashed" in said[0] and "case.db.moved-" in said[0]
    assert window.gctx is not None and window.gctx.case.ctx.backend == "postgresql"
    assert not (path / "case.db").exists()


@pytest.mark.parametrize("sig", ["SIGINT", "SIGKILL"])
def test_interrupted_move_leaves_both_sides_as_they_were(tmp_path: Path, empty_db: str, sig: str) -> None:
    """A real `casefile move-to-server` stopped by Ctrl+C, or killed, while its copy transaction is open."""
    import signal
    import subprocess
    import sys
    import time

    from benchmarks.synthetic import build_case
    from casefile.db.server import parse_database_url

    folder = build_case(tmp_path / "Big", 3000).path
    db = sqlite3.connect(folder / "case.db")  # the generated exhibits have no files: make them embedded items
    with db:
        db.execute("UPDATE evidence SET sha256 = NULL")
    db.close()
    with open_case(folder) as big:  # and two real originals to re-hash
        big.imports.extractor = None
        ff.make_png(tmp_path / "set-photo.png")
        ff.make_pdf(tmp_path / "complaint.pdf")
        big.imports.import_paths([tmp_path / "set-photo.png", tmp_path / "complaint.pdf"])
    before = _folder_state(folder)
    proc = subprocess.Popen([sys.executable, "-m", "casefile", "move-to-server", str(folder), "--database", empty_db],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    name = parse_database_url(empty_db).database
    watcher = make_server_engine_for(empty_db)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            with watcher.connect() as conn:  # the mover's transaction has written rows it has not committed
                busy = conn.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = :d AND application_name = 'casefile' "
                    "AND backend_xid IS NOT NULL"), {"d": name}).scalar()
            if busy:
                break
            time.sleep(0.02)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(getattr(signal, sig))
        _out, err = proc.communicate(timeout=60)
    finally:
        watcher.dispose()
        if proc.poll() is None:
            proc.kill()
    if sig == "SIGINT":
        assert proc.returncode == 130 and "nothing was moved" in err
    else:
        assert proc.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 30  # the server notices the killed client's connection and rolls back
    while _relations(empty_db) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _relations(empty_db) == []
    assert _folder_state(folder) == before
    result = _move(folder, empty_db)  # the lock died with the process: the move can be run again
    assert result.report.by_name()["event"].rows == 3000


def make_server_engine_for(url: str):  # noqa: ANN201
    from casefile.db.engine import make_server_engine
    from casefile.db.server import parse_database_url

    return make_server_engine(parse_database_url(url))


def test_a_move_killed_after_its_commit_is_finished_by_the_next(closed_dispute, empty_db: str) -> None:  # noqa: ANN001
    """The copy was committed and the settings file written, then the process died before case.db was renamed:
    the case still opens as the SQLite case; moving it again finds the identical copy and only switches."""
    from casefile.db.server import ServerSettings, write_settings
    from casefile.services import move_to_server as mover

    folder = closed_dispute.path
    with open_case(folder) as c:
        target = make_server_engine_for(empty_db)
        mover._copy(c.ctx.engine, target, None, lambda: False)
        target.dispose()
    write_settings(folder, ServerSettings(empty_db, "Okafor v. Halvorsen Media Group"))
    with open_case(folder) as still:
        assert still.ctx.backend == "sqlite"
    result = _move(folder, empty_db)
    assert result.report.by_name()["event"].rows == 5 and not (folder / "case.db").exists()
    with open_case(folder) as moved, consistent_reader(moved.ctx.engine) as src:
        sums = table_checksums(src)
        del sums["audit_log"], closed_dispute.checksums["audit_log"]  # + the move's own entry
        assert moved.ctx.backend == "postgresql" and sums == closed_dispute.checksums


def test_a_different_case_in_the_database_is_refused(closed_dispute, empty_db: str, tmp_path: Path) -> None:  # noqa: ANN001
    other = create_case(tmp_path / "Other", "Another matter")
    other.close()
    _move(other.path, empty_db)
    before = _folder_state(closed_dispute.path)
    with pytest.raises(MoveError, match="already holds a CaseFile case that is not an exact copy"):
        _move(closed_dispute.path, empty_db)
    assert _folder_state(closed_dispute.path) == before


def test_nul_characters_are_replaced_one_for_one_and_said(case, empty_db: str) -> None:  # noqa: ANN001
    """PostgreSQL text cannot hold NUL (SQLite can: some PDFs' text has them); the move says what it replaced."""
    with case.ctx.writes() as s, s.begin():
        s.add(Evidence(exhibit=1, filename="scan.pdf", text="Page 1\x00Page 2", meta={"producer": "X\x00Y"}))
    folder = case.path
    case.close()
    result = _move(folder, empty_db)
    assert result.report.nul_replaced == 2
    assert any("NUL characters" in line for line in result.lines())
    with open_case(folder) as moved:
        ev = moved.evidence.by_exhibit(1)
        assert moved.evidence.text(ev.id) == "Page 1\ufffdPage 2" and len(moved.evidence.text(ev.id)) == 13
        assert ev.metadata == {"producer": "X\ufffdY"}
