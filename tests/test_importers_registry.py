"""Detection by content across all importers, the generic fallback, and cheap imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers.base import Limits
from casefile.importers.registry import IMPORTER_MODULES, ImporterRegistry, default_registry
from tests import fixture_files as ff


def detect(src: Path, name: str, tmp_path: Path) -> str:
    store = tmp_path / "store"
    store.mkdir(exist_ok=True)
    return default_registry().detect(ff.stored_copy(src, store), name).name


@pytest.mark.parametrize(
    ("make", "name", "expected"),
    [
        (lambda d: ff.write_article_txt(d / "a.txt"), "a.txt", "text"),
        (lambda d: ff.write_article_txt(d / "a.txt", encoding="utf-16"), "a.txt", "text"),
        (lambda d: ff.write_article_html(d / "a.html"), "a.html", "html"),
        (lambda d: ff.write_mhtml(d / "a.mhtml"), "a.mhtml", "html"),
        (lambda d: ff.make_pdf(d / "p.pdf"), "p.txt", "pdf"),
        (lambda d: ff.make_eml_with_attachment(d / "m.eml"), "m.eml", "email"),
        (lambda d: ff.make_docx(d / "d.docx"), "d.docx", "office"),
        (lambda d: ff.make_odt(d / "o.odt"), "o.bin", "office"),
        (lambda d: ff.make_xlsx(d / "x.xlsx"), "x.xlsx", "spreadsheet"),
        (lambda d: ff.write_chronology_csv(d / "c.csv"), "c.csv", "spreadsheet"),
        (lambda d: ff.make_png(d / "i.png"), "i.jpg", "image"),
        (lambda d: ff.make_jpeg_with_exif(d / "i.jpg"), "i", "image"),
        (lambda d: ff.make_wav(d / "w.wav"), "w.txt", "media"),
        (lambda d: ff.make_srt(d / "s.srt"), "s.srt", "subtitles"),
        (lambda d: ff.make_vtt(d / "s.vtt"), "s.txt", "subtitles"),
        (lambda d: ff.make_transcript_txt(d / "t.txt"), "t.txt", "subtitles"),
    ],
)
def test_detection_by_content(tmp_path: Path, make, name: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert detect(make(tmp_path), name, tmp_path) == expected


def test_unknown_binary_is_kept_as_other(tmp_path: Path) -> None:
    src = ff.write_binary(tmp_path / "blob.dat")
    importer, item = default_registry().read(src, "blob.dat", Limits())
    assert importer.name == "generic"
    assert item.kind is EvidenceKind.OTHER


def test_binary_named_txt_fails_with_reason(tmp_path: Path) -> None:
    src = ff.write_binary(tmp_path / "notes.txt")
    with pytest.raises(ImportFailedError, match=r"^file named \.txt holds binary data"):
        default_registry().read(src, "notes.txt", Limits())


@pytest.mark.parametrize(
    "name",
    [
        "empty.txt",
        "empty.md",
        "empty.pdf",
        "empty.docx",
        "empty.odt",
        "empty.html",
        "empty.srt",
        "empty.eml",
        "empty.csv",
        "empty.xlsx",
        "empty.jpg",
        "empty.mp4",
        "empty.wav",
        "empty.url",
    ],
)
def test_zero_byte_files_fail_clearly(tmp_path: Path, name: str) -> None:
    src = tmp_path / name
    src.write_bytes(b"")
    with pytest.raises(ImportFailedError, match=r"^the .*is empty \(0 bytes\)$"):
        default_registry().read(src, name, Limits())


def test_zero_byte_file_of_unknown_type_is_kept(tmp_path: Path) -> None:
    src = tmp_path / "empty.dat"
    src.write_bytes(b"")
    _, item = default_registry().read(src, "empty.dat", Limits())
    assert item.kind is EvidenceKind.OTHER


def test_every_module_has_an_importer() -> None:
    registry = default_registry()
    assert len(registry.importers) == len(IMPORTER_MODULES)
    for imp in registry.importers:
        assert imp.name and imp.kinds and isinstance(imp.extensions, tuple)
        assert all(e.startswith(".") and e == e.lower() for e in imp.extensions)


def test_loading_the_registry_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from casefile.importers.registry import default_registry\n"
        "default_registry()\n"
        "heavy = [m for m in ('trafilatura', 'av', 'pypdfium2', 'PIL', 'openpyxl', 'docx', 'odf', 'lxml',"
        " 'charset_normalizer') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


class _BrokenImporter:
    """An importer whose parser breaks the way third-party parsers do (an exception with internals)."""

    name = "office"
    kinds = (EvidenceKind.DOCUMENT,)
    extensions = (".docx",)

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def sniff(self, head: bytes, name: str) -> float:
        return 0.9

    def read(self, path: Path, name: str, limits: Limits):  # type: ignore[no-untyped-def]
        raise self.exc


@pytest.mark.parametrize("exc", [
    AttributeError("'cython_function_or_method' object has no attribute 'rsplit'"),
    KeyError("word/document.xml"),
    ValueError("<lxml.etree._Comment object at 0x7f>"),
])
def test_a_parser_crash_is_one_sentence_for_the_user(tmp_path: Path, exc: BaseException) -> None:
    src = tmp_path / "statement.docx"
    src.write_bytes(b"PK\x03\x04 whatever")
    with pytest.raises(ImportFailedError) as info:
        ImporterRegistry([_BrokenImporter(exc)]).read(src, src.name, Limits())
    message = str(info.value)
    assert message == ("the Word or OpenDocument document could not be read: it is damaged or uses a variant "
                       "CaseFile cannot read yet; the original is kept unread")
