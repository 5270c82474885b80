"""The image preview: recognised words selected on the picture with the mouse become a citation of their exact
span; the text panel and the picture follow each other; a scanned PDF says its text was recognised by OCR."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from casefile.domain.enums import EvidenceKind
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.evidence.tab import EvidenceTab
from casefile.gui.worker import SyncRunner
from tests.test_ocr_engine import MEMO, draw_lines
from tests.test_ocr_import import _scanned_pdf


@pytest.fixture
def gctx(case, qapp) -> GuiContext:  # noqa: ANN001
    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


def _shown(qtbot, gctx, path: Path, kind: EvidenceKind):  # noqa: ANN001, ANN202
    gctx.case.intake.import_paths([path])
    rec = next(r for r in gctx.case.evidence.list() if r.kind is kind and r.parent_id is None)
    tab = EvidenceTab(gctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 760)
    tab.show()
    tab.show_item(rec.id)
    return tab, rec


def _word_point(image, text: str, word: str) -> QPoint:  # noqa: ANN001
    """Where `word` of the recognised text is on screen, in the view's viewport."""
    start = text.index(word)
    box = next(w for w in image.words.words if w.start == start)
    return image.view.mapFromScene(box.rect.center())


def test_words_dragged_over_on_the_picture_are_cited_exactly(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    img, _ = draw_lines(MEMO, size=18)
    img.save(tmp_path / "notice.png")
    tab, rec = _shown(qtbot, gctx, tmp_path / "notice.png", EvidenceKind.IMAGE)
    image = tab.preview.image
    assert tab.preview.content.currentWidget() is image and image.has_image()
    text = gctx.case.evidence.text(rec.id)
    assert image.text.isVisible() and image.text.text == text
    assert image.ocr_note.text().startswith("Text recognised by OCR (tesseract 5")
    assert not image.text.new_event_button.isEnabled()

    viewport = image.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _word_point(image, text, "April"))
    QTest.mouseMove(viewport, _word_point(image, text, "14,"))
    QTest.mouseMove(viewport, _word_point(image, text, "2025"))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       _word_point(image, text, "2025"))
    assert image.selected_text() == "April 14, 2025"
    assert image.text.browser.textCursor().selectedText() == "April 14, 2025"  # the panel follows

    image.view.setFocus()
    QTest.keySequence(image.view, "Ctrl+C")
    assert QGuiApplication.clipboard().text() == "April 14, 2025"

    qtbot.mouseClick(image.text.new_event_button, Qt.MouseButton.LeftButton)
    dialog = image.text.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.date_edit.selectAll()
    qtbot.keyClicks(dialog.date_edit, "2025-04-14")
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).buttons()[0], Qt.MouseButton.LeftButton)
    events = gctx.case.events.for_evidence(rec.id)
    assert len(events) == 1
    cite = events[0].citations[0]
    start = text.index("April 14, 2025")
    assert (cite.char_start, cite.char_end, cite.quote) == (start, start + 14, "April 14, 2025")
    assert cite.page is None


def test_text_selected_in_the_panel_marks_its_words_on_the_picture(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    img, _ = draw_lines(MEMO, size=18, dark=True)
    img.save(tmp_path / "dark.png")
    tab, rec = _shown(qtbot, gctx, tmp_path / "dark.png", EvidenceKind.IMAGE)
    image = tab.preview.image
    text = image.text.text
    start = text.index("Judge Renata Okonkwo")
    browser = image.text.browser
    viewport = browser.viewport()
    begin = browser.cursorRect(_cursor_at(browser, start)).center()
    end = browser.cursorRect(_cursor_at(browser, start + len("Judge Renata"))).center()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, begin)
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert browser.textCursor().selectedText() == "Judge Renata"
    assert image.words.selected is not None
    marked = [text[w.start:w.end] for w in image.words.words
              if w.start < image.words.selected[1] and w.end > image.words.selected[0]]
    assert marked == ["Judge", "Renata"]


def _cursor_at(browser, position: int) -> QTextCursor:  # noqa: ANN001
    cursor = QTextCursor(browser.document())
    cursor.setPosition(position)
    return cursor


def test_a_press_beside_the_words_pans_and_clears_the_selection(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    img, _ = draw_lines(MEMO, size=18, width=1400)
    img.save(tmp_path / "wide.png")
    tab, rec = _shown(qtbot, gctx, tmp_path / "wide.png", EvidenceKind.IMAGE)
    image = tab.preview.image
    text = image.text.text
    viewport = image.view.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _word_point(image, text, "courtroom"))
    assert image.selected_text() == "courtroom"
    blank = image.view.mapFromScene(1300, 10)
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, blank)
    assert image.selected_text() == ""
    assert not image.text.browser.textCursor().hasSelection()


def test_an_image_without_text_hides_the_text_panel(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (500, 300), (120, 160, 90))
    ImageDraw.Draw(img).ellipse((100, 50, 300, 250), fill=(200, 40, 40))
    img.save(tmp_path / "photo.png")
    tab, _rec = _shown(qtbot, gctx, tmp_path / "photo.png", EvidenceKind.IMAGE)
    image = tab.preview.image
    assert not image.text.isVisible()
    assert image.ocr_note.text() == "No text was recognised in this picture."


def test_a_scanned_pdf_says_its_text_was_recognised(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    src = _scanned_pdf(tmp_path / "scan.pdf", [["Cover page"], ["The hearing is set for April 14, 2025."]])
    tab, rec = _shown(qtbot, gctx, src, EvidenceKind.DOCUMENT)
    pane = tab.preview
    assert pane.pdf_tabs.tabText(1) == "Text (OCR)"
    assert pane.pdf.status.isVisible()
    assert pane.pdf.status.text().startswith("Text recognised by OCR on pages 1–2")
    view = pane.pdf_text
    start = view.text.index("April 14, 2025")
    cursor = _cursor_at(view.browser, start)
    cursor.setPosition(start + 14, QTextCursor.MoveMode.KeepAnchor)
    view.browser.setTextCursor(cursor)
    dialog = view.new_event_from_selection()
    assert dialog is not None and dialog.citation.page == 2
