"""Probes behind RESULTS #8 section 7: where the no-NLP streaming ingest's RSS goes.

Runs ``pipeline.run_items`` over ``make_stream`` RawDocs (non-English, so nothing is parsed; the
model is not loaded), corpus stages off, and prints RSS / peak RSS (``VmHWM``) every 10 % of the
articles written. Each option changes one thing, *in this process only* (monkeypatching; the
package is not changed), to test one explanation of the growth:

* ``trim``        glibc ``malloc_trim(0)`` after every write batch (allocator high-water marks?)
* ``onecon``      one DuckDB connection for the whole run instead of one per call (the store
                  opens and closes the file around every batch, and DuckDB checkpoints on close)
* ``mem=128MB``   DuckDB ``memory_limit`` on every connection (buffer pool?)
* ``shortcache``  clean's line caches (``_norm``, ``_words``, ``_classify_default``) keep only
                  lines of at most 200 characters; longer lines (paragraphs, here whole one-line
                  bodies) are computed uncached
* ``closes``      report every connection close that raised the peak by 3 MB or more

    nice -n 10 .venv/bin/python bench/mem_probe.py 40000 [trim] [onecon] [mem=128MB] [shortcache]
    MALLOC_ARENA_MAX=2 nice -n 10 .venv/bin/python bench/mem_probe.py 40000
"""

from __future__ import annotations

import ctypes
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_scale  # noqa: E402

from wirewatch import clean, pipeline  # noqa: E402
from wirewatch import store as storemod  # noqa: E402


def status() -> tuple[int, int]:
    """(VmRSS, VmHWM) in MB."""
    got = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            got[key] = int(value.split()[0]) // 1024
    return got["VmRSS"], got["VmHWM"]


def main() -> None:
    n = int(sys.argv[1])
    opts = sys.argv[2:]
    events: list[tuple[str, int, int, int]] = []
    written = [0]
    pipeline.ArticleStage.setup = lambda self: None  # type: ignore[method-assign]
    connect = storemod.connect
    mem = next((o.split("=", 1)[1] for o in opts if o.startswith("mem=")), None)
    if mem or "closes" in opts:
        class Watched:
            def __init__(self, con: Any) -> None:
                self._con = con

            def __getattr__(self, name: str) -> Any:
                return getattr(self._con, name)

            def close(self) -> None:
                _r, before = status()
                self._con.close()
                _r, after = status()
                if after - before >= 3:
                    events.append(("close", written[0], before, after))

        def connect_probe(path: str, read_only: bool = False, wait: float = 30.0) -> Any:
            con = connect(path, read_only, wait)
            if mem:
                con.execute(f"SET memory_limit = '{mem}'")
            return Watched(con) if "closes" in opts else con

        storemod.connect = connect_probe  # type: ignore[assignment]
    if "trim" in opts:
        libc = ctypes.CDLL("libc.so.6")
        write = pipeline._write_batch

        def write_and_trim(*args: Any, **kwargs: Any) -> None:
            write(*args, **kwargs)
            libc.malloc_trim(0)

        pipeline._write_batch = write_and_trim  # type: ignore[assignment]
    cons: dict[str, Any] = {}
    if "onecon" in opts:
        @contextmanager
        def one_connection(self: Any) -> Iterator[Any]:
            con = cons.get(self.path)
            if con is None:
                con = cons[self.path] = storemod.connect(self.path, read_only=self.read_only)
            yield con

        pipeline.Store._connection = one_connection  # type: ignore[method-assign]
    if "shortcache" in opts:
        for name in ("_norm", "_words", "_classify_default"):
            cached = getattr(clean, name)

            def short_only(line: str, cached: Any = cached, raw: Any = cached.__wrapped__) -> Any:
                return cached(line) if len(line) <= 200 else raw(line)

            setattr(clean, name, short_only)
    marks: list[tuple[int, int, int]] = []

    def progress(_inputs: int, count: int) -> None:
        written[0] = count
        if not marks or count - marks[-1][0] >= n // 10:
            marks.append((count, *status()))

    with tempfile.TemporaryDirectory() as tmp:
        cpu = time.process_time()
        pipeline.run_items(bench_scale._stream_raws(n, "xx"), db=str(Path(tmp) / "m.duckdb"),
                           progress=progress, corpus_stages=False)
        duck = None
        if cons:
            con = next(iter(cons.values()))
            duck = con.execute("SELECT tag, memory_usage_bytes // 1048576 FROM duckdb_memory() "
                               "WHERE memory_usage_bytes > 1048576").fetchall()
            con.close()
        print(json.dumps({"n": n, "opts": opts, "cpu_seconds": round(time.process_time() - cpu, 1),
                          "rss_hwm_end_mb": status(), "rss_hwm_by_written": marks,
                          "peak_raising_closes": events, "duckdb_memory_mb": duck}))


if __name__ == "__main__":
    main()
