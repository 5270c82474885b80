"""One way to say a size: "512 B", "12.3 KB", "340 MB" (and, where the exact count matters, the bytes too); and one
way to say a count of things: "1 page", "3 pages"."""

from __future__ import annotations


def format_size(n: int) -> str:
    """A size for people: bytes below 1 KB, one decimal below 100 of a unit, whole units above."""
    if n < 1024:
        return f"{n} B"
    size, unit = n / 1024, "KB"
    for bigger in ("MB", "GB", "TB"):
        if size < 1024:
            break
        size, unit = size / 1024, bigger
    return f"{size:.1f} {unit}" if size < 100 else f"{size:.0f} {unit}"


def format_size_exact(n: int) -> str:
    """The size for people followed by the exact byte count, for an index or a details pane."""
    return f"{n:,} bytes" if n < 1024 else f"{format_size(n)} ({n:,} bytes)"


def counted(n: int, noun: str) -> str:
    """`n` and its noun, plural (an added "s") unless `n` is one."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


__all__ = ["counted", "format_size", "format_size_exact"]
