"""The table copier and `move-to-server`: a case moves whole, or not at all."""

from __future__ import annotations

import sqlite3
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
