"""Where the time goes: each per-article stage timed alone on the same articles, in one process.

    .venv/bin/python bench/bench_stages.py --n 100

Prints one JSON object: seconds and share of total per stage (clean, parse, link, events,
quotes, claims, captions), so the cost of everything that is not parsing is visible.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pipeline import load_texts  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    args = ap.parse_args()

    from wirewatch import actors, claims, events, quotes
    from wirewatch.articles import to_article
    from wirewatch.nlp import load_nlp
    from wirewatch.types import RawDoc

    records = load_texts(args.n)
    nlp = load_nlp()
    linker = actors.get_linker()
    times: dict[str, float] = {}

    t = time.perf_counter()
    arts = [to_article(RawDoc(r["id"], "bench", "jsonl", text=r["text"],
                              meta={"title": r["title"], "published": r["published"],
                                    "publisher": r["publisher"]})) for r in records]
    arts = [a for a in arts if hasattr(a, "body")]
    times["clean"] = time.perf_counter() - t

    t = time.perf_counter()
    docs = list(nlp.pipe([a.body for a in arts], batch_size=64))
    times["parse"] = time.perf_counter() - t

    t = time.perf_counter()
    linked = [linker.link(d, a.published) for d, a in zip(docs, arts, strict=True)]
    times["link"] = time.perf_counter() - t

    for name, fn in (("events", events.code_events), ("quotes", quotes.extract_quotes),
                     ("claims", claims.extract_claims)):
        t = time.perf_counter()
        for d, lk, a in zip(docs, linked, arts, strict=True):
            fn(d, lk, a)
        times[name] = time.perf_counter() - t

    total = sum(times.values())
    words = sum(len(a.body.split()) for a in arts)
    print(json.dumps({
        "bench": "stages", "n_articles": len(arts), "words": words,
        "seconds": {k: round(v, 3) for k, v in times.items()},
        "share": {k: round(v / total, 3) for k, v in times.items()},
        "parse_share": round(times["parse"] / total, 3),
    }))


if __name__ == "__main__":
    main()
