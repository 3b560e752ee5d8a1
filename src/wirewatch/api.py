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

from wirewatch import config, queries
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
            if not isinstance(place, str) or not place:
                continue
            point = gazetteer.lookup(place)
            if point is None:
                continue
            props = {str(k): _plain_cell(v) for k, v in row.items() if k != "support"}
            props["place"] = point.name
            features.append({"type": "Feature", "id": row.get("id"),
                             "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
                             "properties": json.loads(json.dumps(props, default=str))})
        return {"type": "FeatureCollection", "features": features}


def _plain_cell(value: Any) -> Any:
    """A cell as JSON allows it: pandas' missing values (NaN, NaT, NA) become None."""
    if isinstance(value, (list, dict)):
        return value
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


def _jsonable(df: pd.DataFrame) -> pd.DataFrame:
    """Nested columns (lists, dicts) as JSON text, so Arrow gets one type per column."""
    out = df.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, dict))).any():
            out[col] = out[col].map(lambda v: json.dumps(v, ensure_ascii=False, default=str)
                                    if isinstance(v, (list, dict)) else v)
    return pd.DataFrame(out)


_ARTICLE = ("id", "source_id", "publisher", "title", "published", "language", "story_id",
            "duplicate_of", "url", "format", "notes")
_EVENT_MENTION = ("id", "article_id", "story_id", "event", "mode", "cameo_root", "quad", "intensity",
                  "intensity_scale", "actor", "recipient", "date", "date_basis", "location",
                  "status", "trigger", "support")

# The columns each ``Store`` method returns, in order (docs/api.md is generated from this and a
# test checks every method against it). A frame always has these columns, even when empty, so
# ``store.events()["event"]`` works on an empty store too.
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (*_ARTICLE, "sources"),
    "articles(full=True)": (*_ARTICLE, "body", "captions", "dateline", "author", "sources"),
    "stories": ("id", "title", "article_ids", "publishers", "first_published", "last_published"),
    "events": ("id", "story_id", "event", "mode", "cameo_root", "quad", "intensity", "actor",
               "recipient", "date", "location", "status", "mention_ids", "support", "reports",
               "outlets"),
    "events(mentions=True)": _EVENT_MENTION,
    "quotes": ("id", "story_id", "text", "kind", "speaker", "verb", "variants", "quote_ids",
               "support"),
    "quotes(mentions=True)": ("id", "article_id", "story_id", "text", "kind", "speaker", "verb",
                              "support"),
    "claims": ("id", "story_id", "value", "text", "unit", "qualifier", "subject", "speaker", "date",
               "claim_ids", "support"),
    "claims(mentions=True)": ("id", "article_id", "story_id", "value", "text", "unit", "qualifier",
                              "subject", "speaker", "date", "support"),
    "conflicts": ("id", "story_id", "kind", "about", "sides"),
    "rejects": ("path", "record_no", "reason", "run_id", "rejected_at"),
    "actors": ("name", "code", "sector", "mentions", "as_actor", "as_recipient", "as_speaker"),
    "dyads": ("date", "actor", "recipient", "level", "events", "reports", "mentions", "quad1",
              "quad2", "quad3", "quad4", "intensity_sum", "intensity_mean", "conflict",
              "cooperation", "pressure", "inflation", "escalation", "event_ids"),
    "timeline": ("date", "event", "mode", "actor", "recipient", "status", "location", "quad",
                 "intensity", "reports", "mentions", "sentence", "story_id", "id"),
}


def _frame(rows: list[dict[str, Any]], kind: str | None = None) -> Frame:
    """Rows as a Frame; with ``kind``, the documented columns first, in their order."""
    columns = list(COLUMNS[kind]) if kind else []
    if not rows:
        return Frame(columns=columns)
    df = pd.DataFrame.from_records(rows)
    if columns:
        df = df.reindex(columns=columns + [c for c in df.columns if c not in columns])
    return Frame(df)


class Store:
    """A read-only view of a wirewatch store. Each table method returns a ``Frame`` (pandas).

    Nested values (actors, supports, id lists) are Python lists and dicts in the cells; the
    columns of every method are listed in docs/api.md (``wirewatch.api.COLUMNS``). The store
    is opened per call, so a ``Store`` can stay open in a notebook while ``wirewatch run``
    adds to the file between calls.
    """

    def __init__(self, db: str):
        self._store = _Store(db, read_only=True)
        self.path = self._store.path

    def __repr__(self) -> str:
        return f"wirewatch.Store({self.path!r})"

    def articles(self, full: bool = False, story: str | None = None) -> Frame:
        """Articles in publication order; ``full=True`` adds body, captions, dateline, author."""
        kind = "articles(full=True)" if full else "articles"
        return _frame(queries.articles(self._store, full=full, story=story), kind)

    def stories(self) -> Frame:
        """Stories (articles about one happening), oldest first."""
        return _frame(queries.stories(self._store), "stories")

    def events(self, story: str | None = None, mentions: bool = False) -> Frame:
        """Fused events (one per real-world event, with ``reports``), or per-article mentions."""
        if mentions:
            return _frame(queries.event_mentions(self._store, story), "events(mentions=True)")
        return _frame(queries.events(self._store, story), "events")

    def quotes(self, story: str | None = None, mentions: bool = False) -> Frame:
        """Fused quotes (one per statement, wording variants kept), or per-article mentions."""
        if mentions:
            return _frame(queries.quote_mentions(self._store, story), "quotes(mentions=True)")
        return _frame(queries.quotes(self._store, story), "quotes")

    def claims(self, story: str | None = None, mentions: bool = False) -> Frame:
        """Fused numeric claims, or per-article mentions."""
        if mentions:
            return _frame(queries.claim_mentions(self._store, story), "claims(mentions=True)")
        return _frame(queries.claims(self._store, story), "claims")

    def conflicts(self, story: str | None = None) -> Frame:
        """Disagreements between sources of one story (number, actor or date), with each side."""
        return _frame(queries.conflicts(self._store, story), "conflicts")

    def rejects(self) -> Frame:
        """Inputs that could not be used: path, record number, reason."""
        return _frame(queries.rejects(self._store), "rejects")

    def actors(self) -> Frame:
        """Resolved actors, most mentioned first, with counts as actor, recipient and speaker."""
        return _frame(queries.actors(self._store), "actors")

    def dyads(self, actor: str | None = None, since: str | None = None, level: str = "country") -> Frame:
        """Per day and actor pair: fused events by quad, intensity, reports, escalation index
        (docs/escalation.md). ``actor`` keeps pairs with that code on either side."""
        from wirewatch import dyads

        return _frame(dyads.dyad_series(self._store, actor=actor, since=since, level=level), "dyads")

    def timeline(self, story: str | None = None, actor: str | None = None) -> Frame:
        """Dated fused events in date order, of one story or one actor (code or name)."""
        from wirewatch import timeline

        return _frame(timeline.timeline(self._store, story_id=story, actor=actor), "timeline")

    def brief(self, story_id: str, markdown: bool = False) -> Any:
        """The story brief as a dict (or Markdown text with ``markdown=True``): headline,
        summary, key events, quotes, conflicts, numbered sources. ``KeyError`` for an unknown
        story id."""
        from wirewatch import brief

        if queries.story(self._store, story_id) is None:
            raise KeyError(f"no story {story_id!r} in {self.path}")
        data = brief.make_brief(self._store, story_id)
        return brief.render_markdown(data) if markdown else data

    def sql(self, query: str, params: Sequence[Any] | None = None) -> Frame:
        """Run SQL directly on the store (read-only connection: writes fail); ``?`` parameters
        are bound from ``params``."""
        return _frame(self._store.query(query, params))


def open(db: str | None = None) -> Store:  # noqa: A001 - the public name asked for
    """Open a store built by ``wirewatch run`` (or ``wirewatch.run``) for reading.

    ``db`` defaults to what the CLI uses: ``$WIREWATCH_DB``, else ``./wirewatch.duckdb``.
    ``FileNotFoundError`` when there is no store there (nothing is created).
    """
    return Store(config.db_path(db))


def run(paths: str | Iterable[str], db: str | None = None, engine: str = "local",
        workers: int | None = None, scheduler: str | None = None) -> RunSummary:
    """What ``wirewatch run`` does: read files and folders (recursively), clean, extract, mark
    copies, cluster stories, fuse; write it all to the store ``db`` and return the summary
    (counts, rejects with reasons, seconds). Safe to rerun: stored sources are skipped.

    ``engine="dask"`` runs the per-article stages on Dask (``workers`` processes, or the
    cluster at ``scheduler``); the result is the same store.
    """
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
    """Run every stage in memory and return typed records; nothing is written anywhere.

    Each item is a plain string (the article text; the first line may be its title) or a dict
    with ``text`` (or ``html``) and optionally ``title``, ``published`` (YYYY-MM-DD or a date
    the reader understands), ``publisher``, ``url``, ``id``; news-please fields (``maintext``,
    ``date_publish``, ``source_domain``) work too. Inputs that cannot be used come back in
    ``rejects``. Stories and fusion run over the items given, as one small corpus.
    """
    from wirewatch import fuse
    from wirewatch.copies import CopyIndex
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
    unique: list[ArticleResult] = []
    for r in results:
        if r.article.id not in seen:
            seen.add(r.article.id)
            unique.append(r)
    results = unique
    # the corpus stage, as ``update_stories`` does it: copies first (a copy joins its original's
    # story and is marked ``duplicate_of``), the rest through the story clusterer
    clusterer = StoryClusterer()
    copies = CopyIndex()
    story_of: dict[str, str] = {}
    # publication order, then input order (the store uses ingestion order): same story ids as a run
    order = sorted(results, key=lambda r: r.article.published or "9999")
    for r in order:
        codes: list[str] = []
        for e in r.events:
            for a in e.actor + e.recipient:
                name = a.code or a.name
                if name and name not in codes:
                    codes.append(name)
        places = sorted({e.location for e in r.events if e.location})
        story_in = StoryInput(id=r.article.id, title=r.article.title or "", body=r.article.body,
                              published=r.article.published, publisher=r.article.publisher,
                              actors=codes, places=places)
        original = copies.add(r.article.id, r.article.body, r.article.published)
        sid = story_of.get(original) if original is not None else None
        if original is not None:
            r.article.duplicate_of = original
        if sid is None or not clusterer.attach(story_in, sid):
            sid = clusterer.add(story_in)
        story_of[r.article.id] = sid
        r.article.story_id = sid
    out.stories = clusterer.stories()
    for r in results:
        for ev in r.events:
            ev.story_id = r.article.story_id
        for q in r.quotes:
            q.story_id = r.article.story_id
        for c in r.claims:
            c.story_id = r.article.story_id
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
