"""Runs one capture in a worker process of its own and reads its answer; a crash or a hang stays in there."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import casefile
from casefile.capture.job import EXIT_FAILED, WORKER_MODULE, CaptureJob, CaptureResult

START_GRACE_S = 30.0  # beyond the page's time limit: the engine's start, then the picture and PDF (15 s)
POLL_S = 0.05
log = logging.getLogger(__name__)


class CaptureCancelled(Exception):
    """The user cancelled while the page was being captured; the worker was stopped."""


def run_capture(job: CaptureJob, cancelled: Callable[[], bool] | None = None) -> CaptureResult:
    """Start the worker on `job`, wait for it (or for Cancel), and return its result; never raises for a failed
    page, only CaptureCancelled."""
    out = Path(job.out)
    job_path = out / "job.json"
    job.write(job_path)
    env = os.environ.copy()
    root = str(Path(casefile.__file__).resolve().parent.parent)  # a checkout runs without being installed
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with (out / "engine.log").open("wb") as engine_log:
        proc = subprocess.Popen([sys.executable, "-m", WORKER_MODULE, str(job_path)], stdin=subprocess.DEVNULL,
                                stdout=engine_log, stderr=engine_log, env=env, cwd=out,
                                start_new_session=(os.name == "posix"))
        limit = time.monotonic() + job.timeout_s + START_GRACE_S
        try:
            while proc.poll() is None:
                if cancelled is not None and cancelled():
                    raise CaptureCancelled()
                if time.monotonic() > limit:
                    _stop(proc)
                    return CaptureResult(False, job.url, f"it did not finish within the time limit "
                                                         f"({job.timeout_s:g} s)")
                time.sleep(POLL_S)
        except BaseException:
            _stop(proc)
            raise
    result_path = out / "result.json"
    if proc.returncode in (0, EXIT_FAILED) and result_path.is_file():
        result = CaptureResult.read(result_path)
        if proc.returncode == 0 and result.ok:
            return result
        result.ok = False
        result.reason = result.reason or "the capture failed"
        return result
    tail = (out / "engine.log").read_bytes()[-4000:].decode("utf-8", "replace")
    log.warning("capture worker for %s exited with %s; its last output:\n%s", job.url, proc.returncode, tail)
    return CaptureResult(False, job.url, f"the browser engine stopped unexpectedly (exit status {proc.returncode})")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the worker and the engine processes it started (its own process group on POSIX)."""
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
