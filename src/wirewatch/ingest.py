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
def _check_file(path: Path) -> int:
    """The file's size, after the checks every reader shares: readable, not empty, not huge."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot stat: {exc.strerror or exc}") from exc
    if size == 0:
        raise InputError("empty file")
    if size > int(config.get("max_file_bytes")):
        raise InputError(f"file too large: {size} bytes")
    return size


def _open(path: Path) -> io.BufferedReader:
    try:
        return open(path, "rb")
    except PermissionError as exc:
        raise InputError("unreadable: permission denied") from exc
    except OSError as exc:
        raise InputError(f"unreadable: {exc.strerror or exc}") from exc


def read_bytes(path: Path) -> bytes:
    """The whole file's bytes, decompressed when gzip, bounded against bombs and huge files.

    Used for single-article files (text, HTML). Multi-record formats (JSON Lines, WARC) are
    streamed instead, so their memory does not grow with the file.
    """
    size = _check_file(path)
    try:
        with _open(path) as fh:
            head = fh.read(2)
            fh.seek(0)
            if head == b"\x1f\x8b":
                return _gunzip_bounded(fh)
            if size > int(config.get("max_decompressed_bytes")):
                raise InputError(f"file too large for a single article: {size} bytes")
            return fh.read()
    except OSError as exc:
        raise InputError(f"unreadable: {exc.strerror or exc}") from exc


_CHUNK = 1 << 18  # bytes read (or inflated) at a time


def _gunzip_bounded(fh: io.BufferedReader) -> bytes:
    out = b"".join(_chunks(fh, gz=True))
    if not out:
        raise InputError("empty file (after decompression)")
    return out


def _chunks(fh: io.BufferedReader, gz: bool) -> Iterator[bytes]:
    """A file's bytes, inflated when ``gz``, 256 kB at a time.

    Inflated bytes are counted against ``max_decompressed_bytes``: a gzip bomb stops at the
    limit instead of filling memory or disk.
    """
    limit = int(config.get("max_decompressed_bytes"))
    stream: Any = gzip.GzipFile(fileobj=fh) if gz else fh
    total = 0
    try:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if gz and total > limit:
                raise InputError(f"decompressed size exceeds {limit} bytes (gzip bomb or oversized archive)")
            yield chunk
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"corrupt gzip data: {exc}") from exc


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
    """All items of one file. Never raises: problems become Rejects.

    A failure part-way through a multi-record file (corrupt gzip tail, size limit) yields the
    records read so far and then one Reject for the file: nothing read is lost, and the reason
    names the file.
    """
    name = path.name.lower()
    try:
        if ".warc" in name:
            yield from read_warc_file(path, source_id)
            return
        if name.endswith(_JSONL_NAMES):
            yield from read_jsonl_file(path, source_id)
            return
        data = read_bytes(path)
        if _HTML_START.match(data[:4096]) or name.endswith((".html", ".htm", ".html.gz", ".htm.gz")):
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


_JSONL_NAMES = (".jsonl", ".jsonl.gz", ".ndjson", ".json", ".json.gz", ".ndjson.gz")


class _LineTooLong:
    """Marker for a line over the length bound; its bytes were skipped, not kept."""


def _line_limit() -> int:
    # a record holds up to max_text_bytes characters, up to 4 bytes each once encoded, plus metadata
    return 4 * int(config.get("max_text_bytes")) + (1 << 20)


def _iter_lines(fh: io.BufferedReader, gz: bool) -> Iterator[bytes | _LineTooLong]:
    """Lines of a (gzipped) stream read a chunk at a time: memory is one chunk plus one line.

    A line longer than a record can be is skipped to its end and reported, never accumulated.
    """
    max_line = _line_limit()
    buf = b""
    skipping = False
    empty = True
    for chunk in _chunks(fh, gz):
        empty = False
        parts = (buf + chunk).split(b"\n")
        buf = parts.pop()
        for part in parts:
            if skipping:
                skipping = False
                yield _LineTooLong()
                continue
            yield part
        if len(buf) > max_line:
            skipping, buf = True, b""
    if empty:
        raise InputError("empty file (after decompression)")
    if skipping:
        yield _LineTooLong()
    elif buf:
        yield buf


def read_jsonl_file(path: Path, source_id: str) -> Iterator[Item]:
    """A JSON Lines file (plain or gzip), streamed line by line.

    Two shapes need the whole text and take the bounded whole-file path: a ``.json`` file
    holding one array of records, and UTF-16 text (its newlines are two bytes wide).
    """
    _check_file(path)
    with _open(path) as fh:
        gz = fh.read(2) == b"\x1f\x8b"
        fh.seek(0)
        head = next(_chunks(fh, gz), b"")[:8192]
        fh.seek(0)
        whole = head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
            b"\x00" in head and _utf16_parity(head) is not None
        ) or (head.lstrip().startswith(b"[") and path.name.lower().endswith((".json", ".json.gz")))
        if whole:
            yield from read_jsonl(read_bytes(path), path, source_id)
            return
        if head and looks_binary(head):
            raise InputError("binary content, not text")
        yield from _records(_decoded_lines(_iter_lines(fh, gz)), path, source_id)


def _decoded_lines(lines: Iterable[bytes | _LineTooLong]) -> Iterator[str | InputError]:
    for no, raw in enumerate(lines, start=1):
        if isinstance(raw, _LineTooLong):
            yield InputError(f"line longer than {_line_limit()} bytes")
            continue
        if no == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        raw = raw.rstrip(b"\r")
        if not raw.strip():
            yield ""
            continue
        try:
            yield _decode_line(raw)
        except InputError as exc:
            yield exc


def _decode_line(raw: bytes) -> str:
    """One JSON line: UTF-8, else cp1252, else latin-1 (a line is too short for detection)."""
    if b"\x00" in raw:
        raise InputError("binary content, not text (NUL bytes)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read_jsonl(data: bytes, path: Path, source_id: str) -> Iterator[Item]:
    """One RawDoc per JSON object line of an in-memory file; other lines rejected by number."""
    text = decode(data)
    lines: list[str | InputError] = list(text.splitlines())
    # a .json file holding one array of records is accepted too
    stripped = text.lstrip()
    if stripped.startswith("[") and path.name.lower().endswith((".json", ".json.gz")):
        try:
            arr = json.loads(text)
            lines = [json.dumps(x) for x in arr] if isinstance(arr, list) else lines
        except json.JSONDecodeError:
            pass
    yield from _records(lines, path, source_id)


def _records(lines: Iterable[str | InputError], path: Path, source_id: str) -> Iterator[Item]:
    for no, line in enumerate(lines, start=1):
        if isinstance(line, InputError):
            yield Reject(str(path), str(line), no)
            continue
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


def read_warc_file(path: Path, source_id: str) -> Iterator[Item]:
    """A WARC / WARC.gz file streamed record by record (warcio inflates each gzip member)."""
    _check_file(path)
    with _open(path) as fh:
        yield from read_warc(fh, path, source_id)


def read_warc(data: bytes | io.BufferedReader, path: Path, source_id: str) -> Iterator[Item]:
    """HTML responses of a WARC file; other records are skipped (requests, images, JSON)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = False
    no = 0
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        for record in ArchiveIterator(stream):
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
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"corrupt WARC data: {str(exc)[:100]}") from exc
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
