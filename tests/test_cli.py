"""The CLI end to end, as automated checks and scripts use it (a real subprocess each time)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.articles import ARTICLE
from tests.backends import throwaway_database

POST_ARTICLE = """date 2024-06-02 Halvorsen hits back at Okafor on social media

By Tomasz Wierzbicki

Halvorsen Media Group answered Marguerite Okafor's lawsuit on Saturday with a statement posted on X.

We stand by our reporting and will defend it in court. — Halvorsen Media Group (@HalvorsenMG) June 1, 2024

Okafor's attorney, Ruth Abernathy, called the statement "a second defamation" in an interview on May 30, 2024.
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "casefile", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120)


@pytest.fixture
def db_args(backend: str, pg_database: str | None) -> list[str]:
    """What `casefile new` needs beyond the folder: nothing for a local case, `--database URL` for a team case."""
    return ["--database", pg_database] if pg_database else []


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "collected"
    src.mkdir()
    (src / "okafor-sues.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "halvorsen-hits-back.txt").write_text(POST_ARTICLE, encoding="utf-8")
    (src / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    (src / "empty.txt").write_bytes(b"")
    return src


def test_new_import_export_round_trip(tmp_path: Path, folder: Path, backend: str, db_args: list[str]) -> None:
    case_dir = tmp_path / "okafor"
    r = run("new", str(case_dir), "--title", "Okafor v. Halvorsen", *db_args)
    assert r.returncode == 0, r.stderr
    made = tmp_path / "okafor.casefile"
    if backend == "sqlite":
        assert (made / "case.db").is_file()
    else:
        assert sorted(p.name for p in made.iterdir()) == ["casefile-server.json", "evidence"]
        assert r.stdout.strip() == f"created {made} (records in {db_args[1]})"

    r = run("import", str(case_dir), str(folder))
    lines = dict(line.split(": ", 1) for line in r.stdout.strip().splitlines())
    assert r.returncode == 1, r.stdout + r.stderr  # some failed, the rest imported
    assert lines[str(folder / "okafor-sues.txt")].startswith("imported")
    assert lines[str(folder / "halvorsen-hits-back.txt")].startswith("imported")
    assert lines[str(folder / "broken.pdf")].startswith("failed: ")
    assert lines[str(folder / "empty.txt")].startswith("failed: ")
    assert "Traceback" not in r.stderr

    again = run("import", str(case_dir), str(folder / "okafor-sues.txt"))
    assert again.returncode == 0 and again.stdout.split(": ", 1)[1].startswith("duplicate")

    out = tmp_path / "case.json"
    r = run("export", str(case_dir), "--format", "json", "-o", str(out))
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["case"] == {"title": "Okafor v. Halvorsen", "description": ""}
    assert {"id", "name", "kind", "role", "aliases", "status"} <= set(data["parties"][0])
    names = {p["name"] for p in data["parties"]}
    assert {"Marguerite Okafor", "Halvorsen Media Group"} <= names
    ev = data["events"][0]
    assert {"id", "date", "qualifier", "end", "title", "description", "status", "origin", "parties",
            "sources"} <= set(ev)
    assert all(e["status"] == "suggested" and e["origin"] == "extracted" for e in data["events"])
    dates = [e["date"] for e in data["events"]]
    assert "2024-03-12" in dates and "2024-06-01" in dates
    assert all(s["quote"] for e in data["events"] for s in e["sources"])
    exhibits = {e["filename"]: e for e in data["evidence"]}
    assert len(exhibits["okafor-sues.txt"]["sha256"]) == 64
    assert exhibits["okafor-sues.txt"]["published"] == "2024-03-14"
    assert any(e["kind"] == "social_post" for e in data["evidence"])
    assert data["notes"] == []
    if backend == "postgresql":  # still no database file, and no lock left behind
        assert not [p for p in made.rglob("*") if p.suffix in (".db", ".lock") or "case.db" in p.name]


def test_export_csv_and_search(tmp_path: Path, folder: Path, db_args: list[str]) -> None:
    case_dir = tmp_path / "c"
    assert run("new", str(case_dir), "--title", "T", *db_args).returncode == 0
    run("import", str(case_dir), str(folder / "okafor-sues.txt"))
    r = run("export", str(case_dir), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows and {"date", "title", "parties", "sources"} <= set(rows[0])
    r = run("search", str(case_dir), "doctored")
    assert r.returncode == 0 and "[doctored" in r.stdout


def test_verify_reports_altered_and_missing(tmp_path: Path, folder: Path) -> None:
    # a local case only: verify on a team case is tested with the server commands (tests/test_server_commands.py)
    case_dir = tmp_path / "c"
    assert run("new", str(case_dir), "--title", "T").returncode == 0
    run("import", str(case_dir), str(folder / "okafor-sues.txt"), str(folder / "halvorsen-hits-back.txt"))
    assert run("verify", str(case_dir)).returncode == 0
    stored = sorted(p for p in (tmp_path / "c.casefile" / "evidence").rglob("*") if p.is_file()
                    and ".tmp" not in p.parts)
    os.chmod(stored[0], 0o644)
    stored[0].write_bytes(b"tampered")
    stored[1].unlink()
    r = run("verify", str(case_dir))
    assert r.returncode == 1
    assert "altered" in r.stdout and "missing" in r.stdout


def test_errors_are_one_clear_sentence(tmp_path: Path, db_args: list[str]) -> None:
    r = run("import", str(tmp_path / "no-such-case"), str(tmp_path))
    assert r.returncode == 2 and "No case at" in r.stderr and "Traceback" not in r.stderr
    r = run("export", str(tmp_path / "no-such-case"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = run("frobnicate")
    assert r.returncode == 2
    case_dir = tmp_path / "c"
    assert run("new", str(case_dir), "--title", "T", *db_args).returncode == 0
    r = run("import", str(case_dir), str(tmp_path / "missing-file.txt"))
    assert r.returncode == 1 and "failed: file not found" in r.stdout


def test_chronology_spreadsheet_round_trips_through_csv_export(tmp_path: Path, folder: Path, backend: str,
                                                               db_args: list[str]) -> None:
    first = tmp_path / "first"
    assert run("new", str(first), "--title", "T", *db_args).returncode == 0
    run("import", str(first), str(folder / "okafor-sues.txt"))
    chronology = tmp_path / "chronology.csv"
    chronology.write_text(
        "Date,Event,Description,Who,Source,Status\n"
        "2024-02-03,Recording published,Four-minute clip on Halvorsen Review,Halvorsen Media Group,Ex. 1,confirmed\n"
        "March 2024,Okafor hires counsel,,Marguerite Okafor; Ruth Abernathy,,disputed\n"
        "c. 2023,Book deal signed,,Marguerite Okafor,,\n"
        "not a date,Broken row,,,,\n",
        encoding="utf-8",
    )
    r = run("import", str(first), str(chronology))
    assert r.returncode == 0 and "1 rows not imported" in r.stdout
    exported = tmp_path / "timeline.csv"
    run("export", str(first), "--format", "csv", "-o", str(exported))

    second = tmp_path / "second"
    if backend == "postgresql":
        with throwaway_database() as url:
            assert run("new", str(second), "--title", "T", "--database", url).returncode == 0
            assert run("import", str(second), str(exported)).returncode == 0
            second_timeline = _timeline(second)
    else:
        run("new", str(second), "--title", "T")
        assert run("import", str(second), str(exported)).returncode == 0
        second_timeline = _timeline(second)

    made = _timeline(first)
    assert ("2024-03", "on", None, "Okafor hires counsel", "", "disputed", ("Marguerite Okafor", "Ruth Abernathy"),
            ()) in made
    assert any(t[0] == "2023" and t[1] == "around" for t in made)
    assert second_timeline == made
    # "Ex. 1" in the sheet cites exhibit 1 of the case it is imported into
    data = json.loads(run("export", str(first), "--format", "json").stdout)
    published = next(e for e in data["events"] if e["title"] == "Recording published")
    assert [s["exhibit"] for s in published["sources"]] == [1]


def _timeline(case_dir: Path) -> list[tuple]:
    data = json.loads(run("export", str(case_dir), "--format", "json").stdout)
    names = {p["id"]: p["name"] for p in data["parties"]}
    return sorted((e["date"], e["qualifier"], e["end"], e["title"], e["description"], e["status"],
                   tuple(sorted(names[i] for i in e["parties"])), tuple(sorted(e["tags"])))
                  for e in data["events"])

