"""Readers: files and folders in, ``RawDoc`` or ``Reject`` out, lazily.

Every input becomes either a RawDoc or a Reject naming the path (and record number) with the
reason, so nothing vanishes silently and one bad file never stops a batch. Readers are chosen by
content first and extension second: a ``.txt`` that is really HTML is read as HTML, a file of
random bytes named ``.txt`` is rejected as binary.

Bounds (settings in ``config.py``) keep hostile input cheap: over-size files and texts, gzip
bombs (decompression stops at a limit), deeply nested HTML, symlink loops.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from wirewatch import config
from wirewatch.types import RawDoc, Reject

Item = RawDoc | Reject

TEXT_FIELDS = ("text", "maintext", "body", "content", "article", "full_text")
HTML_FIELDS = ("html", "raw_html")
TITLE_FIELDS = ("title", "headline", "title_page", "title_rss")
DATE_FIELDS = ("published", "date_publish", "date", "published_at", "publish_date", "pubdate",
               "date_modify", "date_download")
PUBLISHER_FIELDS = ("publisher", "source_domain", "source", "site_name", "sitename", "outlet")
AUTHOR_FIELDS = ("author", "authors", "byline")

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body|<meta|<div|<article)", re.I | re.S)


class InputError(ValueError):
    """An input that cannot be used; the message is the reason shown to the user."""


# ---------------------------------------------------------------------- walking
def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, str] | Reject]:
    """Files under the given paths, recursively, each with its source id.

    The source id is the path relative to the parent of the root it was found under, so it does
    not depend on the working directory. Symlinks to folders are followed once: a loop is reported.
    """
    for root in paths:
        root_path = Path(root)
        if not root_path.exists():
            yield Reject(str(root), "no such file or folder")
            continue
        if root_path.is_file():
            yield root_path, root_path.name
            continue
        base = root_path.absolute().parent
        seen: set[str] = set()
        stack = [root_path]
        while stack:
            folder = stack.pop()
            try:
                real = os.path.realpath(folder)
            except OSError as exc:
                yield Reject(str(folder), f"cannot resolve folder: {exc}")
                continue
            if real in seen:
                yield Reject(str(folder), "symlink loop: folder already visited")
                continue
            seen.add(real)
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as exc:
                yield Reject(str(folder), f"cannot read folder: {exc.strerror or exc}")
                continue
            subdirs = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = Path(entry.path)
                try:
                    if entry.is_dir():
                        subdirs.append(path)
                        continue
                    if not entry.is_file():
                        if entry.is_symlink():
                            yield Reject(str(path), "broken symlink")
                        continue
                except OSError as exc:
                    yield Reject(str(path), f"cannot stat: {exc}")
                    continue
                rel = os.path.relpath(path.absolute(), base)
                yield path, rel
            stack.extend(reversed(subdirs))


# ---------------------------------------------------------------------- decoding
def read_bytes(path: Path) -> bytes:
    """The file's bytes, decompressed when gzip, bounded against bombs and huge files."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot stat: {exc.strerror or exc}") from exc
    if size == 0:
        raise InputError("empty file")
    if size > int(config.get("max_file_bytes")):
        raise InputError(f"file too large: {size} bytes")
    try:
        with open(path, "rb") as fh:
            head = fh.read(2)
            fh.seek(0)
            if head == b"\x1f\x8b":
                return _gunzip_bounded(fh)
            return fh.read()
    except PermissionError as exc:
        raise InputError("unreadable: permission denied") from exc
    except OSError as exc:
        raise InputError(f"unreadable: {exc.strerror or exc}") from exc


def _gunzip_bounded(fh: io.BufferedReader) -> bytes:
    limit = int(config.get("max_decompressed_bytes"))
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=fh) as gz:
            while True:
                chunk = gz.read(1 << 20)
                if not chunk:
                    break
                out += chunk
                if len(out) > limit:
                    raise InputError(
                        f"decompressed size exceeds {limit} bytes (gzip bomb or oversized archive)"
                    )
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"corrupt gzip data: {exc}") from exc
    if not out:
        raise InputError("empty file (after decompression)")
    return bytes(out)


def looks_binary(data: bytes) -> bool:
    """Binary, not text: NUL bytes (outside UTF-16) or many control characters in the head."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        # UTF-16 without BOM has NULs in every other byte; anything else with NULs is binary
        return _utf16_parity(head) is None
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > 0.05 * max(len(head), 1)


def _utf16_parity(head: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NULs sit in one byte parity only, as in BOM-less UTF-16."""
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / max(len(even), 1), odd.count(0) / max(len(odd), 1)
    if zeros_odd > 0.7 and zeros_even < 0.02:
        return "utf-16-le"
    if zeros_even > 0.7 and zeros_odd < 0.02:
        return "utf-16-be"
    return None


def decode(data: bytes) -> str:
    """Bytes to text: BOMs first, then strict UTF-8, then detection (latin-1, cp1252, UTF-16)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:8192]:
        parity = _utf16_parity(data[:8192])
        if parity is None:
            raise InputError("binary content, not text (NUL bytes)")
        return data.decode(parity, errors="replace")
    if looks_binary(data):
        raise InputError("binary content, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding not in ("utf_8", "ascii"):
            return data.decode(best.encoding, errors="replace")
    except Exception:  # detection is best effort; cp1252 below is the common case
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# ---------------------------------------------------------------------- readers
def read_path(path: Path, source_id: str) -> Iterator[Item]:
    """All items of one file. Never raises: problems become Rejects."""
    name = path.name.lower()
    try:
        data = read_bytes(path)
    except InputError as exc:
        yield Reject(str(path), str(exc))
        return
    try:
        if ".warc" in name:
            yield from read_warc(data, path, source_id)
        elif name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".json", ".json.gz", ".ndjson.gz")):
            yield from read_jsonl(data, path, source_id)
        elif _HTML_START.match(data[:4096]) or name.endswith((".html", ".htm", ".html.gz", ".htm.gz")):
            yield read_html(data, path, source_id)
        else:
            yield read_text(data, path, source_id)
    except InputError as exc:
        yield Reject(str(path), str(exc))


def _check_size(text: str) -> None:
    limit = int(config.get("max_text_bytes"))
    if len(text) > limit:
        raise InputError(f"text too large: {len(text)} characters (limit {limit})")


def read_text(data: bytes, path: Path, source_id: str) -> RawDoc:
    text = decode(data)
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text.strip():
        raise InputError("no text (blank file)")
    _check_size(text)
    return RawDoc(source_id=source_id, path=str(path), format="text", text=text)


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr p li td tr th "
                  "option dt dd".split())  # void, or often left unclosed: never counted as depth


def html_depth(html: str, limit: int) -> int:
    """Nesting depth of the markup, stopping as soon as it passes ``limit`` (linear time)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        if m.group(2).lower() in _VOID or m.group(3):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
    return deepest


def check_html(html: str) -> None:
    """Reject markup nested deeper than ``max_html_depth`` before a parser recurses into it."""
    limit = int(config.get("max_html_depth"))
    if html_depth(html, limit) > limit:
        raise InputError(f"HTML nested deeper than {limit} levels")


def read_html(data: bytes, path: Path, source_id: str, meta: dict[str, Any] | None = None) -> RawDoc:
    html = decode(data)
    if not html.strip():
        raise InputError("no text (blank page)")
    _check_size(html)
    check_html(html)
    return RawDoc(source_id=source_id, path=str(path), format="html", html=html, meta=meta or {})


def _first(record: dict[str, Any], fields: tuple[str, ...]) -> Any:
    for f in fields:
        v = record.get(f)
        if v not in (None, "", []):
            return v
    return None


def record_meta(record: dict[str, Any]) -> dict[str, Any]:
    """Our own field names and news-please / CC-News ones, mapped to RawDoc.meta names."""
    author = _first(record, AUTHOR_FIELDS)
    if isinstance(author, list):
        author = ", ".join(str(a) for a in author if a)
    published = _first(record, DATE_FIELDS)
    meta = {
        "title": _first(record, TITLE_FIELDS),
        "published": str(published) if published is not None else None,
        "publisher": _first(record, PUBLISHER_FIELDS),
        "url": record.get("url"),
        "author": author,
        "language": record.get("language"),
    }
    return {k: (str(v) if v is not None else None) for k, v in meta.items()}


def read_jsonl(data: bytes, path: Path, source_id: str) -> Iterator[Item]:
    """One RawDoc per JSON object line; other lines are rejected by number."""
    text = decode(data)
    lines = text.splitlines()
    # a .json file holding one array of records is accepted too
    stripped = text.lstrip()
    if stripped.startswith("[") and path.name.lower().endswith((".json", ".json.gz")):
        try:
            arr = json.loads(text)
            lines = [json.dumps(x) for x in arr] if isinstance(arr, list) else lines
        except json.JSONDecodeError:
            pass
    for no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield Reject(str(path), f"malformed JSON: {str(exc)[:80]}", no)
            continue
        if not isinstance(record, dict):
            yield Reject(str(path), f"record is {type(record).__name__}, not an object", no)
            continue
        body = _first(record, TEXT_FIELDS)
        html = _first(record, HTML_FIELDS)
        if not isinstance(body, str) and not isinstance(html, str):
            yield Reject(str(path), "record has no text", no)
            continue
        rid = record.get("id") or record.get("url")
        sid = str(rid) if rid not in (None, "") else f"{source_id}#{no}"
        meta = record_meta(record)
        if isinstance(body, str) and body.strip():
            if len(body) > int(config.get("max_text_bytes")):
                yield Reject(str(path), f"text too large: {len(body)} characters", no)
                continue
            yield RawDoc(sid, str(path), "jsonl", text=body, meta=meta, record_no=no)
        elif isinstance(html, str) and html.strip():
            try:
                _check_size(html)
                check_html(html)
            except InputError as exc:
                yield Reject(str(path), str(exc), no)
                continue
            yield RawDoc(sid, str(path), "html", html=html, meta=meta, record_no=no)
        else:
            yield Reject(str(path), "record has no text", no)


def read_warc(data: bytes, path: Path, source_id: str) -> Iterator[Item]:
    """HTML responses of a WARC file; other records are skipped (requests, images, JSON)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = False
    no = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            no += 1
            if record.rec_type != "response":
                continue
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue  # images, JSON, scripts: not articles, skipped without a reject
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source_id}#{no}"
            status = record.http_headers.get_statuscode() if record.http_headers else "200"
            if status and not str(status).startswith("2"):
                yield Reject(str(path), f"HTTP status {status}: {uri}", no)
                continue
            date = record.rec_headers.get_header("WARC-Date")
            payload = record.content_stream().read(int(config.get("max_text_bytes")) + 1)
            if len(payload) > int(config.get("max_text_bytes")):
                yield Reject(str(path), f"response too large: {uri}", no)
                continue
            try:
                html = decode(payload)
                check_html(html)
            except InputError as exc:
                yield Reject(str(path), f"{exc}: {uri}", no)
                continue
            found = True
            meta = {"url": uri, "crawled": date}
            yield RawDoc(uri, str(path), "warc", html=html, meta=meta, record_no=no)
    except ArchiveLoadFailed as exc:
        raise InputError(f"not a readable WARC file: {str(exc)[:100]}") from exc
    if not found:
        yield Reject(str(path), "WARC file holds no HTML responses")


def iter_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Item]:
    """Every RawDoc and Reject under the given paths, lazily, in a stable order."""
    for item in iter_files(paths):
        if isinstance(item, Reject):
            yield item
            continue
        path, source_id = item
        yield from read_path(path, source_id)
