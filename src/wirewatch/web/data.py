"""The queries behind the dashboard's pages and JSON API.

Every value that comes from a request is bound as a parameter; table names are picked from
fixed literals, never from input. Fused records (``events``, ``quotes``) are preferred; a
store that has per-article mentions but no fused records yet (fusion not run) still shows
its mentions, so the dashboard is useful from the first batch.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from wirewatch import config
from wirewatch.store import Store, StoreLocked

log = logging.getLogger(__name__)

QUAD_LABELS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
               4: "material conflict"}

# A LIKE pattern is built from user text: escape its wildcards so "50%" means 50%.
_LIKE_ESCAPE = "\\"


def like_pattern(text: str) -> str:
    escaped = (text.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2)
               .replace("%", _LIKE_ESCAPE + "%").replace("_", _LIKE_ESCAPE + "_"))
    return f"%{escaped}%"


def _has_rows(store: Store, table: str) -> bool:
    return bool(store.scalar(f"SELECT count(*) > 0 FROM (SELECT 1 FROM {table} LIMIT 1)"))


def event_table(store: Store) -> str:
    """``events`` (fused) when fusion has run, else ``event_mentions``."""
    return "events" if _has_rows(store, "events") else "event_mentions"


def quote_table(store: Store) -> str:
    return "quotes" if _has_rows(store, "quotes") else "quote_mentions"


def _supports(value: Any) -> list[dict[str, Any]]:
    """Mentions carry one support record, fused records a list: always give a list."""
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    return [s for s in value if isinstance(s, dict)]


def _actors(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    return [a for a in value or [] if isinstance(a, dict) and a.get("name")]


def actor_label(refs: list[dict[str, Any]]) -> str:
    return ", ".join(r["name"] for r in refs) if refs else "—"


def _cited(row: dict[str, Any]) -> dict[str, Any]:
    """Support always a list, plus the articles and publishers behind the record."""
    row["support"] = _supports(row.get("support"))
    row["article_ids"] = sorted({s["article_id"] for s in row["support"] if s.get("article_id")}
                                | ({row["article_id"]} if row.get("article_id") else set()))
    row["publishers"] = sorted({s["publisher"] for s in row["support"] if s.get("publisher")})
    return row


def _normalise_event(row: dict[str, Any]) -> dict[str, Any]:
    row["actor"] = _actors(row.get("actor"))
    row["recipient"] = _actors(row.get("recipient"))
    row["quad_label"] = QUAD_LABELS.get(row.get("quad") or 0, "")
    return _cited(row)


def _normalise_quote(row: dict[str, Any]) -> dict[str, Any]:
    sp = row.get("speaker")
    row["speaker"] = sp if isinstance(sp, dict) and sp.get("name") else None
    row["variants"] = row.get("variants") or []
    return _cited(row)


def _normalise_story(row: dict[str, Any]) -> dict[str, Any]:
    row["article_ids"] = row.get("article_ids") or []
    row["publishers"] = row.get("publishers") or []
    return row


# ------------------------------------------------------------------------------ stories
def _story_filter(q: str | None, since: str | None) -> tuple[str, list[Any]]:
    where, params = [], []
    if q:
        where.append("title ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(q))
    if since:
        where.append("coalesce(last_published, first_published) >= ?")
        params.append(since)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def count_stories(store: Store, q: str | None = None, since: str | None = None) -> int:
    where, params = _story_filter(q, since)
    return int(store.scalar("SELECT count(*) FROM stories" + where, params) or 0)


def list_stories(store: Store, limit: int = 100, offset: int = 0, q: str | None = None,
                 since: str | None = None) -> list[dict[str, Any]]:
    where, params = _story_filter(q, since)
    sql = ("SELECT * FROM stories" + where
           + " ORDER BY first_published DESC NULLS LAST, id LIMIT ? OFFSET ?")
    return [_normalise_story(r) for r in store.query(sql, [*params, limit, offset])]


def stories_by_day(store: Store, limit_days: int = 14) -> list[dict[str, Any]]:
    """Stories grouped by the day they first appeared, newest day first."""
    rows = list_stories(store, limit=2000)
    days: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        days[(r.get("first_published") or "undated")[:10]].append(r)
    ordered = sorted(days, key=lambda d: (d != "undated", d), reverse=True)
    return [{"day": d, "stories": days[d]} for d in ordered[:limit_days]]


def story_counts_per_day(store: Store, span: int = 60) -> list[tuple[str, int]]:
    """New stories per calendar day over the busiest ``span`` days, quiet days included as
    zero so the chart's x axis is time, not a list of busy days."""
    rows = store.query(
        "SELECT substr(first_published, 1, 10) AS day, count(*) AS n FROM stories "
        "WHERE first_published IS NOT NULL GROUP BY day ORDER BY day")
    counts = {r["day"]: r["n"] for r in rows if full_day(r["day"])}
    window = busiest_window({d: float(n) for d, n in counts.items()}, span)
    if window is None:
        return []
    first = date.fromisoformat(min(d for d in counts if d >= window[0]))
    last = date.fromisoformat(window[1])
    span_days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    return [(d.isoformat(), counts.get(d.isoformat(), 0)) for d in span_days]


def get_story(store: Store, story_id: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM stories WHERE id = ?", [story_id])
    return _normalise_story(rows[0]) if rows else None


def story_articles(store: Store, story: dict[str, Any]) -> list[dict[str, Any]]:
    """The story's articles in publication order (its own list, or those pointing at it);
    the same order as the brief's numbered sources, so citations agree."""
    rows = store.query(
        "SELECT * FROM articles WHERE id IN (SELECT unnest(?)) OR story_id = ? "
        "ORDER BY coalesce(published, '9999'), coalesce(publisher, ''), id",
        [story["article_ids"], story["id"]])
    return rows


# ------------------------------------------------------------------------------ articles
def get_article(store: Store, article_id: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM articles WHERE id = ?", [article_id])
    if not rows:
        return None
    art = rows[0]
    art["captions"] = art.get("captions") or []
    art["removed"] = [r if isinstance(r, dict) else {"text": str(r), "reason": ""}
                      for r in art.get("removed") or []]
    art["notes"] = art.get("notes") or []
    art["paragraphs"] = paragraphs(art.get("body") or "")
    return art


def paragraphs(body: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\n\s*\n|\n", body)]
    return [p for p in parts if p]


def article_mentions(store: Store, article_id: str) -> dict[str, list[dict[str, Any]]]:
    events = store.query("SELECT * FROM event_mentions WHERE article_id = ? ORDER BY id",
                         [article_id])
    quotes = store.query("SELECT * FROM quote_mentions WHERE article_id = ? ORDER BY id",
                         [article_id])
    return {"events": [_normalise_event(e) for e in events],
            "quotes": [_normalise_quote(q) for q in quotes]}


# ------------------------------------------------------------------------------ events
def list_events(store: Store, story_id: str | None = None, actor: str | None = None,
                event: str | None = None, since: str | None = None, until: str | None = None,
                limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
    """Events (fused when available) with optional filters; ``actor`` matches as actor or
    recipient, by name or code."""
    table = event_table(store)
    where, params = [], []
    if story_id:
        where.append("e.story_id = ?")
        params.append(story_id)
    if actor:
        where.append(
            "(list_contains(json_extract_string(e.actor, '$[*].name'), ?)"
            " OR list_contains(json_extract_string(e.actor, '$[*].code'), ?)"
            " OR list_contains(json_extract_string(e.recipient, '$[*].name'), ?)"
            " OR list_contains(json_extract_string(e.recipient, '$[*].code'), ?))")
        params += [actor] * 4
    if event:
        where.append("e.event = ?")
        params.append(event)
    day = "coalesce(e.date, s.first_published)"
    if since:
        where.append(f"{day} >= ?")
        params.append(since)
    if until:
        where.append(f"{day} <= ?")
        params.append(until)
    sql = (f"SELECT e.*, {day} AS day, s.title AS story_title FROM {table} e "
           "LEFT JOIN stories s ON s.id = e.story_id")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {day} NULLS LAST, e.id LIMIT ? OFFSET ?"
    return [_normalise_event(r) for r in store.query(sql, [*params, limit, offset])]


def role_of(event: dict[str, Any], actor: str) -> str:
    roles = [name for name, refs in (("actor", event["actor"]), ("recipient", event["recipient"]))
             if any(_is(r, actor) for r in refs)]
    return " & ".join(roles)


# ------------------------------------------------------------------------------ quotes
def list_quotes(store: Store, story_id: str | None = None, speaker: str | None = None,
                q: str | None = None, limit: int = 200, offset: int = 0,
                speaker_like: str | None = None) -> list[dict[str, Any]]:
    """Quotes filtered by story, speaker (exact name or code), words in the text, or words
    in the speaker's name (``speaker_like``)."""
    table = quote_table(store)
    where, params = [], []
    if story_id:
        where.append("story_id = ?")
        params.append(story_id)
    if speaker:
        where.append("(json_extract_string(speaker, '$.name') = ?"
                     " OR json_extract_string(speaker, '$.code') = ?)")
        params += [speaker, speaker]
    if q:
        where.append("text ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(q))
    if speaker_like:
        where.append("json_extract_string(speaker, '$.name') ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(speaker_like))
    sql = f"SELECT * FROM {table}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY story_id NULLS LAST, id LIMIT ? OFFSET ?"
    return [_normalise_quote(r) for r in store.query(sql, [*params, limit, offset])]


def quotes_by_speaker(quotes: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Quotes grouped by speaker: speakers with the most quoted words (direct or partial)
    first, and in each group the quotes in their own words, most widely reported first."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for qt in quotes:
        groups[qt["speaker"]["name"] if qt["speaker"] else "Unattributed"].append(qt)
    def rank(kv: tuple[str, list[dict[str, Any]]]) -> tuple:
        words = sum(q["kind"] != "indirect" for q in kv[1])  # their own words first
        return (kv[0] == "Unattributed", -words, -len(kv[1]), kv[0])

    for qts in groups.values():
        qts.sort(key=lambda q: (q["kind"] == "indirect", -len(q["article_ids"])))
    return sorted(groups.items(), key=rank)


# ------------------------------------------------------------------------------ conflicts
def list_conflicts(store: Store, story_id: str) -> list[dict[str, Any]]:
    rows = store.query("SELECT * FROM conflicts WHERE story_id = ? ORDER BY kind, about",
                       [story_id])
    for r in rows:
        r["sides"] = [s for s in r.get("sides") or [] if isinstance(s, dict)]
    return rows


# ------------------------------------------------------------------------------ dyads
DYAD_LEVELS = ("country", "sector", "actor")


def dyads(store: Store, actor: str | None = None, since: str | None = None,
          level: str = "country", limit: int = 50) -> list[dict[str, Any]]:
    """Actor → recipient pairs by number of events, with how many were conflictual.

    ``country`` and ``sector`` levels come from :func:`wirewatch.dyads.dyad_series` (fused,
    asserted, dated events) when that module loads; ``actor`` (people and bodies by name) and
    the fallback count the events table directly.
    """
    fused = event_table(store) == "events"
    series = _dyad_series(store, actor=actor, since=since, level=level) \
        if level != "actor" and fused else None
    if series is not None:
        return _aggregate_series(series)[:limit]
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for ev in list_events(store, actor=actor, since=since, limit=100_000):
        if not counts_as_happened(ev):
            continue
        for a in ev["actor"] or [{"name": "—"}]:
            for r in ev["recipient"] or [{"name": "—"}]:
                key = (_level_name(a, level), _level_name(r, level))
                if "—" in key or (actor and not (_is(a, actor) or _is(r, actor))):
                    continue
                quad = ev.get("quad") or 0
                _add(pairs, key, events=1, conflict=int(quad >= 3), cooperation=int(quad in (1, 2)),
                     day=full_day(ev.get("day")))
    return _ranked(pairs)[:limit]


def _is(ref: dict[str, Any], name: str) -> bool:
    return name in (ref.get("name"), ref.get("code"))


def counts_as_happened(event: dict[str, Any]) -> bool:
    """The dyads module's counting rule, kept for the fallback: asserted events only (negated,
    future or hypothetical ones did not happen; historical ones belong to another time)."""
    return (event.get("status") or "asserted") == "asserted"


def full_day(value: Any) -> str | None:
    """YYYY-MM-DD or None: a year-only date ("2014") cannot be placed on a daily axis."""
    text = str(value or "")[:10]
    return text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None


def _level_name(ref: dict[str, Any], level: str) -> str:
    name = ref.get("name") or "—"
    if level == "actor":
        return name
    code = ref.get("code") or name
    return f"{code} {ref['sector']}" if level == "sector" and ref.get("sector") else code


def _add(pairs: dict[tuple[str, str], dict[str, Any]], key: tuple[str, str], *, events: int,
         conflict: int, cooperation: int, day: str | None) -> None:
    row = pairs.setdefault(key, {"actor": key[0], "recipient": key[1], "events": 0,
                                 "conflict": 0, "cooperation": 0, "first": None, "last": None})
    row["events"] += events
    row["conflict"] += conflict
    row["cooperation"] += cooperation
    if day:
        row["first"] = min(filter(None, [row["first"], day]))
        row["last"] = max(filter(None, [row["last"], day]))


def _ranked(pairs: dict[tuple[str, str], dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(pairs.values(), key=lambda r: (-r["events"], r["actor"], r["recipient"]))


def optional(module: str, name: str) -> Callable[..., Any] | None:
    """A function from a sibling module that may not be there (or may not import yet).

    The brief, dyads and timeline modules are views of their own; the dashboard uses them when
    they load and falls back to its own plainer queries when they do not, logging why.
    """
    try:
        return getattr(importlib.import_module(module), name)
    except Exception as exc:  # noqa: BLE001 - ImportError, or a module broken at import
        log.warning("%s.%s unavailable (%s): using the dashboard's fallback", module, name, exc)
        return None


_REPORTED: set[tuple[str, str, str, str]] = set()


def call_optional(module: str, name: str, *args: Any, **kwargs: Any) -> Any | None:
    """Call an optional sibling function; None when it is missing or fails on this store.

    A failure in another view (say, an odd date it cannot parse) must cost the page one
    section, not the whole page; it is logged with its traceback. A locked store is not such
    a failure: it propagates and becomes a 503.
    """
    fn = optional(module, name)
    if fn is None:
        return None
    try:
        return fn(*args, **kwargs)
    except StoreLocked:
        raise
    except Exception as exc:  # noqa: BLE001 - degrade to the dashboard's own query
        key = (module, name, type(exc).__name__, str(exc))
        if key not in _REPORTED:  # once per distinct failure, not on every page view
            _REPORTED.add(key)
            log.exception("%s.%s failed: using the dashboard's fallback", module, name)
        return None


def _dyad_series(store: Store, actor: str | None = None, since: str | None = None,
                 level: str = "country") -> list[dict[str, Any]] | None:
    """The dyads module's daily rows, once per request (the overview needs them twice).

    ``aggregate(counted_events(...))`` gives ``dyad_series``'s rows without the escalation
    column, which ``dyad_series`` computes for every calendar day since the oldest event and
    which the tables here do not use; the chart computes it for the days it draws.
    """
    memo: dict[Any, Any] = getattr(store, "memo", {})
    key = ("dyad rows", actor, since, level)
    if key not in memo:
        events = call_optional("wirewatch.dyads", "counted_events", store, since)
        rows = None if events is None else call_optional(
            "wirewatch.dyads", "aggregate", events, level=level, actor=actor)
        if rows is None:
            rows = call_optional("wirewatch.dyads", "dyad_series", store, actor=actor,
                                 since=since, level=level)
        memo[key] = None if rows is None else list(rows)
    return memo[key]


def _aggregate_series(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (actor, recipient) from the dyads module's per-day rows (quad counts)."""
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for rec in series:
        _add(pairs, (str(rec["actor"]), str(rec["recipient"])), events=int(rec["events"]),
             conflict=int(rec.get("quad3", 0)) + int(rec.get("quad4", 0)),
             cooperation=int(rec.get("quad1", 0)) + int(rec.get("quad2", 0)),
             day=str(rec["date"])[:10] if rec.get("date") else None)
    return _ranked(pairs)


def escalation(store: Store, top: int = 4, days_shown: int = 90
               ) -> tuple[str, list[str], dict[str, list[float]]]:
    """Escalation over time: (what is plotted, days, one series per line).

    With the dyads module: its escalation index (smoothed conflict minus cooperation pressure)
    for the ``top`` most active country dyads, one line each, every calendar day. Without it:
    the share of each day's events that are conflictual (PLOVER quad 3 or 4), in percent — a
    plain figure that needs no calibration. Either way only the busiest ``days_shown`` days
    are drawn (see :func:`busiest_window`).
    """
    fused = event_table(store) == "events"
    series = _dyad_series(store, level="country") if fused else None
    dated = [r for r in series or [] if full_day(r["date"])]
    per_day: Counter[str] = Counter()
    for rec in dated:
        per_day[rec["date"]] += int(rec.get("events", 1))
    window = busiest_window(dict(per_day), days_shown)
    index, leaders = None, []
    if window:
        # the most active dyads of the window drawn, not of all time
        leaders = [(d["actor"], d["recipient"]) for d in _aggregate_series(
            [r for r in dated if window[0] <= r["date"] <= window[1]])[:top]]
        mine = [r for r in dated if (r["actor"], r["recipient"]) in leaders]
        # The index decays by half every half-life: history older than LEAD_IN_HALF_LIVES of
        # them before the window changes nothing visible, so it is left out of the sum.
        lead_in = (date.fromisoformat(window[0]) - timedelta(
            days=LEAD_IN_HALF_LIVES * _half_life_days())).isoformat()
        recent = [r for r in mine if lead_in <= r["date"] <= window[1]]
        index = call_optional("wirewatch.dyads", "escalation_index", recent, end=window[1])
    if series and index is not None:
        rows = [r for r in index if (r["actor"], r["recipient"]) in leaders]
        days = _within(sorted({d for r in rows if (d := full_day(r["date"]))}), window)
        lines: dict[str, list[float]] = {}
        for a, r in leaders:
            values = {x["date"]: float(x["escalation"]) for x in rows
                      if (x["actor"], x["recipient"]) == (a, r)}
            lines[f"{a} → {r}"] = [values.get(d, 0.0) for d in days]
        return "escalation index (smoothed conflict − cooperation)", days, lines
    conflict: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for ev in list_events(store, limit=100_000):
        day = full_day(ev.get("day"))
        quad = ev.get("quad")
        if not day or not quad or not counts_as_happened(ev):
            continue
        total[day] += 1
        conflict[day] += quad >= 3
    days = _within(sorted(total), busiest_window(dict(total), days_shown))
    name = "conflictual events, % of the day's events"
    return name, days, {name: [100.0 * conflict[d] / total[d] for d in days]}


LEAD_IN_HALF_LIVES = 10  # 0.5 ** 10 < 0.1 %: what older events still add to the index


def _half_life_days() -> float:
    try:
        return float(config.get("escalation_half_life_days"))
    except KeyError:  # the dyads module's setting is not there: its documented default
        return 7.0


def busiest_window(weights: dict[str, float], span: int) -> tuple[str, str] | None:
    """The ``span``-day window (first, last day) holding the most weight, latest on ties.

    One stray date (an anniversary, a misread year) must not stretch a daily chart over
    decades, nor hide the weeks where the events are: the chart shows where most of them fall.
    """
    days = sorted(d for d in weights if full_day(d))
    if not days:
        return None
    ordinal = [date.fromisoformat(d).toordinal() for d in days]
    best, best_at, total, lo = -1.0, 0, 0.0, 0
    for hi, day in enumerate(ordinal):
        total += weights[days[hi]]
        while day - ordinal[lo] >= span:
            total -= weights[days[lo]]
            lo += 1
        if total >= best:
            best, best_at = total, hi
    end = date.fromordinal(ordinal[best_at])
    return (end - timedelta(days=span - 1)).isoformat(), end.isoformat()


def _within(days: list[str], window: tuple[str, str] | None) -> list[str]:
    return [d for d in days if window and window[0] <= d <= window[1]]


def timeline_order(store: Store, events: list[dict[str, Any]], story_id: str
                   ) -> list[dict[str, Any]]:
    """The story's events in the timeline module's order (date, then most reported) when it
    loads; undated events, which it leaves out, follow at the end."""
    rows = call_optional("wirewatch.timeline", "timeline", store, story_id=story_id)
    if rows is None:
        return events
    order = {row["id"]: i for i, row in enumerate(rows)}
    return sorted(events, key=lambda e: (order.get(e["id"], len(order)), e.get("day") or "",
                                         e["id"]))


def actor_activity(events: list[dict[str, Any]], actor: str, span: int = 90
                   ) -> tuple[list[str], dict[str, list[float]]]:
    """Per-day counts of events with ``actor`` as actor and as recipient, over the busiest
    ``span`` days, every calendar day of them (quiet days are zero, not skipped)."""
    as_actor: Counter[str] = Counter()
    as_recipient: Counter[str] = Counter()
    for ev in events:
        day = full_day(ev.get("day"))
        if not day:
            continue
        role = role_of(ev, actor)
        as_actor[day] += "actor" in role.split(" & ")
        as_recipient[day] += "recipient" in role.split(" & ")
    window = busiest_window(dict(as_actor + as_recipient), span)
    if window is None:
        return [], {"as actor": [], "as recipient": []}
    active = as_actor + as_recipient
    first = date.fromisoformat(min(d for d in active if d >= window[0]))
    last = date.fromisoformat(window[1])
    days = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    return days, {"as actor": [float(as_actor[d]) for d in days],
                  "as recipient": [float(as_recipient[d]) for d in days]}


def known_actor(store: Store, name: str) -> dict[str, Any] | None:
    """The first actor record carrying this name or code, for the actor page heading."""
    for table in ("events", "event_mentions"):
        for col in ("actor", "recipient"):
            rows = store.query(
                f"SELECT {col} FROM {table} WHERE "
                f"list_contains(json_extract_string({col}, '$[*].name'), ?) OR "
                f"list_contains(json_extract_string({col}, '$[*].code'), ?) LIMIT 1",
                [name, name])
            for row in rows:
                for ref in _actors(row[col]):
                    if name in (ref.get("name"), ref.get("code")):
                        return ref
    rows = store.query(
        "SELECT speaker FROM quote_mentions WHERE json_extract_string(speaker, '$.name') = ? "
        "LIMIT 1", [name])
    return rows[0]["speaker"] if rows else None


# ------------------------------------------------------------------------------ search
def search(store: Store, q: str, limit: int = 50) -> dict[str, list[dict[str, Any]]]:
    """Titles (stories and articles), quotes and actors containing ``q``, case-insensitive."""
    pat = like_pattern(q)
    stories = store.query(
        "SELECT id, title, publishers, first_published FROM stories "
        "WHERE title ILIKE ? ESCAPE '\\' ORDER BY first_published DESC NULLS LAST LIMIT ?",
        [pat, limit])
    articles = store.query(
        "SELECT id, title, publisher, published, story_id FROM articles "
        "WHERE title ILIKE ? ESCAPE '\\' ORDER BY published DESC NULLS LAST LIMIT ?",
        [pat, limit])
    said = list_quotes(store, q=q, limit=limit)
    seen = {qt["id"] for qt in said}
    quotes = said + [qt for qt in list_quotes(store, speaker_like=q, limit=limit)
                     if qt["id"] not in seen]
    names: Counter[tuple[str, str]] = Counter()
    table = event_table(store)
    rows = store.query(
        f"SELECT actor, recipient FROM {table} WHERE actor ILIKE ? ESCAPE '\\' "
        "OR recipient ILIKE ? ESCAPE '\\'", [pat, pat])
    needle = q.casefold()
    for row in rows:
        for ref in _actors(row["actor"]) + _actors(row["recipient"]):
            if needle in ref["name"].casefold() or needle in (ref.get("code") or "").casefold():
                names[(ref["name"], ref.get("code") or "")] += 1
    qtable = quote_table(store)
    for row in store.query(
            f"SELECT speaker FROM {qtable} "
            "WHERE json_extract_string(speaker, '$.name') ILIKE ? ESCAPE '\\'", [pat]):
        for ref in _actors(row["speaker"]):
            names[(ref["name"], ref.get("code") or "")] += 1
    actors = [{"name": n, "code": c, "mentions": k}
              for (n, c), k in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))][:limit]
    return {"stories": stories, "articles": articles, "quotes": quotes, "actors": actors}


def list_alerts(store: Store, limit: int = 200) -> list[dict[str, Any]]:
    """Alerts raised by ``wirewatch watch``, newest first (empty before any watcher ran)."""
    rows = store.query("SELECT id, raised_at, rule, kind, message, payload FROM alerts "
                       "ORDER BY raised_at DESC, id LIMIT ?", [limit])
    for r in rows:
        r["raised_at"] = str(r["raised_at"])[:19]
        r["story_id"] = (r.get("payload") or {}).get("story_id")
    return rows
