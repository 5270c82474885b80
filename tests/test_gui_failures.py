"""Failures said in the app, in words: password-protected PDFs, files that could not be read, no sound device,
clips with nothing to play, no program to open an original; and the exhibit labels (junk titles, EXIF times,
e-mail headers, embedded items' integrity)."""

from __future__ import annotations

import wave
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from casefile.domain.enums import EvidenceKind, VerifyState
from casefile.domain.records import EvidenceRecord
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.evidence.labels import display_title, is_junk_title, readable_time
from casefile.gui.evidence.model import COL_KIND, COL_TITLE, COL_VERIFY, EvidenceTableModel
from casefile.gui.evidence.tab import EvidenceTab
from casefile.gui.worker import SyncRunner
from tests import fixture_files as ff


@pytest.fixture
def gctx(case, qapp) -> GuiContext:  # noqa: ANN001
    return GuiContext(case, SyncRunner(), QUndoStack(), CaseBus())


def _tab(qtbot, gctx) -> EvidenceTab:  # noqa: ANN001
    tab = EvidenceTab(gctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 760)
    tab.show()
    return tab


def _imported(gctx: GuiContext, path: Path) -> EvidenceRecord:
    outcome = gctx.case.imports.import_file(path)
    assert outcome.evidence_id is not None, outcome
    return gctx.case.evidence.get(outcome.evidence_id)


def _row(tab: EvidenceTab, evidence_id: int) -> int:
    row = tab.model.row_of(evidence_id)
    assert row is not None
    return tab.proxy.mapFromSource(tab.model.index(row, 0)).row()


def _cell(tab: EvidenceTab, evidence_id: int, col: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    return tab.proxy.index(_row(tab, evidence_id), col).data(role)


# PDF password ----------------------------------------------------------------------------------------------
def test_password_protected_pdf_asks_for_its_password(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    rec = _imported(gctx, ff.make_encrypted_pdf(tmp_path / "settlement.pdf", user_password="okafor2024"))
    tab = _tab(qtbot, gctx)
    tab.show_item(rec.id)
    pdf = tab.preview.pdf
    assert tab.preview.content.currentWidget() is tab.preview.pdf_tabs
    assert pdf.page_count() == 0
    assert "protected by a password" in pdf.status.text() and not pdf.status.isHidden()
    assert pdf.controls.isHidden()  # no "Page 1 of 0"
    assert not pdf.password_row.isHidden()
    qtbot.keyClicks(pdf.password_edit, "wrong")
    qtbot.keyClick(pdf.password_edit, Qt.Key.Key_Return)
    assert pdf.page_count() == 0 and "did not open" in pdf.status.text()
    qtbot.keyClicks(pdf.password_edit, "okafor2024")
    qtbot.mouseClick(pdf.unlock_button, Qt.MouseButton.LeftButton)
    assert pdf.page_count() == 1
    assert pdf.status.isHidden() and pdf.password_row.isHidden() and not pdf.controls.isHidden()
    assert pdf.password_edit.text() == ""  # never kept


# files that could not be read -------------------------------------------------------------------------------
def _mark_unread(gctx: GuiContext, evidence_id: int, reason: str) -> None:
    with gctx.case.ctx.engine.begin() as conn:
        conn.execute(text("UPDATE evidence SET read_error = :r, kind = 'other' WHERE id = :i"),
                     {"r": reason, "i": evidence_id})


def test_a_file_that_failed_to_read_is_marked_with_its_reason(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    good = _imported(gctx, ff.make_pdf(tmp_path / "complaint.pdf"))
    bad_path = tmp_path / "scan-0042.pdf"
    bad_path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    bad = _imported(gctx, bad_path)
    _mark_unread(gctx, bad.id, "could not read as PDF: no trailer found")
    tab = _tab(qtbot, gctx)
    assert _cell(tab, bad.id, COL_KIND) == "Not read"
    assert _cell(tab, bad.id, COL_KIND, Qt.ItemDataRole.DecorationRole) is not None
    assert "no trailer found" in str(_cell(tab, bad.id, COL_TITLE, Qt.ItemDataRole.ToolTipRole))
    assert _cell(tab, good.id, COL_KIND) == "Document"
    assert _cell(tab, good.id, COL_KIND, Qt.ItemDataRole.DecorationRole) is None
    assert _cell(tab, bad.id, COL_TITLE, Qt.ItemDataRole.DecorationRole) is not None  # when Kind is hidden
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=tab.table.visualRect(tab.proxy.index(_row(tab, bad.id), COL_TITLE)).center())
    assert tab.preview.rec is not None and tab.preview.rec.id == bad.id
    assert not tab.preview.problem.isHidden() and "no trailer found" in tab.preview.problem.text()
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=tab.table.visualRect(tab.proxy.index(_row(tab, good.id), COL_TITLE)).center())
    assert tab.preview.problem.isHidden()


# titles and dates ------------------------------------------------------------------------------------------
def test_junk_titles_fall_back_to_the_file_name(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    assert is_junk_title("Untitled") and is_junk_title("  ") and is_junk_title("¶¶ -- ¶") and is_junk_title("x")
    assert not is_junk_title("Okafor sues Halvorsen") and not is_junk_title("Ruling 7")
    rec = _imported(gctx, ff.make_pdf(tmp_path / "ruling-2024-05-02.pdf"))
    with gctx.case.ctx.engine.begin() as conn:  # an older case, imported before titles were checked
        conn.execute(text("UPDATE evidence SET title = 'untitled' WHERE id = :i"), {"i": rec.id})
    tab = _tab(qtbot, gctx)
    assert _cell(tab, rec.id, COL_TITLE) == "ruling-2024-05-02.pdf"
    tab.show_item(rec.id)
    assert tab.preview.title.text().endswith("ruling-2024-05-02.pdf")
    assert display_title(replace(rec, title="Halvorsen ruling")) == "Halvorsen ruling"


def test_exif_time_is_called_taken_and_shown_readably(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    assert readable_time("2003:11:23 18:07:37") == "23 Nov 2003 18:07"
    rec = _imported(gctx, ff.make_jpeg_with_exif(tmp_path / "DSCF0042.jpg", taken="2003:11:23 18:07:37"))
    tab = _tab(qtbot, gctx)
    tab.show_item(rec.id)
    form = tab.preview.details.form
    labels = {}
    for row in range(form.rowCount()):
        label = form.itemAt(row, form.ItemRole.LabelRole)
        field = form.itemAt(row, form.ItemRole.FieldRole)
        if label is not None and field is not None and field.widget() is not None and label.widget() is not None:
            labels[label.widget().text()] = getattr(field.widget(), "text", lambda: "")()
    assert labels.get("Taken") == "23 Nov 2003 18:07", labels
    assert "Published" not in labels
    assert not any("2003:11:23" in v for v in labels.values()), labels


def test_email_preview_has_its_header_block(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    rec = _imported(gctx, ff.make_eml_with_attachment(tmp_path / "settlement.eml"))
    tab = _tab(qtbot, gctx)
    tab.show_item(rec.id)
    header = tab.preview.email_header
    assert not header.isHidden()
    shown = header.text()
    for part in ("From", "Ingrid Sæther", "To", "Daniel Reyes", "Cc", "Marguerite Okafor", "Date",
                 "24 Jan 2025", "Subject", "settlement discussion"):
        assert part in shown, part
    pdf = _imported(gctx, ff.make_pdf(tmp_path / "complaint.pdf"))
    gctx.bus.changed.emit("evidence")
    tab.show_item(pdf.id)
    assert tab.preview.rec is not None and tab.preview.rec.id == pdf.id
    assert header.isHidden()


def test_embedded_items_share_their_parents_integrity(qapp, gctx) -> None:  # noqa: ANN001
    model = EvidenceTableModel(gctx)
    parent = EvidenceRecord(1, 1, "thread.html", EvidenceKind.ARTICLE, "ab" * 32, 100, "text/html",
                            verify_state=VerifyState.OK)
    post = EvidenceRecord(2, 2, "post-1", EvidenceKind.SOCIAL_POST, None, 10, "text/plain", parent_id=1)
    lone = EvidenceRecord(3, 3, "note", EvidenceKind.TEXT, None, 10, "text/plain")
    model._set_records([parent, post, lone])
    assert model.integrity(post) is VerifyState.OK
    assert model.index(1, COL_VERIFY).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "part of Ex. 1" in model.index(1, COL_VERIFY).data(Qt.ItemDataRole.ToolTipRole)
    assert model.integrity(lone) is None
    assert model.index(2, COL_VERIFY).data(Qt.ItemDataRole.DecorationRole) is None  # no hollow shield


# media ---------------------------------------------------------------------------------------------------
def test_no_sound_device_is_said_in_the_player(qtbot, gctx, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtMultimedia import QMediaDevices

    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: []))
    rec = _imported(gctx, ff.make_wav(tmp_path / "voicemail.wav", seconds=1.0))
    tab = _tab(qtbot, gctx)
    tab.show_item(rec.id)
    media = tab.preview.media
    assert not media.notice.isHidden() and "No sound device" in media.notice.text()


def test_a_truncated_clip_says_it_cannot_be_played(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    path = ff.make_wav(tmp_path / "interview.wav", seconds=1.0)
    with wave.open(str(path), "rb") as w:
        params = w.getparams()
    with wave.open(str(path), "wb") as w:  # a header and no samples: a download cut off at the start
        w.setparams(params)
    rec = _imported(gctx, path)
    tab = _tab(qtbot, gctx)
    tab.show_item(rec.id)
    media = tab.preview.media
    assert "length of this clip is unknown" in media.notice.text()
    qtbot.waitUntil(lambda: media.screen.currentWidget() is media.message, timeout=5000)
    assert "cannot be played" in media.message.text()
    assert not media.play_button.isEnabled()


# opening originals ----------------------------------------------------------------------------------------
def test_no_program_to_open_an_original_is_said_with_its_path(qtbot, gctx, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    opened: list[str] = []

    def refuse(url) -> bool:  # noqa: ANN001 - the desktop has no launcher for this
        opened.append(url.toLocalFile())
        return False

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(refuse))
    rec = _imported(gctx, ff.make_pdf(tmp_path / "complaint.pdf"))
    tab = _tab(qtbot, gctx)
    tab.show_item(rec.id)
    details = tab.preview.details
    details.resize(600, 400)
    qtbot.mouseClick(details.open_button, Qt.MouseButton.LeftButton)
    box = details.launcher_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert opened and opened[0] in box.text() and "No program" in box.text()
    names = [b.text() for b in box.buttons()]
    assert "Copy path" in names and "Show in folder" in names
    copy_button = next(b for b in box.buttons() if b.text() == "Copy path")
    qtbot.mouseClick(copy_button, Qt.MouseButton.LeftButton)
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == opened[0]


def test_an_older_failed_read_is_recognised_without_a_recorded_reason(qtbot, gctx, tmp_path) -> None:  # noqa: ANN001
    bad_path = tmp_path / "scan-0043.pdf"
    bad_path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    bad = _imported(gctx, bad_path)
    with gctx.case.ctx.engine.begin() as conn:  # as cases from before the reason was kept hold it
        conn.execute(text("UPDATE evidence SET read_error = '', kind = 'other', media_type = 'application/pdf' "
                          "WHERE id = :i"), {"i": bad.id})
    zipped = tmp_path / "bundle.bin"
    zipped.write_bytes(b"\x00\x01binary" * 50)
    other = _imported(gctx, zipped)
    tab = _tab(qtbot, gctx)
    assert _cell(tab, bad.id, COL_KIND) == "Not read"
    assert "could not be read as application/pdf" in str(_cell(tab, bad.id, COL_KIND, Qt.ItemDataRole.ToolTipRole))
    assert _cell(tab, other.id, COL_KIND) == "Other"  # a file of no readable type is simply "other"
