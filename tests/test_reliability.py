"""Crash safety: real runs killed with SIGKILL at several points, then resumed, end with exactly
the store a clean run gives. Also: two runs on one store, hostile input within bounds."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wirewatch.store import Store

ROOT = Path(__file__).resolve().parents[1]


def wirewatch(args: list[str], env: dict[str, str] | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "WIREWATCH_BATCH_SIZE": "4", **(env or {})}
    return subprocess.run([sys.executable, "-m", "wirewatch.cli", *args], capture_output=True, text=True,
                          env=full_env, timeout=timeout)


def snapshot(db: Path) -> dict[str, list]:
    """Everything a run produces, in a canonical order (timestamps and run ids left out)."""
    s = Store(str(db), read_only=True)
    out: dict[str, list] = {}
    out["articles"] = s.query(
        "SELECT id, source_id, title, publisher, published, language, body, captions, story_id, "
        "duplicate_of FROM articles ORDER BY id")
    out["sources"] = s.query("SELECT source_id, article_id FROM sources ORDER BY source_id")
    out["rejects"] = s.query("SELECT path, record_no, reason FROM rejects ORDER BY path, record_no, reason")
    for table in ("event_mentions", "quote_mentions", "claim_mentions", "stories", "events", "quotes",
                  "claims", "conflicts"):
        out[table] = s.query(f"SELECT * FROM {table} ORDER BY id")
    return out


@pytest.fixture(scope="module")
def clean_run(corpus_slice: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    result = wirewatch(["run", str(corpus_slice), "--db", str(db)])
    assert result.returncode == 0, result.stderr
    snap = snapshot(db)
    assert len(snap["articles"]) >= 10 and snap["stories"] and snap["event_mentions"] and snap["rejects"]
    return snap


@pytest.mark.slow
@pytest.mark.parametrize("fault", [
    "batch-before-commit:1",
    "batch-before-commit:3",
    "batch-after-commit:2",
    "corpus-start:1",
    "corpus-after-stories:1",
    "corpus-after-fusion:1",
])
def test_killed_run_resumes_to_the_clean_store(fault: str, corpus_slice: Path, clean_run: dict[str, list],
                                               tmp_path: Path) -> None:
    db = tmp_path / "killed.duckdb"
    killed = wirewatch(["run", str(corpus_slice), "--db", str(db)], env={"WIREWATCH_FAULT": fault})
    assert killed.returncode == -signal.SIGKILL, (fault, killed.returncode, killed.stderr[-2000:])
    if Path(db).exists():
        partial = snapshot(db)
        # no half-written article: every stored article has its source row and vice versa
        ids = {a["id"] for a in partial["articles"]}
        assert ids == {s["article_id"] for s in partial["sources"]}
        assert len(partial["articles"]) < len(clean_run["articles"]) or fault.startswith("corpus")
    resumed = wirewatch(["run", str(corpus_slice), "--db", str(db)])
    assert resumed.returncode == 0, resumed.stderr
    assert snapshot(db) == clean_run


@pytest.mark.slow
def test_killed_at_a_random_moment_resumes_to_the_clean_store(corpus_slice: Path, clean_run: dict[str, list],
                                                              tmp_path: Path) -> None:
    db = tmp_path / "random.duckdb"
    rng = random.Random(7)
    for attempt in range(2):
        env = {**os.environ, "WIREWATCH_BATCH_SIZE": "4"}
        proc = subprocess.Popen([sys.executable, "-m", "wirewatch.cli", "run", str(corpus_slice), "--db", str(db)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(3.0, 8.0) + attempt)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    resumed = wirewatch(["run", str(corpus_slice), "--db", str(db)])
    assert resumed.returncode == 0, resumed.stderr
    assert snapshot(db) == clean_run


def test_second_run_on_one_store_is_refused(tmp_path: Path) -> None:
    from wirewatch.pipeline import run_lock

    db = tmp_path / "busy.duckdb"
    Store(str(db))
    (tmp_path / "a.txt").write_text("Officials met in Geneva on Tuesday to discuss the border. " * 5)
    with run_lock(str(db)):
        result = wirewatch(["run", str(tmp_path / "a.txt"), "--db", str(db)])
    assert result.returncode == 3
    assert "another wirewatch run is writing" in result.stderr
    assert Store(str(db), read_only=True).counts()["articles"] == 0


def test_hostile_inputs_are_rejected_and_the_rest_goes_through(tmp_path: Path) -> None:
    import gzip

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Flooding forces thousands from homes\n\nDHAKA - Floods forced more than 20,000 people from their "
        "homes in northern Bangladesh on Monday, officials said, as rivers rose after days of heavy rain.")
    (folder / "huge.txt").write_text("news " * 2_000_000)  # 10 MB of text
    (folder / "bomb.jsonl.gz").write_bytes(gzip.compress(b" " * 300_000_000))
    (folder / "deep.html").write_text("<html><body>" + "<div>" * 40_000 + "</body></html>")
    (folder / "nul.txt").write_bytes(b"abc\x00def\x00" * 1000)
    (folder / "utf16.txt").write_bytes(
        "Talks resume in Vienna\n\nVIENNA - Negotiators from Iran and world powers resumed talks in "
        "Vienna on Monday on reviving the nuclear deal, diplomats said, after a pause of five months.".encode("utf-16"))
    (folder / "lines.jsonl").write_text('[1]\nnull\n"x"\ngarbage{\n{"id": "t"}\n')
    os.symlink(folder, folder / "loop")
    db = tmp_path / "h.duckdb"
    result = wirewatch(["run", str(folder), "--db", str(db), "--json"], timeout=300)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["articles"] == 2
    rejects = Store(str(db), read_only=True).query("SELECT path, record_no, reason FROM rejects")
    by_name = {}
    for r in rejects:
        by_name.setdefault(Path(r["path"]).name, []).append(r["reason"])
    assert "too large" in by_name["huge.txt"][0]
    assert "gzip bomb" in by_name["bomb.jsonl.gz"][0]
    assert "nested deeper" in by_name["deep.html"][0]
    assert "binary" in by_name["nul.txt"][0]
    assert len(by_name["lines.jsonl"]) == 5
    assert any("symlink loop" in x for x in by_name["loop"])
    for name in ("huge.txt", "bomb.jsonl.gz", "deep.html", "nul.txt", "lines.jsonl"):
        assert name in result.stderr
