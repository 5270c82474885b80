"""Credit lines name who made an article (its authors and editors), never parties, in the forms news sites print."""

from __future__ import annotations

import pytest

from casefile.extract.credits import find_credits
from casefile.extract.pipeline import extract

BODY = ("The Lakeside Harbour Board was sued on Tuesday by Norvik Marine, which says the board awarded a dredging "
        "contract worth 4.2 million kroner without a tender. The board's chair, Sigrid Holm, declined to comment.\n\n")

CASES = [
    ("Reporting By Ingrid Solberg; Editing By Tomas Brekke", ["Ingrid Solberg"], ["Tomas Brekke"]),
    ("Reporting by Ingrid Solberg in Oslo; additional reporting by Lars Vik; editing by Tomas Brekke",
     ["Ingrid Solberg", "Lars Vik"], ["Tomas Brekke"]),
    ("Reporting by Ingrid Solberg Editing by Tomas Brekke and Sara Lund", ["Ingrid Solberg"],
     ["Tomas Brekke", "Sara Lund"]),
    ("By Ingrid Solberg and Lars Vik. Edited by Tomas Brekke", ["Ingrid Solberg", "Lars Vik"], ["Tomas Brekke"]),
    ("(Reporting by Ingrid Solberg in Oslo, additional reporting by Lars Vik in Bergen; Writing by Hanne Dahl; "
     "Editing by Tomas Brekke)", ["Ingrid Solberg", "Lars Vik", "Hanne Dahl"], ["Tomas Brekke"]),
]


@pytest.mark.parametrize(("line", "authors", "editors"), CASES)
def test_credit_line_names_authors_and_editors_not_parties(line: str, authors: list[str],
                                                           editors: list[str]) -> None:
    text = BODY + line + "\n"
    credits = find_credits(text)
    assert [n for n in credits.names if n not in credits.editors] == authors
    assert credits.editors == editors
    parties = {p.name for p in extract(text).parties}
    assert "Sigrid Holm" in parties  # the article's own people are still read
    assert not parties & set(authors + editors)


def test_a_sentence_starting_with_by_is_no_byline() -> None:
    text = BODY + "By Tuesday evening the board had met Lars Vik twice.\n"
    assert find_credits(text).names == []
    assert "Lars Vik" in {p.name for p in extract(text).parties}
