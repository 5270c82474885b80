"""Speed of the transcription pass as the import runs it: store, hear, write the transcript exhibit.

    python benchmarks/bench_speech.py [--seconds 60] [--video]

A clip of synthetic speech (espeak-ng, as in the tests) of about `--seconds` is imported with `--quick`, then the
transcription pass is timed end to end through `TranscriptionService.run` (decode, VAD, recognition, WebVTT into
the store, cues and word timings into the case). Prints the real-time factor (pass time / clip length; the
target is <= 0.35 on a 2-core machine) and the model's load time, which happens once per process.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casefile.context import create_case  # noqa: E402
from casefile.speech.model import load_model  # noqa: E402
from tests.test_speech_fixtures import speech_clip  # noqa: E402

SENTENCES = (
    "The tenancy began on the first of June and the rent was paid in cash every month.",
    "On March 3, 2025 the board voted to close the Riverside clinic after a long meeting.",
    "The witness said she saw the van outside the warehouse at about nine in the evening.",
    "Counsel for the landlord asked the court to set a hearing date before the end of April.",
)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seconds", type=float, default=60.0, help="about how long the clip is")
    p.add_argument("--video", action="store_true", help="an .mp4 with a picture, not an .m4a")
    args = p.parse_args(argv)
    started = time.monotonic()
    model, info = load_model()
    if model is None:
        print(info.message, file=sys.stderr)
        return 1
    load_s = time.monotonic() - started
    with tempfile.TemporaryDirectory() as tmp:
        text = " ".join(SENTENCES * max(1, int(args.seconds / 20)))
        clip = speech_clip(Path(tmp) / "in", text, "long.mp4" if args.video else "long.m4a", video=args.video)
        with create_case(Path(tmp) / "bench", "Speech benchmark") as case:
            case.intake.import_paths([clip])
            t = time.monotonic()
            report = case.transcriptions.run()
            spent = time.monotonic() - t
            assert report.transcripts, report.summary()
    print(f"model {info.name}: loaded in {load_s:.2f} s (once per process)")
    print(f"clip {report.clip_seconds:.1f} s: pass {spent:.2f} s (recognition {report.seconds:.2f} s); "
          f"RTF {spent / report.clip_seconds:.3f} (target <= 0.35)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
