"""Whatever is typed into search or the Timeline filter, on either database: hits, or the domain's one sentence;
never SQL or a driver's text, never a run past the search's time limit."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile.context import Case
from casefile.domain.dates import EventDate
from casefile.domain.errors import CaseFileError
from casefile.domain.records import EventDraft, EventFilter

TIME_LIMIT_S = 5.0  # the search's own limit in this test; a search must end within it (and some slack)
LEAKS = ("select ", "[sql", "sqlite", "psycopg", "operationalerror", "tsquery", "fts5", "syntax error",
         "parameters", "traceback", "stack depth")

WORDS = ["okafor", "Okafor", "halvorsen", "a", "the", "über", "Łukasiewicz", "subpoena", "recording", "50%",
         "draft_v2", "AND", "OR", "NOT", "NEAR", "*", ":*", "&", "|", "!", "<->", "(", ")", "'", '"', "\\", "%",
         "_", "\x00", "東京", "ﬁ", "İ", "e\u0301", "\u200b", "0", "٣", "x" * 300]
typed_text = st.one_of(
    st.text(max_size=200),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=80),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=40).map(lambda ws: '"' + " ".join(ws) + '"'),
    st.tuples(st.sampled_from(WORDS), st.integers(1, 3000)).map(lambda t: (t[0] + " ") * t[1]),
)


@pytest.fixture
def fuzz_case(bcase: Case) -> Case:
    for day, title, text in (
        ("2024-01-05", "Okafor files suit against Halvorsen", "The complaint cites the doctored recording."),
        ("2024-02-11", "Fee cut by 50% after draft_v2", "Łukasiewicz signed the über-contract in 東京."),
        ("2024-03-02", "Hearing", "a " * 300),
    ):
        bcase.events.create(EventDraft(EventDate.on(day), title, description=text))
    bcase.notes.create("Ask counsel whether the subpoenaed recordings are complete (\"draft\" & 'final')")
    bcase.search.timeout_s = TIME_LIMIT_S
    return bcase


def _clean(message: str) -> None:
    lowered = message.lower()
    assert not any(leak in lowered for leak in LEAKS), message
    assert "\n" not in message.strip(), message


def _fuzz(case: Case, typed: str) -> None:
    started = time.monotonic()
    try:
        result = case.search.find(typed, limit=20)
    except CaseFileError as exc:  # the domain's sentence, and only that
        _clean(str(exc))
    else:
        if result.notice is not None:
            _clean(result.notice)
        for hit in result.hits:
            assert hit.title and isinstance(hit.snippet, str)
    assert time.monotonic() - started < TIME_LIMIT_S + 5, "a search ran past its time limit"
    try:
        case.events.count(EventFilter(text=typed))
        case.events.rows(EventFilter(text=typed), 0, 20)
    except CaseFileError as exc:
        _clean(str(exc))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=typed_text)
def test_any_text_searches_or_says_why(fuzz_case: Case, typed: str) -> None:
    _fuzz(fuzz_case, typed)
