"""Synthetic cases of any size for benchmarks: realistic text, dates, parties, tags and citations.

Small things (the case itself, parties) go through the services; the bulk (events, exhibits, links) goes through
the ORM models in large transactions on the case's write sessions (`session.execute(insert(Model), rows)`), so
the FTS5 triggers fill the search index exactly as they do for rows the app writes one at a time.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from casefile.context import Case, create_case
from casefile.db.models import Event, EventSource, Evidence, Tag, event_party, event_tag
from casefile.domain.enums import PartyKind, PartyRole
from casefile.domain.records import PartyDraft

BATCH = 5_000  # rows per executemany
TXN_ROWS = 50_000  # rows per transaction


def _words(text: str) -> list[str]:
    """A word list written as one string: '|'-separated when it holds phrases, else space-separated."""
    return text.split("|") if "|" in text else text.split()


FIRST = _words(
    "Marguerite Peter Ruth Dana Tomasz Ingrid Kwame Lucia Haruto Siobhan Rafael Amara Dmitri Beatriz Oluwaseun "
    "Clara Mateo Freya Anselm Yusuf Greta Nikolai Priya Esteban Hanna Jonas Leila Victor Noor Elias Maren Idris"
)
LAST = _words(
    "Okafor Halvorsen Abernathy Whitcombe Lindqvist Moreau Castellanos Nakamura Brennan Adeyemi Kowalczyk "
    "Ferreira Vasquez Oyelaran Delacroix Haugen Petrov Santangelo Achterberg Mbeki Fontaine Rasmussen Tanaka "
    "Quintero Albrecht Nwosu Lindgren Carvalho Ostrowski Desai Marchetti Sorensen"
)
ORGS = _words(
    "Halvorsen Media Group|The Daily Ledger|Northgate Capital|Brightwater Studios|Meridian Talent Agency|"
    "Calloway & Finch LLP|Harbor Point Records|Sentinel Tribune|Vantage Public Relations|Orchard Street Films|"
    "Kestrel Broadcasting|Alder Insurance|Bluefield Network|Pemberton Associates|Riverside Gazette"
)
TAGS = _words(
    "defamation|breach of contract|harassment|retaliation|privacy|settlement|discovery|deposition|press|"
    "social media|recording|timeline gap|witness statement|damages|injunction|emails|payroll|smear campaign|"
    "production|contract|hearing|motion|subpoena|leak|apology|interview|podcast|filing|appeal|mediation"
)
VERBS = _words(
    "filed|published|denied|alleged|confirmed|reported|posted|emailed|told|signed|terminated|recorded|leaked|"
    "announced|retracted|disputed|testified|settled|requested|received|shared|deleted|edited|claimed|admitted"
)
NOUNS = _words(
    "complaint|statement|recording|contract|lawsuit|article|interview|email|deposition|motion|settlement|"
    "agreement|message|video|podcast|memo|invoice|letter|report|screenshot|transcript|subpoena|apology|"
    "campaign|thread|affidavit|exhibit|schedule|budget|notice|claim|response|timeline|meeting|call|review"
)
ADJS = _words(
    "doctored|private|confidential|public|disputed|amended|signed|unsigned|draft|final|leaked|anonymous|"
    "internal|sworn|unredacted|edited|original|verified|unverified|hostile|misleading|formal|late|early"
)
FILLER = _words(
    "the|a|of|to|in|that|on|for|with|as|by|after|before|during|about|against|from|said|says|which|who|"
    "was|were|had|has|been|would|could|not|also|later|while|when|over|into|its|their|his|her|this"
)
SECTIONS = _words(
    "court|production|studio|board|newsroom|legal team|publicist|management|crew|audience|regulator|judge|"
    "counsel|reporters|investors|network|editor|spokesperson|agency|union"
)


@dataclass(frozen=True)
class SyntheticCase:
    path: Path
    events: int
    exhibits: int
    parties: int


class TextMaker:
    """Deterministic, dispute-flavoured prose (names, dates, legal vocabulary) from a seeded RNG."""

    def __init__(self, rng: random.Random, names: list[str]) -> None:
        self.rng = rng
        self.names = names

    def sentence(self) -> str:
        r = self.rng
        who, other = r.choice(self.names), r.choice(self.names)
        parts = [
            who, r.choice(VERBS), r.choice(FILLER), r.choice(ADJS), r.choice(NOUNS), r.choice(FILLER),
            other, r.choice(FILLER), r.choice(SECTIONS),
        ]
        for _ in range(r.randint(0, 8)):
            parts.append(r.choice(FILLER) if r.random() < 0.5 else r.choice(NOUNS + ADJS + SECTIONS))
        if r.random() < 0.3:
            parts += ["on", self.date_words()]
        s = " ".join(parts)
        if r.random() < 0.15:
            s += f', "{r.choice(ADJS)} {r.choice(NOUNS)} {r.choice(FILLER)} {r.choice(SECTIONS)}"'
        return s[0].upper() + s[1:] + "."

    def date_words(self) -> str:
        d = date(2019, 1, 1) + timedelta(days=self.rng.randrange(2400))
        return d.strftime("%B %-d, %Y")

    def title(self) -> str:
        r = self.rng
        return f"{r.choice(self.names)} {r.choice(VERBS)} {r.choice(ADJS)} {r.choice(NOUNS)}"

    def article(self, size: int) -> str:
        paras, length = [], 0
        while length < size:
            p = " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))
            paras.append(p)
            length += len(p) + 2
        return "\n\n".join(paras)


def party_names(n: int, rng: random.Random) -> list[tuple[str, PartyKind]]:
    out: list[tuple[str, PartyKind]] = [(o, PartyKind.ORGANIZATION) for o in ORGS]
    seen = {o for o, _ in out}
    while len(out) < n:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name in seen:
            name = f"{name} {rng.choice('ABCDEFGHJKLMNPRSTW')}."
            if name in seen:
                continue
        seen.add(name)
        out.append((name, PartyKind.PERSON))
    return out[:n]


def _chunks(it: Iterator[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in it:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _bulk(case: Case, model: object, rows: Iterator[dict]) -> None:
    """Insert through the ORM in executemany batches, TXN_ROWS per transaction (triggers fill FTS)."""
    pending: list[list[dict]] = []
    count = 0
    for batch in _chunks(rows, BATCH):
        pending.append(batch)
        count += len(batch)
        if count >= TXN_ROWS:
            _flush(case, model, pending)
            pending, count = [], 0
    if pending:
        _flush(case, model, pending)


def _flush(case: Case, model: object, batches: list[list[dict]]) -> None:
    with case.ctx.writes() as s, s.begin():
        for b in batches:
            s.execute(insert(model), b)  # type: ignore[arg-type]


def default_exhibits(n_events: int) -> int:
    """20,000 exhibits for 100k events; proportionally fewer below."""
    return max(20, n_events // 5)


def build_case(
    path: Path,
    n_events: int,
    n_exhibits: int | None = None,
    *,
    seed: int = 7,
    article_bytes: tuple[int, int] = (1000, 3000),
    database: str | None = None,
) -> SyntheticCase:
    """Create a case at `path` with `n_events` events, exhibits with 1–3 KB articles, parties, tags and links."""
    rng = random.Random(seed)
    n_exhibits = default_exhibits(n_events) if n_exhibits is None else n_exhibits
    n_parties = max(40, min(2000, n_events // 50))
    case = create_case(path, f"Okafor v. Halvorsen Media Group ({n_events:,} events)", "synthetic benchmark case",
                       **({"database": database} if database else {}))  # a server case: PostgreSQL
    try:
        names = party_names(n_parties, rng)
        roles = list(PartyRole)
        party_ids = []
        for i, (name, kind) in enumerate(names):  # through the service (few, and they get aliases)
            last = name.split()[-1]
            aliases = (last,) if kind is PartyKind.PERSON and i % 3 == 0 else ()
            draft = PartyDraft(name=name, kind=kind, role=rng.choice(roles), aliases=aliases,
                               description=f"{name}, {rng.choice(SECTIONS)}")
            party_ids.append(case.parties.create(draft))
        tm = TextMaker(rng, [n for n, _ in names])
        with case.ctx.writes() as s, s.begin():
            s.execute(insert(Tag), [{"name": t, "is_issue": i < 5} for i, t in enumerate(TAGS)])
            tag_ids = list(range(1, len(TAGS) + 1))

        kinds = ["article"] * 6 + ["social_post"] * 2 + ["email", "document", "transcript"]

        def exhibits() -> Iterator[dict]:
            for i in range(1, n_exhibits + 1):
                kind = rng.choice(kinds)
                body = tm.article(rng.randint(*article_bytes))
                yield {
                    "id": i, "exhibit": i, "filename": f"exhibit-{i:05d}.txt", "sha256": f"{i:064x}",
                    "size": len(body), "media_type": "text/plain", "kind": kind, "title": tm.title(),
                    "author": rng.choice(names)[0], "published": _iso(rng), "text": body, "meta": {},
                }

        _bulk(case, Evidence, exhibits())

        statuses = ["confirmed"] * 16 + ["suggested"] * 2 + ["disputed", "dismissed"]
        precisions = ["day"] * 8 + ["month", "year"]

        def events() -> Iterator[dict]:
            for i in range(1, n_events + 1):
                prec = rng.choice(precisions)
                iso = _iso(rng)
                iso = iso[:4] if prec == "year" else iso[:7] if prec == "month" else iso
                desc = " ".join(tm.sentence() for _ in range(rng.randint(1, 3)))
                yield {
                    "id": i, "date_start": iso, "date_precision": prec, "date_qualifier": "on", "date_end": None,
                    "title": tm.title() + (f" {rng.choice(SECTIONS)}" if rng.random() < 0.5 else ""),
                    "description": desc, "status": rng.choice(statuses),
                    "origin": "extracted" if rng.random() < 0.6 else "manual",
                    "asserted_by_id": rng.choice(party_ids) if rng.random() < 0.2 else None,
                }

        _bulk(case, Event, events())

        def links() -> Iterator[dict]:
            for i in range(1, n_events + 1):
                for pid in rng.sample(party_ids, rng.randint(1, 3)):
                    yield {"event_id": i, "party_id": pid}

        _bulk(case, event_party, links())

        def tag_links() -> Iterator[dict]:
            for i in range(1, n_events + 1):
                for tid in rng.sample(tag_ids, rng.choice((0, 0, 1, 1, 2))):
                    yield {"event_id": i, "tag_id": tid}

        _bulk(case, event_tag, tag_links())

        def sources() -> Iterator[dict]:
            for i in range(1, n_events + 1):
                for _ in range(rng.choice((0, 1, 1, 1, 2))):
                    start = rng.randrange(0, 800)
                    yield {"event_id": i, "evidence_id": rng.randint(1, n_exhibits), "quote": tm.sentence()[:200],
                           "char_start": start, "char_end": start + 120}

        _bulk(case, EventSource, sources())
        with case.ctx.engine.begin() as conn:  # the suggestion pass has read every exhibit, as after an import
            conn.exec_driver_sql("INSERT INTO suggestion_run (evidence_id, at, engine, event_count, party_count) "
                                 "SELECT id, imported_at, 'rules', 0, 0 FROM evidence")
        if case.ctx.engine.dialect.name == "postgresql":
            _after_bulk_postgresql(case)
        else:
            raw = case.ctx.engine.raw_connection()  # outside any transaction (pysqlite autocommit)
            try:
                raw.execute("PRAGMA optimize")
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
        return SyntheticCase(case.path, n_events, n_exhibits, n_parties)
    finally:
        case.close()


def _after_bulk_postgresql(case: Case) -> None:
    """Rows were inserted with explicit ids: move each id sequence past them, then refresh the statistics."""
    with case.ctx.engine.begin() as conn:
        for table in ("evidence", "event", "event_source", "tag"):
            conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT coalesce(max(id), 1) FROM {table}))")
    with case.ctx.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")


def _iso(rng: random.Random) -> str:
    return (date(2019, 1, 1) + timedelta(days=rng.randrange(2400))).isoformat()


def write_articles(folder: Path, n: int, size: int = 3000, seed: int = 11) -> list[Path]:
    """`n` distinct ~`size`-byte plain-text articles with a `date YYYY-MM-DD` first line (for import throughput)."""
    rng = random.Random(seed)
    names = [n for n, _ in party_names(80, rng)]
    tm = TextMaker(rng, names)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        title = tm.title()
        body = f"date {_iso(rng)} {title}\n\nBy {rng.choice(names)}\n\n{tm.article(size - 100)}\n"
        p = folder / f"article-{i:04d}.txt"
        p.write_text(body, encoding="utf-8")
        paths.append(p)
    return paths


def write_clip(path: Path, size: int) -> Path:
    """A `size`-byte file of pseudo-random bytes (incompressible, like media), written in 8 MB blocks."""
    rng = random.Random(3)
    block = rng.randbytes(8 * 1024 * 1024)
    with open(path, "wb") as fh:
        done = 0
        while done < size:
            n = min(len(block), size - done)
            fh.write(block[:n])
            done += n
            block = block[1:] + block[:1] if done % (64 * 1024 * 1024) == 0 else block
    return path
