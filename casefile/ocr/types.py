"""What OCR hands to the rest of CaseFile: words with their boxes, grouped into lines, on one page or image.

Kept free of any engine so importers, the screenshot-of-a-post reader and the preview share one shape.
Coordinates are pixels of the original image (before any enlargement for reading), origin top left.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OcrWord:
    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float  # 0..100, as Tesseract reports it


@dataclass(frozen=True)
class OcrLine:
    words: tuple[OcrWord, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def box(self) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) around every word of the line."""
        return (min(w.left for w in self.words), min(w.top for w in self.words),
                max(w.left + w.width for w in self.words), max(w.top + w.height for w in self.words))


@dataclass
class OcrPage:
    width: int
    height: int
    lines: list[OcrLine] = field(default_factory=list)
    engine: str = ""  # e.g. "tesseract 5.5.4 (eng)"

    @property
    def text(self) -> str:
        """The recognised text, one line per line; blocks are separated by the engine's own line order."""
        return "\n".join(line.text for line in self.lines)
