"""The whole pipeline on the bundled sample corpus, scored against its manifest.

The manifest (examples/corpus_manifest.json) describes our own sample data: for each input its
story, outlet, date, language, copies and expected rejects. These tests hold the pipeline to it
with floors, so a regression in cleaning, metadata, copies or stories shows up here.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from wirewatch.store import Store

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((ROOT / "examples" / "corpus_manifest.json").read_text())


def _entries() -> list[dict]:
    return MANIFEST["entries"]


def _match(store: Store) -> tuple[dict[str, dict], list[dict]]:
    """Manifest key -> stored article row (by source id: file path, record id or URL)."""
    arts = {a["id"]: a for a in store.query("SELECT * FROM articles")}
    by_source = {s["source_id"]: arts.get(s["article_id"]) for s in store.query("SELECT * FROM sources")}
    matched, missing = {}, []
    for e in _entries():
        if e.get("expected_reject"):
            continue
        candidates = [e.get("record_id"), e.get("url"), e["file"]]
        if e.get("line"):
            candidates.append(f"{e['file']}#{e['line']}")
        row = next((by_source[c] for c in candidates if c and c in by_source), None)
        if row is None:
            missing.append(e)
        else:
            matched[e["key"]] = row
    return matched, missing


@pytest.fixture(scope="module")
def matched(sample_store: Path) -> dict[str, dict]:
    got, missing = _match(Store(str(sample_store), read_only=True))
    assert not missing, [m["key"] for m in missing]
    return got


def share(pairs: list[tuple[object, object]]) -> float:
    return sum(1 for a, b in pairs if a == b) / max(len(pairs), 1)


def test_expected_rejects_are_rejected(sample_store: Path) -> None:
    store = Store(str(sample_store), read_only=True)
    rejects = store.query("SELECT path, record_no, reason FROM rejects")
    sources = {s["source_id"] for s in store.query("SELECT source_id FROM sources")}
    for e in _entries():
        if not e.get("expected_reject"):
            continue
        if e["expected_reject"] == "not html":  # WARC records that are not pages: skipped, never articles
            assert e.get("url") not in sources
            continue
        record = e.get("line") or e.get("record_no")
        hits = [r for r in rejects if r["path"].endswith(e["file"].split("/", 1)[-1])
                and (record is None or r["record_no"] == record)]
        assert hits, f"{e['key']} should be rejected ({e['expected_reject']})"


def test_titles(matched: dict[str, dict]) -> None:
    pairs = [(row["title"], e["title"]) for e in _entries() if (row := matched.get(e["key"])) and e.get("title")]
    assert share(pairs) >= 0.9, [p for p in pairs if p[0] != p[1]]


def test_publishers(matched: dict[str, dict]) -> None:
    pairs = [(row["publisher"], e["publisher"]) for e in _entries() if (row := matched.get(e["key"]))]
    assert share(pairs) >= 0.8, [p for p in pairs if p[0] != p[1]]


def test_dates(matched: dict[str, dict]) -> None:
    pairs = [(row["published"], e["published"]) for e in _entries() if (row := matched.get(e["key"]))]
    assert share(pairs) >= 0.85, [p for p in pairs if p[0] != p[1]]


def test_languages(matched: dict[str, dict]) -> None:
    pairs = [(row["language"], e["language"]) for e in _entries() if (row := matched.get(e["key"]))]
    assert share(pairs) == 1.0, [p for p in pairs if p[0] != p[1]]


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for k in gold:
        by_pred[pred[k]].add(k)
        by_gold[gold[k]].add(k)
    p = sum(len(by_pred[pred[k]] & by_gold[gold[k]]) / len(by_pred[pred[k]]) for k in gold) / len(gold)
    r = sum(len(by_pred[pred[k]] & by_gold[gold[k]]) / len(by_gold[gold[k]]) for k in gold) / len(gold)
    return p, r, 2 * p * r / (p + r)


def test_stories_bcubed(matched: dict[str, dict]) -> None:
    keys = [e["key"] for e in _entries() if e["key"] in matched and e["language"] == "en"]
    gold = {k: next(e["story"] for e in _entries() if e["key"] == k) for k in keys}
    pred = {k: matched[k]["story_id"] or k for k in keys}
    p, r, f = bcubed(pred, gold)
    assert f >= 0.85, (p, r, f)


def test_similar_stories_kept_apart(matched: dict[str, dict]) -> None:
    story_of = defaultdict(set)
    for e in _entries():
        if e["key"] in matched and e["language"] == "en":
            story_of[e["story"]].add(matched[e["key"]]["story_id"])
    for pair in MANIFEST["similar_pairs"]:
        a, b = pair["stories"]
        assert not (story_of[a] & story_of[b]), pair["why"]


def test_copies_marked(matched: dict[str, dict]) -> None:
    copies = [e for e in _entries() if e.get("is_copy_of") and e["key"] in matched]
    assert copies
    for e in copies:
        original = matched.get(e["is_copy_of"])
        row = matched[e["key"]]
        assert original is not None
        assert row["duplicate_of"] == original["id"] or original["duplicate_of"] == row["id"], e["key"]
