"""The Python API (``wirewatch.run`` / ``open`` / ``process``): the real pipeline, real DuckDB.

Inputs are written here by hand; the shared sample store (``sample_store``, examples/corpus plus
the seeds) is used where a store with every kind of record is needed.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import wirewatch
from wirewatch import types
from wirewatch.api import COLUMNS, Frame

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}

# Two outlets reporting one afternoon in a made-up port city, and an unrelated story.
TALKS_A = (
    "The foreign ministers of Chile and Peru met in Lima on Monday to discuss a maritime border "
    "dispute that has strained relations for a decade. The Chilean minister said the talks were "
    "constructive. \"We want a lasting solution,\" he told reporters after the meeting. Peruvian "
    "police arrested 40 protesters outside the foreign ministry, officials said."
)
TALKS_B = (
    "Chile's foreign minister met his Peruvian counterpart in Lima on Monday for talks on the "
    "disputed maritime border. Police in Lima detained about 40 demonstrators who gathered "
    "outside the ministry, according to officials. The two governments agreed to meet again in "
    "Santiago next month."
)
FLOOD = (
    "Floods in northern Bangladesh have forced more than 20,000 people from their homes, the "
    "disaster management ministry said on Wednesday. Rescue teams used boats to reach villages "
    "cut off by the rising Teesta river, and the government sent food and drinking water to "
    "the worst-hit districts. \"The water is still rising,\" a local official told reporters."
)
QUAKE = (
    "A magnitude 6.1 earthquake struck off the southern coast of Peru on Thursday, damaging "
    "roads and homes in two provinces, the national emergency institute said. There were no "
    "immediate reports of deaths. Schools in the region were closed while engineers inspected "
    "buildings, and the navy said there was no tsunami threat."
)
RECORDS = [
    {"text": TALKS_A, "title": "Peru and Chile hold border talks in Lima",
     "published": "2024-05-14", "publisher": "Harbor Herald"},
    {"text": TALKS_B, "title": "Chile, Peru ministers meet over sea border",
     "published": "2024-05-14", "publisher": "Andes Daily"},
]


def _check_supports(articles: list[types.Article], supports: list[types.Support]) -> None:
    """Every support points at its sentence inside the article's body (or caption)."""
    bodies = {a.id: a for a in articles}
    for s in supports:
        art = bodies[s.article_id]
        text = art.captions[s.caption_index or 0] if s.caption else art.body
        assert text[s.start:s.end] == s.sentence


# ---------------------------------------------------------------------------- import
def test_import_is_cheap_and_names_resolve() -> None:
    code = ("import sys, wirewatch; print(sorted(m for m in ('pandas', 'spacy', 'duckdb') "
            "if m in sys.modules)); print(wirewatch.__version__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[0] == "[]"
    for name in wirewatch.__all__:
        assert getattr(wirewatch, name) is not None
        assert name in dir(wirewatch)
    with pytest.raises(AttributeError):
        _ = wirewatch.no_such_name  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- process
def test_process_text_in_memory_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "cwd"
    empty.mkdir()
    monkeypatch.chdir(empty)
    monkeypatch.delenv("WIREWATCH_DB", raising=False)
    out = wirewatch.process([TALKS_A])
    assert list(empty.iterdir()) == [], "process() wrote into the working directory"
    assert len(out.articles) == 1 and not out.rejects
    art = out.articles[0]
    assert art.body.startswith("The foreign ministers")
    assert out.events, "no event coded from a meeting and an arrest"
    assert {e.event for e in out.events} <= PLOVER
    assert {"CONSULT", "COERCE"} & {e.event for e in out.events}
    assert all(e.article_id == art.id and e.story_id == art.story_id for e in out.events)
    _check_supports(out.articles, [e.support for e in out.events])
    assert any(q.kind == "direct" and "lasting solution" in q.text for q in out.quotes)
    assert any(c.value == 40 for c in out.claims)
    assert [s.article_ids for s in out.stories] == [[art.id]]


def test_process_records_keep_their_metadata_and_fuse_across_outlets() -> None:
    out = wirewatch.process(RECORDS)
    by_pub = {a.publisher: a for a in out.articles}
    assert set(by_pub) == {"Harbor Herald", "Andes Daily"}
    a = by_pub["Harbor Herald"]
    assert a.title == "Peru and Chile hold border talks in Lima"
    assert a.published == "2024-05-14"
    # one story, both articles; every record carries its article's story
    assert len(out.stories) == 1
    assert sorted(out.stories[0].article_ids) == sorted(x.id for x in out.articles)
    assert {x.story_id for x in [*out.events, *out.quotes, *out.claims]} == {out.stories[0].id}
    # "on Monday" in an article published on Tuesday 2024-05-14 is the day before
    meetings = [e for e in out.events if e.event == "CONSULT" and e.status == "asserted"]
    assert meetings and all(e.date == "2024-05-13" for e in meetings)
    # the arrest/detention reported by both outlets is one fused event with both supports
    both = [f for f in out.fused_events if len({s.article_id for s in f.support}) == 2]
    assert both, "no event fused across the two outlets"
    for f in out.fused_events:
        assert set(f.mention_ids) <= {e.id for e in out.events}
        assert f.story_id == out.stories[0].id
    _check_supports(out.articles, [s for f in out.fused_events for s in f.support])


def test_process_html_and_news_please_records() -> None:
    page = (
        "<!doctype html><html><head><title>Bangladesh floods displace thousands | Delta Wire</title>"
        '<meta property="og:site_name" content="Delta Wire">'
        '<meta property="article:published_time" content="2024-07-03T08:00:00Z"></head>'
        "<body><nav>Home | World | Sport</nav><article><h1>Bangladesh floods displace thousands</h1>"
        f"<p>{FLOOD}</p></article><footer>Copyright 2024 Delta Wire</footer></body></html>"
    )
    crawled = {"maintext": FLOOD.replace("Wednesday", "Tuesday"), "title": "Floods hit Bangladesh",
               "date_publish": "2024-07-02 09:30:00", "source_domain": "riverpost.example"}
    out = wirewatch.process([{"html": page, "url": "https://deltawire.example/floods"}, crawled])
    assert not out.rejects
    html_art, np_art = out.articles
    assert html_art.format == "html" and html_art.body.startswith("Floods in northern Bangladesh")
    assert "Home | World" not in html_art.body and "Copyright" not in html_art.body
    assert (html_art.publisher, html_art.published) == ("Delta Wire", "2024-07-03")
    assert html_art.url == "https://deltawire.example/floods"
    assert (np_art.title, np_art.published) == ("Floods hit Bangladesh", "2024-07-02")
    assert np_art.publisher and "riverpost" in np_art.publisher.lower()


def test_process_returns_the_pipeline_dataclasses() -> None:
    out = wirewatch.process([*RECORDS, FLOOD])
    expected = {
        "articles": types.Article, "events": types.EventMention, "quotes": types.Quote,
        "claims": types.Claim, "stories": types.Story, "fused_events": types.FusedEvent,
        "fused_quotes": types.FusedQuote, "fused_claims": types.FusedClaim,
        "conflicts": types.Conflict, "rejects": types.Reject,
    }
    for name, cls in expected.items():
        for rec in getattr(out, name):
            assert isinstance(rec, cls), (name, type(rec))
            d = rec.to_dict()
            assert set(d) == {f for f in cls.__dataclass_fields__}
            json.dumps(d)  # plain data all the way down
    assert out.events and out.quotes and out.claims and out.fused_events
    assert isinstance(out.to_dict()["events"][0]["support"], dict)
    # the flood is its own story
    assert len(out.stories) == 2
    assert any(c.value == 20000 for c in out.claims)


def test_process_marks_a_repeated_text_as_a_copy() -> None:
    again = dict(RECORDS[0], publisher="Coastal Post", published="2024-05-15")
    out = wirewatch.process([RECORDS[0], again])
    first, second = sorted(out.articles, key=lambda a: a.published or "")
    assert first.id != second.id  # different outlets: two articles ...
    assert second.duplicate_of == first.id  # ... the later one a copy of the earlier
    assert first.story_id == second.story_id


def test_process_rejects_unusable_items() -> None:
    out = wirewatch.process(["", FLOOD])
    assert len(out.articles) == 1 and len(out.rejects) == 1
    assert out.rejects[0].reason
    with pytest.raises(TypeError):
        wirewatch.process([42])  # type: ignore[list-item]


# ---------------------------------------------------------------------------- run + open
@pytest.fixture(scope="module")
def small_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    for n, rec in enumerate(RECORDS, start=1):
        (folder / f"{n}.jsonl").write_text(json.dumps(rec) + "\n")
    (folder / "flood.txt").write_text("Bangladesh floods displace thousands\n\n" + FLOOD + "\n")
    (folder / "empty.txt").write_text("")
    return folder


def test_run_a_folder_then_open_it(small_folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    summary = wirewatch.run(str(small_folder), db=str(db))
    assert (summary.articles, summary.rejects) == (3, 1)
    assert summary.stories == 2 and summary.events > 0
    store = wirewatch.open(str(db))
    arts = store.articles()
    assert isinstance(arts, Frame) and isinstance(arts, pd.DataFrame)
    assert sorted(arts.publisher.dropna()) == ["Andes Daily", "Harbor Herald"]
    assert len(store.stories()) == 2
    assert len(store.events(mentions=True)) == summary.events
    assert len(store.events()) == summary.fused_events
    assert store.rejects().path.str.endswith("empty.txt").tolist() == [True]
    # a rerun adds nothing
    again = wirewatch.run([str(small_folder)], db=str(db))
    assert again.articles == 0 and len(wirewatch.open(str(db)).articles()) == 3
    # an open Store sees what a later run adds (it holds no connection between calls)
    extra = tmp_path / "later.txt"
    extra.write_text("Quake shakes Peru coast\n\n" + QUAKE + "\n")
    assert wirewatch.run([str(extra)], db=str(db)).articles == 1
    assert len(store.articles()) == 4


def _same(stored: object, fresh: object) -> bool:
    missing = stored is None or (isinstance(stored, float) and math.isnan(stored))
    return (missing and fresh is None) or stored == fresh


def test_process_gives_the_records_a_run_stores(small_folder: Path, tmp_path: Path) -> None:
    """The in-memory path and the store path are one pipeline: same ids, same fields."""
    db = str(tmp_path / "same.duckdb")
    wirewatch.run([str(small_folder)], db=db)
    store = wirewatch.open(db)
    flood = (small_folder / "flood.txt").read_text()
    out = wirewatch.process([*RECORDS, flood])
    pairs = [("articles", store.articles(), out.articles),
             ("stories", store.stories(), out.stories),
             ("mentions", store.events(mentions=True), out.events),
             ("events", store.events(), out.fused_events),
             ("quotes", store.quotes(), out.fused_quotes),
             ("claims", store.claims(), out.fused_claims),
             ("conflicts", store.conflicts(), out.conflicts)]
    for name, frame, records in pairs:
        assert sorted(frame.id) == sorted(r.id for r in records), name
    rows = {r["id"]: r for r in store.events(mentions=True).to_dict("records")}
    for e in out.events:
        for key, value in e.to_dict().items():
            assert _same(rows[e.id][key], value), (e.id, key)


def test_open_a_missing_store_fails_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        wirewatch.open(str(tmp_path / "nope.duckdb"))
    assert list(tmp_path.iterdir()) == []


def test_cli_built_store_reads_from_a_plain_python_script(small_folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    env = {**os.environ, "WIREWATCH_DB": ""}
    built = subprocess.run([str(BIN / "wirewatch"), "run", str(small_folder), "--db", str(db)],
                           capture_output=True, text=True, env=env)
    assert built.returncode == 0, built.stderr[-3000:]
    code = f"import wirewatch; s = wirewatch.open({str(db)!r}); print(s.events().head())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = [ln for ln in out.stdout.splitlines() if ln.strip()]
    assert "id" in lines[0].split() and "story_id" in lines[0].split()
    events = wirewatch.open(str(db)).events()
    assert len(events) > 0
    shown = [ln.split()[1] for ln in lines[1:] if ln.split()[0].isdigit()]
    assert shown == events.id.head().tolist()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".duckdb") == ["cli.duckdb"]


# ---------------------------------------------------------------------------- Store methods
CALLS = {
    "articles": lambda s: s.articles(),
    "articles(full=True)": lambda s: s.articles(full=True),
    "stories": lambda s: s.stories(),
    "events": lambda s: s.events(),
    "events(mentions=True)": lambda s: s.events(mentions=True),
    "quotes": lambda s: s.quotes(),
    "quotes(mentions=True)": lambda s: s.quotes(mentions=True),
    "claims": lambda s: s.claims(),
    "claims(mentions=True)": lambda s: s.claims(mentions=True),
    "conflicts": lambda s: s.conflicts(),
    "rejects": lambda s: s.rejects(),
    "actors": lambda s: s.actors(),
    "dyads": lambda s: s.dyads(),
    "timeline": lambda s: s.timeline(),
}


def test_every_documented_table_has_a_call() -> None:
    assert set(CALLS) == set(COLUMNS)


@pytest.fixture(scope="module")
def store(sample_store: Path) -> wirewatch.Store:
    return wirewatch.open(str(sample_store))


@pytest.mark.parametrize("kind", sorted(CALLS))
def test_method_returns_a_frame_with_the_documented_columns(store: wirewatch.Store, kind: str) -> None:
    df = CALLS[kind](store)
    assert isinstance(df, Frame)
    assert list(df.columns) == list(COLUMNS[kind])
    assert len(df) > 0, f"{kind}: nothing from the sample corpus"
    assert isinstance(df.head(2), Frame)  # slicing keeps the conversions


@pytest.mark.parametrize("kind", sorted(CALLS))
def test_empty_store_gives_empty_frames_with_the_columns(tmp_path: Path, kind: str) -> None:
    from wirewatch.store import Store as Writer

    db = tmp_path / "empty.duckdb"
    Writer(str(db))  # creates the schema, nothing else
    df = CALLS[kind](wirewatch.open(str(db)))
    assert isinstance(df, Frame) and len(df) == 0
    assert list(df.columns) == list(COLUMNS[kind])


def test_story_filters_and_nested_cells(store: wirewatch.Store) -> None:
    stories = store.stories()
    biggest = stories.loc[stories.article_ids.map(len).idxmax()]
    events = store.events(story=biggest.id)
    assert len(events) > 0 and set(events.story_id) == {biggest.id}
    assert len(events) < len(store.events())
    assert set(store.articles(story=biggest.id).id) == set(biggest.article_ids)
    for _, row in events.iterrows():
        assert isinstance(row.actor, list) and isinstance(row.support, list)
        assert row.reports == len({s["article_id"] for s in row.support})
        assert row.outlets == len({s.get("publisher") or s["article_id"] for s in row.support})
        assert set(s["article_id"] for s in row.support) <= set(biggest.article_ids)
    mentions = store.events(mentions=True)
    fused_ids = {m for ids in store.events().mention_ids for m in ids}
    assert fused_ids <= set(mentions.id)


def test_timeline_and_dyads_agree_with_events(store: wirewatch.Store) -> None:
    tl = store.timeline()
    assert tl.date.notna().all() and list(tl.date) == sorted(tl.date)
    assert set(tl.id) <= set(store.events().id)
    dy = store.dyads()
    actor = dy.actor.iloc[0]
    only = store.dyads(actor=actor)
    assert len(only) > 0 and ((only.actor == actor) | (only.recipient == actor)).all()


def test_sql_is_read_only(store: wirewatch.Store, sample_store: Path) -> None:
    n = store.sql("SELECT count(*) AS n FROM articles").n.iloc[0]
    assert n == len(store.articles())
    pub = store.articles().publisher.dropna().iloc[0]
    got = store.sql("SELECT publisher FROM articles WHERE publisher = ?", [pub])
    assert isinstance(got, Frame) and set(got.publisher) == {pub}
    with pytest.raises(duckdb.Error):
        store.sql("INSERT INTO rejects (path, reason) VALUES ('x', 'y')")
    with pytest.raises(duckdb.Error):
        store.sql("DROP TABLE articles")
    assert store.sql("SELECT count(*) AS n FROM articles").n.iloc[0] == n
    assert store.sql("SELECT count(*) AS n FROM rejects WHERE path = 'x'").n.iloc[0] == 0


def test_arrow_and_polars(store: wirewatch.Store) -> None:
    import polars as pl
    import pyarrow as pa

    events = store.events()
    table = events.arrow()
    assert isinstance(table, pa.Table)
    assert table.num_rows == len(events) and table.column_names == list(events.columns)
    # nested cells travel as JSON text and decode back to the same values
    assert [json.loads(v) for v in table.column("actor").to_pylist()] == events.actor.tolist()
    assert table.column("quad").type == pa.int64()
    frame = events.polars()
    assert isinstance(frame, pl.DataFrame)
    assert frame.shape == events.shape and frame.columns == list(events.columns)
    assert frame["id"].to_list() == events.id.tolist()
    empty = Frame(columns=list(COLUMNS["events"])).arrow()
    assert empty.num_rows == 0 and empty.column_names == list(COLUMNS["events"])


def test_to_geojson_is_a_feature_collection_of_located_events(store: wirewatch.Store, sample_store: Path) -> None:
    from wirewatch import export
    from wirewatch.store import Store as Reader

    events = store.events()
    doc = store.events().to_geojson()
    json.dumps(doc, allow_nan=False)  # strict JSON: no NaN for missing values
    assert doc["type"] == "FeatureCollection" and doc["features"]
    located = set(events[events.location.notna()].id)
    for f in doc["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and not math.isnan(lon)
        assert f["properties"]["id"] in located
        assert f["properties"]["quad"] is None or type(f["properties"]["quad"]) is int
    # the same events the file export places on the map
    exported = export.geojson_features(Reader(str(sample_store), read_only=True))
    assert {f["properties"]["id"] for f in doc["features"]} == {f["properties"]["id"] for f in exported}


def test_brief(store: wirewatch.Store) -> None:
    stories = store.stories()
    sid = stories.loc[stories.article_ids.map(len).idxmax(), "id"]
    data = store.brief(sid)
    assert isinstance(data, dict) and data["sources"]
    text = store.brief(sid, markdown=True)
    assert isinstance(text, str) and text.startswith("# ") and "[1]" in text
    with pytest.raises(KeyError):
        store.brief("no-such-story")
