"""The one Markdown renderer for notes: the Notes pane and the summary PDF show the same thing.

markdown-it's CommonMark preset (plus tables and strikethrough) with raw HTML off — a note pasted from a web
page cannot inject markup, scripts or remote images — and no linkify. Links keep only safe schemes.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http:", "https:", "mailto:")


def _safe_link(url: str) -> bool:
    """Only web and mail links; relative links, `file:`, `data:`, `javascript:` and the like are dropped."""
    lowered = url.strip().lower()
    return lowered.startswith(SAFE_SCHEMES)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


def render_html(text: str) -> str:
    """A note's Markdown as an HTML fragment (raw HTML escaped, unsafe links left as text)."""
    return _parser().render(text)
