"""Dashboard latency: how long each page and API endpoint takes on a real store.

Every request opens its own read-only DuckDB connection (so a running ``wirewatch run`` can
take the file between requests); this measures what that design costs per page. Requests go
through FastAPI's in-process TestClient, so the figures exclude network and browser time.

    .venv/bin/wirewatch run examples/corpus ../shared/seeds --db /tmp/web.duckdb
    .venv/bin/python bench/bench_web.py --db /tmp/web.duckdb [--repeat 5]

Prints JSON: per route, the number of URLs tried, median and 95th-percentile milliseconds,
and the largest page in kilobytes.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time
import urllib.parse

from fastapi.testclient import TestClient

from wirewatch.store import Store
from wirewatch.web import create_app


def urls(store: Store) -> dict[str, list[str]]:
    stories = [r["id"] for r in store.query("SELECT id FROM stories ORDER BY id")]
    articles = [r["id"] for r in store.query("SELECT id FROM articles ORDER BY id LIMIT 20")]
    actors = [r["a"] for r in store.query(
        "SELECT json_extract_string(actor, '$[0].code') AS a, count(*) AS n FROM events "
        "WHERE a IS NOT NULL GROUP BY a ORDER BY n DESC, a LIMIT 5")]
    q = urllib.parse.quote
    return {
        "overview /": ["/"],
        "stories /stories": ["/stories"],
        "story /stories/{id}": [f"/stories/{q(s, safe='')}" for s in stories],
        "actor /actor?name=CODE": [f"/actor?name={q(a)}" for a in actors],
        "search /search?q=": ["/search?q=talks", "/search?q=Putin", "/search?q=troops"],
        "article /articles/{id}": [f"/articles/{q(a, safe='')}" for a in articles],
        "api /api/stories": ["/api/stories"],
        "api /api/stories/{id}": [f"/api/stories/{q(s, safe='')}" for s in stories[:10]],
        "api /api/events": ["/api/events?limit=1000"],
        "api /api/quotes": ["/api/quotes?limit=1000"],
        "api /api/dyads": ["/api/dyads"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    logging.disable(logging.WARNING)  # fallback notices would flood the output
    client = TestClient(create_app(args.db), base_url="http://127.0.0.1")
    store = Store(args.db, read_only=True)
    out: dict[str, dict[str, float | int]] = {}
    for route, route_urls in urls(store).items():
        times, sizes, errors = [], [], 0
        for url in route_urls:
            client.get(url)  # warm: templates compiled, modules imported
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                r = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                sizes.append(len(r.content))
                errors += r.status_code >= 400
        if not times:
            continue
        times.sort()
        out[route] = {
            "urls": len(route_urls),
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
            "max_kb": round(max(sizes) / 1024, 1),
            "errors": errors,
        }
    print(json.dumps({"db": args.db, "counts": store.counts(), "routes": out}, indent=2))


if __name__ == "__main__":
    main()
