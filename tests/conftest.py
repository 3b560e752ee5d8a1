"""Shared fixtures: the real model once per session, the gold data folder, and one store built
from the sample corpus and the seeds by the real pipeline (reused by CLI, API and web tests)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WIREWATCH_SHARED", ROOT.parent / "shared"))
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    seeds = shared_dir / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is absent")
    return seeds


@pytest.fixture(scope="session")
def nlp():
    from wirewatch.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by the real pipeline from the sample corpus (and the seeds when present)."""
    from wirewatch.pipeline import run

    db = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    paths = [str(EXAMPLES / "corpus")]
    if (SHARED / "seeds").is_dir():
        paths.append(str(SHARED / "seeds"))
    run(paths, db=str(db))
    return db


# A slice of the sample corpus that still has every kind of input: wire copies in two formats,
# a same-day source conflict, JSON Lines with broken lines, an empty and a binary file. Used
# where a test runs the pipeline many times (engines, crash and resume).
SLICE = ["01_berlin_talks.txt", "03_pullback_claim_wire.txt", "04_pullback_claim_wire.html",
         "09_quake_toll_5000.html", "10_quake_toll_7700.txt", "12_morocco_quake.txt", "27_records.jsonl",
         "28_feed_broken.jsonl", "31_empty.txt", "32_garbage.txt"]


@pytest.fixture(scope="session")
def corpus_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    folder = tmp_path_factory.mktemp("slice") / "corpus"
    folder.mkdir()
    for name in SLICE:
        shutil.copy(EXAMPLES / "corpus" / name, folder / name)
    return folder
