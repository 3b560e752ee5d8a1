"""RSS / Atom feeds and the pages they link to, fetched politely, as RawDocs or Rejects.

Politeness and bounds: one User-Agent naming the project, a timeout on every request, a size
limit read as a stream (a page over the limit is abandoned, not buffered), a minimum interval
between requests to one host, robots.txt honoured (fetched once per host and cached), redirects
followed only a few times. Every failure is a Reject naming the URL and the reason.
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from wirewatch import __version__
from wirewatch.ingest import InputError, check_html, decode
from wirewatch.types import RawDoc, Reject

USER_AGENT = f"wirewatch/{__version__} (+local news monitor; respects robots.txt)"


class FetchError(Exception):
    """A URL could not be fetched; the message is the reason shown to the user."""


@dataclass
class Fetcher:
    timeout: float = 10.0
    max_bytes: int = 5_000_000
    per_host_interval: float = 1.0
    max_redirects: int = 5
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _client: httpx.Client | None = None

    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                headers={"User-Agent": USER_AGENT},
                timeout=httpx.Timeout(self.timeout),
                follow_redirects=False,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            delay = self.per_host_interval - (time.monotonic() - last)
            if delay > 0:
                time.sleep(delay)
        self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        if base not in self._robots:
            parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
            try:
                status, body, _ = self._get(base + "/robots.txt", check_robots=False, limit=500_000)
                if status == 200:
                    parser.parse(body.decode("utf-8", errors="replace").splitlines())  # type: ignore[union-attr]
                else:
                    parser = None  # no robots.txt: everything allowed
            except FetchError:
                parser = None
            self._robots[base] = parser
        rp = self._robots[base]
        return rp is None or rp.can_fetch(USER_AGENT, url)

    def _get(self, url: str, check_robots: bool = True, limit: int | None = None) -> tuple[int, bytes, str]:
        """(status, body, final url), following a bounded number of redirects."""
        limit = limit or self.max_bytes
        seen = set()
        for _ in range(self.max_redirects + 1):
            if url in seen:
                raise FetchError("redirect loop")
            seen.add(url)
            if urlsplit(url).scheme not in ("http", "https"):
                raise FetchError(f"unsupported URL scheme: {url}")
            if check_robots and not self.allowed(url):
                raise FetchError("disallowed by robots.txt")
            self._wait_turn(urlsplit(url).netloc)
            try:
                with self.client().stream("GET", url) as resp:
                    if resp.is_redirect:
                        location = resp.headers.get("location")
                        if not location:
                            raise FetchError(f"HTTP {resp.status_code} without Location")
                        url = urljoin(url, location)
                        continue
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > limit:
                        raise FetchError(f"too large: {declared} bytes (limit {limit})")
                    body = bytearray()
                    for chunk in resp.iter_bytes():
                        body += chunk
                        if len(body) > limit:
                            raise FetchError(f"too large: over {limit} bytes")
                    return resp.status_code, bytes(body), url
            except httpx.TimeoutException as exc:
                raise FetchError(f"timed out after {self.timeout:g}s") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"network error: {type(exc).__name__}: {exc}") from exc
        raise FetchError(f"too many redirects (more than {self.max_redirects})")

    def fetch(self, url: str) -> bytes:
        status, body, _ = self._get(url)
        if status != 200:
            raise FetchError(f"HTTP {status}")
        return body


def parse_feed(data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(feed info, entries) from RSS or Atom bytes."""
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise FetchError(f"not a readable feed: {parsed.get('bozo_exception')}")
    info = {"title": parsed.feed.get("title"), "link": parsed.feed.get("link")}
    entries = []
    for e in parsed.entries:
        published = None
        for key in ("published_parsed", "updated_parsed"):
            if e.get(key):
                published = time.strftime("%Y-%m-%d", e[key])
                break
        entries.append({"link": e.get("link"), "title": e.get("title"), "published": published,
                        "id": e.get("id") or e.get("link")})
    return info, entries


def feed_items(feed_url: str, fetcher: Fetcher, known: set[str] | None = None) -> list[RawDoc | Reject]:
    """RawDocs for the entries of one feed not yet in ``known`` (URLs), Rejects for failures."""
    known = known or set()
    try:
        info, entries = parse_feed(fetcher.fetch(feed_url))
    except FetchError as exc:
        return [Reject(feed_url, f"feed: {exc}")]
    out: list[RawDoc | Reject] = []
    for entry in entries:
        link = entry.get("link")
        if not link or link in known:
            continue
        try:
            page = fetcher.fetch(link)
            html = decode(page)
            check_html(html)
        except (FetchError, InputError) as exc:
            out.append(Reject(link, str(exc)))
            continue
        meta = {"url": link, "title": entry.get("title"), "published": entry.get("published"),
                "feed": feed_url}
        out.append(RawDoc(source_id=link, path=link, format="html", html=html, meta=meta))
    return out
