"""Fusion precision/recall on hand-marked mention pairs, and report inflation on a real store.

    .venv/bin/python bench/bench_fusion.py [--pairs bench/data/fusion_pairs.jsonl] [--db STORE]

Pairs (bench/data/fusion_pairs.jsonl, built by hand from the sample corpus, see its _meta
line): each pair holds two event-mention descriptions and ``same`` (should they become one
fused event). Two predictions are scored:

* ``pairwise``: the fusion rule ``fuse.same_event`` on the two mentions alone;
* ``clustered``: ``fuse.fuse_story`` on all the mentions of the pair's story, then "same" when
  both land in one fused event (complete-link clustering can separate a compatible pair, and
  fusion never joins mentions of different stories).

``--allsides`` (default bench/data/fusion_pairs_allsides.jsonl) scores hand-coded mentions of
AllSides roundup articles, by half (dev: stories before 2021-08-01; heldout: later), reading the
article leads from ../shared at run time (skipped when absent).

``--quotes`` (default bench/data/quote_pairs.jsonl) scores ``fuse.same_quote`` on hand-written
quote pairs (contractions, partial quotes, trimmed clauses, different statements).

``--conflicts`` (default bench/data/conflict_pairs.jsonl) scores number conflicts on
hand-written pairs of claims from two outlets of one story.

``--db`` adds the report-to-fused-event figures of a store built by the pipeline, e.g.
``.venv/bin/wirewatch run examples/corpus --db /tmp/x.duckdb``.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wirewatch import fuse  # noqa: E402
from wirewatch.types import ActorRef, EventMention, Support  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
_TEXTS: dict[str, str] = {}


def allsides_texts() -> dict[str, str]:
    """Lead text per AllSides article id, read at bench time from ../shared (never stored)."""
    if not _TEXTS:
        path = SHARED / "allsides-roundups" / "articles_flat.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            _TEXTS[row["article_id"]] = row.get("text") or ""
    return _TEXTS


def story_of(d: dict) -> str:
    return str(d.get("story") or d.get("story_id"))


def to_mention(d: dict) -> EventMention:
    actors = [ActorRef(a["name"], a.get("code"), a.get("sector"), a.get("role")) for a in d["actor"]]
    recips = [ActorRef(a["name"], a.get("code"), a.get("sector"), a.get("role")) for a in d["recipient"]]
    if "article_id" in d:  # AllSides coding: the sentence is the article lead, read from ../shared
        article = d["article_id"]
        sentence = allsides_texts().get(article, "")[:300]
    else:
        article = f"{d['story']}:{d['source']}:{d['id']}"
        sentence = d["sentence"]
    return EventMention(id=d["id"], article_id=article, event=d["event"], actor=actors,
                        recipient=recips, support=Support(article, sentence, 0, len(sentence)),
                        date=d.get("date"), date_basis=d.get("date_basis"), status=d.get("status", "asserted"),
                        location=d.get("location"), story_id=story_of(d))


def describe(d: dict) -> str:
    """A mention as codes (no article text, so AllSides text never reaches the output)."""
    def codes(actors: list[dict]) -> str:
        return "+".join(" ".join(x for x in (a.get("code"), a.get("sector")) if x) or a["name"]
                        for a in actors) or "?"
    return (f"{d['id']} {d['event']} {codes(d['actor'])}->{codes(d['recipient'])} {d.get('date')} "
            f"{d.get('status')} {d.get('location') or ''} [{d['happening']}]")


def prf(gold: list[bool], pred: list[bool]) -> dict:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
            "tp": tp, "fp": fp, "fn": fn, "pairs": len(gold)}


def score_pairs(path: Path, half: str | None = None) -> dict:
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    meta = next((x["_meta"] for x in lines if "_meta" in x), {})
    pairs = [x for x in lines if "_meta" not in x and (half is None or x.get("half") == half)]
    unscored = sum(1 for p in pairs if p["same"] is None)
    mentions: dict[str, dict] = {}
    for p in pairs:
        for side in (p["a"], p["b"]):
            mentions[side["id"]] = side
    by_story: dict[str, list[EventMention]] = defaultdict(list)
    for d in mentions.values():
        by_story[story_of(d)].append(to_mention(d))
    cluster_of: dict[str, str] = {}
    for story, ms in by_story.items():
        events, _, _, _ = fuse.fuse_story(story, ms, [], [], {})
        for e in events:
            for mid in e.mention_ids:
                cluster_of[mid] = e.id
    pairs = [p for p in pairs if p["same"] is not None]  # ambiguous (umbrella vs part): unscored
    gold = [bool(p["same"]) for p in pairs]
    pairwise = [fuse.same_event(to_mention(p["a"]), to_mention(p["b"])) for p in pairs]
    clustered = [cluster_of[p["a"]["id"]] == cluster_of[p["b"]["id"]] for p in pairs]
    by_kind = {}
    for kind in sorted({p["kind"] for p in pairs}):
        idx = [i for i, p in enumerate(pairs) if p["kind"] == kind]
        by_kind[kind] = {"pairwise": prf([gold[i] for i in idx], [pairwise[i] for i in idx]),
                         "clustered": prf([gold[i] for i in idx], [clustered[i] for i in idx])}
    errors = [{"pair": p["id"], "gold": g, "pairwise": pw, "clustered": cl,
               "a": describe(p["a"]), "b": describe(p["b"])}
              for p, g, pw, cl in zip(pairs, gold, pairwise, clustered, strict=True) if g != cl]
    return {
        "pairs_file": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
        "pairs_version": meta.get("version"),
        "half": half, "pairs": len(pairs), "unscored": unscored, "positive": sum(gold),
        "mentions": len(mentions),
        "pairwise": prf(gold, pairwise),
        "clustered": prf(gold, clustered),
        "by_kind": by_kind,
        "clustered_errors": errors,
    }


def score_quotes(path: Path) -> dict:
    """Quote fusion on hand-written pairs: ``fuse.same_quote`` on each pair."""
    from wirewatch.types import Quote

    def q(d: dict, qid: str) -> Quote:
        sp = d.get("speaker")
        speaker = ActorRef(sp["name"], sp.get("code"), sp.get("sector"), sp.get("role")) if sp else None
        return Quote(id=qid, article_id=qid, text=d["text"], kind=d["kind"], speaker=speaker,
                     support=[Support(qid, d["text"], 0, len(d["text"]))])

    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    pairs = [x for x in lines if "_meta" not in x]
    gold = [bool(p["same"]) for p in pairs]
    pred = [fuse.same_quote(q(p["a"], p["id"] + "a"), q(p["b"], p["id"] + "b")) for p in pairs]
    out = prf(gold, pred)
    out["errors"] = [{"pair": p["id"], "gold": g, "note": p.get("note")}
                     for p, g, x in zip(pairs, gold, pred, strict=True) if g != x]
    return out


def score_conflicts(path: Path) -> dict:
    """Number conflicts on hand-written pairs: ``fuse_story`` on the two claims (two articles,
    two publishers) and "conflict" when it reports a number conflict."""
    from wirewatch.types import Claim

    def c(d: dict, cid: str, article: str) -> Claim:
        return Claim(id=cid, article_id=article, value=float(d["value"]), text=d["text"],
                     unit=d["unit"], qualifier=d["qualifier"], date=d["date"],
                     support=[Support(article, d["sentence"], 0, len(d["sentence"]))])

    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    pairs = [x for x in lines if "_meta" not in x]
    gold, pred = [], []
    for p in pairs:
        claims = [c(p["a"], p["id"] + "a", "art-a"), c(p["b"], p["id"] + "b", "art-b")]
        conflicts = fuse.fuse_story("s", [], [], claims, {"art-a": "Outlet A", "art-b": "Outlet B"})[3]
        gold.append(bool(p["conflict"]))
        pred.append(any(k.kind == "number" for k in conflicts))
    out = prf(gold, pred)
    out["errors"] = [{"pair": p["id"], "gold": g, "note": p.get("note")}
                     for p, g, x in zip(pairs, gold, pred, strict=True) if g != x]
    return out


def store_ratio(db: str) -> dict:
    from wirewatch.store import Store

    store = Store(db, read_only=True)
    counts = store.counts()
    rows = store.query("SELECT support FROM events")
    reports = sum(len({s["article_id"] for s in r["support"] or []}) for r in rows)
    multi = sum(1 for r in rows if len({s["article_id"] for s in r["support"] or []}) > 1)
    stories = store.query("SELECT id, publishers, article_ids FROM stories")
    multi_ids = [st["id"] for st in stories
                 if len({p for p in st["publishers"] or [] if p}) > 1 and len(st["article_ids"] or []) > 1]
    m_rows = store.query("SELECT support, mention_ids FROM events WHERE story_id IN (SELECT unnest(?))",
                         [multi_ids])
    m_reports = sum(len({s["article_id"] for s in r["support"] or []}) for r in m_rows)
    m_mentions = sum(len(r["mention_ids"] or []) for r in m_rows)
    multi_outlet = {
        "stories": len(multi_ids),
        "articles": sum(len(st["article_ids"] or []) for st in stories if st["id"] in multi_ids),
        "event_mentions": m_mentions, "fused_events": len(m_rows), "event_reports": m_reports,
        "mentions_per_fused_event": round(m_mentions / len(m_rows), 3) if m_rows else None,
        "reports_per_fused_event": round(m_reports / len(m_rows), 3) if m_rows else None,
    }
    return {
        "db": db,
        "articles": counts["articles"],
        "stories": counts["stories"],
        "multi_outlet": multi_outlet,
        "event_mentions": counts["event_mentions"],
        "fused_events": counts["events"],
        "event_reports": reports,
        "fused_events_with_2plus_reports": multi,
        "mentions_per_fused_event": round(counts["event_mentions"] / counts["events"], 3) if counts["events"] else None,
        "reports_per_fused_event": round(reports / counts["events"], 3) if counts["events"] else None,
        "quote_mentions": counts["quote_mentions"], "fused_quotes": counts["quotes"],
        "claim_mentions": counts["claim_mentions"], "fused_claims": counts["claims"],
        "conflicts": counts["conflicts"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", default=str(ROOT / "bench" / "data" / "fusion_pairs.jsonl"))
    ap.add_argument("--allsides", default=str(ROOT / "bench" / "data" / "fusion_pairs_allsides.jsonl"),
                    help="hand-coded AllSides pairs (needs ../shared for the article leads)")
    ap.add_argument("--quotes", default=str(ROOT / "bench" / "data" / "quote_pairs.jsonl"),
                    help="hand-written quote pairs")
    ap.add_argument("--conflicts", default=str(ROOT / "bench" / "data" / "conflict_pairs.jsonl"),
                    help="hand-written number pairs (conflict or not)")
    ap.add_argument("--db", help="a store built by the pipeline, for the report/fused-event ratio")
    ap.add_argument("--errors", action="store_true", help="list the misjudged pairs")
    args = ap.parse_args()
    out = score_pairs(Path(args.pairs))
    if not args.errors:
        out["clustered_errors"] = len(out["clustered_errors"])
    if Path(args.quotes).is_file():
        out["quotes"] = score_quotes(Path(args.quotes))
    if Path(args.conflicts).is_file():
        out["number_conflicts"] = score_conflicts(Path(args.conflicts))
    if Path(args.allsides).is_file() and (SHARED / "allsides-roundups").is_dir():
        out["allsides"] = {}
        for half in ("dev", "heldout"):
            res = score_pairs(Path(args.allsides), half)
            if not args.errors:
                res["clustered_errors"] = len(res["clustered_errors"])
            out["allsides"][half] = res
    else:
        out["allsides"] = "skipped: ../shared/data/allsides-roundups is absent"
    if args.db:
        out["store"] = store_ratio(args.db)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
