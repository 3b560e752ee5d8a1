"""Documentation stays in step with the code: every command, option and setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

from wirewatch import config
from wirewatch.docgen import cli_reference

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_current() -> None:
    committed = (ROOT / "docs" / "cli.md").read_text()
    assert committed == cli_reference(), "docs/cli.md is stale: python -m wirewatch.docgen > docs/cli.md"


def test_every_command_and_option_is_in_the_reference() -> None:
    import typer.main

    from wirewatch.cli import app

    text = (ROOT / "docs" / "cli.md").read_text()
    group = typer.main.get_command(app)
    ctx = group.make_context("wirewatch", [], resilient_parsing=True)
    for name in group.list_commands(ctx):
        assert f"## `wirewatch {name}`" in text
        cmd = group.get_command(ctx, name)
        for p in cmd.params:
            for opt in getattr(p, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    section = text.split(f"## `wirewatch {name}`")[1].split("\n## ")[0]
                    assert f"`{opt}`" in section, f"{name} {opt} undocumented"


def test_every_setting_is_documented() -> None:
    text = (ROOT / "docs" / "cli.md").read_text()
    for s in config.SETTINGS:
        assert f"`{s.name}`" in text


def test_readme_quick_start_has_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "quick start has no command block"
    commands = [ln for ln in block.group(1).splitlines() if ln.strip() and not ln.strip().startswith("#")]
    assert len(commands) == 2
    for cmd in commands:
        script = cmd.split("#")[0].split()[-1]
        assert (ROOT / script).is_file(), script
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test.sh" in ci and "scripts/test.sh" in commands[1]
