"""Dask executor: the per-article stage on Dask workers, results back to the single writer.

Without a scheduler address a LocalCluster of ``workers`` single-threaded processes is started.
Each worker loads the model once (the stage's ``setup`` is cached per process), batches travel
as plain RawDocs and come back as plain records, never spaCy Docs. A bounded number of batches
is in flight, so the reader never runs far ahead and memory stays flat.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any

from wirewatch.engines import Batch, Done, Stage

_READY: set[str] = set()


def _process(stage: Stage, raws: list[Any]) -> list[Any]:
    if stage.name not in _READY:  # once per worker process
        stage.setup()
        _READY.add(stage.name)
    return stage.process_batch(raws)


class DaskEngine:
    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise RuntimeError(
                "the dask engine needs the [dask] extra: pip install 'wirewatch[dask]'"
            ) from exc
        self._cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=workers or 2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                host="127.0.0.1",
            )
            self.client = Client(self._cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or (workers or 2))

    def map(self, stage: Stage, batches: Iterator[Batch]) -> Iterator[Done]:
        stage_future = self.client.scatter(stage, broadcast=True)
        window: deque[tuple[Batch, Any]] = deque()
        for batch in batches:
            fut = self.client.submit(_process, stage_future, batch[0], pure=False)
            window.append((batch, fut))
            if len(window) >= 2 * self.workers:
                (raws, rejects), f = window.popleft()
                yield raws, rejects, f.result()
        while window:
            (raws, rejects), f = window.popleft()
            yield raws, rejects, f.result()

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
