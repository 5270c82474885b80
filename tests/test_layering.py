"""The layers of README "Architecture": the core never imports Qt widgets or the GUI, no import cycles (lazy
imports included), and pyproject's import-linter contracts hold."""

from __future__ import annotations

import ast
from pathlib import Path

import casefile

ROOT = Path(casefile.__file__).parent
FORBIDDEN = ("PySide6.QtWidgets", "casefile.gui", "PySide6.QtPdfWidgets", "PySide6.QtMultimediaWidgets")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def test_no_core_module_imports_qt_widgets_or_the_gui() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in ("gui", "cli"):
            continue
        for name in _imports(path):
            if name.startswith(FORBIDDEN):
                offenders.append(f"{rel}: {name}")
    assert offenders == []


def test_cli_reaches_the_gui_only_lazily() -> None:
    for path in (ROOT / "cli").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        assert not any(isinstance(n, ast.ImportFrom) and (n.module or "").startswith("casefile.gui")
                       for n in top_level), path.name


def test_import_linter_contracts_hold() -> None:
    """pyproject's contracts: layers as in the README, services never import the composition root, the GUI
    reaches importers only through services. import-linter comes with the [test] extra, so it must be there
    (a missing tool fails, never skips)."""
    import shutil
    import subprocess
    import sys

    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    assert Path(exe).exists(), "lint-imports is missing: install the [test] extra"
    root = ROOT.parent
    result = subprocess.run([exe, "--config", str(root / "pyproject.toml")], cwd=root, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    for contract in ("Layers, one direction", "Services never import the composition root",
                     "The GUI reaches importers, storage and the database only through services"):
        assert f"{contract} KEPT" in result.stdout


def test_no_import_cycles_even_lazy_ones() -> None:
    """No module reaches back to one that imports it, not even from inside a function (grimp reads every
    import statement; it comes with import-linter)."""
    import grimp

    graph = grimp.build_graph("casefile", include_external_packages=False)
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if module < imported and graph.chain_exists(imported, module):
                cycles.append(f"{module} <-> {imported}")
    assert cycles == []



def test_core_modules_are_read_in_one_sitting() -> None:
    """No module of the core (everything outside gui/) reaches 500 lines (issue 24)."""
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
             for p in ROOT.rglob("*.py") if p.relative_to(ROOT).parts[0] != "gui"}
    assert {name: n for name, n in sizes.items() if n >= 500} == {}
