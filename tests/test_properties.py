"""Property tests: any bytes into any reader give RawDocs or Rejects, never an exception, and
any RawDoc gives an Article or a Reject. (The cleaner and metadata have their own in
test_clean.py and test_metadata.py; fuzz/fuzz_readers.py runs the same contract for longer.)"""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wirewatch import ingest
from wirewatch.articles import to_article
from wirewatch.types import Article, RawDoc, Reject

NAMES = ["in.txt", "in.html", "in.jsonl", "in.json", "in.jsonl.gz", "in.warc", "in.warc.gz"]
FOLDER = Path(tempfile.mkdtemp(prefix="ww-prop-"))

texty = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.text(max_size=1000).map(lambda s: s.encode("utf-16", "surrogatepass")),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=50),
                       st.dictionaries(st.sampled_from(["id", "text", "maintext", "title", "date_publish",
                                                        "published", "html", "url"]),
                                       st.one_of(st.none(), st.text(max_size=300), st.integers()))),
             max_size=5).map(lambda xs: "\n".join(json.dumps(x) for x in xs).encode()),
)


def read_all(data: bytes, name: str) -> list[RawDoc | Reject]:
    path = FOLDER / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") and data[:2] != b"\x1f\x8b" else data)
    return list(ingest.read_path(path, name))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=texty, name=st.sampled_from(NAMES))
def test_any_bytes_give_rawdocs_or_rejects(data: bytes, name: str) -> None:
    for item in read_all(data, name):
        assert isinstance(item, (RawDoc, Reject))
        if isinstance(item, Reject):
            assert item.reason and item.path.endswith(name)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=texty, name=st.sampled_from(["in.txt", "in.html", "in.jsonl"]))
def test_any_rawdoc_gives_an_article_or_a_reject(data: bytes, name: str) -> None:
    for item in read_all(data, name):
        if isinstance(item, RawDoc):
            out = to_article(item)
            assert isinstance(out, (Article, Reject))
            if isinstance(out, Article):
                assert out.body.strip() and out.id.startswith("a")
