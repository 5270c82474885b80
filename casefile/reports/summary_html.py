"""SummaryData as the HTML/CSS subset QTextDocument understands; still no Qt here.

Each section is its own document and starts on a new page; the contents page is built last, once the
renderer knows where every section starts. Thumbnails are `thumb:N` resources the renderer adds.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from html import escape

from casefile.domain.enums import Status
from casefile.markdown import render_html
from casefile.reports.disagreements import disagreements_html
from casefile.reports.options import SECTION_TITLES
from casefile.reports.summary_data import EventEntry, ExhibitEntry, NoteEntry, SummaryData

FONT = "DejaVu Sans"
MONO = "DejaVu Sans Mono"
INK = "#1a1a1a"
MUTED = "#5f6368"
ACCENT = "#1f3b5c"
RULE = "#c9ced6"
HEAD_BG = "#e8ecf1"
DISPUTED = "#b3261e"
SUGGESTED = "#8a5a00"
THUMB_PX = 96  # thumbnail box in CSS pixels (1/96 in)
MAX_QUOTE = 400

CSS = f"""
body {{ font-family: '{FONT}'; font-size: 9pt; color: {INK}; }}
h1 {{ font-size: 17pt; font-weight: bold; color: {ACCENT}; margin-top: 0px; margin-bottom: 10px; }}
h4 {{ font-size: 10.5pt; font-weight: bold; margin-top: 8px; margin-bottom: 4px; }}
h5 {{ font-size: 9.5pt; font-weight: bold; margin-top: 6px; margin-bottom: 3px; }}
h6 {{ font-size: 9pt; font-weight: bold; margin-top: 6px; margin-bottom: 3px; }}
p {{ margin-top: 0px; margin-bottom: 4px; }}
table.grid {{ }}
table.grid th {{ background-color: {HEAD_BG}; color: {ACCENT}; font-size: 8pt; font-weight: bold;
  text-align: left; padding: 4px; border-bottom: 1px solid {ACCENT}; }}
table.grid td {{ padding: 4px; vertical-align: top; border-bottom: 1px solid {RULE}; }}
a {{ color: {ACCENT}; text-decoration: none; }}
.muted {{ color: {MUTED}; }}
.small {{ font-size: 7.5pt; }}
.quote {{ font-size: 7.5pt; color: #3c4043; font-style: italic; }}
.mono {{ font-family: '{MONO}'; font-size: 6.5pt; color: #3c4043; }}
.disputed {{ color: {DISPUTED}; font-weight: bold; font-size: 7pt; }}
.suggested {{ color: {SUGGESTED}; font-weight: bold; font-size: 7pt; }}
.label {{ color: {MUTED}; font-size: 8pt; }}
.note-head {{ font-weight: bold; color: {ACCENT}; font-size: 9.5pt; }}
"""


@dataclass(frozen=True)
class SummaryHtml:
    """One HTML document per section (each starts on a new page); the contents page is made separately."""

    parts: tuple[tuple[str, str], ...]  # (section, html) in print order, without "contents"
    images: dict[str, bytes]  # resource name -> PNG bytes (used by the exhibit index)


def _page(body: str) -> str:
    return f"<html><head><style>{CSS}</style></head><body>{body}</body></html>"


def _heading(section: str) -> str:
    return f'<h1><a name="sec-{section}"></a>{escape(SECTION_TITLES[section])}</h1>'


def build_html(data: SummaryData, notices: tuple[str, ...] = ()) -> SummaryHtml:
    """`notices` are printed on the cover (e.g. scripts no font could print)."""
    opts = data.options
    images: dict[str, bytes] = {}
    makers = {
        "parties": lambda: _parties(data),
        "chronology": lambda: _chronology(data),
        "exhibits": lambda: _exhibits(data, images),
        "notes": lambda: _notes(data.notes),
        "disagreements": lambda: disagreements_html(data.disagreements),
    }
    parts: list[tuple[str, str]] = []
    for section in opts.sections:
        if section == "cover":
            parts.append((section, _page(_cover(data, notices))))
        elif section in makers:
            parts.append((section, _page(_heading(section) + makers[section]())))
    return SummaryHtml(tuple(parts), images)


def contents_html(data: SummaryData, pages: dict[str, int] | None) -> str:
    """The contents page; `pages` None gives placeholders of the same width (to measure it first)."""
    rows = []
    for s in data.options.sections:
        if s in ("cover", "contents"):
            continue
        number = str(pages.get(s, "")) if pages is not None else "000"
        rows.append(
            f'<tr><td style="padding: 6px 0px; border-bottom: 1px solid {RULE};">'
            f'<a href="#sec-{s}">{escape(SECTION_TITLES[s])}</a></td>'
            f'<td align="right" style="padding: 6px 0px; border-bottom: 1px solid {RULE};">'
            f"{number}</td></tr>"
        )
    body = '<p class="muted">No other sections were chosen.</p>' if not rows else (
        '<table width="70%" cellspacing="0" cellpadding="0" style="font-size: 11pt;">'
        f'<tr><td width="85%"></td><td width="15%"></td></tr>{"".join(rows)}</table>'
    )
    return _page(_heading("contents") + body)


# sections -----------------------------------------------------------------------------------------------
def _cover(data: SummaryData, notices: tuple[str, ...] = ()) -> str:
    rows = "".join(
        f'<tr><td class="label" style="padding: 3px 16px 3px 0px;">{escape(c.label)}</td>'
        f'<td align="right" style="padding: 3px 0px;"><b>{c.shown:,}</b></td>'
        f'<td class="muted small" style="padding: 3px 0px 3px 10px;">'
        f'{escape(f"of {c.total:,} in the case") if c.shown != c.total else ""}</td></tr>'
        for c in data.counts
    )
    opts = "".join(
        f'<tr><td class="label" style="padding: 2px 16px 2px 0px;">{escape(k)}</td>'
        f'<td style="padding: 2px 0px;">{escape(v)}</td></tr>'
        for k, v in data.options.describe()
    )
    desc = f'<p style="font-size: 11pt; margin-top: 14px;">{_text(data.description)}</p>' if data.description else ""
    left_out = data.suggestions_left_out
    said = list(notices)
    if left_out:
        said.insert(0, f"{left_out:,} suggestion{'s' if left_out != 1 else ''} not yet reviewed "
                       f"{'were' if left_out != 1 else 'was'} left out.")
    notes = "".join(f'<p style="margin-top: 8px; color: {SUGGESTED};">{escape(n)}</p>' for n in said)
    return (
        f'<p style="margin-top: 150px; font-size: 9pt; color: {MUTED}; font-weight: bold;">CASE SUMMARY</p>'
        f'<p style="font-size: 24pt; font-weight: bold; color: {ACCENT}; margin-top: 6px;">{escape(data.title)}</p>'
        f"{desc}"
        f'<hr style="margin-top: 18px;"/>'
        f'<p style="margin-top: 10px; margin-bottom: 18px;">Printed {escape(data.printed)}</p>'
        f'<p class="label" style="margin-bottom: 4px;"><b>IN THIS SUMMARY</b></p>'
        f'<table cellspacing="0" cellpadding="0">{rows}</table>'
        f'<p class="label" style="margin-top: 20px; margin-bottom: 4px;">&nbsp;</p>'
        f'<p class="label" style="margin-bottom: 4px;"><b>OPTIONS</b></p>'
        f'<table cellspacing="0" cellpadding="0">{opts}</table>'
        f"{notes}"
    )


def _grid(headers: list[tuple[str, int]], rows: list[str]) -> str:
    head = "".join(f'<th width="{w}%">{escape(h)}</th>' for h, w in headers)
    return (
        '<table class="grid" width="100%" cellspacing="0" cellpadding="4">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _parties(data: SummaryData) -> str:
    if not data.parties:
        return '<p class="muted">No parties.</p>'
    rows = []
    for p in data.parties:
        extra = []
        if p.aliases:
            extra.append(f'<br/><span class="small muted">Also: {escape("; ".join(p.aliases))}</span>')
        if p.description:
            extra.append(f'<br/><span class="small">{escape(p.description)}</span>')
        mark = ' <span class="suggested">SUGGESTED</span>' if p.status is Status.SUGGESTED else ""
        mark = ' <span class="disputed">DISPUTED</span>' if p.status is Status.DISPUTED else mark
        rows.append(
            f"<tr><td><b>{escape(p.name)}</b>{mark}{''.join(extra)}</td><td>{escape(p.kind)}</td>"
            f'<td>{escape(p.role)}</td><td align="right">{p.event_count:,}</td></tr>'
        )
    return _grid([("Name", 52), ("Kind", 18), ("Role", 18), ("Events", 12)], rows)


def _chronology(data: SummaryData) -> str:
    legend = (
        '<p class="small muted" style="margin-bottom: 8px;">'
        f'Statuses shown: {escape(", ".join(s.value for s in data.options.statuses))}. '
        f'<span class="disputed">DISPUTED</span> events are contested. '
        + ('<span class="suggested">SUGGESTED</span> events were found in the exhibits and not yet reviewed. '
           if data.options.includes_suggestions else "")
        + (_left_out(data.suggestions_left_out) if data.suggestions_left_out else "")
        + "Citations refer to the exhibit index.</p>"
    )
    if not data.events:
        return legend + '<p class="muted">No events match the options chosen.</p>'
    rows = [_event_row(e) for e in data.events]
    return legend + _grid([("Date", 15), ("Event", 43), ("Parties", 15), ("Sources", 27)], rows)


def _left_out(n: int) -> str:
    return f"{n:,} suggested event{'s' if n != 1 else ''} not yet reviewed {'are' if n != 1 else 'is'} left out. "


def _event_row(e: EventEntry) -> str:
    # No row background: Qt paints a split row's background over the header it repeats on the next page.
    mark = ""
    if e.status is Status.DISPUTED:
        mark = '<span class="disputed">DISPUTED</span><br/>'
    elif e.status is Status.SUGGESTED:
        mark = '<span class="suggested">SUGGESTED</span><br/>'
    desc = f'<br/><span class="small">{_text(e.description)}</span>' if e.description else ""
    cites = []
    for c in e.citations:
        target = f'<a href="#ex-{c.exhibit}">{escape(c.locator)}</a>' if c.exhibit is not None else escape(c.locator)
        quote = c.quote if len(c.quote) <= MAX_QUOTE else c.quote[: MAX_QUOTE - 1].rstrip() + "…"
        q = f'<br/><span class="quote">“{escape(quote)}”</span>' if quote else ""
        cites.append(f"{target}{q}")
    sources = '<p style="margin-bottom: 3px;">' + '</p><p style="margin-bottom: 3px;">'.join(cites) + "</p>" \
        if cites else '<span class="muted small">none</span>'
    parties = "<br/>".join(escape(n) for n in e.parties)
    return (
        f'<tr><td>{escape(e.date)}</td><td>{mark}<b>{escape(e.title)}</b>{desc}</td>'
        f'<td class="small">{parties}</td><td>{sources}</td></tr>'
    )


def _exhibits(data: SummaryData, images: dict[str, bytes]) -> str:
    if not data.exhibits:
        return '<p class="muted">No exhibits.</p>'
    thumbs = data.options.thumbnails
    rows = [_exhibit_row(x, images, thumbs) for x in data.exhibits]
    if thumbs:
        headers = [("Ex.", 7), ("Exhibit", 41), ("File", 34), ("Preview", 18)]
    else:
        headers = [("Ex.", 7), ("Exhibit", 52), ("File", 41)]
    return _grid(headers, rows)


def _exhibit_row(x: ExhibitEntry, images: dict[str, bytes], thumbs: bool) -> str:
    lines = [f"<b>{escape(x.title)}</b>"]
    meta = " · ".join(v for v in (x.kind, x.date) if v)
    lines.append(f'<span class="small muted">{escape(meta)}</span>')
    if x.source:
        lines.append(f'<span class="small">{escape(x.source)}</span>')
    if x.parent_exhibit is not None:
        how = {"attachment": "Attached to", "transcript": "Transcript of"}.get(x.relation, "Embedded in")
        lines.append(f'<span class="small muted">{how} <a href="#ex-{x.parent_exhibit}">Ex. {x.parent_exhibit}</a>'
                     "</span>")
    sha = x.sha256
    sha_html = (f'<br/><span class="mono">SHA-256 {sha[:32]}<br/>{"&nbsp;" * 8}{sha[32:]}</span>'
                if sha else '<br/><span class="small muted">no file of its own</span>')
    file_cell = f'<span class="small">{escape(x.filename)}</span><br/><span class="small muted">{escape(x.size)}' \
                f"</span>{sha_html}"
    cells = [
        f'<td><a name="ex-{x.exhibit}"></a><b>{x.exhibit}</b></td>',
        f"<td>{'<br/>'.join(lines)}</td>",
        f"<td>{file_cell}</td>",
    ]
    if thumbs:
        img = ""
        if x.thumbnail_png:
            size = png_size(x.thumbnail_png)
            if size:
                w, h = _fit(size, THUMB_PX)
                name = f"thumb:{x.exhibit}"
                images[name] = x.thumbnail_png
                img = f'<img src="{name}" width="{w}" height="{h}"/>'
        cells.append(f"<td>{img}</td>")
    return f"<tr>{''.join(cells)}</tr>"


def _notes(notes: tuple[NoteEntry, ...]) -> str:
    if not notes:
        return '<p class="muted">No notes.</p>'
    rows = [
        f'<tr><td><span class="note-head">{escape(n.attached_to)}</span><br/>'
        f'<span class="small muted">Updated {escape(n.updated)}</span></td><td>{markdown_html(n.markdown)}</td></tr>'
        for n in notes
    ]
    return _grid([("Attached to", 32), ("Note", 68)], rows)


# helpers ------------------------------------------------------------------------------------------------
def markdown_html(text: str) -> str:
    """Markdown as HTML without raw HTML; headings demoted so they never read as section headings."""
    html = render_html(text)
    for level in range(6, 0, -1):
        new = min(level + 3, 6)
        html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    html = html.replace("<table>", '<table class="grid" cellspacing="0" cellpadding="3">')
    return html


def _text(text: str) -> str:
    return "<br/>".join(escape(line) for line in text.strip().splitlines())


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG header (no image library needed)."""
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    w, h = struct.unpack(">II", data[16:24])
    return (w, h) if w and h else None


def _fit(size: tuple[int, int], box: int) -> tuple[int, int]:
    w, h = size
    scale = min(box / w, box / h, 1.0 if max(w, h) >= box else box / max(w, h))
    return max(1, round(w * scale)), max(1, round(h * scale))
