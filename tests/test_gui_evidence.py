"""Evidence tab: the exhibit table, text previews with cited passages, citing a selection, editing, chronology."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QUndoStack
from PySide6.QtWidgets import QDialogButtonBox

from casefile.domain.dates import EventDate
from casefile.domain.enums import EvidenceKind, Origin, Status
from casefile.domain.records import Citation, EventDraft, PartyDraft
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.evidence.model import COL_KIND, COL_PARENT, COL_SIZE, COL_TITLE, ID_ROLE, SORT_ROLE
from casefile.gui.evidence.preview.text_view import CITED_BACKGROUND
from casefile.gui.evidence.tab import EMPTY_HINT, EvidenceTab
from casefile.gui.importing.chronology_dialog import ChronologyDialog
from casefile.gui.worker import SyncRunner
from tests import fixture_files as ff


@pytest.fixture
def gctx(case, qapp) -> GuiContext:  # noqa: ANN001
    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


def _tab(qtbot, gctx: GuiContext) -> EvidenceTab:  # noqa: ANN001
    tab = EvidenceTab(gctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    return tab


def _ok(dialog) -> None:  # noqa: ANN001
    dialog.findChild(QDialogButtonBox).buttons()[0].click()


def test_empty_case_shows_the_drop_hint(qtbot, gctx) -> None:  # noqa: ANN001
    tab = _tab(qtbot, gctx)
    assert tab.stack.currentWidget() is tab.empty
    assert tab.empty.text() == EMPTY_HINT


def test_table_lists_each_kind_with_embedded_posts_under_their_article(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    files = [ff.write_article_html(tmp_path / "article.html"), ff.make_pdf(tmp_path / "complaint.pdf"),
             ff.make_png(tmp_path / "screenshot.png"), ff.make_wav(tmp_path / "voice.wav")]
    gctx.case.imports.import_paths(files)
    tab = _tab(qtbot, gctx)
    model = tab.model
    assert tab.stack.currentWidget() is tab.table
    kinds = {model.index(r, COL_KIND).data() for r in range(model.rowCount())}
    assert {"Article", "Document", "Image", "Audio", "Social post"} <= kinds
    article = gctx.case.evidence.by_exhibit(1)
    post_rows = [r for r in range(model.rowCount()) if model.record(r).parent_id == article.id]
    assert post_rows and all(model.index(r, COL_PARENT).data() == "Ex. 1" for r in post_rows)
    assert post_rows[0] == 1  # right under its parent
    assert "↳" in model.index(post_rows[0], COL_TITLE).data()
    # sorting uses raw values: size ascending puts the smallest exhibit first
    tab.table.sortByColumn(COL_SIZE, Qt.SortOrder.AscendingOrder)
    sizes = [tab.proxy.index(r, COL_SIZE).data(SORT_ROLE) for r in range(tab.proxy.rowCount())]
    assert sizes == sorted(sizes) and isinstance(sizes[0], int)
    # the PNG's thumbnail is decoded lazily and then cached
    png = next(model.record(r) for r in range(model.rowCount()) if model.record(r).kind is EvidenceKind.IMAGE)
    tab.show_item(png.id)
    qtbot.waitUntil(lambda: model.has_thumbnail_cached(png.id), timeout=3000)


def test_table_fetches_rows_lazily(qtbot, gctx, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr("casefile.gui.evidence.model.BATCH", 2)
    for i in range(5):
        gctx.case.imports.import_text(f"Note number {i} about the case.", name=f"n{i}.txt")
    tab = _tab(qtbot, gctx)
    assert tab.model.total() == 5
    assert tab.model.rowCount() < 5
    last = gctx.case.evidence.by_exhibit(5)
    tab.show_item(last.id)
    assert tab.current_id() == last.id


def _article_with_event(gctx, article_file):  # noqa: ANN001, ANN202
    gctx.case.imports.import_paths([article_file])
    rec = gctx.case.evidence.by_exhibit(1)
    text = gctx.case.evidence.text(rec.id)
    start = text.index("filed a defamation lawsuit")
    end = start + len("filed a defamation lawsuit")
    gctx.case.events.create(EventDraft(EventDate.on("2024-03-12"), "Lawsuit filed",
                                       citations=(Citation(rec.id, quote=text[start:end], char_start=start,
                                                           char_end=end),)))
    return rec, text, start, end


def test_article_shows_cited_passages_highlighted(qtbot, gctx, article_file) -> None:  # noqa: ANN001
    rec, text, start, end = _article_with_event(gctx, article_file)
    tab = _tab(qtbot, gctx)
    tab.show_item(rec.id)
    view = tab.preview.text
    assert tab.preview.content.currentWidget() is view
    assert view.browser.toPlainText() == text
    doc = view.browser.document()

    def background_at(pos: int):  # noqa: ANN202
        c = QTextCursor(doc)
        c.setPosition(pos + 1)  # the format of the character before the cursor
        return c.charFormat().background().color()

    assert background_at(start) == CITED_BACKGROUND
    assert background_at(end - 2) == CITED_BACKGROUND
    spans = [(c.char_start, c.char_end) for e in gctx.case.events.for_evidence(rec.id) for c in e.citations
             if c.char_start is not None]
    uncited = [p for p in range(len(text)) if not text[p].isspace() and not any(a <= p < b for a, b in spans)]
    assert uncited
    assert all(background_at(p) != CITED_BACKGROUND for p in uncited)


def test_new_event_from_selection_cites_that_exact_span(qtbot, gctx, article_file) -> None:  # noqa: ANN001
    rec, text, *_ = _article_with_event(gctx, article_file)
    tab = _tab(qtbot, gctx)
    tab.show_item(rec.id)
    view = tab.preview.text
    assert not view.new_event_button.isEnabled()
    start = text.index("Peter Halvorsen")
    end = text.index("Daily Ledger") + len("Daily Ledger")
    cursor = QTextCursor(view.browser.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    view.browser.setTextCursor(cursor)
    assert view.new_event_button.isEnabled()
    qtbot.mouseClick(view.new_event_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.title_edit.text().startswith("Peter Halvorsen")
    dialog.date_edit.setText("2024-03-14")
    _ok(dialog)
    events = [e for e in gctx.case.events.for_evidence(rec.id) if e.title.startswith("Peter Halvorsen")]
    assert len(events) == 1
    c = events[0].citations[0]
    assert (c.char_start, c.char_end) == (start, end)
    assert c.quote == text[start:end]
    assert c.page is None
    gctx.undo.undo()
    assert not [e for e in gctx.case.events.for_evidence(rec.id) if e.title.startswith("Peter Halvorsen")]


def test_new_party_from_selection(qtbot, gctx, article_file) -> None:  # noqa: ANN001
    rec, text, *_ = _article_with_event(gctx, article_file)
    found = gctx.case.parties.find("Ruth Abernathy")
    if found is not None:  # extraction may have suggested her already
        gctx.case.parties.delete(found.id)
    tab = _tab(qtbot, gctx)
    tab.show_item(rec.id)
    view = tab.preview.text
    start = text.index("Ruth Abernathy")
    cursor = QTextCursor(view.browser.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len("Ruth Abernathy"), QTextCursor.MoveMode.KeepAnchor)
    view.browser.setTextCursor(cursor)
    qtbot.mouseClick(view.new_party_button, Qt.MouseButton.LeftButton)
    _ok(view.dialog)
    assert gctx.case.parties.find("Ruth Abernathy") is not None
    # a second time the dialog says she exists instead of duplicating her
    qtbot.mouseClick(view.new_party_button, Qt.MouseButton.LeftButton)
    _ok(view.dialog)
    assert "already a party" in view.dialog.error.text()


def test_open_citation_selects_exhibit_and_scrolls_to_span(qtbot, gctx, article_file, tmp_path) -> None:  # noqa: ANN001
    rec, text, start, end = _article_with_event(gctx, article_file)
    gctx.case.imports.import_paths([ff.make_png(tmp_path / "other.png")])
    tab = _tab(qtbot, gctx)
    tab.table.selectRow(1)
    assert tab.current_id() != rec.id
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findText("Image"))  # a filter hiding the article
    gctx.bus.open_citation.emit(rec.id, start, end)
    assert tab.current_id() == rec.id
    cur = tab.preview.text.browser.textCursor()
    assert (cur.selectionStart(), cur.selectionEnd()) == (start, end)


def test_selecting_an_exhibit_tells_the_bus(qtbot, gctx, article_file) -> None:  # noqa: ANN001
    gctx.case.imports.import_paths([article_file])
    tab = _tab(qtbot, gctx)
    with qtbot.waitSignal(gctx.bus.selected) as blocker:
        tab.table.selectRow(0)
    assert blocker.args == ["evidence", tab.proxy.index(0, 0).data(ID_ROLE)]


def test_edit_exhibit_is_undoable(qtbot, gctx, article_file) -> None:  # noqa: ANN001
    gctx.case.imports.import_paths([article_file])
    rec = gctx.case.evidence.by_exhibit(1)
    tab = _tab(qtbot, gctx)
    tab.show_item(rec.id)
    dialog = tab.edit_selected()
    dialog.title_edit.setText("Okafor files suit")
    dialog.author_edit.setText("Dana Whitcombe")
    dialog.tags_edit.setText("lawsuit, press")
    _ok(dialog)
    after = gctx.case.evidence.get(rec.id)
    assert (after.title, after.author, set(after.tags)) == ("Okafor files suit", "Dana Whitcombe", {"lawsuit", "press"})
    assert tab.model.index(0, COL_TITLE).data() == "Okafor files suit"
    gctx.undo.undo()
    assert gctx.case.evidence.get(rec.id).title == rec.title
    gctx.undo.redo()
    assert gctx.case.evidence.get(rec.id).title == "Okafor files suit"


def test_chronology_dialog_maps_columns_and_imports_rows(qtbot, gctx, tmp_path: Path) -> None:  # noqa: ANN001
    existing = gctx.case.parties.create(PartyDraft("Marguerite Okafor", aliases=("M. Okafor",)))
    path = ff.write_chronology_csv(tmp_path / "chronology.csv")
    dialog = ChronologyDialog(gctx, path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.preview.model().rowCount() > 0
    assert dialog.combos["date"].currentText() == "Date"
    assert dialog.combos["title"].currentText() == "Event"
    assert dialog.combos["parties"].currentText() == "Who"
    dialog.combos["tags"].setCurrentIndex(0)  # the user drops a column
    assert "tags" not in dialog.mapping()
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.created
    events = [gctx.case.events.get(i) for i in dialog.created]
    assert all(e.origin is Origin.IMPORTED for e in events)
    assert any(e.title == "Filming of Northern Line begins" and e.status is Status.CONFIRMED for e in events)
    assert all(not e.tags for e in events)
    okafor = [e for e in events if "Marguerite Okafor" in e.party_names]
    assert okafor and all(existing in e.party_ids for e in okafor)
    assert sum(1 for p in gctx.case.parties.list() if p.name == "Marguerite Okafor") == 1
    assert dialog.errors  # the undated rumour row is reported, not imported


def test_header_menu_hides_an_exhibit_column_and_the_case_remembers(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    from casefile.gui.evidence.model import COL_DATE
    from tests.gui_helpers import open_header_menu, resize_and_settle

    gctx.case.imports.import_paths([ff.write_article_html(tmp_path / "article.html")])
    tab = _tab(qtbot, gctx)
    resize_and_settle(qtbot, tab, tab.table, 1600, 700)
    assert not tab.table.isColumnHidden(COL_DATE)
    menu = open_header_menu(qtbot, tab.table, COL_TITLE)
    action = next(a for a in menu.actions() if a.text() == "Date")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    assert tab.table.isColumnHidden(COL_DATE)
    resize_and_settle(qtbot, tab, tab.table, 1700, 700)  # fitting the columns to a new width never brings it back
    assert tab.table.isColumnHidden(COL_DATE)
    again = _tab(qtbot, gctx)
    assert again.table.isColumnHidden(COL_DATE)  # kept for this case
