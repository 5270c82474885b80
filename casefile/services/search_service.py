"""Full-text search across evidence text, events, parties and notes (SQLite FTS5), ranked, with snippets."""

from __future__ import annotations

from sqlalchemy import text

from casefile.domain.enums import TargetType
from casefile.domain.records import SearchHit
from casefile.services.base import Service
from casefile.services.text_query import fts_query

_SQL = text(
    "SELECT kind, ref_id, title, snippet(search_index, -1, '[', ']', ' … ', 12) AS snip, "
    "bm25(search_index, 0, 0, 4.0, 1.0) AS rank "
    "FROM search_index WHERE search_index MATCH :q ORDER BY rank LIMIT :limit"
)


class SearchService(Service):
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Ranked hits; words match as prefixes, "quoted phrases" as phrases. Snippets mark hits with [ ]."""
        q = fts_query(query)
        if q is None:
            return []
        with self._read() as s:
            rows = s.execute(_SQL, {"q": q, "limit": limit}).all()
        hits = []
        for kind, ref_id, title, snip, rank in rows:
            snippet = (snip or "").strip() or (title or "")
            hits.append(SearchHit(TargetType(kind), int(ref_id), (title or "").strip() or "(note)", snippet, rank))
        return hits
