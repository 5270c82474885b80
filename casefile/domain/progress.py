"""One progress type for every long job (import passes, moving a case to a server): a stage, a count, a name.

The CLI turns it into a live line (`line()`), the app into a bar; a stage tells which pass is running.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from casefile.domain.printable import printable


class Stage(str, Enum):
    """The passes of an import, in order, then the stages of moving a case to a server."""

    STORE = "store"  # pass 1: keep the original and read it
    TRANSCRIBE = "transcribe"  # clips heard, so suggestions read what was said
    SUGGEST = "suggest"  # pass 2: events and parties found in the text
    ANCHOR = "anchor"  # citations of a transcript pointed at the clip's moment
    ORIGINALS = "originals"  # moving: re-hashing every original
    COPY = "copy"  # moving: rows copied
    CHECK = "check"  # moving: the copy read back

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Stage.STORE: "storing and reading", Stage.TRANSCRIBE: "transcribing clips", Stage.SUGGEST: "finding suggestions",
    Stage.ANCHOR: "anchoring citations", Stage.ORIGINALS: "checking originals", Stage.COPY: "copying rows",
    Stage.CHECK: "checking the copy",
}


@dataclass(frozen=True)
class Progress:
    stage: Stage
    done: int  # items finished (files, clips, exhibits, rows)
    total: int  # items found when the stage started
    current: str = ""  # the item being worked on ("" when the stage ends)
    fraction: float = 0.0  # how far into the current item (a clip being heard)
    bytes_done: int = 0  # a large original being copied
    bytes_total: int = 0

    def line(self) -> str:
        """The live line the CLI shows."""
        name = printable(self.current)
        if self.stage is Stage.STORE:
            return f"Importing {min(self.done + 1, self.total)} of {self.total}: {name}"
        if self.stage is Stage.TRANSCRIBE:
            return f"Transcribing {self.done + 1} of {self.total} ({self.fraction:.0%}): {name}"
        if self.stage is Stage.SUGGEST:
            return f"Finding suggestions {self.done + 1} of {self.total}: {name}"
        if self.stage is Stage.ORIGINALS:
            return f"Checking originals {self.done:,} of {self.total:,}: {name}"
        if self.stage is Stage.COPY:
            return f"Copying rows {self.done:,} of {self.total:,} ({self.current})"
        if self.stage is Stage.CHECK:
            return f"Checking all {self.total:,} rows of the copy against the case"
        return f"{self.stage.label.capitalize()} {self.done} of {self.total}"


ProgressFn = Callable[[Progress], None]
CancelFn = Callable[[], bool]

__all__ = ["CancelFn", "Progress", "ProgressFn", "Stage"]
