"""Readers: every input becomes a RawDoc or a Reject with a reason, never an exception."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wirewatch import ingest
from wirewatch.types import RawDoc, Reject

ARTICLE = (
    "Leaders meet in Geneva\n\nGENEVA - Delegations from both governments met on Tuesday for a "
    "second round of talks on the disputed border, officials said, and agreed to meet again next month."
)


def items(*paths: Path) -> list[RawDoc | Reject]:
    return list(ingest.iter_inputs([str(p) for p in paths]))


def only(*paths: Path) -> RawDoc | Reject:
    got = items(*paths)
    assert len(got) == 1, got
    return got[0]


def test_plain_text_file(tmp_path: Path) -> None:
    f = tmp_path / "story.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    doc = only(f)
    assert isinstance(doc, RawDoc)
    assert doc.format == "text" and doc.text == ARTICLE and doc.source_id == "story.txt"


def test_folder_is_walked_recursively_with_relative_source_ids(tmp_path: Path) -> None:
    (tmp_path / "in" / "deep").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(ARTICLE)
    (tmp_path / "in" / "deep" / "b.txt").write_text(ARTICLE + " More.")
    got = items(tmp_path / "in")
    assert sorted(d.source_id for d in got) == ["in/a.txt", "in/deep/b.txt"]


def test_html_detected_by_content_not_extension(tmp_path: Path) -> None:
    f = tmp_path / "page.txt"
    f.write_text("<!DOCTYPE html><html><body><p>" + ARTICLE + "</p></body></html>")
    doc = only(f)
    assert isinstance(doc, RawDoc) and doc.format == "html" and doc.html and doc.text is None


def test_jsonl_own_and_news_please_fields(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    own = {"id": "r1", "title": "T", "text": ARTICLE, "published": "2022-02-14", "publisher": "Harbor Daily",
           "url": "https://example.org/1"}
    np_rec = {"maintext": ARTICLE, "title": "U", "date_publish": "2022-02-21 14:03:00",
              "source_domain": "example.com", "url": "https://example.com/2", "authors": ["A", "B"]}
    f.write_text(json.dumps(own) + "\n" + json.dumps(np_rec) + "\n")
    a, b = items(f)
    assert isinstance(a, RawDoc) and a.source_id == "r1" and a.meta["publisher"] == "Harbor Daily"
    assert isinstance(b, RawDoc) and b.source_id == "https://example.com/2"
    assert b.meta["published"] == "2022-02-21 14:03:00" and b.meta["publisher"] == "example.com"
    assert b.meta["author"] == "A, B" and b.record_no == 2


def test_jsonl_gz_and_bad_lines_are_rejected_by_number(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl.gz"
    lines = [json.dumps({"id": "ok", "text": ARTICLE}), "{not json", "[1, 2]", "null",
             json.dumps({"id": "nt", "title": "no text"}), '"a string"']
    f.write_bytes(gzip.compress("\n".join(lines).encode()))
    got = items(f)
    docs = [g for g in got if isinstance(g, RawDoc)]
    rejects = {g.record_no: g.reason for g in got if isinstance(g, Reject)}
    assert [d.source_id for d in docs] == ["ok"]
    assert "malformed JSON" in rejects[2]
    assert "list" in rejects[3] and "NoneType" in rejects[4]
    assert "no text" in rejects[5] and "str" in rejects[6]


def test_empty_and_blank_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ")
    got = {Path(g.path).name: g for g in items(tmp_path)}
    assert isinstance(got["empty.txt"], Reject) and "empty" in got["empty.txt"].reason
    assert isinstance(got["blank.txt"], Reject) and "no text" in got["blank.txt"].reason


def test_binary_file_rejected(tmp_path: Path) -> None:
    f = tmp_path / "photo.txt"
    f.write_bytes(bytes(range(256)) * 40)
    r = only(f)
    assert isinstance(r, Reject) and "binary" in r.reason


def test_nul_bytes_inside_text_rejected_as_binary(tmp_path: Path) -> None:
    f = tmp_path / "nul.txt"
    f.write_bytes(ARTICLE.encode() + b"\x00\x01\x02\x00" * 200)
    r = only(f)
    assert isinstance(r, Reject) and "binary" in r.reason


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    text = "São Paulo – Presidente Luiz Inácio Lula da Silva met Emmanuel Macron in Brasília on Monday. " * 3
    if encoding == "latin-1":
        text = text.replace("–", "-")
    f = tmp_path / "enc.txt"
    f.write_bytes(text.encode(encoding))
    doc = only(f)
    assert isinstance(doc, RawDoc) and "Inácio" in (doc.text or "") and "Brasília" in (doc.text or "")


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    f = tmp_path / "u16.txt"
    f.write_bytes(ARTICLE.encode("utf-16"))
    doc = only(f)
    assert isinstance(doc, RawDoc) and doc.text == ARTICLE


def test_oversize_text_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREWATCH_MAX_TEXT_BYTES", "1000")
    f = tmp_path / "huge.txt"
    f.write_text("word " * 1000)
    r = only(f)
    assert isinstance(r, Reject) and "too large" in r.reason


def test_gzip_bomb_rejected_without_inflating_it_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREWATCH_MAX_DECOMPRESSED_BYTES", str(5_000_000))
    f = tmp_path / "bomb.jsonl.gz"
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
        chunk = b"\n" * (1 << 20)
        for _ in range(50):  # 50 MB of newlines -> ~50 KB compressed
            gz.write(chunk)
    f.write_bytes(buf.getvalue())
    assert f.stat().st_size < 200_000
    r = only(f)
    assert isinstance(r, Reject) and "gzip bomb" in r.reason


def test_corrupt_gzip_rejected(tmp_path: Path) -> None:
    f = tmp_path / "broken.jsonl.gz"
    f.write_bytes(gzip.compress(b'{"text": "x"}\n' * 100)[:40])
    r = only(f)
    assert isinstance(r, Reject) and "gzip" in r.reason


def test_symlink_loop_reported_once(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(ARTICLE)
    os.symlink(root, root / "sub" / "loop")
    got = items(root)
    docs = [g for g in got if isinstance(g, RawDoc)]
    loops = [g for g in got if isinstance(g, Reject) and "symlink loop" in g.reason]
    assert len(docs) == 1 and len(loops) == 1


def test_missing_path_rejected(tmp_path: Path) -> None:
    r = only(tmp_path / "nope")
    assert isinstance(r, Reject) and "no such" in r.reason


def test_unreadable_file_rejected() -> None:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ww-perm-"))
    folder.chmod(0o755)
    f = folder / "secret.txt"
    f.write_text(ARTICLE)
    f.chmod(0)
    # root reads everything, so the reader runs in a child that drops to nobody first
    code = (
        "import json, os, sys\n"
        "from wirewatch import ingest\n"
        "if os.geteuid() == 0:\n"
        "    os.setgid(65534); os.setuid(65534)\n"
        "print(json.dumps([i.to_dict() for i in ingest.iter_inputs([sys.argv[1]])]))\n"
    )
    try:
        out = subprocess.run([sys.executable, "-c", code, str(f)], capture_output=True, text=True,
                             check=True)
    finally:
        f.chmod(0o644)
    (rec,) = json.loads(out.stdout)
    assert "permission denied" in rec["reason"]


def test_bom_less_utf16_is_decoded(tmp_path: Path) -> None:
    f = tmp_path / "u16le.txt"
    f.write_bytes(ARTICLE.encode("utf-16-le"))
    doc = only(f)
    assert isinstance(doc, RawDoc) and doc.text == ARTICLE


def test_warc_html_responses_only(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    f = tmp_path / "crawl.warc.gz"
    with open(f, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for uri, ctype, body in [
            ("https://example.org/a", "text/html; charset=utf-8", f"<html><body><p>{ARTICLE}</p></body></html>"),
            ("https://example.org/img.png", "image/png", "\x89PNG"),
            ("https://example.org/api", "application/json", '{"a": 1}'),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body.encode()),
                                                http_headers=headers))
        w.write_record(w.create_warc_record("https://example.org/a", "request",
                                            payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))
    got = items(f)
    assert len(got) == 1
    doc = got[0]
    assert isinstance(doc, RawDoc) and doc.format == "warc" and doc.source_id == "https://example.org/a"
    assert ARTICLE[:30] in (doc.html or "")


def test_garbage_named_warc_rejected(tmp_path: Path) -> None:
    f = tmp_path / "fake.warc"
    f.write_text("this is not a warc file\n" * 20)
    r = only(f)
    assert isinstance(r, Reject)


def test_deeply_nested_html_rejected(tmp_path: Path) -> None:
    f = tmp_path / "deep.html"
    f.write_text("<html><body>" + "<div>" * 50_000 + "text" + "</div>" * 50_000 + "</body></html>")
    r = only(f)
    assert isinstance(r, Reject) and "nested deeper" in r.reason


def test_ordinary_html_with_unclosed_paragraphs_is_not_deep(tmp_path: Path) -> None:
    f = tmp_path / "ok.html"
    f.write_text("<html><body>" + "<p>para" * 5000 + "<div><span>x</span></div></body></html>")
    assert isinstance(only(f), RawDoc)


def test_warc_error_responses_rejected(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    f = tmp_path / "crawl.warc"
    with open(f, "wb") as fh:
        w = WARCWriter(fh, gzip=False)
        headers = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://example.org/gone", "response",
                                            payload=io.BytesIO(b"<html><body>Sorry, not found</body></html>"),
                                            http_headers=headers))
    got = items(f)
    assert any(isinstance(g, Reject) and "HTTP status 404" in g.reason and g.record_no == 1 for g in got)
    assert not any(isinstance(g, RawDoc) for g in got)


def test_nul_every_fourth_byte_is_binary_not_utf16(tmp_path: Path) -> None:
    f = tmp_path / "nul4.txt"
    f.write_bytes(b"abc\x00def\x00" * 1000)
    r = only(f)
    assert isinstance(r, Reject) and "binary" in r.reason


def test_truncated_utf16_is_decoded_not_raised(tmp_path: Path) -> None:
    f = tmp_path / "odd.txt"
    f.write_bytes(ARTICLE.encode("utf-16") + b"\x00")  # odd length: a truncated code unit
    doc = only(f)
    assert isinstance(doc, RawDoc) and (doc.text or "").startswith(ARTICLE[:40])


# ---------------------------------------------------------------------- streaming
def _feed(n: int, text: str = ARTICLE) -> bytes:
    return b"".join(json.dumps({"id": f"r{i}", "text": f"{text} Record {i}."}).encode() + b"\n" for i in range(n))


@pytest.mark.parametrize("gz", [False, True])
def test_jsonl_is_streamed_not_loaded_whole(tmp_path: Path, gz: bool) -> None:
    """Reading a 9 MB feed allocates about one chunk, not the file (tracemalloc peak)."""
    import tracemalloc

    data = _feed(40_000)
    assert len(data) > 9_000_000
    f = tmp_path / ("big.jsonl.gz" if gz else "big.jsonl")
    f.write_bytes(gzip.compress(data, compresslevel=1) if gz else data)
    del data
    tracemalloc.start()
    count = 0
    for item in ingest.iter_inputs([str(f)]):
        assert isinstance(item, RawDoc)
        count += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 40_000
    assert peak < 3_000_000, peak


def test_first_record_arrives_before_the_file_is_read(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_bytes(_feed(30_000))
    it = ingest.iter_inputs([str(f)])
    first = next(it)
    assert isinstance(first, RawDoc) and first.source_id == "r0" and first.record_no == 1


def test_overlong_line_is_rejected_by_number_and_the_rest_read(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREWATCH_MAX_TEXT_BYTES", "100000")  # line bound = 4 x 100 kB + 1 MB
    f = tmp_path / "feed.jsonl"
    long_line = json.dumps({"id": "huge", "text": "word " * 600_000}).encode()
    f.write_bytes(_feed(2) + long_line + b"\n" + _feed(1).replace(b'"r0"', b'"after"'))
    got = items(f)
    docs = [g.source_id for g in got if isinstance(g, RawDoc)]
    rejects = [(g.record_no, g.reason) for g in got if isinstance(g, Reject)]
    assert docs == ["r0", "r1", "after"]
    assert len(rejects) == 1 and rejects[0][0] == 3 and "longer than" in rejects[0][1]


def test_corrupt_gzip_tail_keeps_the_records_before_it(tmp_path: Path) -> None:
    data = gzip.compress(_feed(30_000), compresslevel=1)
    f = tmp_path / "cut.jsonl.gz"
    f.write_bytes(data[: len(data) // 2])  # a transfer cut half-way
    got = items(f)
    docs = [g for g in got if isinstance(g, RawDoc)]
    assert 0 < len(docs) < 30_000
    assert [d.source_id for d in docs] == [f"r{i}" for i in range(len(docs))]
    assert isinstance(got[-1], Reject) and "gzip" in got[-1].reason and got[-1].path == str(f)


def test_cp1252_line_in_utf8_feed_is_decoded(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "u", "text": ARTICLE}, ensure_ascii=False).encode()
    legacy = ('{"id": "c", "text": "' + ARTICLE.replace("\n", " ") + ' Café – déjà vu."}').encode("cp1252")
    f.write_bytes(good + b"\n" + legacy + b"\n")
    got = items(f)
    assert [g.source_id for g in got if isinstance(g, RawDoc)] == ["u", "c"]
    assert "Café – déjà" in (got[1].text or "")  # type: ignore[union-attr]


def test_utf16_jsonl_is_decoded(tmp_path: Path) -> None:
    f = tmp_path / "u16.jsonl"
    f.write_bytes(_feed(3).decode().encode("utf-16"))
    assert [g.source_id for g in items(f) if isinstance(g, RawDoc)] == ["r0", "r1", "r2"]


def test_large_warc_is_streamed(tmp_path: Path) -> None:
    import tracemalloc

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    f = tmp_path / "crawl.warc.gz"
    page = f"<html><body><p>{ARTICLE}</p>{'<p>filler paragraph of the page.</p>' * 200}</body></html>".encode()
    with open(f, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i in range(1000):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://example.org/{i}", "response",
                                                payload=io.BytesIO(page), http_headers=headers))
    tracemalloc.start()
    n = sum(1 for g in ingest.iter_inputs([str(f)]) if isinstance(g, RawDoc))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n == 1000
    assert peak < 4_000_000, peak  # ~8 MB of pages inflated; one page at a time is kept
