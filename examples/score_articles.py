"""Score the reading and article stages (no NLP, no store) against the corpus manifest.

Why: the full-pipeline scores live in tests/test_sample_corpus.py, but they need every stage
to work. This script stops after ``ingest.iter_inputs`` and ``articles.to_article``, so the
people working on readers, cleaning and metadata can see their own numbers in a few seconds.
It prints JSON: per-field agreement with the manifest, rejects that were expected and not,
and items that became articles but should have been rejected.

Run: ``.venv/bin/python examples/score_articles.py``
"""

from __future__ import annotations

import json
from pathlib import Path

from wirewatch.articles import to_article
from wirewatch.ingest import iter_inputs
from wirewatch.types import Reject

HERE = Path(__file__).parent
FIELDS = ("title", "publisher", "published", "language")


def main() -> None:
    entries = json.loads((HERE / "corpus_manifest.json").read_text(encoding="utf-8"))["entries"]
    by_item = {(e["file"].rsplit("/", 1)[-1], e["record_no"]): e for e in entries}
    agree = {f: 0 for f in (*FIELDS, "dateline")}
    total = {f: 0 for f in agree}
    misses: dict[str, list] = {f: [] for f in agree}
    wrong_rejects, missed_rejects, right_rejects = [], [], 0
    for item in iter_inputs([str(HERE / "corpus")]):
        name = Path(item.path).name
        entry = by_item.get((name, item.record_no))
        out = item if isinstance(item, Reject) else to_article(item)
        key = entry["key"] if entry else f"{name}#{item.record_no}"
        if isinstance(out, Reject):
            if entry and entry["expected_reject"]:
                right_rejects += 1
            else:
                wrong_rejects.append([key, out.reason])
            continue
        if entry is None or entry["expected_reject"]:
            missed_rejects.append([key, entry and entry["expected_reject"], out.title])
            continue
        for f in FIELDS:
            total[f] += 1
            if getattr(out, f) == entry[f]:
                agree[f] += 1
            else:
                misses[f].append([key, getattr(out, f), entry[f]])
        if entry["dateline"]:
            total["dateline"] += 1
            if (out.dateline or "").upper().startswith(entry["dateline"]):
                agree["dateline"] += 1
            else:
                misses["dateline"].append([key, out.dateline, entry["dateline"]])
    print(json.dumps({
        "agreement": {f: round(agree[f] / max(total[f], 1), 3) for f in agree},
        "counts": {f: f"{agree[f]}/{total[f]}" for f in agree},
        "expected_rejects_seen": right_rejects,
        "articles_rejected_wrongly": wrong_rejects,
        "rejects_missed": missed_rejects,
        "misses": misses,
    }, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
