"""Two writers at once, as two people would be (separate processes): imports of overlapping batches both
complete with nothing lost or duplicated and unique exhibit numbers; two saves of one event, one is refused as
stale. A server case takes both writers; a local case admits one writer and the other is refused clearly."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from casefile.context import Case, open_case
from casefile.domain.dates import EventDate
from casefile.domain.enums import Status
from casefile.domain.records import EventDraft, EventFilter

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).resolve()



def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def _articles(folder: Path, numbers: range) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in numbers:
        p = folder / f"dispatch-{i:03d}.txt"
        p.write_text(f"date 2024-03-{1 + i % 28:02d}\nDispatch {i}: the council met again over the Harbour Road "
                     f"contract; councillor Okafor asked for the minutes of meeting {i}.\n", encoding="utf-8")
        out.append(p)
    return out


def _import(case_dir: Path, files: list[Path], *, quick: bool = True) -> subprocess.Popen[str]:
    args = ["import", str(case_dir), *(["--quick"] if quick else []), *map(str, files)]
    return subprocess.Popen([sys.executable, "-m", "casefile", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_two_imports_with_their_suggestion_passes_at_once(bcase: Case, tmp_path: Path) -> None:
    """Each import's suggestion pass reads every exhibit still waiting, the other importer's too: on a server
    case both passes met the same exhibits (a duplicate-key failure of the second import, found by hand)."""
    src = tmp_path / "src"
    src.mkdir()
    files = []
    for i in range(80):
        p = src / f"minutes-{i:02d}.txt"
        p.write_text(f"Harbour Road minutes {i}\n\nOn March {1 + i % 28}, 2024 the harbour council voted to subpoena the "
                     f"contract files. Councillor Grace Okafor asked for the minutes of meeting {i}.\n", encoding="utf-8")
        files.append(p)
    case_dir = bcase.path
    bcase.close()

    a, b = _import(case_dir, files[:50], quick=False), _import(case_dir, files[30:], quick=False)
    out_a, err_a = a.communicate(timeout=240)
    out_b, err_b = b.communicate(timeout=240)
    assert a.returncode == 0, out_a + err_a
    assert b.returncode == 0, out_b + err_b

    with open_case(case_dir, read_only=True) as case:
        assert case.suggestions.waiting() == 0
        events = case.events.list(EventFilter(statuses=tuple(Status)))
        cited = [(c.evidence_id, c.char_start, c.char_end) for e in events for c in e.citations]
        assert events  # the dispatches are dated: each gives a suggestion
        assert len(cited) == len(set(cited))  # no passage suggested twice
        names = [p.name for p in case.parties.list(tuple(Status))]
        assert names  # councillor Okafor
        assert len(names) == len(set(names))  # no party created twice


def test_two_imports_of_overlapping_batches_at_once(bcase: Case, tmp_path: Path) -> None:
    files = _articles(tmp_path / "src", range(60))
    first, second = files[:40], files[20:]  # 20 files in both batches
    case_dir = bcase.path
    server = bcase.backend == "postgresql"
    bcase.close()  # the two processes are the writers

    a, b = _import(case_dir, first), _import(case_dir, second)
    out_a, err_a = a.communicate(timeout=240)
    out_b, err_b = b.communicate(timeout=240)
    if not server:  # one writer on a local case: the other is refused in one sentence, and runs after
        codes = sorted([a.returncode, b.returncode])
        assert codes[0] == 0 and codes[1] != 0, (out_a, err_a, out_b, err_b)
        refused = err_b if b.returncode else err_a
        assert "open in another window or program" in refused
        rerun = _import(case_dir, second if b.returncode else first)
        out, err = rerun.communicate(timeout=240)
        assert rerun.returncode == 0, err
    else:
        assert a.returncode == 0, out_a + err_a
        assert b.returncode == 0, out_b + err_b
        lines = [ln for ln in (out_a + out_b).splitlines() if ": " in ln and "dispatch-" in ln]
        assert len(lines) == 80  # every file of both batches has its line
        assert sum(": imported" in ln for ln in lines) == 60  # each file imported exactly once
        assert sum(": duplicate" in ln for ln in lines) == 20  # the other importer says it is already in

    with open_case(case_dir, read_only=True) as case:
        records = case.evidence.list()
        exhibits = sorted(r.exhibit for r in records)
        assert exhibits == list(range(1, 61))  # unique, and no gap
        want = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
        assert {r.sha256 for r in records} == want
        assert case.ctx.store.stored() == want  # one stored original each, none left over
        assert list(case.ctx.store.tmp.iterdir()) == []


def _edit(case_dir: Path, event_id: int, title: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WORKER), "edit", str(case_dir), str(event_id), title],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_env(), cwd=ROOT)


# a server case only: a local case has one writer (the case lock); its stale copies are tested in
# test_team_versions.py and test_team_gui_conflicts.py
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_two_people_saving_one_event_at_once_one_is_told_it_is_stale(backend: str, pg_database: str | None,
                                                                     tmp_path: Path) -> None:
    from tests.backends import new_case

    with new_case(tmp_path, backend, database=pg_database) as case:
        eid = case.events.create(EventDraft(EventDate.on("2024-03-05"), "Council meets"))
        case_dir = case.path
    editors = [_edit(case_dir, eid, "Council meets (Ruth)"), _edit(case_dir, eid, "Council meets (Tomas)")]
    for p in editors:  # both have read the event (version 1) before either saves
        assert p.stdout is not None
        assert p.stdout.readline().strip() == "read 1", p.stderr.read() if p.stderr else ""
    for p in editors:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    results = [p.communicate(timeout=60)[0].strip() for p in editors]
    assert sorted(r.split(":")[0] for r in results) == ["saved", "stale"], results
    winner = next(r for r in results if r.startswith("saved")).split(":", 1)[1]
    loser = next(r for r in results if r.startswith("stale")).split(":", 1)[1]
    assert loser == winner  # the refused one was shown the winner's record
    with open_case(case_dir, read_only=True) as case:
        now = case.events.get(eid)
        assert now.title == winner and now.version == 2


def _edit_worker(case_dir: str, event_id: int, title: str) -> None:
    import dataclasses

    from casefile.domain.errors import StaleEditError
    from casefile.services.event_service import draft_of

    with open_case(case_dir) as case:
        mine = case.events.get(event_id)
        print(f"read {mine.version}", flush=True)
        sys.stdin.readline()
        try:
            case.events.update(event_id, dataclasses.replace(draft_of(mine), title=title), mine.version)
            print(f"saved:{title}", flush=True)
        except StaleEditError as exc:
            print(f"stale:{exc.current.title}", flush=True)


if __name__ == "__main__" and sys.argv[1] == "edit":
    _edit_worker(sys.argv[2], int(sys.argv[3]), sys.argv[4])
