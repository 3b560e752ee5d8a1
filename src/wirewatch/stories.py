"""Streaming story clustering: each article joins an open story or opens a new one.

Why streaming (single pass, never recomputed): a news store grows by batches for ever; an offline
clustering would redo all of it on every run and renumber stories under the user's feet. Here an
article is compared, once, with the stories open at its publication date, joins the best one when
the similarity clears ``story_threshold``, and is never moved afterwards. The same input order
always gives the same story ids (``"s"`` + a hash of the story's first article id).

The similarity of an article to an open story (``StoryClusterer`` spells out the formula)
combines these signals:

* words of the body and (with ``story_title_weight`` extra counts) of the headline, tf-idf
  weighted with IDF statistics kept incrementally over the whole stream in a fixed-size hashed
  table (so the table never grows);
* "specific" terms in a channel of their own (``story_entity_share`` of the score): mid-sentence
  capitalised names, numbers, and the actor codes/names and places the events stage found. Two
  events of the same kind (two rehab check-ins, two earthquakes) share their vocabulary; what
  tells them apart is who, where and how many;
* how a story is compared (``story_link``): a centroid grows towards what its members share, the
  topic, so a pure centroid cosine lets the first article of a similar event in; the mean
  similarity to the members asks for the specifics the members carry. The default blends both;
* time: ``story_day_penalty`` per day since the story's last article (``story_quiet_penalty``
  per day beyond ``story_quiet_days``); a story quiet for more than ``story_window_days`` is closed
  and evicted, so the same kind of event weeks later opens a new story. Undated articles fall back
  on the latest year they mention (``story_year_penalty``);
* coverage: when several outlets wrote their own articles on the story's last day, that day's
  happening is well pinned down, and an article on a later day pays ``story_burst_penalty`` per
  extra outlet (at most two): a follow-up about the same people is often a new happening. This is
  what stops a chain of daily stories on one theme (a war, a bill) from merging into one, while a
  story told once a day by one outlet still runs over days. An outlet's second article on the same
  day pays ``story_publisher_penalty``.

Why it stays flat per article: an inverted index maps each term to the open stories whose
(truncated) centroid contains it, so only stories sharing a weighted term are scored; centroids
keep their ``_CENTROID_TERMS`` heaviest terms; open stories are bounded by the window and by
``story_max_open`` (undated streams). The optional ``semantic`` mode mixes in a sentence
embedding cosine (see ``wirewatch.semantic``).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import heapq
import json
import math
import re
import struct
import unicodedata
import zlib
from collections import OrderedDict, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from wirewatch import config
from wirewatch.copies import CopyIndex
from wirewatch.copies import day_ordinal as _day
from wirewatch.store import Store, replace_stories, set_state
from wirewatch.types import Story

if TYPE_CHECKING:  # pragma: no cover
    import duckdb

_HASH_BITS = 20  # 1M IDF buckets (4 MB): collisions only ever merge two rare terms
_HASH_MASK = (1 << _HASH_BITS) - 1
_ARTICLE_TERMS = 200  # heaviest terms kept per article vector (bounds cost on long texts)
_CENTROID_TERMS = 400  # heaviest terms kept per story centroid
_BODY_WORDS = 600  # words of the body read; the lead carries the event, the tail background
_MAX_POSTING_SCAN = 3000  # most stories scored through one term (its most recent ones)
_QUERY_TERMS = 25  # heaviest article terms used to find candidate stories
_RESCORE = 12  # candidates scored exactly
_STATE_MAGIC = b"WWSTORY1\n"
_BURST_CAP = 2  # most extra outlets counted by the burst penalty

_TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.:]*\d|\d")
_SENT_END = re.compile(r"[.!?:;\"“”'‘’()\[\]\n]\s*$")
_STOP = frozenset(STOP_WORDS) | {  # spaCy's list: unlike scikit-learn's it keeps "fire", "bill"
    "said", "says", "say", "told", "according", "also", "would", "could", "new", "year", "years",
    "mr", "mrs", "ms", "just", "like", "including", "percent", "people", "time", "week",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
# Capitalised words that are not names even in mid-sentence.
_NOT_NAMES = frozenset({
    "i", "the", "a", "an", "he", "she", "it", "they", "we", "you", "his", "her", "their", "but",
    "and", "or", "in", "on", "at", "of", "for", "to", "by", "with", "from", "as", "this", "that",
    "mr", "mrs", "ms", "dr", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "ap", "reuters", "cnn",
})


@dataclass(slots=True)
class StoryInput:
    """What the clusterer needs to know about one article."""

    id: str
    title: str | None
    body: str
    published: str | None = None  # YYYY-MM-DD
    publisher: str | None = None
    actors: list[str] = field(default_factory=list)  # actor codes / names (events stage)
    places: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------- features
@lru_cache(maxsize=1 << 16)  # frequent terms; a bounded cache keeps RSS flat on long streams
def _bucket(term: str) -> int:
    # crc32 is deterministic across processes, unlike hash().
    return zlib.crc32(term.encode()) & _HASH_MASK


def _stem(word: str) -> str:
    """A very light plural/possessive fold: enough to match 'quakes' with 'quake'."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _norm_number(tok: str) -> str:
    return tok.replace(",", "").rstrip(".")


def _is_title_case(title: str) -> bool:
    words = [w for w in title.split() if w[:1].isalpha()]
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) / len(words) > 0.6


def term_counts(
    title: str | None,
    body: str,
    actors: list[str] | None = None,
    places: list[str] | None = None,
    title_weight: float = 2.0,
) -> tuple[dict[str, float], set[str]]:
    """Term counts of one article and which of its terms are "specific" (names, numbers, actors).

    Word terms are lower-cased, stop-word filtered and lightly stemmed; a name or number also
    yields its word term, so the same surname matches whether or not it was seen capitalised.
    """
    counts: dict[str, float] = defaultdict(float)
    specific: set[str] = set()

    def scan(text: str, weight: float, names: bool) -> None:
        for m in _TOKEN.finditer(text):
            tok = m.group()
            if tok[0].isdigit():
                num = _norm_number(tok)
                if len(num) < 2 and not num.isdigit():
                    continue
                term = "#" + num
                counts[term] += weight
                specific.add(term)
                continue
            low = tok.lower().strip("'’-")
            if len(low) < 2 or low in _STOP:
                continue
            term = _stem(low)
            counts[term] += weight
            if names and tok[0].isupper() and low not in _NOT_NAMES:
                before = text[max(0, m.start() - 3) : m.start()]
                if m.start() > 0 and not _SENT_END.search(before):
                    specific.add(term)

    clipped = " ".join(body.split()[:_BODY_WORDS]) if body else ""
    scan(clipped, 1.0, names=True)
    if title and title_weight > 0:
        scan(title, title_weight, names=not _is_title_case(title))
    for a in actors or []:
        a = unicodedata.normalize("NFKC", a).strip().lower()
        if a:
            counts["@a:" + a] += 1.0
            specific.add("@a:" + a)
    for p in places or []:
        p = unicodedata.normalize("NFKC", p).strip().lower()
        if p:
            counts["@p:" + p] += 1.0
            specific.add("@p:" + p)
    return counts, specific


_YEAR = re.compile(r"\b(19[0-9]{2}|20[0-9]{2})\b")


def latest_year(item: StoryInput) -> int | None:
    """The latest year an article mentions: a rough time anchor for an undated article."""
    years = [int(y) for y in _YEAR.findall(f"{item.title or ''} {item.body[:6000]}")]
    return max(years) if years else None


def _date(day: int | None) -> str | None:
    return None if day is None else dt.date.fromordinal(day).isoformat()


def story_id_for(first_article_id: str) -> str:
    return "s" + hashlib.sha1(first_article_id.encode()).hexdigest()[:15]


# ---------------------------------------------------------------------- open story
@dataclass(slots=True)
class _Open:
    """An open story: the record plus what the index needs to compare with it."""

    id: str
    title: str
    title_score: float
    article_ids: list[str]
    publishers: list[str]
    first_day: int | None
    last_day: int | None
    centroid: dict[int, float]  # bucket -> summed unit-vector weight (all terms)
    norm: float
    ecentroid: dict[int, float]  # the same over specific terms (names, numbers, actors, places)
    enorm: float
    n_vec: int  # articles whose vectors were summed into the centroids
    updated: int  # stream position of the last article (for the open-story cap)
    emb: list[float] | None = None  # summed unit embeddings (semantic mode)
    years: list[int] = field(default_factory=list)  # latest year each undated member mentions
    day_publishers: list[str] = field(default_factory=list)  # outlets with their own article on last_day

    def record(self) -> Story:
        return Story(
            id=self.id,
            title=self.title,
            article_ids=list(self.article_ids),
            publishers=list(self.publishers),
            first_published=_date(self.first_day),
            last_published=_date(self.last_day),
        )


class StoryClusterer:
    """Assigns articles, in publication order, to stories; see the module docstring.

    The similarity of an article to an open story is

        (1 - s) * ((1 - e) * link(words) + e * link(specific terms)) + s * cos(embeddings)
        - time penalty (``_time_penalty``: days since the story's last article, outlets that
          covered its last day, the same outlet twice on one day)
        - year_penalty, when both are undated and the years they mention are 2+ apart

    with e = ``entity_share``, s = ``semantic_share`` (0 unless ``semantic``), and ``link`` the
    blend of centroid cosine and mean similarity to the members set by ``link`` (see
    ``_denom``). The article joins the most similar open story in the window when that clears
    ``threshold``; otherwise it opens a new story.
    """

    def __init__(
        self,
        threshold: float | None = None,
        window_days: int | None = None,
        semantic: bool = False,
        title_weight: float | None = None,
        entity_share: float | None = None,
        day_penalty: float | None = None,
        max_open: int | None = None,
        semantic_share: float | None = None,
        link: float | None = None,
        year_penalty: float | None = None,
        quiet_days: int | None = None,
        quiet_penalty: float | None = None,
        publisher_penalty: float | None = None,
        burst_penalty: float | None = None,
    ):
        self.semantic = bool(semantic)
        default_threshold = "story_semantic_threshold" if self.semantic else "story_threshold"
        self.threshold = float(config.get(default_threshold) if threshold is None else threshold)
        self.window_days = int(
            config.get("story_window_days") if window_days is None else window_days
        )
        self.title_weight = float(
            config.get("story_title_weight") if title_weight is None else title_weight
        )
        self.entity_share = float(
            config.get("story_entity_share") if entity_share is None else entity_share
        )
        self.day_penalty = float(
            config.get("story_day_penalty") if day_penalty is None else day_penalty
        )
        self.max_open = int(config.get("story_max_open") if max_open is None else max_open)
        self.semantic_share = float(
            config.get("story_semantic_share") if semantic_share is None else semantic_share
        ) if self.semantic else 0.0
        self.link = float(config.get("story_link") if link is None else link)
        self.year_penalty = float(
            config.get("story_year_penalty") if year_penalty is None else year_penalty
        )
        self.quiet_days = int(config.get("story_quiet_days") if quiet_days is None else quiet_days)
        self.quiet_penalty = float(
            config.get("story_quiet_penalty") if quiet_penalty is None else quiet_penalty
        )
        self.publisher_penalty = float(
            config.get("story_publisher_penalty") if publisher_penalty is None
            else publisher_penalty
        )
        self.burst_penalty = float(
            config.get("story_burst_penalty") if burst_penalty is None else burst_penalty
        )
        self._year: int | None = None  # time anchor of the undated article being added
        self._publisher: str | None = None  # publisher of the article being added
        self._df = np.zeros(1 << _HASH_BITS, dtype=np.int32)
        self._n_docs = 0
        self._open: OrderedDict[str, _Open] = OrderedDict()  # least recently updated first
        self._postings: dict[int, dict[str, None]] = {}  # bucket -> open story ids (ordered)
        self._by_day: list[tuple[int, str]] = []  # heap of (last_day, story id), lazy
        self._latest_day: int | None = None
        self._pos = 0
        # Stories changed since take_touched(): None while open (the record is built on demand),
        # the final record once closed. Emptied by every take_touched(), so it stays small.
        self._touched: dict[str, Story | None] = {}
        self._encoder: Any = None

    # ------------------------------------------------------------------ public API
    def add(self, item: StoryInput, embedding: np.ndarray | None = None) -> str:
        """Assign one article; returns the id of the story it joined or opened.

        ``embedding`` (semantic mode) lets a caller pass a precomputed unit embedding, e.g. one
        encoded in a batch; otherwise the article is encoded here.
        """
        self._pos += 1
        day = _day(item.published)
        if day is not None and (self._latest_day is None or day > self._latest_day):
            self._latest_day = day
            self._evict_stale()
        wv, ev = self._vector(item)
        self._year = latest_year(item) if day is None and self.year_penalty else None
        self._publisher = item.publisher
        emb = None
        if self.semantic:
            emb = embedding if embedding is not None else self._embed(item)
        best_id, best_sim = self._best(wv, ev, emb, day)
        if best_id is not None and best_sim >= self.threshold:
            story = self._open[best_id]
            self._join(story, item, wv, ev, emb, day)
        else:
            story = self._new(item, wv, ev, emb, day)
        self._touched[story.id] = None
        return story.id

    def attach(self, item: StoryInput, story_id: str) -> bool:
        """Add an article to a known open story without comparing (e.g. a copy of a member).

        The centroid is not changed (a copy adds no new evidence). Returns False when the story
        is no longer open; the caller then records the membership itself.
        """
        story = self._open.get(story_id)
        if story is None:
            return False
        self._pos += 1
        day = _day(item.published)
        story.article_ids.append(item.id)
        if item.publisher and item.publisher not in story.publishers:
            story.publishers.append(item.publisher)
        self._stretch(story, day)  # a copy is not an outlet's own coverage
        self._touched[story.id] = None
        return True

    def stories(self) -> list[Story]:
        """Records of the open stories, then those closed since ``take_touched`` last ran."""
        out = {sid: s.record() for sid, s in self._open.items()}
        for sid, rec in self._touched.items():
            if rec is not None:
                out.setdefault(sid, rec)
        return list(out.values())

    def take_touched(self) -> list[Story]:
        """Story records changed since the last call (including stories closed meanwhile)."""
        records = [self._open[sid].record() if sid in self._open else rec
                   for sid, rec in self._touched.items()]
        self._touched = {}
        return [rec for rec in records if rec is not None]

    def closed_record(self, story_id: str) -> Story | None:
        """The record of a story closed since ``take_touched`` last ran (not yet written)."""
        return self._touched.get(story_id)

    def open_count(self) -> int:
        return len(self._open)

    def is_open(self, story_id: str) -> bool:
        return story_id in self._open

    # ------------------------------------------------------------------ similarity
    def _idf(self, buckets: np.ndarray) -> np.ndarray:
        n = self._n_docs
        return np.log((n + 1.0) / (self._df[buckets] + 1.0)) + 1.0

    def _vector(self, item: StoryInput) -> tuple[dict[int, float], dict[int, float]]:
        """Unit tf-idf vectors of the article: all terms, and specific terms only.

        Also counts the article into the document frequencies (before weighting, so a term
        seen for the first time gets the highest IDF, not an infinite one).
        """
        counts, specific = term_counts(
            item.title, item.body, item.actors, item.places, self.title_weight
        )
        self._n_docs += 1
        if not counts:
            return {}, {}
        merged: dict[int, float] = {}
        spec: set[int] = set()
        for term, c in counts.items():
            b = _bucket(term)
            merged[b] = merged.get(b, 0.0) + c
            if term in specific:
                spec.add(b)
        buckets = np.fromiter(merged.keys(), dtype=np.int64, count=len(merged))
        self._df[buckets] += 1
        tf = 1.0 + np.log(np.fromiter(merged.values(), dtype=np.float64, count=len(merged)))
        w = tf * self._idf(buckets)
        if len(w) > _ARTICLE_TERMS:
            keep = np.sort(np.argsort(-w, kind="stable")[:_ARTICLE_TERMS])
            buckets, w = buckets[keep], w[keep]
        wv = _unit(dict(zip(buckets.tolist(), w.tolist(), strict=True)))
        ev = _unit({b: x for b, x in zip(buckets.tolist(), w.tolist(), strict=True) if b in spec})
        return wv, ev

    def _time_penalty(self, story: _Open, day: int) -> float:
        """Similarity lost to time and coverage (dated article and story).

        Per day of silence up to ``quiet_days``, a steeper rate beyond (a story quiet that long
        has usually moved on); on a later day, per extra outlet that covered the story's last
        day (``burst_penalty``); on the same day, when this outlet already wrote the story up.
        """
        assert story.last_day is not None
        gap = abs(day - story.last_day)
        near = min(gap, self.quiet_days)
        pen = self.day_penalty * near + self.quiet_penalty * (gap - near)
        if (self.publisher_penalty and self._publisher and gap == 0
                and self._publisher in story.day_publishers):
            pen += self.publisher_penalty
        if gap and self.burst_penalty:
            pen += self.burst_penalty * min(max(0, len(story.day_publishers) - 1), _BURST_CAP)
        return pen

    def _best(
        self, wv: dict[int, float], ev: dict[int, float], emb: np.ndarray | None, day: int | None,
    ) -> tuple[str | None, float]:
        """The most similar open story in the window, and its similarity.

        Two steps keep the cost flat: a partial dot product over the postings of the article's
        ``_QUERY_TERMS`` heaviest terms ranks the candidates, then only the best
        ``_RESCORE`` are scored exactly (all terms, specific terms, embedding, time).
        """
        query = heapq.nlargest(_QUERY_TERMS, wv.items(), key=lambda kv: (kv[1], -kv[0]))
        partial: dict[str, float] = {}
        for b, w in query:
            posting = self._postings.get(b)
            if not posting:
                continue
            ids = posting if len(posting) <= _MAX_POSTING_SCAN else list(posting)[-_MAX_POSTING_SCAN:]
            for sid in ids:
                partial[sid] = partial.get(sid, 0.0) + w * self._open[sid].centroid[b]
        ranked = []
        for sid, dot in partial.items():
            story = self._open[sid]
            if self._in_window(story, day):
                ranked.append((dot / self._denom(story.norm, story.n_vec), sid))
        e, sem = self.entity_share, self.semantic_share
        best_id, best = None, -math.inf
        for _, sid in heapq.nlargest(_RESCORE, ranked):
            story = self._open[sid]
            cen = story.centroid
            dot = sum(w * cen.get(b, 0.0) for b, w in wv.items())
            sim = dot / self._denom(story.norm, story.n_vec)
            if e:
                ecen = story.ecentroid
                edot = sum(w * ecen.get(b, 0.0) for b, w in ev.items())
                sim = (1 - e) * sim + e * edot / self._denom(story.enorm, story.n_vec)
            if sem and emb is not None and story.emb is not None:
                se = np.asarray(story.emb, dtype=np.float64)
                sn = float(np.linalg.norm(se)) or 1.0
                sim = (1 - sem) * sim + sem * float(np.dot(emb, se)) / sn
            if day is not None and story.last_day is not None:
                sim -= self._time_penalty(story, day)
            elif self._year is not None and story.years:
                if min(abs(self._year - y) for y in story.years) >= 2:
                    sim -= self.year_penalty
            # Ties go to the smaller id (deterministic, independent of dict order).
            if sim > best or (sim == best and best_id is not None and sid < best_id):
                best_id, best = sid, sim
        return best_id, best

    def _denom(self, norm: float, n: int) -> float:
        """Centroid cosine (link 0) or mean similarity to the members (link 1), or between.

        A centroid grows towards what its members share, the topic, so a cosine with it rewards
        an article of the same kind of event; the mean similarity to the members instead asks
        for the specifics each member carries, which is what keeps two similar events apart.
        """
        if not norm:
            return 1.0
        return norm ** (1 - self.link) * max(n, 1) ** self.link

    def _in_window(self, story: _Open, day: int | None) -> bool:
        if day is None:
            return True
        if story.last_day is not None and day - story.last_day > self.window_days:
            return False
        if story.first_day is not None and story.first_day - day > self.window_days:
            return False
        return True

    # ------------------------------------------------------------------ updates
    def _new(self, item: StoryInput, wv: dict[int, float], ev: dict[int, float], emb: Any,
             day: int | None) -> _Open:
        sid = story_id_for(item.id)
        n = 1
        while sid in self._open or sid in self._touched:  # the same first id twice: still unique
            sid = story_id_for(f"{item.id}#{n}")
            n += 1
        story = _Open(
            id=sid,
            title=(item.title or _first_words(item.body)),
            title_score=0.0,
            article_ids=[item.id],
            publishers=[item.publisher] if item.publisher else [],
            first_day=day,
            last_day=day,
            centroid={},
            norm=0.0,
            ecentroid={},
            enorm=0.0,
            n_vec=1 if wv else 0,
            updated=self._pos,
            emb=None if emb is None else [float(x) for x in emb],
        )
        self._open[sid] = story
        if self._year is not None:
            story.years.append(self._year)
        self._set_centroid(story, dict(wv), dict(ev))
        if item.publisher:
            story.day_publishers.append(item.publisher)
        story.title_score = self._title_fit(story, item)
        if day is not None:
            heapq.heappush(self._by_day, (day, sid))
        while len(self._open) > self.max_open:
            self._close(next(iter(self._open)))
        return story

    def _join(self, story: _Open, item: StoryInput, wv: dict[int, float], ev: dict[int, float],
              emb: Any, day: int | None) -> None:
        merged = dict(story.centroid)
        for b, w in wv.items():
            merged[b] = merged.get(b, 0.0) + w
        emerged = dict(story.ecentroid)
        for b, w in ev.items():
            emerged[b] = emerged.get(b, 0.0) + w
        self._set_centroid(story, merged, emerged)
        if self._year is not None and self._year not in story.years and len(story.years) < 16:
            story.years.append(self._year)
        if wv:
            story.n_vec += 1
        story.article_ids.append(item.id)
        if item.publisher and item.publisher not in story.publishers:
            story.publishers.append(item.publisher)
        if emb is not None:
            base = story.emb or [0.0] * len(emb)
            story.emb = [a + float(b) for a, b in zip(base, emb, strict=True)]
        # The representative headline: the member headline closest to the story's centroid.
        if item.title:
            fit = self._title_fit(story, item)
            if fit > story.title_score:
                story.title, story.title_score = item.title, fit
        self._stretch(story, day, item.publisher)

    def _stretch(self, story: _Open, day: int | None, publisher: str | None = None) -> None:
        story.updated = self._pos
        self._open.move_to_end(story.id)
        if day is None:
            return
        if story.first_day is None or day < story.first_day:
            story.first_day = day
        if story.last_day is None or day > story.last_day:
            story.last_day = day
            story.day_publishers = []
            heapq.heappush(self._by_day, (day, story.id))
        if publisher and day == story.last_day and publisher not in story.day_publishers:
            story.day_publishers.append(publisher)

    def _title_fit(self, story: _Open, item: StoryInput) -> float:
        if not item.title:
            return -1.0
        counts, _ = term_counts(item.title, "", title_weight=1.0)
        keys = {_bucket(t) for t in counts}
        if not keys:
            return -1.0
        got = sum(story.centroid.get(b, 0.0) for b in keys)
        return got / (story.norm or 1.0) / math.sqrt(len(keys))

    def _set_centroid(self, story: _Open, merged: dict[int, float],
                      emerged: dict[int, float]) -> None:
        merged = _top(merged, _CENTROID_TERMS)
        emerged = _top(emerged, _CENTROID_TERMS // 2)
        old = story.centroid
        for b in old.keys() - merged.keys():
            posting = self._postings.get(b)
            if posting is not None:
                posting.pop(story.id, None)
                if not posting:
                    del self._postings[b]
        for b in sorted(merged.keys() - old.keys()):
            self._postings.setdefault(b, {})[story.id] = None
        story.centroid = merged
        story.norm = math.sqrt(sum(v * v for v in merged.values()))
        story.ecentroid = emerged
        story.enorm = math.sqrt(sum(v * v for v in emerged.values()))

    def _close(self, sid: str) -> None:
        story = self._open.pop(sid, None)
        if story is None:
            return
        for b in story.centroid:
            posting = self._postings.get(b)
            if posting is not None:
                posting.pop(sid, None)
                if not posting:
                    del self._postings[b]
        if sid in self._touched:
            self._touched[sid] = story.record()

    def _evict_stale(self) -> None:
        """Close stories whose last article is older than the window (by the newest date seen)."""
        if self._latest_day is None:
            return
        horizon = self._latest_day - self.window_days
        while self._by_day and self._by_day[0][0] < horizon:
            day, sid = heapq.heappop(self._by_day)
            story = self._open.get(sid)
            if story is not None and story.last_day is not None and story.last_day < horizon:
                self._close(sid)

    # ------------------------------------------------------------------ semantic
    def _embed(self, item: StoryInput) -> np.ndarray | None:
        if self._encoder is None:
            from wirewatch.semantic import Encoder

            self._encoder = Encoder()
        return self._encoder.encode_one(item.title, item.body)

    # ------------------------------------------------------------------ state
    def to_state(self) -> bytes:
        """Everything needed to continue the stream: IDF table, open stories, settings."""
        stories = []
        for s in self._open.values():
            stories.append({
                "id": s.id, "title": s.title, "title_score": s.title_score,
                "article_ids": s.article_ids, "publishers": s.publishers,
                "first_day": s.first_day, "last_day": s.last_day,
                "centroid": [[b, w] for b, w in s.centroid.items()],
                "ecentroid": [[b, w] for b, w in s.ecentroid.items()],
                "n_vec": s.n_vec, "updated": s.updated, "emb": s.emb, "years": s.years,
                "day_publishers": s.day_publishers,
            })
        header = {
            "threshold": self.threshold, "window_days": self.window_days,
            "semantic": self.semantic, "title_weight": self.title_weight,
            "entity_share": self.entity_share, "day_penalty": self.day_penalty,
            "max_open": self.max_open, "semantic_share": self.semantic_share, "link": self.link,
            "year_penalty": self.year_penalty,
            "quiet_days": self.quiet_days, "quiet_penalty": self.quiet_penalty,
            "publisher_penalty": self.publisher_penalty, "burst_penalty": self.burst_penalty,
            "n_docs": self._n_docs, "latest_day": self._latest_day, "pos": self._pos,
            "by_day": self._by_day,
            "stories": stories,
            "touched": {sid: rec.to_dict() if rec else None for sid, rec in self._touched.items()},
        }
        head = json.dumps(header, separators=(",", ":")).encode()
        nz = np.flatnonzero(self._df).astype(np.int32)
        raw = (struct.pack("<QQ", len(head), len(nz)) + head + nz.tobytes()
               + self._df[nz].astype(np.int32).tobytes())
        return _STATE_MAGIC + zlib.compress(raw, 6)

    @classmethod
    def from_state(cls, b: bytes) -> StoryClusterer:
        if not b.startswith(_STATE_MAGIC):
            raise ValueError("not a StoryClusterer state")
        raw = zlib.decompress(b[len(_STATE_MAGIC):])
        n_head, n_nz = struct.unpack("<QQ", raw[:16])
        h = json.loads(raw[16:16 + n_head])
        c = cls(threshold=h["threshold"], window_days=h["window_days"], semantic=h["semantic"],
                title_weight=h["title_weight"], entity_share=h["entity_share"],
                day_penalty=h["day_penalty"], max_open=h["max_open"],
                semantic_share=h["semantic_share"], link=h["link"],
                year_penalty=h["year_penalty"],
                quiet_days=h.get("quiet_days", 0), quiet_penalty=h.get("quiet_penalty", h["day_penalty"]),
                publisher_penalty=h.get("publisher_penalty", 0.0),
                burst_penalty=h.get("burst_penalty", 0.0))
        off = 16 + n_head
        nz = np.frombuffer(raw[off:off + 4 * n_nz], dtype=np.int32)
        vals = np.frombuffer(raw[off + 4 * n_nz:off + 8 * n_nz], dtype=np.int32)
        c._df[nz] = vals
        c._n_docs, c._latest_day, c._pos = h["n_docs"], h["latest_day"], h["pos"]
        for s in h["stories"]:
            story = _Open(
                id=s["id"], title=s["title"], title_score=s["title_score"],
                article_ids=list(s["article_ids"]), publishers=list(s["publishers"]),
                first_day=s["first_day"], last_day=s["last_day"], centroid={}, norm=0.0,
                ecentroid={}, enorm=0.0, n_vec=s["n_vec"], updated=s["updated"], emb=s["emb"],
                years=list(s["years"]),
                day_publishers=list(s.get("day_publishers", [])),
            )
            c._open[story.id] = story
            # Postings are rebuilt in the original insertion order of each centroid, so the
            # posting-scan cap sees the same stories as an uninterrupted run would.
            c._set_centroid(story, {int(k): float(v) for k, v in s["centroid"]},
                            {int(k): float(v) for k, v in s["ecentroid"]})
        c._by_day = [(int(d), str(sid)) for d, sid in h["by_day"]]
        heapq.heapify(c._by_day)
        c._touched = {sid: Story(**rec) if rec else None for sid, rec in h["touched"].items()}
        return c


def _top(vec: dict[int, float], k: int) -> dict[int, float]:
    """The ``k`` heaviest entries (ties by bucket), or all of them."""
    if len(vec) <= k:
        return vec
    return dict(heapq.nlargest(k, vec.items(), key=lambda kv: (kv[1], -kv[0])))


def _unit(vec: dict[int, float]) -> dict[int, float]:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else {}


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


# ---------------------------------------------------------------------- corpus stage
STORY_STATE = "stories.clusterer"
COPY_STATE = "copies.index"


def _load_state(con: duckdb.DuckDBPyConnection, name: str) -> bytes | None:
    row = con.execute("SELECT value FROM corpus_state WHERE name = ?", [name]).fetchone()
    return base64.b64decode(row[0]) if row and row[0] else None


def _save_state(con: duckdb.DuckDBPyConnection, name: str, value: bytes) -> None:
    # corpus_state holds text: the binary state goes in as base64.
    set_state(con, name, base64.b64encode(value).decode("ascii"))


def _ref_names(refs: Any) -> list[str]:
    if isinstance(refs, str):
        try:
            refs = json.loads(refs)
        except ValueError:
            return []
    out = []
    for r in refs or []:
        if isinstance(r, dict):
            name = r.get("code") or r.get("name")
            if name:
                out.append(str(name))
    return out


def _actors_places(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """Actor codes/names and places the events stage found per article (empty when it has not run)."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    if not ids:
        return out
    rows = con.execute(
        "SELECT article_id, actor, recipient, location FROM event_mentions "
        "WHERE article_id IN (SELECT unnest(?)) ORDER BY article_id, id",
        [ids],
    ).fetchall()
    for aid, actor, recipient, location in rows:
        actors, places = out.setdefault(aid, ([], []))
        for name in _ref_names(actor) + _ref_names(recipient):
            if name not in actors:
                actors.append(name)
        if location and location not in places:
            places.append(location)
    return out


def _closed_story(con: duckdb.DuckDBPyConnection, story_id: str) -> Story | None:
    row = con.execute(
        "SELECT id, title, article_ids, publishers, first_published, last_published "
        "FROM stories WHERE id = ?", [story_id]
    ).fetchone()
    if row is None:
        return None
    return Story(id=row[0], title=row[1] or "", article_ids=json.loads(row[2] or "[]"),
                 publishers=json.loads(row[3] or "[]"), first_published=row[4],
                 last_published=row[5])


# Articles read per round trip in the corpus stage: memory is bounded by the chunk, not the run.
CHUNK_ROWS = 2000

# The order articles are clustered in, written once per run into a temporary table: publication
# date (an undated article at the date of the dated article that came before it in the input,
# its neighbour in the stream), then ingestion order, then id. A stream delivers articles roughly
# in time; an article whose date could not be inferred is assumed contemporaneous with what
# arrived just before it, rather than pushed to the end of the stream where every story it
# belongs to has already been closed. Leading undated articles (no dated unassigned article
# before them) take the date of the last dated article ingested before them.
_QUEUE_SQL = """
INSERT INTO _story_queue
WITH u AS (
    SELECT id, NULLIF(published, '') AS pub, seq,
           last_value(NULLIF(published, '') IGNORE NULLS) OVER (
               ORDER BY seq NULLS LAST, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
           ) AS last_u
    FROM articles WHERE story_id IS NULL
), f AS (
    SELECT u.id, u.pub, u.seq, u.last_u,
           CASE WHEN u.pub IS NULL AND u.last_u IS NULL THEN d.published END AS fb
    FROM u ASOF LEFT JOIN (
        SELECT seq, published FROM articles WHERE published IS NOT NULL AND seq IS NOT NULL
    ) d ON u.seq > d.seq
), e AS (
    SELECT id, seq, COALESCE(pub, last_u, first_value(fb IGNORE NULLS) OVER (
               ORDER BY seq NULLS LAST, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
           )) AS eff
    FROM f
)
SELECT row_number() OVER (
           ORDER BY eff IS NULL, COALESCE(eff, ''), COALESCE(seq, 4611686018427387904), id
       ) AS pos, id, eff, seq
FROM e ORDER BY pos
"""


def _queue_unassigned(con: duckdb.DuckDBPyConnection) -> None:
    """Write the clustering order of the unassigned articles (ids only) to ``_story_queue``.

    The queue lives in DuckDB (which spills to disk), not in Python: a run of a million
    articles costs the process one chunk of rows at a time.
    """
    con.execute("CREATE TEMP TABLE IF NOT EXISTS _story_queue "
                "(pos BIGINT, id VARCHAR, eff VARCHAR, seq BIGINT)")
    con.execute("DELETE FROM _story_queue")
    con.execute(_QUEUE_SQL)


def _queued_chunks(con: duckdb.DuckDBPyConnection,
                   chunk: int) -> Iterator[list[tuple[str, str | None, str, str | None, str | None]]]:
    """Chunks of (id, title, body, published, publisher) in queue order (keyset on ``pos``).

    Texts are fetched per chunk by id within the chunk's ``seq`` range, so DuckDB skips the
    row groups outside it (articles are stored in ingestion order) instead of scanning every body.
    """
    pos = 0
    while True:
        page = con.execute(
            "SELECT pos, id, eff, seq FROM _story_queue WHERE pos > ? ORDER BY pos LIMIT ?",
            [pos, chunk],
        ).fetchall()
        if not page:
            return
        pos = page[-1][0]
        seqs = [r[3] for r in page if r[3] is not None]
        texts: dict[str, tuple[Any, ...]] = {}
        if seqs:
            for row in con.execute(
                "SELECT id, title, body, publisher FROM articles WHERE seq BETWEEN ? AND ? "
                "AND id IN (SELECT unnest(?))",
                [min(seqs), max(seqs), [r[1] for r in page if r[3] is not None]],
            ).fetchall():
                texts[row[0]] = row
        if len(seqs) < len(page):
            for row in con.execute(
                "SELECT id, title, body, publisher FROM articles WHERE seq IS NULL "
                "AND id IN (SELECT unnest(?))", [[r[1] for r in page if r[3] is None]],
            ).fetchall():
                texts[row[0]] = row
        yield [(r[1], texts[r[1]][1], texts[r[1]][2] or "", r[2], texts[r[1]][3]) for r in page]


def update_stories(store: Store, semantic: bool | None = None,
                   chunk_rows: int = CHUNK_ROWS) -> list[str]:
    """Corpus stage: mark copies and assign every unassigned article to a story.

    Articles with no story yet are taken in publication order (then ingestion order; an undated
    article at the date of its dated neighbour in the input, see ``_QUEUE_SQL``), ``chunk_rows``
    at a time; each is checked against the copy index (a copy is marked ``duplicate_of`` its
    original and joins the original's story), the rest go through the clusterer. The stories a
    chunk touched are written after it, so memory stays bounded by the chunk; the chunk size
    never changes the result. Story records, article pointers, and both indexes' states are
    written in one transaction, so a kill leaves the store as it was.
    Returns the ids of the stories touched (fusion reruns on those).
    """
    if semantic is None:
        semantic = bool(config.get("story_semantic"))
    chunk_rows = max(1, int(chunk_rows))
    touched_ids: dict[str, None] = {}
    with store.transaction() as con:
        raw = _load_state(con, STORY_STATE)
        clusterer = StoryClusterer.from_state(raw) if raw else StoryClusterer(semantic=semantic)
        raw = _load_state(con, COPY_STATE)
        copies = CopyIndex.from_state(raw) if raw else CopyIndex()
        _queue_unassigned(con)
        encoder: Any = None
        for rows in _queued_chunks(con, chunk_rows):
            extra = _actors_places(con, [r[0] for r in rows])
            items = [
                StoryInput(id=r[0], title=r[1], body=r[2], published=(r[3] or None),
                           publisher=r[4], actors=extra.get(r[0], ([], []))[0],
                           places=extra.get(r[0], ([], []))[1])
                for r in rows
            ]
            embeddings: list[Any] = [None] * len(items)
            if clusterer.semantic:
                from wirewatch.semantic import Encoder, text_for

                encoder = encoder or Encoder()
                embeddings = list(encoder.encode([text_for(it.title, it.body) for it in items]))
            touched = _assign_chunk(con, clusterer, copies, items, embeddings)
            replace_stories(con, touched)
            touched_ids.update((s.id, None) for s in touched)
        con.execute("DROP TABLE IF EXISTS _story_queue")
        if not touched_ids:
            return []
        _save_state(con, STORY_STATE, clusterer.to_state())
        _save_state(con, COPY_STATE, copies.to_state())
    return list(touched_ids)


def _assign_chunk(con: duckdb.DuckDBPyConnection, clusterer: StoryClusterer, copies: CopyIndex,
                  items: list[StoryInput], embeddings: list[Any]) -> list[Story]:
    """Assign one chunk of articles; returns the story records the chunk changed.

    Earlier chunks' assignments are already written, so an original assigned before this chunk
    is found in the store.
    """
    assigned: dict[str, str] = {}
    closed: dict[str, Story] = {}  # stories already closed that a late copy extends
    for item, emb in zip(items, embeddings, strict=True):
        original = copies.add(item.id, item.body, item.published)
        sid = None
        if original is not None:
            con.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", [original, item.id])
            sid = assigned.get(original)
            if sid is None:
                got = con.execute("SELECT story_id FROM articles WHERE id = ?", [original]).fetchone()
                sid = got[0] if got else None
            if sid is not None and not clusterer.attach(item, sid):
                rec = closed.get(sid) or clusterer.closed_record(sid) or _closed_story(con, sid)
                if rec is not None:
                    rec.article_ids.append(item.id)
                    if item.publisher and item.publisher not in rec.publishers:
                        rec.publishers.append(item.publisher)
                    if item.published:
                        day = item.published[:10]
                        rec.first_published = min(filter(None, [rec.first_published, day]))
                        rec.last_published = max(filter(None, [rec.last_published, day]))
                    closed[sid] = rec
                else:
                    sid = None
        if sid is None:
            sid = clusterer.add(item, embedding=emb)
        assigned[item.id] = sid
    touched = clusterer.take_touched()
    seen = {s.id for s in touched}
    return touched + [rec for sid, rec in closed.items() if sid not in seen]
