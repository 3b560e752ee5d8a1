"""Store row dict -> record dataclass converters.

``Store.query`` returns plain dicts with the JSON columns already decoded into lists and
dicts. The corpus stages (fusion, briefs, dyads, exports) and the dashboard want the typed
records back, with nested ``ActorRef`` and ``Support`` objects, so that they can be handled
exactly like records that came straight out of the per-article stages. Keeping the conversion
in one place means a schema change is fixed once. Unknown keys (``seq``, ``ingested_at``) are
ignored; missing optional keys take the dataclass default.
"""

from __future__ import annotations

import json
from typing import Any

from wirewatch.types import (
    ActorRef,
    Article,
    Claim,
    Conflict,
    ConflictSide,
    EventMention,
    FusedClaim,
    FusedEvent,
    FusedQuote,
    Quote,
    RemovedSpan,
    Story,
    Support,
)


def _json(value: Any) -> Any:
    """Decode a JSON column that may still be text (rows read by raw DuckDB, not Store)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def actor_from_dict(value: Any) -> ActorRef | None:
    value = _json(value)
    if value is None:
        return None
    if isinstance(value, ActorRef):
        return value
    if isinstance(value, str):  # a bare name
        return ActorRef(name=value)
    return ActorRef(
        name=value.get("name") or "",
        code=value.get("code"),
        sector=value.get("sector"),
        role=value.get("role"),
    )


def actors_from_list(value: Any) -> list[ActorRef]:
    value = _json(value)
    out = []
    for item in value or []:
        ref = actor_from_dict(item)
        if ref is not None:
            out.append(ref)
    return out


def support_from_dict(value: Any) -> Support:
    value = _json(value)
    if isinstance(value, Support):
        return value
    return Support(
        article_id=value.get("article_id") or "",
        sentence=value.get("sentence") or "",
        start=int(value.get("start") or 0),
        end=int(value.get("end") or 0),
        caption=bool(value.get("caption") or False),
        caption_index=value.get("caption_index"),
        publisher=value.get("publisher"),
    )


def supports_from_value(value: Any) -> list[Support]:
    """A support column: a list of Support dicts, or one dict (event mentions store one)."""
    value = _json(value)
    if value is None:
        return []
    if isinstance(value, dict):
        return [support_from_dict(value)]
    return [support_from_dict(v) for v in value]


def _str_list(value: Any) -> list[str]:
    value = _json(value)
    return [str(v) for v in value or []]


def article_from_row(row: dict[str, Any]) -> Article:
    return Article(
        id=row["id"],
        source_id=row.get("source_id") or "",
        body=row.get("body") or "",
        title=row.get("title"),
        publisher=row.get("publisher"),
        author=row.get("author"),
        published=row.get("published"),
        url=row.get("url"),
        language=row.get("language"),
        captions=_str_list(row.get("captions")),
        dateline=row.get("dateline"),
        removed=[RemovedSpan(text=r.get("text", ""), reason=r.get("reason", ""))
                 for r in _json(row.get("removed")) or []],
        format=row.get("format") or "text",
        story_id=row.get("story_id"),
        duplicate_of=row.get("duplicate_of"),
        notes=_str_list(row.get("notes")),
    )


def story_from_row(row: dict[str, Any]) -> Story:
    return Story(
        id=row["id"],
        title=row.get("title") or "",
        article_ids=_str_list(row.get("article_ids")),
        publishers=[p for p in (_json(row.get("publishers")) or []) if p is not None],
        first_published=row.get("first_published"),
        last_published=row.get("last_published"),
    )


def event_mention_from_row(row: dict[str, Any]) -> EventMention:
    supports = supports_from_value(row.get("support"))
    support = supports[0] if supports else Support(row["article_id"], "", 0, 0)
    return EventMention(
        id=row["id"],
        article_id=row["article_id"],
        event=row["event"],
        actor=actors_from_list(row.get("actor")),
        recipient=actors_from_list(row.get("recipient")),
        support=support,
        mode=row.get("mode"),
        cameo_root=row.get("cameo_root"),
        quad=row.get("quad"),
        intensity=row.get("intensity"),
        intensity_scale=row.get("intensity_scale") or "plover-intensity",
        date=row.get("date"),
        date_basis=row.get("date_basis"),
        location=row.get("location"),
        status=row.get("status") or "asserted",
        trigger=row.get("trigger"),
        story_id=row.get("story_id"),
    )


def quote_from_row(row: dict[str, Any]) -> Quote:
    return Quote(
        id=row["id"],
        article_id=row["article_id"],
        text=row.get("text") or "",
        kind=row.get("kind") or "direct",
        speaker=actor_from_dict(row.get("speaker")),
        support=supports_from_value(row.get("support")),
        verb=row.get("verb"),
        story_id=row.get("story_id"),
    )


def claim_from_row(row: dict[str, Any]) -> Claim:
    return Claim(
        id=row["id"],
        article_id=row["article_id"],
        value=float(row.get("value") or 0.0),
        text=row.get("text") or "",
        support=supports_from_value(row.get("support")),
        unit=row.get("unit"),
        qualifier=row.get("qualifier"),
        subject=row.get("subject"),
        speaker=actor_from_dict(row.get("speaker")),
        date=row.get("date"),
        story_id=row.get("story_id"),
    )


def fused_event_from_row(row: dict[str, Any]) -> FusedEvent:
    return FusedEvent(
        id=row["id"],
        story_id=row.get("story_id"),
        event=row.get("event") or "",
        actor=actors_from_list(row.get("actor")),
        recipient=actors_from_list(row.get("recipient")),
        support=supports_from_value(row.get("support")),
        mention_ids=_str_list(row.get("mention_ids")),
        mode=row.get("mode"),
        cameo_root=row.get("cameo_root"),
        quad=row.get("quad"),
        intensity=row.get("intensity"),
        date=row.get("date"),
        location=row.get("location"),
        status=row.get("status") or "asserted",
    )


def fused_quote_from_row(row: dict[str, Any]) -> FusedQuote:
    return FusedQuote(
        id=row["id"],
        story_id=row.get("story_id"),
        text=row.get("text") or "",
        kind=row.get("kind") or "direct",
        speaker=actor_from_dict(row.get("speaker")),
        support=supports_from_value(row.get("support")),
        quote_ids=_str_list(row.get("quote_ids")),
        variants=_str_list(row.get("variants")),
        verb=row.get("verb"),
    )


def fused_claim_from_row(row: dict[str, Any]) -> FusedClaim:
    return FusedClaim(
        id=row["id"],
        story_id=row.get("story_id"),
        value=float(row.get("value") or 0.0),
        text=row.get("text") or "",
        support=supports_from_value(row.get("support")),
        claim_ids=_str_list(row.get("claim_ids")),
        unit=row.get("unit"),
        qualifier=row.get("qualifier"),
        subject=row.get("subject"),
        speaker=actor_from_dict(row.get("speaker")),
        date=row.get("date"),
    )


def conflict_from_row(row: dict[str, Any]) -> Conflict:
    sides = []
    for side in _json(row.get("sides")) or []:
        sides.append(ConflictSide(
            value=str(side.get("value", "")),
            article_ids=_str_list(side.get("article_ids")),
            publishers=[p for p in side.get("publishers") or [] if p is not None],
            sentences=_str_list(side.get("sentences")),
        ))
    return Conflict(
        id=row["id"],
        story_id=row.get("story_id") or "",
        kind=row.get("kind") or "",
        about=row.get("about") or "",
        sides=sides,
    )


def fetch_dicts(cursor: Any) -> list[dict[str, Any]]:
    """Rows of an executed DuckDB cursor as dicts, JSON columns decoded like ``Store.query``.

    For reads inside an open write transaction (``store.transaction()``), where
    ``Store.query`` cannot be used because it would open a second connection.
    """
    from wirewatch.store import JSON_COLUMNS

    names = [d[0] for d in cursor.description or []]
    out = []
    for row in cursor.fetchall():
        rec = dict(zip(names, row, strict=True))
        for key in names:
            if key in JSON_COLUMNS and isinstance(rec[key], str):
                rec[key] = _json(rec[key])
        out.append(rec)
    return out
