"""The demo case builds from the sample files with parties, events, evidence and notes."""

from __future__ import annotations

from casefile.context import open_case
from casefile.demo import build_demo_case, ensure_demo_case, sample_files
from casefile.domain.enums import EvidenceKind, PartyRole, Status, TargetType


def test_samples_are_present_and_small():
    names = {p.suffix for p in sample_files()}
    assert {".txt", ".md", ".html", ".srt", ".ogg"} <= names
    assert all(p.stat().st_size < 200_000 for p in sample_files())


def test_demo_case_has_every_kind_of_content(tmp_path):
    path = build_demo_case(tmp_path / "Demo")
    with open_case(path, read_only=True) as case:
        kinds = {e.kind for e in case.evidence.list()}
        assert {EvidenceKind.ARTICLE, EvidenceKind.SOCIAL_POST, EvidenceKind.AUDIO, EvidenceKind.TRANSCRIPT} <= kinds
        parties = {p.name: p for p in case.parties.list()}
        assert parties["Marguerite Okafor"].role is PartyRole.PLAINTIFF
        assert parties["Halvorsen Media Group"].role is PartyRole.DEFENDANT
        assert parties["Ruth Abernathy"].role is PartyRole.COUNSEL
        assert all(parties[n].status is Status.CONFIRMED for n in ("Marguerite Okafor", "Halvorsen Media Group"))
        events = case.events.list()
        confirmed = [e for e in events if e.status is Status.CONFIRMED]
        assert len(confirmed) >= 4 and all(e.citations for e in confirmed)
        suit = next(e for e in confirmed if e.title.startswith("Okafor files"))
        cite = suit.citations[0]
        text = case.evidence.text(cite.evidence_id)
        assert text[cite.char_start:cite.char_end] == cite.quote
        notes = case.notes.list()
        assert any(n.target_type is TargetType.CASE for n in notes)
        assert any(n.target_type is TargetType.EVENT for n in notes)
        assert case.search.search("splice")


def test_ensure_demo_case_reuses_a_complete_build(tmp_path):
    first = ensure_demo_case(tmp_path)
    marker = first / "case.db"
    stamp = marker.stat().st_mtime_ns
    assert ensure_demo_case(tmp_path) == first
    assert marker.stat().st_mtime_ns == stamp
    (first / ".demo-complete").unlink()  # an interrupted build is rebuilt
    assert ensure_demo_case(tmp_path) == first
    assert (first / ".demo-complete").is_file()


def test_samples_ship_inside_the_package() -> None:
    """A wheel carries only the package: the samples must live in it (and be declared as package data)."""
    from pathlib import Path

    import casefile
    from casefile.demo import samples_dir

    package = Path(casefile.__file__).parent
    assert samples_dir().resolve() == (package / "assets" / "samples").resolve()
    root = package.parent
    package_data = (root / "pyproject.toml").read_text(encoding="utf-8").split("[tool.setuptools.package-data]")[1]
    assert '"assets/samples/*"' in package_data.split("\n[")[0]
    assert not (root / "resources" / "samples").exists()


def test_smoke_run_opens_the_demo_and_exits(tmp_path) -> None:
    """What CI runs against the installed wheel: the window opens the demo, says what it holds, exits 0."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, CASEFILE_SMOKE_EXIT="1", QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    out = subprocess.run([sys.executable, "-m", "casefile", "--demo"], capture_output=True, text=True,
                         timeout=300, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    line = out.stdout.strip().splitlines()[-1]
    assert line.startswith("demo: ") and " 0 " not in f" {line} "
    exhibits = int(line.split()[1])
    assert exhibits >= 6
