"""Dropped or pasted links and text, and internet shortcut files; never any network access."""

from __future__ import annotations

import plistlib
from pathlib import Path

import pytest

from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers.base import Limits
from casefile.importers.dropped import item_from_text, item_from_url
from casefile.importers.registry import default_registry


def test_item_from_url() -> None:
    item = item_from_url("https://www.ledger.example/2025/01/27/okafor-halvorsen/", title="Okafor sues")
    assert item.kind is EvidenceKind.LINK
    assert item.url == "https://www.ledger.example/2025/01/27/okafor-halvorsen/"
    assert item.title == "Okafor sues"
    assert item.metadata["host"] == "ledger.example"


def test_item_from_url_without_title() -> None:
    assert item_from_url("https://ledger.example/okafor").title == "ledger.example/okafor"


def test_item_from_url_rejects_non_urls() -> None:
    with pytest.raises(ImportFailedError, match="not a web address"):
        item_from_url("javascript:alert(1)")


def test_item_from_text_detects_a_lone_url() -> None:
    item = item_from_text("  https://twitter.com/HalvorsenMedia/status/1883000000000000001\n")
    assert item.kind is EvidenceKind.LINK
    assert item.url == "https://twitter.com/HalvorsenMedia/status/1883000000000000001"


def test_item_from_text() -> None:
    item = item_from_text("Call with Reyes on 23 Jan 2025.\nHe says Halvorsen will not retract.")
    assert item.kind is EvidenceKind.TEXT
    assert item.title == "Call with Reyes on 23 Jan 2025."
    assert item.text.endswith("will not retract.")
    with pytest.raises(ImportFailedError):
        item_from_text("   ")


def test_windows_url_shortcut(tmp_path: Path) -> None:
    src = tmp_path / "Ledger article.url"
    src.write_text("[InternetShortcut]\r\nURL=https://ledger.example/okafor-halvorsen\r\nIconIndex=0\r\n")
    importer, item = default_registry().read(src, src.name, Limits())
    assert importer.name == "shortcut"
    assert item.kind is EvidenceKind.LINK
    assert item.url == "https://ledger.example/okafor-halvorsen"
    assert item.title == "Ledger article"


@pytest.mark.parametrize("fmt", [plistlib.FMT_XML, plistlib.FMT_BINARY])
def test_macos_webloc(tmp_path: Path, fmt: plistlib.PlistFormat) -> None:
    src = tmp_path / "Okafor statement.webloc"
    src.write_bytes(plistlib.dumps({"URL": "https://instagram.com/p/DFa1b2C3d4e/"}, fmt=fmt))
    importer, item = default_registry().read(src, src.name, Limits())
    assert importer.name == "shortcut"
    assert item.url == "https://instagram.com/p/DFa1b2C3d4e/"
