"""atheris harness for the readers and the article stage: any bytes in, RawDocs/Rejects out.

Each input is written to a file under several names (so every reader is reached: text, HTML,
JSON Lines, gzip, WARC) and read back; any exception other than a Reject is a finding.

    .venv/bin/pip install atheris
    .venv/bin/python fuzz/fuzz_readers.py -max_total_time=600 fuzz/corpus

The seed corpus is built from examples/corpus on first run when the folder is empty.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from wirewatch import ingest
    from wirewatch.articles import to_article
    from wirewatch.types import RawDoc, Reject

NAMES = ("in.txt", "in.html", "in.jsonl", "in.jsonl.gz", "in.warc.gz")
WORK = Path(tempfile.mkdtemp(prefix="ww-fuzz-"))


def one_input(data: bytes) -> None:
    for name in NAMES:
        path = WORK / name
        path.write_bytes(data)
        for item in ingest.read_path(path, name):
            assert isinstance(item, (RawDoc, Reject)), type(item)
            if isinstance(item, RawDoc):
                out = to_article(item)
                assert out is not None


def seed(corpus: Path) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    if any(corpus.iterdir()):
        return
    src = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    for f in sorted(src.iterdir()):
        if f.is_file() and f.stat().st_size < 50_000:
            (corpus / f.name).write_bytes(f.read_bytes())


if __name__ == "__main__":
    os.environ.setdefault("WIREWATCH_MAX_TEXT_BYTES", "200000")
    corpora = [a for a in sys.argv[1:] if not a.startswith("-")]
    for c in corpora:
        seed(Path(c))
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
