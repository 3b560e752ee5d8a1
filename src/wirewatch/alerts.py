"""Alert rules over the store, each alert raised once.

Rules come from a small TOML file::

    [[rule]]
    name = "Russia-Ukraine escalation"
    kind = "escalation"          # a dyad's escalation index rises by more than `rise` over `days`
    actor = "RUS"
    recipient = "UKR"
    rise = 3.0
    days = 3

    [[rule]]
    name = "Force by watched actors"
    kind = "event"               # a new fused event of these types involving a watched actor
    events = ["ASSAULT", "MOBILIZE"]
    actors = ["RUS", "BLR"]

    [[rule]]
    kind = "quote"               # a quote by a watched speaker (name, surname or actor code)
    speakers = ["Blinken"]

    [[rule]]
    kind = "conflict"            # a new disagreement between sources (optionally on watched stories)
    stories = []

    [sinks]
    file = "alerts.jsonl"        # appended, one JSON object per alert
    webhook = "http://127.0.0.1:9000/hook"   # POSTed as JSON

An alert's id is a hash of its rule and its trigger (the fused record, or the dyad and day), and
the store keeps every alert raised: the same trigger never alerts twice, across restarts too.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wirewatch.store import Store
from wirewatch.types import Record

KINDS = ("escalation", "event", "quote", "conflict")


@dataclass(slots=True)
class Rule:
    name: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Alert(Record):
    id: str
    rule: str
    kind: str
    message: str
    payload: dict[str, Any]


@dataclass(slots=True)
class Rules:
    rules: list[Rule]
    sinks: dict[str, str]


def load_rules(path: str | Path) -> Rules:
    """Rules from TOML; a clear error for an unknown kind or a missing field."""
    data = tomllib.loads(Path(path).read_text())
    rules = []
    for i, raw in enumerate(data.get("rule", []), start=1):
        kind = raw.get("kind")
        if kind not in KINDS:
            raise ValueError(f"{path}: rule {i}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if kind == "escalation" and not raw.get("actor"):
            raise ValueError(f"{path}: rule {i}: an escalation rule needs `actor`")
        params = {k: v for k, v in raw.items() if k not in ("name", "kind")}
        rules.append(Rule(name=raw.get("name") or f"{kind} rule {i}", kind=kind, params=params))
    sinks = {k: str(v) for k, v in (data.get("sinks") or {}).items()}
    return Rules(rules=rules, sinks=sinks)


def _id(rule: Rule, trigger: str) -> str:
    return "al" + hashlib.sha1(f"{rule.name}\x00{rule.kind}\x00{trigger}".encode()).hexdigest()[:16]


def _codes(actors: list[dict[str, Any]] | None) -> set[str]:
    out = set()
    for a in actors or []:
        for key in ("code", "name"):
            if a.get(key):
                out.add(str(a[key]))
    return out


def _speaker_matches(speaker: dict[str, Any] | None, wanted: list[str]) -> bool:
    if not speaker:
        return False
    name = (speaker.get("name") or "").lower()
    return any(w.lower() in name.split() or w.lower() == name or w == speaker.get("code") for w in wanted)


def evaluate(store: Store, rules: Rules) -> list[Alert]:
    """Every alert the rules raise on the store as it is now (already-raised ones included)."""
    alerts: list[Alert] = []
    for rule in rules.rules:
        p = rule.params
        if rule.kind == "event":
            types = set(p.get("events") or [])
            watched = set(p.get("actors") or [])
            for e in store.query("SELECT * FROM events WHERE status = 'asserted' ORDER BY date NULLS LAST, id"):
                if types and e["event"] not in types:
                    continue
                involved = _codes(e["actor"]) | _codes(e["recipient"])
                if watched and not (watched & involved):
                    continue
                who = ", ".join(a.get("name") or a.get("code") or "?" for a in e["actor"] or [])
                whom = ", ".join(a.get("name") or a.get("code") or "?" for a in e["recipient"] or [])
                alerts.append(Alert(_id(rule, e["id"]), rule.name, rule.kind,
                                    f"{e['event']} on {e['date']}: {who} -> {whom}",
                                    {"event_id": e["id"], "story_id": e["story_id"], "date": e["date"]}))
        elif rule.kind == "quote":
            wanted = list(p.get("speakers") or [])
            for q in store.query("SELECT * FROM quotes ORDER BY id"):
                if _speaker_matches(q["speaker"], wanted):
                    alerts.append(Alert(_id(rule, q["id"]), rule.name, rule.kind,
                                        f"{q['speaker'].get('name')}: \u201c{q['text'][:160]}\u201d",
                                        {"quote_id": q["id"], "story_id": q["story_id"]}))
        elif rule.kind == "conflict":
            stories = set(p.get("stories") or [])
            for c in store.query("SELECT * FROM conflicts ORDER BY id"):
                if stories and c["story_id"] not in stories:
                    continue
                sides = "; ".join(str(s.get("value")) for s in c["sides"] or [])
                alerts.append(Alert(_id(rule, c["id"]), rule.name, rule.kind,
                                    f"sources disagree on {c['about']}: {sides}",
                                    {"conflict_id": c["id"], "story_id": c["story_id"]}))
        elif rule.kind == "escalation":
            alerts.extend(_escalation_alerts(store, rule))
    return alerts


def _escalation_alerts(store: Store, rule: Rule) -> list[Alert]:
    """Alert on the first day a dyad's index has risen by more than ``rise`` over ``days``."""
    from wirewatch import dyads

    p = rule.params
    actor, recipient = p["actor"], p.get("recipient")
    rise, days = float(p.get("rise", 3.0)), int(p.get("days", 3))
    series = [r for r in dyads.dyad_series(store, actor=actor)
              if r.get("actor") == actor and (recipient is None or r.get("recipient") == recipient)]
    out = []
    by_pair: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in series:
        by_pair.setdefault((r["actor"], r["recipient"]), []).append(r)
    from datetime import date, timedelta

    for (a, b), rows in by_pair.items():
        rows.sort(key=lambda r: r["date"])
        for i, row in enumerate(rows):
            day = date.fromisoformat(row["date"])
            window = [r for r in rows[:i] if date.fromisoformat(r["date"]) >= day - timedelta(days=days)]
            base = min((r["escalation"] for r in window), default=0.0)
            if row["escalation"] - base > rise:
                out.append(Alert(_id(rule, f"{a}>{b}"), rule.name, rule.kind,
                                 f"escalation {a}->{b} rose {row['escalation'] - base:.1f} to "
                                 f"{row['escalation']:.1f} by {row['date']}",
                                 {"actor": a, "recipient": b, "date": row["date"],
                                  "index": row["escalation"], "rise": row["escalation"] - base}))
                break  # one alert per dyad and rule: the first day it fired
    return out


def raise_new(store: Store, rules: Rules) -> list[Alert]:
    """Store the alerts not raised before and deliver them to the sinks; returns them."""
    candidates = evaluate(store, rules)
    if not candidates:
        return []
    with store.transaction() as con:
        new = []
        for a in candidates:
            if con.execute("SELECT 1 FROM alerts WHERE id = ?", [a.id]).fetchone():
                continue
            con.execute("INSERT INTO alerts (id, rule, kind, message, payload) VALUES (?, ?, ?, ?, ?)",
                        [a.id, a.rule, a.kind, a.message, json.dumps(a.payload, default=str)])
            new.append(a)
    deliver(new, rules.sinks)
    return new


def deliver(alerts: list[Alert], sinks: dict[str, str]) -> None:
    if not alerts:
        return
    if sinks.get("file"):
        with open(sinks["file"], "a", encoding="utf-8") as fh:
            for a in alerts:
                fh.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
    if sinks.get("webhook"):
        import httpx

        for a in alerts:
            try:
                httpx.post(sinks["webhook"], json=a.to_dict(), timeout=10.0)
            except httpx.HTTPError as exc:  # a down webhook must not stop the watcher
                from wirewatch.output import err

                err.print(f"[yellow]webhook failed[/yellow] for alert {a.id}: {exc}")
