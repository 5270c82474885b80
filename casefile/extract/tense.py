"""Whether a sentence reports what happened or predicts what may: "voted today" is news, "today we must act" is
opinion, "will be gone by 2050" is a forecast."""

from __future__ import annotations

import re

_IRREGULAR_PAST = (
    "said|told|was|were|had|did|made|went|came|took|gave|sent|met|left|won|lost|began|found|held|wrote|spoke"
    "|brought|bought|paid|ran|saw|got|hit|shot|fell|struck|rose|broke|chose|drove|flew|knew|led|sold|sought|shut"
    "|stood|stole|swore|thought|threw|tore|fought|caught|taught|built|spent|kept|felt|dealt|heard|sat|became|quit"
    "|sued|died|fled|froze|hid|bit|beat|withdrew|overturned|upheld|forbade|underwent|ousted"
)
_NOT_PAST = "need|needed|feed|seed|speed|indeed|exceed|proceed|succeed|breed|bleed|hundred|sacred|naked|wicked|beloved"
_PAST = re.compile(rf"(?i:\b(?:{_IRREGULAR_PAST}|(?!(?:{_NOT_PAST})\b)[a-z]{{2,}}ed)\b)")
# A prediction, a plan or a demand: what a sentence with a future date usually is.
_PREDICTION = re.compile(
    r"\bmay\b|(?i:\b(?:will|won['’]t|shall|would|could|might|must|should|going\s+to|expected|expects?|projected"
    r"|projects?|forecast|predict\w*|likely|unlikely|aims?\s+to|target\w*|goal|pledge\w*|promis\w*|vow\w*"
    r"|plans?\s+to|need\s+to|needs\s+to|has\s+to|have\s+to|hopes?\s+to|intends?\s+to|set\s+to|on\s+track)\b)"
)


def reports_past(text: str, start: int, end: int) -> bool:
    """The sentence tells something that happened: it has a past-tense verb and no prediction."""
    return _PAST.search(text, start, end) is not None and not predicts(text, start, end)


def predicts(text: str, start: int, end: int) -> bool:
    return _PREDICTION.search(text, start, end) is not None
