"""Full-text search across evidence text, events, parties and notes, ranked, with snippets.

SQLite: FTS5 with bm25 (title weighed 4, body 1). PostgreSQL: the `tsvector` index with `ts_rank_cd` weighing
title (A) 4 to body (B) 1 and length-normalised, so the order matches; `ts_headline` marks hits the same way.

Whatever is typed, a search's cost is bounded: the query is de-duplicated and capped (`text_query`), the
statements stop after `SEARCH_TIMEOUT_S`, and the caller's `cancelled()` stops them at once (`db.interrupt`).
What reaches the user is a sentence, never SQL or a driver's text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from casefile.db.fts import PG_CONFIG
from casefile.db.interrupt import Interrupted, interruptible
from casefile.db.models import Event, Evidence, Note, Party
from casefile.domain.enums import TargetType
from casefile.domain.errors import CaseFileError, CaseStorageError, SearchStoppedError, ValidationError
from casefile.domain.records import SearchHit, SearchResult
from casefile.services.base import Service
from casefile.services.text_query import parse_query

log = logging.getLogger("casefile.search")

SEARCH_TIMEOUT_S = 20.0
MAX_LIMIT = 10_000
TIMEOUT_MESSAGE = ("The search took too long and was stopped; try fewer words, or longer ones (a word of one or "
                   "two letters matches a great many).")
CANCELLED_MESSAGE = "The search was stopped."

_SQL = text(
    "SELECT kind, ref_id, title, snippet(search_index, -1, '[', ']', ' … ', 12) AS snip, "
    "bm25(search_index, 0, 0, 4.0, 1.0) AS rank "
    "FROM search_index WHERE search_index MATCH :q ORDER BY rank LIMIT :limit"
)

ELLIPSIS = " … "
_WORDS = re.compile(r"\w+")
# weights {D, C, B, A}: title (A) counts four times body (B), as bm25's 4.0 and 1.0; normalisation 1 divides by
# 1 + log(length), so a word in a short title outranks the same word in a long text, as bm25 does
_PG_RANK = "ts_rank_cd('{0.1, 0.1, 0.25, 1.0}', doc, q, 1)"
_PG_SQL = text(
    "SELECT kind, ref_id, title, "
    f"ts_headline('{PG_CONFIG}', CASE WHEN ts_filter(doc, '{{b}}') @@ q THEN body ELSE title END, q, "
    "'StartSel=[, StopSel=], MaxWords=12, MinWords=4, ShortWord=1, MaxFragments=1, "
    "FragmentDelimiter=\" … \"') AS snip, "
    "CASE WHEN ts_filter(doc, '{b}') @@ q THEN body ELSE title END AS shown, -rank AS rank "
    f"FROM (SELECT kind, ref_id, title, body, doc, q, {_PG_RANK} AS rank "
    f"      FROM search_index, to_tsquery('{PG_CONFIG}', :q) AS q WHERE doc @@ q "
    "      ORDER BY rank DESC, rowid LIMIT :limit) AS best "
    "ORDER BY rank, best.ref_id"  # the output's rank: negated, lower is better as with bm25
)


def check_limit(limit: object) -> int:
    """`limit` as a number of hits, or `ValidationError` saying what is allowed (the CLI's `--limit`)."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(f"The number of results must be a whole number from 1 to {MAX_LIMIT:,}.")
    return limit


class SearchService(Service):
    timeout_s = SEARCH_TIMEOUT_S

    def search(self, query: str, limit: int = 50, cancelled: Callable[[], bool] | None = None) -> list[SearchHit]:
        """Ranked hits; words match as prefixes, "quoted phrases" as phrases. Snippets mark hits with [ ]."""
        return list(self.find(query, limit, cancelled).hits)

    def find(self, query: str, limit: int = 50, cancelled: Callable[[], bool] | None = None) -> SearchResult:
        """`search`, with the sentence that says when only the first words of a long query were searched.

        `cancelled()` (polled while the statements run) stops it with `SearchStoppedError`, as does running
        longer than `timeout_s`."""
        check_limit(limit)
        parsed = parse_query(query)
        if parsed.empty:
            return SearchResult((), None)
        if cancelled is not None and cancelled():  # stopped while it waited for a thread
            raise SearchStoppedError(CANCELLED_MESSAGE, "cancelled")
        try:
            hits = self._run(parsed.tsquery() if self.ctx.backend == "postgresql" else parsed.fts(), limit,
                             cancelled)
        except Interrupted as exc:
            if exc.reason == "timeout":
                raise SearchStoppedError(TIMEOUT_MESSAGE, "timeout") from None
            raise SearchStoppedError(CANCELLED_MESSAGE, "cancelled") from None
        except CaseStorageError:
            raise  # the disk, the server, the login: already one sentence
        except SQLAlchemyError as exc:  # the driver's text and the SQL go to the log, never to the user
            log.warning("search for %d words failed: %s", parsed.kept, type(exc).__name__, exc_info=True)
            raise CaseFileError("The search could not be run on this case's database; try other words.") from None
        return SearchResult(tuple(hits), parsed.notice())

    def _run(self, q: str | None, limit: int, cancelled: Callable[[], bool] | None) -> list[SearchHit]:
        postgresql = self.ctx.backend == "postgresql"
        with self._read() as s, interruptible(s, self.timeout_s, cancelled):
            rows: list[Any]
            if postgresql:
                rows = [(kind, ref_id, title, _framed(snip, shown), rank)
                        for kind, ref_id, title, snip, shown, rank in s.execute(_PG_SQL, {"q": q, "limit": limit})]
            else:
                rows = list(s.execute(_SQL, {"q": q, "limit": limit}).all())
            titles = _display_titles(s, [(kind, int(ref_id)) for kind, ref_id, *_ in rows])
        hits = []
        for kind, ref_id, title, snip, rank in rows:
            snippet = (snip or "").strip() or (title or "")
            shown = titles.get((kind, int(ref_id))) or (title or "").strip() or "(untitled)"
            hits.append(SearchHit(TargetType(kind), int(ref_id), shown, snippet, float(rank)))
        return hits


def _framed(headline: str | None, source: str | None) -> str:
    """`ts_headline`'s passage with ` … ` where it cuts the text, as FTS5's snippet() writes it."""
    if not headline:
        return ""
    words = _WORDS.findall(headline.replace("[", "").replace("]", ""))
    if not words:
        return headline
    src = source or ""
    room = len(headline) * 2 + 100  # only the ends of a long text are read
    head, tail = _WORDS.findall(src[:room]), _WORDS.findall(src[-room:])
    text_ = headline
    if head[:len(words)] != words:
        text_ = ELLIPSIS.lstrip() + text_
    if tail[-len(words):] != words:
        text_ = text_ + ELLIPSIS.rstrip()
    return text_


def _display_titles(s: Session, refs: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """What a hit is called: `Ex. 4 · title` for an exhibit, an event's title, a party's name, a note's first line."""
    ids: dict[str, list[int]] = {}
    for kind, ref in refs:
        ids.setdefault(kind, []).append(ref)
    out: dict[tuple[str, int], str] = {}
    if ids.get("evidence"):
        stmt = select(Evidence.id, Evidence.exhibit, Evidence.title, Evidence.filename).where(
            Evidence.id.in_(ids["evidence"]))
        for eid, exhibit, title, filename in s.execute(stmt):
            out[("evidence", eid)] = f"Ex. {exhibit} · {title or filename}"
    if ids.get("event"):
        for eid, title in s.execute(select(Event.id, Event.title).where(Event.id.in_(ids["event"]))):
            out[("event", eid)] = title
    if ids.get("party"):
        for pid, name in s.execute(select(Party.id, Party.name).where(Party.id.in_(ids["party"]))):
            out[("party", pid)] = name
    if ids.get("note"):
        for nid, body in s.execute(select(Note.id, func.substr(Note.text, 1, 200)).where(Note.id.in_(ids["note"]))):
            first = next((ln.strip("# ").strip() for ln in (body or "").splitlines() if ln.strip()), "")
            out[("note", nid)] = first[:100] or "(empty note)"
    return out
