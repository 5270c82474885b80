"""An archive's manifest is parsed with bounded depth: brackets nested 200,000 deep get a sentence, not a
RecursionError; the strings inside a real manifest (brackets in file names) are not counted."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from casefile import cli
from casefile.context import Case, open_case
from casefile.services.archive import ArchiveError, archive_case, unarchive_case
from casefile.services.archive_schema import MAX_MANIFEST_DEPTH, load_manifest


def _with_manifest(source: Path, dest: Path, manifest: str) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = manifest.encode("utf-8") if info.filename == "manifest.json" else zin.read(info)
            zout.writestr(info.filename, data)
    return dest


@pytest.mark.parametrize("nested", ["[" * 200_000 + "]" * 200_000, '{"a":' * 200_000 + "1" + "}" * 200_000,
                                    "[" * 200_000])
def test_a_deeply_nested_manifest_is_refused_in_one_sentence(case: Case, tmp_path: Path, nested: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.casezip"
    archive_case(case, good)
    bad = _with_manifest(good, tmp_path / "nested.casezip", nested)
    with pytest.raises(ArchiveError, match=f"nests more than {MAX_MANIFEST_DEPTH} levels deep"):
        unarchive_case(bad, tmp_path / "Unpacked")
    assert not (tmp_path / "Unpacked").exists()
    code = cli.main(["unarchive", str(bad), str(tmp_path / "Again")])
    _out, err = capsys.readouterr()
    assert code != 0 and "nests more than" in err and "Traceback" not in err and "Recursion" not in err


def test_brackets_inside_names_are_not_nesting(case: Case, tmp_path: Path) -> None:
    name = "[[[[" * 20 + "{draft}" + "]]" * 10 + ".txt"  # 80 opening brackets in a file name
    original = tmp_path / name
    original.write_text("date 2024-05-02 A note about the [draft] deal\n\nThe text.\n", encoding="utf-8")
    case.intake.import_paths([original])
    out = tmp_path / "brackets.casezip"
    archive_case(case, out)
    with zipfile.ZipFile(out) as zf:
        assert name in zf.read("manifest.json").decode("utf-8")
    with open_case(unarchive_case(out, tmp_path / "Unpacked")) as unpacked:
        assert [r.filename for r in unpacked.evidence.list()] == [name]


def test_the_depth_count_reads_json_as_the_parser_does() -> None:
    assert load_manifest(b'{"a": ["[[[[", "\\\\", "\\"[[["], "b": {"c": [1, [2]]}}') == {
        "a": ["[[[[", "\\", '"[[['], "b": {"c": [1, [2]]}}
    ok = "[" * MAX_MANIFEST_DEPTH + "]" * MAX_MANIFEST_DEPTH
    assert load_manifest(ok.encode()) == json.loads(ok)
    with pytest.raises(ArchiveError):
        load_manifest(("[" * (MAX_MANIFEST_DEPTH + 1) + "]" * (MAX_MANIFEST_DEPTH + 1)).encode())
