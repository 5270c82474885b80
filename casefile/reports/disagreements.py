"""The summary's "Where sources disagree" section: data gathered through the conflict service, and its HTML.

Open disagreements first, each with both values and their citations; resolved ones after, with the verdict.
No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from casefile.domain.conflicts import Disagreement, TellingSide, Verdict

_KIND = {"date": "Date", "amount": "Amount", "actor": "Who did it"}
MAX_QUOTE = 320


@dataclass(frozen=True)
class SideEntry:
    value: str
    title: str
    date: str
    outlet: str
    citations: tuple[tuple[int | None, str], ...]


@dataclass(frozen=True)
class DisagreementEntry:
    kind: str
    a: SideEntry
    b: SideEntry
    verdict: str  # "" while open, else what the user decided, in words


def disagreement_entries(case, date_from: str | None = None,  # noqa: ANN001 - a Case
                         date_to: str | None = None) -> tuple[DisagreementEntry, ...]:
    """Every disagreement whose tellings fall in the summary's dates: open ones first, then resolved ones."""
    found = [d for d in case.conflicts.disagreements() if _in_range(d, date_from, date_to)]
    found.sort(key=lambda d: (not d.open,))
    return tuple(_entry(d) for d in found)


def _in_range(d: Disagreement, date_from: str | None, date_to: str | None) -> bool:
    first = min(d.a.date, d.b.date)
    last = max(d.a.date, d.b.date)
    return (date_from is None or last[:len(date_from)] >= date_from) and \
        (date_to is None or first[:len(date_to)] <= date_to)


def _side(t: TellingSide) -> SideEntry:
    return SideEntry(t.value, t.title, t.date_display, t.outlet, t.citations or ((t.exhibit, t.quote),))


def _entry(d: Disagreement) -> DisagreementEntry:
    return DisagreementEntry(_KIND.get(d.kind.value, d.kind.value), _side(d.a), _side(d.b), verdict_words(d))


def verdict_words(d: Disagreement) -> str:
    """The verdict as a sentence: which telling is right and who asserts the disputed one."""
    if d.verdict is Verdict.A_RIGHT:
        return f"“{d.a.value}” is right; “{d.b.value}” is disputed, asserted by {d.asserted_b or d.b.outlet}."
    if d.verdict is Verdict.B_RIGHT:
        return f"“{d.b.value}” is right; “{d.a.value}” is disputed, asserted by {d.asserted_a or d.a.outlet}."
    if d.verdict is Verdict.BOTH_DISPUTED:
        return (f"Both disputed: “{d.a.value}” asserted by {d.asserted_a or d.a.outlet}, "
                f"“{d.b.value}” by {d.asserted_b or d.b.outlet}.")
    return ""


def all_text(entries: tuple[DisagreementEntry, ...]) -> list[str]:
    """The user's material this section prints (for the font check)."""
    out: list[str] = []
    for e in entries:
        for s in (e.a, e.b):
            out += [s.value, s.title, s.outlet, *(q for _n, q in s.citations)]
    return out


# HTML ---------------------------------------------------------------------------------------------------------
def disagreements_html(entries: tuple[DisagreementEntry, ...]) -> str:
    """The section's body: one table per disagreement, the two tellings side by side."""
    if not entries:
        return '<p class="muted">No disagreements between sources were found.</p>'
    open_count = sum(1 for e in entries if not e.verdict)
    intro = (f'<p class="small muted" style="margin-bottom: 8px;">{open_count} open, '
             f"{len(entries) - open_count} resolved. Each happening below is told differently by two sources; "
             "citations refer to the exhibit index.</p>")
    return intro + "".join(_one(e) for e in entries)


def _one(e: DisagreementEntry) -> str:
    state = (f'<span class="muted">Resolved:</span> {escape(e.verdict)}' if e.verdict
             else '<span class="disputed">OPEN</span>')
    head = f'<h5>{escape(e.kind)}: {escape(e.a.title)}</h5><p class="small">{state}</p>'
    return (head + '<table class="grid" width="100%" cellspacing="0" cellpadding="4"><tr>'
            f'<td width="50%">{_cell(e.a)}</td><td width="50%">{_cell(e.b)}</td></tr></table>')


def _cell(s: SideEntry) -> str:
    cites = []
    for exhibit, quote in s.citations:
        short = quote if len(quote) <= MAX_QUOTE else quote[:MAX_QUOTE - 1].rstrip() + "…"
        where = f'<a href="#ex-{exhibit}">Ex. {exhibit}</a>' if exhibit is not None else "No exhibit"
        cites.append(f'{where}<br/><span class="quote">“{escape(" ".join(short.split()))}”</span>')
    return (f"<b>“{escape(s.value)}”</b><br/>"
            f'<span class="small muted">{escape(s.outlet)} · {escape(s.date)}</span><br/>' + "<br/>".join(cites))


__all__ = ["DisagreementEntry", "SideEntry", "all_text", "disagreement_entries", "disagreements_html",
           "verdict_words"]
