"""Executors that map the per-article stage over batches: local (in process or a process pool)
and Dask. Each gives results back in input order, as plain records, to the single writer.

The stage object is the unit of work (``setup()`` once per worker, ``process_batch()`` per
batch), so the same code runs unchanged on every engine and the stored result is the same.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Iterator
from typing import Any, Protocol

from wirewatch.types import ArticleResult, RawDoc, Reject

Batch = tuple[list[RawDoc], list[Reject]]
Done = tuple[list[RawDoc], list[Reject], list[ArticleResult | Reject]]


class Stage(Protocol):
    name: str

    def setup(self) -> None: ...

    def process_batch(self, raws: list[RawDoc]) -> list[ArticleResult | Reject]: ...


class Engine(Protocol):
    def map(self, stage: Stage, batches: Iterator[Batch]) -> Iterator[Done]: ...

    def close(self) -> None: ...


class InProcessEngine:
    """One process: the model loads once and batches run in turn."""

    def __init__(self) -> None:
        self._ready: set[str] = set()

    def map(self, stage: Stage, batches: Iterator[Batch]) -> Iterator[Done]:
        for raws, rejects in batches:
            if raws and stage.name not in self._ready:
                stage.setup()
                self._ready.add(stage.name)
            yield raws, rejects, stage.process_batch(raws) if raws else []

    def close(self) -> None:
        pass


_WORKER_STAGE: Any = None


def _init_worker(stage: Stage) -> None:
    global _WORKER_STAGE
    _WORKER_STAGE = stage
    stage.setup()


def _run_batch(raws: list[RawDoc]) -> list[ArticleResult | Reject]:
    return _WORKER_STAGE.process_batch(raws)


class ProcessPoolEngine:
    """N worker processes on this machine, each loading the model once.

    At most ``2 * workers`` batches are in flight, so memory stays bounded however large the
    input: the reader is not run ahead of the workers.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: Any = None

    def map(self, stage: Stage, batches: Iterator[Batch]) -> Iterator[Done]:
        ctx = mp.get_context("forkserver")
        self._pool = ctx.Pool(self.workers, initializer=_init_worker, initargs=(stage,))
        window: deque[tuple[Batch, Any]] = deque()
        for batch in batches:
            window.append((batch, self._pool.apply_async(_run_batch, (batch[0],))))
            if len(window) >= 2 * self.workers:
                (raws, rejects), fut = window.popleft()
                yield raws, rejects, fut.get()
        while window:
            (raws, rejects), fut = window.popleft()
            yield raws, rejects, fut.get()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None


def make_engine(kind: str = "local", workers: int | None = None, scheduler: str | None = None) -> Engine:
    if kind == "local":
        if workers and workers > 1:
            return ProcessPoolEngine(workers)
        return InProcessEngine()
    if kind == "dask":
        from wirewatch.dask_engine import DaskEngine

        return DaskEngine(workers=workers, scheduler=scheduler)
    raise ValueError(f"unknown engine {kind!r}: use local or dask")
