"""One way to print listings: a readable table for people, JSON Lines (``--json``) for scripts.

Every listing command goes through ``emit`` so they all share the same flags and behaviour.
Tables go to stdout too, but progress and messages go to stderr, so stdout stays clean.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

err = Console(stderr=True)


def _cell(value: Any, width: int = 60) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("name") or json.dumps(value, ensure_ascii=False)
    elif isinstance(value, list):
        value = ", ".join(_cell(v, width) for v in value)
    text = str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def emit(rows: Iterable[dict[str, Any]], as_json: bool, columns: Sequence[str], title: str | None = None) -> int:
    """Print rows; returns how many were printed."""
    n = 0
    if as_json:
        out = sys.stdout
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            n += 1
        out.flush()
        return n
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*[_cell(row.get(c)) for c in columns])
        n += 1
    Console(width=max(Console().width, 160)).print(table)
    return n
