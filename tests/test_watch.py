"""Live monitoring: folders, real feeds over a local HTTP server, alerts raised exactly once."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from wirewatch.alerts import load_rules
from wirewatch.feeds import Fetcher, feed_items
from wirewatch.store import Store
from wirewatch.types import RawDoc, Reject
from wirewatch.watch import Watcher

PAGE = """<!DOCTYPE html><html><head><title>{title}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Harbor Daily">
<meta property="article:published_time" content="{date}T09:00:00Z"></head>
<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>{body}</article>
<footer>Copyright 2023 Harbor Daily. All rights reserved.</footer></body></html>"""


def page(title: str, date: str, paras: list[str]) -> bytes:
    return PAGE.format(title=title, date=date, body="".join(f"<p>{p}</p>" for p in paras)).encode()


GOOD = page("Floods displace thousands in Bangladesh", "2023-06-19", [
    "DHAKA - Floods forced more than 20,000 people from their homes in northern Bangladesh on Monday, "
    "officials said, as rivers rose after a week of heavy monsoon rain.",
    "The government sent army units to help with evacuations and opened 300 shelters in schools, "
    "the disaster management minister told reporters in Dhaka.",
    "Aid groups said they expected the number of displaced people to rise over the coming days.",
])
SECOND = page("Rescue boats reach stranded villages", "2023-06-20", [
    "SYLHET - Rescue boats reached villages cut off by floodwater in northeastern Bangladesh on Tuesday, "
    "local officials said, bringing food and clean water to families stranded on rooftops.",
    "Soldiers and volunteers worked through the night to move people to higher ground, the district "
    "administrator said, adding that several roads remained under water.",
])


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        base = f"http://127.0.0.1:{self.server.server_port}"
        routes = {
            "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
            "/rss.xml": (200, "application/rss+xml", f"""<?xml version="1.0"?><rss version="2.0"><channel>
<title>Harbor Daily</title><link>{base}/</link><description>news</description>
<item><title>Floods displace thousands in Bangladesh</title><link>{base}/good.html</link>
<pubDate>Mon, 19 Jun 2023 09:00:00 GMT</pubDate></item>
<item><title>Slow</title><link>{base}/slow.html</link></item>
<item><title>Gone</title><link>{base}/missing.html</link></item>
<item><title>Loop</title><link>{base}/loop1</link></item>
<item><title>Huge</title><link>{base}/big.html</link></item>
<item><title>Private</title><link>{base}/private/x.html</link></item>
</channel></rss>""".encode()),
            "/atom.xml": (200, "application/atom+xml", f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Northwind</title><id>urn:nw</id><updated>2023-06-20T10:00:00Z</updated>
<entry><title>Rescue boats reach stranded villages</title><id>urn:nw:1</id><link href="{base}/second.html"/>
<updated>2023-06-20T10:00:00Z</updated></entry>
<entry><title>Again</title><id>urn:nw:2</id><link href="{base}/good.html"/><updated>2023-06-20T10:00:00Z</updated></entry>
</feed>""".encode()),
            "/good.html": (200, "text/html", GOOD),
            "/second.html": (200, "text/html", SECOND),
            "/big.html": (200, "text/html", b"<html><body>" + b"<p>word word word</p>" * 40_000 + b"</body></html>"),
            "/private/x.html": (200, "text/html", GOOD),
        }
        if self.path == "/slow.html":
            time.sleep(2.5)
            return self._send(200, "text/html", GOOD)
        if self.path in ("/loop1", "/loop2"):
            self.send_response(302)
            self.send_header("Location", "/loop2" if self.path == "/loop1" else "/loop1")
            self.end_headers()
            return None
        if self.path not in routes:
            return self._send(404, "text/plain", b"not found")
        return self._send(*routes[self.path])

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except BrokenPipeError:
            pass


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()


def fetcher() -> Fetcher:
    return Fetcher(timeout=1.0, max_bytes=300_000, per_host_interval=0.0)


def test_feed_items_with_clear_rejects(server: str) -> None:
    items = feed_items(server + "/rss.xml", fetcher())
    docs = [i for i in items if isinstance(i, RawDoc)]
    rejects = {i.path.rsplit("/", 1)[-1]: i.reason for i in items if isinstance(i, Reject)}
    assert [d.source_id for d in docs] == [server + "/good.html"]
    assert docs[0].meta["title"] == "Floods displace thousands in Bangladesh"
    assert "timed out" in rejects["slow.html"]
    assert "HTTP 404" in rejects["missing.html"]
    assert "redirect loop" in rejects["loop1"] or "too many redirects" in rejects["loop1"]
    assert "too large" in rejects["big.html"]
    assert "robots.txt" in rejects["x.html"]


def test_atom_feed_and_known_urls_skipped(server: str) -> None:
    items = feed_items(server + "/atom.xml", fetcher(), known={server + "/good.html"})
    assert [i.source_id for i in items if isinstance(i, RawDoc)] == [server + "/second.html"]


def test_politeness_interval_between_requests_to_one_host(server: str) -> None:
    f = Fetcher(timeout=2.0, per_host_interval=0.3)
    start = time.monotonic()
    f.fetch(server + "/good.html")  # robots.txt, then the page
    f.fetch(server + "/second.html")
    assert time.monotonic() - start >= 0.6


def test_feed_watch_ingests_once_across_restarts(server: str, tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    w = Watcher(paths=[], feeds=[server + "/rss.xml", server + "/atom.xml"], db=db, fetcher=fetcher())
    rep = w.cycle()
    assert rep.summary is not None and rep.summary.articles == 2
    again = Watcher(paths=[], feeds=[server + "/rss.xml", server + "/atom.xml"], db=db, fetcher=fetcher())
    rep2 = again.cycle()
    assert rep2.summary is None or rep2.summary.articles == 0
    assert Store(db, read_only=True).counts()["articles"] == 2


TEXT = ("Ministers meet over water dispute\n\nCAIRO - Egypt's foreign minister met his Ethiopian counterpart "
        "in Cairo on Tuesday to discuss the disputed dam on the Blue Nile, officials said, and both sides agreed "
        "to resume technical talks next month under African Union mediation.\n")


def test_folder_watch_takes_settled_files_once(tmp_path: Path) -> None:
    inbox = tmp_path / "incoming"
    inbox.mkdir()
    db = str(tmp_path / "f.duckdb")
    w = Watcher(paths=[str(inbox)], db=db, settle_seconds=0.0)
    slow = inbox / "slow.txt"
    half = len(TEXT) // 2
    slow.write_text(TEXT[:half])
    assert w.cycle().files == 0  # first look
    with open(slow, "a") as fh:
        fh.write(TEXT[half:])
    time.sleep(0.05)
    assert w.cycle().files == 0  # changed since the last look: still being written
    rep = w.cycle()
    assert rep.files == 1 and rep.summary is not None and rep.summary.articles == 1
    assert w.cycle().files == 0
    s = Store(db, read_only=True)
    (body,) = [r["body"] for r in s.query("SELECT body FROM articles")]
    assert body.rstrip().endswith("next month under African Union mediation.")
    # a restarted watcher sees the same file and adds nothing
    w2 = Watcher(paths=[str(inbox)], db=db, settle_seconds=0.0)
    w2.cycle()
    rep = w2.cycle()
    assert rep.summary is None or rep.summary.articles == 0
    assert Store(db, read_only=True).counts()["articles"] == 1


def test_alert_rules_load_and_reject_unknown_kinds(tmp_path: Path) -> None:
    good = tmp_path / "rules.toml"
    good.write_text('[[rule]]\nkind = "event"\nevents = ["ASSAULT"]\nactors = ["RUS"]\n'
                    '[[rule]]\nname = "q"\nkind = "quote"\nspeakers = ["Kuleba"]\n[sinks]\nfile = "a.jsonl"\n')
    rules = load_rules(good)
    assert [r.kind for r in rules.rules] == ["event", "quote"] and rules.sinks["file"] == "a.jsonl"
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nkind = "weather"\n')
    with pytest.raises(ValueError, match="kind must be one of"):
        load_rules(bad)


BATCH_1 = ("Troops shell frontline town\n\nKYIV - Russian forces shelled the town of Avdiivka in eastern Ukraine "
           "on Monday, killing three civilians, Ukrainian officials said.\n\n"
           "\"This is a deliberate attack on civilians,\" Ukrainian Foreign Minister Dmytro Kuleba said in a statement.\n")
BATCH_2 = ("Talks on grain exports resume\n\nISTANBUL - Turkish and United Nations officials met in Istanbul on "
           "Wednesday to discuss the export of grain from Black Sea ports, a spokesman said.\n")


@pytest.mark.slow
def test_scripted_batches_raise_each_alert_once(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    rules = tmp_path / "rules.toml"
    out = tmp_path / "alerts.jsonl"
    rules.write_text('[[rule]]\nname = "force"\nkind = "event"\nevents = ["ASSAULT"]\nactors = ["RUS"]\n'
                     '[[rule]]\nname = "kuleba"\nkind = "quote"\nspeakers = ["Kuleba"]\n'
                     f'[sinks]\nfile = "{out}"\n')
    db = str(tmp_path / "a.duckdb")
    w = Watcher(paths=[str(inbox)], db=db, rules=load_rules(rules), settle_seconds=0.0)
    (inbox / "one.txt").write_text(BATCH_1)
    w.cycle()
    first = w.cycle()
    assert sorted(a.rule for a in first.alerts) == ["force", "kuleba"]
    (inbox / "two.txt").write_text(BATCH_2)
    w.cycle()
    second = w.cycle()
    assert second.summary is not None and second.summary.articles == 1
    assert second.alerts == []
    restarted = Watcher(paths=[str(inbox)], db=db, rules=load_rules(rules), settle_seconds=0.0)
    restarted.cycle()
    assert restarted.cycle().alerts == []
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert sorted(a["rule"] for a in lines) == ["force", "kuleba"]
    assert len(Store(db, read_only=True).query("SELECT * FROM alerts")) == 2


def test_example_rules_load() -> None:
    rules = load_rules(Path(__file__).resolve().parents[1] / "examples" / "alerts.toml")
    assert {r.kind for r in rules.rules} == {"escalation", "event", "quote", "conflict"}
