"""The sample corpus and its manifest agree with each other.

Why: pipeline tests use ``examples/corpus_manifest.json`` as ground truth for the sample corpus,
so a file added without an entry, an entry pointing at nothing, or a title/date that drifted
from the file would make those tests wrong rather than failing loudly. These checks read the
raw files with the standard library and warcio only (no wirewatch code), so they test the data,
not the pipeline.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from collections import Counter, defaultdict
from datetime import datetime
from email.utils import parsedate_to_datetime
from html import unescape
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CORPUS = EXAMPLES / "corpus"
MANIFEST = EXAMPLES / "corpus_manifest.json"


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def entries(manifest: dict) -> list[dict]:
    return manifest["entries"]


@pytest.fixture(scope="module")
def articles(entries: list[dict]) -> list[dict]:
    return [e for e in entries if e["expected_reject"] is None]


@pytest.fixture(scope="module")
def warc_records() -> list[dict]:
    """Every record of the crawl, in order, with its payload read once."""
    out = []
    with (CORPUS / "30_crawl.warc.gz").open("rb") as fh:
        for rec in ArchiveIterator(fh):
            http = rec.http_headers
            out.append({
                "type": rec.rec_type,
                "url": rec.rec_headers.get_header("WARC-Target-URI"),
                "status": http.get_statuscode() if http and rec.rec_type == "response" else None,
                "ctype": http.get_header("Content-Type") if http else None,
                "payload": rec.content_stream().read(),
            })
    return out


def _jsonl_lines(path: Path) -> list[str]:
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8").splitlines()


def _read_text(entry: dict) -> str:
    return (EXAMPLES / entry["file"]).read_bytes().decode(entry["encoding"])


def _iso_day(value: str) -> str:
    """The calendar date a declared timestamp names, in its own offset (not converted to UTC)."""
    value = value.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return value
    if re.match(r"^\d{4}-\d{2}-\d{2}[ T]", value):
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    return parsedate_to_datetime(value).date().isoformat()


def _meta(html: str, prop: str) -> str | None:
    m = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return unescape(m.group(1)) if m else None


# --- the manifest and the folder list the same things ------------------------------------


def test_every_file_is_listed_and_every_listed_file_exists(entries: list[dict]) -> None:
    on_disk = {p.relative_to(EXAMPLES).as_posix() for p in CORPUS.rglob("*") if p.is_file()}
    listed = {e["file"] for e in entries}
    assert on_disk - listed == set(), "files in examples/corpus without a manifest entry"
    assert listed - on_disk == set(), "manifest entries pointing at missing files"


def test_keys_are_unique_and_well_formed(entries: list[dict]) -> None:
    keys = [e["key"] for e in entries]
    assert len(keys) == len(set(keys))
    for e in entries:
        if e["line"] is not None:
            assert e["key"] == f"{e['file']}#{e['line']}"
            assert e["record_index"] == e["line"] - 1 == e["record_no"] - 1
        elif e["format"] == "warc":
            assert e["key"] == f"{e['file']}#{e['url']}"
            assert e["record_no"] == e["record_index"] + 1
        else:
            assert e["key"] == e["file"]
            assert e["record_index"] is None and e["record_no"] is None


def test_counts_meet_the_brief(manifest: dict, articles: list[dict], entries: list[dict]) -> None:
    assert len(articles) >= 36
    assert len({e["story"] for e in articles}) >= 7
    assert set(manifest["stories"]) == {e["story"] for e in articles}
    assert len({e["publisher"] for e in articles}) >= 4
    assert {"text", "html", "jsonl", "warc"} <= {e["format"] for e in articles}
    assert any(e["file"].endswith(".jsonl.gz") for e in articles)
    assert any(e["language"] not in (None, "en") for e in articles), "no non-English article"
    assert {"utf-16", "cp1252"} <= {e["encoding"] for e in articles}
    per_story = Counter(e["story"] for e in articles if e["is_copy_of"] is None)
    assert min(per_story.values()) >= 3
    reasons = {e["expected_reject"] for e in entries} - {None}
    assert {"empty", "binary", "malformed json", "not a record", "no text", "not html"} <= reasons


def test_corpus_is_small() -> None:
    assert sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file()) < 1_000_000


# --- single-document files ----------------------------------------------------------------


def test_text_files_decode_and_carry_their_title(articles: list[dict]) -> None:
    texts = [e for e in articles if e["format"] == "text"]
    assert texts
    for e in texts:
        text = _read_text(e)
        assert e["title"] in text, e["key"]
        assert 150 <= len(text.split()) <= 700, e["key"]
        if e["dateline"]:
            assert e["dateline"] in text, e["key"]


def test_odd_encodings_are_what_they_claim() -> None:
    utf16 = (CORPUS / "13_morocco_toll_utf16.txt").read_bytes()
    assert utf16[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert "Amizmiz" in utf16.decode("utf-16")
    cp = (CORPUS / "18_macron_beirut_cp1252.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        cp.decode("utf-8")
    decoded = cp.decode("cp1252")
    assert "Gemmayzé" in decoded and "Mar Mikhaël" in decoded and "\u2019" in decoded


def test_broken_single_files_are_broken(entries: list[dict]) -> None:
    by_reason = {e["expected_reject"]: e for e in entries if e["line"] is None and e["format"] == "text"
                 and e["expected_reject"]}
    assert (EXAMPLES / by_reason["empty"]["file"]).stat().st_size == 0
    garbage = (EXAMPLES / by_reason["binary"]["file"]).read_bytes()
    assert b"\x00" in garbage
    with pytest.raises(UnicodeDecodeError):
        garbage.decode("utf-8")


def test_html_pages_declare_what_the_manifest_says(articles: list[dict]) -> None:
    pages = [e for e in articles if e["format"] == "html"]
    assert pages
    for e in pages:
        html = _read_text(e)
        assert _meta(html, "og:title") == e["title"], e["key"]
        assert _meta(html, "og:url") == e["url"], e["key"]
        site = _meta(html, "og:site_name")
        assert site in (None, e["publisher"]), e["key"]
        if e["publisher_cue"] != "meta":
            assert site is None and e["publisher"] in html, e["key"]
        if e["published_cue"] == "meta":
            assert _iso_day(_meta(html, "article:published_time")) == e["published"], e["key"]


# --- record files -------------------------------------------------------------------------


def test_jsonl_records_match_their_entries(entries: list[dict]) -> None:
    jsonl = [e for e in entries if e["format"] == "jsonl"]
    assert jsonl
    lines = {f: _jsonl_lines(EXAMPLES / f) for f in {e["file"] for e in jsonl}}
    for f, ls in lines.items():
        listed = sorted(e["line"] for e in jsonl if e["file"] == f)
        assert listed == list(range(1, len(ls) + 1)), f"{f}: every line needs an entry"
    for e in jsonl:
        line = lines[e["file"]][e["line"] - 1]
        reason = e["expected_reject"]
        if reason == "malformed json":
            with pytest.raises(json.JSONDecodeError):
                json.loads(line)
            continue
        rec = json.loads(line)
        if reason == "not a record":
            assert not isinstance(rec, dict)
            continue
        text = rec.get("text") or rec.get("maintext")
        if reason == "no text":
            assert not text
            continue
        assert reason is None, e["key"]
        assert unescape(rec["title"]) == e["title"]
        assert len(re.sub(r"<[^>]+>", " ", text).split()) >= 150, e["key"]
        assert rec.get("url") == e["url"]
        if "id" in rec:
            assert rec["id"] == e["record_id"]
        declared = rec.get("published") or rec.get("date_publish")
        assert _iso_day(declared) == e["published"], e["key"]
        if e["publisher_cue"] == "record":
            assert rec["publisher"] == e["publisher"]
        if "source_domain" in rec:
            assert rec["language"] == e["language"]
            assert e["url"].split("/")[2] == rec["source_domain"]


def test_gzip_decompresses_to_news_please_records() -> None:
    recs = [json.loads(x) for x in _jsonl_lines(CORPUS / "29_ccnews.jsonl.gz")]
    assert recs
    for rec in recs:
        assert {"maintext", "title", "date_publish", "source_domain", "url", "language", "authors"} <= set(rec)
        datetime.strptime(rec["date_publish"], "%Y-%m-%d %H:%M:%S")


def test_warc_opens_and_matches_entries(entries: list[dict], warc_records: list[dict]) -> None:
    types = [r["type"] for r in warc_records]
    assert types[0] == "warcinfo" and "request" in types
    responses = [i for i, r in enumerate(warc_records) if r["type"] == "response"]
    listed = [e for e in entries if e["format"] == "warc"]
    assert sorted(e["record_index"] for e in listed) == responses, "every response needs an entry"
    for e in listed:
        rec = warc_records[e["record_index"]]
        assert rec["url"] == e["url"]
        is_html = rec["ctype"].startswith("text/html")
        if e["expected_reject"] == "not html":
            assert not is_html
            continue
        assert is_html
        html = rec["payload"].decode("utf-8")
        if e["expected_reject"] == "http status 404":
            assert rec["status"] == "404"
            continue
        assert e["expected_reject"] is None and rec["status"] == "200"
        assert _meta(html, "og:title") == e["title"]
        assert _meta(html, "og:site_name") == e["publisher"]
        assert _iso_day(_meta(html, "article:published_time")) == e["published"]


def test_caption_counts_match_photo_credits(articles: list[dict], warc_records: list[dict]) -> None:
    """Every caption in the corpus ends with a photo credit, so credits count captions."""
    credit = re.compile(r"\((?:AP\s+Photo[^()]*|Getty Images|[^()]*via AP)\)")
    for e in articles:
        if e["format"] == "warc":
            text = warc_records[e["record_index"]]["payload"].decode("utf-8")
        elif e["format"] == "jsonl":
            rec = json.loads(_jsonl_lines(EXAMPLES / e["file"])[e["line"] - 1])
            text = rec.get("text") or rec.get("maintext")
        else:
            text = _read_text(e)
        assert len(credit.findall(text)) == e["captions"], e["key"]


# --- structure the pipeline tests rely on -------------------------------------------------


def test_copies_share_text_with_their_original(entries: list[dict], warc_records: list[dict]) -> None:
    by_key = {e["key"]: e for e in entries}
    groups: dict[str, list[dict]] = defaultdict(list)
    for e in entries:
        if e["copy_group"]:
            groups[e["copy_group"]].append(e)
    assert len(groups) >= 2 and all(len(g) >= 2 for g in groups.values())
    for e in entries:
        if e["is_copy_of"]:
            orig = by_key[e["is_copy_of"]]
            assert orig["copy_group"] == e["copy_group"] and orig["is_copy_of"] is None
            assert orig["event"] == e["event"]
            assert orig["publisher"] != e["publisher"], "a copy is republished by another outlet"

    def body(e: dict) -> str:
        if e["format"] == "warc":
            raw = unescape(warc_records[e["record_index"]]["payload"].decode("utf-8"))
        elif e["format"] == "jsonl":
            raw = json.loads(_jsonl_lines(EXAMPLES / e["file"])[e["line"] - 1])["maintext"]
        else:
            raw = unescape(_read_text(e))
        return raw

    for group in groups.values():
        texts = [body(e) for e in group]
        # every sentence of the original's body paragraphs appears verbatim in every copy
        # (captions, credits and the wire's dateline differ, so skip lines with parentheses)
        paragraphs = [ln for ln in texts[0].splitlines() if len(ln) > 200 and "(" not in ln]
        sentences = [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+", p) if len(s) > 60]
        assert len(sentences) >= 5
        for t in texts[1:]:
            assert all(s in t for s in sentences)


def test_conflicts_and_series_point_at_real_entries(manifest: dict, articles: list[dict]) -> None:
    keys = {e["key"]: e for e in articles}
    for c in manifest["conflicts"]:
        claimed = [keys[k] for k in c["claims"]]
        assert all(e["story"] == c["story"] and e["published"] == c["date"] for e in claimed)
        assert len({e["publisher"] for e in claimed}) == len(claimed)
    series = manifest["escalation_series"]
    first_day = {}
    for e in articles:
        if e["story"] == series["story"]:
            first_day.setdefault(e["event"], e["published"])
            first_day[e["event"]] = min(first_day[e["event"]], e["published"])
    assert set(series["events"]) == set(first_day)
    days = [first_day[ev] for ev in series["events"]]
    assert days == sorted(days) and len(set(days)) == len(days)
    for pair in manifest["similar_pairs"]:
        a, b = pair["stories"]
        assert a in manifest["stories"] and b in manifest["stories"] and a != b


def test_readme_lists_every_entry(entries: list[dict]) -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- corpus-table:start -->", 1)[1].split("<!-- corpus-table:end -->", 1)[0]
    rows = [r for r in table.splitlines() if r.startswith("| `")]
    assert len(rows) == len(entries)
    for e in entries:
        assert f"`{e['file'].removeprefix('corpus/')}" in table


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(f"examples_{name}", EXAMPLES / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_files_match_their_build_scripts(warc_records: list[dict]) -> None:
    """The scripts are the reviewable source of the binary inputs; they must not drift apart."""
    records = _load_script("make_records")
    assert _jsonl_lines(CORPUS / "27_records.jsonl") == [
        json.dumps(r, ensure_ascii=False) for r in records.ours()]
    assert _jsonl_lines(CORPUS / "28_feed_broken.jsonl") == records.broken_lines()
    assert _jsonl_lines(CORPUS / "29_ccnews.jsonl.gz") == [
        json.dumps(r, ensure_ascii=False) for r in records.ccnews()]
    warc = _load_script("make_warc")
    payloads = {r["url"]: r["payload"] for r in warc_records if r["type"] == "response"}
    for url, html in warc.articles():
        assert payloads[url] == html
