"""The runner: inputs -> per-article stage (any engine) -> the single writer -> corpus stages.

Data flows one way. Readers yield RawDocs lazily; the per-article stage (clean, parse, actors,
events, quotes, claims) runs on an engine that maps it over batches — in this process, in a
pool of processes, or on Dask workers — and hands back plain records. This process alone
writes: one transaction per batch, so a kill leaves whole batches or nothing, and a rerun skips
every source already stored. Corpus stages (copies and stories, then fusion) run last, over the
articles the store has not yet assigned, so they resume too.
"""

from __future__ import annotations

import fcntl
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from wirewatch import config
from wirewatch.articles import to_article
from wirewatch.faults import checkpoint
from wirewatch.ingest import iter_inputs
from wirewatch.store import Store, bulk_insert, write_rejects, write_results
from wirewatch.types import ArticleResult, RawDoc, Record, Reject

Progress = Callable[[int, int], None]  # (inputs seen, articles written)


class RunLocked(RuntimeError):
    """Another run is writing to the same store."""


@dataclass(slots=True)
class RunSummary(Record):
    run_id: str
    db: str
    inputs: int = 0
    articles: int = 0  # new articles written by this run
    sources: int = 0  # new sources recorded (an already-stored text from a new file counts here)
    skipped: int = 0  # inputs already in the store (earlier run, or resumed run)
    rejects: int = 0  # inputs rejected by this run
    reject_reasons: list[dict[str, Any]] = field(default_factory=list)
    stories: int = 0
    events: int = 0
    quotes: int = 0
    claims: int = 0
    fused_events: int = 0
    seconds: float = 0.0
    engine: str = "local"

    @property
    def ingested(self) -> bool:
        """True when the store holds anything from these inputs (new or already there)."""
        return self.articles > 0 or self.sources > 0 or self.skipped > 0


class ArticleStage:
    """The per-article map stage: ``setup()`` once per worker, then ``process_batch()``.

    Returns plain records (no spaCy objects), so any engine can ship them back to the writer.
    """

    name = "articles"

    def setup(self) -> None:
        from wirewatch import actors, nlp

        nlp.load_nlp()
        actors.get_linker()

    def process_batch(self, raws: list[RawDoc]) -> list[ArticleResult | Reject]:
        from wirewatch.analyze import analyze

        out: list[ArticleResult | Reject | None] = []
        articles = []
        for raw in raws:
            try:
                item = to_article(raw)
            except Exception as exc:  # a bug or hostile input must not stop the batch
                item = Reject(raw.path, f"could not clean: {type(exc).__name__}: {exc}"[:300],
                              raw.record_no)
            if isinstance(item, Reject):
                out.append(item)
            else:
                articles.append(item)
                out.append(None)
        analyzed = iter(analyze(articles))
        return [next(analyzed) if o is None else o for o in out]


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextmanager
def run_lock(db: str) -> Iterator[None]:
    """Only one run writes to a store at a time; a second one is refused with a clear message."""
    lock_path = db + ".lock"
    fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RunLocked(
                f"another wirewatch run is writing to {db}; wait for it to finish and try again"
            ) from exc
        yield
    finally:
        os.close(fd)


def run(
    paths: Iterable[str],
    db: str | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    corpus_stages: bool = True,
) -> RunSummary:
    """Ingest ``paths`` into the store and run every stage. Safe to rerun and to resume."""
    return run_items(iter_inputs(paths), db=db, engine=engine, workers=workers,
                     scheduler=scheduler, progress=progress, corpus_stages=corpus_stages)


def run_items(
    items: Iterable[RawDoc | Reject],
    db: str | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    corpus_stages: bool = True,
    stop: Callable[[], bool] | None = None,
) -> RunSummary:
    """The runner over any stream of RawDocs and Rejects (files, feeds, API callers).

    ``stop`` is asked between batches: when it returns True the run ends after the batch in
    flight has been committed, then the corpus stages bring the store up to date.
    """
    from wirewatch.engines import make_engine

    started = time.monotonic()
    store = Store(db)
    summary = RunSummary(run_id=uuid.uuid4().hex[:12], db=store.path, engine=engine)
    batch_size = int(config.get("batch_size"))
    with run_lock(store.path):
        seq = int(store.scalar("SELECT coalesce(max(seq), -1) + 1 FROM articles") or 0)
        runner = make_engine(engine, workers=workers, scheduler=scheduler)
        try:
            pending = _fresh_batches(store, iter(items), batch_size, summary, progress, stop)
            for raws, rejects, results in runner.map(ArticleStage(), pending):
                _write_batch(store, raws, rejects, results, summary, seq)
                seq += len(results)
                if progress:
                    progress(summary.inputs, summary.articles)
        finally:
            runner.close()
        if corpus_stages:
            run_corpus_stages(store, summary)
    counts = store.counts()
    summary.stories = counts["stories"]
    summary.events = counts["event_mentions"]
    summary.quotes = counts["quote_mentions"]
    summary.claims = counts["claim_mentions"]
    summary.fused_events = counts["events"]
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


def _fresh_batches(
    store: Store,
    items: Iterator[RawDoc | Reject],
    batch_size: int,
    summary: RunSummary,
    progress: Progress | None,
    stop: Callable[[], bool] | None = None,
) -> Iterator[tuple[list[RawDoc], list[Reject]]]:
    """Batches of inputs not yet stored, with the rejects the readers produced alongside."""
    for chunk in batched(items, batch_size):
        if stop is not None and stop():
            return
        rejects = [i for i in chunk if isinstance(i, Reject)]
        raws = [i for i in chunk if isinstance(i, RawDoc)]
        summary.inputs += len(chunk)
        known = store.known_sources(r.source_id for r in raws)
        summary.skipped += sum(1 for r in raws if r.source_id in known)
        fresh = []
        seen = set()
        for r in raws:
            if r.source_id in known or r.source_id in seen:
                continue
            seen.add(r.source_id)
            fresh.append(r)
        if progress:
            progress(summary.inputs, summary.articles)
        yield fresh, rejects


def _write_batch(
    store: Store,
    raws: list[RawDoc],
    rejects: list[Reject],
    results: list[ArticleResult | Reject],
    summary: RunSummary,
    seq: int,
) -> None:
    rejects = rejects + [r for r in results if isinstance(r, Reject)]
    good = [r for r in results if isinstance(r, ArticleResult)]
    paths = {r.source_id: r.path for r in raws}
    for r in rejects:
        r.run_id = summary.run_id
    with store.transaction() as con:
        new_articles, new_sources = write_results(con, good, paths, seq_start=seq)
        write_rejects(con, rejects)
        checkpoint("batch-before-commit")
    checkpoint("batch-after-commit")
    summary.articles += new_articles
    summary.sources += new_sources
    summary.rejects += len(rejects)
    for r in rejects:
        summary.reject_reasons.append(r.to_dict())


FUSION_CHUNK = 500
"""Stories fused per transaction: fusion loads every mention of the stories it fuses, so a run
that touched 100k articles is fused a slice at a time and its memory does not grow with the run."""


def run_corpus_stages(store: Store, summary: RunSummary | None = None) -> None:
    """Copies and stories over unassigned articles, then fusion over every story whose members
    changed since it was last fused.

    Fusion is idempotent per story; a story's member list is recorded after its fusion commits,
    so a kill between the two stages or inside fusion is repaired by the next run.
    """
    from wirewatch import fuse, stories

    checkpoint("corpus-start")
    stories.update_stories(store)
    checkpoint("corpus-after-stories")
    stale = _stories_to_fuse(store)
    order = sorted(stale)
    for start in range(0, len(order), FUSION_CHUNK):
        chunk = order[start:start + FUSION_CHUNK]
        fuse.update_fusion(store, chunk)
        checkpoint("corpus-after-fusion")
        with store.transaction() as con:
            # one statement per chunk, not one per story
            bulk_insert(con, "corpus_state", [("fused:" + sid, stale[sid]) for sid in chunk],
                        ["name", "value"], replace=True)


def _stories_to_fuse(store: Store) -> dict[str, str]:
    """Story id -> member fingerprint, for stories not fused with their current members.

    Compared inside DuckDB, so only the stale stories come back to Python, not every story of
    the corpus with its member list.
    """
    rows = store.query("""
        SELECT id, members FROM (
            SELECT s.id, c.value AS done, coalesce(array_to_string(list_sort(
                CAST(from_json(s.article_ids, '["VARCHAR"]') AS VARCHAR[])), ','), '') AS members
            FROM stories s LEFT JOIN corpus_state c ON c.name = 'fused:' || s.id)
        WHERE done IS DISTINCT FROM members""")
    return {r["id"]: r["members"] for r in rows}
