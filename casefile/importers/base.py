"""What an importer produces, the contract every importer follows, and its resource limits.

An importer is pure: it reads a path (the stored, read-only copy of an original) and returns an
`ImportedItem`. It never writes into the case, never executes content and never touches the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from casefile.domain.dates import CaseDate
from casefile.domain.enums import EvidenceKind


@dataclass(frozen=True)
class Limits:
    """Budgets an importer must respect; exceeding one raises ImportFailedError with a clear reason."""

    max_text_chars: int = 5_000_000
    max_parse_bytes: int = 200 * 1024 * 1024  # files larger than this are stored but not parsed
    max_pages: int = 2_000
    max_uncompressed_bytes: int = 500 * 1024 * 1024  # zip-based documents (docx, odt, xlsx)
    max_attachments: int = 200
    max_image_pixels: int = 100_000_000  # width × height; larger images are refused (decompression bombs)
    thumbnail_px: int = 256
    seconds: float = 60.0


@dataclass
class Cue:
    """One timed line of a transcript or subtitle file."""

    start_ms: int
    end_ms: int
    text: str
    char_start: int = 0  # span of the cue inside the item's text
    char_end: int = 0


@dataclass
class Attachment:
    """A file carried inside another (an e-mail attachment); imported as evidence of its own."""

    filename: str
    data: bytes
    media_type: str = "application/octet-stream"


@dataclass
class ImportedItem:
    """Everything an importer learned from one file (or one embedded item within it)."""

    kind: EvidenceKind
    media_type: str
    title: str = ""
    author: str = ""
    published: CaseDate | None = None
    url: str = ""
    text: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    # char offsets where each page starts in `text` (PDF); page n (1-based) starts at page_starts[n-1]
    page_starts: list[int] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    # embedded items without a file of their own (e.g. social posts quoted in an article)
    children: list[ImportedItem] = field(default_factory=list)
    # files carried inside this one (e-mail attachments)
    attachments: list[Attachment] = field(default_factory=list)
    thumbnail_png: bytes | None = None
    # character span of this child inside the parent's text, when it is quoted there
    span_in_parent: tuple[int, int] | None = None
    # `transcript_of` etc.: stem of a clip this file belongs to (resolved by the import service)
    link_stem: str = ""
    warnings: list[str] = field(default_factory=list)


class Importer(Protocol):
    """One kind of file. `sniff` scores the content (0 = not mine, 1 = certainly mine)."""

    name: str
    kinds: tuple[EvidenceKind, ...]
    extensions: tuple[str, ...]

    def sniff(self, head: bytes, name: str) -> float:
        """Score the first bytes of the file; `name` is the original file name (for its extension)."""
        ...

    def read(self, path: Path, name: str, limits: Limits) -> ImportedItem:
        """Read the stored copy at `path` (no extension: it is named by its hash); `name` is the original."""
        ...
