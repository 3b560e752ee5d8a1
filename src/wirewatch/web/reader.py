"""One short read-only connection per request.

DuckDB lets a single process write a store file, and while ``wirewatch run`` commits a batch
no other process can open it, not even to read. Conversely, a reader that keeps the file open
would block the writer. So the dashboard never holds a connection between requests: each
request opens one read-only connection on first use, every query of that request shares it
(one consistent snapshot, one open instead of ten), and it is closed when the request ends.
A lock that outlasts ``wait`` seconds surfaces as :class:`wirewatch.store.StoreLocked`, which
the app turns into ``503 Retry-After``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from wirewatch.store import Store, connect


class RequestStore(Store):
    """A read-only :class:`Store` whose queries share one lazily opened connection.

    The views and the brief/dyads/timeline modules take a ``Store``; this is one, so they run
    unchanged, but a page of many queries costs one file open, and ``close()`` lets go of it.
    """

    def __init__(self, path: str, wait: float = 2.0):
        super().__init__(path, read_only=True)
        self.wait = wait
        self._con: duckdb.DuckDBPyConnection | None = None
        self.memo: dict[Any, Any] = {}  # results several views of one request share

    @contextmanager
    def _connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self._con is None:
            self._con = connect(self.path, read_only=True, wait=self.wait)
        yield self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
