"""The Python API: everything the CLI does, one import away, for notebooks and scripts.

- ``wirewatch.run(paths, db=...)``: what ``wirewatch run`` does; returns the RunSummary.
- ``wirewatch.process(texts_or_records)``: in memory, no store, no disk; typed records out.
- ``wirewatch.open(db)``: a read-only view of a store whose methods return pandas DataFrames
  (``Frame``: a DataFrame with ``.arrow()``, ``.polars()`` and, for events, ``.to_geojson()``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from wirewatch import queries
from wirewatch.pipeline import ArticleStage, RunSummary
from wirewatch.pipeline import run as _run
from wirewatch.store import Store as _Store
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
    RawDoc,
    Record,
    Reject,
    Story,
)


class Frame(pd.DataFrame):
    """A pandas DataFrame with conversions to Arrow and polars, and GeoJSON for located events."""

    @property
    def _constructor(self) -> type[Frame]:
        return Frame

    def arrow(self) -> Any:
        """This table as a ``pyarrow.Table``."""
        import pyarrow as pa

        return pa.Table.from_pandas(_jsonable(self), preserve_index=False)

    def polars(self) -> Any:
        """This table as a ``polars.DataFrame`` (needs polars installed)."""
        import polars as pl

        return pl.from_arrow(self.arrow())

    def to_geojson(self) -> dict[str, Any]:
        """Located events as a GeoJSON FeatureCollection (places looked up in the gazetteer)."""
        from wirewatch import gazetteer

        features = []
        for row in self.to_dict("records"):
            place = row.get("location")
            if not place:
                continue
            point = gazetteer.lookup(place)
            if point is None:
                continue
            lat, lon = point.lat, point.lon
            props = {k: v for k, v in row.items() if k not in ("support",)}
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                             "properties": json.loads(json.dumps(props, default=str))})
        return {"type": "FeatureCollection", "features": features}


def _jsonable(df: pd.DataFrame) -> pd.DataFrame:
    """Nested columns (lists, dicts) as JSON text, so Arrow gets one type per column."""
    out = df.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, dict))).any():
            out[col] = out[col].map(lambda v: json.dumps(v, ensure_ascii=False, default=str)
                                    if isinstance(v, (list, dict)) else v)
    return pd.DataFrame(out)


def _frame(rows: list[dict[str, Any]]) -> Frame:
    return Frame(pd.DataFrame.from_records(rows)) if rows else Frame()


class Store:
    """A read-only view of a wirewatch store. Each method returns a ``Frame`` (pandas)."""

    def __init__(self, db: str):
        self._store = _Store(db, read_only=True)
        self.path = self._store.path

    def __repr__(self) -> str:
        return f"wirewatch.Store({self.path!r})"

    def articles(self, full: bool = False, story: str | None = None) -> Frame:
        return _frame(queries.articles(self._store, full=full, story=story))

    def stories(self) -> Frame:
        return _frame(queries.stories(self._store))

    def events(self, story: str | None = None, mentions: bool = False) -> Frame:
        """Fused events (one per real-world event), or per-article mentions."""
        rows = queries.event_mentions(self._store, story) if mentions else queries.events(self._store, story)
        return _frame(rows)

    def quotes(self, story: str | None = None, mentions: bool = False) -> Frame:
        rows = queries.quote_mentions(self._store, story) if mentions else queries.quotes(self._store, story)
        return _frame(rows)

    def claims(self, story: str | None = None, mentions: bool = False) -> Frame:
        rows = queries.claim_mentions(self._store, story) if mentions else queries.claims(self._store, story)
        return _frame(rows)

    def conflicts(self, story: str | None = None) -> Frame:
        return _frame(queries.conflicts(self._store, story))

    def rejects(self) -> Frame:
        return _frame(queries.rejects(self._store))

    def actors(self) -> Frame:
        return _frame(queries.actors(self._store))

    def dyads(self, actor: str | None = None, since: str | None = None, level: str = "country") -> Frame:
        from wirewatch import dyads

        return _frame(dyads.dyad_series(self._store, actor=actor, since=since, level=level))

    def timeline(self, story: str | None = None, actor: str | None = None) -> Frame:
        from wirewatch import timeline

        return _frame(timeline.timeline(self._store, story_id=story, actor=actor))

    def brief(self, story_id: str, markdown: bool = False) -> Any:
        """The story brief as a dict (or Markdown text with ``markdown=True``)."""
        from wirewatch import brief

        data = brief.make_brief(self._store, story_id)
        return brief.render_markdown(data) if markdown else data

    def sql(self, query: str, params: Sequence[Any] | None = None) -> Frame:
        """Run SQL directly on the store (read-only connection: writes fail)."""
        return _frame(self._store.query(query, params))


def open(db: str = "wirewatch.duckdb") -> Store:  # noqa: A001 - the public name asked for
    """Open a store built by ``wirewatch run`` for reading."""
    return Store(db)


def run(paths: str | Iterable[str], db: str = "wirewatch.duckdb", engine: str = "local",
        workers: int | None = None, scheduler: str | None = None) -> RunSummary:
    """What ``wirewatch run`` does: ingest, every stage, corpus stages; returns the summary."""
    if isinstance(paths, str):
        paths = [paths]
    return _run(list(paths), db=db, engine=engine, workers=workers, scheduler=scheduler)


@dataclass(slots=True)
class Processed(Record):
    """What ``process`` returns: typed records, nothing written anywhere."""

    articles: list[Article] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    fused_events: list[FusedEvent] = field(default_factory=list)
    fused_quotes: list[FusedQuote] = field(default_factory=list)
    fused_claims: list[FusedClaim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


def _raw(item: str | dict[str, Any], n: int) -> RawDoc:
    if isinstance(item, str):
        return RawDoc(source_id=f"text-{n}", path=f"<text {n}>", format="text", text=item)
    if not isinstance(item, dict):
        raise TypeError(f"item {n}: expected a str or a dict, got {type(item).__name__}")
    from wirewatch.ingest import record_meta

    meta = record_meta(item)
    sid = str(item.get("id") or item.get("url") or f"record-{n}")
    if item.get("html"):
        return RawDoc(sid, f"<record {n}>", "html", html=item["html"], meta=meta)
    return RawDoc(sid, f"<record {n}>", "jsonl", text=item.get("text") or item.get("maintext") or "",
                  meta=meta)


def process(texts_or_records: Iterable[str | dict[str, Any]]) -> Processed:
    """Run every stage in memory on plain strings or dicts (``text``, ``title``, ``published``,
    ``publisher``, ``url``) and return typed records; touches no disk."""
    from wirewatch import fuse
    from wirewatch.stories import StoryClusterer, StoryInput

    raws = [_raw(item, n) for n, item in enumerate(texts_or_records, start=1)]
    stage = ArticleStage()
    stage.setup()
    out = Processed()
    results: list[ArticleResult] = []
    for item in stage.process_batch(raws):
        if isinstance(item, Reject):
            out.rejects.append(item)
        else:
            results.append(item)
    # unique articles only (the same text twice is one article)
    seen: set[str] = set()
    results = [r for r in results if not (r.article.id in seen or seen.add(r.article.id))]
    clusterer = StoryClusterer()
    order = sorted(results, key=lambda r: (r.article.published or "9999", r.article.id))
    for r in order:
        codes = sorted({a.code or a.name for e in r.events for a in e.actor + e.recipient if a.code or a.name})
        places = sorted({e.location for e in r.events if e.location})
        r.article.story_id = clusterer.add(StoryInput(
            id=r.article.id, title=r.article.title or "", body=r.article.body,
            published=r.article.published, publisher=r.article.publisher, actors=codes, places=places))
    out.stories = clusterer.stories()
    for r in results:
        for rec in (*r.events, *r.quotes, *r.claims):
            rec.story_id = r.article.story_id
        out.articles.append(r.article)
        out.events.extend(r.events)
        out.quotes.extend(r.quotes)
        out.claims.extend(r.claims)
    publishers = {r.article.id: r.article.publisher for r in results}
    for story in out.stories:
        ids = set(story.article_ids)
        fe, fq, fc, conf = fuse.fuse_story(
            story.id,
            [e for e in out.events if e.article_id in ids],
            [q for q in out.quotes if q.article_id in ids],
            [c for c in out.claims if c.article_id in ids],
            publishers,
        )
        out.fused_events.extend(fe)
        out.fused_quotes.extend(fq)
        out.fused_claims.extend(fc)
        out.conflicts.extend(conf)
    return out
