"""Full-text search across evidence text, events, parties and notes (SQLite FTS5), ranked, with snippets."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from casefile.db.models import Event, Evidence, Note, Party
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
            titles = _display_titles(s, [(kind, int(ref_id)) for kind, ref_id, *_ in rows])
        hits = []
        for kind, ref_id, title, snip, rank in rows:
            snippet = (snip or "").strip() or (title or "")
            shown = titles.get((kind, int(ref_id))) or (title or "").strip() or "(untitled)"
            hits.append(SearchHit(TargetType(kind), int(ref_id), shown, snippet, rank))
        return hits


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
