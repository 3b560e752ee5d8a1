"""The dashboard shows the alerts the watcher raised, escaped, with the escalation index."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from wirewatch.store import Store
from wirewatch.web.app import create_app


def test_alerts_page_lists_alerts_escaped(tmp_path: Path) -> None:
    db = tmp_path / "a.duckdb"
    store = Store(str(db))
    with store.transaction() as con:
        con.execute("INSERT INTO alerts (id, rule, kind, message, payload) VALUES (?, ?, ?, ?, ?)",
                    ["al1", "force", "event", "ASSAULT on 2022-02-24: <script>alert(1)</script> -> UKR",
                     json.dumps({"story_id": "s1"})])
    client = TestClient(create_app(str(db)), base_url="http://127.0.0.1")
    r = client.get("/alerts")
    assert r.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text and "<script>alert(1)" not in r.text
    assert 'href="/stories/s1"' in r.text and "Escalation index" in r.text
    assert 'href="/alerts"' in client.get("/").text


def test_alerts_page_without_alerts(tmp_path: Path) -> None:
    db = tmp_path / "b.duckdb"
    Store(str(db))
    r = TestClient(create_app(str(db)), base_url="http://127.0.0.1").get("/alerts")
    assert r.status_code == 200 and "No alerts yet" in r.text
