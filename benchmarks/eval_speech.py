"""Word error rate and speed of offline transcription on real recordings of people (not made by us).

    python benchmarks/eval_speech.py [--model-dir DIR] [--beam N] [--cache DIR] [--json OUT]

The recordings are not committed. Each is located, in order: in `--cache` (default ~/.cache/casefile-eval-speech),
in a local git mirror of its repository, else downloaded once from GitHub at a pinned commit, then checked
against its pinned SHA-256. Sources and licences:

- `OSR_us_000_0034_8k.wav`: Open Speech Repository, American English, Harvard sentences list 72 read by a
  person (8 kHz telephone quality, 36 s). OSR's recordings are offered free for testing speech systems; copy
  carried in joinly-ai/joinly (MIT) tests/data with its reference text.
- `jfk.flac`: President John F. Kennedy's inaugural address, 20 January 1961 (11 s; a US government work, public
  domain); copy carried in SYSTRAN/faster-whisper (MIT) tests/data.

WER is (substitutions + deletions + insertions) / reference words after lower-casing and removing punctuation;
the real-time factor (RTF) is transcription time / clip length, model load excluded (it happens once per
process), measured with the same `transcribe()` the import uses (VAD on, word timestamps on).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casefile.speech import transcribe as speech  # noqa: E402
from casefile.speech.model import load_model  # noqa: E402
from casefile.speech.settings import SpeechSettings  # noqa: E402


@dataclass(frozen=True)
class Recording:
    name: str
    repo: str
    commit: str
    path: str
    sha256: str
    licence: str
    reference: str


RECORDINGS = (
    Recording(
        "OSR_us_000_0034_8k.wav", "joinly-ai/joinly", "59472ff1bb6d74aea210537cfb7f8679732cd08a",
        "tests/data/speech_audio/OSR_us_000_0034_8k.wav",
        "baec21fa62e9d9f387b8296eb7b05e38e7b5cb750642bfd4700d3e3c2b3f56f1",
        "Open Speech Repository (free for speech testing); file via joinly (MIT)",
        "A gold ring will please most any girl. The long journey home took a year. She saw a cat in the "
        "neighbor's house. A pink shell was found on the sandy beach. Small children came to see him. The grass "
        "and bushes were wet with dew. The blind man counted his old coins. A severe storm tore down the barn. "
        "She called his name many times. When you hear the bell, come quickly."),
    Recording(
        "jfk.flac", "SYSTRAN/faster-whisper", "65882eee9f5cdbeeb2d877f1131d48cf241b327d", "tests/data/jfk.flac",
        "63a4b1e4c1dc655ac70961ffbf518acd249df237e5a0152faae9a4a836949715",
        "public domain (US government work); file via faster-whisper (MIT)",
        "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your "
        "country."),
)


def words(text: str) -> list[str]:
    return re.sub(r"[^\w\s']", " ", text.casefold().replace("-", " ")).split()


def wer(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edits, reference words): word-level Levenshtein distance."""
    ref, hyp = words(reference), words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1], len(ref)


def locate(rec: Recording, cache: Path) -> Path:
    """The recording in the cache, from a local mirror, or downloaded at its pinned commit; digest checked."""
    target = cache / rec.name
    if not target.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        mirror = Path("/work/.mirror") / rec.repo.replace("/", "+") / "repo"
        data = None
        if mirror.is_dir():
            done = subprocess.run(["git", "-C", str(mirror), "show", f"{rec.commit}:{rec.path}"],
                                  capture_output=True, check=False)
            data = done.stdout if done.returncode == 0 else None
        if data is None:
            url = f"https://raw.githubusercontent.com/{rec.repo}/{rec.commit}/{rec.path}"
            with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - a pinned https URL
                data = response.read()
        target.write_bytes(data)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    if digest != rec.sha256:
        raise SystemExit(f"{target}: SHA-256 {digest} is not the pinned {rec.sha256}; delete it and run again")
    return target


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model-dir", default="", help="a CTranslate2 Whisper folder (default: the shipped tiny.en)")
    p.add_argument("--beam", type=int, default=speech.BEAM_SIZE, help="beam size (the app uses %(default)s)")
    p.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "casefile-eval-speech")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    speech.BEAM_SIZE = args.beam
    started = time.monotonic()
    model, info = load_model(SpeechSettings(model_dir=args.model_dir))
    if model is None:
        print(info.message, file=sys.stderr)
        return 1
    load_s = time.monotonic() - started
    print(f"model {info.name} ({info.path}), beam {args.beam}, {os.cpu_count()} cores, loaded in {load_s:.2f} s")
    rows = []
    for rec in RECORDINGS:
        path = locate(rec, args.cache)
        result = speech.transcribe(model, path, model_name=info.name, multilingual=info.multilingual)
        edits, n = wer(rec.reference, result.text)
        clip_s = result.duration_ms / 1000
        rows.append({"recording": rec.name, "source": f"{rec.repo}@{rec.commit[:10]}", "licence": rec.licence,
                     "seconds": round(clip_s, 2), "edits": edits, "words": n, "wer": round(edits / n, 4),
                     "transcribe_s": round(result.seconds, 2), "rtf": round(result.seconds / clip_s, 3),
                     "hypothesis": result.text.replace("\n", " ")})
        print(f"{rec.name:28} {clip_s:6.1f} s  WER {edits / n:6.1%} ({edits}/{n})  RTF {result.seconds / clip_s:.3f}")
        print(f"    heard: {rows[-1]['hypothesis']}")
    edits = sum(r["edits"] for r in rows)
    n = sum(r["words"] for r in rows)
    spent = sum(r["transcribe_s"] for r in rows)
    length = sum(r["seconds"] for r in rows)
    print(f"{'all':28} {length:6.1f} s  WER {edits / n:6.1%} ({edits}/{n})  RTF {spent / length:.3f} "
          f"(target <= 0.35)")
    if args.json:
        args.json.write_text(json.dumps({"model": info.name, "beam": args.beam, "load_s": round(load_s, 2),
                                         "wer": round(edits / n, 4), "rtf": round(spent / length, 3),
                                         "recordings": rows}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
