"""Real drop events on the window import files, links and text in the background and report the outcome."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent
from PySide6.QtWidgets import QApplication

from casefile.context import open_case
from casefile.domain.enums import ImportStatus
from casefile.gui.importing.drop import payload_from_mime
from tests.gui_helpers import drop


def test_dropping_files_imports_them_and_reports(window, qtbot, article_file, tmp_path):
    empty = tmp_path / "blank.txt"
    empty.write_bytes(b"")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article_file)), QUrl.fromLocalFile(str(empty))])
    with qtbot.waitSignal(window.import_controller.finished, timeout=30000) as blocker:
        event = drop(window, mime)
        assert event.isAccepted() and event.dropAction() == Qt.DropAction.CopyAction
    report = blocker.args[0]
    assert report.imported == 1 and report.failed == 1
    failed = next(o for o in report.outcomes if o.status is ImportStatus.FAILED)
    assert "empty" in failed.reason
    # the report lists each file with its result
    dialog = window.report_dialog
    assert dialog is not None and dialog.isVisible()
    rows = {dialog.model.index(r, 0).data(): dialog.model.index(r, 1).data() for r in range(dialog.model.rowCount())}
    assert rows == {"okafor-sues-halvorsen.txt": "Imported", "blank.txt": "Failed"}
    # the case holds the original, and the window shows it
    stored = window.gctx.case.evidence.list()
    assert [e.filename for e in stored] == ["okafor-sues-halvorsen.txt"]
    assert window.gctx.case.evidence.original_path(stored[0].id).read_bytes() == article_file.read_bytes()
    qtbot.waitUntil(lambda: "1 exhibit" in window.counts_label.text())
    evidence_tab = window.tabs[2]
    qtbot.waitUntil(lambda: evidence_tab.proxy.rowCount() == 1)  # the Evidence tab lists the new exhibit


def test_dropping_the_same_file_twice_reports_a_duplicate(window, qtbot, article_file):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article_file))])
    with qtbot.waitSignal(window.import_controller.finished, timeout=30000):
        drop(window, mime)
    with qtbot.waitSignal(window.import_controller.finished, timeout=30000) as blocker:
        drop(window, mime)
    assert blocker.args[0].duplicates == 1
    assert window.gctx.case.evidence.count() == 1


def test_dropping_a_web_link_stores_a_link_exhibit(window, qtbot):
    mime = QMimeData()
    mime.setUrls([QUrl("https://news.example.org/okafor-ruling")])
    mime.setText("Judge orders Halvorsen to hand over audio")
    window.gctx.case.captures.set_consent(False)  # this case keeps links as links (asked in test_gui_capture)
    with qtbot.waitSignal(window.import_controller.finished, timeout=30000) as blocker:
        drop(window, mime)
    assert blocker.args[0].imported == 1
    (ev,) = window.gctx.case.evidence.list()
    assert ev.kind.value == "link"
    assert ev.url == "https://news.example.org/okafor-ruling"


def test_dropping_plain_text_on_the_status_bar_imports_it(window, qtbot):
    mime = QMimeData()
    mime.setText("Halvorsen Media Group issued a statement on April 2, 2024 denying the claims.")
    with qtbot.waitSignal(window.import_controller.finished, timeout=30000) as blocker:
        drop(window, mime, target=window.statusBar())
    assert blocker.args[0].imported == 1
    (ev,) = window.gctx.case.evidence.list()
    assert "denying the claims" in window.gctx.case.evidence.text(ev.id)


def test_drop_without_anything_usable_is_ignored(window):
    mime = QMimeData()
    mime.setData("application/x-qt-image", b"\x00")
    target = window.tab_widget.currentWidget()
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    QApplication.sendEvent(target, enter)
    assert not enter.isAccepted()


def test_cancel_stops_a_folder_import(window, qtbot, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"note-{i:02}.txt").write_text(f"date 2024-01-{i % 28 + 1:02} Item {i}\n\nText {i} " * 50)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    with qtbot.waitSignal(window.import_controller.finished, timeout=60000) as blocker:
        drop(window, mime)
        qtbot.waitUntil(lambda: window.import_panel.isVisible(), timeout=5000)
        window.import_panel.cancel_button.click()
    report = blocker.args[0]
    assert report.cancelled
    assert window.gctx.case.evidence.count() < 40
    assert not window.import_panel.isVisible()


def test_payload_sorting_reads_nothing(tmp_path: Path):
    mime = QMimeData()
    mime.setText("https://example.org/a\nhttps://example.org/b")
    p = payload_from_mime(mime)
    assert p.urls == [("https://example.org/a", ""), ("https://example.org/b", "")] and not p.text
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "does-not-exist.txt"))])
    assert payload_from_mime(mime).paths == [tmp_path / "does-not-exist.txt"]


def test_paste_as_evidence_imports_the_clipboard_link(window, qtbot):
    QApplication.clipboard().setText("https://example.org/halvorsen-statement")
    window.gctx.case.captures.set_consent(False)  # this case keeps links as links (asked in test_gui_capture)
    with qtbot.waitSignal(window.import_controller.finished, timeout=30000):
        qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [e.kind.value for e in window.gctx.case.evidence.list()] == ["link"]


def test_the_case_stays_consistent_after_reopening(window, qtbot, article_file):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article_file))])
    with qtbot.waitSignal(window.import_controller.finished, timeout=30000):
        drop(window, mime)
    path = window.gctx.case.path
    window.close_case()
    with open_case(path, read_only=True) as c:
        assert c.evidence.count() == 1
