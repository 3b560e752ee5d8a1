"""The store: migrations, one transaction per batch, idempotent writes, read-only access."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from wirewatch import store as store_mod
from wirewatch.store import Store, write_rejects, write_results
from wirewatch.types import ActorRef, Article, ArticleResult, EventMention, Reject, Support


def make_result(text: str = "Body text of the article.", sid: str = "a.txt") -> ArticleResult:
    art = Article(id="a" + str(abs(hash(text)))[:8], source_id=sid, body=text, sources=[sid])
    ev = EventMention(id="e1" + art.id, article_id=art.id, event="CONSULT",
                      actor=[ActorRef("Russia", "RUS", "GOV")], recipient=[ActorRef("Ukraine", "UKR")],
                      support=Support(art.id, text, 0, len(text)))
    return ArticleResult(article=art, events=[ev])


def test_schema_is_created_and_versioned(tmp_path: Path) -> None:
    s = Store(str(tmp_path / "x.duckdb"))
    assert s.scalar("SELECT max(version) FROM schema_version") == len(store_mod.MIGRATIONS)
    Store(str(tmp_path / "x.duckdb"))  # reopening migrates nothing twice
    assert s.scalar("SELECT count(*) FROM schema_version") == len(store_mod.MIGRATIONS)


def test_write_is_idempotent_and_records_every_source(tmp_path: Path) -> None:
    s = Store(str(tmp_path / "x.duckdb"))
    res = make_result()
    with s.transaction() as con:
        assert write_results(con, [res], {"a.txt": "/in/a.txt"}) == (1, 1)
    twin = make_result(sid="copy.txt")
    with s.transaction() as con:
        assert write_results(con, [twin, res], {}) == (0, 1)
    assert s.counts()["articles"] == 1 and s.counts()["event_mentions"] == 1
    assert s.scalar("SELECT count(*) FROM sources") == 2
    row = s.query("SELECT actor, support FROM event_mentions")[0]
    assert row["actor"][0]["code"] == "RUS" and row["support"]["sentence"] == res.article.body


def test_a_failed_batch_leaves_nothing(tmp_path: Path) -> None:
    s = Store(str(tmp_path / "x.duckdb"))
    with pytest.raises(RuntimeError), s.transaction() as con:
        write_results(con, [make_result()], {})
        raise RuntimeError("killed mid-batch")
    assert s.counts()["articles"] == 0 and s.counts()["event_mentions"] == 0


def test_rejects_are_recorded_once(tmp_path: Path) -> None:
    s = Store(str(tmp_path / "x.duckdb"))
    r = [Reject("bad.jsonl", "malformed JSON", 3), Reject("bad.jsonl", "malformed JSON", 3)]
    with s.transaction() as con:
        assert write_rejects(con, r) == 1
    with s.transaction() as con:
        assert write_rejects(con, r) == 0


def test_read_only_store_refuses_writes_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Store(str(tmp_path / "none.duckdb"), read_only=True)
    Store(str(tmp_path / "x.duckdb"))
    ro = Store(str(tmp_path / "x.duckdb"), read_only=True)
    with pytest.raises(PermissionError), ro.transaction():
        pass
    with pytest.raises(duckdb.Error):
        ro.query("INSERT INTO rejects (path, reason) VALUES ('x', 'y')")
