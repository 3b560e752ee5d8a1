"""Numeric claims against our own gold (tests/data/claims_gold.jsonl) and stage throughput.

Usage:
    .venv/bin/python bench/bench_claims.py [--split dev|heldout|both] [--verbose] [--speed]

Gold: 118 hand-written sentences in ten news styles, each with its expected claims (value, unit,
qualifier), negatives (numbers that must NOT become claims: dates, ages, years, times, numbering,
phone numbers, titles) and ``ignore`` (debatable numbers, e.g. "95 percent effective", scored
neither way). Split: dev = even positions in the file, held-out = odd positions; rules were tuned
looking only at dev failures.

Scoring: per sentence, a predicted claim matches an unused gold claim with the same value
(relative tolerance 1e-6). Precision = matched / predicted (predictions whose number is in
``ignore`` are left out), recall = matched / gold. Over matched claims: unit accuracy (equal, or
one is a word-suffix of the other: "ground troops" ~ "troops") and qualifier accuracy (equal,
None == None). ``negatives_kept_out`` = share of negatives no prediction used.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wirewatch.claims import Found, find_claims  # noqa: E402
from wirewatch.nlp import load_nlp  # noqa: E402

GOLD = ROOT / "tests" / "data" / "claims_gold.jsonl"
DATA = ROOT.parent / "shared" / "data"


def load_gold(split: str) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in GOLD.open(encoding="utf-8") if line.strip()]
    if split == "dev":
        return rows[0::2]
    if split == "heldout":
        return rows[1::2]
    return rows


def unit_match(gold: str | None, pred: str | None) -> bool:
    if gold is None or pred is None:
        return gold == pred
    g, p = gold.lower().split(), pred.lower().split()
    return g == p or g[-len(p) :] == p or p[-len(g) :] == g


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def score(rows: list[dict[str, Any]], nlp: Any, linker: Any, verbose: bool = False) -> dict[str, Any]:
    n_gold = n_pred = tp = unit_ok = qual_ok = neg_total = neg_kept = 0
    docs = nlp.pipe([r["text"] for r in rows])
    for row, doc in zip(rows, docs, strict=True):
        linked = linker.link(doc, None) if linker is not None else None
        preds: list[Found] = find_claims(doc, linked)
        ignore = set(row.get("ignore", []))
        preds = [p for p in preds if p.text not in ignore and not any(i in p.text for i in ignore)]
        golds = list(row["claims"])
        n_gold += len(golds)
        n_pred += len(preds)
        used: set[int] = set()
        for p in preds:
            hit = next(
                (i for i, g in enumerate(golds) if i not in used and same_value(g["value"], p.value)), None
            )
            if hit is None:
                if verbose:
                    print("FP", row["id"], repr(p.text), p.unit, "|", row["text"])
                continue
            used.add(hit)
            tp += 1
            g = golds[hit]
            u_ok = unit_match(g["unit"], p.unit)
            q_ok = g["qualifier"] == p.qualifier
            unit_ok += u_ok
            qual_ok += q_ok
            if verbose and not (u_ok and q_ok):
                print("ATTR", row["id"], g, "vs", (p.unit, p.qualifier), "|", row["text"])
        if verbose:
            for i, g in enumerate(golds):
                if i not in used:
                    print("MISS", row["id"], g, "|", row["text"])
        for neg in row.get("negatives", []):
            neg_total += 1
            neg_kept += not any(neg in p.text or p.text in neg and p.text.isdigit() and neg.startswith(p.text) for p in preds)
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    return {
        "sentences": len(rows),
        "gold": n_gold,
        "predicted": n_pred,
        "matched": tp,
        "precision": round(prec, 3),
        "recall": round(rec, 3),
        "f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0,
        "unit_accuracy": round(unit_ok / tp, 3) if tp else 0.0,
        "qualifier_accuracy": round(qual_ok / tp, 3) if tp else 0.0,
        "negatives_kept_out": round(neg_kept / neg_total, 3) if neg_total else 1.0,
    }


def speed(nlp: Any, linker: Any) -> dict[str, Any]:
    """Sentences/s of bare nlp.pipe, the linker, and the claims stage on the same texts."""
    path = DATA / "ggt-quotes" / "ggt_quotes_gold.jsonl"
    if path.exists():
        texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
        source = "ggt-quotes (98 articles)"
    else:
        texts = [r["text"] for r in load_gold("both")] * 5
        source = "claims gold x5"
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts))
    t_parse = time.perf_counter() - t0
    n = sum(1 for d in docs for _ in d.sents)
    t0 = time.perf_counter()
    linked = [linker.link(d, None) if linker is not None else None for d in docs]
    t_link = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d, ld in zip(docs, linked, strict=True):
        find_claims(d, ld)
    t_claims = time.perf_counter() - t0
    return {
        "set": "speed",
        "texts": source,
        "sentences": n,
        "nlp_pipe_sents_per_s": round(n / t_parse, 1),
        "linker_sents_per_s": round(n / t_link, 1) if linker is not None else None,
        "claims_sents_per_s": round(n / t_claims, 1),
        "note": "claims time includes the quote attribution pass it uses for speakers",
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="both", choices=["dev", "heldout", "both"])
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--speed", action="store_true")
    args = ap.parse_args()
    nlp = load_nlp()
    try:
        from wirewatch import actors

        linker = actors.get_linker()
    except ImportError:
        linker = None
    splits = ["dev", "heldout"] if args.split == "both" else [args.split]
    for s in splits:
        out = {"set": "claims_gold", "split": s, **score(load_gold(s), nlp, linker, args.verbose)}
        print(json.dumps(out))
    if args.speed:
        print(json.dumps(speed(nlp, linker)))


if __name__ == "__main__":
    main()
