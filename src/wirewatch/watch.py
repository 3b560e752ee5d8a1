"""Live monitoring: watch folders and feeds, process each new batch incrementally, raise alerts.

A cycle: list the watched folders and take the files that have settled (same size and mtime
on two looks, so a file still being written is never read half-way), poll each feed and fetch
the pages it links to that the store has not seen (by URL; by content the article identity
does the rest), run them through the pipeline — per-article stages, then stories, fusion and
dyads for the stories they touch only — and evaluate the alert rules. Ctrl-C or SIGTERM asks
the loop to stop; the batch in flight is committed (or rolled back by the transaction) first.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from wirewatch.alerts import Alert, Rules, load_rules, raise_new
from wirewatch.feeds import Fetcher, feed_items
from wirewatch.ingest import iter_files, read_path
from wirewatch.pipeline import RunSummary, run_items
from wirewatch.store import Store
from wirewatch.types import RawDoc, Reject


@dataclass
class CycleReport:
    summary: RunSummary | None
    alerts: list[Alert]
    files: int
    feed_items: int


@dataclass
class Watcher:
    paths: list[str]
    feeds: list[str] = field(default_factory=list)
    db: str | None = None
    rules: Rules | None = None
    settle_seconds: float = 1.0
    fetcher: Fetcher = field(default_factory=Fetcher)
    _sizes: dict[str, tuple[int, float]] = field(default_factory=dict)
    _done: set[str] = field(default_factory=set)
    stopping: bool = False

    def __post_init__(self) -> None:
        self.store = Store(self.db)

    def stop(self, *_: object) -> None:
        self.stopping = True

    def settled_files(self) -> list[tuple[Path, str]]:
        """Files seen with the same size and mtime as on the previous look, not yet taken."""
        ready = []
        now = time.time()
        for item in iter_files(self.paths):
            if isinstance(item, Reject):
                continue
            path, sid = item
            key = str(path)
            if key in self._done:
                continue
            try:
                st = path.stat()
            except OSError:
                continue
            sig = (st.st_size, st.st_mtime)
            if self._sizes.get(key) == sig and now - st.st_mtime >= self.settle_seconds:
                ready.append((path, sid))
            self._sizes[key] = sig
        return ready

    def _items(self, files: list[tuple[Path, str]], feed_docs: list[RawDoc | Reject]) -> Iterator[RawDoc | Reject]:
        for path, sid in files:
            yield from read_path(path, sid)
        yield from feed_docs

    def cycle(self) -> CycleReport:
        files = self.settled_files()
        feed_docs: list[RawDoc | Reject] = []
        if self.feeds:
            known = {r["source_id"] for r in self.store.query("SELECT source_id FROM sources")}
            known |= {r["path"] for r in self.store.query("SELECT DISTINCT path FROM rejects")}
            for url in self.feeds:
                if self.stopping:
                    break
                feed_docs.extend(feed_items(url, self.fetcher, known))
        summary = None
        if files or feed_docs:
            summary = run_items(self._items(files, feed_docs), db=self.store.path,
                                stop=lambda: self.stopping)
            self._done.update(str(p) for p, _ in files)
        alerts = raise_new(self.store, self.rules) if self.rules else []
        return CycleReport(summary, alerts, len(files), len(feed_docs))

    def run(self, every: float = 30.0, cycles: int | None = None,
            report: Callable[[CycleReport], None] | None = None) -> None:
        """Cycle until stopped (signal or ``cycles`` done)."""
        old = {s: signal.signal(s, self._on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            n = 0
            while not self.stopping:
                rep = self.cycle()
                if report:
                    report(rep)
                n += 1
                if cycles is not None and n >= cycles:
                    break
                deadline = time.monotonic() + every
                while not self.stopping and time.monotonic() < deadline:
                    time.sleep(min(0.2, every))
        finally:
            for s, h in old.items():
                signal.signal(s, h)
            self.fetcher.close()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stop()


def make_watcher(paths: Iterable[str], feeds: Iterable[str], db: str | None, alerts: str | None,
                 settle_seconds: float = 1.0) -> Watcher:
    rules = load_rules(alerts) if alerts else None
    return Watcher(paths=list(paths), feeds=list(feeds), db=db, rules=rules, settle_seconds=settle_seconds)
