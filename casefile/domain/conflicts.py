"""Where sources disagree, as frozen records for the GUI, the CLI and the summary."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DisagreementKind(StrEnum):
    DATE = "date"
    AMOUNT = "amount"
    ACTOR = "actor"


class Verdict(StrEnum):
    """The user's word on a disagreement: one telling is right, both stand disputed, or two happenings."""

    A_RIGHT = "a_right"
    B_RIGHT = "b_right"
    BOTH_DISPUTED = "both_disputed"
    NOT_SAME = "not_same"


@dataclass(frozen=True)
class TellingSide:
    """One telling of a happening: the event, its passage and where it comes from."""

    event_id: int
    title: str
    date: str  # ISO, cut to precision
    date_display: str
    status: str
    exhibit: int | None
    quote: str
    outlet: str  # the outlet or author asserting it
    published: str  # the exhibit's publication date (ISO) or ""
    value: str  # the disputed value as this telling writes it
    citations: tuple[tuple[int | None, str], ...] = ()  # every (exhibit, quote) the event cites


@dataclass(frozen=True)
class Disagreement:
    """Two tellings of one happening that differ on `kind`; `verdict` once the user has given one."""

    happening_id: int
    kind: DisagreementKind
    a: TellingSide
    b: TellingSide
    verdict: Verdict | None = None
    asserted_a: str = ""
    asserted_b: str = ""

    @property
    def open(self) -> bool:
        return self.verdict is None

    @property
    def event_ids(self) -> tuple[int, int]:
        return self.a.event_id, self.b.event_id


def disagreement_json(d: Disagreement) -> dict[str, object]:
    """The `casefile conflicts --json` form of one disagreement."""
    def side(t: TellingSide) -> dict[str, object]:
        cites = t.citations or ((t.exhibit, t.quote),)
        return {"id": t.event_id, "title": t.title, "date": t.date, "value": t.value, "outlet": t.outlet,
                "status": t.status, "citations": [{"exhibit": n, "quote": q} for n, q in cites]}

    asserted = {"a": d.asserted_a, "b": d.asserted_b} if d.verdict else None
    return {"kind": d.kind.value, "values": [d.a.value, d.b.value], "sides": [side(d.a), side(d.b)],
            "verdict": d.verdict.value if d.verdict else None, "asserted_by": asserted,
            "happening": d.happening_id}


@dataclass(frozen=True)
class VerdictUndo:
    """What a verdict changed, so that undo puts it back exactly."""

    verdict_id: int | None  # the verdict row written (None for "not the same happening")
    statuses: tuple[tuple[int, str, int | None], ...]  # (event id, status before, asserted_by before)
    apart: tuple[tuple[int, int], ...] = ()  # the "not the same" pairs written
    unlinked: tuple[tuple[int, int, str], ...] = ()  # (event id, happening id, linked_by) removed
    created_parties: tuple[int, ...] = ()


@dataclass(frozen=True)
class LinkUndo:
    """Memberships before a manual link or unlink: (event id, happening id or None, linked_by)."""

    before: tuple[tuple[int, int | None, str], ...]
    apart_removed: tuple[tuple[int, int], ...] = ()
    apart_added: tuple[tuple[int, int], ...] = ()


__all__ = ["Disagreement", "DisagreementKind", "disagreement_json", "LinkUndo", "TellingSide", "Verdict", "VerdictUndo"]
