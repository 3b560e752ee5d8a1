"""The user docs stay true: docs/api.md is generated from the code, and every command, option,
Python name and alert rule shown in docs/getting-started.md exists and parses."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import wirewatch
from wirewatch import alerts
from wirewatch.api import COLUMNS, Frame, Store
from wirewatch.apidoc import api_reference, signature

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GUIDE = DOCS / "getting-started.md"


def _blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def test_api_reference_is_current() -> None:
    committed = (DOCS / "api.md").read_text()
    assert committed == api_reference(), "docs/api.md is stale: python -m wirewatch.apidoc > docs/api.md"


def test_every_public_name_method_and_column_is_documented() -> None:
    text = (DOCS / "api.md").read_text()
    for name in ("run", "process", "open"):
        assert f"## `wirewatch.{name}`" in text
    for name in ("Store", "Frame", "Processed"):
        assert f"## `wirewatch.{name}`" in text
    assert set(wirewatch.__all__) - {"__version__"} == {"Frame", "Processed", "Store", "open",
                                                        "process", "run"}
    for cls in (Store, Frame):
        for name, value in vars(cls).items():
            if not name.startswith("_") and callable(value):
                assert f"### `{cls.__name__}.{name}`" in text, name
                assert value.__doc__, f"{cls.__name__}.{name} has no docstring"
    for key, cols in COLUMNS.items():
        line = next(ln for ln in text.splitlines() if ln.startswith("Columns of `") and
                    (f"`{key}`:" in ln or f"`{key}()`:" in ln))
        assert line.count("`") // 2 - 1 == len(cols)


def test_signature_shows_annotations_and_defaults() -> None:
    def f(a: int, b: str | None = None, *, c: bool = False) -> list[str]:
        return []

    assert signature(f, "f") == "f(a: int, b: str | None = None, c: bool = False) -> list[str]"


def test_index_links_every_page_and_they_exist() -> None:
    text = (DOCS / "index.md").read_text()
    targets = re.findall(r"\]\(([^)#]+)\)", text)
    for page in ("getting-started.md", "cli.md", "schema.md", "api.md", "escalation.md"):
        assert page in targets, page
    for t in targets:
        assert (DOCS / t).resolve().exists(), t


@pytest.mark.parametrize("page", ["getting-started.md", "api.md"])
def test_relative_links_resolve(page: str) -> None:
    for t in re.findall(r"\]\(([^)#:]+)\)", (DOCS / page).read_text()):
        assert (DOCS / t).resolve().exists(), t


def test_guide_commands_and_options_exist() -> None:
    import typer.main

    from wirewatch.cli import app

    group = typer.main.get_command(app)
    ctx = group.make_context("wirewatch", [], resilient_parsing=True)
    commands = set(group.list_commands(ctx))  # type: ignore[attr-defined]
    seen = set()
    for block in _blocks(GUIDE.read_text(), "bash"):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if "wirewatch " not in line or not line.startswith((".venv/bin/wirewatch", "WIREWATCH_")):
                continue
            words = shlex.split(line)
            words = words[next(i for i, w in enumerate(words) if w.endswith("bin/wirewatch")) + 1:]
            name = words[0]
            assert name in commands, line
            cmd = group.get_command(ctx, name)  # type: ignore[attr-defined]
            opts = {o for p in cmd.params for o in getattr(p, "opts", [])}
            for w in words[1:]:
                if w.startswith("--"):
                    assert w in opts, f"{line}: {w}"
            seen.add(name)
    # the guide walks through running, reading, the dashboard, exports and the watcher
    assert {"run", "stories", "events", "brief", "serve", "export", "watch", "alerts"} <= seen


def test_guide_python_names_exist() -> None:
    blocks = _blocks(GUIDE.read_text(), "python")
    assert blocks
    for code in blocks:
        compile(code, "getting-started.md", "exec")
        for name in re.findall(r"\bwirewatch\.(\w+)\(", code):
            assert hasattr(wirewatch, name), name
        for name in re.findall(r"\bstore\.(\w+)\(", code):
            assert callable(getattr(Store, name, None)), name
        for name in re.findall(r"\bevents\.(\w+)\(", code):
            assert callable(getattr(Frame, name, None)), name


def test_guide_settings_override_names_a_real_setting() -> None:
    from wirewatch import config

    names = {s.name for s in config.SETTINGS}
    for var in re.findall(r"WIREWATCH_([A-Z_]+)=", GUIDE.read_text()):
        assert var.lower() in names, var


def test_guide_alert_rules_load(tmp_path: Path) -> None:
    (block,) = _blocks(GUIDE.read_text(), "toml")
    path = tmp_path / "alerts.toml"
    path.write_text(block)
    rules = alerts.load_rules(path)
    assert sorted(r.kind for r in rules.rules) == sorted(alerts.KINDS)
    assert set(rules.sinks) == {"file", "webhook"}
