#!/usr/bin/env bash
# Quick start, command 1: create the environment, install everything, run the main job on the
# bundled sample corpus and show what came out. Needs only Python 3.11 and the package registry.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dask]'
DB=${WIREWATCH_DB:-wirewatch.duckdb}
.venv/bin/wirewatch run examples/corpus --db "$DB" || true   # exit 1 only when nothing was ingested
echo
.venv/bin/wirewatch stories --db "$DB"
echo
# the brief of the story most outlets reported
TOP=$(.venv/bin/wirewatch stories --db "$DB" --json | .venv/bin/python -c \
  'import json,sys; rows=[json.loads(l) for l in sys.stdin]; print(max(rows, key=lambda s: (len(s["publishers"]), len(s["article_ids"])))["id"] if rows else "")')
[ -n "$TOP" ] && .venv/bin/wirewatch brief "$TOP" --db "$DB"
echo
echo "Next: .venv/bin/wirewatch brief STORY_ID --db $DB    or    .venv/bin/wirewatch serve --db $DB"
