"""End to end through the command line, on the real model and a real DuckDB file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirewatch.cli import app

runner = CliRunner()

WIRE = """Log In

Reset Password

Ministers agree to reopen grain corridor

ISTANBUL - Turkey's foreign minister said on Tuesday that Ukraine and Russia had agreed to reopen a
shipping corridor for grain exports, after talks in Istanbul mediated by the United Nations.

The agreement allows ships to leave three Ukrainian ports, and officials said about 20 million tonnes of
grain were waiting in silos. "This is a step toward peace," the minister told reporters.

A cargo ship leaves the port of Odesa, Ukraine, Tuesday, July 19, 2022. (AP Photo/Jane Roe)
"""


def jsonl(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    return result


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("in")
    (folder / "wire.txt").write_text(WIRE)
    (folder / "same_again.txt").write_text(WIRE)
    (folder / "empty.txt").write_text("")
    (folder / "records.jsonl").write_text(
        json.dumps({"id": "es-1", "title": "Acuerdo sobre el grano", "publisher": "Diario Sur",
                    "published": "2022-07-20",
                    "text": "Los ministros de Turquía, Ucrania y Rusia acordaron el martes reabrir el corredor "
                            "marítimo para exportar cereales, tras las conversaciones celebradas en Estambul "
                            "con la mediación de las Naciones Unidas, según informaron fuentes oficiales."})
        + "\n[1, 2]\n"
    )
    db = tmp_path_factory.mktemp("db") / "mini.duckdb"
    result = invoke("run", str(folder), "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    return folder, db


def test_run_summary_counts_and_rejects(mini: tuple[Path, Path]) -> None:
    folder, db = mini
    rows = invoke("articles", "--db", str(db), "--json")
    arts = jsonl(rows)
    assert len(arts) == 2  # the English wire once (two files), the Spanish record
    wire = next(a for a in arts if a["language"] == "en")
    assert wire["title"] == "Ministers agree to reopen grain corridor"
    assert {Path(s).name for s in wire["sources"]} == {"wire.txt", "same_again.txt"}
    assert wire["publisher"] == "Associated Press"
    spanish = next(a for a in arts if a["language"] == "es")
    assert any("non-English" in n for n in spanish["notes"])
    rejects = jsonl(invoke("rejects", "--db", str(db), "--json"))
    reasons = {(Path(r["path"]).name, r["record_no"]): r["reason"] for r in rejects}
    assert "empty" in reasons[("empty.txt", None)]
    assert "list" in reasons[("records.jsonl", 2)]


def test_rerun_adds_nothing(mini: tuple[Path, Path]) -> None:
    folder, db = mini
    before = jsonl(invoke("articles", "--db", str(db), "--json"))
    result = invoke("run", str(folder), "--db", str(db), "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["articles"] == 0 and summary["skipped"] == 3
    assert jsonl(invoke("articles", "--db", str(db), "--json")) == before
    assert len(jsonl(invoke("rejects", "--db", str(db), "--json"))) == 2


def test_show_full_and_removed(mini: tuple[Path, Path]) -> None:
    _, db = mini
    wire = next(a for a in jsonl(invoke("articles", "--db", str(db), "--json", "--full"))
                if a["language"] == "en")
    assert "Log In" not in wire["body"] and "AP Photo" not in wire["body"]
    assert any("AP Photo" in c for c in wire["captions"])
    shown = json.loads(invoke("show", wire["id"], "--db", str(db), "--json", "--removed").stdout)
    removed = " ".join(r["text"] for r in shown["removed"])
    assert "Reset Password" in removed
    plain = invoke("show", wire["id"], "--db", str(db), "--removed")
    assert plain.exit_code == 0 and "## Removed" in plain.stdout


def test_show_unknown_id_fails(mini: tuple[Path, Path]) -> None:
    _, db = mini
    assert invoke("show", "nope", "--db", str(db)).exit_code == 1


def test_nothing_ingested_exits_1(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = invoke("run", str(tmp_path), "--db", str(tmp_path / "x.duckdb"))
    assert result.exit_code == 1
    assert "binary" in result.stderr


def test_listing_commands_speak_json(sample_store: Path) -> None:
    db = str(sample_store)
    for cmd in ("articles", "rejects", "stories", "events", "quotes", "claims", "actors", "conflicts"):
        result = invoke(cmd, "--db", db, "--json")
        assert result.exit_code == 0, (cmd, result.output)
        for row in jsonl(result):
            assert isinstance(row, dict)
    for cmd in ("events", "quotes", "claims"):
        assert invoke(cmd, "--db", db, "--json", "--mentions").exit_code == 0
    stories = jsonl(invoke("stories", "--db", db, "--json"))
    assert stories and {"id", "title", "article_ids", "publishers", "first_published",
                        "last_published"} <= set(stories[0])


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = invoke("articles", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1 and "no store" in result.stderr


def test_seed_articles(seeds_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder)
    db = str(tmp_path / "s.duckdb")
    assert invoke("run", str(folder), "--db", db).exit_code == 0
    arts = {a["title"]: a for a in jsonl(invoke("articles", "--db", db, "--json", "--full"))}
    first = arts["Kremlin signals more talks amid Ukraine tensions"]
    second = arts["Russian FM Lavrov advises Putin to continue Ukrainian talks with West"]
    assert first["published"] == "2022-02-14" and first["publisher"] == "Associated Press"
    assert len(first["captions"]) == 12 and len(second["captions"]) == 1
    assert "Getty Images" in second["captions"][0]
    assert not (second["published"] or "").startswith("2013")
    for art in (first, second):
        for junk in ("Log In", "Reset Password", "AP Photo", "Getty Images", "via AP"):
            assert junk not in art["body"]
    assert first["story_id"] and first["story_id"] == second["story_id"]
