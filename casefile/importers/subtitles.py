"""Subtitles and transcripts (`.srt`, `.vtt`, timestamped `.txt`): timed cues linked to their clip."""

from __future__ import annotations

import html
import re
from pathlib import Path, PurePath

from casefile.domain.enums import EvidenceKind
from casefile.domain.errors import ImportFailedError
from casefile.importers._common import decode_text, looks_like_text, normalise_newlines, read_bytes
from casefile.importers.base import Cue, ImportedItem, Limits

SUBTITLE_EXTENSIONS = (".srt", ".vtt", ".txt")

_TS = r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?"
_ARROW = re.compile(rf"^\s*{_TS}\s*-->\s*{_TS}(.*)$")
# `[00:01:23] Speaker: words`, `00:01:23 words`, `(01:23) words`, `00:01:23 - words`
_TXT_LINE = re.compile(rf"^\s*[\[(]?{_TS}[\])]?\s*(?:[-–—:|]\s*)?(.*)$")
_TAG = re.compile(r"<[^>]+>")
_VOICE = re.compile(r"<v(?:\.[\w.]+)?\s+([^>]+)>")
# language or role suffixes of subtitle names: `interview.en.srt`, `clip.en-US.vtt`, `clip.transcript.txt`
_NAME_SUFFIX = re.compile(
    r"^(?:[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?|transcript|captions?|subs?|subtitles?|forced|sdh)$", re.I
)


def link_stem(name: str) -> str:
    """The stem of the clip a subtitle belongs to: `interview.en.srt` → `interview`."""
    stem = PurePath(name).name
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    while "." in stem:
        base, last = stem.rsplit(".", 1)
        if not _NAME_SUFFIX.match(last) or not base:
            break
        stem = base
    return stem


def _ms(h: str | None, m: str, s: str, frac: str | None) -> int:
    frac_ms = int((frac or "0").ljust(3, "0")[:3])
    return ((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + frac_ms


def _timestamped_share(lines: list[str]) -> float:
    content = [ln for ln in lines if ln.strip()]
    if not content:
        return 0.0
    hits = sum(1 for ln in content if _TXT_LINE.match(ln) and _is_stamp_line(ln))
    return hits / len(content)


def _is_stamp_line(line: str) -> bool:
    """A line that begins with a timestamp (not a sentence that merely starts with a number)."""
    m = _TXT_LINE.match(line)
    if not m:
        return False
    return m.group(1) is not None or line.lstrip().startswith(("[", "("))


class SubtitleImporter:
    name = "subtitles"
    kinds = (EvidenceKind.TRANSCRIPT,)
    extensions = SUBTITLE_EXTENSIONS

    def sniff(self, head: bytes, name: str) -> float:
        if not looks_like_text(head):
            return 0.0
        try:
            sample = normalise_newlines(decode_text(head[:4096], name)[0]).lstrip("\ufeff")
        except ImportFailedError:
            return 0.0
        if sample.startswith("WEBVTT"):
            return 0.95
        lines = sample.split("\n")[:40]
        if any(_ARROW.match(ln) for ln in lines[:12]):
            return 0.9
        if len([ln for ln in lines if ln.strip()]) >= 2 and _timestamped_share(lines[:-1] or lines) >= 0.6:
            return 0.7
        return 0.0

    def read(self, path: Path, name: str, limits: Limits) -> ImportedItem:
        raw, encoding = decode_text(read_bytes(path, limits), name)
        text = normalise_newlines(raw).lstrip("\ufeff")
        if text.startswith("WEBVTT"):
            cues, fmt = parse_vtt(text), "vtt"
        elif any(_ARROW.match(ln) for ln in text.split("\n", 40)[:40]):
            cues, fmt = parse_srt(text), "srt"
        else:
            cues, fmt = parse_timestamped_text(text), "txt"
        if not cues:
            raise ImportFailedError("no timed lines found: this is not a subtitle or transcript file")
        joined = join_cues(cues)
        media = {"vtt": "text/vtt", "srt": "application/x-subrip", "txt": "text/plain"}[fmt]
        stem = link_stem(name)
        return ImportedItem(
            kind=EvidenceKind.TRANSCRIPT,
            media_type=media,
            title=stem,
            text=joined,
            cues=cues,
            link_stem=stem,
            metadata={
                "format": fmt,
                "encoding": encoding,
                "cue_count": len(cues),
                "duration_s": cues[-1].end_ms / 1000,
            },
        )


def join_cues(cues: list[Cue]) -> str:
    """The cues' text joined by newlines; fills each cue's char span in that text."""
    parts: list[str] = []
    pos = 0
    for cue in cues:
        cue.char_start = pos
        cue.char_end = pos + len(cue.text)
        parts.append(cue.text)
        pos = cue.char_end + 1
    return "\n".join(parts)


def _clean(text: str) -> str:
    text = _VOICE.sub(lambda m: m.group(1).strip() + ": ", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    return " ".join(text.split())


def parse_srt(text: str) -> list[Cue]:
    return _block_cues(re.split(r"\n\s*\n", text.strip()), timing_within=3)


def parse_vtt(text: str) -> list[Cue]:
    blocks = [b for b in re.split(r"\n\s*\n", text.strip())[1:] if not b.startswith(("NOTE", "STYLE", "REGION"))]
    return _block_cues(blocks, timing_within=2)


def _block_cues(blocks: list[str], timing_within: int) -> list[Cue]:
    """Cues of SRT/VTT blocks: a `start --> end` line among a block's first lines, the text after it."""
    cues: list[Cue] = []
    for block in blocks:
        lines = block.split("\n")
        for i, line in enumerate(lines[:timing_within]):
            m = _ARROW.match(line)
            if m:
                body = _clean(" ".join(lines[i + 1 :]))
                if body:
                    cues.append(Cue(_ms(*m.group(1, 2, 3, 4)), _ms(*m.group(5, 6, 7, 8)), body))
                break
    return cues


def parse_timestamped_text(text: str) -> list[Cue]:
    """`[00:01:23] Speaker: words` lines; a cue ends where the next begins (the last lasts 5 s)."""
    cues: list[Cue] = []
    for line in text.split("\n"):
        m = _TXT_LINE.match(line) if _is_stamp_line(line) else None
        if m:
            body = " ".join(m.group(5).split())
            cues.append(Cue(_ms(*m.group(1, 2, 3, 4)), 0, body))
        elif line.strip() and cues:  # a continuation line
            cues[-1].text = (cues[-1].text + " " + " ".join(line.split())).strip()
    cues = [c for c in cues if c.text]
    for cue, nxt in zip(cues, cues[1:], strict=False):
        cue.end_ms = max(cue.start_ms, nxt.start_ms)
    if cues:
        cues[-1].end_ms = cues[-1].start_ms + 5000
    return cues


IMPORTER = SubtitleImporter()
