"""Capturing from the window: a dropped link asks once per case, is captured in the import panel, and the preview
shows the stored page without going online; Open live page is the only way out, and only when clicked."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QMimeData, QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox

from casefile.domain.enums import EvidenceKind
from casefile.gui.bus import CaseBus
from casefile.gui.capture.consent import CAPTURE_TEXT, LINK_ONLY_TEXT
from casefile.gui.context import GuiContext
from casefile.gui.evidence.tab import EvidenceTab
from casefile.gui.worker import SyncRunner
from tests.capture_site import Site, serve
from tests.gui_helpers import drop

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEFILE_TEST_LOOPBACK_ONLY", "1")


class Asked:
    """Answers the consent question with a real click on `answer`, and remembers what it said."""

    def __init__(self, qtbot, answer: str) -> None:  # noqa: ANN001
        self.qtbot, self.answer, self.texts = qtbot, answer, []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            self.texts.append(box.text())
            button = next(b for b in box.buttons() if b.text() == self.answer)
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def stop(self) -> None:
        self.timer.stop()


def _link(url: str) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl(url)])
    return mime


def test_a_dropped_link_asks_once_then_is_captured_in_the_import_panel(window, qtbot) -> None:  # noqa: ANN001
    site = Site()
    asked = Asked(qtbot, CAPTURE_TEXT)
    with serve(site) as base:
        with qtbot.waitSignal(window.import_controller.finished, timeout=60000) as blocker:
            drop(window, _link(f"{base}/old-address"))
        assert len(asked.texts) == 1 and "127.0.0.1" in asked.texts[0] and "WARC" in asked.texts[0]
        report = blocker.args[0]
        assert report.imported == 1, report.outcomes
        case = window.gctx.case
        assert case.captures.consent() is True
        (page,) = [r for r in case.evidence.list() if r.kind is EvidenceKind.WEB_PAGE]
        assert page.url == f"{base}/news/harbour-board-sued"
        # the answer is remembered for this case: the next link is captured without asking
        with qtbot.waitSignal(window.import_controller.finished, timeout=60000) as blocker:
            drop(window, _link(f"{base}/cookies"))
        assert blocker.args[0].imported == 1
        assert len(asked.texts) == 1
    asked.stop()
    assert window.actions_by_name["capture"].shortcut() == QKeySequence("Ctrl+L")


def test_keep_as_link_only_fetches_nothing(window, qtbot) -> None:  # noqa: ANN001
    site = Site()
    asked = Asked(qtbot, LINK_ONLY_TEXT)
    with serve(site) as base, qtbot.waitSignal(window.import_controller.finished, timeout=30000) as blocker:
        drop(window, _link(f"{base}/news/harbour-board-sued"))
    asked.stop()
    assert blocker.args[0].imported == 1
    (ev,) = window.gctx.case.evidence.list()
    assert ev.kind is EvidenceKind.LINK
    assert site.hits == []
    assert window.gctx.case.captures.consent() is False


class Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_preview_shows_the_stored_page_and_goes_online_only_when_asked(case, qapp, qtbot) -> None:  # noqa: ANN001
    site = Site()
    with serve(site) as base:
        outcome = case.captures.capture_one(f"{base}/news/harbour-board-sued")
        assert outcome.kind is EvidenceKind.WEB_PAGE
        requests_after_capture = len(site.hits)
        gctx = GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())
        tab = EvidenceTab(gctx)
        qtbot.addWidget(tab)
        tab.resize(1200, 760)
        tab.show()
        opened = Opened()
        QDesktopServices.setUrlHandler("http", opened, "open")
        try:
            tab.show_item(outcome.evidence_id)
            view = tab.preview.capture_view
            assert tab.preview.content.currentWidget() is view
            pixmap = view.picture.pixmap()
            assert not pixmap.isNull() and pixmap.width() == 1280
            assert f"{base}/news/harbour-board-sued" in view.where.text()
            form = tab.preview.details.form
            rows = {form.itemAt(i, form.ItemRole.LabelRole).widget().text():
                    form.itemAt(i, form.ItemRole.FieldRole).widget()
                    for i in range(form.rowCount()) if form.itemAt(i, form.ItemRole.LabelRole) is not None
                    and isinstance(form.itemAt(i, form.ItemRole.LabelRole).widget(), QLabel)}
            details = case.captures.details(outcome.evidence_id)
            assert details is not None
            manifest_field = rows["Manifest SHA-256"]
            assert isinstance(manifest_field, QLineEdit) and manifest_field.text() == details.manifest_sha256
            assert "Captured at" in rows and "Address" in rows
            qtbot.wait(300)  # let any page load that might have been started happen (none may)
            assert len(site.hits) == requests_after_capture and opened.urls == []
            qtbot.mouseClick(view.live, Qt.MouseButton.LeftButton)
            assert opened.urls == [f"{base}/news/harbour-board-sued"]
            assert len(site.hits) == requests_after_capture  # the system browser was asked; CaseFile fetched nothing
        finally:
            QDesktopServices.unsetUrlHandler("http")


def test_cancel_in_the_import_panel_stops_a_capture_at_once(window, qtbot) -> None:  # noqa: ANN001
    site = Site()
    site.slow_s = 60.0  # far beyond the test: finishing early can only mean Cancel stopped the capture
    window.gctx.case.captures.set_consent(True)
    panel = window.import_panel
    with serve(site) as base:
        started = time.monotonic()
        with qtbot.waitSignal(window.import_controller.finished, timeout=30000) as blocker:
            drop(window, _link(f"{base}/slow"))
            qtbot.waitUntil(lambda: panel.isVisible() and ("/slow", "") in site.hits, timeout=15000)
            assert panel.cancel_button.isEnabled()
            qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
        elapsed = time.monotonic() - started
    report = blocker.args[0]
    assert report.cancelled and report.imported == 0
    assert elapsed < site.slow_s  # the worker was stopped, not waited for
    assert window.gctx.case.evidence.list() == []


def test_ctrl_l_captures_several_addresses_and_a_failure_does_not_stop_the_rest(window, qtbot) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QInputDialog, QPlainTextEdit

    site = Site()
    window.gctx.case.captures.set_consent(True)
    QApplication.clipboard().clear()  # the dialog starts from the clipboard's links, when it holds some
    with serve(site) as base:
        typed: list[str] = []

        def type_addresses() -> None:
            dialog = QApplication.activeModalWidget()
            editor = QApplication.focusWidget()
            if not isinstance(dialog, QInputDialog) or not isinstance(editor, QPlainTextEdit):
                QTimer.singleShot(20, type_addresses)
                return
            qtbot.keyClicks(editor, f"{base}/no-such-story")
            qtbot.keyClick(editor, Qt.Key.Key_Return)
            qtbot.keyClicks(editor, f"{base}/news/harbour-board-sued")
            typed.append(editor.toPlainText())
            dialog.accept()

        QTimer.singleShot(0, type_addresses)
        with qtbot.waitSignal(window.import_controller.finished, timeout=60000) as blocker:
            qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert typed == [f"{base}/no-such-story\n{base}/news/harbour-board-sued"]
    report = blocker.args[0]
    assert [o.status.value for o in report.outcomes] == ["failed", "imported"]
    assert report.outcomes[0].reason == "not captured: the server answered 404 Not Found"
    assert [r.kind for r in window.gctx.case.evidence.list() if r.parent_id is None] == [EvidenceKind.WEB_PAGE]
