"""Actor linking: country/organisation code and sector accuracy on PLOVER's gold records, and speed.

Usage:
    .venv/bin/python bench/bench_actors.py [--set gsr|speed|all] [--split dev|heldout|both] [--n 200]

``gsr``: PLOVER_GSR_CAMEO.json (322 hand-coded sentences, dated 2000-01-01). For every gold source or
target actor whose ``actorText`` occurs in the sentence, we ask ``LinkedDoc.actor_for_span`` for
that span and compare:
- ``code``: our code equals the gold code (CAMEO's JAP/ITL read as JPN/ITA; gold ``IGO`` is matched
  by any organisation code of ours with sector IGO, or by NATO/EU/UN-style ids);
- ``sector``: the first three letters of the gold sector equal ours (only where gold gives one;
  CAMEO's JRN is our MED, CIV our CVL);
- ``found``: we link the span to any actor at all.
Development half = odd positions after the DOCUMENT record (1st, 3rd, ...); held-out = even.

``conflibert``: share of ConfliBERT's gold source/target spans (CAMEO NER, train = dev, test =
held-out) to which we link any actor, and any actor with a code. Recall only.

``speed``: linking time per document (parse time reported apart) on the first N ECB+ texts.

Data is read from ../shared/data (never copied); missing data is skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "src"))

from wirewatch.actors import get_linker  # noqa: E402
from wirewatch.nlp import load_nlp  # noqa: E402

CODE_MAP = {"JAP": "JPN", "ITL": "ITA"}
ERRORS = 10
SECTOR_MAP = {"JRN": "MED", "CIV": "CVL"}


def _gsr_records(split: str) -> list[dict[str, Any]]:
    path = DATA / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
    if not path.exists():
        return []
    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("text") and r.get("id", "").startswith("PLOVER-GSR")]
    if split == "dev":
        return records[0::2]
    if split == "heldout":
        return records[1::2]
    return records


def bench_gsr(split: str) -> dict[str, Any]:
    records = _gsr_records(split)
    if not records:
        return {"skipped": "plover-gsr absent"}
    nlp = load_nlp()
    linker = get_linker()
    igo_codes = {g.code for g in linker.kb.igos.values() if g.sector == "IGO" and g.code}
    n = code_ok = found = sec_n = sec_ok = 0
    errors: list[dict[str, Any]] = []
    docs = nlp.pipe([r["text"] for r in records])
    for rec, doc in zip(records, docs, strict=True):
        ld = linker.link(doc, rec.get("date"))
        for role in ("source", "target"):
            actors = rec.get(role) or []
            if isinstance(actors, str):
                continue
            for gold in actors:
                text, code = gold.get("actorText") or "", gold.get("code")
                if not code or not text or text not in rec["text"]:
                    continue
                start = rec["text"].index(text)
                pred = ld.actor_for_span(start, start + len(text))
                n += 1
                gold_code = CODE_MAP.get(code, code)
                if pred is not None:
                    found += 1
                ok = pred is not None and (
                    pred.code == gold_code or (gold_code == "IGO" and (pred.code in igo_codes or pred.sector == "IGO"))
                )
                code_ok += ok
                gsec = (gold.get("sector") or "")[:3]
                gsec = SECTOR_MAP.get(gsec, gsec)
                if gsec and gsec != "***":
                    sec_n += 1
                    sec_ok += pred is not None and pred.sector == gsec
                if not ok and len(errors) < 200:
                    errors.append({"text": text, "gold": code, "pred": pred.to_dict() if pred else None})
    return {
        "split": split,
        "actors": n,
        "found": round(found / n, 3) if n else None,
        "code_accuracy": round(code_ok / n, 3) if n else None,
        "sector_n": sec_n,
        "sector_accuracy": round(sec_ok / sec_n, 3) if sec_n else None,
        "sample_errors": errors[:ERRORS],
    }


def _conflibert(split: str) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Sentences with their gold source (S) / target (T) char spans, from the BIO files."""
    name = "cameo_ner_train.txt" if split == "dev" else "cameo_ner_test.txt"
    path = DATA / "conflibert-cameo" / name
    if not path.exists():
        return []
    out = []
    words: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            w, _, tag = line.rpartition(" ")
            words.append((w, tag))
            continue
        if not words:
            continue
        text, spans, pos = "", [], 0  # noqa: F841
        cur: list[Any] | None = None
        for w, tag in words:
            start = len(text) + (1 if text else 0)
            text = f"{text} {w}" if text else w
            if tag.startswith("B-"):
                if cur:
                    spans.append(tuple(cur))
                cur = [start, start + len(w), tag[2:]]
            elif tag.startswith("I-") and cur:
                cur[1] = start + len(w)
            else:
                if cur:
                    spans.append(tuple(cur))
                cur = None
            pos += 1
        if cur:
            spans.append(tuple(cur))
        out.append((text, spans))
        words = []
    return out


def bench_conflibert(split: str) -> dict[str, Any]:
    """Share of gold source/target spans (ConfliBERT CAMEO NER) to which we link an actor.

    Recall-only and approximate: gold spans include non-actors ("a car bomb") we rightly skip."""
    items = _conflibert(split)
    if not items:
        return {"skipped": "conflibert-cameo absent"}
    nlp = load_nlp()
    linker = get_linker()
    n = hit = 0
    with_code = 0
    for (_text, spans), doc in zip(items, nlp.pipe([t for t, _ in items]), strict=True):
        ld = linker.link(doc, None)
        for s, e, _ in spans:
            n += 1
            a = ld.actor_for_span(s, e)
            hit += a is not None
            with_code += a is not None and a.code is not None
    return {"split": split, "spans": n, "linked": round(hit / n, 3) if n else None,
            "linked_with_code": round(with_code / n, 3) if n else None}


def bench_speed(n: int) -> dict[str, Any]:
    path = DATA / "ecbplus" / "ecbplus_docs.jsonl"
    if not path.exists():
        return {"skipped": "ecbplus absent"}
    texts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if len(texts) >= n:
                break
    nlp = load_nlp()
    t0 = time.perf_counter()
    linker = get_linker()
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse = time.perf_counter() - t0
    tokens = sum(len(d) for d in docs)
    t0 = time.perf_counter()
    mentions = 0
    for d in docs:
        mentions += len(linker.link(d, "2015-01-01").mentions)
    link = time.perf_counter() - t0
    return {
        "docs": len(docs),
        "tokens": tokens,
        "linker_build_s": round(build, 2),
        "parse_ms_per_doc": round(1000 * parse / len(docs), 1),
        "link_ms_per_doc": round(1000 * link / len(docs), 2),
        "link_tokens_per_s": int(tokens / link) if link else None,
        "mentions_per_doc": round(mentions / len(docs), 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="all", choices=["gsr", "conflibert", "speed", "all"])
    ap.add_argument("--split", default="both", choices=["dev", "heldout", "both"])
    ap.add_argument("--n", type=int, default=200)
    args = ap.parse_args()
    out: dict[str, Any] = {}
    if args.set in ("gsr", "all"):
        splits = ["dev", "heldout"] if args.split == "both" else [args.split]
        out["gsr"] = {s: bench_gsr(s) for s in splits}
    if args.set in ("conflibert", "all"):
        splits = ["dev", "heldout"] if args.split == "both" else [args.split]
        out["conflibert"] = {s: bench_conflibert(s) for s in splits}
    if args.set in ("speed", "all"):
        out["speed"] = bench_speed(args.n)
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
