"""The import report after a 200-file import opens without measuring every row: rows come a page at a time as
the user scrolls (real key presses), column widths from what each column can hold."""

from __future__ import annotations

from PySide6.QtCore import Qt

from casefile.domain.enums import ImportStatus
from casefile.domain.records import ImportOutcome, ImportReport
from casefile.gui.importing import report as report_module
from casefile.gui.importing.report import PAGE_ROWS, ImportReportDialog, OutcomeModel

N = 200


def _report() -> ImportReport:
    outcomes = []
    for i in range(N):
        if i % 10 == 3:
            outcomes.append(ImportOutcome(f"/home/ana/okafor/inbox/reply-{i:03}.eml", ImportStatus.FAILED,
                                          "The file is empty (0 bytes)."))
        elif i % 10 == 7:
            outcomes.append(ImportOutcome(f"/home/ana/okafor/press/statement-{i:03}.txt", ImportStatus.DUPLICATE,
                                          "Already in the case as Ex. 4", exhibit=4))
        else:
            outcomes.append(ImportOutcome(f"/home/ana/okafor/press/halvorsen-media-article-{i:03}.txt",
                                          ImportStatus.IMPORTED, evidence_id=1000 + i, exhibit=1000 + i,
                                          suggestions=i % 5))
    return ImportReport(tuple(outcomes))


def test_report_reads_only_a_page_of_rows_to_open_and_the_rest_as_it_scrolls(qtbot, monkeypatch):
    rows_read: set[int] = set()
    real_data = OutcomeModel.data

    def spy(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN202 - wraps the real method
        if index.isValid():
            rows_read.add(index.row())
        return real_data(self, index, role)

    monkeypatch.setattr(OutcomeModel, "data", spy)
    dialog = ImportReportDialog(_report())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table, model = dialog.table, dialog.model
    assert model.rowCount() == PAGE_ROWS < N
    assert rows_read and max(rows_read) < PAGE_ROWS  # ResizeToContents had read all 200 rows

    # the narrow columns fit what they can hold: every result word, the widest exhibit number
    metrics, header = table.fontMetrics(), table.horizontalHeader()
    assert header.sectionSize(OutcomeModel.RESULT) > metrics.horizontalAdvance("Duplicate") + 16
    assert header.sectionSize(OutcomeModel.EXHIBIT) >= metrics.horizontalAdvance(f"Ex. {1000 + N - 1}")
    assert 0 < header.sectionSize(OutcomeModel.FILE) <= report_module.FILE_WIDTH_MAX

    # the user scrolls to the end with the keyboard: the rest arrives, failures first as before
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    for _ in range(40):
        qtbot.keyClick(table, Qt.Key.Key_PageDown)
        if model.rowCount() == N:
            break
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: model.rowCount() == N)
    assert model.index(0, OutcomeModel.RESULT).data() == "Failed"
    assert model.index(N - 1, OutcomeModel.RESULT).data() == "Imported"
    assert sorted({model.index(r, OutcomeModel.RESULT).data() for r in range(N)}) == [
        "Duplicate", "Failed", "Imported"]


def test_suggestion_counts_reach_rows_shown_later(qtbot):
    outcomes = tuple(ImportOutcome(f"/tmp/a-{i:03}.txt", ImportStatus.IMPORTED, evidence_id=i, exhibit=i)
                     for i in range(1, N + 1))
    model = OutcomeModel(outcomes)
    model.set_suggestions({i: i * 2 for i in range(1, N + 1)})
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == N
    assert [model.index(r, OutcomeModel.SUGGESTIONS).data() for r in (0, N - 1)] == ["2", str(2 * N)]
