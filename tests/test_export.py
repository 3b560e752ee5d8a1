"""Exports open in DuckDB and pandas with the documented columns; PLOVER and GeoJSON records;
the gazetteer data file loads."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from wirewatch import gazetteer
from wirewatch.export import FORMATS, TABLES, export, plover_records
from wirewatch.fuse import update_fusion
from wirewatch.store import (
    Store,
    insert_article,
    insert_claim_mention,
    insert_event_mention,
    insert_quote_mention,
    replace_stories,
)
from wirewatch.types import ActorRef, Article, Claim, EventMention, Quote, Story, Support

ROOT = Path(__file__).resolve().parents[1]
RUS = ActorRef("Russian forces", "RUS", "MIL")
UKR = ActorRef("Ukrainian civilians", "UKR", "CVL")
LAVROV = ActorRef("Sergey Lavrov", "RUS", "GOV", "foreign minister")
GBR = ActorRef("Liz Truss", "GBR", "GOV", "foreign secretary")


def _m(id_, art, event, actor, recipient, sentence, location=None, status="asserted", quad=4,
       intensity=-9.0) -> EventMention:
    return EventMention(id=id_, article_id=art, event=event, actor=actor, recipient=recipient,
                        support=Support(art, sentence, 0, len(sentence)), date="2022-03-01",
                        date_basis="weekday", location=location, status=status, quad=quad,
                        intensity=intensity, mode="artillery" if event == "ASSAULT" else None)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    st = Store(str(tmp_path_factory.mktemp("exp") / "e.duckdb"))
    with st.transaction() as con:
        insert_article(con, Article(id="a1", source_id="s1", body="Shells hit Kharkiv. \u201cQuote,\u201d he said.",
                                    title="Kharkiv shelled", publisher="Harbor Daily",
                                    published="2022-03-01", url="https://h.example/1",
                                    captions=["A caption, with a comma"], language="en"), 0)
        insert_article(con, Article(id="a2", source_id="s2", body="Kharkiv came under fire.",
                                    title="Fire in Kharkiv", publisher="Coastal Post",
                                    published="2022-03-01"), 1)
        insert_event_mention(con, _m("m1", "a1", "ASSAULT", [RUS], [UKR], "Shells hit Kharkiv.", "Kharkiv"))
        insert_event_mention(con, _m("m2", "a2", "ASSAULT", [RUS], [UKR], "Kharkiv came under fire.", "Kharkiv"))
        insert_event_mention(con, _m("m3", "a2", "CONSULT", [LAVROV, GBR], [], "Lavrov met Truss.",
                                     "Moscow", quad=1, intensity=1.0))
        insert_event_mention(con, _m("m4", "a1", "ASSAULT", [RUS], [UKR], "Russia denied shelling Odesa.",
                                     "Odesa", status="denied"))
        insert_event_mention(con, _m("m5", "a1", "THREATEN", [RUS], [UKR], "Russia may strike again.",
                                     "Atlantis", status="future", quad=3, intensity=-5.0))
        insert_quote_mention(con, Quote("q1", "a1", "We will hold the city", "direct", None,
                                        [Support("a1", "\u201cWe will hold the city,\u201d he said.", 0, 10)], "said"))
        insert_claim_mention(con, Claim("c1", "a1", 5, "five", [Support("a1", "Five died.", 0, 10)],
                                        unit="killed", date="2022-03-01"))
        insert_claim_mention(con, Claim("c2", "a2", 12, "12", [Support("a2", "Twelve died.", 0, 10)],
                                        unit="people killed", date="2022-03-01"))
        replace_stories(con, [Story("st1", "Kharkiv shelling", ["a1", "a2"],
                                    ["Harbor Daily", "Coastal Post"], "2022-03-01", "2022-03-01")])
    update_fusion(st)
    return st


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_tables_open_in_duckdb_and_pandas_with_documented_columns(store: Store, tmp_path, fmt) -> None:
    paths = export(store, fmt, tmp_path)
    assert sorted(p.name for p in paths) == sorted(f"{t}.{fmt}" for t in TABLES)
    con = duckdb.connect()
    for table, spec in TABLES.items():
        path = tmp_path / f"{table}.{fmt}"
        columns = [c for c, _ in spec]
        reader = {"parquet": "read_parquet", "csv": "read_csv_auto", "jsonl": "read_json_auto"}[fmt]
        rel = con.sql(f"SELECT * FROM {reader}('{path}')")
        assert rel.columns == columns, (table, fmt)
        frame = {"parquet": pd.read_parquet, "csv": pd.read_csv,
                 "jsonl": lambda p: pd.read_json(p, lines=True)}[fmt](path)
        assert list(frame.columns) == columns, (table, fmt)
    events = con.sql(f"SELECT report_count, mention_count, article_ids, event FROM "
                     f"{ {'parquet': 'read_parquet', 'csv': 'read_csv_auto', 'jsonl': 'read_json_auto'}[fmt] }"
                     f"('{tmp_path / ('events.' + fmt)}') WHERE event = 'ASSAULT' ORDER BY report_count DESC").fetchall()
    assert events[0][0] == 2 and events[0][1] == 2
    ids = events[0][2]
    assert (json.loads(ids) if isinstance(ids, str) else ids) == ["a1", "a2"]


def test_mentions_link_to_their_fused_event(store: Store, tmp_path) -> None:
    export(store, "parquet", tmp_path)
    con = duckdb.connect()
    rows = con.sql(
        f"SELECT m.id, e.id FROM read_parquet('{tmp_path / 'event_mentions.parquet'}') m "
        f"JOIN read_parquet('{tmp_path / 'events.parquet'}') e ON m.fused_event_id = e.id "
        f"WHERE m.id IN ('m1', 'm2')").fetchall()
    assert len(rows) == 2 and rows[0][1] == rows[1][1]
    # JSON text columns decode in DuckDB
    codes = con.sql(f"SELECT json_extract_string(actor, '$[0].code') FROM "
                    f"read_parquet('{tmp_path / 'events.parquet'}') WHERE event = 'ASSAULT'").fetchall()
    assert {c[0] for c in codes} == {"RUS"}


def test_csv_round_trips_commas_and_quotes(store: Store, tmp_path) -> None:
    export(store, "csv", tmp_path)
    arts = pd.read_csv(tmp_path / "articles.csv")
    row = arts[arts["id"] == "a1"].iloc[0]
    assert json.loads(row["captions"]) == ["A caption, with a comma"]
    assert "\u201cQuote,\u201d" in row["body"]


def test_conflicts_export(store: Store, tmp_path) -> None:
    export(store, "jsonl", tmp_path)
    lines = [json.loads(x) for x in (tmp_path / "conflicts.jsonl").read_text().splitlines()]
    assert len(lines) == 1 and lines[0]["kind"] == "number" and lines[0]["side_count"] == 2
    assert {s["value"] for s in lines[0]["sides"]} == {"5", "12"}


def test_plover_records_follow_the_spec_field_names(store: Store, tmp_path) -> None:
    (path,) = export(store, "plover", tmp_path)
    assert path.name == "plover.jsonl"
    recs = [json.loads(x) for x in path.read_text().splitlines()]
    assert recs == plover_records(store)
    assert all(r["event"] != "ASSAULT" or r["status"] != "denied" for r in recs)
    assault = next(r for r in recs if r["event"] == "ASSAULT")
    for key in ("id", "date", "actor", "recipient", "event", "mode", "context", "text",
                "quad_code", "event_scale", "event_loc", "event_text", "cite_info"):
        assert key in assault
    assert assault["actor"] == [{"code": "RUS", "sector": "MIL", "identifier_text": "Russian forces"}]
    assert assault["event_loc"]["cc3"] == "UKR" and assault["mode"] == "artillery"
    assert {c["publication"] for c in assault["cite_info"]} == {"Harbor Daily", "Coastal Post"}
    future = next(r for r in recs if r["event"] == "THREATEN")
    assert future["context"] == ["future"] and future["event_loc"] == {"name": "Atlantis"}
    consult = next(r for r in recs if r["event"] == "CONSULT")
    assert {"office": "foreign minister"}.items() <= consult["actor"][0].items() or \
        {"office": "foreign minister"}.items() <= consult["actor"][1].items()
    frame = pd.read_json(path, lines=True)
    assert len(frame) == len(recs)
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM read_json_auto('{path}')").fetchone()[0] == len(recs)


def test_geojson_places_located_events(store: Store, tmp_path) -> None:
    (path,) = export(store, "geojson", tmp_path)
    doc = json.loads(path.read_text())
    assert doc["type"] == "FeatureCollection"
    places = {f["properties"]["place"]: f for f in doc["features"]}
    assert "Atlantis" not in places  # not in the gazetteer: left out, not guessed
    kharkiv = places["Kharkiv"]
    lon, lat = kharkiv["geometry"]["coordinates"]
    assert 49 < lat < 51 and 35 < lon < 37
    assert kharkiv["properties"]["report_count"] == 2
    assert places["Moscow"]["properties"]["event"] == "CONSULT"


def test_unknown_format_is_refused(store: Store, tmp_path) -> None:
    with pytest.raises(ValueError, match="parquet"):
        export(store, "xlsx", tmp_path)
    assert set(FORMATS) == {"parquet", "csv", "jsonl", "plover", "geojson"}


def test_every_exported_column_is_documented() -> None:
    text = (ROOT / "docs" / "schema.md").read_text()
    for table, spec in TABLES.items():
        assert f"## `{table}`" in text, table
        section = text.split(f"## `{table}`", 1)[1].split("\n## ", 1)[0]
        documented = re.findall(r"^\| `(\w+)` \|", section, re.M)
        assert documented == [c for c, _ in spec], table


def test_gazetteer_loads_and_resolves() -> None:
    g = gazetteer.load()
    assert g.version >= 1
    assert len(g.places) > 300
    assert {p.kind for p in g.places} >= {"country", "capital", "city"}
    for p in g.places:
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180 and len(p.cc3) == 3
    assert g.lookup("Kiev").name == "Kyiv"
    assert g.lookup("eastern Ukraine").kind == "country"
    assert g.lookup("Kharkiv, Ukraine").name == "Kharkiv"
    assert g.lookup("STANYTSIA LUHANSKA, Ukraine").name == "Ukraine"  # unknown town: its country
    assert g.lookup("the United States").cc3 == "USA"
    assert g.lookup("Nowhere-on-Sea") is None
    assert not gazetteer.same_place_possible("Kyiv", "Moscow")
    assert gazetteer.same_place_possible("Kyiv", "Ukraine")
    assert gazetteer.same_place_possible("Kyiv", "a village nearby")


def test_empty_store_exports_keep_their_columns(tmp_path) -> None:
    st = Store(str(tmp_path / "empty.duckdb"))
    con = duckdb.connect()
    for fmt, reader in (("parquet", "read_parquet"), ("csv", "read_csv_auto")):
        export(st, fmt, tmp_path / fmt)
        for table, spec in TABLES.items():
            rel = con.sql(f"SELECT * FROM {reader}('{tmp_path / fmt / (table + '.' + fmt)}')")
            assert rel.columns == [c for c, _ in spec]
    (plover,) = export(st, "plover", tmp_path / "p")
    assert plover.read_text() == ""
    (geo,) = export(st, "geojson", tmp_path / "g")
    assert json.loads(geo.read_text()) == {"type": "FeatureCollection", "features": []}
