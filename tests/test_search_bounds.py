"""Searches that cannot run away: repeated and pasted words, a time limit, Ctrl+C and typing again, `--limit`,
and `%` / `_` that mean themselves in the Timeline filter. On a local and a team case."""

from __future__ import annotations

import os
import random
import signal
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from casefile import cli
from casefile.context import Case
from casefile.db.engine import describe_server_error
from casefile.db.models import Evidence, SuggestionRun
from casefile.domain.dates import EventDate
from casefile.domain.errors import CaseStorageError, SearchStoppedError, ValidationError
from casefile.domain.records import EventDraft, EventFilter
from casefile.services.search_service import MAX_LIMIT, TIMEOUT_MESSAGE, SearchService, check_limit
from casefile.services.text_query import MAX_WORD_CHARS, MAX_WORDS, like_escaped, parse_query

LETTERS = " ".join(string.ascii_lowercase[:MAX_WORDS])  # 16 one-letter prefixes: every word of `_dense` matches


def _dense(case: Case, n_docs: int, n_words: int = 3000) -> None:
    """Exhibits of random three-letter words: each one-letter prefix of `LETTERS` hits hundreds of times in every
    text, which makes a search for all of them slow on both databases (FTS5's snippet, ts_rank_cd)."""
    rng = random.Random(5)
    vocab = [a + b + c for a in string.ascii_lowercase[:MAX_WORDS] for b in string.ascii_lowercase for c in "abcde"]
    rows = [{"exhibit": i, "filename": f"scan-{i:04d}.txt", "sha256": f"{i:064x}", "size": 1,
             "media_type": "text/plain", "kind": "document", "title": f"Scan {i}", "author": "",
             "text": " ".join(rng.choice(vocab) for _ in range(n_words)), "meta": {}} for i in range(1, n_docs + 1)]
    with case.ctx.writes() as s, s.begin():
        s.execute(insert(Evidence), rows)
        ids = s.scalars(select(Evidence.id)).all()
        s.execute(insert(SuggestionRun), [{"evidence_id": i, "engine": "read"} for i in ids])  # nothing to suggest


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        orig = getattr(e, "orig", None)
        todo += [e.__cause__, e.__context__, orig if isinstance(orig, BaseException) else None]
    return seen


# the query as read -----------------------------------------------------------------------------------------------
def test_repeats_are_searched_once_and_long_queries_are_capped() -> None:
    assert parse_query("a " * 50_000).words == ("a",)
    assert parse_query("a " * 50_000).notice() is None  # nothing left out: the same word once is the same search
    assert parse_query("Okafor okafor OKAFOR").words == ("Okafor",)
    many = " ".join(f"w{i}" for i in range(40))
    parsed = parse_query(many)
    assert parsed.words == tuple(f"w{i}" for i in range(MAX_WORDS)) and parsed.typed == 40
    assert parsed.notice() == f"Searched for the first {MAX_WORDS} distinct words of 40."
    cut = parse_query(" ".join(f"x{i}" for i in range(MAX_WORDS - 2)) + ' "one two three four"')
    assert cut.phrases == (("one", "two"),) and cut.kept == MAX_WORDS and cut.shortened
    assert parse_query('"a b" "A B" a').phrases == (("a", "b"),)
    assert parse_query("x" * 100_000).words == ("x" * MAX_WORD_CHARS,)
    assert parse_query("__init__ a_b").words == ("init", "a", "b")  # "_" separates words, as in both indexes
    assert parse_query("_ % \\").empty


def test_like_patterns_escape_their_wildcards() -> None:
    assert like_escaped("50%_off\\") == "50\\%\\_off\\\\"


def test_limit_is_a_whole_number_within_bounds() -> None:
    assert check_limit(1) == 1 and check_limit(MAX_LIMIT) == MAX_LIMIT
    for bad in (0, -1, MAX_LIMIT + 1, 99999999999999999999, True, "5", 2.0):
        with pytest.raises(ValidationError, match="whole number from 1 to"):
            check_limit(bad)


# on both databases ----------------------------------------------------------------------------------------------
def test_hostile_repeats_and_pastes_end_at_once(bcase: Case) -> None:
    bcase.events.create(EventDraft(EventDate.on("2024-03-01"), "Okafor files suit against the network"))
    result = bcase.search.find("okafor " * 600)
    assert [h.title for h in result.hits] == ["Okafor files suit against the network"] and result.notice is None
    assert len(bcase.search.find("a " * 50_000).hits) == 1
    rng = random.Random(3)
    pasted = " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(7)) for _ in range(20_000))
    result = bcase.search.find("okafor " + pasted)  # 20,000 words overflowed PostgreSQL's stack
    assert result.hits == () and result.notice is not None and "first 16 distinct words of" in result.notice
    assert [h.title for h in bcase.search.find('"files suit" ' + "okafor " * 30).hits] == [
        "Okafor files suit against the network"]


def test_a_search_over_its_time_limit_says_so(bcase: Case) -> None:
    _dense(bcase, 100)
    bcase.search.timeout_s = 0.05
    with pytest.raises(SearchStoppedError) as caught:
        bcase.search.find(LETTERS, limit=20)
    assert caught.value.reason == "timeout" and str(caught.value) == TIMEOUT_MESSAGE
    assert "busy" not in str(caught.value)
    bcase.search.timeout_s = 60
    assert bcase.search.find("scan", limit=5).hits  # the connection is fine afterwards


def test_the_cli_says_a_search_took_too_long(bcase: Case, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    _dense(bcase, 100)
    monkeypatch.setattr(SearchService, "timeout_s", 0.05)  # the limit, lowered so the test stays short
    code = cli.main(["search", str(bcase.path), LETTERS])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and err == f"casefile: {TIMEOUT_MESSAGE}\n"


def test_cancelling_stops_the_statement_inside_the_database(bcase: Case) -> None:
    _dense(bcase, 100)
    polls = []

    def cancelled() -> bool:  # polled while the statement runs: yes from the third poll on
        polls.append(time.monotonic())
        return len(polls) >= 3

    with pytest.raises(SearchStoppedError) as caught:
        bcase.search.find(LETTERS, limit=20, cancelled=cancelled)
    assert caught.value.reason == "cancelled"
    chain = _chain(caught.value)
    if bcase.ctx.backend == "postgresql":  # the server itself stopped the statement (a cancel request)
        assert any(getattr(e, "sqlstate", None) == "57014" for e in chain)
    else:  # SQLite abandoned it from the progress handler
        assert any("interrupted" in str(e) for e in chain)
    assert [h.title for h in bcase.search.find("scan", limit=2).hits]  # no stray cancel reaches the next query


def test_the_limit_is_checked_by_the_cli(bcase: Case, capsys: pytest.CaptureFixture[str]) -> None:
    for bad in ("--limit=99999999999999999999", "--limit=-1", "--limit=0"):
        code = cli.main(["search", str(bcase.path), "okafor", bad])
        out, err = capsys.readouterr()
        assert code == 2 and out == ""
        assert err == f"casefile: The number of results must be a whole number from 1 to {MAX_LIMIT:,}.\n"
    bcase.events.create(EventDraft(EventDate.on("2024-03-01"), "Okafor files suit"))
    code = cli.main(["search", str(bcase.path), " ".join(["okafor"] + [f"w{i}" for i in range(30)]), "--limit", "3"])
    out, err = capsys.readouterr()
    assert code == 0 and out == "no matches\n"
    assert err == f"casefile: Searched for the first {MAX_WORDS} distinct words of 31.\n"


def test_percent_and_underscore_are_literal_in_the_timeline_filter(bcase: Case) -> None:
    for day, title in (("2024-01-02", "Fee cut by 50%"), ("2024-01-03", "Renamed draft_v2"),
                       ("2024-01-04", "Plain hearing")):
        bcase.events.create(EventDraft(EventDate.on(day), title))

    def titles(typed: str) -> list[str]:
        return [r.title for r in bcase.events.rows(EventFilter(text=typed), 0, 50)]

    assert titles("%") == ["Fee cut by 50%"]
    assert titles("_") == ["Renamed draft_v2"]
    assert titles("%_%") == []
    assert titles("\\") == []
    assert bcase.events.count(EventFilter(text="%")) == 1


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)  # a server's statement timeout
def test_the_servers_statement_timeout_is_not_called_busy(bcase: Case) -> None:
    import psycopg
    from sqlalchemy import text

    with pytest.raises(CaseStorageError) as caught, bcase.ctx.reads() as s, s.begin():
        s.execute(text("SET LOCAL statement_timeout = 20"))
        s.execute(text("SELECT pg_sleep(2)"))
    assert caught.value.kind == "timeout" and "longer than" in str(caught.value)
    assert describe_server_error(psycopg.errors.QueryCanceled("canceling statement due to user request"),
                                 "x").kind == "cancelled"


# Ctrl+C on the command line --------------------------------------------------------------------------------------
@pytest.mark.slow
def test_ctrl_c_stops_a_cli_search_within_a_second(case: Case, tmp_path: Path) -> None:
    _dense(case, 400)  # about 14 s for this search without the interrupt
    path = case.path
    case.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-m", "casefile", "search", str(path), LETTERS], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        db = str(path / "case.db")
        deadline = time.monotonic() + 30
        while not _has_open(proc.pid, db):  # the case is open: the search starts now
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        time.sleep(0.3)  # into the 14 s query (nothing outside the process shows SQLite at work)
        proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        out, err = proc.communicate(timeout=10)
        waited = time.monotonic() - sent
    finally:
        proc.kill()
    assert proc.returncode == 130 and err.strip() == "casefile: interrupted" and out == ""
    # not a speed target: without the interrupt the search runs its 14 s to the end
    assert waited < 3, f"Ctrl+C took {waited:.1f} s to stop the search"


def _has_open(pid: int, path: str) -> bool:
    """Whether process `pid` holds `path` open (a descriptor closed while we look is simply not it)."""
    for fd in _fds(pid):
        try:
            if os.path.realpath(f"/proc/{pid}/fd/{fd}", strict=True) == path:
                return True
        except OSError:
            continue
    return False


def _fds(pid: int) -> list[str]:
    try:
        return os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return []


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_ctrl_c_stops_a_cli_search_on_a_server(bcase: Case, pg_database: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The search waits on a lock another connection holds (it would wait 30 s for the lock timeout); Ctrl+C,
    sent once the server shows it waiting, cancels it on the server."""
    import threading

    import psycopg

    bcase.events.create(EventDraft(EventDate.on("2024-03-01"), "Okafor files suit"))
    waiting = ("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND wait_event_type = 'Lock' "
               "AND application_name = 'casefile' AND query LIKE '%search_index%'")
    sent: list[float] = []

    def interrupt() -> None:
        with psycopg.connect(pg_database, autocommit=True) as watch:
            deadline = time.monotonic() + 30
            while watch.execute(waiting).fetchone() == (0,) and time.monotonic() < deadline:
                time.sleep(0.02)
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    with psycopg.connect(pg_database) as locker:
        locker.execute("LOCK TABLE search_index IN ACCESS EXCLUSIVE MODE")
        thread = threading.Thread(target=interrupt)
        thread.start()
        code = cli.main(["search", str(bcase.path), "okafor"])
        ended = time.monotonic()
        thread.join()
        locker.rollback()
    _out, err = capsys.readouterr()
    assert code == 130 and err == "casefile: interrupted\n"
    assert ended - sent[0] < 5  # not the 30 s lock timeout
    assert [h.title for h in bcase.search.find("okafor").hits] == ["Okafor files suit"]
