"""The demo case builds from the sample files with parties, events, evidence and notes."""

from __future__ import annotations

from casefile.context import open_case
from casefile.demo import build_demo_case, ensure_demo_case, sample_files
from casefile.domain.enums import EvidenceKind, PartyRole, Status, TargetType


def test_samples_are_present_and_small():
    names = {p.suffix for p in sample_files()}
    assert {".txt", ".md", ".html", ".srt", ".ogg"} <= names
    assert all(p.stat().st_size < 200_000 for p in sample_files())


def test_demo_case_has_every_kind_of_content(tmp_path):
    path = build_demo_case(tmp_path / "Demo")
    with open_case(path, read_only=True) as case:
        kinds = {e.kind for e in case.evidence.list()}
        assert {EvidenceKind.ARTICLE, EvidenceKind.SOCIAL_POST, EvidenceKind.AUDIO, EvidenceKind.TRANSCRIPT} <= kinds
        parties = {p.name: p for p in case.parties.list()}
        assert parties["Marguerite Okafor"].role is PartyRole.PLAINTIFF
        assert parties["Halvorsen Media Group"].role is PartyRole.DEFENDANT
        assert parties["Ruth Abernathy"].role is PartyRole.COUNSEL
        assert all(parties[n].status is Status.CONFIRMED for n in ("Marguerite Okafor", "Halvorsen Media Group"))
        events = case.events.list()
        confirmed = [e for e in events if e.status is Status.CONFIRMED]
        assert len(confirmed) >= 4 and all(e.citations for e in confirmed)
        suit = next(e for e in confirmed if e.title.startswith("Okafor files"))
        cite = suit.citations[0]
        text = case.evidence.text(cite.evidence_id)
        assert text[cite.char_start:cite.char_end] == cite.quote
        notes = case.notes.list()
        assert any(n.target_type is TargetType.CASE for n in notes)
        assert any(n.target_type is TargetType.EVENT for n in notes)
        assert case.search.search("splice")


def test_ensure_demo_case_reuses_a_complete_build(tmp_path):
    first = ensure_demo_case(tmp_path)
    marker = first / "case.db"
    stamp = marker.stat().st_mtime_ns
    assert ensure_demo_case(tmp_path) == first
    assert marker.stat().st_mtime_ns == stamp
    (first / ".demo-complete").unlink()  # an interrupted build is rebuilt
    assert ensure_demo_case(tmp_path) == first
    assert (first / ".demo-complete").is_file()
