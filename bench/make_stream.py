"""Large synthetic article streams built from real texts, for the speed benchmarks.

Real news texts (ECB+ and AllSides leads from ``../shared/data``, read, never copied into the
repository) are resampled into "events": an event takes one base text, rewrites its names and
numbers with event-specific ones (so events differ the way real ones do: same kind, different
who/where/how many), and emits 1-8 articles over 1-3 simulated days, each lightly edited
(sentences dropped or swapped, a headline variant). About 1 in 12 articles is a republished copy
with page furniture. Articles are spread over simulated dates at ``per_day`` articles per day so
that the time windows of the copy index and the clusterer evict.

    .venv/bin/python bench/make_stream.py 10000 > /tmp/stream.jsonl   # or import stream()
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wirewatch.stories import StoryInput  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
_NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")
_NUM = re.compile(r"\b\d+\b")
_SYL = ["ka", "lo", "mir", "ven", "dra", "sel", "tor", "bel", "nu", "ost", "ra", "gan", "li",
        "mon", "es", "tar", "vi", "dun", "hal", "qu", "ze", "por", "ith", "an"]
_FURNITURE = ["Advertisement", "Share this article", "Sign up for our newsletter",
              "Read more:", "All rights reserved.", "Follow us on social media"]


def base_texts() -> list[tuple[str, str]]:
    """(title, body) pairs of real news texts; a small built-in fallback if data is absent."""
    out: list[tuple[str, str]] = []
    ecb = SHARED / "ecbplus" / "ecbplus_docs.jsonl"
    if ecb.exists():
        for line in ecb.open(encoding="utf-8"):
            d = json.loads(line)
            out.append((d.get("title_guess") or "", d["text"]))
    als = SHARED / "allsides-roundups" / "articles_flat.jsonl"
    if als.exists():
        for line in als.open(encoding="utf-8"):
            d = json.loads(line)
            if d.get("text"):
                out.append((d.get("title") or "", d["text"]))
    if not out:
        out = [(f"Council {i} votes on budget",
                f"The council of district {i} voted on the budget on Monday. Officials said the "
                f"plan would fund {i * 3} new teachers and repair roads in the north.")
               for i in range(200)]
    return out


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))).capitalize()


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def stream(n: int, per_day: int = 2000, seed: int = 7,
           start: dt.date = dt.date(2020, 1, 1)) -> Iterator[StoryInput]:
    """``n`` articles in publication order (see the module docstring)."""
    rng = random.Random(seed)
    texts = base_texts()
    pending: list[tuple[int, int, StoryInput]] = []  # (day, order, article) scheduled ahead
    emitted = 0
    order = 0
    event_no = 0
    day = 0
    while emitted < n:
        # Open enough events to fill this day, schedule their articles over the next days.
        todo = per_day - sum(1 for d, _, _ in pending if d == day)
        while todo > 0:
            event_no += 1
            title, body = rng.choice(texts)
            # first-occurrence order, not set order: the stream must not depend on PYTHONHASHSEED
            names = {w: _word(rng) for w in dict.fromkeys(_NAME.findall(body)) if rng.random() < 0.6}
            nums = {w: str(rng.randint(2, 999)) for w in dict.fromkeys(_NUM.findall(body))}

            def rewrite(s: str, names: dict[str, str] = names, nums: dict[str, str] = nums) -> str:
                s = _NAME.sub(lambda m: names.get(m.group(), m.group()), s)
                return _NUM.sub(lambda m: nums.get(m.group(), m.group()), s)

            sents = [rewrite(s) for s in _sentences(body)] or [rewrite(body)]
            etitle = rewrite(title)
            size = min(todo, rng.choice([1, 1, 2, 2, 3, 4, 6, 8]))
            for k in range(size):
                part = list(sents)
                if len(part) > 3:
                    for _ in range(rng.randint(0, 2)):
                        part.pop(rng.randrange(1, len(part)))
                    if len(part) > 2 and rng.random() < 0.3:
                        i = rng.randrange(1, len(part) - 1)
                        part[i], part[i + 1] = part[i + 1], part[i]
                t = etitle if rng.random() < 0.6 else " ".join(part[0].split()[:10])
                order += 1
                aid = f"e{event_no}-{k}"
                pending.append((day + rng.choice([0, 0, 0, 1, 1, 2]), order,
                                StoryInput(id=aid, title=t, body=" ".join(part),
                                           publisher=f"outlet{rng.randint(1, 60)}")))
            todo -= size
        pending.sort(key=lambda x: (x[0], x[1]))
        today = [p for p in pending if p[0] == day]
        pending = [p for p in pending if p[0] != day]
        date = (start + dt.timedelta(days=day)).isoformat()
        for _, _, art in today:
            art.published = date
            if rng.random() < 1 / 12:
                # A republished copy of this article, with furniture around it.
                yield art
                emitted += 1
                if emitted >= n:
                    return
                art = StoryInput(
                    id=art.id + "-copy", title=art.title,
                    body=f"{rng.choice(_FURNITURE)}\n{art.body}\n{rng.choice(_FURNITURE)}",
                    published=date, publisher=f"outlet{rng.randint(1, 60)}")
            yield art
            emitted += 1
            if emitted >= n:
                return
        day += 1


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    for art in stream(n):
        print(json.dumps({"id": art.id, "title": art.title, "body": art.body,
                          "published": art.published, "publisher": art.publisher}))


if __name__ == "__main__":
    main()
