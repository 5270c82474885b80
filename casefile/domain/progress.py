"""One progress type for every long job (import passes, pages read later, moving a case to a server): a stage, a
count, a name.

The CLI turns it into a live line (`line()`), the app into a bar; a stage tells which pass is running.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from casefile.domain.printable import printable


class Stage(str, Enum):
    """The passes of an import, in order, then reading the pages an import left, then the stages of moving a case to
    a server."""

    STORE = "store"  # pass 1: keep the original and read it
    TRANSCRIBE = "transcribe"  # clips heard, so suggestions read what was said
    SUGGEST = "suggest"  # pass 2: events and parties found in the text
    ANCHOR = "anchor"  # citations of a transcript pointed at the clip's moment
    PAGES = "pages"  # a long scan's pages an import left, read later (`casefile ocr`)
    ORIGINALS = "originals"  # moving: re-hashing every original
    COPY = "copy"  # moving: rows copied
    CHECK = "check"  # moving: the copy read back

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Stage.STORE: "storing and reading", Stage.TRANSCRIBE: "transcribing clips", Stage.SUGGEST: "finding suggestions",
    Stage.ANCHOR: "anchoring citations", Stage.PAGES: "reading pages left", Stage.ORIGINALS: "checking originals",
    Stage.COPY: "copying rows", Stage.CHECK: "checking the copy",
}

# the live line of each stage that has its own wording (`next`: the item being worked on, counted from 1)
_LINES = {
    Stage.STORE: "Importing {stored} of {p.total}: {name}",
    Stage.TRANSCRIBE: "Transcribing {next} of {p.total} ({p.fraction:.0%}): {name}",
    Stage.SUGGEST: "Finding suggestions {next} of {p.total}: {name}",
    Stage.PAGES: "Reading {name}",
    Stage.ORIGINALS: "Checking originals {p.done:,} of {p.total:,}: {name}",
    Stage.COPY: "Copying rows {p.done:,} of {p.total:,} ({p.current})",
    Stage.CHECK: "Checking all {p.total:,} rows of the copy against the case",
}


@dataclass(frozen=True)
class Progress:
    stage: Stage
    done: int  # items finished (files, clips, exhibits, rows)
    total: int  # items found when the stage started
    current: str = ""  # the item being worked on ("" when the stage ends; "Ex. 4: page 12 of 300" for a page)
    fraction: float = 0.0  # how far into the current item (a clip being heard)
    bytes_done: int = 0  # a large original being copied
    bytes_total: int = 0

    def line(self) -> str:
        """The live line the CLI shows."""
        template = _LINES.get(self.stage)
        if template is None:
            return f"{self.stage.label.capitalize()} {self.done} of {self.total}"
        return template.format(p=self, name=printable(self.current), next=self.done + 1,
                               stored=min(self.done + 1, self.total))


ProgressFn = Callable[[Progress], None]
CancelFn = Callable[[], bool]

__all__ = ["CancelFn", "Progress", "ProgressFn", "Stage"]
