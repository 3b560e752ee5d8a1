"""Benchmark the event coder (events.py) against public gold and silver sets.

Prints one JSON object. Halves are reported separately: tune on ``dev`` only.

- PLOVER gold standard (plover-gsr): share of sentences whose gold event type is among the
  coded events (old labels mapped: DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE,
  FIGHT->ASSAULT); share whose gold source country codes all appear among the actor codes of
  an event of the gold type. dev = odd positions after the DOCUMENT record, held-out = even.
- ConfliBERT CAMEO pentacode (conflibert-cameo): class = quad of the sentence's headline event
  (the largest-|intensity| main-clause event the sentence asserts: asserted, historical or
  future; hypothetical, negated, denied and background events never count), 0 when none;
  macro-F1 over the five classes. Reported twice: class = the event's quad (1-4, appeals are
  verbal cooperation), and class = the CAMEO pentacode of its root (the convention the labels
  follow: appeals (02) neutral, 16 verbal conflict). A third, literal variant takes the quad of
  the largest-|intensity| event whatever its status or clause. train = dev, test = held-out. Source/target span F1 on
  cameo_ner_*: predicted spans are the noun phrases the headline event's actors (S) and
  recipients (T) were read from; exact token-span match (R, reciprocal, is not predicted).
- PETRARCH-2 real sentences (silver, petrarch2-validation): agreement on event / no event, on
  the pentacode quad of the expected CAMEO code and on the source country.
- Throughput: bare nlp.pipe vs NLP + linking + events vs the event stage alone, same texts.

Usage: .venv/bin/python bench/bench_events.py [--limit N] [--only plover,quad,...] [--split dev]
       [--out bench/events.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def _article(i: int, text: str, published: str | None = None):
    from wirewatch.types import Article

    return Article(id=f"b{i}", source_id="bench", body=text, published=published)


def _code(nlp, linker, texts: list[str], published: str | None = None, detailed: bool = False):
    from wirewatch import events

    out = []
    for i, doc in enumerate(nlp.pipe(texts, batch_size=64)):
        try:
            linked = linker.link(doc, published)
        except Exception as exc:  # a linker failure loses this sentence, not the run
            LINK_ERRORS.append(f"{type(exc).__name__}: {doc.text[:60]}")
            out.append((doc, None, []))
            continue
        coded = events.code_events_detailed(doc, linked, _article(i, doc.text, published))
        out.append((doc, linked, coded if detailed else [c.mention for c in coded]))
    return out


LINK_ERRORS: list[str] = []
SPLITS = {"dev", "heldout"}  # --split narrows this: develop with dev only, score held-out rarely


TIER = {"asserted": 0, "historical": 0, "future": 0}


def _headline_event(coded):
    """The sentence's own news for one-label tasks: main-clause events the sentence asserts
    (asserted, historical or future; not hypothetical, negated or denied; not background such as
    relative clauses or "following his arrest"), the largest |intensity| among them."""
    cands = [
        c for c in coded
        if c.main and c.mention.status in TIER and c.mention.intensity is not None
    ]
    if not cands:
        return None
    return max(cands, key=lambda c: abs(c.mention.intensity))


def _quad_of_max(coded) -> int:
    best = _headline_event(coded)
    return int(best.mention.quad) if best is not None else 0


def _pentacode_of_max(coded) -> int:
    from wirewatch import events

    best = _headline_event(coded)
    return (events.pentacode_for(best.mention.cameo_root) or 0) if best is not None else 0


def _macro_f1(gold: list[int], pred: list[int], labels: list[int]) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    return {
        "n": len(gold),
        "macro_f1": round(float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "per_class_f1": {
            str(lab): round(float(f), 4)
            for lab, f in zip(labels, f1_score(gold, pred, labels=labels, average=None, zero_division=0), strict=True)
        },
        "gold_counts": dict(sorted(Counter(gold).items())),
        "pred_counts": dict(sorted(Counter(pred).items())),
    }


# ------------------------------------------------------------------------------------ PLOVER GSR


def bench_plover(nlp, linker, limit: int | None) -> dict:
    path = SHARED / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    items = [r for r in records if r.get("event") != "DOCUMENT"]
    halves = {"dev": items[0::2], "heldout": items[1::2]}
    result = {}
    for name, recs in halves.items():
        if name not in SPLITS:
            continue
        recs = recs[:limit] if limit else recs
        coded = _code(nlp, linker, [r["text"] for r in recs])
        hit = src_all = src_any = src_n = 0
        confusion: Counter = Counter()
        for rec, (_, _, evs) in zip(recs, coded, strict=True):
            gold = OLD_LABELS.get(rec["event"], rec["event"])
            types = {e.event for e in evs}
            ok = gold in types
            hit += ok
            if not ok:
                confusion[f"{gold}->{','.join(sorted(types)) or 'none'}"] += 1
            gold_src = {s.get("code") for s in rec.get("source", []) if re.fullmatch(r"[A-Z]{3}", s.get("code") or "")}
            gold_src.discard("IGO")
            gold_src.discard("NGO")
            if gold_src:
                src_n += 1
                same = [e for e in evs if e.event == gold]
                codes = [{a.code for a in e.actor} for e in same]
                src_all += any(gold_src <= c for c in codes)
                src_any += any(gold_src & c for c in codes)
        n = len(recs)
        result[name] = {
            "n": n,
            "event_type_accuracy": round(hit / n, 4) if n else None,
            "source_with_type_all": round(src_all / src_n, 4) if src_n else None,
            "source_with_type_any": round(src_any / src_n, 4) if src_n else None,
            "n_with_country_source": src_n,
            "top_misses": confusion.most_common(12) if name == "dev" else None,
        }
    return result


# ------------------------------------------------------------------------------------ ConfliBERT


def _read_class(path: Path) -> list[tuple[str, int]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.rstrip("\r")
        if "\t" not in line:
            continue
        text, label = line.rsplit("\t", 1)
        if label.strip().isdigit():
            rows.append((text.strip(), int(label)))
    return rows


def bench_quad(nlp, linker, limit: int | None) -> dict:
    out = {}
    for name, fname in (("dev", "cameo_class_train.tsv"), ("heldout", "cameo_class_test.tsv")):
        if name not in SPLITS:
            continue
        rows = _read_class(SHARED / "conflibert-cameo" / fname)
        rows = rows[:limit] if limit else rows
        coded = _code(nlp, linker, [t for t, _ in rows], detailed=True)
        gold = [g for _, g in rows]
        pred = [_quad_of_max(evs) for _, _, evs in coded]
        penta = [_pentacode_of_max(evs) for _, _, evs in coded]
        literal = []
        for _, _, evs in coded:
            cands = [c.mention for c in evs if c.mention.intensity is not None]
            best = max(cands, key=lambda m: abs(m.intensity), default=None)
            literal.append(int(best.quad) if best is not None else 0)
        out[name] = {
            "class_is_quad": _macro_f1(gold, pred, [0, 1, 2, 3, 4]),
            "class_is_pentacode": _macro_f1(gold, penta, [0, 1, 2, 3, 4]),
            "literal_max_intensity_any_status_quad": _macro_f1(gold, literal, [0, 1, 2, 3, 4]),
        }
    return out


def _read_ner(path: Path) -> list[list[tuple[str, str]]]:
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.rstrip("\r")
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        parts = line.rsplit(" ", 1)
        if len(parts) == 2:
            cur.append((parts[0], parts[1]))
    if cur:
        sents.append(cur)
    return sents


def _gold_spans(tags: list[str]) -> set[tuple[str, int, int]]:
    spans, start, kind = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and tag[2:] != kind):
            if start is not None:
                spans.add((kind, start, i))
                start, kind = None, None
            if tag.startswith(("B-", "I-")):
                start, kind = i, tag[2:]
    return spans


def bench_ner(nlp, linker, limit: int | None) -> dict:
    out = {}
    for name, fname in (("dev", "cameo_ner_train.txt"), ("heldout", "cameo_ner_test.txt")):
        if name not in SPLITS:
            continue
        sents = _read_ner(SHARED / "conflibert-cameo" / fname)
        sents = sents[:limit] if limit else sents
        texts, offsets = [], []
        for s in sents:
            pos, offs = 0, []
            for tok, _ in s:
                offs.append((pos, pos + len(tok)))
                pos += len(tok) + 1
            texts.append(" ".join(t for t, _ in s))
            offsets.append(offs)
        coded = _code(nlp, linker, texts, detailed=True)
        tp: Counter = Counter()
        fp: Counter = Counter()
        fn: Counter = Counter()
        for s, offs, (_doc, _linked, evs) in zip(sents, offsets, coded, strict=True):
            gold = _gold_spans([t for _, t in s])
            pred: set[tuple[str, int, int]] = set()
            best = _headline_event(evs)
            if best is not None:
                for kind, spans in (("S", best.actor_spans), ("T", best.recipient_spans)):
                    for a0, b0 in spans:
                        toks = [i for i, (a, b) in enumerate(offs) if a < b0 and b > a0]
                        if toks:
                            pred.add((kind, toks[0], toks[-1] + 1))
            for kind in ("S", "T", "R"):
                g = {x for x in gold if x[0] == kind}
                p = {x for x in pred if x[0] == kind}
                tp[kind] += len(g & p)
                fp[kind] += len(p - g)
                fn[kind] += len(g - p)
        f1 = {}
        for kind in ("S", "T", "R"):
            prec = tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else 0.0
            rec = tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else 0.0
            f1[kind] = round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0
        out[name] = {
            "n": len(sents),
            "span_f1": f1,
            "macro_f1_S_T": round((f1["S"] + f1["T"]) / 2, 4),
            "macro_f1_S_T_R": round((f1["S"] + f1["T"] + f1["R"]) / 3, 4),
        }
    return out


# -------------------------------------------------------------------------------------- PETRARCH


def _pentacode(code: str) -> int:
    root = int(code[:2])
    if root <= 1:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def bench_petrarch(nlp, linker, limit: int | None) -> dict:
    text = (SHARED / "petrarch2-validation" / "PETR2_GSR_validation.xml").read_text(encoding="utf-8")
    body = text[text.index("<Sentences>") :]
    body = body[: body.rindex("</Sentences>") + len("</Sentences>")]
    body = re.sub(r"<Parse>.*?</Parse>", "", body, flags=re.S)
    # records are "<Sentence .../>" followed by siblings; regroup by hand
    chunks = re.split(r"(?=<Sentence )", body)
    recs = []
    for ch in chunks:
        m = re.search(r'<Sentence [^>]*date="(\d{8})"[^>]*id="([^"]+)"', ch)
        t = re.search(r"<Text>(.*?)</Text>", ch, flags=re.S)
        if not m or not t:
            continue
        codings = [
            dict(ET.fromstring(c).attrib) for c in re.findall(r"<EventCoding[^>]*/>", ch)
        ]
        d = m[1]
        recs.append({"id": m[2], "date": f"{d[:4]}-{d[4:6]}-{d[6:]}", "text": " ".join(t[1].split()), "codings": codings})
    recs = recs[:limit] if limit else recs
    agree_presence = quad_hit = src_hit = n_coded = 0
    for rec in recs:
        coded = _code(nlp, linker, [rec["text"]], rec["date"])[0][2]
        counted = [e for e in coded if e.status in TIER]
        expected = [c for c in rec["codings"] if c.get("eventcode")]
        want_event = any(_pentacode(c["eventcode"]) for c in expected)
        agree_presence += bool(counted) == want_event
        for c in expected:
            q = _pentacode(c["eventcode"])
            if q == 0:
                continue
            n_coded += 1
            same = [e for e in counted if e.quad == q]
            quad_hit += bool(same)
            src = (c.get("sourcecode") or "")[:3]
            src_hit += any(src in {(a.code or "")[:3] for a in e.actor} for e in same)
    return {
        "n_sentences": len(recs),
        "event_presence_agreement": round(agree_presence / len(recs), 4) if recs else None,
        "n_expected_non_statement_codings": n_coded,
        "quad_recall": round(quad_hit / n_coded, 4) if n_coded else None,
        "quad_and_source_recall": round(src_hit / n_coded, 4) if n_coded else None,
    }


# ------------------------------------------------------------------------------------ throughput


def _safe_link(linker, doc):
    try:
        return linker.link(doc, None)
    except Exception as exc:
        LINK_ERRORS.append(f"{type(exc).__name__}: {doc.text[:60]}")
        return None


def bench_speed(nlp, linker, n: int) -> dict:
    from wirewatch import events

    rows = _read_class(SHARED / "conflibert-cameo" / "cameo_class_train.tsv")
    texts = [t for t, _ in rows][:n]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    t_nlp = time.perf_counter() - t0
    t0 = time.perf_counter()
    linked = [_safe_link(linker, d) for d in docs]
    t_link = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i, (d, lk) in enumerate(zip(docs, linked, strict=True)):
        if lk is not None:
            events.code_events(d, lk, _article(i, d.text))
    t_events = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i, d in enumerate(nlp.pipe(texts, batch_size=64)):
        lk = _safe_link(linker, d)
        if lk is not None:
            events.code_events(d, lk, _article(i, d.text))
    t_all = time.perf_counter() - t0
    k = len(texts)
    return {
        "sentences": k,
        "bare_nlp_pipe_per_s": round(k / t_nlp, 1),
        "linking_only_per_s": round(k / t_link, 1),
        "events_only_per_s": round(k / t_events, 1),
        "nlp_link_events_per_s": round(k / t_all, 1),
        "events_share_of_total": round(t_events / t_all, 4),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="items per half (smoke runs)")
    ap.add_argument("--speed-n", type=int, default=600)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument(
        "--only", default="plover,quad,spans,petrarch,speed",
        help="comma list of parts to run (plover, quad, spans, petrarch, speed)",
    )
    ap.add_argument(
        "--split", choices=("dev", "heldout", "both"), default="both",
        help="which halves of the PLOVER / ConfliBERT sets to score (dev while tuning)",
    )
    args = ap.parse_args(argv)
    SPLITS.intersection_update({"dev", "heldout"} if args.split == "both" else {args.split})
    if not SHARED.is_dir():
        print(json.dumps({"skipped": "../shared/data absent"}))
        return 0
    from wirewatch import actors, events
    from wirewatch.nlp import load_nlp, model_name

    nlp = load_nlp()
    linker = actors.get_linker()
    t0 = time.perf_counter()
    parts = {p.strip() for p in args.only.split(",")}
    result = {
        "model": model_name(),
        "lexicon_version": events.load_lexicon().version,
        "plover_json_version": events.load_plover()["version"],
    }
    runs = {
        "plover": ("plover_gsr", lambda: bench_plover(nlp, linker, args.limit)),
        "quad": ("conflibert_quad", lambda: bench_quad(nlp, linker, args.limit)),
        "spans": ("conflibert_spans", lambda: bench_ner(nlp, linker, args.limit)),
        "petrarch": ("petrarch2_silver", lambda: bench_petrarch(nlp, linker, args.limit)),
        "speed": ("throughput", lambda: bench_speed(nlp, linker, args.speed_n)),
    }
    for part, (key, run) in runs.items():
        if part in parts:
            result[key] = run()
    result["linker_errors"] = {"count": len(LINK_ERRORS), "first": LINK_ERRORS[:5]}
    result["wall_seconds"] = round(time.perf_counter() - t0, 1)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
