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
