"""`casefile export --format json` carries each exhibit's text: extracted, recognised (OCR) or transcribed;
null when the exhibit has none."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

from PIL import Image

from casefile.context import Case
from tests.articles import ARTICLE
from tests.test_post_screenshot_drawing import LIGHT, draw_x
from tests.test_post_screenshot_ocr import POSTS

SRT = "1\n00:00:00,000 --> 00:00:02,500\nThe hearing is on April fourteenth.\n"


def _wav(path: Path, seconds: float = 3.0) -> Path:
    """A silent 16 kHz mono WAV made here (the standard library's wave module writes the header)."""
    import wave

    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(struct.pack("<h", 0) * int(16000 * seconds))
    return path


def _by_name(data: dict) -> dict[str, dict]:
    return {e["filename"]: e for e in data["evidence"]}


def test_each_exhibit_carries_its_text_or_null(case: Case, tmp_path: Path) -> None:
    article = tmp_path / "okafor-sues.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    photo = tmp_path / "harbour.png"
    Image.new("RGB", (64, 48), (90, 140, 200)).save(photo)  # a picture without words
    clip = _wav(tmp_path / "voicenote.wav")
    transcript = tmp_path / "voicenote.srt"
    transcript.write_text(SRT, encoding="utf-8")
    report = case.imports.import_paths([article, photo, clip, transcript])
    assert all(o.evidence_id for o in report.outcomes)

    exhibits = _by_name(case.export.as_dict())

    assert exhibits["okafor-sues.txt"]["text"] == case.evidence.text(exhibits["okafor-sues.txt"]["id"])
    assert "Halvorsen" in exhibits["okafor-sues.txt"]["text"]
    assert exhibits["harbour.png"]["text"] is None
    assert "The hearing is on April fourteenth." in exhibits["voicenote.srt"]["text"]
    # a clip without words of its own is exported with its transcript's
    assert exhibits["voicenote.wav"]["text"] == exhibits["voicenote.srt"]["text"]


def test_a_screenshot_exports_its_recognised_text_and_its_post(case: Case, tmp_path: Path) -> None:
    shot = tmp_path / "post.png"
    draw_x(POSTS["x"][0], LIGHT).save(shot)
    case.imports.import_paths([shot])

    data = case.export.as_dict()
    image = next(e for e in data["evidence"] if e["filename"] == "post.png")
    post = next(e for e in data["evidence"] if e["parent"] == image["id"])
    assert "@mlindqvist_news" in image["text"]  # what OCR read on the picture, chrome and all
    assert post["kind"] == "social_post"
    assert post["text"] == POSTS["x"][0].text


def test_the_cli_prints_the_text_field(case: Case, tmp_path: Path) -> None:
    article = tmp_path / "okafor-sues.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    photo = tmp_path / "harbour.png"
    Image.new("RGB", (64, 48), (90, 140, 200)).save(photo)
    report = case.imports.import_paths([article, photo])
    expected = case.evidence.text(report.outcomes[0].evidence_id)
    path = case.path
    case.close()

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-m", "casefile", "export", str(path), "--format", "json"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    exhibits = _by_name(json.loads(out.stdout))
    assert exhibits["okafor-sues.txt"]["text"] == expected
    assert "Halvorsen" in expected
    assert exhibits["harbour.png"]["text"] is None
