"""Backtest of the escalation alert on a corpus with a known escalation.

The sample corpus carries the Russia-Ukraine crisis of February 2022 day by day (talks on the
10th, warnings, the claimed pullback, shelling, evacuations, recognition of the separatist
regions on the 21st, the invasion on the 24th). This script runs the pipeline on it, prints the
daily escalation index of a dyad, and for each rule (rise over N days) the first day the alert
would have fired — the question an analyst asks of an early-warning index: how early, and how
many false alarms on the other dyads.

    .venv/bin/python bench/backtest_escalation.py --actor RUS --recipient UKR
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def first_fire(rows: list[dict], rise: float, days: int) -> str | None:
    """First day on which the index exceeds its minimum over the previous ``days`` by ``rise``."""
    rows = sorted(rows, key=lambda r: r["date"])
    for i, row in enumerate(rows):
        window = rows[max(0, i - days):i]
        base = min((r["escalation"] for r in window), default=0.0)
        if row["escalation"] - base > rise:
            return row["date"]
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT / "examples" / "corpus"))
    ap.add_argument("--db", default=None, help="reuse a store instead of building one")
    ap.add_argument("--actor", default="RUS")
    ap.add_argument("--recipient", default="UKR")
    ap.add_argument("--end", default="2022-02-28")
    args = ap.parse_args()

    from wirewatch import dyads
    from wirewatch.pipeline import run
    from wirewatch.store import Store

    db = args.db
    if db is None:
        db = str(Path(tempfile.mkdtemp()) / "backtest.duckdb")
        run([args.corpus], db=db)
    store = Store(db, read_only=True)
    series = dyads.dyad_series(store)
    daily = dyads.escalation_index(series, end=args.end)
    target = [r for r in daily if r["actor"] == args.actor and r["recipient"] == args.recipient
              and r["date"] <= args.end]
    others = {(r["actor"], r["recipient"]) for r in daily} - {(args.actor, args.recipient)}
    rules = []
    for rise in (3.0, 5.0, 8.0):
        for days in (3, 7):
            fires = first_fire(target, rise, days)
            false_alarms = sum(
                1 for pair in others
                if first_fire([r for r in daily if (r["actor"], r["recipient"]) == pair], rise, days))
            rules.append({"rise": rise, "days": days, "fires": fires,
                          "other_dyads_firing": false_alarms, "other_dyads": len(others)})
    print(json.dumps({
        "bench": "escalation_backtest", "dyad": f"{args.actor}->{args.recipient}",
        "known": {"recognition": "2022-02-21", "invasion": "2022-02-24"},
        "series": [{"date": r["date"], "pressure": r["pressure"], "index": r["escalation"]} for r in target],
        "rules": rules,
    }))


if __name__ == "__main__":
    main()
