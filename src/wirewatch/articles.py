"""RawDoc -> Article: cleaning, metadata inference, identity.

An article's id is a hash of its clean body and publisher, so the same text arriving from two
files (or twice from one) is stored once with both sources recorded, while the same wire text
republished by two outlets stays two articles that the copies stage links with ``duplicate_of``.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

from wirewatch import clean, config, metadata
from wirewatch.types import Article, RawDoc, Reject

_WS = re.compile(r"\s+")


def article_id(body: str, publisher: str | None) -> str:
    norm = _WS.sub(" ", body).strip().lower()
    digest = hashlib.sha1(f"{norm}\x00{(publisher or '').lower()}".encode()).hexdigest()
    return "a" + digest[:16]


def normalise_date(value: str | None) -> str | None:
    """Any declared date ('2022-02-21 14:03:00', ISO with zone, '2022-02-21') to YYYY-MM-DD."""
    if not value:
        return None
    value = str(value).strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    for fmt in ("%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%a, %d %b %Y %H:%M:%S %Z",
                "%a, %d %b %Y %H:%M:%S %z", "%Y/%m/%d"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def to_article(raw: RawDoc) -> Article | Reject:
    """Clean one input and infer what it does not declare. Rejects too-short or empty bodies."""
    meta = dict(raw.meta)
    if raw.html is not None:
        cleaned, page_meta = clean.clean_html(raw.html, url=meta.get("url"))
        for key, value in page_meta.items():
            if value and not meta.get(key):
                meta[key] = value
        if meta.get("title") and not cleaned.title:
            cleaned.title = meta["title"]
    else:
        cleaned = clean.clean_text(raw.text or "", title=meta.get("title"))
    body = cleaned.body.strip()
    if not body:
        return Reject(raw.path, "no article text after cleaning", raw.record_no)
    if len(body.split()) < int(config.get("min_words")):
        return Reject(
            raw.path,
            f"too short: {len(body.split())} words after cleaning (min_words={config.get('min_words')})",
            raw.record_no,
        )
    language = meta.get("language") or metadata.detect_language(body)
    language = (language or "").split("-")[0].lower() or None
    publisher = metadata.infer_publisher(
        body, cleaned.captions, url=meta.get("url"), declared=meta.get("publisher"),
        removed=cleaned.removed, agency=cleaned.agency, masthead=cleaned.masthead)
    published = metadata.infer_published(
        body, cleaned.captions, dateline=cleaned.dateline_text or cleaned.dateline,
        declared=normalise_date(meta.get("published")), removed=cleaned.removed)
    notes = []
    if language and language != config.get("language"):
        notes.append(f"non-English ({language}): NLP stages skipped")
    return Article(
        id=article_id(body, publisher),
        source_id=raw.source_id,
        body=body,
        title=cleaned.title or meta.get("title"),
        publisher=publisher,
        author=meta.get("author") or metadata.author_from_byline(cleaned.byline),
        published=published,
        url=meta.get("url"),
        language=language,
        captions=list(cleaned.captions),
        dateline=cleaned.dateline,
        removed=list(cleaned.removed),
        sources=[raw.source_id],
        format=raw.format,
        notes=notes,
    )
