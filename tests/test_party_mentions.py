"""A party's mentions (by exhibit, then place), an exhibit's mentions (in reading order) and the snippets around
them, read through the one query they share."""

from __future__ import annotations

from casefile.context import Case
from casefile.db.models import Evidence, Mention
from casefile.domain.enums import PartyKind
from casefile.domain.records import MentionRecord, PartyDraft

FIRST = "Marguerite Okafor sued Halvorsen Media Group; Okafor's lawyer spoke after."
SECOND = "Halvorsen Media Group answered Okafor on Monday."


def seed(case: Case) -> tuple[dict[str, int], list[int]]:
    ids = {"okafor": case.parties.create(PartyDraft("Marguerite Okafor", PartyKind.PERSON)),
           "hmg": case.parties.create(PartyDraft("Halvorsen Media Group", PartyKind.ORGANIZATION))}
    spans = {"okafor": ("Okafor", "Marguerite Okafor"), "hmg": ("Halvorsen Media Group",)}
    evidence = []
    with case.ctx.writes() as s, s.begin():
        for exhibit, text in ((7, SECOND), (3, FIRST)):  # stored out of exhibit order
            ev = Evidence(exhibit=exhibit, filename=f"ex{exhibit}.txt", kind="document", text=text, size=len(text))
            s.add(ev)
            s.flush()
            evidence.append(ev.id)
            for key, names in spans.items():
                for name in names:
                    at = text.rfind(name)
                    if at >= 0:
                        s.add(Mention(party_id=ids[key], evidence_id=ev.id, char_start=at, char_end=at + len(name),
                                      text=name))
    return ids, evidence


def test_a_partys_mentions_come_by_exhibit_then_place(case: Case) -> None:
    ids, (second, first) = seed(case)
    assert case.parties.mentions(ids["okafor"]) == [
        MentionRecord(ids["okafor"], first, 3, 0, 17, "Marguerite Okafor"),
        MentionRecord(ids["okafor"], first, 3, FIRST.rfind("Okafor"), FIRST.rfind("Okafor") + 6, "Okafor"),
        MentionRecord(ids["okafor"], second, 7, SECOND.index("Okafor"), SECOND.index("Okafor") + 6, "Okafor"),
    ]


def test_an_exhibits_mentions_come_in_reading_order(case: Case) -> None:
    ids, (_second, first) = seed(case)
    got = case.parties.mentions_in(first)
    assert [(m.party_id, m.exhibit, m.text) for m in got] == [
        (ids["okafor"], 3, "Marguerite Okafor"), (ids["hmg"], 3, "Halvorsen Media Group"), (ids["okafor"], 3, "Okafor")]


def test_snippets_carry_the_mention_and_the_text_around_it(case: Case) -> None:
    ids, _evidence = seed(case)
    rows, total = case.parties.mention_snippets(ids["okafor"], limit=2, width=5)
    assert total == 3
    assert [(m.exhibit, m.text) for m, _text, _at in rows] == [(3, "Marguerite Okafor"), (3, "Okafor")]
    mention, text, at = rows[1]
    assert at == mention.char_start - 5 and text[5:11] == "Okafor"
