"""The same input gives the same stored result on every engine (real LocalCluster, two workers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wirewatch.pipeline import run
from wirewatch.store import Store


def content(db: Path) -> dict[str, list]:
    s = Store(str(db), read_only=True)
    return {
        "articles": s.query("SELECT id, title, publisher, published, body, captions, story_id, duplicate_of "
                            "FROM articles ORDER BY id"),
        "sources": s.query("SELECT source_id, article_id FROM sources ORDER BY source_id"),
        "events": s.query("SELECT * FROM event_mentions ORDER BY id"),
        "quotes": s.query("SELECT * FROM quote_mentions ORDER BY id"),
        "claims": s.query("SELECT * FROM claim_mentions ORDER BY id"),
        "stories": s.query("SELECT * FROM stories ORDER BY id"),
        "fused": s.query("SELECT * FROM events ORDER BY id"),
        "rejects": s.query("SELECT path, record_no, reason FROM rejects ORDER BY path, record_no, reason"),
    }


@pytest.fixture(scope="module")
def local_store(corpus_slice: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    run([str(corpus_slice)], db=str(db))
    return db


@pytest.mark.slow
def test_dask_engine_matches_local(local_store: Path, corpus_slice: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setenv("WIREWATCH_BATCH_SIZE", "3")
    db = tmp_path / "dask.duckdb"
    summary = run([str(corpus_slice)], db=str(db), engine="dask", workers=2)
    assert summary.engine == "dask" and summary.articles > 0
    assert content(db) == content(local_store)


@pytest.mark.slow
def test_process_pool_matches_local(local_store: Path, corpus_slice: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREWATCH_BATCH_SIZE", "3")
    db = tmp_path / "pool.duckdb"
    run([str(corpus_slice)], db=str(db), workers=2)
    assert content(db) == content(local_store)
