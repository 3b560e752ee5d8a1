"""The dashboard's pages and JSON API over a hand-built store (FastAPI TestClient).

The store is written with the store's own writers, from sentences written for these tests:
two stories reported by two outlets each, plus a hostile article whose title, body, publisher,
quote and actor carry HTML/script payloads.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wirewatch import store as store_mod
from wirewatch.store import Store
from wirewatch.types import (
    ActorRef,
    Article,
    Conflict,
    ConflictSide,
    EventMention,
    FusedEvent,
    FusedQuote,
    Quote,
    RemovedSpan,
    Story,
    Support,
)
from wirewatch.web import create_app
from wirewatch.web.app import make_env

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE_TITLE = f"Breaking {SCRIPT} news"
HOSTILE_PUBLISHER = f"Evil {IMG} Press"
HOSTILE_ACTOR = f"Mallory {SCRIPT}"

NOR = ActorRef("Norway", "NOR", "GOV")
SWE = ActorRef("Sweden", "SWE", "GOV")
SOLBERG = ActorRef("Ingrid Solberg", "NOR", "GOV", "foreign minister")
ARMY = ActorRef("Ruritanian army", "RUR", "MIL")
BORDURIA = ActorRef("Borduria", "BOR", "GOV")

ARTICLES = [
    # story A: two outlets, one detail only the second carries
    dict(id="a1", publisher="Northern Wire", published="2026-03-02", story="sA",
         title="Norway and Sweden agree to resume fisheries talks",
         body="OSLO - Norway and Sweden agreed on Monday to resume talks on fishing quotas in "
              "the Skagerrak.\n\nForeign Minister Ingrid Solberg said the talks would start "
              "next week in Gothenburg.\n\n\"We have found common ground,\" Solberg said.",
         captions=["Fishing boats in the harbour of Bergen."],
         removed=[RemovedSpan("Subscribe to our newsletter", "furniture"),
                  RemovedSpan("Copyright 2026 Northern Wire", "copyright")]),
    dict(id="a2", publisher="Harbor Times", published="2026-03-03", story="sA",
         title="Nordic neighbours return to the table over fish",
         body="Norway and Sweden agreed on Monday to resume talks on fishing quotas in the "
              "Skagerrak, officials said.\n\nThe last round collapsed in 2024 after a dispute "
              "over mackerel stocks worth 40 million euros.\n\n\"We have found common ground,\" "
              "Solberg told reporters."),
    # a syndicated copy of a2 on another site: listed under a2, corroborates nothing
    dict(id="a3", publisher="Coastal Courier", published="2026-03-03", story="sA",
         duplicate_of="a2", title="Fish talks to resume", body="COPY"),
    # story B: a military escalation over three days
    dict(id="b1", publisher="Northern Wire", published="2026-03-04", story="sB",
         title="Ruritania masses troops near Bordurian border",
         body="The Ruritanian army moved about 12,000 troops to the border with Borduria on "
              "Wednesday.\n\nBorduria accused Ruritania of preparing an invasion and demanded "
              "an immediate withdrawal."),
    dict(id="b2", publisher="Harbor Times", published="2026-03-05", story="sB",
         title="Borduria warns Ruritania as troops gather",
         body="Ruritania has sent some 15,000 soldiers toward the Bordurian frontier.\n\n"
              "Borduria demanded an immediate withdrawal and warned of consequences."),
    # a hostile article: every text field carries markup
    dict(id="x1", publisher=HOSTILE_PUBLISHER, published="2026-03-05", story="sX",
         title=HOSTILE_TITLE,
         body=f"This body carries {SCRIPT} and {IMG} payloads and must show them as text.",
         captions=[f"Caption {IMG}"], removed=[RemovedSpan(SCRIPT, "furniture")]),
]


def _support(aid: str, sentence: str, publisher: str) -> Support:
    return Support(article_id=aid, sentence=sentence, start=0, end=len(sentence),
                   publisher=publisher)


def build_sample_store(path: Path) -> Path:
    """Write the sample store with the store's writers; returns its path."""
    st_ = Store(str(path))
    pubs = {a["id"]: a["publisher"] for a in ARTICLES}
    bodies = {a["id"]: a["body"] for a in ARTICLES}
    with st_.transaction() as con:
        for seq, a in enumerate(ARTICLES):
            store_mod.insert_article(con, Article(
                id=a["id"], source_id="src-" + a["id"],
                body=bodies[a.get("duplicate_of", a["id"])], title=a["title"],
                publisher=a["publisher"], published=a["published"], language="en",
                captions=a.get("captions", []), removed=a.get("removed", []),
                story_id=a["story"], duplicate_of=a.get("duplicate_of")), seq)
        stories = [
            Story("sA", ARTICLES[0]["title"], ["a1", "a2", "a3"],
                  ["Coastal Courier", "Harbor Times", "Northern Wire"], "2026-03-02", "2026-03-03"),
            Story("sB", ARTICLES[3]["title"], ["b1", "b2"], ["Harbor Times", "Northern Wire"],
                  "2026-03-04", "2026-03-05"),
            Story("sX", HOSTILE_TITLE, ["x1"], [HOSTILE_PUBLISHER], "2026-03-05", "2026-03-05"),
        ]
        store_mod.replace_stories(con, stories)
        mentions = [
            ("m1", "a1", "sA", "AGREE", 1, [NOR], [SWE], "2026-03-02",
             "Norway and Sweden agreed on Monday to resume talks"),
            ("m2", "a2", "sA", "AGREE", 1, [NOR], [SWE], "2026-03-02",
             "Norway and Sweden agreed on Monday to resume talks"),
            ("m3", "b1", "sB", "MOBILIZE", 4, [ARMY], [BORDURIA], "2026-03-04",
             "The Ruritanian army moved about 12,000 troops to the border"),
            ("m4", "b1", "sB", "ACCUSE", 3, [BORDURIA], [ARMY], "2026-03-04",
             "Borduria accused Ruritania of preparing an invasion"),
            ("m5", "b2", "sB", "DEMAND", 3, [BORDURIA], [ARMY], "2026-03-05",
             "Borduria demanded an immediate withdrawal"),
            ("m6", "x1", "sX", "THREATEN", 3, [ActorRef(HOSTILE_ACTOR, "XXX")], [NOR],
             "2026-03-05", f"This body carries {SCRIPT}"),
        ]
        for mid, aid, sid, ev, quad, act, rec, date, sent in mentions:
            store_mod.insert_event_mention(con, EventMention(
                id=mid, article_id=aid, story_id=sid, event=ev, quad=quad, actor=act,
                recipient=rec, date=date, support=_support(aid, sent, pubs[aid])))
        fused = [
            FusedEvent("e1", "sA", "AGREE", [NOR], [SWE],
                       [_support("a1", mentions[0][8], pubs["a1"]),
                        _support("a2", mentions[1][8], pubs["a2"])], ["m1", "m2"],
                       quad=1, date="2026-03-02"),
            FusedEvent("e2", "sB", "MOBILIZE", [ARMY], [BORDURIA],
                       [_support("b1", mentions[2][8], pubs["b1"])], ["m3"], quad=4,
                       date="2026-03-04"),
            FusedEvent("e3", "sB", "ACCUSE", [BORDURIA], [ARMY],
                       [_support("b1", mentions[3][8], pubs["b1"])], ["m4"], quad=3,
                       date="2026-03-04"),
            FusedEvent("e4", "sB", "DEMAND", [BORDURIA], [ARMY],
                       [_support("b2", mentions[4][8], pubs["b2"])], ["m5"], quad=3,
                       date="2026-03-05"),
            FusedEvent("e5", "sX", "THREATEN", [ActorRef(HOSTILE_ACTOR, "XXX")], [NOR],
                       [_support("x1", mentions[5][8], pubs["x1"])], ["m6"], quad=3,
                       date="2026-03-05"),
        ]
        q1 = Quote("qm1", "a1", "We have found common ground", "direct", SOLBERG,
                   [_support("a1", '"We have found common ground," Solberg said.', pubs["a1"])],
                   verb="said", story_id="sA")
        q2 = Quote("qm2", "a2", "We have found common ground", "direct", SOLBERG,
                   [_support("a2", '"We have found common ground," Solberg told reporters.',
                             pubs["a2"])], verb="told", story_id="sA")
        q3 = Quote("qm3", "x1", f"I will {IMG} you", "direct", ActorRef(HOSTILE_ACTOR),
                   [_support("x1", "payload", pubs["x1"])], story_id="sX")
        for q in (q1, q2, q3):
            store_mod.insert_quote_mention(con, q)
        quotes = [
            FusedQuote("fq1", "sA", "We have found common ground", "direct", SOLBERG,
                       q1.support + q2.support, ["qm1", "qm2"], verb="said"),
            FusedQuote("fq3", "sX", q3.text, "direct", q3.speaker, q3.support, ["qm3"]),
        ]
        conflicts = [Conflict("c1", "sB", "number", "troops", [
            ConflictSide("about 12,000", ["b1"], ["Northern Wire"],
                         ["The Ruritanian army moved about 12,000 troops to the border"]),
            ConflictSide("some 15,000", ["b2"], ["Harbor Times"],
                         ["Ruritania has sent some 15,000 soldiers toward the frontier"]),
        ])]
        store_mod.replace_fused(con, ["sA", "sB", "sX"], fused, quotes, [], conflicts)
    return path


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_store(tmp_path_factory.mktemp("web") / "sample.duckdb")


@pytest.fixture(scope="module")
def client(sample_db: Path) -> TestClient:
    return TestClient(create_app(str(sample_db)), base_url="http://127.0.0.1")


# ------------------------------------------------------------------------------ pages
def test_overview_lists_stories_dyads_and_charts(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    html = r.text
    assert "Norway and Sweden agree to resume fisheries talks" in html
    assert 'href="/stories/sB"' in html
    # the dyads table counts the two Bordurian events against the Ruritanian army as one pair
    row = re.search(r"<td><a class=\"actor\" href=\"/actor\?name=BOR\">BOR</a></td>\s*"
                    r"<td><a class=\"actor\" href=\"/actor\?name=RUR\">RUR</a></td>\s*"
                    r"<td class=\"num\">(\d+)</td>", html)
    assert row and row.group(1) == "2"
    assert html.count("<svg") == 2 and "<polyline" in html
    # escalation: the dyads module's index, one line per most active dyad of the window
    assert "escalation index" in html and '<span class="key s0">BOR → RUR</span>' in html
    # stories per day: one bar per calendar day, the quiet 2026-03-03 included as zero
    assert html.count('<rect class="bar') == 4 and "<title>2026-03-03: 0</title>" in html


def test_story_page_shows_outlets_unique_sentences_quotes_timeline_conflicts(
        client: TestClient) -> None:
    html = client.get("/stories/sA").text
    assert "Northern Wire" in html and "Harbor Times" in html
    assert "Nordic neighbours return to the table over fish" in html
    # only the Harbor Times column reports the collapsed round; the shared lead is not marked
    assert re.search(r'<mark class="unique">The last round collapsed in 2024', html)
    assert not re.search(r'<mark class="unique">[^<]*agreed on Monday', html)
    assert "We have found common ground" in html and "Ingrid Solberg" in html
    assert "AGREE" in html
    b = client.get("/stories/sB").text
    assert "about 12,000" in b and "some 15,000" in b and "troops" in b
    assert b.index("MOBILIZE") < b.index("DEMAND")  # timeline in date order


def test_stories_page_filters_and_pages(client: TestClient) -> None:
    html = client.get("/stories").text
    assert "3 stories" in html and html.count('class="story-link"') == 3
    assert "page 1 of 1" in html and 'rel="next"' not in html
    only = client.get("/stories", params={"title": "ruritania"}).text
    assert "1 story with" in only and 'href="/stories/sB"' in only
    assert 'href="/stories/sA"' not in only
    assert client.get("/stories", params={"page": 0}).status_code == 422


def test_story_page_cites_sources(client: TestClient) -> None:
    html = client.get("/stories/sA").text
    assert 'id="src-1"' in html and 'id="src-2"' in html and 'id="src-3"' in html
    # the copy gets no column of its own; its original's column names it
    assert html.count('<article class="outlet">') == 2
    assert re.search(r'Same text also from <a href="/articles/a3">Coastal Courier</a> \[\d\]',
                     html)
    assert re.search(r'href="#src-1">\[1\]</a><a class="cite" href="#src-3">\[3\]', html)


def test_actor_page_by_name_and_by_code(client: TestClient) -> None:
    html = client.get("/actor", params={"name": "Borduria"}).text
    assert "ACCUSE" in html and "DEMAND" in html and "MOBILIZE" in html
    assert "recipient" in html and "actor" in html
    assert "<polyline" in html
    by_code = client.get("/actor", params={"name": "BOR"})
    assert by_code.status_code == 200 and "DEMAND" in by_code.text
    assert '<h1 class="actor-name">BOR</h1>' in by_code.text
    speaker = client.get("/actor", params={"name": "Ingrid Solberg"}).text
    assert "We have found common ground" in speaker
    assert client.get("/actor", params={"name": "Nobody at all"}).status_code == 404


def test_search_titles_quotes_and_actors(client: TestClient) -> None:
    html = client.get("/search", params={"q": "fisheries"}).text
    assert 'href="/stories/sA"' in html
    assert "common ground" in client.get("/search", params={"q": "COMMON"}).text
    # a speaker's name finds their quotes too
    assert "We have found common ground" in client.get("/search", params={"q": "solberg"}).text
    actors = client.get("/search", params={"q": "bordur"}).text
    assert 'href="/actor?name=Borduria"' in actors
    # LIKE wildcards in the query are literal
    assert 'href="/stories/' not in client.get("/search", params={"q": "%"}).text.split(
        "<h2>Stories</h2>")[1].split("<h2>Articles</h2>")[0]


def test_article_page_body_captions_and_removed_on_demand(client: TestClient) -> None:
    html = client.get("/articles/a1").text
    assert "resume talks on fishing quotas" in html
    assert "Fishing boats in the harbour of Bergen." in html
    assert "Subscribe to our newsletter" in html  # inside a closed <details>
    assert '<details class="removed" id="removed">' in html
    opened = client.get("/articles/a1", params={"removed": "1"}).text
    assert '<details class="removed" id="removed" open>' in opened
    assert client.get("/articles/nope").status_code == 404


# ------------------------------------------------------------------------------ security
def test_hostile_text_is_escaped_everywhere(client: TestClient) -> None:
    pages = ["/stories/sX", "/articles/x1", "/", "/actor?name=" + HOSTILE_ACTOR.replace(
        "<", "%3C").replace(">", "%3E").replace(" ", "+"), "/search?q=alert"]
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, url
        assert "<script>alert" not in r.text, url
        assert "<img src=x" not in r.text, url
    story = client.get("/stories/sX").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in story
    assert "&lt;img src=x onerror=alert(1)&gt;" in story


def test_security_headers(client: TestClient) -> None:
    for url in ("/", "/api/stories", "/static/app.css", "/nope"):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"


def test_templates_never_mark_data_safe_and_autoescape_is_on() -> None:
    assert make_env().autoescape is True
    templates = Path(__file__).parents[1] / "src" / "wirewatch" / "web" / "templates"
    for t in templates.glob("*.html"):
        text = t.read_text()
        assert "|safe" not in text.replace(" ", ""), t.name
        assert "<script" not in text and "style=" not in text and "<style" not in text, t.name


def test_static_files_and_no_traversal(client: TestClient) -> None:
    css = client.get("/static/app.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    for url in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py"):
        assert client.get(url).status_code == 404, url


def test_html_pages_answer_bad_input_with_an_html_page(client: TestClient) -> None:
    r = client.get("/actor")  # name is required
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "name" in r.text
    assert client.get("/api/events", params={"limit": 0}).json()["detail"][0]["loc"] == [
        "query", "limit"]


def test_foreign_host_header_is_refused(sample_db: Path) -> None:
    c = TestClient(create_app(str(sample_db)), base_url="http://evil.example")
    assert c.get("/api/stories").status_code == 400


def test_no_store_is_503_not_500(tmp_path: Path) -> None:
    c = TestClient(create_app(str(tmp_path / "absent.duckdb")), base_url="http://127.0.0.1")
    r = c.get("/api/stories")
    assert r.status_code == 503 and r.headers["retry-after"]
    assert c.get("/").status_code == 503


HOLD_LOCK = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    con.execute("BEGIN TRANSACTION")
    con.execute("INSERT INTO corpus_state VALUES ('web-test', 'x')")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    con.execute("COMMIT")
""")


def test_writer_lock_gives_503_with_retry_after_then_recovers(tmp_path: Path) -> None:
    db = build_sample_store(tmp_path / "locked.duckdb")
    app = create_app(str(db), lock_wait=0.3)
    c = TestClient(app, base_url="http://127.0.0.1")
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db), "3"],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout and proc.stdout.readline().strip() == "locked"
        api = c.get("/api/stories")
        assert api.status_code == 503 and api.headers["retry-after"].isdigit()
        page = c.get("/stories/sA")
        assert page.status_code == 503 and "try again" in page.text
    finally:
        proc.wait(timeout=20)
    assert c.get("/api/stories").status_code == 200


WRITE_BATCHES = textwrap.dedent("""
    import sys, time
    from wirewatch.store import Store
    st = Store(sys.argv[1])
    for i in range(int(sys.argv[2])):
        with st.transaction() as con:
            con.execute("INSERT OR REPLACE INTO corpus_state VALUES (?, ?)", [f"k{i}", "v"])
            time.sleep(0.05)
        time.sleep(0.02)
    print("done", flush=True)
""")


def test_keeps_serving_while_a_run_writes_batches(tmp_path: Path) -> None:
    """Concurrent batch writes never turn a read into a 500: each answer is 200 or 503."""
    db = build_sample_store(tmp_path / "busy.duckdb")
    c = TestClient(create_app(str(db), lock_wait=1.0), base_url="http://127.0.0.1")
    proc = subprocess.Popen([sys.executable, "-c", WRITE_BATCHES, str(db), "6"],
                            stdout=subprocess.PIPE, text=True)
    statuses = []
    try:
        while proc.poll() is None:
            statuses.append(c.get("/api/events").status_code)
            statuses.append(c.get("/stories/sB").status_code)
            time.sleep(0.02)  # a reader, not a flood: the writer must get its turns
    finally:
        assert proc.wait(timeout=60) == 0
    assert statuses and set(statuses) <= {200, 503}
    assert 200 in statuses


# ------------------------------------------------------------------------------ JSON API
def test_api_stories_records(client: TestClient) -> None:
    stories = client.get("/api/stories").json()
    by_id = {s["id"]: s for s in stories}
    assert set(by_id) == {"sA", "sB", "sX"}
    assert by_id["sA"]["article_ids"] == ["a1", "a2", "a3"]
    assert by_id["sA"]["publishers"] == ["Coastal Courier", "Harbor Times", "Northern Wire"]
    assert by_id["sA"]["title"].startswith("Norway and Sweden")
    assert [s["id"] for s in client.get("/api/stories", params={"q": "border"}).json()] == ["sB"]
    assert [s["id"] for s in client.get("/api/stories", params={"limit": 1}).json()] == ["sX"]


def test_api_story_detail(client: TestClient) -> None:
    d = client.get("/api/stories/sB").json()
    assert [e["event"] for e in d["events"]] == ["MOBILIZE", "ACCUSE", "DEMAND"]
    assert {a["id"] for a in d["articles"]} == {"b1", "b2"}
    assert d["conflicts"][0]["about"] == "troops"
    assert {s["value"] for s in d["conflicts"][0]["sides"]} == {"about 12,000", "some 15,000"}
    assert client.get("/api/stories/none").status_code == 404


def test_api_events_filters(client: TestClient) -> None:
    evs = client.get("/api/events", params={"actor": "BOR"}).json()
    assert {e["id"] for e in evs} == {"e2", "e3", "e4"}
    assert [e["id"] for e in client.get(
        "/api/events", params={"actor": "BOR", "since": "2026-03-05"}).json()] == ["e4"]
    agree = client.get("/api/events", params={"event": "AGREE"}).json()
    assert agree[0]["publishers"] == ["Harbor Times", "Northern Wire"]
    assert client.get("/api/events", params={"since": "yesterday"}).status_code == 422


def test_api_quotes_and_dyads(client: TestClient) -> None:
    qs = client.get("/api/quotes", params={"speaker": "Ingrid Solberg"}).json()
    assert len(qs) == 1 and qs[0]["article_ids"] == ["a1", "a2"]
    dy = client.get("/api/dyads").json()
    top = {(d["actor"], d["recipient"]): d for d in dy}
    assert top[("BOR", "RUR")]["events"] == 2 and top[("BOR", "RUR")]["conflict"] == 2
    assert top[("NOR", "SWE")]["cooperation"] == 1
    people = client.get("/api/dyads", params={"level": "actor", "actor": "Borduria"}).json()
    assert ("Borduria", "Ruritanian army") in {(d["actor"], d["recipient"]) for d in people}


def test_api_falls_back_to_mentions_before_fusion(tmp_path: Path) -> None:
    db = build_sample_store(tmp_path / "unfused.duckdb")
    with Store(str(db)).transaction() as con:
        con.execute("DELETE FROM events")
        con.execute("DELETE FROM quotes")
    c = TestClient(create_app(str(db)), base_url="http://127.0.0.1")
    evs = c.get("/api/events", params={"story_id": "sA"}).json()
    assert sorted(e["id"] for e in evs) == ["m1", "m2"]
    assert len(c.get("/api/quotes", params={"story_id": "sA"}).json()) == 2
    assert c.get("/stories/sA").status_code == 200


def test_openapi_documents_the_api(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    paths = doc["paths"]
    for p in ("/api/stories", "/api/stories/{story_id}", "/api/events", "/api/quotes",
              "/api/dyads"):
        assert "get" in paths[p], p
    assert not any(p.startswith(("/stories", "/actor", "/articles", "/search")) for p in paths)
    assert client.get("/docs").status_code == 404  # Swagger UI would need a CDN


# ------------------------------------------------------------------------------ property test
def _resolve(schema: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = doc["components"]["schemas"][name]
    return schema


def _matches(value: Any, schema: dict[str, Any], doc: dict[str, Any]) -> bool:
    """A small JSON-schema check covering what FastAPI emits for our models."""
    schema = _resolve(schema, doc)
    if "anyOf" in schema:
        return any(_matches(value, s, doc) for s in schema["anyOf"])
    kind = schema.get("type")
    if kind == "array":
        return isinstance(value, list) and all(_matches(v, schema["items"], doc) for v in value)
    if kind == "object" or "properties" in schema:
        if not isinstance(value, dict):
            return False
        if any(k not in value for k in schema.get("required", [])):
            return False
        props = schema.get("properties", {})
        return all(_matches(value[k], props[k], doc) for k in value if k in props)
    checks = {"string": lambda v: isinstance(v, str), "integer": lambda v: type(v) is int,
              "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
              "boolean": lambda v: isinstance(v, bool), "null": lambda v: v is None}
    return checks[kind](value) if kind in checks else True


_text = st.one_of(st.none(), st.text(max_size=40), st.sampled_from(
    ["BOR", "Borduria", "sA", "2026-03-04", "%", "_", "'; DROP TABLE stories; --", SCRIPT,
     "a" * 300, "2026", "-1", "0", "1001", "country", "sector", "actor"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_documented_get_answers_2xx_or_4xx_and_matches_its_schema(
        client: TestClient, data: st.DataObject) -> None:
    doc = client.app.openapi()  # type: ignore[attr-defined]
    path = data.draw(st.sampled_from(sorted(doc["paths"])))
    op = doc["paths"][path]["get"]
    url = path
    params = {}
    for p in op.get("parameters", []):
        value = data.draw(_text if p["in"] == "query" else st.sampled_from(
            ["sA", "sB", "sX", "nope", "a1", "x1", "%2F..%2F", "é"]))
        if p["in"] == "path":
            url = url.replace("{" + p["name"] + "}", str(value))
        elif value is not None:
            params[p["name"]] = value
    r = client.get(url, params=params)
    assert r.status_code < 500, (url, params, r.text)
    if r.status_code == 200:
        schema = op["responses"]["200"]["content"]["application/json"]["schema"]
        assert _matches(r.json(), schema, doc), (url, params)
    else:
        assert 400 <= r.status_code < 500
        json.loads(r.text)  # errors are JSON too


def test_store_is_unchanged_by_browsing(sample_db: Path, client: TestClient) -> None:
    before = Store(str(sample_db), read_only=True).counts()
    for url in ("/", "/stories/sA", "/api/events", "/search?q=x", "/articles/a1"):
        client.get(url)
    assert Store(str(sample_db), read_only=True).counts() == before


def test_a_failing_sibling_view_costs_a_section_not_the_page(
        sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If brief/dyads/timeline raise on some store, the pages fall back to their own queries."""
    import wirewatch.brief
    import wirewatch.dyads
    import wirewatch.timeline

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("cannot parse date '2014'")

    for mod, name in ((wirewatch.brief, "make_brief"), (wirewatch.dyads, "dyad_series"),
                      (wirewatch.dyads, "counted_events"), (wirewatch.timeline, "timeline")):
        monkeypatch.setattr(mod, name, boom)
    c = TestClient(create_app(str(sample_db)), base_url="http://127.0.0.1")
    over = c.get("/")
    assert over.status_code == 200 and "conflictual events, %" in over.text
    story = c.get("/stories/sB")
    assert story.status_code == 200
    # the page's own brief: the earliest lead sentence and the events, each cited
    brief = story.text.split('<section class="brief"')[1].split("</section>")[0]
    assert re.search(r"<li>The Ruritanian army moved about 12,000 troops to the border with "
                     r'Borduria on Wednesday\. <a class="cite" href="#src-1">\[1\]</a>', brief)
    assert re.search(r"<li>Borduria — DEMAND — Ruritanian army \(2026-03-05\) "
                     r'<a class="cite" href="#src-2">\[2\]</a>', brief)
    assert c.get("/api/stories/sB").json()["brief"] is None
    assert c.get("/api/dyads").json()[0]["events"] == 2


def test_busiest_window_ignores_a_stray_date() -> None:
    from wirewatch.web.data import busiest_window

    weights = {"1999-01-01": 1.0, "2022-02-10": 5.0, "2022-02-20": 3.0, "2023-09-11": 1.0}
    assert busiest_window(weights, 90) == ("2021-11-23", "2022-02-20")
    assert busiest_window({"2014": 3.0}, 90) is None


def test_actor_chart_covers_calendar_days_and_counterparts_involve_the_actor(
        client: TestClient) -> None:
    html = client.get("/actor", params={"name": "Borduria"}).text
    # 2026-03-04 and 03-05: both days drawn, as actor (2 events) and as recipient (1)
    assert "<title>2026-03-04: as actor 1</title>" in html
    assert "<title>2026-03-04: as recipient 1</title>" in html
    assert "<title>2026-03-05: as actor 1</title>" in html
    counterparts = html.split("<h2>Counterparts</h2>")[1].split("</table>")[0]
    assert "Norway" not in counterparts and "Borduria" in counterparts


_PAGES = ["/", "/stories", "/stories/{x}", "/articles/{x}", "/actor", "/search"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(_PAGES), value=_text,
       param=st.sampled_from(["q", "name", "title", "page", "removed"]))
def test_html_pages_never_fail_and_never_echo_markup(client: TestClient, path: str,
                                                     value: str | None, param: str) -> None:
    url = path.replace("{x}", urllib.parse.quote(value or "x", safe=""))
    r = client.get(url, params={param: value} if value is not None else None)
    assert r.status_code < 500, (url, param, value)
    assert "<script>alert" not in r.text and "<img src=x" not in r.text


def test_wirewatch_serve_binds_loopback_and_serves(sample_db: Path) -> None:
    """The CLI entry point end to end: `wirewatch serve` answers on 127.0.0.1 only."""
    import socket

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "wirewatch", "serve", "--db", str(sample_db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and {s["id"] for s in r.json()} == {"sA", "sB", "sX"}
        assert "default-src 'self'" in r.headers["content-security-policy"]
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True,
                                   text=True)
        if listening.returncode == 0 and listening.stdout.strip():  # where ss exists
            local = {line.split()[3] for line in listening.stdout.splitlines()}
            assert local == {f"127.0.0.1:{port}"}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
