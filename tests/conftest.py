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
