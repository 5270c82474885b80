"""The Evidence filter field, typed into: matches any shown column in any case, with the kind filter; clearing
it brings every exhibit back."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from sqlalchemy import insert

from casefile.db.models import Evidence
from casefile.gui.bus import CaseBus
from casefile.gui.context import GuiContext
from casefile.gui.evidence.model import COL_TITLE
from casefile.gui.evidence.tab import EvidenceTab
from casefile.gui.worker import SyncRunner


def _titles(tab: EvidenceTab) -> list[str]:
    return sorted(tab.proxy.index(r, COL_TITLE).data() for r in range(tab.proxy.rowCount()))


def test_typing_in_the_filter_matches_shown_columns(qtbot, qapp, case) -> None:  # noqa: ANN001
    rows = [("Okafor sues Halvorsen", "article"), ("Board minutes", "document"), ("HALVORSEN replies", "email")]
    rows += [(f"Filler article {i}", "article") for i in range(300)]
    with case.ctx.writes() as s, s.begin():
        s.execute(insert(Evidence), [{"exhibit": i, "filename": f"f{i}.txt", "kind": kind, "title": title,
                                      "text": "", "size": 10, "sha256": f"{i:064x}"}
                                     for i, (title, kind) in enumerate(rows, 1)])
    tab = EvidenceTab(GuiContext(case, SyncRunner(), QUndoStack(), CaseBus()))
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    assert tab.proxy.rowCount() > 2
    tab.filter_edit.setFocus()
    qtbot.keyClicks(tab.filter_edit, "halvor")
    assert _titles(tab) == ["HALVORSEN replies", "Okafor sues Halvorsen"]
    qtbot.keyClicks(tab.filter_edit, "sen r")
    assert _titles(tab) == ["HALVORSEN replies"]
    tab.filter_edit.clear()
    qtbot.keyClicks(tab.filter_edit, "EMAIL")  # the Kind column's label
    assert _titles(tab) == ["HALVORSEN replies"]
    tab.filter_edit.clear()
    assert tab.proxy.rowCount() == tab.model.rowCount()
    qtbot.keyClicks(tab.filter_edit, "filler article 29")
    assert _titles(tab) == ["Filler article 29"] + [f"Filler article {i}" for i in range(290, 300)]


def test_header_click_sorts_every_exhibit_and_the_filter_keeps_the_order(qtbot, qapp, case) -> None:  # noqa: ANN001
    from PySide6.QtCore import QPoint, Qt

    titles = [f"Article {i:03d}" for i in range(450)]  # more than the first fetched batch
    with case.ctx.writes() as s, s.begin():
        s.execute(insert(Evidence), [{"exhibit": i, "filename": f"f{i}.txt", "kind": "article", "title": title,
                                      "text": "", "size": 10, "sha256": f"{i:064x}"}
                                     for i, title in enumerate(titles, 1)])
    tab = EvidenceTab(GuiContext(case, SyncRunner(), QUndoStack(), CaseBus()))
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    header = tab.table.horizontalHeader()

    def click_title() -> None:
        x = header.sectionViewportPosition(COL_TITLE) + header.sectionSize(COL_TITLE) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))

    click_title()
    click_title()  # descending
    first = [tab.proxy.index(r, COL_TITLE).data() for r in range(3)]
    assert first == ["Article 449", "Article 448", "Article 447"]  # the whole list, not the fetched rows
    tab.table.selectRow(1)
    qtbot.keyClicks(tab.filter_edit, "article 44")
    shown = [tab.proxy.index(r, COL_TITLE).data() for r in range(tab.proxy.rowCount())]
    assert shown == [f"Article {i:03d}" for i in range(449, 439, -1)]
    assert [r.title for r in tab.selected_records()] == ["Article 448"]  # still selected through the filter
    assert tab.count_label.text() == "450 exhibits"  # the case's count, not the filter's
    tab.filter_edit.clear()
    assert tab.proxy.index(0, COL_TITLE).data() == "Article 449"
