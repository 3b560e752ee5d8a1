"""The DuckDB store: schema, migrations, the single writer, and the queries views use.

DuckDB lets one process write a file at a time, and while it writes no other process can open
the file at all. So the writer holds its connection only for the length of one batch
transaction and readers (CLI listings, the dashboard) open short read-only connections that
retry while a batch is being committed. Everything a run writes for one batch of articles
lands in one transaction: a kill leaves whole articles or none.

Lists and nested records are stored as JSON text so that the schema reads the same from
DuckDB's shell, pandas and the exports.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from wirewatch import config
from wirewatch.types import (
    Article,
    ArticleResult,
    Claim,
    Conflict,
    EventMention,
    FusedClaim,
    FusedEvent,
    FusedQuote,
    Quote,
    Reject,
    Story,
)

SCHEMA_VERSION_TABLE = "schema_version"

# Each migration is applied once, in order; the schema_version table records how far a store
# has come. Never edit a migration that has shipped: append a new one.
MIGRATIONS: list[str] = [
    # 1: foundation
    """
    CREATE TABLE articles (
        id VARCHAR PRIMARY KEY,
        source_id VARCHAR NOT NULL,
        title VARCHAR,
        publisher VARCHAR,
        author VARCHAR,
        published VARCHAR,
        url VARCHAR,
        language VARCHAR,
        body VARCHAR NOT NULL,
        captions VARCHAR NOT NULL DEFAULT '[]',
        dateline VARCHAR,
        removed VARCHAR NOT NULL DEFAULT '[]',
        format VARCHAR,
        story_id VARCHAR,
        duplicate_of VARCHAR,
        notes VARCHAR NOT NULL DEFAULT '[]',
        seq BIGINT,
        ingested_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE sources (
        source_id VARCHAR PRIMARY KEY,
        article_id VARCHAR,
        path VARCHAR
    );
    CREATE TABLE rejects (
        path VARCHAR NOT NULL,
        record_no INTEGER,
        reason VARCHAR NOT NULL,
        run_id VARCHAR,
        rejected_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE runs (
        id VARCHAR PRIMARY KEY,
        started TIMESTAMP,
        finished TIMESTAMP,
        paths VARCHAR,
        status VARCHAR,
        articles INTEGER,
        rejects INTEGER
    );
    CREATE TABLE event_mentions (
        id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        story_id VARCHAR,
        event VARCHAR NOT NULL,
        mode VARCHAR,
        cameo_root VARCHAR,
        quad INTEGER,
        intensity DOUBLE,
        intensity_scale VARCHAR,
        actor VARCHAR,
        recipient VARCHAR,
        date VARCHAR,
        date_basis VARCHAR,
        location VARCHAR,
        status VARCHAR,
        trigger VARCHAR,
        support VARCHAR
    );
    CREATE TABLE quote_mentions (
        id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        story_id VARCHAR,
        text VARCHAR,
        kind VARCHAR,
        speaker VARCHAR,
        verb VARCHAR,
        support VARCHAR
    );
    CREATE TABLE claim_mentions (
        id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        story_id VARCHAR,
        value DOUBLE,
        text VARCHAR,
        unit VARCHAR,
        qualifier VARCHAR,
        subject VARCHAR,
        speaker VARCHAR,
        date VARCHAR,
        support VARCHAR
    );
    CREATE TABLE stories (
        id VARCHAR PRIMARY KEY,
        title VARCHAR,
        article_ids VARCHAR,
        publishers VARCHAR,
        first_published VARCHAR,
        last_published VARCHAR
    );
    CREATE TABLE events (
        id VARCHAR PRIMARY KEY,
        story_id VARCHAR,
        event VARCHAR,
        mode VARCHAR,
        cameo_root VARCHAR,
        quad INTEGER,
        intensity DOUBLE,
        actor VARCHAR,
        recipient VARCHAR,
        date VARCHAR,
        location VARCHAR,
        status VARCHAR,
        mention_ids VARCHAR,
        support VARCHAR
    );
    CREATE TABLE quotes (
        id VARCHAR PRIMARY KEY,
        story_id VARCHAR,
        text VARCHAR,
        kind VARCHAR,
        speaker VARCHAR,
        verb VARCHAR,
        variants VARCHAR,
        quote_ids VARCHAR,
        support VARCHAR
    );
    CREATE TABLE claims (
        id VARCHAR PRIMARY KEY,
        story_id VARCHAR,
        value DOUBLE,
        text VARCHAR,
        unit VARCHAR,
        qualifier VARCHAR,
        subject VARCHAR,
        speaker VARCHAR,
        date VARCHAR,
        claim_ids VARCHAR,
        support VARCHAR
    );
    CREATE TABLE conflicts (
        id VARCHAR PRIMARY KEY,
        story_id VARCHAR,
        kind VARCHAR,
        about VARCHAR,
        sides VARCHAR
    );
    CREATE TABLE corpus_state (
        name VARCHAR PRIMARY KEY,
        value VARCHAR
    );
    """,
    # 2: live monitoring — alerts raised once per trigger, files seen by the watcher
    """
    CREATE TABLE alerts (
        id VARCHAR PRIMARY KEY,
        rule VARCHAR,
        kind VARCHAR,
        message VARCHAR,
        payload VARCHAR,
        raised_at TIMESTAMP DEFAULT current_timestamp
    );
    """,
]

# Columns stored as JSON text, decoded on the way out.
JSON_COLUMNS = {
    "captions", "removed", "notes", "actor", "recipient", "support", "speaker", "article_ids",
    "publishers", "mention_ids", "variants", "quote_ids", "claim_ids", "sides", "payload",
}


class StoreLocked(RuntimeError):
    """Another process holds the store for writing and did not let go in time."""


def _dumps(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=lambda o: o.to_dict())


def connect(path: str, read_only: bool = False, wait: float = 30.0) -> duckdb.DuckDBPyConnection:
    """Open the store, waiting up to ``wait`` seconds while another process holds the lock."""
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:  # lock held by another process
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                if "lock" in str(exc).lower():
                    raise StoreLocked(
                        f"the store {path} is in use by another process (a run is writing); "
                        "try again when it finishes"
                    ) from exc
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the schema up to date; returns the version reached."""
    con.execute(f"CREATE TABLE IF NOT EXISTS {SCHEMA_VERSION_TABLE} (version INTEGER)")
    row = con.execute(f"SELECT max(version) FROM {SCHEMA_VERSION_TABLE}").fetchone()
    current = (row[0] if row else None) or 0
    for number, sql in enumerate(MIGRATIONS, start=1):
        if number <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(f"INSERT INTO {SCHEMA_VERSION_TABLE} VALUES (?)", [number])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description or []]
    out = []
    for row in cur.fetchall():
        rec = dict(zip(names, row, strict=True))
        for key in names:
            if key in JSON_COLUMNS and isinstance(rec[key], str):
                rec[key] = json.loads(rec[key])
        out.append(rec)
    return out


class Store:
    """The wirewatch store. ``Store(path)`` writes; ``Store(path, read_only=True)`` reads.

    Writers hold the file only inside ``transaction()``; readers open a connection per call.
    """

    def __init__(self, path: str | None = None, read_only: bool = False):
        self.path = config.db_path(path)
        self.read_only = read_only
        if read_only:
            if not Path(self.path).exists():
                raise FileNotFoundError(f"no store at {self.path}: run `wirewatch run PATH` first")
        else:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            with self._connection() as con:
                migrate(con)

    @contextmanager
    def _connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = connect(self.path, read_only=self.read_only)
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction: all of it lands, or none of it does."""
        if self.read_only:
            raise PermissionError("this store was opened read-only")
        with self._connection() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    # ------------------------------------------------------------------ queries
    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts, JSON columns decoded. Parameters always bound, never formatted in."""
        with self._connection() as con:
            return _rows(con.execute(sql, list(params or [])))

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        with self._connection() as con:
            row = con.execute(sql, list(params or [])).fetchone()
            return row[0] if row else None

    def known_sources(self, source_ids: Iterable[str]) -> set[str]:
        ids = list(source_ids)
        if not ids:
            return set()
        with self._connection() as con:
            rows = con.execute(
                "SELECT source_id FROM sources WHERE source_id IN (SELECT unnest(?))", [ids]
            ).fetchall()
        return {r[0] for r in rows}

    def known_articles(self, article_ids: Iterable[str]) -> set[str]:
        ids = list(article_ids)
        if not ids:
            return set()
        with self._connection() as con:
            rows = con.execute(
                "SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]
            ).fetchall()
        return {r[0] for r in rows}

    def counts(self) -> dict[str, int]:
        tables = ["articles", "rejects", "stories", "event_mentions", "events", "quote_mentions",
                  "quotes", "claim_mentions", "claims", "conflicts"]
        with self._connection() as con:
            return {t: (con.execute(f"SELECT count(*) FROM {t}").fetchone() or (0,))[0] for t in tables}

    def get_state(self, name: str) -> str | None:
        return self.scalar("SELECT value FROM corpus_state WHERE name = ?", [name])


# ---------------------------------------------------------------------- writers
def _article_row(a: Article, seq: int) -> tuple[Any, ...]:
    return (a.id, a.source_id, a.title, a.publisher, a.author, a.published, a.url, a.language,
            a.body, _dumps(a.captions), a.dateline, _dumps(a.removed), a.format, a.story_id,
            a.duplicate_of, _dumps(a.notes), seq)


ARTICLE_INSERT_COLUMNS = ("id", "source_id", "title", "publisher", "author", "published", "url",
                          "language", "body", "captions", "dateline", "removed", "format",
                          "story_id", "duplicate_of", "notes", "seq")


def _event_row(e: EventMention) -> tuple[Any, ...]:
    return (e.id, e.article_id, e.story_id, e.event, e.mode, e.cameo_root, e.quad, e.intensity,
            e.intensity_scale, _dumps(e.actor), _dumps(e.recipient), e.date, e.date_basis,
            e.location, e.status, e.trigger, _dumps(e.support))


def _quote_row(q: Quote) -> tuple[Any, ...]:
    return (q.id, q.article_id, q.story_id, q.text, q.kind, _dumps(q.speaker), q.verb,
            _dumps(q.support))


def _claim_row(c: Claim) -> tuple[Any, ...]:
    return (c.id, c.article_id, c.story_id, c.value, c.text, c.unit, c.qualifier, c.subject,
            _dumps(c.speaker), c.date, _dumps(c.support))


def bulk_insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: Sequence[tuple[Any, ...]],
    columns: Sequence[str] | None = None,
    replace: bool = False,
) -> None:
    """Insert many rows in one statement (through Arrow), not one round trip per row.

    With ``replace`` a row whose id exists is replaced; ids repeated inside ``rows`` keep the last.
    """
    if not rows:
        return
    import pyarrow as pa

    if columns is None:
        columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()][: len(rows[0])]
    if replace:
        rows = list({r[0]: r for r in rows}.values())
    batch = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
    con.register("_wirewatch_rows", batch)
    try:
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        cols = ", ".join(columns)
        con.execute(f"{verb} INTO {table} ({cols}) SELECT {cols} FROM _wirewatch_rows")
    finally:
        con.unregister("_wirewatch_rows")


def write_results(
    con: duckdb.DuckDBPyConnection,
    results: Sequence[ArticleResult],
    source_paths: dict[str, str],
    seq_start: int = 0,
) -> tuple[int, int]:
    """Write one batch inside an open transaction.

    Returns (new articles, new sources). An article whose id (a hash of its clean text) is
    already stored is not written again: its source is recorded against the stored article,
    so the same text arriving from two files is one article with two sources.
    """
    ids = [r.article.id for r in results]
    sids = [sid for r in results for sid in (r.article.sources or [r.article.source_id])]
    stored = {row[0] for row in con.execute(
        "SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()}
    known_sources = {row[0] for row in con.execute(
        "SELECT source_id FROM sources WHERE source_id IN (SELECT unnest(?))", [sids]).fetchall()}
    articles: list[tuple[Any, ...]] = []
    sources: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    quotes: list[tuple[Any, ...]] = []
    claims: list[tuple[Any, ...]] = []
    for offset, res in enumerate(results):
        art = res.article
        for sid in art.sources or [art.source_id]:
            if sid not in known_sources:
                known_sources.add(sid)
                sources.append((sid, art.id, source_paths.get(sid)))
        if art.id in stored:
            continue
        stored.add(art.id)
        articles.append(_article_row(art, seq_start + offset))
        events.extend(_event_row(e) for e in res.events)
        quotes.extend(_quote_row(q) for q in res.quotes)
        claims.extend(_claim_row(c) for c in res.claims)
    bulk_insert(con, "sources", sources, ("source_id", "article_id", "path"))
    bulk_insert(con, "articles", articles, ARTICLE_INSERT_COLUMNS)
    bulk_insert(con, "event_mentions", events, replace=True)
    bulk_insert(con, "quote_mentions", quotes, replace=True)
    bulk_insert(con, "claim_mentions", claims, replace=True)
    return len(articles), len(sources)


def insert_article(con: duckdb.DuckDBPyConnection, a: Article, seq: int) -> None:
    bulk_insert(con, "articles", [_article_row(a, seq)], ARTICLE_INSERT_COLUMNS)


def insert_event_mention(con: duckdb.DuckDBPyConnection, e: EventMention) -> None:
    bulk_insert(con, "event_mentions", [_event_row(e)], replace=True)


def insert_quote_mention(con: duckdb.DuckDBPyConnection, q: Quote) -> None:
    bulk_insert(con, "quote_mentions", [_quote_row(q)], replace=True)


def insert_claim_mention(con: duckdb.DuckDBPyConnection, c: Claim) -> None:
    bulk_insert(con, "claim_mentions", [_claim_row(c)], replace=True)


def write_rejects(con: duckdb.DuckDBPyConnection, rejects: Sequence[Reject]) -> int:
    """Record rejects once: the same path, record and reason is not recorded twice."""
    n = 0
    for r in rejects:
        dup = con.execute(
            "SELECT 1 FROM rejects WHERE path = ? AND record_no IS NOT DISTINCT FROM ? AND reason = ?",
            [r.path, r.record_no, r.reason],
        ).fetchone()
        if dup:
            continue
        con.execute(
            "INSERT INTO rejects (path, record_no, reason, run_id) VALUES (?, ?, ?, ?)",
            [r.path, r.record_no, r.reason, r.run_id],
        )
        n += 1
    return n


def replace_stories(con: duckdb.DuckDBPyConnection, stories: Sequence[Story]) -> None:
    """Upsert story records and point their articles and mentions at them."""
    if not stories:
        return
    bulk_insert(con, "stories", [
        (s.id, s.title, _dumps(s.article_ids), _dumps(s.publishers), s.first_published,
         s.last_published) for s in stories], replace=True)
    membership = [(aid, s.id) for s in stories for aid in s.article_ids]
    con.execute("CREATE TEMP TABLE IF NOT EXISTS _story_members (article_id VARCHAR, story_id VARCHAR)")
    con.execute("DELETE FROM _story_members")
    bulk_insert(con, "_story_members", membership, ("article_id", "story_id"))
    for table in ("articles", "event_mentions", "quote_mentions", "claim_mentions"):
        col = "id" if table == "articles" else "article_id"
        con.execute(
            f"UPDATE {table} SET story_id = m.story_id FROM _story_members m "
            f"WHERE {table}.{col} = m.article_id AND {table}.story_id IS DISTINCT FROM m.story_id"
        )
    con.execute("DELETE FROM _story_members")


def replace_fused(
    con: duckdb.DuckDBPyConnection,
    story_ids: Sequence[str],
    events: Sequence[FusedEvent],
    quotes: Sequence[FusedQuote],
    claims: Sequence[FusedClaim],
    conflicts: Sequence[Conflict],
) -> None:
    """Replace the fused records of the given stories (fusion reruns per touched story)."""
    for table in ("events", "quotes", "claims", "conflicts"):
        con.execute(f"DELETE FROM {table} WHERE story_id IN (SELECT unnest(?))", [list(story_ids)])
    bulk_insert(con, "events", [
        (e.id, e.story_id, e.event, e.mode, e.cameo_root, e.quad, e.intensity, _dumps(e.actor),
         _dumps(e.recipient), e.date, e.location, e.status, _dumps(e.mention_ids), _dumps(e.support))
        for e in events], replace=True)
    bulk_insert(con, "quotes", [
        (q.id, q.story_id, q.text, q.kind, _dumps(q.speaker), q.verb, _dumps(q.variants),
         _dumps(q.quote_ids), _dumps(q.support)) for q in quotes], replace=True)
    bulk_insert(con, "claims", [
        (c.id, c.story_id, c.value, c.text, c.unit, c.qualifier, c.subject, _dumps(c.speaker),
         c.date, _dumps(c.claim_ids), _dumps(c.support)) for c in claims], replace=True)
    bulk_insert(con, "conflicts", [
        (k.id, k.story_id, k.kind, k.about, _dumps(k.sides)) for k in conflicts], replace=True)


def set_state(con: duckdb.DuckDBPyConnection, name: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO corpus_state VALUES (?, ?)", [name, value])
