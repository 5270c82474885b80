"""The Parties search box, typed into: a name or an alias, in any case; cleared, every party is back."""

from __future__ import annotations

from casefile.gui.parties.model import NAME
from tests.test_gui_parties import data, gctx, make_tab  # noqa: F401 - fixtures

__all__ = ["data", "gctx"]


def _names(tab) -> list[str]:  # noqa: ANN001
    return [tab.proxy.index(r, NAME).data() for r in range(tab.proxy.rowCount())]


def test_typing_finds_parties_by_name_or_alias(qtbot, gctx, data) -> None:  # noqa: ANN001, F811
    tab = make_tab(qtbot, gctx)
    tab.search.setFocus()
    qtbot.keyClicks(tab.search, "hmg")  # an alias of Halvorsen Media Group
    assert _names(tab) == ["Halvorsen Media Group"]
    tab.search.clear()
    qtbot.keyClicks(tab.search, "OKAF")
    assert _names(tab) == ["Marguerite Okafor"]
    tab.search.clear()
    qtbot.keyClicks(tab.search, "halvorsen")
    assert _names(tab) == ["Halvorsen Media", "Halvorsen Media Group"]
    tab.search.clear()
    assert len(_names(tab)) == 3
