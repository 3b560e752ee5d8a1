"""Do the engines agree on a real corpus? The whole ECB+ corpus (982 news documents, read from
``../shared`` and written to a temporary JSONL file, never into the repository) is run through
``wirewatch.pipeline.run`` twice, into two fresh stores: the local engine (one process) and the
Dask engine (a LocalCluster of ``--workers`` single-threaded processes). Every table of the two
stores is then compared row by row, except columns that record when or by which run a row was
written (``run_id``, every TIMESTAMP column, the ``runs`` log).

    nice -n 10 .venv/bin/python bench/bench_engines.py --workers 2

Prints one JSON object: ``agree``, per-table row counts, per-table differences (if any) and the
seconds each engine took, with the load average seen (the machine is shared).

Both runs import one frozen copy of the package: ``git archive HEAD src/wirewatch`` into the
temporary directory, first on ``PYTHONPATH`` (Dask workers inherit it). In a checkout that is
being edited while the benchmark runs, the two runs would otherwise load different code (the
workers of the second run import modules minutes after the first run did) and disagree for
that reason alone — which is what happened on the first attempt (see bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WIREWATCH_SHARED", ROOT.parent / "shared"))

# Columns that legitimately differ between two runs of the same input.
VOLATILE = {"run_id", "rejected_at", "raised_at", "started", "finished"}
SKIP_TABLES = {"runs"}


def table_contents(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every user table, volatile columns dropped, rows sorted, values as comparable text."""
    from wirewatch.store import Store

    store = Store(str(db), read_only=True)
    tables = [r["table_name"] for r in store.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "ORDER BY table_name")]
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in tables:
        if table in SKIP_TABLES:
            continue
        cols = store.query(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position", [table])
        keep = [c["column_name"] for c in cols
                if c["column_name"] not in VOLATILE and not c["data_type"].startswith("TIMESTAMP")]
        rows = store.query(f"SELECT {', '.join(keep)} FROM {table}")
        out[table] = sorted(tuple(json.dumps(r[c], sort_keys=True, default=str) for c in keep)
                            for r in rows)
    return out


def snapshot_and_reexec() -> None:
    """Re-run this script with the package frozen at HEAD first on PYTHONPATH."""
    tmp = tempfile.mkdtemp(prefix="ww-engines-")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    archive = subprocess.run(["git", "archive", commit, "src/wirewatch"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
    env = {**os.environ, "PYTHONPATH": str(Path(tmp) / "src"), "WW_ENGINES_SNAPSHOT": commit}
    try:
        code = subprocess.run([sys.executable, __file__, *sys.argv[1:]], env=env).returncode
    finally:
        subprocess.run(["rm", "-rf", tmp], check=False)
    sys.exit(code)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="first N documents only (0 = all)")
    ap.add_argument("--no-snapshot", action="store_true",
                    help="import the checkout as it is (only safe when nobody edits it)")
    args = ap.parse_args()
    if not args.no_snapshot and not os.environ.get("WW_ENGINES_SNAPSHOT"):
        snapshot_and_reexec()
    import wirewatch

    src = SHARED / "data" / "ecbplus" / "ecbplus_docs.jsonl"
    if not src.exists():
        sys.exit(f"skip: {src} is absent")
    from wirewatch.pipeline import run

    docs = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.limit:
        docs = docs[: args.limit]
    result: dict[str, Any] = {"bench": "engines", "documents": len(docs), "workers": args.workers,
                              "code": os.environ.get("WW_ENGINES_SNAPSHOT", "checkout"),
                              "package_path": str(Path(wirewatch.__file__).parent)}
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "ecbplus.jsonl"
        inp.write_text("\n".join(json.dumps({"id": d["doc_id"], "title": d.get("title_guess"),
                                             "text": d["text"]}) for d in docs) + "\n",
                       encoding="utf-8")
        contents = {}
        for engine, workers in (("local", 1), ("dask", args.workers)):
            db = Path(tmp) / f"{engine}.duckdb"
            load0 = [round(x, 2) for x in os.getloadavg()]
            t = time.perf_counter()
            summary = run([str(inp)], db=str(db), engine=engine, workers=workers)
            result[f"{engine}_seconds"] = round(time.perf_counter() - t, 1)
            result[f"{engine}_load_before"] = load0
            result[f"{engine}_articles"] = summary.articles
            contents[engine] = table_contents(db)
    local, dask = contents["local"], contents["dask"]
    diffs = {}
    for table in sorted(set(local) | set(dask)):
        a, b = local.get(table, []), dask.get(table, [])
        if a != b:
            only_a, only_b = set(a) - set(b), set(b) - set(a)
            diffs[table] = {"local_rows": len(a), "dask_rows": len(b),
                            "only_local": len(only_a), "only_dask": len(only_b),
                            "example_local": sorted(only_a)[:1], "example_dask": sorted(only_b)[:1]}
    result.update({
        "agree": not diffs,
        "counts": {t: len(rows) for t, rows in local.items()},
        "differences": diffs,
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    })
    print(json.dumps(result))


if __name__ == "__main__":
    main()
