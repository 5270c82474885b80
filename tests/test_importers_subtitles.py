"""Subtitles and transcripts: cues with times and spans, and the stem that links them to a clip."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers.base import Limits
from casefile.importers.registry import default_registry
from casefile.importers.subtitles import IMPORTER, link_stem
from tests import fixture_files as ff


def read(src: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    store.mkdir(exist_ok=True)
    return default_registry().read(ff.stored_copy(src, store), src.name, Limits())


def test_srt(tmp_path: Path) -> None:
    importer, item = read(ff.make_srt(tmp_path / "interview.en.srt"), tmp_path)
    assert importer.name == "subtitles"
    assert item.kind is EvidenceKind.TRANSCRIPT
    assert item.link_stem == "interview"
    assert [(c.start_ms, c.end_ms) for c in item.cues] == [(1000, 4200), (4500, 8000), (62250, 65000)]
    assert item.cues[1].text == "We stand by our reporting, every word of it."  # tags gone, lines joined
    assert item.text == "\n".join(c.text for c in item.cues)
    for cue in item.cues:
        assert item.text[cue.char_start : cue.char_end] == cue.text


def test_vtt_with_voices_notes_and_short_times(tmp_path: Path) -> None:
    _, item = read(ff.make_vtt(tmp_path / "press-event.vtt"), tmp_path)
    assert item.link_stem == "press-event"
    assert [c.text for c in item.cues] == [
        "Ingrid Sæther: We will defend this case.",
        "Daniel Reyes: We look forward to it.",
    ]
    assert (item.cues[1].start_ms, item.cues[1].end_ms) == (3500, 6000)


def test_timestamped_txt_is_a_transcript(tmp_path: Path) -> None:
    importer, item = read(ff.make_transcript_txt(tmp_path / "okafor-interview.txt"), tmp_path)
    assert importer.name == "subtitles"
    assert item.link_stem == "okafor-interview"
    assert [c.start_ms for c in item.cues] == [3000, 9000, 11000]
    assert item.cues[0].end_ms == 9000
    assert item.cues[0].text == "Marguerite Okafor: I was told to keep quiet."
    assert item.text[item.cues[2].char_start : item.cues[2].char_end].startswith("Marguerite Okafor: By")


def test_plain_article_txt_is_not_a_transcript(tmp_path: Path) -> None:
    importer, _ = read(ff.write_article_txt(tmp_path / "okafor-interview.txt"), tmp_path)
    assert importer.name == "text"


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("interview.en.srt", "interview"),
        ("interview.srt", "interview"),
        ("clip 2025.01.27.en-US.vtt", "clip 2025.01.27"),
        ("voice-note.transcript.txt", "voice-note"),
    ],
)
def test_link_stem(name: str, stem: str) -> None:
    assert link_stem(name) == stem


def test_srt_without_cues_fails(tmp_path: Path) -> None:
    src = tmp_path / "empty.srt"
    src.write_text("1\n\n2\n", encoding="utf-8")
    with pytest.raises(ImportFailedError, match="no timed lines"):
        IMPORTER.read(src, "empty.srt", Limits())
