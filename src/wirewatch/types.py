"""Records that flow between stages.

Records only, no logic beyond (de)serialisation: every stage takes some of these and returns
others, so a stage can be tested by building its inputs by hand. Character offsets always point
into the text named by the record (an article's ``body`` or one of its ``captions``).

Flow: RawDoc -> Article -> (EventMention, Quote, Claim) per article -> Story (corpus stage)
-> FusedEvent / FusedQuote / FusedClaim / Conflict (corpus stage).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Record:
    """Mixin: ``to_dict()`` gives plain JSON-ready data (nested records become dicts)."""

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(slots=True)
class RawDoc(Record):
    """One input item as a reader found it, before any cleaning.

    ``text`` is set for plain text and JSON records; ``html`` for HTML pages and WARC
    responses. ``meta`` carries whatever metadata the input declared (title, published,
    publisher, url, author, language) under those names.
    """

    source_id: str
    path: str
    format: str  # text | html | jsonl | warc
    text: str | None = None
    html: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    record_no: int | None = None  # line / record number inside a multi-record file


@dataclass(slots=True)
class Reject(Record):
    """An input the pipeline could not use, with the reason, so nothing vanishes silently."""

    path: str
    reason: str
    record_no: int | None = None
    run_id: str | None = None


@dataclass(slots=True)
class RemovedSpan(Record):
    """Text the cleaner dropped from the body, kept for audit (``show --removed``)."""

    text: str
    reason: str  # furniture | byline | caption | dateline | copyright | ...


@dataclass(slots=True)
class Article(Record):
    """A clean article: body without furniture, captions apart, inferred metadata."""

    id: str
    source_id: str
    body: str
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    language: str | None = None
    captions: list[str] = field(default_factory=list)
    dateline: str | None = None
    removed: list[RemovedSpan] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # every source_id that carried this text
    format: str = "text"
    story_id: str | None = None
    duplicate_of: str | None = None
    notes: list[str] = field(default_factory=list)  # e.g. "non-English: NLP stages skipped"


@dataclass(slots=True)
class ActorRef(Record):
    """A resolved actor: canonical name, PLOVER/CAMEO-style country code, sector, role."""

    name: str
    code: str | None = None  # ISO 3166 alpha-3 or organisation code (NATO, EU, ...)
    sector: str | None = None  # GOV, MIL, COP, REB, OPP, CVL, ELI, BUS, MED, IGO, ...
    role: str | None = None  # e.g. "foreign minister"


@dataclass(slots=True)
class Support(Record):
    """Where a record comes from: one sentence of one article, with offsets into its text."""

    article_id: str
    sentence: str
    start: int
    end: int
    caption: bool = False
    caption_index: int | None = None  # which caption, when caption is True
    publisher: str | None = None


@dataclass(slots=True)
class EventMention(Record):
    """One coded political event as one sentence of one article reports it."""

    id: str
    article_id: str
    event: str  # one of PLOVER's 16 types
    actor: list[ActorRef]
    recipient: list[ActorRef]
    support: Support
    mode: str | None = None
    cameo_root: str | None = None
    quad: int | None = None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    intensity: float | None = None
    intensity_scale: str = "plover-intensity"
    date: str | None = None
    date_basis: str | None = None  # how the date was found: "weekday", "explicit", "published", ...
    location: str | None = None
    status: str = "asserted"  # asserted | negated | denied | hypothetical | future | historical
    trigger: str | None = None
    story_id: str | None = None


@dataclass(slots=True)
class Quote(Record):
    """Words attributed to a speaker: direct, partial or indirect."""

    id: str
    article_id: str
    text: str
    kind: str  # direct | partial | indirect
    speaker: ActorRef | None
    support: list[Support]
    verb: str | None = None
    story_id: str | None = None


@dataclass(slots=True)
class Claim(Record):
    """A numeric statement and what it counts ("well over 130,000 troops")."""

    id: str
    article_id: str
    value: float
    text: str  # the number as written
    support: list[Support]
    unit: str | None = None  # counted noun or unit ("troops", "percent", "people killed")
    qualifier: str | None = None  # well over | about | at least | up to | ...
    subject: str | None = None
    speaker: ActorRef | None = None
    date: str | None = None
    story_id: str | None = None


@dataclass(slots=True)
class Story(Record):
    """Articles about one real-world happening, possibly across outlets and days."""

    id: str
    title: str
    article_ids: list[str]
    publishers: list[str]
    first_published: str | None = None
    last_published: str | None = None


@dataclass(slots=True)
class FusedEvent(Record):
    """One real-world event, with every mention (article + sentence) that reports it."""

    id: str
    story_id: str | None
    event: str
    actor: list[ActorRef]
    recipient: list[ActorRef]
    support: list[Support]
    mention_ids: list[str]
    mode: str | None = None
    cameo_root: str | None = None
    quad: int | None = None
    intensity: float | None = None
    date: str | None = None
    location: str | None = None
    status: str = "asserted"


@dataclass(slots=True)
class FusedQuote(Record):
    id: str
    story_id: str | None
    text: str
    kind: str
    speaker: ActorRef | None
    support: list[Support]
    quote_ids: list[str]
    variants: list[str] = field(default_factory=list)
    verb: str | None = None


@dataclass(slots=True)
class FusedClaim(Record):
    id: str
    story_id: str | None
    value: float
    text: str
    support: list[Support]
    claim_ids: list[str]
    unit: str | None = None
    qualifier: str | None = None
    subject: str | None = None
    speaker: ActorRef | None = None
    date: str | None = None


@dataclass(slots=True)
class ConflictSide(Record):
    value: str
    article_ids: list[str]
    publishers: list[str]
    sentences: list[str]


@dataclass(slots=True)
class Conflict(Record):
    """Sources in one story disagree: on a number, on who did something, or on a date."""

    id: str
    story_id: str
    kind: str  # number | actor | date
    about: str  # what is disputed, e.g. "people killed"
    sides: list[ConflictSide]


@dataclass(slots=True)
class ArticleResult(Record):
    """Everything the per-article stages produce for one article."""

    article: Article
    events: list[EventMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
