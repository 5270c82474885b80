"""The window's integrity actions: verify with a report, the audit log table, archive export and import."""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from casefile.context import Case, open_case
from casefile.domain.enums import VerifyState
from casefile.domain.records import PartyDraft
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.dialogs import integrity as actions
from casefile.gui.dialogs.audit import AuditDialog, AuditModel
from casefile.gui.worker import SyncRunner


@pytest.fixture
def gctx(case: Case, qtbot) -> GuiContext:  # noqa: ANN001
    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


@pytest.fixture
def window(qtbot) -> QWidget:  # noqa: ANN001
    w = QWidget()
    qtbot.addWidget(w)
    return w


def _import_three(case: Case, tmp_path: Path) -> list[int]:
    ids = []
    for i in range(3):
        p = tmp_path / f"exhibit {i}.txt"
        p.write_text(f"statement number {i}", encoding="utf-8")
        outcome = case.imports.import_file(p)
        assert outcome.evidence_id is not None
        ids.append(outcome.evidence_id)
    return ids


def test_verify_originals_reports_each_problem_and_saves_states(gctx: GuiContext, window: QWidget, qtbot,  # noqa: ANN001
                                                                 tmp_path: Path) -> None:
    case = gctx.case
    ids = _import_three(case, tmp_path)
    stored = case.evidence.original_path(ids[0])
    assert stored is not None
    os.chmod(stored, stat.S_IRUSR | stat.S_IWUSR)
    stored.write_bytes(b"statement number X")
    changed: list[str] = []
    gctx.bus.changed.connect(changed.append)
    with qtbot.waitSignal(gctx.bus.message) as msg:
        actions.verify_originals(window, gctx)
    assert "1 altered, 0 missing" in msg.args[0]
    report = window.findChild(actions.VerifyReportDialog)
    assert report is not None and "1 of 3 originals" in report.summary.text()
    model = report.table.model()
    assert model.rowCount() == 1 and model.index(0, 0).data() == "Ex. 1"
    assert model.index(0, 2).data() == "Altered"
    assert "evidence" in changed  # the Evidence tab reloads and shows each item's state
    assert [case.evidence.get(i).verify_state for i in ids] == [VerifyState.ALTERED, VerifyState.OK, VerifyState.OK]


def test_verify_all_good(gctx: GuiContext, window: QWidget, tmp_path: Path) -> None:
    _import_three(gctx.case, tmp_path)
    actions.verify_originals(window, gctx)
    report = window.findChild(actions.VerifyReportDialog)
    assert report is not None and "All 3 originals match" in report.summary.text()


def test_audit_log_dialog_filters_and_exports(gctx: GuiContext, window: QWidget, qtbot,  # noqa: ANN001
                                              tmp_path: Path) -> None:
    case = gctx.case
    _import_three(case, tmp_path)
    pid = case.parties.create(PartyDraft(name="Ingrid Sæther"))
    case.parties.update(pid, PartyDraft(name="Ingrid Sæther", description="general counsel"))
    dialog = actions.show_audit_log(window, gctx)
    assert isinstance(dialog, AuditDialog)
    assert dialog.proxy.rowCount() == 5
    # newest first: the edit, with its before and after
    top = dialog.proxy.index(0, AuditModel.COL_SUMMARY)
    assert "Edited party" in top.data()
    assert '"description": "general counsel"' in dialog.proxy.index(0, AuditModel.COL_AFTER).data()
    assert '"description": ""' in dialog.proxy.index(0, AuditModel.COL_BEFORE).data()
    qtbot.keyClicks(dialog.search, "exhibit 1")
    assert dialog.proxy.rowCount() == 1 and "1 of 5" in dialog.count_label.text()
    dialog.search.clear()
    dialog.action_box.setCurrentText("import")
    assert dialog.proxy.rowCount() == 3
    out = dialog.export("csv", tmp_path / "audit.csv")
    assert out is not None
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 3 and all(r["action"] == "import" for r in rows)
    assert json.loads(rows[0]["after"])["sha256"]
    dialog.action_box.setCurrentText("All")
    data = json.loads(dialog.export("json", tmp_path / "audit.json").read_text(encoding="utf-8"))  # type: ignore[union-attr]
    assert len(data) == 5 and {d["action"] for d in data} == {"import", "create", "update"}
    dialog.view.sortByColumn(AuditModel.COL_ACTION, Qt.SortOrder.AscendingOrder)
    assert dialog.proxy.index(0, AuditModel.COL_ACTION).data() == "create"


def test_audit_model_fetches_lazily(gctx: GuiContext, window: QWidget) -> None:
    from casefile.domain.records import AuditEntry
    from casefile.gui.dialogs import audit as audit_dialog

    entries = [AuditEntry(i, __import__("datetime").datetime(2025, 1, 1), "edit", "event", i, f"e{i}")
               for i in range(1, audit_dialog.BATCH * 2 + 11)]
    model = AuditModel(entries)
    assert model.rowCount() == audit_dialog.BATCH
    from PySide6.QtCore import QModelIndex

    assert model.canFetchMore(QModelIndex())
    model.fetch_all()
    assert model.rowCount() == len(entries) and model.index(0, AuditModel.COL_SUMMARY).data() == f"e{len(entries)}"


def test_export_and_import_archive(gctx: GuiContext, window: QWidget, qtbot, tmp_path: Path,  # noqa: ANN001
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    case = gctx.case
    _import_three(case, tmp_path)
    target = tmp_path / "out" / "Okafor"
    target.parent.mkdir()
    monkeypatch.setattr(actions, "ask_save_archive", lambda parent, suggested: target)
    with qtbot.waitSignal(gctx.bus.message) as msg:
        actions.export_archive(window, gctx)
    archive = target.with_name("Okafor.casezip")
    assert archive.is_file() and "Archived 3 originals" in msg.args[0]
    monkeypatch.setattr(actions, "ask_open_archive", lambda parent: archive)
    monkeypatch.setattr(actions, "ask_new_case_folder", lambda parent, suggested: tmp_path / "Copy")
    path = actions.import_archive(window)
    assert path == tmp_path / "Copy.casefile"
    with open_case(path, read_only=True) as copy:
        assert copy.export.to_json() == case.export.to_json()


def test_import_archive_refusal_is_shown_not_raised(window: QWidget, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.casezip"
    bad.write_bytes(b"not a zip at all")
    shown: list[str] = []
    monkeypatch.setattr(actions, "ask_open_archive", lambda parent: bad)
    monkeypatch.setattr(actions, "ask_new_case_folder", lambda parent, suggested: tmp_path / "X")
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    assert actions.import_archive(window) is None
    assert shown and "not a CaseFile archive" in shown[0]
    assert not (tmp_path / "X.casefile").exists()
