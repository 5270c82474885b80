"""The window's first demo is ready before its slow passes: samples stored and read, the hand-made parties,
events and notes there; the suggestion pass afterwards adds no duplicate of a hand-made event."""

from __future__ import annotations

from casefile.context import open_case
from casefile.demo import ensure_demo_case, reconcile_demo
from casefile.domain.enums import Status


def test_quick_demo_opens_first_and_is_enriched_after(tmp_path) -> None:  # noqa: ANN001
    path = ensure_demo_case(tmp_path, quick=True)
    assert (path / ".demo-complete").is_file()
    with open_case(path) as case:
        assert len(case.evidence.list()) >= 6
        assert case.suggestions.waiting() > 0  # left for the window's background pass
        handmade = [e for e in case.events.list() if e.status is Status.CONFIRMED]
        assert len(handmade) >= 4 and all(e.citations for e in handmade)
        assert not [e for e in case.events.list() if e.status is Status.SUGGESTED and e.origin.value != "manual"]
        case.suggestions.run()
        reconcile_demo(case)
        suggested = [e for e in case.events.list() if e.status is Status.SUGGESTED]
        assert suggested  # the pass did find suggestions
        for ev in handmade:
            cite = ev.citations[0]
            for s in suggested:
                if s.date.start.iso() != ev.date.start.iso():
                    continue
                for c in s.citations:
                    assert not (c.evidence_id == cite.evidence_id and c.char_start is not None
                                and c.char_end is not None and c.char_start <= (cite.char_start or 0)
                                and (cite.char_end or 0) <= c.char_end), (ev.title, s.title)
    assert ensure_demo_case(tmp_path, quick=True) == path  # a complete build is reused
