"""E-mail: headers, body (plain or HTML), attachments and their limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers.base import Limits
from casefile.importers.email_msg import IMPORTER, html_to_text
from casefile.importers.registry import default_registry
from tests import fixture_files as ff


def read(src: Path, tmp_path: Path, limits: Limits | None = None):  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    store.mkdir(exist_ok=True)
    return default_registry().read(ff.stored_copy(src, store), src.name, limits or Limits())


def test_headers_body_and_attachment(tmp_path: Path) -> None:
    importer, item = read(ff.make_eml_with_attachment(tmp_path / "reply.eml"), tmp_path)
    assert importer.name == "email"
    assert item.kind is EvidenceKind.EMAIL
    assert item.title == "Re: Okafor v. Halvorsen – settlement discussion"
    assert item.author == "Ingrid Sæther"
    assert item.published == CaseDate(2025, 1, 24, 16, 5, DatePrecision.MINUTE)
    assert item.metadata["from"] == "Ingrid Sæther <i.saether@halvorsen-media.example>"
    assert item.metadata["to"] == ["Daniel Reyes <dreyes@reyes-law.example>"]
    assert item.metadata["cc"] == [
        "Marguerite Okafor <margo@okafor-films.example>",
        "press@halvorsen-media.example",
    ]
    assert item.metadata["message_id"].endswith("@halvorsen-media.example>")
    assert item.text.startswith("Dear Mr Reyes,")
    assert "before February 7, 2025" in item.text
    assert [a.filename for a in item.attachments] == ["letter-2025-01-24.pdf"]
    att = item.attachments[0]
    assert att.media_type == "application/pdf"
    assert att.data.startswith(b"%PDF-")


def test_html_body_becomes_text_without_remote_content(tmp_path: Path) -> None:
    _, item = read(ff.make_eml_with_attachment(tmp_path / "reply.eml", html_only=True), tmp_path)
    assert item.metadata["body_type"] == "html"
    assert item.text.startswith("Dear Mr Reyes,")
    assert "January 23, 2025" in item.text
    assert "alert" not in item.text and "color:red" not in item.text and "tracker" not in item.text


def test_attachment_count_limit(tmp_path: Path) -> None:
    _, item = read(ff.make_eml_with_attachment(tmp_path / "r.eml"), tmp_path, Limits(max_attachments=0))
    assert item.attachments == []
    assert any("attachments" in w for w in item.warnings)


def test_html_to_text_keeps_blocks() -> None:
    assert html_to_text("<p>One</p><p>Two <b>bold</b></p><script>x()</script>") == "One\n\nTwo bold"


def test_not_an_email_fails(tmp_path: Path) -> None:
    src = tmp_path / "x.eml"
    src.write_bytes(b"\n\njust some words without headers\n")
    with pytest.raises(ImportFailedError, match="no e-mail headers"):
        IMPORTER.read(src, "x.eml", Limits())


# --- a real message is known by its headers (issue 11) and exposes a header block (issue 12) ----------


@pytest.mark.parametrize("name", ["Re Okafor v Halvorsen.eml", "message", "message.txt", "saved.mht"])
def test_relayed_message_with_long_folded_headers_is_an_email(tmp_path: Path, name: str) -> None:
    src = ff.make_relayed_eml(tmp_path / "m")
    head = src.read_bytes()
    assert head.index(b"\r\n\r\n") > 8192  # the headers run past the first 8 KB
    store = tmp_path / "store"
    store.mkdir()
    importer, item = default_registry().read(ff.stored_copy(src, store), name, Limits())
    assert importer.name == "email"
    assert item.kind is EvidenceKind.EMAIL
    assert item.title == "Re: Okafor v. Halvorsen – settlement discussion"
    assert item.text.startswith("Dear Mr Reyes,")


def test_header_block_keys(tmp_path: Path) -> None:
    _, item = read(ff.make_relayed_eml(tmp_path / "m.eml"), tmp_path)
    meta = item.metadata
    assert meta["from"] == "Ingrid Sæther <i.saether@halvorsen-media.example>"
    assert meta["to"] == ["Daniel Reyes <dreyes@reyes-law.example>"]
    assert meta["cc"] == ["Marguerite Okafor <margo@okafor-films.example>", "press@halvorsen-media.example"]
    assert meta["bcc"] == []
    assert meta["subject"] == "Re: Okafor v. Halvorsen – settlement discussion"
    assert meta["date"] == "Fri, 24 Jan 2025 17:05:00 +0100"
    assert meta["sent"] == "2025-01-24T17:05"
    assert meta["utc_offset"] == "+0100"
    assert meta["message_id"] == "<CAF=ab12cd34@mail.halvorsen-media.example>"
    assert [a.filename for a in item.attachments] == ["logo.png"]  # inline images are kept too


def test_browser_web_archive_is_still_a_web_page(tmp_path: Path) -> None:
    importer, _ = read(ff.write_mhtml(tmp_path / "ledger.mhtml"), tmp_path)
    assert importer.name == "html"
    src = ff.write_mhtml(tmp_path / "ledger")
    assert IMPORTER.sniff(src.read_bytes()[:65536], "ledger") < 0.5


def test_prose_with_colons_is_not_mail() -> None:
    head = b"Note: call Daniel Reyes tomorrow.\nFrom: the office\nThe plan is to file on Monday and ask for more.\n"
    assert IMPORTER.sniff(head, "notes.txt") == 0.0


# --- Outlook .msg (issue 11) ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Re Okafor v Halvorsen.msg", "message"])
def test_outlook_msg_has_the_same_header_keys_as_eml(tmp_path: Path, name: str) -> None:
    src = ff.make_outlook_msg(tmp_path / "m.msg")
    store = tmp_path / "store"
    store.mkdir()
    importer, item = default_registry().read(ff.stored_copy(src, store), name, Limits())
    assert importer.name == "outlook"
    assert item.kind is EvidenceKind.EMAIL
    assert item.media_type == "application/vnd.ms-outlook"
    assert item.title == "Re: Okafor v. Halvorsen – settlement discussion"
    assert item.author == "Ingrid Sæther"
    assert item.published == CaseDate(2025, 1, 24, 17, 5, DatePrecision.MINUTE)
    meta = item.metadata
    assert meta["from"] == "Ingrid Sæther <i.saether@halvorsen-media.example>"
    assert meta["to"] == ["Daniel Reyes <dreyes@reyes-law.example>"]
    assert meta["cc"] == ["Marguerite Okafor <margo@okafor-films.example>"]
    assert meta["bcc"] == []
    assert meta["subject"] == "Re: Okafor v. Halvorsen – settlement discussion"
    assert meta["date"] == "Fri, 24 Jan 2025 17:05:00 +0100"
    assert meta["sent"] == "2025-01-24T17:05"
    assert meta["utc_offset"] == "+0100"
    assert meta["message_id"] == "<CAF=ab12cd34@mail.halvorsen-media.example>"
    assert item.text.startswith("Dear Mr Reyes,\n\nFurther to our call on January 23, 2025")


def test_outlook_msg_without_internet_headers_uses_its_properties(tmp_path: Path) -> None:
    src = ff.make_outlook_msg(tmp_path / "draft.msg", with_headers=False)
    store = tmp_path / "store"
    store.mkdir()
    _, item = default_registry().read(ff.stored_copy(src, store), "draft.msg", Limits())
    assert item.metadata["from"] == "Ingrid Sæther <i.saether@halvorsen-media.example>"
    assert item.metadata["to"] == ["Daniel Reyes"]  # the display names Outlook keeps
    assert item.metadata["sent"] == "2025-01-24T16:05"
    assert item.metadata["utc_offset"] == "+0000"


def test_damaged_outlook_msg_fails_with_a_sentence(tmp_path: Path) -> None:
    good = ff.make_outlook_msg(tmp_path / "m.msg").read_bytes()
    bad = tmp_path / "bad.msg"
    bad.write_bytes(good[:1500])
    store = tmp_path / "store"
    store.mkdir()
    with pytest.raises(ImportFailedError, match=r"^the Outlook message is damaged: its parts cannot be read$"):
        default_registry().read(ff.stored_copy(bad, store), "bad.msg", Limits())


def test_outlook_and_relayed_messages_import_as_email_exhibits(tmp_path: Path) -> None:
    from casefile.context import create_case

    case = create_case(tmp_path / "Okafor.casefile", "Okafor v. Halvorsen")
    try:
        for src in (ff.make_outlook_msg(tmp_path / "Re settlement.msg"), ff.make_relayed_eml(tmp_path / "message")):
            outcome = case.imports.import_file(src)
            record = case.evidence.get(outcome.evidence_id)
            assert record.kind is EvidenceKind.EMAIL, src.name
            assert record.metadata["subject"] == "Re: Okafor v. Halvorsen – settlement discussion"
            assert record.metadata["sent"] == "2025-01-24T17:05"
    finally:
        case.close()
