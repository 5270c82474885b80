"""Memory and Ctrl+C latency of transcribing a long silent clip (issue 26: 3 hours took 2.6 GB and 23 s to stop).

    python benchmarks/bench_speech_long.py [--minutes 60] [--stop-after 5] [--json FILE]

A silent FLAC of `--minutes` is generated, then each measurement runs in a child process of its own, so its peak
RSS (`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`) is that run's alone:

- `decode_whole` (reference): faster-whisper's `decode_audio` of the whole clip, the way it was read before;
- `transcribe_full`: `casefile.speech.transcribe.transcribe` over the whole clip (decode + VAD + recognition, in
  30 s windows), timed;
- `ctrl_c`: the same, with the CLI's handling of a first Ctrl+C (a flag the pass looks at); SIGINT is sent
  `--stop-after` seconds in, and the time from the signal to the child's exit is the latency.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script from a checkout: its casefile, not an installed one
    sys.path.insert(0, str(ROOT))

from casefile.testing.audio import silent_flac  # noqa: E402

CHILD = r"""
import resource, signal, sys, threading, time
from pathlib import Path
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux: this process's own peak
mode, clip = sys.argv[1], Path(sys.argv[2])
if mode == "decode_whole":
    from faster_whisper import decode_audio
    audio = decode_audio(str(clip), sampling_rate=16000)
    print(f"peak {peak()} samples {len(audio)}", flush=True)
    sys.exit(0)
from casefile.speech.model import load_model
from casefile.speech.transcribe import TranscriptionCancelled, transcribe
model, info = load_model()
stop = threading.Event()
signal.signal(signal.SIGINT, lambda *_: stop.set())  # the CLI's first Ctrl+C: cancel, finish cleanly
print("ready", flush=True)
t = time.monotonic()
try:
    result = transcribe(model, clip, model_name=info.name, cancelled=stop.is_set)
    print(f"peak {peak()} done {result.duration_ms} ms heard", flush=True)
except TranscriptionCancelled:
    print(f"peak {peak()} cancelled", flush=True)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", ""))
                                                        if p)}


def run_child(mode: str, clip: Path, stop_after: float | None = None) -> dict[str, float | str]:
    """One measurement in a fresh process: its wall time, peak RSS, and (with `stop_after`) Ctrl+C latency."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, mode, str(clip)], stdout=subprocess.PIPE, text=True,
                            env=_env())
    assert proc.stdout is not None
    latency = -1.0
    if mode != "decode_whole":
        assert proc.stdout.readline().strip() == "ready"  # the model is loaded: time the pass only
        started = time.monotonic()
    if stop_after is not None:
        time.sleep(stop_after)
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out = proc.communicate()[0]
        latency = time.monotonic() - sent
    else:
        out = proc.communicate()[0]
    wall = time.monotonic() - started
    words = out.split()
    peak_kb = int(words[words.index("peak") + 1])
    return {"mode": mode, "wall_s": round(wall, 2), "peak_rss_mb": round(peak_kb / 1024, 1),
            "ctrl_c_latency_s": round(latency, 2), "out": " ".join(words[words.index("peak") + 2:])}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--minutes", type=float, default=60.0)
    p.add_argument("--stop-after", type=float, default=2.0, help="seconds into the pass when Ctrl+C is sent")
    p.add_argument("--json", type=Path, default=Path("bench_speech_long.json"))
    p.add_argument("--skip-reference", action="store_true", help="do not measure the whole-clip decode")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        clip = silent_flac(Path(tmp) / "silence.flac", args.minutes * 60)
        rows = [run_child("ctrl_c", clip, args.stop_after), run_child("transcribe_full", clip)]
        if not args.skip_reference:
            rows.append(run_child("decode_whole", clip))
    print(f"{args.minutes:g}-minute silent FLAC, 16 kHz mono windows of 30 s")
    print(f"{'run':<16} {'wall s':>8} {'peak RSS MB':>12} {'Ctrl+C s':>9}  note")
    for r in rows:
        latency = f"{r['ctrl_c_latency_s']:.2f}" if float(r["ctrl_c_latency_s"]) >= 0 else "-"
        print(f"{r['mode']:<16} {r['wall_s']:>8.2f} {r['peak_rss_mb']:>12.1f} {latency:>9}  {r['out']}")
    args.json.write_text(json.dumps({"minutes": args.minutes, "runs": rows}, indent=2), encoding="utf-8")
    print(f"written {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
