"""The tests' network guard reaches every process: this one, the spawned reader workers and subprocesses."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import sitecustomize  # tests/netguard, put on the path by conftest


def test_guard_is_on_in_the_test_process() -> None:
    assert sitecustomize.probe() == "refused by the guard"


def test_guard_reaches_spawned_reader_workers() -> None:
    # the import pipeline's reader pool: spawned interpreters that inherit nothing but the environment
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert pool.submit(sitecustomize.probe).result(timeout=60) == "refused by the guard"


def test_guard_reaches_subprocesses() -> None:
    out = subprocess.run([sys.executable, "-c", "import sitecustomize; print(sitecustomize.probe())"],
                         capture_output=True, text=True, timeout=60, env=os.environ.copy())
    assert out.stdout.strip() == "refused by the guard", out.stderr
