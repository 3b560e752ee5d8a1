"""Exports: the store's tables as files other tools open (parquet, csv, jsonl, PLOVER, GeoJSON).

One file per table, with a fixed, documented column list (docs/schema.md) rather than
whatever the store happens to hold, so an analysis written against an export keeps working
when the store gains columns. Lists and nested records are JSON text in parquet and csv (the
same text the store holds, decodable with ``json.loads`` / DuckDB's ``json`` functions) and
nested JSON values in jsonl. A few derived columns save every analyst the same work:
report and mention counts, actor codes as plain strings, and each mention's fused event id.

``plover`` writes fused events as PLOVER JSON records (one per line, the format the PLOVER
specification recommends); ``geojson`` writes the fused events whose place the gazetteer
knows, as points.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from wirewatch import __version__, gazetteer
from wirewatch.store import Store

FORMATS = ("parquet", "csv", "jsonl", "plover", "geojson")

# column name -> type: string | int | float | json (list/object; JSON text in parquet and csv)
STRING, INT, FLOAT, JSON = "string", "int", "float", "json"

TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("id", STRING), ("source_id", STRING), ("title", STRING), ("publisher", STRING),
        ("author", STRING), ("published", STRING), ("url", STRING), ("language", STRING),
        ("body", STRING), ("captions", JSON), ("dateline", STRING), ("removed", JSON),
        ("format", STRING), ("story_id", STRING), ("duplicate_of", STRING), ("notes", JSON),
        ("seq", INT), ("ingested_at", STRING),
    ],
    "stories": [
        ("id", STRING), ("title", STRING), ("article_ids", JSON), ("publishers", JSON),
        ("first_published", STRING), ("last_published", STRING), ("article_count", INT),
        ("publisher_count", INT),
    ],
    "events": [
        ("id", STRING), ("story_id", STRING), ("event", STRING), ("mode", STRING),
        ("cameo_root", STRING), ("quad", INT), ("intensity", FLOAT), ("actor", JSON),
        ("recipient", JSON), ("actor_codes", STRING), ("recipient_codes", STRING),
        ("date", STRING), ("location", STRING), ("status", STRING), ("mention_ids", JSON),
        ("support", JSON), ("article_ids", JSON), ("publishers", JSON), ("report_count", INT),
        ("mention_count", INT),
    ],
    "event_mentions": [
        ("id", STRING), ("article_id", STRING), ("story_id", STRING), ("fused_event_id", STRING),
        ("event", STRING), ("mode", STRING), ("cameo_root", STRING), ("quad", INT),
        ("intensity", FLOAT), ("intensity_scale", STRING), ("actor", JSON), ("recipient", JSON),
        ("actor_codes", STRING), ("recipient_codes", STRING), ("date", STRING),
        ("date_basis", STRING), ("location", STRING), ("status", STRING), ("trigger", STRING),
        ("support", JSON),
    ],
    "quotes": [
        ("id", STRING), ("story_id", STRING), ("text", STRING), ("kind", STRING),
        ("speaker", JSON), ("speaker_name", STRING), ("speaker_code", STRING), ("verb", STRING),
        ("variants", JSON), ("quote_ids", JSON), ("support", JSON), ("report_count", INT),
    ],
    "claims": [
        ("id", STRING), ("story_id", STRING), ("value", FLOAT), ("text", STRING),
        ("unit", STRING), ("qualifier", STRING), ("subject", STRING), ("speaker", JSON),
        ("date", STRING), ("claim_ids", JSON), ("support", JSON), ("report_count", INT),
    ],
    "conflicts": [
        ("id", STRING), ("story_id", STRING), ("kind", STRING), ("about", STRING),
        ("sides", JSON), ("side_count", INT),
    ],
}

# columns read from the store (the rest are derived below)
_STORED = {
    "articles": ["id", "source_id", "title", "publisher", "author", "published", "url",
                 "language", "body", "captions", "dateline", "removed", "format", "story_id",
                 "duplicate_of", "notes", "seq", "ingested_at"],
    "stories": ["id", "title", "article_ids", "publishers", "first_published", "last_published"],
    "events": ["id", "story_id", "event", "mode", "cameo_root", "quad", "intensity", "actor",
               "recipient", "date", "location", "status", "mention_ids", "support"],
    "event_mentions": ["id", "article_id", "story_id", "event", "mode", "cameo_root", "quad",
                       "intensity", "intensity_scale", "actor", "recipient", "date",
                       "date_basis", "location", "status", "trigger", "support"],
    "quotes": ["id", "story_id", "text", "kind", "speaker", "verb", "variants", "quote_ids",
               "support"],
    "claims": ["id", "story_id", "value", "text", "unit", "qualifier", "subject", "speaker",
               "date", "claim_ids", "support"],
    "conflicts": ["id", "story_id", "kind", "about", "sides"],
}
_ORDER = {"articles": "seq, id", "event_mentions": "article_id, id"}

_ARROW = {STRING: pa.string(), INT: pa.int64(), FLOAT: pa.float64(), JSON: pa.string()}


def _codes(actors: Any) -> str | None:
    codes = []
    for a in actors or []:
        code = (a or {}).get("code") or (a or {}).get("name")
        if code and code not in codes:
            codes.append(code)
    return "|".join(codes) if codes else None


def _support_list(value: Any) -> list[dict]:
    if value is None:
        return []
    return [value] if isinstance(value, dict) else list(value)


def _derive(table: str, row: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    if table == "articles" and row.get("ingested_at") is not None:
        row["ingested_at"] = str(row["ingested_at"])
    if table == "stories":
        row["article_count"] = len(row.get("article_ids") or [])
        row["publisher_count"] = len({p for p in row.get("publishers") or [] if p})
    if table in ("events", "event_mentions"):
        row["actor_codes"] = _codes(row.get("actor"))
        row["recipient_codes"] = _codes(row.get("recipient"))
    if table in ("events", "quotes", "claims"):
        supports = _support_list(row.get("support"))
        articles = sorted({str(s["article_id"]) for s in supports if s.get("article_id")})
        row["report_count"] = len(articles)
        if table == "events":
            row["article_ids"] = articles
            row["publishers"] = sorted({s.get("publisher") for s in supports if s.get("publisher")})
            row["mention_count"] = len(row.get("mention_ids") or [])
    if table == "event_mentions":
        row["fused_event_id"] = extra.get(row["id"])
    if table == "quotes":
        speaker = row.get("speaker") or {}
        row["speaker_name"] = speaker.get("name")
        row["speaker_code"] = speaker.get("code")
    if table == "conflicts":
        row["side_count"] = len(row.get("sides") or [])
    return row


def table_rows(store: Store, table: str) -> list[dict[str, Any]]:
    """The rows of one export table, JSON columns decoded, derived columns added."""
    cols = ", ".join(_STORED[table])
    order = _ORDER.get(table, "id")
    rows = store.query(f"SELECT {cols} FROM {table} ORDER BY {order}")
    extra: dict[str, Any] = {}
    if table == "event_mentions":
        for ev in store.query("SELECT id, mention_ids FROM events ORDER BY id"):
            for mid in ev["mention_ids"] or []:
                extra.setdefault(mid, ev["id"])
    names = [c for c, _ in TABLES[table]]
    return [{c: _derive(table, r, extra).get(c) for c in names} for r in rows]


def _flat(value: Any, kind: str) -> Any:
    if kind == JSON:
        return None if value is None else json.dumps(value, ensure_ascii=False)
    if value is None:
        return None
    if kind == INT:
        return int(value)
    if kind == FLOAT:
        return float(value)
    return str(value)


def _write_parquet(path: Path, table: str, rows: list[dict]) -> None:
    spec = TABLES[table]
    schema = pa.schema([(c, _ARROW[k]) for c, k in spec])
    arrays = [pa.array([_flat(r[c], k) for r in rows], type=_ARROW[k]) for c, k in spec]
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path)


def _write_csv(path: Path, table: str, rows: list[dict]) -> None:
    spec = TABLES[table]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c for c, _ in spec])
        for r in rows:
            writer.writerow(["" if (v := _flat(r[c], k)) is None else v for c, k in spec])


def _write_jsonl(path: Path, table: str, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")


def export_tables(store: Store, fmt: str, out: Path) -> list[Path]:
    writer: Callable[[Path, str, list[dict]], None] = {
        "parquet": _write_parquet, "csv": _write_csv, "jsonl": _write_jsonl}[fmt]
    written = []
    for table in TABLES:
        path = out / f"{table}.{fmt}"
        writer(path, table, table_rows(store, table))
        written.append(path)
    return written


# ------------------------------------------------------------------------------- PLOVER
# PLOVER context values for the statuses that are not plain assertions.
STATUS_CONTEXT = {"future": "future", "historical": "historical", "hypothetical": "hypothetical"}
PLOVER_STATUSES = ("asserted", "historical", "future", "hypothetical")


def _plover_actor(a: dict) -> dict:
    out: dict[str, Any] = {"code": a.get("code"), "sector": a.get("sector")}
    if a.get("name"):
        out["identifier_text"] = a["name"]
    if a.get("role"):
        out["office"] = a["role"]
    return {k: v for k, v in out.items() if v is not None}


def _event_loc(location: str | None) -> dict | None:
    place = gazetteer.lookup(location)
    if place is None:
        return {"name": location} if location else None
    return {"name": place.name, "latitude": place.lat, "longitude": place.lon, "cc3": place.cc3,
            "feature_class": place.kind, "text": location}


def plover_records(store: Store) -> list[dict[str, Any]]:
    """Fused events as PLOVER records (negated and denied events are not events: left out)."""
    arts = {r["id"]: r for r in store.query("SELECT id, url, title, publisher, language FROM articles")}
    out = []
    for e in table_rows(store, "events"):
        if e["status"] not in PLOVER_STATUSES:
            continue
        supports = _support_list(e["support"])
        actors = [_plover_actor(a) for a in e["actor"] or []]
        rec: dict[str, Any] = {
            "id": e["id"],
            "has_event": True,
            "date": e["date"],
            "actor": actors,
            "source": actors,
            "recipient": [_plover_actor(a) for a in e["recipient"] or []],
            "event": e["event"],
            "mode": e["mode"],
            "context": [STATUS_CONTEXT[e["status"]]] if e["status"] in STATUS_CONTEXT else [],
            "quad_code": e["quad"],
            "event_scale": e["intensity"],
            "event_loc": _event_loc(e["location"]),
            "event_text": [s.get("sentence") for s in supports if s.get("sentence")],
            "text": next((s.get("sentence") for s in supports if s.get("sentence")), None),
            "link": e["story_id"],
            "cite_info": [{
                "corpus": "wirewatch",
                "citation": aid,
                "url": (arts.get(aid) or {}).get("url"),
                "title": (arts.get(aid) or {}).get("title"),
                "publication": (arts.get(aid) or {}).get("publisher"),
                "language": (arts.get(aid) or {}).get("language"),
            } for aid in e["article_ids"]],
            "coder": f"wirewatch {__version__}",
            "status": e["status"],
            "cameo_root": e["cameo_root"],
            "story_id": e["story_id"],
            "mention_ids": e["mention_ids"],
            "report_count": e["report_count"],
        }
        out.append(rec)
    return out


def _write_plover(store: Store, out: Path) -> list[Path]:
    path = out / "plover.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for rec in plover_records(store):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return [path]


# ------------------------------------------------------------------------------ GeoJSON
def geojson_features(store: Store) -> list[dict[str, Any]]:
    """Fused events whose location the gazetteer places, as GeoJSON point features."""
    features = []
    for e in table_rows(store, "events"):
        place = gazetteer.lookup(e["location"])
        if place is None:
            continue
        features.append({
            "type": "Feature",
            "id": e["id"],
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {
                "id": e["id"], "story_id": e["story_id"], "date": e["date"], "event": e["event"],
                "mode": e["mode"], "quad": e["quad"], "intensity": e["intensity"],
                "status": e["status"], "actor_codes": e["actor_codes"],
                "recipient_codes": e["recipient_codes"], "location": e["location"],
                "place": place.name, "place_kind": place.kind, "cc3": place.cc3,
                "report_count": e["report_count"], "mention_count": e["mention_count"],
            },
        })
    return features


def _write_geojson(store: Store, out: Path) -> list[Path]:
    path = out / "events.geojson"
    doc = {"type": "FeatureCollection", "features": geojson_features(store)}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return [path]


def export(store: Store, fmt: str, out_dir: str | Path) -> list[Path]:
    """Write the store to ``out_dir`` in ``fmt``; returns the files written.

    parquet | csv | jsonl: one file per table (``articles``, ``stories``, ``events``,
    ``event_mentions``, ``quotes``, ``claims``, ``conflicts``), named ``<table>.<fmt>``.
    plover: ``plover.jsonl``. geojson: ``events.geojson``.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "plover":
        return _write_plover(store, out)
    if fmt == "geojson":
        return _write_geojson(store, out)
    return export_tables(store, fmt, out)

