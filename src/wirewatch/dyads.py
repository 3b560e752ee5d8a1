"""Dyads: who did what to whom, per day, counted in real-world events rather than reports.

A dyad is an ordered pair (actor, recipient) at one of two levels: ``country`` (the actor code:
``RUS`` -> ``UKR``) or ``sector`` (code plus sector: ``RUS MIL`` -> ``UKR CVL``). Each row counts
the *fused* events of one day and dyad by PLOVER quad, sums their intensity, and says how many
reports (distinct articles) and mentions stand behind them, so report inflation is visible
instead of being mistaken for escalation. The escalation index (``escalation_index``, defined
in docs/escalation.md) smooths the daily balance of conflict over cooperation per dyad.

Counting rules (docs/escalation.md): only ``asserted`` fused events count (negated, denied,
future and hypothetical events did not happen; ``historical`` ones are background retold later
and would land on the wrong day); events without a full date (undated, or only a year or a
month) are left out; an event with several actors or
recipients counts once for every distinct pair at the chosen level; a reciprocal event (two or
more actors, no recipient, e.g. a meeting) counts once for each unordered pair of its actors.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date as _date
from datetime import timedelta
from itertools import combinations
from typing import Any

from wirewatch import config
from wirewatch.rows import fused_event_from_row
from wirewatch.store import Store
from wirewatch.types import ActorRef, FusedEvent

LEVELS = ("country", "sector")

# Weight of an event whose intensity is unknown: the mean magnitude of the PLOVER
# conflict-cooperation ("Schrodt") scores of the quad's categories, rounded.
QUAD_DEFAULT_WEIGHT = {1: 4.0, 2: 7.0, 3: 4.3, 4: 7.1}
COOPERATIVE_QUADS = {1, 2}
CONFLICTUAL_QUADS = {3, 4}


def actor_key(actor: ActorRef, level: str) -> str | None:
    """``RUS`` (country level) or ``RUS MIL`` (sector level); None for an actor without a code
    ("militants", "a magnitude 7.8 earthquake"): it names no country or organisation."""
    if not actor.code:
        return None
    if level == "sector" and actor.sector:
        return f"{actor.code} {actor.sector}"
    return actor.code


def dyad_pairs(event: FusedEvent, level: str) -> list[tuple[str, str]]:
    """The (actor, recipient) keys an event counts for, each once (coded actors only)."""
    actors = sorted({k for a in event.actor if (k := actor_key(a, level))})
    recipients = sorted({k for r in event.recipient if (k := actor_key(r, level))})
    if actors and recipients:
        return [(a, r) for a in actors for r in recipients]
    if len(actors) >= 2 and not recipients:
        return list(combinations(actors, 2))
    return []


def event_weights(event: FusedEvent) -> tuple[float, float]:
    """(conflict weight, cooperation weight) of one fused event.

    The magnitude is |intensity| (PLOVER intensity, about 0-10), or the quad's default when the
    intensity is unknown; the side is the quad (3, 4 conflict; 1, 2 cooperation), or the sign
    of the intensity when the quad is unknown (negative = conflict).
    """
    quad = event.quad
    if event.intensity is not None:
        magnitude = abs(float(event.intensity))
    elif quad in QUAD_DEFAULT_WEIGHT:
        magnitude = QUAD_DEFAULT_WEIGHT[quad]
    else:
        return 0.0, 0.0
    if quad in CONFLICTUAL_QUADS:
        return magnitude, 0.0
    if quad in COOPERATIVE_QUADS:
        return 0.0, magnitude
    if event.intensity is not None and event.intensity < 0:
        return magnitude, 0.0
    if event.intensity is not None and event.intensity > 0:
        return 0.0, magnitude
    return 0.0, 0.0


def counted_events(store: Store, since: str | None = None) -> list[FusedEvent]:
    sql = "SELECT * FROM events WHERE status = 'asserted' AND date IS NOT NULL"
    params: list[Any] = []
    if since:
        sql += " AND date >= ?"
        params.append(since)
    return [fused_event_from_row(r) for r in store.query(sql + " ORDER BY date, id", params)]


def aggregate(events: list[FusedEvent], level: str = "country", actor: str | None = None) -> list[dict]:
    """Daily dyad rows from fused events (no store needed; ``dyad_series`` wraps it)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    cells: dict[tuple[str, str, str], dict[str, Any]] = {}
    for e in events:
        day = _day(e.date)
        if day is None:  # undated, or dated only by a year or month: no day to put it on
            continue
        conflict, coop = event_weights(e)
        articles = {s.article_id for s in e.support}
        for a, r in dyad_pairs(e, level):
            if actor and not (_hit(a, actor) or _hit(r, actor)):
                continue
            cell = cells.setdefault((day, a, r), {
                "date": day, "actor": a, "recipient": r, "level": level, "events": 0,
                "reports": 0, "mentions": 0, "quad1": 0, "quad2": 0, "quad3": 0, "quad4": 0,
                "intensity_sum": 0.0, "intensity_n": 0, "conflict": 0.0, "cooperation": 0.0,
                "event_ids": [],
            })
            cell["events"] += 1
            cell["reports"] += len(articles)
            cell["mentions"] += len(e.mention_ids)
            if e.quad in (1, 2, 3, 4):
                cell[f"quad{e.quad}"] += 1
            if e.intensity is not None:
                cell["intensity_sum"] += float(e.intensity)
                cell["intensity_n"] += 1
            cell["conflict"] += conflict
            cell["cooperation"] += coop
            cell["event_ids"].append(e.id)
    rows = []
    for key in sorted(cells):
        cell = cells[key]
        n = cell.pop("intensity_n")
        cell["intensity_sum"] = round(cell["intensity_sum"], 3)
        cell["intensity_mean"] = round(cell["intensity_sum"] / n, 3) if n else None
        cell["conflict"] = round(cell["conflict"], 3)
        cell["cooperation"] = round(cell["cooperation"], 3)
        cell["pressure"] = round(cell["conflict"] - cell["cooperation"], 3)
        cell["inflation"] = round(cell["reports"] / cell["events"], 3)
        rows.append(cell)
    return rows


def _day(value: str | None) -> str | None:
    if not value or len(value) < 10:
        return None
    try:
        return _date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _hit(key: str, wanted: str) -> bool:
    w = wanted.strip().lower()
    k = key.lower()
    return k == w or k.split(" ")[0] == w


def dyad_series(store: Store, actor: str | None = None, since: str | None = None,
                level: str = "country") -> list[dict]:
    """Per day and dyad: fused events by quad, summed and mean intensity, reports and mentions
    behind them, and the escalation index on that day.

    Columns: date, actor, recipient, level, events, reports, mentions, quad1..quad4,
    intensity_sum, intensity_mean, conflict, cooperation, pressure, inflation (reports per
    event), escalation, event_ids. ``actor`` keeps dyads where that code is either side;
    ``since`` keeps days on or after YYYY-MM-DD.
    """
    rows = aggregate(counted_events(store, since), level=level, actor=actor)
    attach_index(rows)
    return rows


def attach_index(rows: list[dict], half_life_days: float | None = None) -> list[dict]:
    """Set each row's ``escalation``: the index of its dyad on its day.

    The same recursion as ``escalation_index`` evaluated on event days only (the decay over
    a gap of g days is 0.5 ** (g / half_life)), so old events do not cost a row per day.
    """
    if half_life_days is None:
        half_life_days = float(config.get("escalation_half_life_days"))
    if half_life_days <= 0:
        raise ValueError("half_life_days must be positive")
    last: dict[tuple[str, str, str], tuple[_date, float]] = {}
    for r in sorted(rows, key=lambda r: (r.get("level", "country"), r["actor"], r["recipient"], r["date"])):
        key = (r.get("level", "country"), r["actor"], r["recipient"])
        day = _date.fromisoformat(r["date"])
        pressure = r.get("pressure")
        if pressure is None:
            pressure = float(r.get("conflict", 0.0)) - float(r.get("cooperation", 0.0))
        value = float(pressure)
        if key in last:
            prev_day, prev = last[key]
            value += prev * 0.5 ** ((day - prev_day).days / half_life_days)
        last[key] = (day, value)
        r["escalation"] = round(value, 3)
    return rows


def escalation_index(series: list[dict], half_life_days: float | None = None,
                     end: str | None = None) -> list[dict]:
    """Exponentially smoothed daily conflict pressure per dyad (docs/escalation.md).

    For each dyad, on every calendar day from its first row to ``end`` (default: the last day
    in the series), ``escalation[t] = escalation[t-1] * 0.5 ** (1 / half_life) + pressure[t]``
    where ``pressure = conflict - cooperation`` (weights from ``event_weights``; 0 on days
    without events). Positive = conflict dominating recently; one event's weight halves every
    ``half_life_days`` (setting ``escalation_half_life_days``). Fused events, not reports, feed
    it, so ten outlets repeating one strike move it as much as one outlet does.

    Returns one row per dyad and day: date, actor, recipient, level, pressure, escalation.
    """
    if half_life_days is None:
        half_life_days = float(config.get("escalation_half_life_days"))
    if half_life_days <= 0:
        raise ValueError("half_life_days must be positive")
    decay = 0.5 ** (1.0 / half_life_days)
    by_dyad: dict[tuple[str, str, str], dict[str, float]] = defaultdict(dict)
    for r in series:
        pressure = r.get("pressure")
        if pressure is None:
            pressure = float(r.get("conflict", 0.0)) - float(r.get("cooperation", 0.0))
        key = (r.get("level", "country"), r["actor"], r["recipient"])
        by_dyad[key][r["date"]] = by_dyad[key].get(r["date"], 0.0) + float(pressure)
    if not by_dyad:
        return []
    last = _date.fromisoformat(end) if end else max(
        _date.fromisoformat(d) for days in by_dyad.values() for d in days)
    out = []
    for (level, actor, recipient), days in sorted(by_dyad.items()):
        day = min(_date.fromisoformat(d) for d in days)
        value = 0.0
        while day <= last:
            iso = day.isoformat()
            pressure = days.get(iso, 0.0)
            value = value * decay + pressure
            out.append({"date": iso, "actor": actor, "recipient": recipient, "level": level,
                        "pressure": round(pressure, 3), "escalation": round(value, 3)})
            day += timedelta(days=1)
    return out
