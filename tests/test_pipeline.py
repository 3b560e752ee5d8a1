"""Pipeline runner: which stories need fusing again, decided in the store."""

from __future__ import annotations

from pathlib import Path

from wirewatch import pipeline
from wirewatch.store import Store, bulk_insert, replace_stories
from wirewatch.types import Story


def _store(tmp_path: Path, stories: list[Story], fused: dict[str, str]) -> Store:
    store = Store(str(tmp_path / "s.duckdb"))
    with store.transaction() as con:
        replace_stories(con, stories)
        bulk_insert(con, "corpus_state", [("fused:" + k, v) for k, v in fused.items()],
                    ["name", "value"], replace=True)
    return store


def test_only_stories_whose_members_changed_are_stale(tmp_path: Path) -> None:
    stories = [
        Story("s-same", "A", ["b2", "a1"], ["P"]),
        Story("s-grown", "B", ["c3", "c1", "c2"], ["P"]),
        Story("s-new", "C", ["d1"], ["P"]),
        Story("s-empty", "D", [], []),
    ]
    store = _store(tmp_path, stories, {"s-same": "a1,b2", "s-grown": "c1,c2", "s-empty": ""})
    stale = pipeline._stories_to_fuse(store)
    assert stale == {"s-grown": "c1,c2,c3", "s-new": "d1"}


def test_fused_states_are_written_in_bulk_and_then_nothing_is_stale(tmp_path: Path) -> None:
    stories = [Story(f"s{i:04d}", "T", [f"a{i}", f"b{i}"], ["P"]) for i in range(1500)]
    store = _store(tmp_path, stories, {})
    stale = pipeline._stories_to_fuse(store)
    assert len(stale) == 1500 and stale["s0007"] == "a7,b7"
    with store.transaction() as con:
        bulk_insert(con, "corpus_state", [("fused:" + k, v) for k, v in stale.items()],
                    ["name", "value"], replace=True)
    assert pipeline._stories_to_fuse(store) == {}


def test_fusion_runs_in_chunks_and_records_each(tmp_path: Path, monkeypatch) -> None:
    """Each slice of stale stories is fused in its own call and marked done after it."""
    from wirewatch import fuse

    store = _store(tmp_path, [Story(f"s{i}", "T", [f"a{i}"], ["P"]) for i in range(7)], {})
    calls: list[list[str]] = []
    stale_seen: list[int] = []
    real_fusion = fuse.update_fusion

    def spy(st: Store, ids: list[str]) -> int:  # records the call, then runs the real fusion
        stale_seen.append(len(pipeline._stories_to_fuse(st)))
        calls.append(ids)
        return real_fusion(st, ids)

    monkeypatch.setattr(pipeline, "FUSION_CHUNK", 3)
    monkeypatch.setattr(fuse, "update_fusion", spy)
    pipeline.run_corpus_stages(store)
    assert calls == [["s0", "s1", "s2"], ["s3", "s4", "s5"], ["s6"]]
    assert stale_seen == [7, 4, 1]
    assert pipeline._stories_to_fuse(store) == {}
