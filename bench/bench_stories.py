"""Story clustering and copy detection: quality on public gold sets, speed on large streams.

Quality (streaming: articles fed once, in publication order; file order where there are no
dates) is BCubed precision / recall / F1 against

* ECB+ ``cluster_id`` (two similar events per topic; dev = topics 1-25, held-out = 26-45);
* AllSides roundups ``story_id`` (dev = stories dated before 2021-08-01, held-out from then).

Both gold sets list a story's articles next to each other; that order flatters a streaming
clusterer, so a seeded shuffle (within a date for AllSides, whole set for ECB+) is reported too.

Copy recall is measured against ``ecbplus/near_dup_pairs_word5_jaccard.jsonl`` (exact Jaccard of
lower-cased word 5-grams).

Speed: ``--speed N`` streams N synthetic articles from ``bench/make_stream.py`` through
CopyIndex and StoryClusterer, reporting articles/s per slice and peak memory.

    .venv/bin/python bench/bench_stories.py --quality
    .venv/bin/python bench/bench_stories.py --ablate
    .venv/bin/python bench/bench_stories.py --copies
    .venv/bin/python bench/bench_stories.py --speed 100000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from wirewatch.copies import CopyIndex, jaccard, shingles  # noqa: E402
from wirewatch.stories import StoryClusterer, StoryInput  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


# ---------------------------------------------------------------------- data
def load_ecb(half: str) -> list[tuple[StoryInput, str]]:
    """ECB+ documents of one half, file order, with their gold cluster."""
    out = []
    with open(SHARED / "ecbplus" / "ecbplus_docs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            dev = d["topic"] <= 25
            if (half == "dev") != dev:
                continue
            text = d["text"]
            title = d.get("title_guess") or None
            body = text
            if title and text.startswith(title):
                body = text[len(title):].lstrip()
            out.append((StoryInput(id=d["doc_id"], title=title, body=body), d["cluster_id"]))
    return out


def load_allsides(half: str) -> list[tuple[StoryInput, str]]:
    """AllSides article leads of one half, in date order (file order within a date)."""
    out = []
    with open(SHARED / "allsides-roundups" / "articles_flat.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            date = (d.get("story_date") or "")[:10] or None
            dev = date is not None and date < "2021-08-01"
            if (half == "dev") != dev:
                continue
            out.append((
                StoryInput(id=d["article_id"], title=d.get("title") or None, body=d.get("text") or "",
                           published=date, publisher=d.get("source")),
                str(d["story_id"]),
            ))
    out.sort(key=lambda x: x[0].published or "")  # stable: file order within a date
    return out


def shuffled(items: list[tuple[StoryInput, str]], seed: int = 13) -> list[tuple[StoryInput, str]]:
    """A seeded shuffle that keeps publication-date order (dates tie within a day)."""
    rng = random.Random(seed)
    keyed = [(it[0].published or "", rng.random(), it) for it in items]
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [k[2] for k in keyed]


# ---------------------------------------------------------------------- metric
def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """BCubed precision, recall and F1 (Bagga & Baldwin) over the items of ``gold``."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for k in gold:
        by_pred[pred[k]].add(k)
        by_gold[gold[k]].add(k)
    p = r = 0.0
    for k in gold:
        pc, gc = by_pred[pred[k]], by_gold[gold[k]]
        inter = len(pc & gc)
        p += inter / len(pc)
        r += inter / len(gc)
    n = len(gold)
    p, r = p / n, r / n
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def run_stream(items: Iterable[tuple[StoryInput, str]], embeddings: dict | None = None,
               **kw) -> dict[str, float]:
    items = list(items)
    cl = StoryClusterer(**kw)
    emb = embeddings or {}
    pred = {it.id: cl.add(it, embedding=emb.get(it.id)) for it, _ in items}
    gold = {it.id: g for it, g in items}
    res = bcubed(pred, gold)
    res["stories"] = len(set(pred.values()))
    res["gold_stories"] = len(set(gold.values()))
    return res


def quality(**kw) -> dict:
    out = {}
    for name, loader in (("ecbplus", load_ecb), ("allsides", load_allsides)):
        for half in ("dev", "heldout"):
            items = loader(half)
            emb = None
            if kw.get("semantic"):
                # Encode once in batches (the clusterer would encode one at a time).
                from wirewatch.semantic import Encoder, text_for

                vecs = Encoder().encode([text_for(it.title, it.body) for it, _ in items])
                emb = {it.id: v for (it, _), v in zip(items, vecs, strict=True)}
            out[f"{name}_{half}"] = run_stream(items, emb, **kw)
            out[f"{name}_{half}_shuffled"] = run_stream(shuffled(items), emb, **kw)
    return out


ABLATIONS = {
    "default": {},
    "no_specific_terms": {"entity_share": 0.0},
    "centroid_cosine_only": {"link": 0.0},
    "no_day_penalty": {"day_penalty": 0.0, "quiet_penalty": 0.0},
    "day_penalty_0.03": {"day_penalty": 0.03},
    "no_quiet_steepening": {"quiet_penalty": 0.015},
    "no_burst_penalty": {"burst_penalty": 0.0},
    "no_publisher_penalty": {"publisher_penalty": 0.0},
    "no_burst_no_publisher_no_quiet": {"burst_penalty": 0.0, "publisher_penalty": 0.0,
                                       "quiet_penalty": 0.015},
    "no_year_anchor": {"year_penalty": 0.0},
    "title_weight_0": {"title_weight": 0.0},
}


def ablations() -> dict:
    sets = {f"{n}_{h}": loader(h) for n, loader in (("ecbplus", load_ecb), ("allsides", load_allsides))
            for h in ("dev", "heldout")}
    return {name: {k: run_stream(items, **kw)["f1"] for k, items in sets.items()}
            for name, kw in ABLATIONS.items()}


# ---------------------------------------------------------------------- copies
def copy_recall(thresholds: Iterable[float] = (0.5, 0.6, 0.7, 0.8)) -> dict:
    docs = {}
    with open(SHARED / "ecbplus" / "ecbplus_docs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            docs[d["doc_id"]] = d["text"]
    pairs = [json.loads(line) for line in open(SHARED / "ecbplus" / "near_dup_pairs_word5_jaccard.jsonl",
                                               encoding="utf-8")]
    # Our shingles must reproduce the reference Jaccard (same normalisation).
    sh = {k: shingles(v, 5) for k, v in docs.items()}
    agree = sum(abs(jaccard(sh[p["doc_a"]], sh[p["doc_b"]]) - p["jaccard_word5"]) < 0.01 for p in pairs)
    out: dict = {"reference_pairs": len(pairs), "shingle_jaccard_agrees": agree}
    for t in thresholds:
        idx = CopyIndex(threshold=t, shingle=5)
        root_of: dict[str, str] = {}
        t0 = time.perf_counter()
        for k, text in docs.items():
            dup = idx.add(k, text, None)
            root_of[k] = dup or k
        secs = time.perf_counter() - t0
        ref = [p for p in pairs if p["jaccard_word5"] >= t]
        found = sum(root_of[p["doc_a"]] == root_of[p["doc_b"]] for p in ref)
        # Flagged pairs whose exact Jaccard is below t (false copies).
        flagged = [(k, v) for k, v in root_of.items() if v != k]
        below = [jaccard(sh[k], sh[v]) for k, v in flagged]
        false = sum(j < t - 0.1 for j in below)
        under_t = sum(j < t for j in below)
        out[f"t{t}"] = {"reference_pairs": len(ref), "recall": round(found / len(ref), 4) if ref else None,
                        "flagged_copies": len(flagged), "flagged_below_t": under_t,
                        "flagged_below_t_minus_0.1": false,
                        "docs_per_s": round(len(docs) / secs, 1)}
    return out


# ---------------------------------------------------------------------- speed
def speed(n: int, slice_size: int = 10_000, semantic: bool = False, trace: bool = False) -> dict:
    """Stream ``n`` synthetic articles through CopyIndex and StoryClusterer.

    Rates are per CPU second of this process. Run one size per process so ``maxrss`` is that
    run's peak. ``trace`` adds tracemalloc's
    peak (Python allocations only; it slows the run, so rates are then not comparable).
    """
    from make_stream import stream

    if trace:
        tracemalloc.start()
    idx = CopyIndex()
    cl = StoryClusterer(semantic=semantic)
    slices = []
    t_copy = t_story = 0.0
    s_copy = s_story = 0.0
    copies = 0
    t_start = time.perf_counter()
    # CPU time of this process, not wall time: the machine is shared, and other jobs' load
    # would otherwise show up as a slowdown of ours.
    for i, art in enumerate(stream(n), start=1):
        t0 = time.process_time()
        if idx.add(art.id, art.body, art.published):
            copies += 1
        t1 = time.process_time()
        cl.add(art)
        if i % 1000 == 0:
            cl.take_touched()  # what update_stories does after each batch
        t2 = time.process_time()
        s_copy += t1 - t0
        s_story += t2 - t1
        if i % slice_size == 0:
            slices.append({"upto": i, "copies_per_s": round(slice_size / s_copy, 1),
                           "stories_per_s": round(slice_size / s_story, 1),
                           "open_stories": cl.open_count(), "copy_index": len(idx),
                           "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3, 1)})
            # Progress on stderr, so a long run that is stopped early still leaves its slices.
            print(json.dumps(slices[-1]), file=sys.stderr, flush=True)
            t_copy += s_copy
            t_story += s_story
            s_copy = s_story = 0.0
    t_copy += s_copy
    t_story += s_story
    out = {
        "articles": n,
        "copies_per_s": round(n / t_copy, 1),
        "stories_per_s": round(n / t_story, 1),
        "wall_s": round(time.perf_counter() - t_start, 1),
        "copies_found": copies,
        "open_stories_end": cl.open_count(),
        "copy_index_end": len(idx),
        "story_state_mb": round(len(cl.to_state()) / 1e6, 2),
        "copy_state_mb": round(len(idx.to_state()) / 1e6, 2),
        "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3, 1),
        "slices": slices if len(slices) <= 12 else slices[:: max(1, len(slices) // 10)],
    }
    if trace:
        out["traced_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
        tracemalloc.stop()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quality", action="store_true")
    ap.add_argument("--copies", action="store_true")
    ap.add_argument("--speed", type=int, help="stream this many synthetic articles")
    ap.add_argument("--slice", type=int, default=10_000)
    ap.add_argument("--trace", action="store_true")
    ap.add_argument("--semantic", action="store_true")
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--ablate", action="store_true",
                    help="F1 with one signal switched off at a time (file/date order)")
    args = ap.parse_args()
    result: dict = {}
    if args.quality:
        if not SHARED.exists():
            sys.exit(f"no gold data at {SHARED}")
        result["quality"] = quality(threshold=args.threshold, semantic=args.semantic)
    if args.ablate:
        result["ablations"] = ablations()
    if args.copies:
        result["copies"] = copy_recall()
    if args.speed:
        result["speed"] = speed(args.speed, slice_size=args.slice, semantic=args.semantic,
                                trace=args.trace)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
