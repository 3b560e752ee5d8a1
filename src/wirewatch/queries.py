"""Read-side queries shared by the CLI, the Python API and the dashboard.

Each returns plain dicts (JSON columns decoded) in a stable order. Filters are always bound
parameters.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from wirewatch.store import Store

ARTICLE_COLUMNS = "id, source_id, publisher, title, published, language, story_id, duplicate_of, url, format, notes"


def articles(store: Store, full: bool = False, story: str | None = None) -> list[dict[str, Any]]:
    cols = ARTICLE_COLUMNS + (", body, captions, dateline, author" if full else "")
    where, params = ("WHERE story_id = ?", [story]) if story else ("", [])
    rows = store.query(f"SELECT {cols} FROM articles {where} ORDER BY published NULLS LAST, seq", params)
    srcs = store.query("SELECT article_id, source_id FROM sources ORDER BY source_id")
    by_article: dict[str, list[str]] = {}
    for s in srcs:
        by_article.setdefault(s["article_id"], []).append(s["source_id"])
    for r in rows:
        r["sources"] = by_article.get(r["id"], [r["source_id"]])
    return rows


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM articles WHERE id = ? OR source_id = ?", [article_id, article_id])
    if not rows:
        rows = store.query(
            "SELECT a.* FROM articles a JOIN sources s ON s.article_id = a.id WHERE s.source_id = ?",
            [article_id],
        )
    if not rows:
        return None
    row = rows[0]
    row.pop("seq", None)
    row["ingested_at"] = str(row.get("ingested_at"))
    row["sources"] = [r["source_id"] for r in store.query(
        "SELECT source_id FROM sources WHERE article_id = ? ORDER BY source_id", [row["id"]])]
    return row


def rejects(store: Store) -> list[dict[str, Any]]:
    rows = store.query("SELECT path, record_no, reason, run_id, rejected_at FROM rejects ORDER BY rejected_at, path, record_no")
    for r in rows:
        r["rejected_at"] = str(r["rejected_at"])
    return rows


def stories(store: Store) -> list[dict[str, Any]]:
    return store.query(
        "SELECT id, title, article_ids, publishers, first_published, last_published FROM stories "
        "ORDER BY first_published NULLS LAST, id"
    )


def story(store: Store, story_id: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM stories WHERE id = ?", [story_id])
    return rows[0] if rows else None


def _mentions(store: Store, table: str, story: str | None, order: str) -> list[dict[str, Any]]:
    where, params = ("WHERE story_id = ?", [story]) if story else ("", [])
    return store.query(f"SELECT * FROM {table} {where} ORDER BY {order}", params)


def event_mentions(store: Store, story: str | None = None) -> list[dict[str, Any]]:
    return _mentions(store, "event_mentions", story, "date NULLS LAST, article_id, id")


def events(store: Store, story: str | None = None) -> list[dict[str, Any]]:
    rows = _mentions(store, "events", story, "date NULLS LAST, id")
    for r in rows:
        support = r.get("support") or []
        # as in dyads and timelines: reports = distinct articles; outlets = distinct publishers
        r["reports"] = len({s.get("article_id") for s in support})
        r["outlets"] = len({s.get("publisher") or s.get("article_id") for s in support})
    return rows


def quote_mentions(store: Store, story: str | None = None) -> list[dict[str, Any]]:
    return _mentions(store, "quote_mentions", story, "article_id, id")


def quotes(store: Store, story: str | None = None) -> list[dict[str, Any]]:
    return _mentions(store, "quotes", story, "story_id, id")


def claim_mentions(store: Store, story: str | None = None) -> list[dict[str, Any]]:
    return _mentions(store, "claim_mentions", story, "article_id, id")


def claims(store: Store, story: str | None = None) -> list[dict[str, Any]]:
    return _mentions(store, "claims", story, "story_id, id")


def conflicts(store: Store, story: str | None = None) -> list[dict[str, Any]]:
    return _mentions(store, "conflicts", story, "story_id, id")


def actors(store: Store) -> list[dict[str, Any]]:
    """Resolved actors with how often they appear as actor, recipient and speaker."""
    counts: Counter[tuple[str, str | None, str | None]] = Counter()
    as_actor: Counter[tuple[str, str | None, str | None]] = Counter()
    as_recipient: Counter[tuple[str, str | None, str | None]] = Counter()
    as_speaker: Counter[tuple[str, str | None, str | None]] = Counter()

    def key(a: dict[str, Any]) -> tuple[str, str | None, str | None]:
        return (a.get("name") or "", a.get("code"), a.get("sector"))

    for e in store.query("SELECT actor, recipient FROM event_mentions"):
        for a in e.get("actor") or []:
            as_actor[key(a)] += 1
            counts[key(a)] += 1
        for a in e.get("recipient") or []:
            as_recipient[key(a)] += 1
            counts[key(a)] += 1
    for q in store.query("SELECT speaker FROM quote_mentions WHERE speaker IS NOT NULL"):
        sp = q.get("speaker")
        if sp:
            as_speaker[key(sp)] += 1
            counts[key(sp)] += 1
    return [
        {"name": k[0], "code": k[1], "sector": k[2], "mentions": n, "as_actor": as_actor[k],
         "as_recipient": as_recipient[k], "as_speaker": as_speaker[k]}
        for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    ]
