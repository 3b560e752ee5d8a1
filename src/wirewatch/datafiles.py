"""Reading our TSV lexicons: a ``# version: N`` header, comments, blank lines, TAB columns."""

from __future__ import annotations

import re

_VERSION = re.compile(r"#\s*version:\s*(\d+)")


def tsv_rows(text: str) -> tuple[int, list[tuple[str, list[str]]]]:
    """(version, [(raw line, TAB-split columns)]) for every data line; 0 when no header."""
    version = 0
    rows: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        if raw.startswith("#"):
            m = _VERSION.match(raw)
            if m:
                version = int(m.group(1))
            continue
        rows.append((raw, raw.split("\t")))
    return version, rows
