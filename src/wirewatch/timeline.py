"""Timelines: the dated fused events of a story, or of an actor across stories, in order.

Fused events, not mentions, so a happening reported by ten outlets is one line (with its report
count) and a timeline reads like a chronology rather than a news feed.
"""

from __future__ import annotations

from typing import Any

from wirewatch.fuse import actor_label
from wirewatch.rows import fused_event_from_row
from wirewatch.store import Store
from wirewatch.types import ActorRef, FusedEvent


def _matches(actors: list[ActorRef], wanted: str) -> bool:
    w = wanted.lower()
    return any((a.code or "").lower() == w or (a.name or "").lower() == w for a in actors)


def _row(e: FusedEvent) -> dict[str, Any]:
    body = [s for s in e.support if not s.caption and s.sentence] or e.support
    return {
        "date": e.date,
        "event": e.event,
        "mode": e.mode,
        "actor": actor_label(e.actor) if e.actor else "",
        "recipient": actor_label(e.recipient) if e.recipient else "",
        "status": e.status,
        "location": e.location,
        "quad": e.quad,
        "intensity": e.intensity,
        "reports": len({s.article_id for s in e.support}),
        "mentions": len(e.mention_ids),
        "sentence": body[0].sentence if body else "",
        "story_id": e.story_id,
        "id": e.id,
    }


def timeline(store: Store, story_id: str | None = None, actor: str | None = None) -> list[dict]:
    """Dated fused events in date order (then most-reported first).

    ``story_id`` restricts to one story; ``actor`` (a code such as ``RUS`` or an exact actor
    name) to events where it is actor or recipient. Undated events are left out: a timeline
    cannot place them.
    """
    sql = "SELECT * FROM events WHERE date IS NOT NULL"
    params: list[Any] = []
    if story_id is not None:
        sql += " AND story_id = ?"
        params.append(story_id)
    events = [fused_event_from_row(r) for r in store.query(sql, params)]
    if actor:
        events = [e for e in events if _matches(e.actor, actor) or _matches(e.recipient, actor)]
    rows = [_row(e) for e in events]
    rows.sort(key=lambda r: (r["date"], -r["reports"], r["event"], r["id"]))
    return rows
